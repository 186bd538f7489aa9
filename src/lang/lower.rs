//! Lowering: the pest parse tree → the [`ast`](super::ast), one `lower_<rule>` function per
//! grammar rule (expressions are in `lower_expr`).
//!
//! Input: the `file` pair, the comments found by `scan`, `Limits`. Output: an `ast::File`,
//! or every diagnostic found (invalid literals, duplicate header fields, unknown types, too
//! deep or chained expressions). Comments are attached by position: each node that keeps
//! comments takes those that start before it. Nothing here resolves names or checks types.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use pest::iterators::Pair;

use super::ast::*;
use super::codes;
use super::literal;
use super::scan::Comment;
use super::syntax::{Rule, Tree};
use crate::diag::{Diagnostic, FileId, Location, Span};
use crate::limits::Limits;

/// The scalar types a question may name.
pub const SCALAR_TYPES: &[&str] = &[
    "bool", "number", "int", "percent", "string", "date", "duration", "version", "severity",
    "license", "url",
];

/// The state of one lowering run: where errors and unclaimed comments go.
pub(super) struct Lowerer<'s> {
    pub file: FileId,
    pub limits: &'s Limits,
    diags: RefCell<Vec<Diagnostic>>,
    comments: Vec<Comment>,
    next_comment: Cell<usize>,
    /// Where the piece being lowered starts in the file: pest positions are relative to it.
    base: Cell<usize>,
    /// Whether this run starts at the top of the file (it may claim the file's leading
    /// comments and its tender header); runs over later parts of a file may not.
    leading: bool,
}

impl<'s> Lowerer<'s> {
    /// A lowering run over a file, or over the part of it that starts at its top when
    /// `leading`; `comments` are those `scan` found in that part.
    pub(super) fn new(
        file: FileId,
        limits: &'s Limits,
        comments: Vec<Comment>,
        leading: bool,
    ) -> Self {
        Lowerer {
            file,
            limits,
            diags: RefCell::new(Vec::new()),
            comments,
            next_comment: Cell::new(0),
            base: Cell::new(0),
            leading,
        }
    }

    /// The AST built from every piece lowered into `out` (or every diagnostic found), and
    /// the comments given to [`Lowerer::new`], for another run over the same text.
    pub(super) fn finish(self, out: File) -> (Result<File, Vec<Diagnostic>>, Vec<Comment>) {
        let diags = self.diags.into_inner();
        let result = if diags.is_empty() {
            Ok(out)
        } else {
            Err(diags)
        };
        (result, self.comments)
    }
}

/// The pairs inside `p` with rule `rule`.
fn children<'i>(p: &Pair<'i, Rule>, rule: Rule) -> impl Iterator<Item = Pair<'i, Rule>> {
    p.clone().into_inner().filter(move |c| c.as_rule() == rule)
}

/// The first pair inside `p` with rule `rule`.
fn child<'i>(p: &Pair<'i, Rule>, rule: Rule) -> Option<Pair<'i, Rule>> {
    children(p, rule).next()
}

