//! The static checker: a resolved tender → the typed [`ir::Tender`], or every mistake.
//!
//! Input: a [`Resolved`] set (imports flattened, parameters bound) and the standard
//! [`Vocabulary`], which the tender's `question`s extend. Output: the IR and the warnings,
//! or all errors and warnings. It checks every path, type and call (through
//! [`types`](super::types)), the structure of clauses and criteria, texts and their
//! placeholders, score rules, waivers and questions. [`compile`] runs the whole front half
//! from source text. Many items are checked in contiguous runs on several threads, joined
//! in item order: the output never depends on the number of threads.
//!
//! Decisions (documented in `docs/diagnostics.md`): a file without a tender header (a
//! library set) is checked with the languages `en`, `nl`; `missing-translation` is reported
//! only for items that have at least one text; `unused-param` only for the root file's
//! parameters (an imported set's parameters serve clauses that may not be selected).

use std::collections::BTreeSet;

use crate::diag::{
    Diagnostic, FileId, Location, SourceMap, Span, Spanned, did_you_mean, has_errors, location_text,
};
use crate::engine::codes;
use crate::engine::ir::{
    self, ExprKind, Item, Meta, Origin, Point, Score, TExpr, Text, literal_text, literal_text_in,
    literal_ty,
};
use crate::engine::resolve::{self, ItemAst, Resolved, ScopeId, SourceLoader, backticked};
use crate::engine::types::Typer;
use crate::engine::verdict::ItemKind;
use crate::evidence::schema::{EVIDENCE_KINDS, QuestionClash, Ty, Vocabulary};
use crate::lang::ast::{self, ClauseEntry, Entry, Level, Literal, ScoreRule, TenderField};
use crate::limits::Limits;

/// The default languages of a tender without `languages`.
pub const DEFAULT_LANGUAGES: &[&str] = &["en", "nl"];

/// Parses, resolves and checks a tender whose text is registered as `root_file`.
/// Imported files are parsed with [`crate::lang::parse`] and registered in `sources`.
/// Returns the IR and the warnings, or every diagnostic (errors and warnings) in order.
pub fn compile(
    root_file: FileId,
    sources: &mut SourceMap,
    loader: &mut dyn SourceLoader,
    limits: &Limits,
) -> Result<(ir::Tender, Vec<Diagnostic>), Vec<Diagnostic>> {
    compile_with(crate::lang::parse, root_file, sources, loader, limits)
}

/// [`compile`] with another parser (tests use it to inject ASTs).
/// Imported files are parsed with [`crate::lang::parse`] and registered in `sources`.
/// Returns the IR and the warnings, or every diagnostic (errors and warnings) in order.
pub fn compile_with(
    parse: resolve::ParseFn,
    root_file: FileId,
    sources: &mut SourceMap,
    loader: &mut dyn SourceLoader,
    limits: &Limits,
) -> Result<(ir::Tender, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = sources
        .get(root_file)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    let file = parse(root_file, &text, limits)?;
    let mut diags = Vec::new();
    let mut resolved =
        resolve::resolve(root_file, &file, sources, loader, limits, parse, &mut diags);
    // `resolved` shares the clause ASTs: with the file dropped here, the checker's threads
    // free each clause once they have checked it, off this thread's critical path
    drop(file);
    let items = std::mem::take(&mut resolved.items);
    let tender = check_items(
        &resolved,
        items,
        sources,
        Vocabulary::standard(),
        Runs::for_machine(limits),
        &mut diags,
    );
    if has_errors(&diags) {
        Err(diags)
    } else {
        Ok((tender, diags))
    }
}

/// Checks a resolved tender. Diagnostics are appended to `diags`; the IR is returned even
/// when errors were found (callers must look at `diags` before using it).
pub fn check(
    resolved: &Resolved,
    sources: &SourceMap,
    vocab: Vocabulary,
    diags: &mut Vec<Diagnostic>,
) -> ir::Tender {
    let items = resolved.items.clone();
    let limits = Limits::default();
    check_items(
        resolved,
        items,
        sources,
        vocab,
        Runs::for_machine(&limits),
        diags,
    )
}

/// Items per thread below which checking is not worth splitting.
const MIN_ITEMS_PER_RUN: usize = 1024;

/// How items are split over threads for checking.
#[derive(Debug, Clone, Copy)]
struct Runs<'l> {
    /// For the threads' stacks.
    limits: &'l Limits,
    threads: usize,
    min_run: usize,
}

