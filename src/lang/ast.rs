//! The abstract syntax tree of a `.tg` file: what the parser produces, what the formatter
//! prints and what the engine resolves and checks.
//!
//! Every node that a diagnostic may point at is [`Spanned`]; equality ignores spans, so
//! `parse(fmt(ast)) == ast` holds whatever the layout. The AST knows nothing about
//! evidence: paths are plain identifier chains until the checker resolves them.

use std::sync::Arc;

pub use crate::diag::{Span, Spanned};

/// A parsed `.tg` file: an optional tender header and any number of items, in source order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct File {
    /// Comments before the tender header (or before the first item when there is none).
    pub comments: Comments,
    pub tender: Option<Spanned<Tender>>,
    pub items: Vec<Item>,
    /// Comments after the last item.
    pub trailing: Comments,
}

/// Comment lines (`// …` or `/* … */`, text as written including the markers) that stand
/// before a node. Kept so that `fmt` never drops a comment; a comment at the end of a line is
/// moved to its own line before the node that follows it. Equality ignores comments, like
/// spans: they do not change meaning.
#[derive(Debug, Clone, Default)]
pub struct Comments(pub Vec<String>);

impl PartialEq for Comments {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Comments {}

/// `tender "ID" { … }`: the tender's metadata. Fields keep their source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tender {
    pub id: Spanned<String>,
    pub fields: Vec<HeaderEntry>,
    /// Comments before the closing `}`.
    pub trailing: Comments,
}

/// One header field with the comments before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderEntry {
    pub comments: Comments,
    pub field: Spanned<TenderField>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenderField {
    /// `title.en "…"`
    Title {
        lang: Spanned<Lang>,
        text: Spanned<String>,
    },
    /// `buyer "Gemeente Utrecht"`
    Buyer(Spanned<String>),
    /// `published 2027-01-15`
    Published(Spanned<Date>),
    /// `deadline 2027-03-01` (closing date for bids)
    Deadline(Spanned<Date>),
    /// `languages en, nl`
    Languages(Vec<Spanned<Lang>>),
}

/// A language tag of a text: `en`, `nl`, or any other two-to-eight letter tag (the checker
/// warns on languages the tender does not declare).
pub type Lang = String;

/// One top-level item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Use(Spanned<Use>),
    Param(Spanned<Param>),
    /// Shared, not copied, when the engine flattens imports (clauses are the bulk of a file).
    Clause(Arc<Spanned<Clause>>),
    Criterion(Arc<Spanned<Criterion>>),
    Question(Spanned<Question>),
    Waive(Spanned<Waive>),
}

/// `use "set" { ID, ID } with { name = literal, … }`: imports clauses from a library set
/// (a bundled name like `"etsi-en-303-645"` or a relative path ending in `.tg`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub comments: Comments,
    pub set: Spanned<String>,
    /// `None` imports every clause of the set.
    pub selection: Option<Vec<Spanned<String>>>,
    pub overrides: Vec<ParamOverride>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamOverride {
    pub name: Spanned<String>,
    pub value: Spanned<Literal>,
}

/// `param name = literal`: a named value, typed by its literal, overridable by importers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub comments: Comments,
    pub name: Spanned<String>,
    pub value: Spanned<Literal>,
}

/// `knockout` (must pass or the bid is excluded) or `recommended` (reported, not excluding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Knockout,
    Recommended,
}

/// `clause ID "title" knockout|recommended { … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub comments: Comments,
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub level: Spanned<Level>,
    pub body: Vec<Entry>,
    /// Comments before the closing `}`.
    pub trailing: Comments,
}

/// One body statement with the comments before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub comments: Comments,
    pub entry: Spanned<ClauseEntry>,
}

/// One statement inside a clause or criterion body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClauseEntry {
    /// `ref "ETSI EN 303 645 5.1-1", "CRA Annex I Part I (2)(c)"`
    Ref(Vec<Spanned<String>>),
    /// `text.en "… {param} …"`
    Text {
        lang: Spanned<Lang>,
        text: Spanned<String>,
    },
    /// `when <expr>`: the clause applies only when this holds.
    When(Spanned<Expr>),
    /// `require <expr>`: one of the conditions the bid must meet.
    Require(Spanned<Expr>),
    /// `evidence sbom, attestation, document`: the kinds of evidence the clause reads.
    Evidence(Vec<Spanned<String>>),
    /// `score <rule>` (criteria only).
    Score(Spanned<ScoreRule>),
}

/// `criterion ID "title" weight N { … score <rule> }`: an award criterion scored 0–100.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub comments: Comments,
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub weight: Spanned<u32>,
    pub body: Vec<Entry>,
    /// Comments before the closing `}`.
    pub trailing: Comments,
}

/// How a criterion turns evidence into a score from 0 to 100.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreRule {
    /// `linear(<expr>, x1 => s1, x2 => s2, …)`: piecewise-linear between the points,
    /// clamped to the first and last score outside them. Points ascend in `x`.
    Linear {
        input: Spanned<Expr>,
        points: Vec<ScorePoint>,
    },
    /// `steps(<expr>, x1 => s1, x2 => s2, …)`: the score of the highest threshold `x` that
    /// the input reaches; below the first threshold the score is 0.
    Steps {
        input: Spanned<Expr>,
        points: Vec<ScorePoint>,
    },
    /// `yesno(<expr>)`: 100 when the condition holds, 0 when it does not.
    YesNo(Spanned<Expr>),
}

/// `x => score` in a linear or step rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorePoint {
    pub at: Spanned<Literal>,
    pub score: Spanned<Number>,
}

