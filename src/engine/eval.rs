//! Evaluation of checked expressions against one bid's evidence, in three-valued logic.
//!
//! Input: a [`TExpr`] from the checker (types already agree), the [`Evidence`], and the
//! evaluation date. Output: a [`Value`]; booleans come out as `Value::Bool` or, when the
//! evidence needed is missing, `Value::Missing`, which [`truth`] reads as
//! [`Truth::Unknown`]. Missing evidence propagates through every operator, so it can never
//! turn into a silent pass or fail.
//!
//! Semantics that the language reference documents:
//! - `and`/`or`/`not` follow Kleene's logic (`false and unknown` is `false`).
//! - `all` over an empty list is true, `any` false, `none` true. A list that is missing (no
//!   SBOM at all) is unknown, not empty.
//! - Durations compare by adding both to the evaluation date (`12 months` vs `365 days`).
//! - Versions compare with the ecosystem's rules (`engine::version`).
//! - `L satisfies E` and `allowed(L, list)`: the licence expression `L` can be complied with
//!   using only the licences named in `E` (or the list); versions of a licence match by family
//!   (`GPL-3.0-only`, `GPL-3.0-or-later`, `GPL-3.0+`).
//!
//! Nothing here allocates per element of a collection beyond the values it returns, and
//! recursion depth is bounded by the parser's expression-depth limit.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::engine::funcs::Func;
use crate::engine::ir::{Arith, Cmp, ExprKind, Logic, PathRoot, TExpr};
use crate::engine::plan::Plan;
use crate::engine::value::{self, List, Rec, TenderFacts, Truth, Value};
use crate::engine::{licence, version};
use crate::evidence::model::Evidence;
use crate::evidence::schema::Ty;
use crate::lang::ast::{Aggregate, Date, Duration, DurationUnit, Literal, Number, Quantifier};

/// What evaluation reads besides the expression.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'e> {
    pub evidence: &'e Evidence,
    pub tender: &'e TenderFacts,
    /// The evaluation date (`today()`, `age`, duration comparisons).
    pub today: Date,
    /// Licence verdicts of this evaluation (one per distinct licence text and allowed set).
    pub licences: &'e licence::Memo,
    /// Results of loops over long lists computed ahead by the fused pass
    /// ([`fused::run`](crate::engine::fused::run)); `None` when none were.
    pub loops: Option<&'e crate::engine::fused::Loops>,
}

/// Variables bound by quantifiers, indexed by `VarId`.
pub type Vars<'e> = Vec<Value<'e>>;

/// Reads a boolean value as a truth value.
pub fn truth(v: &Value<'_>) -> Truth {
    match v {
        Value::Bool(b) => Truth::from_bool(*b),
        _ => Truth::Unknown,
    }
}

fn from_truth<'e>(t: Truth, why: impl FnOnce() -> Value<'e>) -> Value<'e> {
    match t {
        Truth::True => Value::Bool(true),
        Truth::False => Value::Bool(false),
        Truth::Unknown => why(),
    }
}

