//! The formatter round trip on generated ASTs: `parse(fmt(ast)) == ast` and formatting is
//! idempotent. Expression literals are unsigned (a leading `-` in an expression is the
//! unary operator); literal positions (params, score points) take signed values.

use proptest::prelude::*;
use tenderguard::lang::ast::*;
use tenderguard::lang::{fmt, reserved_words};

fn sp<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::default())
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z_][a-z0-9_]{0,6}".prop_filter("reserved", |s| !reserved_words().contains(&s.as_str()))
}

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-z0-9_]{0,6}",
        prop::sample::select(reserved_words()).prop_map(str::to_owned),
    ]
}

fn id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9._-]{0,6}"
}

fn lang_tag() -> impl Strategy<Value = String> {
    "[a-z]{2,8}"
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~]{0,12}"]
}

fn date() -> impl Strategy<Value = Date> {
    (1i16..=9999, 1u8..=12, 1u8..=28).prop_map(|(year, month, day)| Date { year, month, day })
}

fn number(signed: bool) -> impl Strategy<Value = Number> {
    let low = if signed { -1_000_000_000_000i64 } else { 0 };
    (low..1_000_000_000_000i64, 0u8..=4).prop_map(|(units, scale)| Number { units, scale })
}

fn duration(signed: bool) -> impl Strategy<Value = Duration> {
    let low = if signed { -500i64 } else { 0 };
    let units = prop::sample::select(vec![
        DurationUnit::Days,
        DurationUnit::Weeks,
        DurationUnit::Months,
        DurationUnit::Years,
    ]);
    (low..500i64, units).prop_map(|(amount, unit)| Duration { amount, unit })
}

fn literal(signed: bool) -> impl Strategy<Value = Literal> {
    let severity = prop::sample::select(vec![
        Severity::None,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ]);
    prop_oneof![
        text().prop_map(Literal::String),
        number(signed).prop_map(Literal::Number),
        number(signed).prop_map(Literal::Percent),
        any::<bool>().prop_map(Literal::Bool),
        date().prop_map(Literal::Date),
        duration(signed).prop_map(Literal::Duration),
        "[0-9a-z.+-]{1,8}".prop_map(Literal::Version),
        severity.prop_map(Literal::Severity),
    ]
}

fn path() -> impl Strategy<Value = Path> {
    (ident(), prop::collection::vec(field(), 0..3)).prop_map(|(first, rest)| Path {
        segments: std::iter::once(first).chain(rest).map(sp).collect(),
    })
}

fn binop() -> impl Strategy<Value = BinOp> {
    prop::sample::select(vec![
        BinOp::Or,
        BinOp::And,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
        BinOp::In,
        BinOp::Matches,
        BinOp::Satisfies,
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
    ])
}

fn boxed(e: Expr) -> Box<Spanned<Expr>> {
    Box::new(sp(e))
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        literal(false).prop_map(Expr::Lit),
        path().prop_map(Expr::Path)
    ];
    leaf.prop_recursive(5, 48, 4, |inner| {
        let quantifier =
            prop::sample::select(vec![Quantifier::All, Quantifier::Any, Quantifier::None]);
        let aggregate = prop::sample::select(vec![Aggregate::Count, Aggregate::Share]);
        prop_oneof![
            prop::collection::vec(inner.clone().prop_map(sp), 0..3).prop_map(Expr::List),
            (any::<bool>(), inner.clone()).prop_map(|(not, e)| {
                Expr::Unary(if not { UnOp::Not } else { UnOp::Neg }, boxed(e))
            }),
            (binop(), inner.clone(), inner.clone()).prop_map(|(op, l, r)| Expr::Binary(
                op,
                boxed(l),
                boxed(r)
            )),
            (
                ident(),
                prop::collection::vec(inner.clone().prop_map(sp), 0..3)
            )
                .prop_map(|(name, args)| Expr::Call {
                    name: sp(name),
                    args
                }),
            (
                quantifier,
                ident(),
                inner.clone(),
                prop::option::of(inner.clone()),
                inner.clone()
            )
                .prop_map(|(q, var, c, f, b)| Expr::Quant {
                    q,
                    var: sp(var),
                    collection: boxed(c),
                    filter: f.map(boxed),
                    body: boxed(b),
                }),
            (aggregate, ident(), inner.clone(), prop::option::of(inner)).prop_map(
                |(agg, var, c, f)| Expr::Aggregate {
                    agg,
                    var: sp(var),
                    collection: boxed(c),
                    filter: f.map(boxed),
                }
            ),
        ]
    })
}

fn comments() -> impl Strategy<Value = Comments> {
    prop::collection::vec(
        prop_oneof![
            "// [ -~]{0,10}".prop_map(|s| s.trim_end().to_owned()),
            Just("/* block\n   comment */".to_owned()),
        ],
        0..2,
    )
    .prop_map(Comments)
}

fn score_point() -> impl Strategy<Value = ScorePoint> {
    (literal(true), number(true)).prop_map(|(at, score)| ScorePoint {
        at: sp(at),
        score: sp(score),
    })
}

fn entry() -> impl Strategy<Value = ClauseEntry> {
    let points = || prop::collection::vec(score_point(), 0..3);
    let score = prop_oneof![
        (expr(), points()).prop_map(|(e, points)| ScoreRule::Linear {
            input: sp(e),
            points
        }),
        (expr(), points()).prop_map(|(e, points)| ScoreRule::Steps {
            input: sp(e),
            points
        }),
        expr().prop_map(|e| ScoreRule::YesNo(sp(e))),
    ];
    prop_oneof![
        prop::collection::vec(text().prop_map(sp), 1..3).prop_map(ClauseEntry::Ref),
        (lang_tag(), text()).prop_map(|(l, t)| ClauseEntry::Text {
            lang: sp(l),
            text: sp(t)
        }),
        expr().prop_map(|e| ClauseEntry::When(sp(e))),
        expr().prop_map(|e| ClauseEntry::Require(sp(e))),
        prop::collection::vec("[a-z][a-z0-9-]{0,6}".prop_map(sp), 1..3)
            .prop_map(ClauseEntry::Evidence),
        score.prop_map(|s| ClauseEntry::Score(sp(s))),
    ]
}