impl Runs<'_> {
    fn for_machine(limits: &Limits) -> Runs<'_> {
        Runs {
            limits,
            threads: crate::lang::available_threads(),
            min_run: MIN_ITEMS_PER_RUN,
        }
    }
}

/// [`check`] with `items` standing for `resolved.items`: many are checked in contiguous
/// runs on several threads, and dropped there.
fn check_items(
    resolved: &Resolved,
    items: Vec<resolve::ResolvedItem>,
    sources: &SourceMap,
    mut vocab: Vocabulary,
    runs: Runs<'_>,
    diags: &mut Vec<Diagnostic>,
) -> ir::Tender {
    let meta = meta(resolved, sources);
    let questions = questions(resolved, sources, &mut vocab, diags);
    let env = Env {
        resolved,
        sources,
        vocab: &vocab,
        languages: &meta.languages,
    };
    let (items, used) = env.items_in_runs(items, runs, diags);
    let mut c = env.checker(diags);
    c.used = used;
    c.unused_params();
    let params = c.params();
    let waivers = c.waivers(&items, meta.published);
    zero_weights(&items, c.diags);
    ir::Tender {
        meta,
        items,
        params,
        questions,
        waivers,
        vocabulary: vocab,
    }
}

/// What every checker of one tender reads.
#[derive(Clone, Copy)]
struct Env<'a> {
    resolved: &'a Resolved,
    sources: &'a SourceMap,
    vocab: &'a Vocabulary,
    languages: &'a [String],
}

/// Parameters referenced, by scope.
type Used = BTreeSet<(ScopeId, String)>;

/// What one run of the checker produced: the checked items, their diagnostics in order,
/// and the parameters they use.
type RunResult = (Vec<Item>, Vec<Diagnostic>, Used);

impl<'a> Env<'a> {
    fn checker<'d>(&self, diags: &'d mut Vec<Diagnostic>) -> Checker<'d>
    where
        'a: 'd,
    {
        Checker {
            resolved: self.resolved,
            sources: self.sources,
            vocab: self.vocab,
            languages: self.languages.to_vec(),
            diags,
            used: BTreeSet::new(),
        }
    }

    /// Checks `items` in order, then drops them (the last reference to a clause's AST
    /// frees it here).
    fn run(self, items: Vec<resolve::ResolvedItem>) -> RunResult {
        let mut diags = Vec::new();
        let mut c = self.checker(&mut diags);
        let checked = items.iter().map(|i| c.item(i)).collect();
        let used = std::mem::take(&mut c.used);
        drop(items);
        (checked, diags, used)
    }

    /// Checks `items` in contiguous runs and joins the results in item order, so that
    /// they never depend on the number of threads.
    fn items_in_runs(
        self,
        mut items: Vec<resolve::ResolvedItem>,
        split: Runs<'_>,
        diags: &mut Vec<Diagnostic>,
    ) -> (Vec<Item>, Used) {
        let runs = crate::lang::run_ranges(items.len(), split.threads, split.min_run);
        let mut parts: Vec<Vec<resolve::ResolvedItem>> = Vec::with_capacity(runs.len());
        for run in runs.iter().rev() {
            parts.push(items.split_off(run.start.min(items.len())));
        }
        parts.reverse();
        let done: Vec<RunResult> = if parts.len() <= 1 {
            parts.into_iter().map(|p| self.run(p)).collect()
        } else {
            let works = parts.into_iter().map(|p| move || self.run(p)).collect();
            crate::lang::on_own_stacks(split.limits, works)
        };
        let mut all = Vec::new();
        let mut used = BTreeSet::new();
        for (checked, d, u) in done {
            all.extend(checked);
            diags.extend(d);
            used.extend(u);
        }
        (all, used)
    }
}

fn origin(sources: &SourceMap, file: FileId, span: Span) -> Origin {
    Origin {
        file,
        span,
        display: location_text(&Location::source(file, span), sources),
    }
}

fn meta(resolved: &Resolved, sources: &SourceMap) -> Meta {
    let mut m = Meta {
        id: String::new(),
        titles: Default::default(),
        buyer: None,
        published: None,
        deadline: None,
        languages: Vec::new(),
        origin: None,
    };
    if let Some(h) = &resolved.header {
        m.id = h.id.node.clone();
        m.origin = Some(origin(sources, resolved.root, h.span));
        for entry in &h.fields {
            match &entry.field.node {
                TenderField::Title { lang, text } => {
                    m.titles.insert(lang.node.clone(), text.node.clone());
                }
                TenderField::Buyer(b) => m.buyer = Some(b.node.clone()),
                TenderField::Published(d) => m.published = Some(d.node),
                TenderField::Deadline(d) => m.deadline = Some(d.node),
                TenderField::Languages(ls) => {
                    m.languages = ls.iter().map(|l| l.node.clone()).collect()
                }
            }
        }
    }
    if m.languages.is_empty() {
        m.languages = DEFAULT_LANGUAGES.iter().map(|s| (*s).to_owned()).collect();
    }
    m
}