impl Lowerer<'_> {
    /// The span of a pair, in file offsets.
    pub fn span_of(&self, p: &Pair<'_, Rule>) -> Span {
        let s = p.as_span();
        let base = self.base.get();
        Span::new(base + s.start(), base + s.end())
    }

    pub fn error(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d);
    }

    /// Takes every comment not yet claimed.
    pub(super) fn unclaimed(&self) -> Comments {
        self.comments_before(u32::MAX)
    }

    /// Takes every comment not yet claimed that starts before `pos`.
    fn comments_before(&self, pos: u32) -> Comments {
        let mut out = Vec::new();
        let mut i = self.next_comment.get();
        while let Some(c) = self.comments.get(i).filter(|c| c.span.start < pos) {
            out.push(c.text.clone());
            i += 1;
        }
        self.next_comment.set(i);
        Comments(out)
    }

    /// Lowers one piece of the file (its tree's positions start at `base`) into `out`.
    /// Pieces come in source order; the `last` one claims the trailing comments.
    pub(super) fn lower_piece(&self, out: &mut File, base: usize, tree: Tree<'_>, last: bool) {
        self.base.set(base);
        for p in tree.into_inner() {
            let start = self.span_of(&p).start;
            let at_top = self.leading && out.tender.is_none() && out.items.is_empty();
            if at_top {
                out.comments.0.extend(self.comments_before(start).0);
            }
            match p.as_rule() {
                Rule::tender if !at_top => {
                    self.error(misplaced_header(self.file, self.span_of(&p)));
                }
                Rule::tender => out.tender = self.lower_tender(p),
                Rule::EOI if last => out.trailing = self.comments_before(u32::MAX),
                Rule::EOI => {}
                _ => out.items.extend(self.lower_item(p)),
            }
        }
    }

    fn lower_item(&self, p: Pair<'_, Rule>) -> Option<Item> {
        let span = self.span_of(&p);
        let comments = self.comments_before(span.start);
        Some(match p.as_rule() {
            Rule::use_item => Item::Use(Spanned::new(self.lower_use_item(p, comments)?, span)),
            Rule::param_item => {
                Item::Param(Spanned::new(self.lower_param_item(p, comments)?, span))
            }
            Rule::clause => Item::Clause(Arc::new(Spanned::new(
                self.lower_clause(p, comments)?,
                span,
            ))),
            Rule::criterion => Item::Criterion(Arc::new(Spanned::new(
                self.lower_criterion(p, comments)?,
                span,
            ))),
            Rule::question => Item::Question(Spanned::new(self.lower_question(p, comments)?, span)),
            Rule::waive => Item::Waive(Spanned::new(self.lower_waive(p, comments)?, span)),
            _ => return None,
        })
    }

    // ───────────── tender header ─────────────

    fn lower_tender(&self, p: Pair<'_, Rule>) -> Option<Spanned<Tender>> {
        let span = self.span_of(&p);
        let id = self.lower_string(child(&p, Rule::string)?);
        let mut fields: Vec<HeaderEntry> = Vec::new();
        let mut trailing = Comments::default();
        for c in p.into_inner() {
            let start = self.span_of(&c).start;
            let field = match c.as_rule() {
                Rule::title_field => self.lower_title_field(c),
                Rule::buyer_field => self.lower_buyer_field(c),
                Rule::published_field => self.lower_published_field(c),
                Rule::deadline_field => self.lower_deadline_field(c),
                Rule::languages_field => self.lower_languages_field(c),
                Rule::rbrace => {
                    trailing = self.comments_before(start);
                    continue;
                }
                _ => continue,
            };
            let comments = self.comments_before(start);
            if let Some(field) = field {
                self.check_duplicate_field(&fields, &field);
                fields.push(HeaderEntry { comments, field });
            }
        }
        Some(Spanned::new(
            Tender {
                id: id?,
                fields,
                trailing,
            },
            span,
        ))
    }

    fn check_duplicate_field(&self, fields: &[HeaderEntry], new: &Spanned<TenderField>) {
        let key = |f: &TenderField| match f {
            TenderField::Title { lang, .. } => format!("title.{}", lang.node),
            TenderField::Buyer(_) => "buyer".to_owned(),
            TenderField::Published(_) => "published".to_owned(),
            TenderField::Deadline(_) => "deadline".to_owned(),
            TenderField::Languages(_) => "languages".to_owned(),
        };
        let new_key = key(&new.node);
        if let Some(first) = fields.iter().find(|f| key(&f.field.node) == new_key) {
            self.error(
                Diagnostic::error(
                    codes::DUPLICATE_HEADER_FIELD,
                    format!("the tender header gives `{new_key}` twice"),
                )
                .at_span(self.file, new.span)
                .with_label("given again here")
                .with_secondary(
                    Location::source(self.file, first.field.span),
                    "first given here",
                )
                .with_help("keep one of them"),
            );
        }
    }

    fn lower_title_field(&self, p: Pair<'_, Rule>) -> Option<Spanned<TenderField>> {
        let span = self.span_of(&p);
        let lang = self.lower_lang(child(&child(&p, Rule::title_key)?, Rule::lang)?);
        let text = self.lower_string(child(&p, Rule::string)?)?;
        Some(Spanned::new(TenderField::Title { lang, text }, span))
    }

    fn lower_buyer_field(&self, p: Pair<'_, Rule>) -> Option<Spanned<TenderField>> {
        let text = self.lower_string(child(&p, Rule::string)?)?;
        Some(Spanned::new(TenderField::Buyer(text), self.span_of(&p)))
    }

    fn lower_published_field(&self, p: Pair<'_, Rule>) -> Option<Spanned<TenderField>> {
        let d = self.lower_date(child(&p, Rule::date)?)?;
        Some(Spanned::new(TenderField::Published(d), self.span_of(&p)))
    }

    fn lower_deadline_field(&self, p: Pair<'_, Rule>) -> Option<Spanned<TenderField>> {
        let d = self.lower_date(child(&p, Rule::date)?)?;
        Some(Spanned::new(TenderField::Deadline(d), self.span_of(&p)))
    }

    fn lower_languages_field(&self, p: Pair<'_, Rule>) -> Option<Spanned<TenderField>> {
        let langs = children(&p, Rule::lang)
            .map(|l| self.lower_lang(l))
            .collect();
        Some(Spanned::new(
            TenderField::Languages(langs),
            self.span_of(&p),
        ))
    }

    // ───────────── items ─────────────

    fn lower_use_item(&self, p: Pair<'_, Rule>, comments: Comments) -> Option<Use> {
        let set = self.lower_string(child(&p, Rule::string)?);
        let selection = child(&p, Rule::selection).map(|s| self.lower_selection(s));
        let overrides =
            child(&p, Rule::overrides).map_or_else(Vec::new, |o| self.lower_overrides(o));
        Some(Use {
            comments,
            set: set?,
            selection,
            overrides: overrides.into_iter().flatten().collect(),
        })
    }

    fn lower_selection(&self, p: Pair<'_, Rule>) -> Vec<Spanned<String>> {
        children(&p, Rule::id).map(|i| self.lower_id(i)).collect()
    }

    fn lower_overrides(&self, p: Pair<'_, Rule>) -> Vec<Option<ParamOverride>> {
        children(&p, Rule::param_override)
            .map(|o| self.lower_param_override(o))
            .collect()
    }

    fn lower_param_override(&self, p: Pair<'_, Rule>) -> Option<ParamOverride> {
        let name = self.lower_ident(child(&p, Rule::ident)?);
        let value = self.lower_literal(child(&p, Rule::literal)?)?;
        Some(ParamOverride { name, value })
    }

    fn lower_param_item(&self, p: Pair<'_, Rule>, comments: Comments) -> Option<Param> {
        let name = self.lower_ident(child(&p, Rule::ident)?);
        let value = self.lower_literal(child(&p, Rule::literal)?)?;
        Some(Param {
            comments,
            name,
            value,
        })
    }

    fn lower_clause(&self, p: Pair<'_, Rule>, comments: Comments) -> Option<Clause> {
        let id = self.lower_id(child(&p, Rule::id)?);
        let title = self.lower_string(child(&p, Rule::string)?);
        let level = self.lower_level(child(&p, Rule::level)?);
        let (body, trailing) = self.lower_body(p);
        Some(Clause {
            comments,
            id,
            title: title?,
            level,
            body: body?,
            trailing,
        })
    }

    fn lower_level(&self, p: Pair<'_, Rule>) -> Spanned<Level> {
        let level = if p.as_str() == "knockout" {
            Level::Knockout
        } else {
            Level::Recommended
        };
        Spanned::new(level, self.span_of(&p))
    }

    fn lower_criterion(&self, p: Pair<'_, Rule>, comments: Comments) -> Option<Criterion> {
        let id = self.lower_id(child(&p, Rule::id)?);
        let title = self.lower_string(child(&p, Rule::string)?);
        let weight = self.lower_weight(child(&p, Rule::weight)?);
        let (body, trailing) = self.lower_body(p);
        Some(Criterion {
            comments,
            id,
            title: title?,
            weight: weight?,
            body: body?,
            trailing,
        })
    }

    fn lower_weight(&self, p: Pair<'_, Rule>) -> Option<Spanned<u32>> {
        let span = self.span_of(&p);
        match p.as_str().parse::<u32>() {
            Ok(w) => Some(Spanned::new(w, span)),
            Err(_) => {
                self.error(
                    Diagnostic::error(
                        codes::INVALID_NUMBER,
                        format!("the weight `{}` is too large", p.as_str()),
                    )
                    .at_span(self.file, span)
                    .with_label("out of range")
                    .with_help("weights are relative; small whole numbers such as 10 or 20 do"),
                );
                None
            }
        }
    }

    /// The entries of a clause or criterion body and the comments before its `}`.
    fn lower_body(&self, p: Pair<'_, Rule>) -> (Option<Vec<Entry>>, Comments) {
        let mut body = Vec::new();
        let mut ok = true;
        let mut trailing = Comments::default();
        for c in p.into_inner() {
            let span = self.span_of(&c);
            let entry = match c.as_rule() {
                Rule::ref_entry => self.lower_ref_entry(c),
                Rule::text_entry => self.lower_text_entry(c),
                Rule::evidence_entry => self.lower_evidence_entry(c),
                Rule::when_entry => self.lower_when_entry(c),
                Rule::require_entry => self.lower_require_entry(c),
                Rule::score_entry => self.lower_score_entry(c),
                Rule::rbrace => {
                    trailing = self.comments_before(span.start);
                    continue;
                }
                _ => continue,
            };
            let comments = self.comments_before(span.start);
            match entry {
                Some(entry) => body.push(Entry {
                    comments,
                    entry: Spanned::new(entry, span),
                }),
                None => ok = false,
            }
        }
        (ok.then_some(body), trailing)
    }

    fn lower_question(&self, p: Pair<'_, Rule>, comments: Comments) -> Option<Question> {
        let path = self.lower_path(child(&p, Rule::path)?);
        let ty = self.lower_type_name(child(&p, Rule::type_name)?);
        let mut strings = children(&p, Rule::string).map(|s| self.lower_string(s));
        let prompt_en = strings.next().flatten();
        let prompt_nl = strings.next().flatten();
        Some(Question {
            comments,
            path: Spanned::new(path, self.span_of(&child(&p, Rule::path)?)),
            ty: ty?,
            prompt_en: prompt_en?,
            prompt_nl: prompt_nl?,
        })
    }

    /// `list<list<T>>` is written flat; nesting is counted here, not recursed.
    fn lower_type_name(&self, p: Pair<'_, Rule>) -> Option<Spanned<TypeName>> {
        let span = self.span_of(&p);
        let opens = children(&p, Rule::langle).count();
        let closes = children(&p, Rule::rangle).count();
        let word = child(&p, Rule::type_word)?;
        let name = word.as_str();
        if opens != closes {
            self.error(
                Diagnostic::error(
                    codes::SYNTAX_ERROR,
                    "the `<` and `>` of this type do not match",
                )
                .at_span(self.file, span)
                .with_label(format!("{opens} `<` but {closes} `>`"))
                .with_help("write `list<string>`"),
            );
            return None;
        }
        if opens > self.limits.max_expr_depth {
            self.error(super::scan::too_deep(self.file, span, self.limits));
            return None;
        }
        if !SCALAR_TYPES.contains(&name) {
            self.error(self.unknown_type(name, self.span_of(&word)));
            return None;
        }
        let mut ty = Spanned::new(TypeName::Named(name.to_owned()), self.span_of(&word));
        for _ in 0..opens {
            ty = Spanned::new(TypeName::List(Box::new(ty)), span);
        }
        Some(ty)
    }

    fn unknown_type(&self, name: &str, span: Span) -> Diagnostic {
        let d = Diagnostic::error(codes::UNKNOWN_TYPE, format!("`{name}` is not a type"))
            .at_span(self.file, span)
            .with_label("unknown type");
        let help = if name == "list" {
            "a list needs its element type: `list<string>`".to_owned()
        } else if let Some(s) = crate::diag::did_you_mean(name, SCALAR_TYPES.iter().copied()) {
            format!("did you mean `{s}`?")
        } else {
            format!("types are {} and `list<T>`", SCALAR_TYPES.join(", "))
        };
        d.with_help(help)
    }

    fn lower_waive(&self, p: Pair<'_, Rule>, comments: Comments) -> Option<Waive> {
        let id = self.lower_id(child(&p, Rule::id)?);
        let mut strings = children(&p, Rule::string).map(|s| self.lower_string(s));
        let vendor = strings.next().flatten();
        let reason = strings.next().flatten();
        let until = self.lower_date(child(&p, Rule::date)?);
        Some(Waive {
            comments,
            id,
            vendor: vendor?,
            until: until?,
            reason: reason?,
        })
    }

    // ───────────── body entries ─────────────

    fn lower_ref_entry(&self, p: Pair<'_, Rule>) -> Option<ClauseEntry> {
        let refs: Vec<_> = children(&p, Rule::string)
            .map(|s| self.lower_string(s))
            .collect();
        Some(ClauseEntry::Ref(refs.into_iter().collect::<Option<_>>()?))
    }

    fn lower_text_entry(&self, p: Pair<'_, Rule>) -> Option<ClauseEntry> {
        let lang = self.lower_lang(child(&child(&p, Rule::text_key)?, Rule::lang)?);
        let text = self.lower_string(child(&p, Rule::string)?)?;
        Some(ClauseEntry::Text { lang, text })
    }

    fn lower_evidence_entry(&self, p: Pair<'_, Rule>) -> Option<ClauseEntry> {
        let kinds = children(&p, Rule::evidence_kind)
            .map(|k| Spanned::new(k.as_str().to_owned(), self.span_of(&k)))
            .collect();
        Some(ClauseEntry::Evidence(kinds))
    }

    fn lower_when_entry(&self, p: Pair<'_, Rule>) -> Option<ClauseEntry> {
        Some(ClauseEntry::When(self.lower_expr(child(&p, Rule::expr)?)?))
    }

    fn lower_require_entry(&self, p: Pair<'_, Rule>) -> Option<ClauseEntry> {
        Some(ClauseEntry::Require(
            self.lower_expr(child(&p, Rule::expr)?)?,
        ))
    }

    fn lower_score_entry(&self, p: Pair<'_, Rule>) -> Option<ClauseEntry> {
        let rule = p.into_inner().find(|c| c.as_rule() != Rule::kw_score)?;
        let span = self.span_of(&rule);
        let score = match rule.as_rule() {
            Rule::linear_rule => self.lower_linear_rule(rule)?,
            Rule::steps_rule => self.lower_steps_rule(rule)?,
            _ => self.lower_yesno_rule(rule)?,
        };
        Some(ClauseEntry::Score(Spanned::new(score, span)))
    }

    fn lower_linear_rule(&self, p: Pair<'_, Rule>) -> Option<ScoreRule> {
        let (input, points) = self.lower_rule_args(p)?;
        Some(ScoreRule::Linear { input, points })
    }

    fn lower_steps_rule(&self, p: Pair<'_, Rule>) -> Option<ScoreRule> {
        let (input, points) = self.lower_rule_args(p)?;
        Some(ScoreRule::Steps { input, points })
    }

    fn lower_yesno_rule(&self, p: Pair<'_, Rule>) -> Option<ScoreRule> {
        Some(ScoreRule::YesNo(self.lower_expr(child(&p, Rule::expr)?)?))
    }

    fn lower_rule_args(&self, p: Pair<'_, Rule>) -> Option<(Spanned<Expr>, Vec<ScorePoint>)> {
        let input = self.lower_expr(child(&p, Rule::expr)?);
        let points: Vec<_> = children(&p, Rule::score_point)
            .map(|s| self.lower_score_point(s))
            .collect();
        Some((input?, points.into_iter().collect::<Option<_>>()?))
    }

    fn lower_score_point(&self, p: Pair<'_, Rule>) -> Option<ScorePoint> {
        let at = self.lower_literal(child(&p, Rule::literal)?);
        let score = self.lower_score_value(child(&p, Rule::score_value)?);
        Some(ScorePoint {
            at: at?,
            score: score?,
        })
    }

    fn lower_score_value(&self, p: Pair<'_, Rule>) -> Option<Spanned<Number>> {
        let span = self.span_of(&p);
        self.ok(literal::number(self.file, p.as_str(), span))
            .map(|n| Spanned::new(n, span))
    }

    // ───────────── words and literals ─────────────

    /// Keeps a value, or records its diagnostic.
    pub fn ok<T>(&self, r: Result<T, Diagnostic>) -> Option<T> {
        r.map_err(|d| self.error(d)).ok()
    }

    pub fn lower_ident(&self, p: Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(p.as_str().to_owned(), self.span_of(&p))
    }

    fn lower_id(&self, p: Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(p.as_str().to_owned(), self.span_of(&p))
    }

    fn lower_lang(&self, p: Pair<'_, Rule>) -> Spanned<Lang> {
        Spanned::new(p.as_str().to_owned(), self.span_of(&p))
    }

    pub fn lower_path(&self, p: Pair<'_, Rule>) -> Path {
        let segments = p
            .into_inner()
            .map(|s| Spanned::new(s.as_str().to_owned(), self.span_of(&s)))
            .collect();
        Path { segments }
    }

    pub fn lower_string(&self, p: Pair<'_, Rule>) -> Option<Spanned<String>> {
        let span = self.span_of(&p);
        let body = child(&p, Rule::string_body)?;
        let start = self.base.get() + body.as_span().start();
        self.ok(literal::unescape(self.file, body.as_str(), start))
            .map(|s| Spanned::new(s, span))
    }

    fn lower_date(&self, p: Pair<'_, Rule>) -> Option<Spanned<Date>> {
        let span = self.span_of(&p);
        self.ok(literal::date(self.file, p.as_str(), span))
            .map(|d| Spanned::new(d, span))
    }

    /// A literal in a literal position: a leading `-` belongs to it.
    pub fn lower_literal(&self, p: Pair<'_, Rule>) -> Option<Spanned<Literal>> {
        let span = self.span_of(&p);
        let inner = p.into_inner().next()?;
        let lit = match inner.as_rule() {
            Rule::neg_literal => self.lower_neg_literal(inner)?,
            _ => self.lower_value(inner)?,
        };
        Some(Spanned::new(lit, span))
    }

    fn lower_neg_literal(&self, p: Pair<'_, Rule>) -> Option<Literal> {
        Some(match self.lower_value(p.into_inner().next()?)? {
            Literal::Number(n) => Literal::Number(negate(n)),
            Literal::Percent(n) => Literal::Percent(negate(n)),
            Literal::Duration(d) => Literal::Duration(Duration {
                amount: d.amount.saturating_neg(),
                unit: d.unit,
            }),
            other => other,
        })
    }

    /// One literal value token (also a primary in expressions).
    pub fn lower_value(&self, p: Pair<'_, Rule>) -> Option<Literal> {
        let span = self.span_of(&p);
        Some(match p.as_rule() {
            Rule::date => Literal::Date(self.lower_date(p)?.node),
            Rule::duration => self.lower_duration(p)?,
            Rule::percent => Literal::Percent(self.lower_number(child(&p, Rule::number)?)?),
            Rule::number => Literal::Number(self.lower_number(p)?),
            Rule::string => Literal::String(self.lower_string(p)?.node),
            Rule::version => Literal::Version(self.lower_string(child(&p, Rule::string)?)?.node),
            Rule::boolean => Literal::Bool(p.as_str() == "true"),
            Rule::severity => Literal::Severity(severity(p.as_str())),
            _ => {
                self.error(
                    Diagnostic::error(codes::SYNTAX_ERROR, "expected a literal value")
                        .at_span(self.file, span),
                );
                return None;
            }
        })
    }

    fn lower_number(&self, p: Pair<'_, Rule>) -> Option<Number> {
        self.ok(literal::number(self.file, p.as_str(), self.span_of(&p)))
    }

    fn lower_duration(&self, p: Pair<'_, Rule>) -> Option<Literal> {
        let span = self.span_of(&p);
        let amount = self.lower_number(child(&p, Rule::number)?)?;
        let unit = child(&p, Rule::duration_unit)?;
        self.ok(literal::duration(self.file, amount, unit.as_str(), span))
            .map(Literal::Duration)
    }
}

/// A `tender` header after other items (or a second one): the whole-file grammar's error.
fn misplaced_header(file: FileId, span: Span) -> Diagnostic {
    let at = Span {
        start: span.start,
        end: span.start.saturating_add(6),
    };
    Diagnostic::error(
        codes::SYNTAX_ERROR,
        "expected an item (`use`, `param`, `clause`, `criterion`, `question`, `waive`) or the end of the file, found `tender`",
    )
    .at_span(file, at)
    .with_label("unexpected here")
    .with_help("the tender header comes first in the file, and a file has at most one")
}

fn negate(n: Number) -> Number {
    Number {
        units: n.units.saturating_neg(),
        scale: n.scale,
    }
}

fn severity(word: &str) -> Severity {
    match word {
        "low" => Severity::Low,
        "medium" => Severity::Medium,
        "high" => Severity::High,
        "critical" => Severity::Critical,
        _ => Severity::None,
    }
}
