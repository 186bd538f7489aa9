//! The typed intermediate representation: a tender after imports are resolved and every
//! path and type is checked. Only `engine::check` builds it (the constructors are private to
//! the engine), so the evaluator never sees an unchecked clause.
//!
//! Shape: a [`Tender`] holds the metadata, the [`Item`]s (clauses and criteria in tender
//! order, imported ones included), the bound [`Param`]s, the [`Question`]s, the [`Waiver`]s
//! and the vocabulary extended by the questions. Expressions are [`TExpr`]: every node has
//! its [`Ty`] and its place in a source file; paths are resolved to a [`PathRoot`] and a
//! field chain, parameters are replaced by their literal values, calls name a [`Func`].
//!
//! It does not evaluate anything (`engine::eval`) and holds no evidence.

use std::collections::BTreeMap;

use crate::diag::{FileId, Span};
use crate::engine::funcs::Func;
use crate::engine::verdict::ItemKind;
use crate::evidence::schema::{Ty, Vocabulary};
use crate::lang::ast::{Aggregate, Date, DurationUnit, Literal, Number, Quantifier, Severity};

/// A checked tender: everything the evaluator, the annex and the questionnaire need.
#[derive(Debug, Clone)]
pub struct Tender {
    pub meta: Meta,
    /// Clauses and criteria in tender order: an import's items at the place of its `use`.
    pub items: Vec<Item>,
    /// Every bound parameter, root file first, then imports in order.
    pub params: Vec<Param>,
    pub questions: Vec<Question>,
    pub waivers: Vec<Waiver>,
    /// The standard vocabulary extended by the tender's questions.
    pub vocabulary: Vocabulary,
}

impl Tender {
    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// The tender header. A file without a header (a library set linted on its own) gets an
/// empty id, no dates and the default languages `en`, `nl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub id: String,
    /// Title per language tag.
    pub titles: BTreeMap<String, String>,
    pub buyer: Option<String>,
    pub published: Option<Date>,
    pub deadline: Option<Date>,
    /// Declared languages, in declaration order (default `en`, `nl`).
    pub languages: Vec<String>,
    /// Where the header is; `None` without one.
    pub origin: Option<Origin>,
}

/// Where something is defined: file, span and the display form `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: FileId,
    pub span: Span,
    /// `requirements/launching-customer.tg:12:1` style, computed once from the source map.
    pub display: String,
}

/// A clause or criterion.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub kind: ItemKind,
    /// `ref` entries, in order.
    pub refs: Vec<String>,
    /// Texts in source order, one per language.
    pub texts: Vec<Text>,
    /// `evidence` kinds, in order (each one of `EVIDENCE_KINDS`).
    pub evidence: Vec<String>,
    /// The applicability condition (`bool`).
    pub when: Option<TExpr>,
    /// Every `require` (each `bool`); all must hold. Empty for criteria.
    pub requires: Vec<TExpr>,
    /// The scoring rule (criteria only).
    pub score: Option<Score>,
    /// The weight (criteria only; 0 for clauses).
    pub weight: u32,
    /// The set the item came from: `None` for the root file, else the `use` spec.
    pub set: Option<String>,
    pub origin: Origin,
}

impl Item {
    /// Every expression of the item: `when`, each `require`, the score rule's input.
    pub fn exprs(&self) -> impl Iterator<Item = &TExpr> {
        let score = self.score.as_ref().map(|s| match s {
            Score::Linear { input, .. } | Score::Steps { input, .. } | Score::YesNo(input) => input,
        });
        self.when.iter().chain(self.requires.iter()).chain(score)
    }

    /// The text in a language, if any.
    pub fn text(&self, lang: &str) -> Option<&Text> {
        self.texts.iter().find(|t| t.lang == lang)
    }
}

/// One `text.<lang>` of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub lang: String,
    /// As written, with `{param}` placeholders.
    pub template: String,
    /// With every placeholder replaced by its parameter's value.
    pub rendered: String,
}