fn questions(
    resolved: &Resolved,
    sources: &SourceMap,
    vocab: &mut Vocabulary,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ir::Question> {
    let mut out = Vec::new();
    for (file, q) in &resolved.questions {
        let segs = &q.path.segments;
        let first_ok = segs.first().is_some_and(|s| s.node == "attestation");
        if !first_ok || segs.len() < 2 {
            let span = segs.first().map_or(q.path_span(), |s| s.span);
            diags.push(
                Diagnostic::error(codes::QUESTION_OUTSIDE_ATTESTATION, format!("question `{}` is not under `attestation`", q.path.dotted()))
                    .at_span(*file, span)
                    .with_label("expected `attestation.…`")
                    .with_help("vendors answer questions in the attestation: write `attestation.<group>.<name>`"),
            );
            continue;
        }
        let Some(ty) = question_type(&q.ty.node) else {
            diags.push(
                Diagnostic::error(
                    crate::lang::codes::UNKNOWN_TYPE,
                    "unknown type in a question",
                )
                .at_span(*file, q.ty.span)
                .with_label("unknown type"),
            );
            continue;
        };
        let rest: Vec<&str> = segs.iter().skip(1).map(|s| s.node.as_str()).collect();
        match vocab.add_question(&rest, ty.clone(), &q.prompt_en.node, &q.prompt_nl.node) {
            Ok(()) => out.push(ir::Question {
                path: rest.iter().map(|s| (*s).to_owned()).collect(),
                ty,
                prompt_en: q.prompt_en.node.clone(),
                prompt_nl: q.prompt_nl.node.clone(),
                origin: origin(sources, *file, q.span),
            }),
            Err(clash) => {
                let (span, why) = match clash {
                    QuestionClash::NotARecord(i) => (
                        segs.get(i + 1).map_or(q.path_span(), |s| s.span),
                        "this part of the path is a value, not a group".to_owned(),
                    ),
                    _ => (q.path_span(), "this field already exists".to_owned()),
                };
                diags.push(
                    Diagnostic::error(codes::QUESTION_CLASH, format!("question `{}` clashes with the vocabulary", q.path.dotted()))
                        .at_span(*file, span)
                        .with_label(why)
                        .with_help("choose a new name; built-in attestation fields are listed in `docs/vocabulary.md`"),
                );
            }
        }
    }
    out
}

fn question_type(t: &ast::TypeName) -> Option<Ty> {
    match t {
        ast::TypeName::Named(n) => Ty::from_name(n),
        ast::TypeName::List(inner) => question_type(&inner.node).map(Ty::list),
    }
}

trait PathSpan {
    fn path_span(&self) -> Span;
}

impl PathSpan for Spanned<ast::Question> {
    fn path_span(&self) -> Span {
        let segs = &self.path.segments;
        match (segs.first(), segs.last()) {
            (Some(a), Some(b)) => a.span.to(b.span),
            _ => self.span,
        }
    }
}

struct Checker<'a> {
    resolved: &'a Resolved,
    sources: &'a SourceMap,
    vocab: &'a Vocabulary,
    languages: Vec<String>,
    diags: &'a mut Vec<Diagnostic>,
    used: BTreeSet<(ScopeId, String)>,
}

/// The parts of a clause or criterion body, gathered before checking.
struct Body<'b> {
    refs: Vec<String>,
    texts: Vec<(&'b Spanned<String>, &'b Spanned<String>)>,
    evidence: Vec<&'b Spanned<String>>,
    when: Vec<&'b Spanned<ast::Expr>>,
    requires: Vec<(&'b Spanned<ast::Expr>, Span)>,
    scores: Vec<&'b Spanned<ScoreRule>>,
}

fn gather(body: &[Entry]) -> Body<'_> {
    let mut b = Body {
        refs: Vec::new(),
        texts: Vec::new(),
        evidence: Vec::new(),
        when: Vec::new(),
        requires: Vec::new(),
        scores: Vec::new(),
    };
    for e in body {
        match &e.entry.node {
            ClauseEntry::Ref(rs) => b.refs.extend(rs.iter().map(|r| r.node.clone())),
            ClauseEntry::Text { lang, text } => b.texts.push((lang, text)),
            ClauseEntry::When(x) => b.when.push(x),
            ClauseEntry::Require(x) => b.requires.push((x, e.entry.span)),
            ClauseEntry::Evidence(ks) => b.evidence.extend(ks.iter()),
            ClauseEntry::Score(s) => b.scores.push(s),
        }
    }
    b
}