/// Evaluates an expression.
pub fn eval<'e>(e: &'e TExpr, ctx: &Ctx<'e>, vars: &mut Vars<'e>) -> Value<'e> {
    match &e.kind {
        ExprKind::Lit(lit) => literal(lit),
        ExprKind::Path { root, fields } => path(*root, fields, &e.ty, ctx, vars),
        ExprKind::List(items) => Value::List(List::Values(
            items.iter().map(|i| eval(i, ctx, vars)).collect(),
        )),
        ExprKind::Not(inner) => {
            let v = eval(inner, ctx, vars);
            from_truth(truth(&v).not(), || v)
        }
        ExprKind::Neg(inner) => match eval(inner, ctx, vars) {
            Value::Number(n) => Value::Number(-n),
            Value::Percent(n) => Value::Percent(-n),
            Value::Duration(d) => Value::Duration(Duration {
                amount: d.amount.saturating_neg(),
                unit: d.unit,
            }),
            other => missing_from(other, "a negated value"),
        },
        ExprKind::Logic(op, a, b) => logic(*op, a, b, ctx, vars),
        ExprKind::Cmp(op, a, b) => {
            let (x, y) = (eval(a, ctx, vars), eval(b, ctx, vars));
            compare_values(*op, &x, &y, ctx.today).map_or_else(|| first_missing(x, y), Value::Bool)
        }
        ExprKind::Arith(op, a, b) => {
            let (x, y) = (eval(a, ctx, vars), eval(b, ctx, vars));
            arith(*op, &x, &y, ctx.today).unwrap_or_else(|| first_missing(x, y))
        }
        ExprKind::In(x, list) => {
            let (x, list) = (eval(x, ctx, vars), eval(list, ctx, vars));
            membership(&x, &list, ctx.today).map_or_else(|| first_missing(x, list), Value::Bool)
        }
        ExprKind::Matches { value, glob: g } => match eval(value, ctx, vars) {
            Value::Str(s) | Value::License(s) => Value::Bool(g.matches(&s)),
            Value::Version { text, .. } => Value::Bool(g.matches(&text)),
            other => missing_from(other, "a value to match"),
        },
        ExprKind::Satisfies { value, expr } => match eval(value, ctx, vars) {
            Value::License(s) | Value::Str(s) => ctx
                .licences
                .within(node_key(e), &s, || licence::licence_ids(expr))
                .map_or_else(|| not_spdx(&s), Value::Bool),
            other => missing_from(other, "a licence"),
        },
        ExprKind::Call { func, args } => call(*func, args, ctx, vars),
        ExprKind::Quant { .. } | ExprKind::Aggregate { .. }
            if let Some(v) = ctx.loops.and_then(|l| l.get(e)) =>
        {
            v
        }
        ExprKind::Quant {
            q,
            collection,
            filter,
            body,
            ..
        } => quantify(*q, collection, filter.as_deref(), body, ctx, vars),
        ExprKind::Aggregate {
            agg,
            collection,
            filter,
            ..
        } => aggregate(*agg, collection, filter.as_deref(), ctx, vars),
    }
}

/// The value of a literal (borrowed from the tender: nothing is copied per element).
pub fn literal<'e>(lit: &'e Literal) -> Value<'e> {
    match lit {
        Literal::String(s) => Value::Str(Cow::Borrowed(s)),
        Literal::Number(n) => Value::Number(n.to_f64()),
        Literal::Percent(n) => Value::Percent(n.to_f64()),
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Date(d) => Value::Date(*d),
        Literal::Duration(d) => Value::Duration(*d),
        Literal::Version(v) => Value::Version {
            text: Cow::Borrowed(v),
            ecosystem: None,
        },
        Literal::Severity(s) => Value::Severity(*s),
    }
}

/// A missing value whose reason is the operand's own, or a generic one.
fn missing_from<'e>(v: Value<'e>, what: &str) -> Value<'e> {
    match v {
        Value::Missing(_) => v,
        _ => Value::missing(what, None),
    }
}

fn first_missing<'e>(a: Value<'e>, b: Value<'e>) -> Value<'e> {
    match (a, b) {
        (m @ Value::Missing(_), _) | (_, m @ Value::Missing(_)) => m,
        _ => Value::missing("a comparable value", None),
    }
}

fn not_spdx<'e>(s: &str) -> Value<'e> {
    Value::missing(format!("an SPDX licence expression (found `{s}`)"), None)
}

/// The type of a record in the middle of a path (only attestation answers read it).
static RECORD_TY: Ty = Ty::Record(String::new());

/// Reads a path: the root, then each field. A variable's record is read in place (the
/// element is not copied per field read).
pub fn path<'e>(
    root: PathRoot,
    fields: &[String],
    ty: &Ty,
    ctx: &Ctx<'e>,
    vars: &Vars<'e>,
) -> Value<'e> {
    let field_ty = |i: usize| {
        if i + 1 == fields.len() {
            ty
        } else {
            &RECORD_TY
        }
    };
    let (mut v, skip) = match root {
        PathRoot::Tender => (Value::Record(Rec::Tender(ctx.tender)), 0),
        PathRoot::Bid => (Value::Record(Rec::Bid(ctx.evidence)), 0),
        PathRoot::Sbom => (Value::Record(Rec::Sbom(ctx.evidence)), 0),
        PathRoot::Attestation => (value::attestation_root(ctx.evidence), 0),
        PathRoot::Documents => (Value::Record(Rec::Documents(ctx.evidence)), 0),
        PathRoot::Var(id) => match (vars.get(id.0 as usize), fields.first()) {
            (Some(Value::Record(r)), Some(first)) => (value::get(r, first, field_ty(0)), 1),
            (Some(v), _) => (v.clone(), 0),
            (None, _) => (Value::missing("a variable", None), 0),
        },
    };
    for (i, field) in fields.iter().enumerate().skip(skip) {
        v = match v {
            Value::Record(r) => value::get(&r, field, field_ty(i)),
            Value::Missing(m) => Value::Missing(m),
            _ => Value::missing(field.as_str(), None),
        };
    }
    if let Value::Missing(m) = &mut v {
        m.what = path_text(root, fields, vars, &m.what);
    }
    v
}