/// How a criterion turns evidence into a score from 0 to 100.
#[derive(Debug, Clone)]
pub enum Score {
    /// Piecewise linear between the points (ascending in `at`), clamped outside them.
    Linear { input: TExpr, points: Vec<Point> },
    /// The score of the highest point `at` the input reaches; 0 below the first.
    Steps { input: TExpr, points: Vec<Point> },
    /// 100 when the condition holds, 0 when not.
    YesNo(TExpr),
}

/// `at => score`: `at` has the input's type (checked), `score` is within 0–100.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub at: Literal,
    pub score: f64,
}

/// A bound parameter: the default or the importer's override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub value: Literal,
    pub ty: Ty,
    /// `None` for the root file, else the `use` spec of the set it belongs to.
    pub set: Option<String>,
    /// Where the `param` is declared.
    pub origin: Origin,
    /// True when an importer's `with { … }` replaced the default.
    pub overridden: bool,
}

/// A tender-specific attestation field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The path after `attestation` (`["support", "hotline"]`).
    pub path: Vec<String>,
    pub ty: Ty,
    pub prompt_en: String,
    pub prompt_nl: String,
    pub origin: Origin,
}

/// An accepted deviation for one vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// The clause or criterion it waives (checked to exist).
    pub id: String,
    pub vendor: String,
    pub until: Date,
    pub reason: String,
    pub origin: Origin,
}

/// A typed expression node.
#[derive(Debug, Clone, PartialEq)]
pub struct TExpr {
    pub kind: ExprKind,
    pub ty: Ty,
    pub file: FileId,
    pub span: Span,
}

/// Index of a variable bound by a quantifier or aggregate: the number of binders around
/// it (0 for the outermost). The evaluator keeps a stack of bound values and indexes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub u32);

/// Where a path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathRoot {
    Tender,
    Bid,
    Sbom,
    Attestation,
    Documents,
    /// A quantifier variable (`c` in `all c in sbom.components: …`).
    Var(VarId),
}

impl PathRoot {
    /// The root for a `ROOTS` name.
    pub fn from_name(name: &str) -> Option<PathRoot> {
        Some(match name {
            "tender" => PathRoot::Tender,
            "bid" => PathRoot::Bid,
            "sbom" => PathRoot::Sbom,
            "attestation" => PathRoot::Attestation,
            "documents" => PathRoot::Documents,
            _ => return None,
        })
    }
}

/// `and`, `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Logic {
    And,
    Or,
}

/// Comparisons. Operands have comparable types (same type, or string-like with each other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Arithmetic. The checked operand/result types are: number∘number → number (all four);
/// date ± duration → date; date − date → duration; duration ± duration → duration;
/// duration × number, duration ÷ number → duration; percent ± percent → percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

/// The node kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A literal, or a parameter replaced by its value.
    Lit(Literal),
    /// `root.field.field…`; `fields` may be empty (the root itself, or a variable).
    Path {
        root: PathRoot,
        fields: Vec<String>,
    },
    /// `[a, b]`; every element has the list's element type.
    List(Vec<TExpr>),
    Not(Box<TExpr>),
    /// Unary minus on a number, percent or duration.
    Neg(Box<TExpr>),
    Logic(Logic, Box<TExpr>, Box<TExpr>),
    Cmp(Cmp, Box<TExpr>, Box<TExpr>),
    Arith(Arith, Box<TExpr>, Box<TExpr>),
    /// `x in list`: the list's element type is comparable with `x`.
    In(Box<TExpr>, Box<TExpr>),
    /// `x matches "glob"` (`*` any run, `?` one character); `x` is string-like.
    Matches {
        value: Box<TExpr>,
        glob: crate::engine::glob::Pattern,
    },
    /// `x satisfies "SPDX expression"`: the expression is parsed and valid.
    Satisfies {
        value: Box<TExpr>,
        expr: spdx::Expression,
    },
    /// A builtin call; arguments match the builtin's parameters.
    Call {
        func: Func,
        args: Vec<TExpr>,
    },
    /// `all|any|none v in collection where filter: body`. `var` is the index the body and
    /// the filter use for the element; `collection` is a list.
    Quant {
        q: Quantifier,
        var: VarId,
        var_name: String,
        collection: Box<TExpr>,
        filter: Option<Box<TExpr>>,
        body: Box<TExpr>,
    },
    /// `count(v in collection where filter)` (number) or `share(…)` (percent).
    Aggregate {
        agg: Aggregate,
        var: VarId,
        var_name: String,
        collection: Box<TExpr>,
        filter: Option<Box<TExpr>>,
    },
}