fn body() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec(
        (comments(), entry()).prop_map(|(comments, e)| Entry {
            comments,
            entry: sp(e),
        }),
        0..4,
    )
}

fn type_name() -> impl Strategy<Value = TypeName> {
    let names = prop::sample::select(vec![
        "bool", "number", "int", "percent", "string", "date", "duration", "version", "severity",
        "license", "url",
    ]);
    (names, 0usize..3).prop_map(|(n, lists)| {
        let mut t = TypeName::Named(n.to_owned());
        for _ in 0..lists {
            t = TypeName::List(Box::new(sp(t)));
        }
        t
    })
}

fn item() -> impl Strategy<Value = Item> {
    let overrides = prop::collection::vec(
        (ident(), literal(true)).prop_map(|(n, v)| ParamOverride {
            name: sp(n),
            value: sp(v),
        }),
        0..3,
    );
    let level = prop::sample::select(vec![Level::Knockout, Level::Recommended]);
    prop_oneof![
        (
            comments(),
            text(),
            prop::option::of(prop::collection::vec(id().prop_map(sp), 0..3)),
            overrides
        )
            .prop_map(|(comments, set, selection, overrides)| {
                Item::Use(sp(Use {
                    comments,
                    set: sp(set),
                    selection,
                    overrides,
                }))
            }),
        (comments(), ident(), literal(true)).prop_map(|(comments, n, v)| {
            Item::Param(sp(Param {
                comments,
                name: sp(n),
                value: sp(v),
            }))
        }),
        (comments(), id(), text(), level, body(), comments()).prop_map(
            |(comments, id, title, level, body, trailing)| {
                Item::Clause(std::sync::Arc::new(sp(Clause {
                    comments,
                    id: sp(id),
                    title: sp(title),
                    level: sp(level),
                    body,
                    trailing,
                })))
            }
        ),
        (comments(), id(), text(), any::<u32>(), body(), comments()).prop_map(
            |(comments, id, title, weight, body, trailing)| {
                Item::Criterion(std::sync::Arc::new(sp(Criterion {
                    comments,
                    id: sp(id),
                    title: sp(title),
                    weight: sp(weight),
                    body,
                    trailing,
                })))
            }
        ),
        (comments(), path(), type_name(), text(), text()).prop_map(|(comments, p, ty, en, nl)| {
            Item::Question(sp(Question {
                comments,
                path: sp(p),
                ty: sp(ty),
                prompt_en: sp(en),
                prompt_nl: sp(nl),
            }))
        }),
        (comments(), id(), text(), date(), text()).prop_map(
            |(comments, id, vendor, until, reason)| {
                Item::Waive(sp(Waive {
                    comments,
                    id: sp(id),
                    vendor: sp(vendor),
                    until: sp(until),
                    reason: sp(reason),
                }))
            }
        ),
    ]
}

fn tender() -> impl Strategy<Value = Tender> {
    let field = |f: BoxedStrategy<TenderField>| prop::option::of((comments(), f));
    (
        text(),
        field(
            (lang_tag(), text())
                .prop_map(|(l, t)| TenderField::Title {
                    lang: sp(l),
                    text: sp(t),
                })
                .boxed(),
        ),
        field(text().prop_map(|t| TenderField::Buyer(sp(t))).boxed()),
        field(date().prop_map(|d| TenderField::Published(sp(d))).boxed()),
        field(date().prop_map(|d| TenderField::Deadline(sp(d))).boxed()),
        field(
            prop::collection::vec(lang_tag().prop_map(sp), 1..3)
                .prop_map(TenderField::Languages)
                .boxed(),
        ),
        comments(),
    )
        .prop_map(|(id, a, b, c, d, e, trailing)| Tender {
            id: sp(id),
            fields: [a, b, c, d, e]
                .into_iter()
                .flatten()
                .map(|(comments, f)| HeaderEntry {
                    comments,
                    field: sp(f),
                })
                .collect(),
            trailing,
        })
}

fn file() -> impl Strategy<Value = File> {
    (
        comments(),
        prop::option::of(tender()),
        prop::collection::vec(item(), 0..4),
        comments(),
    )
        .prop_map(|(comments, tender, items, trailing)| File {
            comments,
            tender: tender.map(sp),
            items,
            trailing,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn formatted_files_parse_back_to_the_same_ast(ast in file()) {
        let text = fmt::format(&ast);
        let parsed = super::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&parsed, &ast, "{}", text);
        prop_assert_eq!(fmt::format(&parsed), text);
    }

    #[test]
    fn formatted_expressions_parse_back(e in expr()) {
        let text = fmt::format_expr(&e);
        let src = super::clause(&text);
        let parsed = super::parse(&src).map_err(|err| TestCaseError::fail(format!("{err}\n{src}")))?;
        let Some(Item::Clause(c)) = parsed.items.first() else {
            return Err(TestCaseError::fail("no clause"));
        };
        let Some(ClauseEntry::Require(got)) = c.body.first().map(|e| &e.entry.node) else {
            return Err(TestCaseError::fail("no require"));
        };
        prop_assert_eq!(&got.node, &e, "{}", text);
    }
}