/// `attestation.support.end` for messages; variables print as their record
/// (`component openssl@1.0.2k`).
fn path_text(root: PathRoot, fields: &[String], vars: &Vars<'_>, fallback: &str) -> String {
    let head = match root {
        PathRoot::Tender => "tender".to_owned(),
        PathRoot::Bid => "bid".to_owned(),
        PathRoot::Sbom => "sbom".to_owned(),
        PathRoot::Attestation => "attestation".to_owned(),
        PathRoot::Documents => "documents".to_owned(),
        PathRoot::Var(id) => match vars.get(id.0 as usize) {
            Some(Value::Record(r)) => value::record_subject(r),
            _ => return fallback.to_owned(),
        },
    };
    let mut s = head;
    for f in fields {
        s.push('.');
        s.push_str(f);
    }
    s
}

fn logic<'e>(
    op: Logic,
    a: &'e TExpr,
    b: &'e TExpr,
    ctx: &Ctx<'e>,
    vars: &mut Vars<'e>,
) -> Value<'e> {
    let x = eval(a, ctx, vars);
    let tx = truth(&x);
    match (op, tx) {
        (Logic::And, Truth::False) => return Value::Bool(false),
        (Logic::Or, Truth::True) => return Value::Bool(true),
        _ => {}
    }
    let y = eval(b, ctx, vars);
    let t = match op {
        Logic::And => tx.and(truth(&y)),
        Logic::Or => tx.or(truth(&y)),
    };
    from_truth(t, || first_missing(x, y))
}

/// Compares two values; `None` when either is missing or they cannot be compared.
pub fn compare_values(op: Cmp, x: &Value<'_>, y: &Value<'_>, today: Date) -> Option<bool> {
    let ord = order(x, y, today)?;
    Some(match op {
        Cmp::Eq => ord == Ordering::Equal,
        Cmp::Ne => ord != Ordering::Equal,
        Cmp::Lt => ord == Ordering::Less,
        Cmp::Le => ord != Ordering::Greater,
        Cmp::Gt => ord == Ordering::Greater,
        Cmp::Ge => ord != Ordering::Less,
    })
}

/// The order of two values of comparable types.
fn order(x: &Value<'_>, y: &Value<'_>, today: Date) -> Option<Ordering> {
    use Value as V;
    Some(match (x, y) {
        (V::Number(a), V::Number(b)) | (V::Percent(a), V::Percent(b)) => a.partial_cmp(b)?,
        (V::Bool(a), V::Bool(b)) => a.cmp(b),
        (V::Str(a) | V::License(a), V::Str(b) | V::License(b)) => a.cmp(b),
        (V::Date(a), V::Date(b)) => a.cmp(b),
        (V::Severity(a), V::Severity(b)) => a.cmp(b),
        (V::Duration(a), V::Duration(b)) => add(today, *a)?.cmp(&add(today, *b)?),
        (
            V::Version {
                text: a,
                ecosystem: ea,
            },
            V::Version {
                text: b,
                ecosystem: eb,
            },
        ) => version::compare(a, b, ea.or(*eb)),
        _ => return None,
    })
}

fn membership(x: &Value<'_>, list: &Value<'_>, today: Date) -> Option<bool> {
    if matches!(x, Value::Missing(_)) {
        return None;
    }
    let Value::List(items) = list else {
        return None;
    };
    let mut unknown = false;
    for item in items.iter() {
        match compare_values(Cmp::Eq, x, &item, today) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    if unknown { None } else { Some(false) }
}

/// Date arithmetic through jiff (month ends clamp: 2027-01-31 + 1 month = 2027-02-28).
pub fn add(d: Date, dur: Duration) -> Option<Date> {
    let jd = jiff::civil::Date::new(
        d.year,
        i8::try_from(d.month).ok()?,
        i8::try_from(d.day).ok()?,
    )
    .ok()?;
    let n = dur.amount;
    let span = match dur.unit {
        DurationUnit::Days => jiff::Span::new().try_days(n),
        DurationUnit::Weeks => jiff::Span::new().try_weeks(n),
        DurationUnit::Months => jiff::Span::new().try_months(n),
        DurationUnit::Years => jiff::Span::new().try_years(n),
    }
    .ok()?;
    from_jiff(jd.checked_add(span).ok()?)
}

fn to_jiff(d: Date) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(
        d.year,
        i8::try_from(d.month).ok()?,
        i8::try_from(d.day).ok()?,
    )
    .ok()
}