/// `question attestation.path : type "prompt en" "prompt nl"`: extends the attestation
/// vocabulary with a tender-specific field the vendor must answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub comments: Comments,
    pub path: Spanned<Path>,
    pub ty: Spanned<TypeName>,
    pub prompt_en: Spanned<String>,
    pub prompt_nl: Spanned<String>,
}

/// A type written in source: `bool`, `int`, `number`, `string`, `date`, `duration`,
/// `version`, `severity`, `license`, `url`, or `list<T>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeName {
    Named(String),
    List(Box<Spanned<TypeName>>),
}

/// `waive ID for "vendor" until 2027-06-30 because "reason"`: an accepted deviation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waive {
    pub comments: Comments,
    pub id: Spanned<String>,
    pub vendor: Spanned<String>,
    pub until: Spanned<Date>,
    pub reason: Spanned<String>,
}

/// A dotted path: `sbom.components`, `attestation.support.end`, `c.license`.
/// The first segment is a root (`tender`, `bid`, `sbom`, `attestation`, `documents`…), a
/// parameter or a variable bound by a quantifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path {
    pub segments: Vec<Spanned<String>>,
}

impl Path {
    /// The path as written, `a.b.c`.
    pub fn dotted(&self) -> String {
        let parts: Vec<&str> = self.segments.iter().map(|s| s.node.as_str()).collect();
        parts.join(".")
    }
}

/// A civil date `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i16,
    pub month: u8,
    pub day: u8,
}

/// A calendar duration: `5 years`, `18 months`, `2 weeks`, `30 days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: i64,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DurationUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// A decimal number kept exactly as `units / 10^scale` (no floating point in the AST, so
/// equality and formatting are exact). `12.50` has units 1250, scale 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Number {
    pub units: i64,
    pub scale: u8,
}

impl Number {
    pub fn int(n: i64) -> Number {
        Number { units: n, scale: 0 }
    }

    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(i32::from(self.scale))
    }
}

/// Vulnerability severities, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    None,
    Low,
    Medium,
    High,
    Critical,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Literal {
    String(String),
    /// An integer or a decimal: `5`, `-3`, `0.75`.
    Number(Number),
    /// `80%`: stored as the number before the sign (80), typed as a share.
    Percent(Number),
    Bool(bool),
    Date(Date),
    Duration(Duration),
    /// `v"1.2.3"`
    Version(String),
    Severity(Severity),
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnOp {
    Not,
    Neg,
}

/// Binary operators, from loosest to tightest binding (see `docs/language.md`):
/// `or` < `and` < `not` (prefix) < comparisons, `in`, `matches`, `satisfies`
/// (non-associative: `a < b < c` is an error) < `+ -` < `* /` < unary `-`.
/// So `not a == b` is `not (a == b)`, as in Python. A quantifier's body extends as far right
/// as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `x in [a, b]` or `x in some.list`
    In,
    /// `name matches "openssl*"` (glob: `*`, `?`)
    Matches,
    /// `c.license satisfies "MIT OR Apache-2.0"`
    Satisfies,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    /// The operator as written in source.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::Matches => "matches",
            BinOp::Satisfies => "satisfies",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    /// Binding power: higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::In
            | BinOp::Matches
            | BinOp::Satisfies => 3,
            BinOp::Add | BinOp::Sub => 4,
            BinOp::Mul | BinOp::Div => 5,
        }
    }
}

/// `all`, `any`, `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantifier {
    All,
    Any,
    None,
}

/// `count` (a number) or `share` (a percent of the collection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aggregate {
    Count,
    Share,
}

/// An expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Lit(Literal),
    Path(Path),
    /// `[a, b, c]`
    List(Vec<Spanned<Expr>>),
    Unary(UnOp, Box<Spanned<Expr>>),
    Binary(BinOp, Box<Spanned<Expr>>, Box<Spanned<Expr>>),
    /// `name(arg, …)`
    Call {
        name: Spanned<String>,
        args: Vec<Spanned<Expr>>,
    },
    /// `all c in sbom.components where <filter>: <body>`
    Quant {
        q: Quantifier,
        var: Spanned<String>,
        collection: Box<Spanned<Expr>>,
        filter: Option<Box<Spanned<Expr>>>,
        body: Box<Spanned<Expr>>,
    },
    /// `count(c in sbom.components where <filter>)` or
    /// `share(c in sbom.components where <filter>)` (the filtered part as a percent).
    Aggregate {
        agg: Aggregate,
        var: Spanned<String>,
        collection: Box<Spanned<Expr>>,
        filter: Option<Box<Spanned<Expr>>>,
    },
}

impl Item {
    /// The span of the whole item.
    pub fn span(&self) -> Span {
        match self {
            Item::Use(x) => x.span,
            Item::Param(x) => x.span,
            Item::Clause(x) => x.span,
            Item::Criterion(x) => x.span,
            Item::Question(x) => x.span,
            Item::Waive(x) => x.span,
        }
    }

    /// The comments written before the item.
    pub fn comments(&self) -> &Comments {
        match self {
            Item::Use(x) => &x.comments,
            Item::Param(x) => &x.comments,
            Item::Clause(x) => &x.comments,
            Item::Criterion(x) => &x.comments,
            Item::Question(x) => &x.comments,
            Item::Waive(x) => &x.comments,
        }
    }

    /// The comments written before the item, to change (a shared clause is copied first).
    pub fn comments_mut(&mut self) -> &mut Comments {
        match self {
            Item::Use(x) => &mut x.node.comments,
            Item::Param(x) => &mut x.node.comments,
            Item::Clause(x) => &mut Arc::make_mut(x).node.comments,
            Item::Criterion(x) => &mut Arc::make_mut(x).node.comments,
            Item::Question(x) => &mut x.node.comments,
            Item::Waive(x) => &mut x.node.comments,
        }
    }
}
