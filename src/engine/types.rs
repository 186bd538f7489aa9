//! The expression typer: one AST expression → one [`TExpr`], reporting every path, type and
//! call mistake with the span of the exact sub-expression.
//!
//! Input: an expression, the vocabulary, the parameter scope of its file instance and the
//! variables bound around it. Output: a typed expression (nodes that failed get type
//! `<error>`, which every later check accepts, so one mistake is reported once).
//! It does not check clause structure (that is `check`).

use std::collections::BTreeSet;

use crate::diag::{Diagnostic, FileId, Span, Spanned, did_you_mean};
use crate::engine::codes;
use crate::engine::funcs::{self, Func};
use crate::engine::ir::{Arith, Cmp, ExprKind, Logic, PathRoot, TExpr, VarId, literal_ty};
use crate::engine::resolve::{Scope, ScopeId, backticked};
use crate::evidence::schema::{ROOTS, Ty, Vocabulary};
use crate::lang::ast::{Aggregate, BinOp, Expr, Literal, Path, UnOp};

/// Everything the typer needs for one expression.
pub(crate) struct Typer<'a> {
    pub vocab: &'a Vocabulary,
    pub scope: &'a Scope,
    pub scope_id: ScopeId,
    pub file: FileId,
    /// Bound variables, outermost first.
    pub vars: Vec<(String, Ty)>,
    pub diags: &'a mut Vec<Diagnostic>,
    /// Parameters referenced, by scope.
    pub used: &'a mut BTreeSet<(ScopeId, String)>,
}