fn from_jiff(d: jiff::civil::Date) -> Option<Date> {
    Some(Date {
        year: d.year(),
        month: u8::try_from(d.month()).ok()?,
        day: u8::try_from(d.day()).ok()?,
    })
}

/// Days from `a` to `b`.
pub fn days_between(a: Date, b: Date) -> Option<i64> {
    let span = to_jiff(a)?.until(to_jiff(b)?).ok()?;
    Some(i64::from(span.get_days()))
}

/// Whole months from `a` to `b` (negative when `b` is earlier).
pub fn months_between(a: Date, b: Date) -> Option<i64> {
    let span = to_jiff(a)?.until((jiff::Unit::Month, to_jiff(b)?)).ok()?;
    Some(i64::from(span.get_years()) * 12 + i64::from(span.get_months()))
}

fn arith<'e>(op: Arith, x: &Value<'e>, y: &Value<'e>, today: Date) -> Option<Value<'e>> {
    use Value as V;
    Some(match (op, x, y) {
        (_, V::Number(a), V::Number(b)) => V::Number(number_op(op, *a, *b)?),
        (Arith::Add | Arith::Sub, V::Percent(a), V::Percent(b)) => {
            V::Percent(number_op(op, *a, *b)?)
        }
        (Arith::Add, V::Date(d), V::Duration(u)) | (Arith::Add, V::Duration(u), V::Date(d)) => {
            V::Date(add(*d, *u)?)
        }
        (Arith::Sub, V::Date(d), V::Duration(u)) => V::Date(add(
            *d,
            Duration {
                amount: u.amount.checked_neg()?,
                unit: u.unit,
            },
        )?),
        (Arith::Sub, V::Date(a), V::Date(b)) => V::Duration(Duration {
            amount: days_between(*b, *a)?,
            unit: DurationUnit::Days,
        }),
        (Arith::Add | Arith::Sub, V::Duration(a), V::Duration(b)) => {
            let sign = if op == Arith::Sub { -1 } else { 1 };
            if a.unit == b.unit {
                V::Duration(Duration {
                    amount: a.amount.checked_add(b.amount.checked_mul(sign)?)?,
                    unit: a.unit,
                })
            } else {
                let end = add(
                    add(today, *a)?,
                    Duration {
                        amount: b.amount.checked_mul(sign)?,
                        unit: b.unit,
                    },
                )?;
                V::Duration(Duration {
                    amount: days_between(today, end)?,
                    unit: DurationUnit::Days,
                })
            }
        }
        (Arith::Mul | Arith::Div, V::Duration(a), V::Number(n))
        | (Arith::Mul, V::Number(n), V::Duration(a)) => {
            let amount = number_op(op, a.amount as f64, *n)?;
            V::Duration(Duration {
                amount: amount.round() as i64,
                unit: a.unit,
            })
        }
        _ => return None,
    })
}

/// Number arithmetic; division by zero and non-finite results are missing values.
fn number_op(op: Arith, a: f64, b: f64) -> Option<f64> {
    let r = match op {
        Arith::Add => a + b,
        Arith::Sub => a - b,
        Arith::Mul => a * b,
        Arith::Div if b == 0.0 => return None,
        Arith::Div => a / b,
    };
    r.is_finite().then_some(r)
}

/// The identity of an expression node while one tender is evaluated (memo keys).
pub fn node_key(e: &TExpr) -> usize {
    std::ptr::from_ref(e).addr()
}

fn call<'e>(func: Func, args: &'e [TExpr], ctx: &Ctx<'e>, vars: &mut Vars<'e>) -> Value<'e> {
    if let (Func::Allowed, [lic, list]) = (func, args)
        && written_strings(list).is_some()
    {
        return allowed_written(lic, list, ctx, vars);
    }
    call_with(func, args, ctx, vars, |a, vars| eval(a, ctx, vars))
}

/// A builtin over its arguments, each evaluated by `value` (an `allowed` with a written
/// list is the caller's). Builtins take at most two arguments: they are kept on the stack.
pub fn call_with<'a, 'e, A>(
    func: Func,
    args: &'a [A],
    ctx: &Ctx<'e>,
    vars: &mut Vars<'e>,
    mut value: impl FnMut(&'a A, &mut Vars<'e>) -> Value<'e>,
) -> Value<'e> {
    match args {
        [] => finish_call(func, &mut [], ctx),
        [a] => {
            let x = value(a, vars);
            finish_call(func, &mut [x], ctx)
        }
        [a, b] => {
            let x = value(a, vars);
            let y = value(b, vars);
            finish_call(func, &mut [x, y], ctx)
        }
        _ => {
            let mut vals: Vec<Value<'e>> = args.iter().map(|a| value(a, vars)).collect();
            finish_call(func, &mut vals, ctx)
        }
    }
}