impl Checker<'_> {
    fn typer(&mut self, file: FileId, scope: ScopeId) -> Typer<'_> {
        let s = self.resolved.scopes.get(scope.0);
        Typer {
            vocab: self.vocab,
            scope: s.unwrap_or_else(|| empty_scope(file)),
            scope_id: scope,
            file,
            vars: Vec::new(),
            diags: self.diags,
            used: &mut self.used,
        }
    }

    fn item(&mut self, ri: &resolve::ResolvedItem) -> Item {
        let (id, title, kind, weight, body, span) = match &ri.item {
            ItemAst::Clause(c) => {
                let kind = match c.level.node {
                    Level::Knockout => ItemKind::Knockout,
                    Level::Recommended => ItemKind::Recommended,
                };
                (&c.id, &c.title, kind, 0, &c.body, c.span)
            }
            ItemAst::Criterion(c) => (
                &c.id,
                &c.title,
                ItemKind::Criterion,
                c.weight.node,
                &c.body,
                c.span,
            ),
        };
        let b = gather(body);
        let file = ri.file;
        let texts = self.texts(ri, id, &b);
        let evidence = self.evidence(file, &b);
        self.once(file, "when", b.when.iter().map(|w| w.span));
        let when = b.when.first().map(|w| {
            self.typer(file, ri.scope)
                .condition(w, "a `when` condition")
        });
        let mut requires = Vec::new();
        for (r, _) in &b.requires {
            let t = self
                .typer(file, ri.scope)
                .condition(r, "a `require` condition");
            self.constant(&t, "require");
            requires.push(t);
        }
        let score = self.structure(ri, id, kind, &b);
        let set = self
            .resolved
            .scopes
            .get(ri.scope.0)
            .and_then(|s| s.set.clone());
        Item {
            id: id.node.clone(),
            title: title.node.clone(),
            kind,
            refs: b.refs,
            texts,
            evidence,
            when,
            requires,
            score,
            weight,
            set,
            origin: origin(self.sources, file, span),
        }
    }

    /// `require` for clauses, exactly one `score` for criteria, nothing misplaced.
    fn structure(
        &mut self,
        ri: &resolve::ResolvedItem,
        id: &Spanned<String>,
        kind: ItemKind,
        b: &Body<'_>,
    ) -> Option<Score> {
        let file = ri.file;
        if kind == ItemKind::Criterion {
            for (_, span) in &b.requires {
                self.diags.push(
                    Diagnostic::error(
                        codes::MISPLACED_ENTRY,
                        "a criterion is scored, it has no `require`",
                    )
                    .at_span(file, *span)
                    .with_label("`require` in a criterion")
                    .with_help(
                        "use `score yesno(<condition>)`, or move the condition into a clause",
                    ),
                );
            }
            if b.scores.is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        codes::MISSING_SCORE,
                        format!("criterion `{}` has no `score`", id.node),
                    )
                    .at_span(file, id.span)
                    .with_label("no score rule")
                    .with_help("add e.g. `score linear(<expr>, 0 => 0, 10 => 100)`"),
                );
            }
            self.once(file, "score", b.scores.iter().map(|s| s.span));
            return b.scores.first().map(|s| self.score(file, ri.scope, s));
        }
        for s in &b.scores {
            self.diags.push(
                Diagnostic::error(
                    codes::MISPLACED_ENTRY,
                    "a clause passes or fails, it has no `score`",
                )
                .at_span(file, s.span)
                .with_label("`score` in a clause")
                .with_help("make it a `criterion ID \"title\" weight N { … }`, or use `require`"),
            );
        }
        if b.requires.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    codes::MISSING_REQUIRE,
                    format!("clause `{}` has no `require`", id.node),
                )
                .at_span(file, id.span)
                .with_label("nothing to check")
                .with_help("add `require <condition>` to say what a bid must meet"),
            );
        }
        None
    }

    /// Reports the second and later occurrences of an entry that may appear once.
    fn once(&mut self, file: FileId, what: &str, spans: impl Iterator<Item = Span>) {
        let spans: Vec<Span> = spans.collect();
        if let Some((first, rest)) = spans.split_first() {
            for s in rest {
                self.diags.push(
                    Diagnostic::error(
                        codes::DUPLICATE_ENTRY,
                        format!("`{what}` appears more than once"),
                    )
                    .at_span(file, *s)
                    .with_label("again here")
                    .with_secondary(Location::source(file, *first), "first here")
                    .with_help(format!(
                        "combine them into one `{what}` (use `and`/`or` for conditions)"
                    )),
                );
            }
        }
    }

    fn score(&mut self, file: FileId, scope: ScopeId, s: &Spanned<ScoreRule>) -> Score {
        match &s.node {
            ScoreRule::YesNo(x) => {
                Score::YesNo(self.typer(file, scope).condition(x, "`yesno`'s argument"))
            }
            ScoreRule::Linear { input, points } => {
                let t = self.typer(file, scope).expr(input);
                let pts = self.points(file, &t, points, 2, "linear");
                Score::Linear {
                    input: t,
                    points: pts,
                }
            }
            ScoreRule::Steps { input, points } => {
                let t = self.typer(file, scope).expr(input);
                let pts = self.points(file, &t, points, 1, "steps");
                Score::Steps {
                    input: t,
                    points: pts,
                }
            }
        }
    }

    fn points(
        &mut self,
        file: FileId,
        input: &TExpr,
        points: &[ast::ScorePoint],
        min: usize,
        rule: &str,
    ) -> Vec<Point> {
        let scalable = [
            Ty::Number,
            Ty::Percent,
            Ty::Date,
            Ty::Duration,
            Ty::Version,
            Ty::Error,
        ];
        if !scalable.contains(&input.ty) || (rule == "linear" && input.ty == Ty::Version) {
            self.diags.push(
                Diagnostic::error(codes::TYPE_MISMATCH, format!("`{rule}` needs an input with an order, but this is a `{}`", input.ty))
                    .at_span(file, input.span)
                    .with_label("cannot be scaled")
                    .with_help("score a number, percent, date or duration; use `yesno(<condition>)` for conditions"),
            );
        }
        if points.len() < min {
            let span = points.first().map_or(input.span, |p| p.at.span);
            self.diags.push(
                Diagnostic::error(
                    codes::INVALID_SCORE_POINTS,
                    format!("`{rule}` needs at least {min} point(s)"),
                )
                .at_span(file, span)
                .with_label("too few points")
                .with_help("write points as `x => score`, e.g. `5 => 0, 10 => 100`"),
            );
        }
        let mut out = Vec::new();
        let mut prev: Option<&Spanned<Literal>> = None;
        for p in points {
            self.point(file, input, p, rule);
            if let Some(prev) = prev
                && !ascending(&prev.node, &p.at.node)
            {
                {
                    self.diags.push(
                        Diagnostic::error(codes::INVALID_SCORE_POINTS, "score points must ascend")
                            .at_span(file, p.at.span)
                            .with_label(format!("not above `{}`", literal_text(&prev.node)))
                            .with_secondary(Location::source(file, prev.span), "previous point")
                            .with_help(
                                "order the points by their value, lowest first, each value once",
                            ),
                    );
                }
            }
            prev = Some(&p.at);
            out.push(Point {
                at: p.at.node.clone(),
                score: p.score.to_f64(),
            });
        }
        out
    }

    fn point(&mut self, file: FileId, input: &TExpr, p: &ast::ScorePoint, rule: &str) {
        let at_ty = literal_ty(&p.at.node);
        if input.ty != Ty::Error && at_ty != input.ty {
            self.diags.push(
                Diagnostic::error(
                    codes::SCORE_POINT_TYPE,
                    format!(
                        "the input of `{rule}` is a `{}`, but this point is a `{at_ty}`",
                        input.ty
                    ),
                )
                .at_span(file, p.at.span)
                .with_label(format!("expected `{}`", input.ty))
                .with_secondary(Location::source(file, input.span), "the input"),
            );
        }
        let v = p.score.to_f64();
        if !(0.0..=100.0).contains(&v) {
            self.diags.push(
                Diagnostic::error(codes::SCORE_OUT_OF_RANGE, format!("score `{}` is outside 0–100", ir::number_text(p.score.node)))
                    .at_span(file, p.score.span)
                    .with_label("out of range")
                    .with_help("scores run from 0 (worst) to 100 (best); weights say how much a criterion counts"),
            );
        }
    }

    fn texts(
        &mut self,
        ri: &resolve::ResolvedItem,
        id: &Spanned<String>,
        b: &Body<'_>,
    ) -> Vec<Text> {
        let file = ri.file;
        let mut out: Vec<Text> = Vec::new();
        for (lang, text) in &b.texts {
            if let Some(first) = b
                .texts
                .iter()
                .find(|(l, _)| l.node == lang.node)
                .filter(|(l, _)| l.span != lang.span)
            {
                self.diags.push(
                    Diagnostic::error(
                        codes::DUPLICATE_ENTRY,
                        format!("`text.{}` appears more than once", lang.node),
                    )
                    .at_span(file, lang.span)
                    .with_label("again here")
                    .with_secondary(Location::source(file, first.0.span), "first here"),
                );
                continue;
            }
            if !self.languages.contains(&lang.node) {
                self.diags.push(
                    Diagnostic::warning(
                        codes::UNDECLARED_LANGUAGE,
                        format!("the tender does not declare the language `{}`", lang.node),
                    )
                    .at_span(file, lang.span)
                    .with_label("undeclared language")
                    .with_help(format!(
                        "declared: {}; add it to `languages` in the tender header",
                        backticked(
                            &self
                                .languages
                                .iter()
                                .map(String::as_str)
                                .collect::<Vec<_>>()
                        )
                    )),
                );
            }
            let rendered = self.interpolate(ri, text, &lang.node);
            out.push(Text {
                lang: lang.node.clone(),
                template: text.node.clone(),
                rendered,
            });
        }
        if !out.is_empty() {
            for l in self.languages.clone() {
                if out.iter().all(|t| t.lang != l) {
                    self.diags.push(
                        Diagnostic::warning(
                            codes::MISSING_TRANSLATION,
                            format!("`{}` has no text in `{l}`", id.node),
                        )
                        .at_span(file, id.span)
                        .with_label(format!("no `text.{l}`"))
                        .with_help(format!("add `text.{l} \"…\"`: the tender declares `{l}`")),
                    );
                }
            }
        }
        out
    }

    /// Replaces `{name}` with the parameter's value, written for readers of `lang`; unknown
    /// names are reported.
    fn interpolate(
        &mut self,
        ri: &resolve::ResolvedItem,
        text: &Spanned<String>,
        lang: &str,
    ) -> String {
        let scope = self.resolved.scopes.get(ri.scope.0);
        let mut out = String::new();
        let mut rest = text.node.as_str();
        let mut offset = 0usize;
        while let Some(open) = rest.find('{') {
            let (before, after) = rest.split_at(open);
            out.push_str(before);
            let after = after.get(1..).unwrap_or("");
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let (name, tail) = after.split_at(name_len);
            if name.is_empty() || !tail.starts_with('}') {
                out.push('{');
                rest = after;
                offset += open + 1;
                continue;
            }
            match scope.and_then(|s| s.params.get(name)) {
                Some(p) => {
                    self.used.insert((ri.scope, name.to_owned()));
                    out.push_str(&literal_text_in(&p.value.node, lang));
                }
                None => {
                    self.unknown_placeholder(ri, text, name, offset + open);
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = tail.get(1..).unwrap_or("");
            offset += open + name_len + 2;
        }
        out.push_str(rest);
        out
    }

    fn unknown_placeholder(
        &mut self,
        ri: &resolve::ResolvedItem,
        text: &Spanned<String>,
        name: &str,
        at: usize,
    ) {
        // +1 for the opening quote; exact when no escape precedes the placeholder.
        let start = (text.span.start as usize + 1 + at).min(text.span.end as usize);
        let end = (start + name.len() + 2).min(text.span.end as usize);
        let names: Vec<&str> = self
            .resolved
            .scopes
            .get(ri.scope.0)
            .map(|s| s.order.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let mut d = Diagnostic::error(
            codes::UNKNOWN_PLACEHOLDER,
            format!("`{{{name}}}` is not a parameter"),
        )
        .at_span(ri.file, Span::new(start, end))
        .with_label("unknown parameter");
        d = match did_you_mean(name, names.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{{{s}}}`?")),
            None => d.with_help(format!("declare it with `param {name} = …`")),
        };
        self.diags.push(d);
    }

    fn evidence(&mut self, file: FileId, b: &Body<'_>) -> Vec<String> {
        let mut out = Vec::new();
        for k in &b.evidence {
            if EVIDENCE_KINDS.contains(&k.node.as_str()) {
                out.push(k.node.clone());
                continue;
            }
            let mut d = Diagnostic::error(
                codes::UNKNOWN_EVIDENCE_KIND,
                format!("unknown evidence kind `{}`", k.node),
            )
            .at_span(file, k.span)
            .with_label("unknown kind");
            d = match did_you_mean(&k.node, EVIDENCE_KINDS.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("the kinds are: {}", backticked(EVIDENCE_KINDS))),
            };
            self.diags.push(d);
        }
        out
    }

    /// Warns when a condition reads no evidence, or compares a path with itself.
    fn constant(&mut self, t: &TExpr, what: &str) {
        if t.ty == Ty::Error {
            return;
        }
        let why = if !reads_evidence(t) {
            Some("it reads no evidence")
        } else if let ExprKind::Cmp(_, l, r) = &t.kind {
            same_path(l, r).then_some("it compares a value with itself")
        } else {
            None
        };
        if let Some(why) = why {
            self.diags.push(
                Diagnostic::warning(codes::CONSTANT_CONDITION, format!("this `{what}` always has the same outcome: {why}"))
                    .at_span(t.file, t.span)
                    .with_label("constant condition")
                    .with_help("compare evidence (a path such as `attestation.support.end`) with a value or parameter"),
            );
        }
    }

    fn unused_params(&mut self) {
        let Some(root) = self.resolved.scopes.first() else {
            return;
        };
        for name in &root.order {
            if self.used.contains(&(ScopeId(0), name.clone())) {
                continue;
            }
            if let Some(p) = root.params.get(name) {
                self.diags.push(
                    Diagnostic::warning(
                        codes::UNUSED_PARAM,
                        format!("parameter `{name}` is never used"),
                    )
                    .at_span(p.file, p.decl)
                    .with_label("unused")
                    .with_help(format!(
                        "use it in a condition or a text as `{{{name}}}`, or remove it"
                    )),
                );
            }
        }
    }

    fn params(&self) -> Vec<ir::Param> {
        let mut out = Vec::new();
        for s in &self.resolved.scopes {
            for name in &s.order {
                if let Some(p) = s.params.get(name) {
                    out.push(ir::Param {
                        name: name.clone(),
                        value: p.value.node.clone(),
                        ty: literal_ty(&p.value.node),
                        set: s.set.clone(),
                        origin: origin(self.sources, p.file, p.decl),
                        overridden: p.overridden,
                    });
                }
            }
        }
        out
    }

    fn waivers(&mut self, items: &[Item], published: Option<ast::Date>) -> Vec<ir::Waiver> {
        let mut out = Vec::new();
        for (file, w) in &self.resolved.waivers {
            if items.iter().all(|i| i.id != w.id.node) {
                let mut d = Diagnostic::error(
                    codes::UNKNOWN_WAIVER_TARGET,
                    format!(
                        "waiver for `{}`, which is not a clause of this tender",
                        w.id.node
                    ),
                )
                .at_span(*file, w.id.span)
                .with_label("no such clause");
                if let Some(s) = did_you_mean(&w.id.node, items.iter().map(|i| i.id.as_str())) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.diags.push(d);
                continue;
            }
            if let Some(p) = published.filter(|p| w.until.node < *p) {
                self.diags.push(
                    Diagnostic::warning(
                        codes::EXPIRED_WAIVER,
                        format!(
                            "this waiver ends on {}, before the tender is published ({})",
                            ir::date_text(w.until.node),
                            ir::date_text(p)
                        ),
                    )
                    .at_span(*file, w.until.span)
                    .with_label("already expired")
                    .with_help("extend `until` or remove the waiver"),
                );
            }
            out.push(ir::Waiver {
                id: w.id.node.clone(),
                vendor: w.vendor.node.clone(),
                until: w.until.node,
                reason: w.reason.node.clone(),
                origin: origin(self.sources, *file, w.span),
            });
        }
        out
    }
}

fn empty_scope(_file: FileId) -> &'static resolve::Scope {
    static EMPTY: std::sync::OnceLock<resolve::Scope> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| resolve::Scope {
        file: FileId(0),
        set: None,
        params: Default::default(),
        order: Vec::new(),
    })
}

fn zero_weights(items: &[Item], diags: &mut Vec<Diagnostic>) {
    let criteria: Vec<&Item> = items
        .iter()
        .filter(|i| i.kind == ItemKind::Criterion)
        .collect();
    if let Some(first) = criteria.first()
        && criteria.iter().all(|c| c.weight == 0)
    {
        {
            diags.push(
                Diagnostic::warning(
                    codes::ZERO_WEIGHTS,
                    "the criteria's weights sum to zero, so no bid can score",
                )
                .at_span(first.origin.file, first.origin.span)
                .with_label("weight 0")
                .with_help("give at least one criterion a positive `weight`"),
            );
        }
    }
}

/// True when the expression reads a path or calls a function (its value depends on a bid
/// or on the evaluation date).
fn reads_evidence(t: &TExpr) -> bool {
    match &t.kind {
        ExprKind::Lit(_) => false,
        ExprKind::Path { .. } | ExprKind::Call { .. } => true,
        ExprKind::Quant { collection, .. } | ExprKind::Aggregate { collection, .. } => {
            reads_evidence(collection)
        }
        ExprKind::List(xs) => xs.iter().any(reads_evidence),
        ExprKind::Not(x) | ExprKind::Neg(x) => reads_evidence(x),
        ExprKind::Matches { value, .. } | ExprKind::Satisfies { value, .. } => {
            reads_evidence(value)
        }
        ExprKind::Logic(_, l, r)
        | ExprKind::Cmp(_, l, r)
        | ExprKind::Arith(_, l, r)
        | ExprKind::In(l, r) => reads_evidence(l) || reads_evidence(r),
    }
}

fn same_path(l: &TExpr, r: &TExpr) -> bool {
    matches!((&l.kind, &r.kind), (ExprKind::Path { root: a, fields: fa }, ExprKind::Path { root: b, fields: fb }) if a == b && fa == fb)
}

/// True when `b` is strictly above `a` (points of other types are reported elsewhere).
fn ascending(a: &Literal, b: &Literal) -> bool {
    use crate::lang::ast::DurationUnit::*;
    let days = |d: &ast::Duration| {
        let per = match d.unit {
            Days => 1.0,
            Weeks => 7.0,
            Months => 30.436_875,
            Years => 365.2425,
        };
        d.amount as f64 * per
    };
    match (a, b) {
        (Literal::Number(x), Literal::Number(y)) | (Literal::Percent(x), Literal::Percent(y)) => {
            x.to_f64() < y.to_f64()
        }
        (Literal::Date(x), Literal::Date(y)) => x < y,
        (Literal::Duration(x), Literal::Duration(y)) => days(x) < days(y),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::resolve::NoFiles;

    /// Items with errors and warnings of every per-item kind, and a parameter used by one
    /// item only (so `unused-param` depends on joining what every run saw).
    const TENDER: &str = "tender \"T\" {\n  languages en, nl\n}\n\
        param a = 5 years\nparam b = 1\nparam unused = 2\n\
        clause A \"a\" knockout {\n  text.en \"{a}\"\n  require sbom.components.nme == \"x\"\n}\n\
        clause B \"b\" knockout {\n  text.en \"{nope}\"\n  text.nl \"b\"\n  require 1 == 1\n}\n\
        criterion C \"c\" weight 1 {\n  score linear(b, 5 => 0, 1 => 200)\n}\n\
        clause D \"d\" knockout {\n  evidence sbomm\n  require attestation.support.end > \"x\"\n}\n\
        clause E \"e\" recommended {\n  require all c in sbom.components: c.name matches \"x*\"\n}\n";

    fn run(threads: usize, min_run: usize) -> (String, Vec<Diagnostic>) {
        let limits = Limits::default();
        let mut sources = SourceMap::new();
        let root = sources.add("t.tg", TENDER.to_owned());
        let file = crate::lang::parse(root, TENDER, &limits).unwrap();
        let mut diags = Vec::new();
        let mut resolved = resolve::resolve(
            root,
            &file,
            &mut sources,
            &mut NoFiles,
            &limits,
            crate::lang::parse,
            &mut diags,
        );
        let items = std::mem::take(&mut resolved.items);
        let runs = Runs {
            limits: &limits,
            threads,
            min_run,
        };
        let tender = check_items(
            &resolved,
            items,
            &sources,
            Vocabulary::standard(),
            runs,
            &mut diags,
        );
        (format!("{tender:?}"), diags)
    }

    #[test]
    fn the_result_does_not_depend_on_the_threads() {
        let (ir, diags) = run(1, 1);
        let codes: Vec<&str> = diags.iter().map(|d| d.code.0).collect();
        for code in [
            "not-a-record",
            "unknown-placeholder",
            "unused-param",
            "score-out-of-range",
            "type-mismatch",
            "unknown-evidence-kind",
        ] {
            assert!(codes.contains(&code), "{code} missing from {codes:?}");
        }
        for threads in [2, 3, 8] {
            let (many_ir, many_diags) = run(threads, 1);
            assert_eq!(many_diags, diags, "{threads} threads");
            assert_eq!(many_ir, ir, "{threads} threads");
        }
    }
}