/// The type of a literal.
pub fn literal_ty(lit: &Literal) -> Ty {
    match lit {
        Literal::String(_) => Ty::String,
        Literal::Number(_) => Ty::Number,
        Literal::Percent(_) => Ty::Percent,
        Literal::Bool(_) => Ty::Bool,
        Literal::Date(_) => Ty::Date,
        Literal::Duration(_) => Ty::Duration,
        Literal::Version(_) => Ty::Version,
        Literal::Severity(_) => Ty::Severity,
    }
}

/// A literal as a reader sees it in a rendered text: `5 years`, `2027-01-15`, `80%`, `1.2.3`.
/// The English form, used wherever no language applies (diagnostics, explanations).
pub fn literal_text(lit: &Literal) -> String {
    literal_text_in(lit, "en")
}

/// A literal as a reader of `lang` sees it: Dutch (`nl`) gets Dutch units (`5 jaar`,
/// `2 maanden`) and a decimal comma (`99,5%`); every other language the English forms.
/// Dates, versions, strings, booleans and severities read the same in every language.
pub fn literal_text_in(lit: &Literal, lang: &str) -> String {
    let dutch = lang == "nl";
    let number = |n: Number| {
        let text = number_text(n);
        if dutch { text.replace('.', ",") } else { text }
    };
    match lit {
        Literal::String(s) | Literal::Version(s) => s.clone(),
        Literal::Number(n) => number(*n),
        Literal::Percent(n) => format!("{}%", number(*n)),
        Literal::Bool(b) => b.to_string(),
        Literal::Date(d) => date_text(*d),
        Literal::Duration(d) => format!(
            "{} {}",
            d.amount,
            duration_unit(d.unit, d.amount == 1, dutch)
        ),
        Literal::Severity(s) => severity_text(*s).to_owned(),
    }
}

/// The unit word of a duration, singular or plural, in English or Dutch.
fn duration_unit(unit: DurationUnit, one: bool, dutch: bool) -> &'static str {
    match (unit, one, dutch) {
        (DurationUnit::Days, true, false) => "day",
        (DurationUnit::Days, false, false) => "days",
        (DurationUnit::Weeks, true, false) => "week",
        (DurationUnit::Weeks, false, false) => "weeks",
        (DurationUnit::Months, true, false) => "month",
        (DurationUnit::Months, false, false) => "months",
        (DurationUnit::Years, true, false) => "year",
        (DurationUnit::Years, false, false) => "years",
        (DurationUnit::Days, true, true) => "dag",
        (DurationUnit::Days, false, true) => "dagen",
        (DurationUnit::Weeks, true, true) => "week",
        (DurationUnit::Weeks, false, true) => "weken",
        (DurationUnit::Months, true, true) => "maand",
        (DurationUnit::Months, false, true) => "maanden",
        // "5 jaar": Dutch keeps the singular after a number.
        (DurationUnit::Years, _, true) => "jaar",
    }
}

/// `YYYY-MM-DD`.
pub fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// A severity as written: `none`, `low`, `medium`, `high`, `critical`.
pub fn severity_text(s: Severity) -> &'static str {
    match s {
        Severity::None => "none",
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}