/// A builtin over evaluated arguments: `exists` reads missingness, every other builtin
/// propagates the first missing argument (moved, not copied).
fn finish_call<'e>(func: Func, vals: &mut [Value<'e>], ctx: &Ctx<'e>) -> Value<'e> {
    if func != Func::Exists
        && let Some(m) = vals.iter_mut().find(|v| matches!(v, Value::Missing(_)))
    {
        return std::mem::replace(m, Value::Bool(false));
    }
    match vals {
        [] => finish_call_ref(func, &[], ctx),
        [x] => finish_call_ref(func, &[x], ctx),
        [x, y] => finish_call_ref(func, &[x, y], ctx),
        _ => finish_call_ref(func, &vals.iter().collect::<Vec<_>>(), ctx),
    }
}

/// `finish_call` over borrowed arguments (a compiled loop lends them).
pub fn finish_call_ref<'e>(func: Func, vals: &[&Value<'e>], ctx: &Ctx<'e>) -> Value<'e> {
    if func == Func::Exists {
        return Value::Bool(!vals.iter().any(|v| matches!(v, Value::Missing(_))));
    }
    if let Some(m) = vals.iter().find(|v| matches!(v, Value::Missing(_))) {
        return (*m).clone();
    }
    builtin(func, vals, ctx).unwrap_or_else(|| Value::missing("a valid argument", None))
}

/// The strings of a list written out in the tender (`["MIT", "ISC"]`, or a parameter
/// bound to one); `None` for any other list expression.
pub fn written_strings(list: &TExpr) -> Option<impl Iterator<Item = &str>> {
    let ExprKind::List(items) = &list.kind else {
        return None;
    };
    let all_strings = items
        .iter()
        .all(|i| matches!(i.kind, ExprKind::Lit(Literal::String(_))));
    all_strings.then(|| {
        items.iter().filter_map(|i| match &i.kind {
            ExprKind::Lit(Literal::String(s)) => Some(s.as_str()),
            _ => None,
        })
    })
}

/// `allowed(L, [written list])`: the allowed set is fixed, so the verdict per licence text
/// comes from the memo.
fn allowed_written<'e>(
    lic: &'e TExpr,
    list: &'e TExpr,
    ctx: &Ctx<'e>,
    vars: &mut Vars<'e>,
) -> Value<'e> {
    let expr = match eval(lic, ctx, vars) {
        Value::Str(s) | Value::License(s) => s,
        Value::Version { text, .. } => text,
        m @ Value::Missing(_) => return m,
        _ => return Value::missing("a valid argument", None),
    };
    match ctx
        .licences
        .within(node_key(list), &expr, || written_families(list))
    {
        Some(b) => Value::Bool(b),
        None => not_spdx(&expr),
    }
}

/// The allowed licence families of a written list.
pub fn written_families(list: &TExpr) -> Vec<String> {
    licence::families(written_strings(list).into_iter().flatten())
}

fn text<'a>(v: Option<&'a Value<'_>>) -> Option<&'a str> {
    match v? {
        Value::Str(s) | Value::License(s) => Some(s),
        Value::Version { text, .. } => Some(text),
        _ => None,
    }
}

fn date(v: Option<&Value<'_>>) -> Option<Date> {
    match v? {
        Value::Date(d) => Some(*d),
        _ => None,
    }
}