impl Typer<'_> {
    fn node(&self, kind: ExprKind, ty: Ty, span: Span) -> TExpr {
        TExpr {
            kind,
            ty,
            file: self.file,
            span,
        }
    }

    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn error_at(
        &mut self,
        code: crate::diag::Code,
        span: Span,
        msg: String,
        label: &str,
    ) -> Diagnostic {
        Diagnostic::error(code, msg)
            .at_span(self.file, span)
            .with_label(label.to_owned())
    }

    /// Types an expression that must be a `bool` (a condition, a filter, a body).
    pub fn condition(&mut self, e: &Spanned<Expr>, what: &str) -> TExpr {
        let t = self.expr(e);
        if t.ty != Ty::Bool && t.ty != Ty::Error {
            let d = self
                .error_at(
                    codes::NOT_BOOL,
                    e.span,
                    format!("{what} must be a `bool`, but this is a `{}`", t.ty),
                    "not a condition",
                )
                .with_help("compare it with something, e.g. `x == …` or `x >= …`");
            self.err(d);
        }
        t
    }

    /// Types any expression.
    pub fn expr(&mut self, e: &Spanned<Expr>) -> TExpr {
        match &e.node {
            Expr::Lit(l) => self.node(ExprKind::Lit(l.clone()), literal_ty(l), e.span),
            Expr::Path(p) => self.path(p, e.span),
            Expr::List(items) => self.list(items, e.span),
            Expr::Unary(op, x) => self.unary(*op, x, e.span),
            Expr::Binary(op, l, r) => self.binary(*op, l, r, e.span),
            Expr::Call { name, args } => self.call(name, args, e.span),
            Expr::Quant {
                q,
                var,
                collection,
                filter,
                body,
            } => {
                let (coll, id, filt, el) = self.binder(var, collection, filter.as_deref());
                let body_t = self.condition(body, "a quantifier's body");
                self.vars.pop();
                let _ = el;
                let kind = ExprKind::Quant {
                    q: *q,
                    var: id,
                    var_name: var.node.clone(),
                    collection: Box::new(coll),
                    filter: filt.map(Box::new),
                    body: Box::new(body_t),
                };
                self.node(kind, Ty::Bool, e.span)
            }
            Expr::Aggregate {
                agg,
                var,
                collection,
                filter,
            } => {
                let (coll, id, filt, _) = self.binder(var, collection, filter.as_deref());
                self.vars.pop();
                let ty = match agg {
                    Aggregate::Count => Ty::Number,
                    Aggregate::Share => Ty::Percent,
                };
                let kind = ExprKind::Aggregate {
                    agg: *agg,
                    var: id,
                    var_name: var.node.clone(),
                    collection: Box::new(coll),
                    filter: filt.map(Box::new),
                };
                self.node(kind, ty, e.span)
            }
        }
    }

    /// Types a quantifier's collection and filter and binds its variable (the caller pops it).
    fn binder(
        &mut self,
        var: &Spanned<String>,
        collection: &Spanned<Expr>,
        filter: Option<&Spanned<Expr>>,
    ) -> (TExpr, VarId, Option<TExpr>, Ty) {
        let coll = self.expr(collection);
        let el = match &coll.ty {
            Ty::List(t) => (**t).clone(),
            Ty::Error => Ty::Error,
            other => {
                let d = self
                    .error_at(
                        codes::NOT_A_LIST,
                        collection.span,
                        format!("a quantifier ranges over a list, but this is a `{other}`"),
                        "not a list",
                    )
                    .with_help(
                        "quantify over a list such as `sbom.components` or `sbom.vulnerabilities`",
                    );
                self.err(d);
                Ty::Error
            }
        };
        let id = VarId(u32::try_from(self.vars.len()).unwrap_or(u32::MAX));
        self.vars.push((var.node.clone(), el.clone()));
        let filt = filter.map(|f| self.condition(f, "a `where` filter"));
        (coll, id, filt, el)
    }

    fn path(&mut self, p: &Path, span: Span) -> TExpr {
        let Some((first, rest)) = p.segments.split_first() else {
            return self.node(ExprKind::Lit(Literal::Bool(false)), Ty::Error, span);
        };
        let (root, mut ty) = match self.start(first) {
            Some(Start::Root(root, ty)) => (root, ty),
            Some(Start::Param(lit)) => {
                if let Some(seg) = rest.first() {
                    let d = self.error_at(
                        codes::NOT_A_RECORD,
                        seg.span,
                        format!("parameter `{}` is a value, not a record", first.node),
                        "no fields here",
                    );
                    self.err(d);
                    return self.node(ExprKind::Lit(lit), Ty::Error, span);
                }
                let ty = literal_ty(&lit);
                return self.node(ExprKind::Lit(lit), ty, span);
            }
            None => return self.node(ExprKind::Lit(Literal::Bool(false)), Ty::Error, span),
        };
        let mut fields = Vec::new();
        let mut prev = first;
        for seg in rest {
            ty = self.field(&ty, prev, seg);
            fields.push(seg.node.clone());
            if ty == Ty::Error {
                break;
            }
            prev = seg;
        }
        self.node(ExprKind::Path { root, fields }, ty, span)
    }

    /// Resolves the first segment: a variable, a parameter or a root, else reports it.
    fn start(&mut self, first: &Spanned<String>) -> Option<Start> {
        let name = first.node.as_str();
        if let Some(pos) = self.vars.iter().rposition(|(n, _)| n == name) {
            let ty = self.vars.get(pos).map_or(Ty::Error, |(_, t)| t.clone());
            return Some(Start::Root(
                PathRoot::Var(VarId(u32::try_from(pos).unwrap_or(u32::MAX))),
                ty,
            ));
        }
        if let Some(p) = self.scope.params.get(name) {
            self.used.insert((self.scope_id, name.to_owned()));
            return Some(Start::Param(p.value.node.clone()));
        }
        if let Some(root) = PathRoot::from_name(name) {
            let record = ROOTS
                .iter()
                .find(|r| r.name == name)
                .map_or(name, |r| r.record);
            return Some(Start::Root(root, Ty::Record(record.to_owned())));
        }
        let mut names: Vec<String> = self.vars.iter().map(|(n, _)| n.clone()).collect();
        names.extend(self.scope.order.iter().cloned());
        names.extend(ROOTS.iter().map(|r| r.name.to_owned()));
        let mut d = self.error_at(
            codes::UNKNOWN_NAME,
            first.span,
            format!("unknown name `{name}`"),
            "not a root, parameter or variable",
        );
        d = match did_you_mean(name, names.iter().map(String::as_str)) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "a path starts with a root ({}), a parameter or a quantifier variable",
                backticked(&ROOTS.iter().map(|r| r.name).collect::<Vec<_>>())
            )),
        };
        self.err(d);
        None
    }

    /// The type of `seg` read from a value of type `ty` (reported as `prev.seg`).
    fn field(&mut self, ty: &Ty, prev: &Spanned<String>, seg: &Spanned<String>) -> Ty {
        let record = match ty {
            Ty::Record(name) => self.vocab.record(name),
            Ty::Error => return Ty::Error,
            Ty::List(el) => {
                let d = self
                    .error_at(
                        codes::NOT_A_RECORD,
                        seg.span,
                        format!("`{}` is a `{ty}`, which has no field `{}`", prev.node, seg.node),
                        "field of a list",
                    )
                    .with_help(format!(
                        "use a quantifier to look at each element, e.g. `all x in …: x.{}` (each `x` is a `{el}`)",
                        seg.node
                    ));
                self.err(d);
                return Ty::Error;
            }
            other => {
                let d = self.error_at(
                    codes::NOT_A_RECORD,
                    seg.span,
                    format!("`{}` is a `{other}`, which has no fields", prev.node),
                    "no fields here",
                );
                self.err(d);
                return Ty::Error;
            }
        };
        let Some(record) = record else {
            return Ty::Error;
        };
        if let Some(f) = record.field(&seg.node) {
            return f.ty.clone();
        }
        let names: Vec<&str> = record.fields().iter().map(|f| f.name.as_str()).collect();
        let mut d = self.error_at(
            codes::UNKNOWN_FIELD,
            seg.span,
            format!("`{}` has no field `{}`", prev.node, seg.node),
            "unknown field",
        );
        d = match did_you_mean(&seg.node, names.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("its fields are: {}", backticked(&names))),
        };
        self.err(d);
        Ty::Error
    }

    fn list(&mut self, items: &[Spanned<Expr>], span: Span) -> TExpr {
        let typed: Vec<TExpr> = items.iter().map(|i| self.expr(i)).collect();
        let el = typed
            .iter()
            .map(|t| t.ty.clone())
            .find(|t| *t != Ty::Error)
            .unwrap_or(Ty::Error);
        for t in &typed {
            if !t.ty.comparable_with(&el) {
                let d = self.error_at(
                    codes::TYPE_MISMATCH,
                    t.span,
                    format!(
                        "a list holds values of one type, but this is a `{}` among `{el}` values",
                        t.ty
                    ),
                    format!("expected `{el}`").as_str(),
                );
                self.err(d);
            }
        }
        self.node(ExprKind::List(typed), Ty::list(el), span)
    }

    fn unary(&mut self, op: UnOp, x: &Spanned<Expr>, span: Span) -> TExpr {
        match op {
            UnOp::Not => {
                let t = self.condition(x, "the operand of `not`");
                self.node(ExprKind::Not(Box::new(t)), Ty::Bool, span)
            }
            UnOp::Neg => {
                let t = self.expr(x);
                let ty = t.ty.clone();
                if !matches!(ty, Ty::Number | Ty::Percent | Ty::Duration | Ty::Error) {
                    let d = self.error_at(
                        codes::TYPE_MISMATCH,
                        x.span,
                        format!("cannot negate a `{ty}`"),
                        "expected a number, percent or duration",
                    );
                    self.err(d);
                }
                self.node(ExprKind::Neg(Box::new(t)), ty, span)
            }
        }
    }

    fn binary(&mut self, op: BinOp, l: &Spanned<Expr>, r: &Spanned<Expr>, span: Span) -> TExpr {
        match op {
            BinOp::And | BinOp::Or => {
                let what = format!("an operand of `{}`", op.symbol());
                let (lt, rt) = (self.condition(l, &what), self.condition(r, &what));
                let logic = if op == BinOp::And {
                    Logic::And
                } else {
                    Logic::Or
                };
                self.node(
                    ExprKind::Logic(logic, Box::new(lt), Box::new(rt)),
                    Ty::Bool,
                    span,
                )
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                self.compare(op, l, r, span)
            }
            BinOp::In => self.membership(l, r, span),
            BinOp::Matches => self.matches(l, r, span),
            BinOp::Satisfies => self.satisfies(l, r, span),
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => self.arith(op, l, r, span),
        }
    }

    fn compare(&mut self, op: BinOp, l: &Spanned<Expr>, r: &Spanned<Expr>, span: Span) -> TExpr {
        let (lt, rt) = (self.expr(l), self.expr(r));
        let cmp = match op {
            BinOp::Eq => Cmp::Eq,
            BinOp::Ne => Cmp::Ne,
            BinOp::Lt => Cmp::Lt,
            BinOp::Le => Cmp::Le,
            BinOp::Gt => Cmp::Gt,
            _ => Cmp::Ge,
        };
        let ordered = !matches!(cmp, Cmp::Eq | Cmp::Ne);
        if !lt.ty.comparable_with(&rt.ty) {
            let mut d = self.error_at(
                codes::TYPE_MISMATCH,
                r.span,
                format!("cannot compare a `{}` with a `{}`", lt.ty, rt.ty),
                format!("expected `{}`", lt.ty).as_str(),
            );
            if let Some(help) = literal_hint(&lt.ty, &r.node) {
                d = d.with_help(help);
            }
            self.err(d);
        } else if ordered && !orderable(&lt.ty) {
            let d = self
                .error_at(
                    codes::TYPE_MISMATCH,
                    l.span,
                    format!("`{}` only compares `{}` values that have an order", op.symbol(), lt.ty),
                    format!("a `{}` has no order", lt.ty).as_str(),
                )
                .with_help("order applies to numbers, percents, dates, durations, versions and severities; use `==` or `!=`");
            self.err(d);
        } else if matches!(lt.ty, Ty::Record(_) | Ty::List(_)) {
            let d = self
                .error_at(
                    codes::TYPE_MISMATCH,
                    l.span,
                    format!("cannot compare whole `{}` values", lt.ty),
                    "compare a field instead",
                )
                .with_help("compare one of its fields, e.g. `c.name == \"openssl\"`");
            self.err(d);
        }
        self.node(
            ExprKind::Cmp(cmp, Box::new(lt), Box::new(rt)),
            Ty::Bool,
            span,
        )
    }

    fn membership(&mut self, l: &Spanned<Expr>, r: &Spanned<Expr>, span: Span) -> TExpr {
        let (lt, rt) = (self.expr(l), self.expr(r));
        match &rt.ty {
            Ty::List(el) if !lt.ty.comparable_with(el) => {
                let d = self.error_at(
                    codes::TYPE_MISMATCH,
                    l.span,
                    format!("cannot look for a `{}` in a `{}`", lt.ty, rt.ty),
                    format!("expected `{el}`").as_str(),
                );
                self.err(d);
            }
            Ty::List(_) | Ty::Error => {}
            other => {
                let d = self
                    .error_at(
                        codes::NOT_A_LIST,
                        r.span,
                        format!("`in` needs a list on the right, but this is a `{other}`"),
                        "not a list",
                    )
                    .with_help("write a list, e.g. `x in [\"a\", \"b\"]`");
                self.err(d);
            }
        }
        self.node(ExprKind::In(Box::new(lt), Box::new(rt)), Ty::Bool, span)
    }

    /// The string literal on the right of `matches` / `satisfies`, or a report.
    fn literal_string(&mut self, r: &Spanned<Expr>, op: &str, example: &str) -> Option<String> {
        if let Expr::Lit(Literal::String(s)) = &r.node {
            return Some(s.clone());
        }
        let d = self
            .error_at(
                codes::EXPECTED_LITERAL,
                r.span,
                format!("`{op}` needs a string literal on the right"),
                "not a string literal",
            )
            .with_help(format!("write it in quotes, e.g. `{op} {example}`"));
        self.err(d);
        None
    }

    fn stringy_operand(&mut self, t: &TExpr, op: &str, accepts: &[Ty]) {
        if t.ty != Ty::Error && !accepts.contains(&t.ty) {
            let names: Vec<String> = accepts.iter().map(|a| format!("`{a}`")).collect();
            let d = self.error_at(
                codes::TYPE_MISMATCH,
                t.span,
                format!(
                    "`{op}` needs a {} on the left, but this is a `{}`",
                    names.join(" or "),
                    t.ty
                ),
                "wrong type",
            );
            self.err(d);
        }
    }

    fn matches(&mut self, l: &Spanned<Expr>, r: &Spanned<Expr>, span: Span) -> TExpr {
        let lt = self.expr(l);
        self.stringy_operand(&lt, "matches", &[Ty::String, Ty::Url, Ty::License]);
        let glob = self
            .literal_string(r, "matches", "\"openssl*\"")
            .unwrap_or_default();
        self.node(
            ExprKind::Matches {
                value: Box::new(lt),
                glob: crate::engine::glob::Pattern::new(&glob),
            },
            Ty::Bool,
            span,
        )
    }

    fn satisfies(&mut self, l: &Spanned<Expr>, r: &Spanned<Expr>, span: Span) -> TExpr {
        let lt = self.expr(l);
        self.stringy_operand(&lt, "satisfies", &[Ty::License, Ty::String]);
        let text = self.literal_string(r, "satisfies", "\"MIT OR Apache-2.0\"");
        let expr = text.and_then(|t| match spdx::Expression::parse(&t) {
            Ok(e) => Some(e),
            Err(e) => {
                let d = self
                    .error_at(codes::INVALID_SPDX, r.span, format!("`{t}` is not a valid SPDX licence expression"), &e.reason.to_string())
                    .with_help("use SPDX identifiers joined with `AND`, `OR`, `WITH`, e.g. `\"MIT OR Apache-2.0\"`");
                self.err(d);
                None
            }
        });
        match expr {
            Some(expr) => self.node(
                ExprKind::Satisfies {
                    value: Box::new(lt),
                    expr,
                },
                Ty::Bool,
                span,
            ),
            None => self.node(ExprKind::Lit(Literal::Bool(false)), Ty::Error, span),
        }
    }

    fn arith(&mut self, op: BinOp, l: &Spanned<Expr>, r: &Spanned<Expr>, span: Span) -> TExpr {
        let (lt, rt) = (self.expr(l), self.expr(r));
        let a = match op {
            BinOp::Add => Arith::Add,
            BinOp::Sub => Arith::Sub,
            BinOp::Mul => Arith::Mul,
            _ => Arith::Div,
        };
        let ty = match arith_result(a, &lt.ty, &rt.ty) {
            Some(t) => t,
            None => {
                let d = self
                    .error_at(
                        codes::TYPE_MISMATCH,
                        span,
                        format!("cannot apply `{}` to a `{}` and a `{}`", op.symbol(), lt.ty, rt.ty),
                        "wrong types",
                    )
                    .with_help("dates take `+`/`-` with durations (`tender.published + 5 years`), numbers with numbers");
                self.err(d);
                Ty::Error
            }
        };
        self.node(ExprKind::Arith(a, Box::new(lt), Box::new(rt)), ty, span)
    }

    fn call(&mut self, name: &Spanned<String>, args: &[Spanned<Expr>], span: Span) -> TExpr {
        let typed: Vec<TExpr> = args.iter().map(|a| self.expr(a)).collect();
        let Some(b) = funcs::lookup(&name.node) else {
            let mut d = self.error_at(
                codes::UNKNOWN_FUNCTION,
                name.span,
                format!("unknown function `{}`", name.node),
                "no such function",
            );
            d = match did_you_mean(&name.node, funcs::BUILTINS.iter().map(|b| b.name)) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help("the functions are listed in `docs/vocabulary.md`"),
            };
            self.err(d);
            return self.node(ExprKind::Lit(Literal::Bool(false)), Ty::Error, span);
        };
        if typed.len() != b.params.len() {
            let d = self
                .error_at(
                    codes::WRONG_ARITY,
                    span,
                    format!(
                        "`{}` takes {} argument(s), but {} were given",
                        b.name,
                        b.params.len(),
                        typed.len()
                    ),
                    "wrong number of arguments",
                )
                .with_help(format!("write `{}`", funcs::signature(b)));
            self.err(d);
        }
        for (p, t) in b.params.iter().zip(&typed) {
            if !p.accepts(&t.ty) {
                let d = self
                    .error_at(
                        codes::TYPE_MISMATCH,
                        t.span,
                        format!(
                            "`{}` expects a `{}` here, but this is a `{}`",
                            b.name,
                            p.name(),
                            t.ty
                        ),
                        format!("expected `{}`", p.name()).as_str(),
                    )
                    .with_help(format!("`{}`", funcs::signature(b)));
                self.err(d);
            }
        }
        self.literal_args(b.func, args);
        self.node(
            ExprKind::Call {
                func: b.func,
                args: typed,
            },
            b.ret.to_ty(),
            span,
        )
    }

    /// Validates literal arguments that have a syntax of their own.
    fn literal_args(&mut self, func: Func, args: &[Spanned<Expr>]) {
        match (func, args.get(1).map(|a| (&a.node, a.span))) {
            (Func::VersionIn, Some((Expr::Lit(Literal::String(range)), sp))) => {
                if let Err(e) = semver::VersionReq::parse(range) {
                    let d = self
                        .error_at(
                            codes::INVALID_VERSION_RANGE,
                            sp,
                            format!("`{range}` is not a version range"),
                            &e.to_string(),
                        )
                        .with_help("write comparators joined by commas, e.g. `\">=1.2, <2.0\"`");
                    self.err(d);
                }
            }
            (Func::Allowed, Some((Expr::List(items), _))) => {
                for item in items {
                    if let Expr::Lit(Literal::String(id)) = &item.node
                        && spdx::license_id(id).is_none()
                        && spdx::exception_id(id).is_none()
                        && !id.starts_with("LicenseRef-")
                    {
                        {
                            let mut d = self.error_at(
                                codes::INVALID_SPDX,
                                item.span,
                                format!("`{id}` is not an SPDX licence identifier"),
                                "unknown licence",
                            );
                            if let Some((name, _)) = spdx::imprecise_license_id(id) {
                                d = d.with_help(format!("did you mean `{}`?", name.name));
                            }
                            self.err(d);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

enum Start {
    Root(PathRoot, Ty),
    Param(Literal),
}

/// Types with an order (for `<`, `<=`, `>`, `>=`).
fn orderable(t: &Ty) -> bool {
    matches!(
        t,
        Ty::Number | Ty::Percent | Ty::Date | Ty::Duration | Ty::Version | Ty::Severity | Ty::Error
    )
}

/// The result of arithmetic, or `None` when the operands do not combine.
pub(crate) fn arith_result(op: Arith, l: &Ty, r: &Ty) -> Option<Ty> {
    use Ty::*;
    Some(match (op, l, r) {
        (_, Error, _) | (_, _, Error) => Error,
        (_, Number, Number) => Number,
        (Arith::Add | Arith::Sub, Date, Duration) => Date,
        (Arith::Add, Duration, Date) => Date,
        (Arith::Sub, Date, Date) => Duration,
        (Arith::Add | Arith::Sub, Duration, Duration) => Duration,
        (Arith::Mul | Arith::Div, Duration, Number) => Duration,
        (Arith::Mul, Number, Duration) => Duration,
        (Arith::Add | Arith::Sub, Percent, Percent) => Percent,
        _ => return None,
    })
}

/// Advice when a literal of the wrong kind is compared with a typed value.
fn literal_hint(want: &Ty, got: &Expr) -> Option<String> {
    let Expr::Lit(lit) = got else { return None };
    match (want, lit) {
        (Ty::Version, Literal::String(s)) => Some(format!("write a version literal: `v\"{s}\"`")),
        (Ty::Date, Literal::String(s)) => Some(format!("write a date without quotes: `{s}`")),
        (Ty::Percent, Literal::Number(n)) => Some(format!(
            "write a percent: `{}%`",
            crate::engine::ir::number_text(*n)
        )),
        (Ty::Duration, Literal::Number(n)) => Some(format!(
            "add a unit: `{} years`",
            crate::engine::ir::number_text(*n)
        )),
        (Ty::Severity, Literal::String(s)) => Some(format!(
            "write the severity without quotes: `{}`",
            s.to_lowercase()
        )),
        _ => None,
    }
}