/// An exact decimal: units 1250, scale 2 → `12.50`.
pub fn number_text(n: Number) -> String {
    if n.scale == 0 {
        return n.units.to_string();
    }
    let sign = if n.units < 0 { "-" } else { "" };
    let digits = n.units.unsigned_abs().to_string();
    let scale = usize::from(n.scale);
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

/// Calls `f` on `e` and, while `f` returns true for a node, on every node below it.
pub fn walk<'e>(e: &'e TExpr, f: &mut impl FnMut(&'e TExpr) -> bool) {
    if !f(e) {
        return;
    }
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Path { .. } => {}
        ExprKind::List(xs) | ExprKind::Call { args: xs, .. } => {
            for x in xs {
                walk(x, f);
            }
        }
        ExprKind::Not(x)
        | ExprKind::Neg(x)
        | ExprKind::Matches { value: x, .. }
        | ExprKind::Satisfies { value: x, .. } => walk(x, f),
        ExprKind::Logic(_, a, b)
        | ExprKind::Cmp(_, a, b)
        | ExprKind::Arith(_, a, b)
        | ExprKind::In(a, b) => {
            walk(a, f);
            walk(b, f);
        }
        ExprKind::Quant {
            collection,
            filter,
            body,
            ..
        } => {
            walk(collection, f);
            if let Some(x) = filter {
                walk(x, f);
            }
            walk(body, f);
        }
        ExprKind::Aggregate {
            collection, filter, ..
        } => {
            walk(collection, f);
            if let Some(x) = filter {
                walk(x, f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::ast::Duration;

    #[test]
    fn literals_render_for_readers() {
        assert_eq!(
            number_text(Number {
                units: 1250,
                scale: 2
            }),
            "12.50"
        );
        assert_eq!(
            number_text(Number {
                units: -5,
                scale: 2
            }),
            "-0.05"
        );
        assert_eq!(literal_text(&Literal::Percent(Number::int(80))), "80%");
        let d = Duration {
            amount: 1,
            unit: DurationUnit::Years,
        };
        assert_eq!(literal_text(&Literal::Duration(d)), "1 year");
        let d = Date {
            year: 2027,
            month: 1,
            day: 5,
        };
        assert_eq!(literal_text(&Literal::Date(d)), "2027-01-05");
    }

    fn duration(amount: i64, unit: DurationUnit) -> Literal {
        Literal::Duration(Duration { amount, unit })
    }

    #[test]
    fn durations_render_in_english_and_dutch_singular_and_plural() {
        use DurationUnit::{Days, Months, Weeks, Years};
        let cases = [
            (1, Days, "1 day", "1 dag"),
            (14, Days, "14 days", "14 dagen"),
            (1, Weeks, "1 week", "1 week"),
            (2, Weeks, "2 weeks", "2 weken"),
            (1, Months, "1 month", "1 maand"),
            (12, Months, "12 months", "12 maanden"),
            (1, Years, "1 year", "1 jaar"),
            (5, Years, "5 years", "5 jaar"),
        ];
        for (amount, unit, en, nl) in cases {
            let lit = duration(amount, unit);
            assert_eq!(literal_text(&lit), en);
            assert_eq!(literal_text_in(&lit, "en"), en);
            assert_eq!(literal_text_in(&lit, "nl"), nl);
            // A language without its own forms reads English.
            assert_eq!(literal_text_in(&lit, "de"), en);
        }
    }

    #[test]
    fn dutch_numbers_take_a_decimal_comma_and_nothing_else_changes() {
        let pct = Literal::Percent(Number {
            units: 995,
            scale: 1,
        });
        assert_eq!(literal_text_in(&pct, "en"), "99.5%");
        assert_eq!(literal_text_in(&pct, "nl"), "99,5%");
        let version = Literal::Version("1.2.3".to_owned());
        assert_eq!(literal_text_in(&version, "nl"), "1.2.3");
        let date = Literal::Date(Date {
            year: 2027,
            month: 1,
            day: 5,
        });
        assert_eq!(literal_text_in(&date, "nl"), "2027-01-05");
    }
}