/// The builtins other than `exists`; arguments are present (not missing).
fn builtin<'e>(func: Func, a: &[&Value<'e>], ctx: &Ctx<'e>) -> Option<Value<'e>> {
    let days = |n: i64| Duration {
        amount: n,
        unit: DurationUnit::Days,
    };
    Some(match func {
        Func::Exists => Value::Bool(true),
        Func::Len => match a.first().copied()? {
            Value::List(l) => Value::Number(l.len() as f64),
            v => Value::Number(char_count(text(Some(v))?) as f64),
        },
        Func::Lower => lower(a.first().copied()?)?,
        Func::Contains => Value::Bool(text(a.first().copied())?.contains(text(a.get(1).copied())?)),
        Func::StartsWith => {
            Value::Bool(text(a.first().copied())?.starts_with(text(a.get(1).copied())?))
        }
        Func::EndsWith => {
            Value::Bool(text(a.first().copied())?.ends_with(text(a.get(1).copied())?))
        }
        Func::Today => Value::Date(ctx.today),
        Func::Age => Value::Duration(days(days_between(date(a.first().copied())?, ctx.today)?)),
        Func::DaysBetween => {
            Value::Number(days_between(date(a.first().copied())?, date(a.get(1).copied())?)? as f64)
        }
        Func::MonthsBetween => Value::Number(months_between(
            date(a.first().copied())?,
            date(a.get(1).copied())?,
        )? as f64),
        Func::YearsBetween => Value::Number(
            (months_between(date(a.first().copied())?, date(a.get(1).copied())?)? / 12) as f64,
        ),
        Func::Allowed => {
            let Value::List(list) = a.get(1).copied()? else {
                return None;
            };
            let items: Vec<Value<'_>> = list.iter().collect();
            let allowed = licence::families(items.iter().filter_map(|v| text(Some(v))));
            let expr = text(a.first().copied())?;
            match licence::licence_within(expr, &allowed) {
                Some(b) => Value::Bool(b),
                None => return Some(not_spdx(expr)),
            }
        }
        Func::VersionIn => {
            let Value::Version { text: v, ecosystem } = a.first().copied()? else {
                return None;
            };
            let range = version::parse_range(text(a.get(1).copied())?).ok()?;
            Value::Bool(version::in_range(v, &range, *ecosystem))
        }
        Func::HasHash => {
            let Value::Record(Rec::Component(c)) = a.first().copied()? else {
                return None;
            };
            let want = text(a.get(1).copied())?;
            Value::Bool(c.hashes.iter().any(|h| same_alg(&h.alg, want)))
        }
        Func::HasRef => {
            let Value::Record(Rec::Component(c)) = a.first().copied()? else {
                return None;
            };
            let want = text(a.get(1).copied())?.to_ascii_lowercase();
            Value::Bool(
                c.external_refs
                    .iter()
                    .any(|x| x.kind.to_ascii_lowercase() == want),
            )
        }
    })
}

/// Characters in `s` (ASCII text, nearly every name and version, is counted by length:
/// `chars().count()` costs a hundred instructions on a short name).
fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// `lower(s)`: a text that is already lowercase ASCII is returned as it is (borrowed).
fn lower<'e>(v: &Value<'e>) -> Option<Value<'e>> {
    let t = match v {
        Value::Str(s) | Value::License(s) => s,
        Value::Version { text, .. } => text,
        _ => return None,
    };
    Some(Value::Str(
        if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            t.clone()
        } else {
            Cow::Owned(t.to_lowercase())
        },
    ))
}

/// `sha256`, `SHA256` and `SHA-256` name one algorithm (compared without allocating).
fn same_alg(a: &str, b: &str) -> bool {
    a == b || a.eq_ignore_ascii_case(b) || alg_chars(a).eq(alg_chars(b))
}

fn alg_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| *c != '-' && *c != '_')
        .map(|c| c.to_ascii_uppercase())
}

/// The elements of a collection, or the missing value that stands for it.
pub(crate) fn elements<'e>(
    collection: &'e TExpr,
    ctx: &Ctx<'e>,
    vars: &mut Vars<'e>,
) -> Result<List<'e>, Value<'e>> {
    match eval(collection, ctx, vars) {
        Value::List(l) => Ok(l),
        other => Err(missing_from(other, "a list")),
    }
}

/// Evaluates the filter and body for one element (the element is bound as the next var).
pub fn judge<'e>(
    item: &Value<'e>,
    filter: Option<&'e TExpr>,
    body: Option<&'e TExpr>,
    ctx: &Ctx<'e>,
    vars: &mut Vars<'e>,
) -> (Truth, Truth) {
    judge_with(
        item,
        vars,
        true,
        filter.map(|f| |_: &Value<'e>, vars: &mut Vars<'e>| truth(&eval(f, ctx, vars))),
        body.map(|b| |_: &Value<'e>, vars: &mut Vars<'e>| truth(&eval(b, ctx, vars))),
    )
}

/// The filter's truth for `item` and, unless it is false, the body's (a missing filter or
/// body is true). With `bind`, the item is bound as the next variable meanwhile.
pub fn judge_with<'e>(
    item: &Value<'e>,
    vars: &mut Vars<'e>,
    bind: bool,
    filter: Option<impl FnOnce(&Value<'e>, &mut Vars<'e>) -> Truth>,
    body: Option<impl FnOnce(&Value<'e>, &mut Vars<'e>) -> Truth>,
) -> (Truth, Truth) {
    if bind {
        vars.push(item.clone());
    }
    let f = filter.map_or(Truth::True, |f| f(item, vars));
    let b = match (f, body) {
        (Truth::False, _) | (_, None) => Truth::True,
        (_, Some(body)) => body(item, vars),
    };
    if bind {
        vars.pop();
    }
    (f, b)
}

fn quantify<'e>(
    q: Quantifier,
    collection: &'e TExpr,
    filter: Option<&'e TExpr>,
    body: &'e TExpr,
    ctx: &Ctx<'e>,
    vars: &mut Vars<'e>,
) -> Value<'e> {
    let list = match elements(collection, ctx, vars) {
        Ok(l) => l,
        Err(m) => return m,
    };
    let plan = Plan::new(filter, Some(body), &list, ctx, vars);
    let mut tally = Tally::new(Loop::Quant(q));
    for item in list.iter() {
        if !tally.add(plan.judge(&item, ctx, vars)) {
            break;
        }
    }
    tally.finish(&list)
}

/// What a loop computes: a quantifier's truth or an aggregate's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loop {
    Quant(Quantifier),
    Agg(Aggregate),
}

/// The running result of one loop, fed the (filter, body) truths of its elements in list
/// order: by `quantify` and `aggregate`, and by the fused pass (`engine::fused`) that
/// feeds many loops over one list at once. One place decides when a loop is done and what
/// it yields, so both routes give the same value.
#[derive(Debug, Clone)]
pub struct Tally {
    kind: Loop,
    hits: usize,
    total: usize,
    unknown: usize,
    /// A quantifier whose result an element has settled.
    decided: Option<bool>,
}

impl Tally {
    pub fn new(kind: Loop) -> Tally {
        Tally {
            kind,
            hits: 0,
            total: 0,
            unknown: 0,
            decided: None,
        }
    }

    /// Adds one element; false once the result can no longer change (the loop may stop).
    pub fn add(&mut self, (filter, body): (Truth, Truth)) -> bool {
        match self.kind {
            Loop::Quant(q) => {
                self.decided = match (q, element_truth(q, filter, body)) {
                    (Quantifier::All, Truth::False) | (Quantifier::None, Truth::True) => {
                        Some(false)
                    }
                    (Quantifier::Any, Truth::True) => Some(true),
                    (_, Truth::Unknown) => {
                        self.unknown += 1;
                        None
                    }
                    _ => None,
                };
                self.decided.is_none()
            }
            Loop::Agg(_) => {
                self.total += 1;
                match filter {
                    Truth::True => self.hits += 1,
                    Truth::Unknown => self.unknown += 1,
                    Truth::False => {}
                }
                true
            }
        }
    }

    /// Whether the result is settled (no later element can change it).
    pub fn decided(&self) -> bool {
        self.decided.is_some()
    }

    /// The loop's value once every element was added (or it was decided).
    pub fn finish<'e>(&self, list: &List<'_>) -> Value<'e> {
        match self.kind {
            Loop::Quant(q) => match self.decided {
                Some(b) => Value::Bool(b),
                None if self.unknown > 0 => Value::missing(
                    format!("evidence for some of the {} checked", plural(list)),
                    None,
                ),
                None => Value::Bool(q != Quantifier::Any),
            },
            Loop::Agg(agg) => {
                let (hits, total, unknown) = (self.hits, self.total, self.unknown);
                if unknown > 0 {
                    return Value::missing(
                        format!("evidence for {unknown} of {total} {} counted", plural(list)),
                        None,
                    );
                }
                match agg {
                    Aggregate::Count => Value::Number(hits as f64),
                    Aggregate::Share if total == 0 => Value::missing(
                        format!("a share of an empty list of {}", plural(list)),
                        None,
                    ),
                    Aggregate::Share => Value::Percent(hits as f64 * 100.0 / total as f64),
                }
            }
        }
    }
}

/// What one element contributes: for `all`, whether `filter → body` holds; for `any` and
/// `none`, whether `filter and body` holds (a match).
pub fn element_truth(q: Quantifier, filter: Truth, body: Truth) -> Truth {
    match q {
        Quantifier::All => filter.not().or(body),
        Quantifier::Any | Quantifier::None => filter.and(body),
    }
}

/// How to call the elements of a list in messages.
pub fn plural(list: &List<'_>) -> &'static str {
    match list {
        List::Components(_) => "components",
        List::SbomDocuments(_) => "SBOMs",
        List::Dependencies(_) => "dependencies",
        List::Vulnerabilities(_) => "vulnerabilities",
        List::Hashes(_) => "hashes",
        List::Documents(_) => "documents",
        List::ExternalRefs(..) | List::Properties(..) | List::Values(_) => "values",
    }
}

fn aggregate<'e>(
    agg: Aggregate,
    collection: &'e TExpr,
    filter: Option<&'e TExpr>,
    ctx: &Ctx<'e>,
    vars: &mut Vars<'e>,
) -> Value<'e> {
    let list = match elements(collection, ctx, vars) {
        Ok(l) => l,
        Err(m) => return m,
    };
    let plan = Plan::new(filter, None, &list, ctx, vars);
    let mut tally = Tally::new(Loop::Agg(agg));
    for item in list.iter() {
        tally.add(plan.judge(&item, ctx, vars));
    }
    tally.finish(&list)
}

/// A score point's position as a number: numbers and percents as they are, dates as days
/// since 1970-01-01, durations as days from the evaluation date.
pub fn scalar(v: &Value<'_>, today: Date) -> Option<f64> {
    let epoch = Date {
        year: 1970,
        month: 1,
        day: 1,
    };
    match v {
        Value::Number(n) | Value::Percent(n) => Some(*n),
        Value::Date(d) => days_between(epoch, *d).map(|n| n as f64),
        Value::Duration(d) => days_between(today, add(today, *d)?).map(|n| n as f64),
        Value::Severity(s) => Some(*s as u8 as f64),
        _ => None,
    }
}

/// The literal of a score point as a number.
pub fn point_scalar(lit: &Literal, today: Date) -> Option<f64> {
    scalar(&literal(lit), today)
}

/// `Number` as `f64` (for tests and callers without a value).
pub fn number(n: Number) -> f64 {
    n.to_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn len_counts_characters_not_bytes() {
        assert_eq!(char_count("left-pad"), 8);
        assert_eq!(char_count("ÄÖ-lib"), 6);
        assert_eq!(char_count(""), 0);
    }

    fn d(y: i16, m: u8, day: u8) -> Date {
        Date {
            year: y,
            month: m,
            day,
        }
    }

    #[test]
    fn date_arithmetic_clamps_month_ends() {
        let dur = Duration {
            amount: 1,
            unit: DurationUnit::Months,
        };
        assert_eq!(add(d(2027, 1, 31), dur), Some(d(2027, 2, 28)));
        let five = Duration {
            amount: 5,
            unit: DurationUnit::Years,
        };
        assert_eq!(add(d(2027, 1, 15), five), Some(d(2032, 1, 15)));
        assert_eq!(months_between(d(2027, 1, 15), d(2032, 1, 31)), Some(60));
        assert_eq!(days_between(d(2027, 1, 1), d(2027, 1, 31)), Some(30));
    }

    #[test]
    fn durations_compare_on_the_calendar() {
        let today = d(2027, 1, 15);
        let year = Value::Duration(Duration {
            amount: 12,
            unit: DurationUnit::Months,
        });
        let days = Value::Duration(Duration {
            amount: 365,
            unit: DurationUnit::Days,
        });
        assert_eq!(compare_values(Cmp::Eq, &year, &days, today), Some(true));
        let more = Value::Duration(Duration {
            amount: 400,
            unit: DurationUnit::Days,
        });
        assert_eq!(compare_values(Cmp::Gt, &more, &year, today), Some(true));
    }

    /// The checker types `number * duration` as a duration; it evaluates like
    /// `duration * number` (it was unknown).
    #[test]
    fn number_times_duration_is_a_duration() {
        let today = d(2027, 1, 15);
        let three_months = Value::Duration(Duration {
            amount: 3,
            unit: DurationUnit::Months,
        });
        let two = Value::Number(2.0);
        for (x, y) in [(&two, &three_months), (&three_months, &two)] {
            match arith(Arith::Mul, x, y, today) {
                Some(Value::Duration(got)) => assert_eq!(
                    got,
                    Duration {
                        amount: 6,
                        unit: DurationUnit::Months
                    }
                ),
                other => panic!("{other:?}"),
            }
        }
        assert!(arith(Arith::Div, &two, &three_months, today).is_none());
    }

    #[test]
    fn missing_never_compares() {
        let m = Value::missing("attestation.support.end", None);
        assert_eq!(
            compare_values(Cmp::Ge, &m, &Value::Date(d(2027, 1, 1)), d(2027, 1, 1)),
            None
        );
        assert_eq!(truth(&m), Truth::Unknown);
    }
}
