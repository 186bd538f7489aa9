//! Compiled element conditions: the filter and body of a quantifier or aggregate, prepared
//! once before the loop over a long list and then judged per element.
//!
//! The tree walker in `engine::eval` re-reads every node per element: it matches field
//! names as strings, builds a [`Value`] for every literal and intermediate result, and
//! re-parses version ranges. A [`Plan`] does that work once per loop:
//! - subexpressions that do not read the element (literals, lists, `tender.*`, outer
//!   variables) are evaluated once, before the loop (evaluation is pure, so hoisting only
//!   saves work);
//! - `c.field` of a component resolves to a [`ComponentField`];
//! - `version_in(…, "<range>")` parses its range once;
//! - boolean nodes yield a [`Truth`] directly instead of a `Value::Bool`;
//! - `c.f == "text"`, `c.f matches "glob"`, `exists(c.f)` and the licence tests of a string
//!   field read the component's text in place, without building a value;
//! - a loop over the component's own `hashes`, `properties` or `external_refs` whose filter
//!   and body do not read the component is compiled with the outer loop (its fields are
//!   [`PartField`]s);
//! - values of fields and constants are lent to the node that reads them, never copied.
//!
//! Anything else falls back to `eval::eval` on the same variable stack, so a plan can
//! always be built and judges every element exactly as the tree walker does (a test runs
//! both routes over the same expressions). Only truth values come out of a plan: the
//! quantifier and aggregate loops need nothing else (their own "missing" messages do not
//! depend on the element's values), and explanations use the tree walker.

use crate::engine::eval::{self, Ctx, Loop, Tally, Vars, truth};
use crate::engine::funcs::Func;
use crate::engine::glob::Pattern;
use crate::engine::ir::{Cmp, ExprKind, Logic, PathRoot, TExpr};
use crate::engine::value::{ComponentField, List, PartField, Rec, Truth, Value};
use crate::engine::{licence, version};
use crate::evidence::model::Component;
use crate::lang::ast::Quantifier;

/// Lists shorter than this are not compiled.
pub const COMPILE_FROM: usize = 16;

/// The compiled filter and body of one loop.
#[derive(Debug)]
pub struct Plan<'e> {
    filter: Option<Cond<'e>>,
    body: Option<Cond<'e>>,
    /// Some node falls back to the tree walker, which reads the element from the variable
    /// stack: it is bound there only then.
    walks: bool,
}

/// A boolean node.
#[derive(Debug)]
enum Cond<'e> {
    /// Does not depend on the element.
    Const(Truth),
    Logic(Logic, Box<Cond<'e>>, Box<Cond<'e>>),
    Not(Box<Cond<'e>>),
    Cmp(Cmp, Operand<'e>, Operand<'e>),
    Matches(Operand<'e>, &'e Pattern),
    /// `x satisfies E`; the node is the memo key.
    Satisfies(Operand<'e>, &'e TExpr, &'e spdx::Expression),
    /// `allowed(x, [written list])`; the list node is the memo key.
    Allowed(Operand<'e>, &'e TExpr),
    Exists(Vec<Operand<'e>>),
    /// `exists(c.f, …)` of fields only: read without building values.
    Present(Vec<ComponentField>),
    /// `c.f == "text"` (`equal`) or `!=` of a string or licence field: compared in place.
    TextEq {
        field: ComponentField,
        text: std::borrow::Cow<'e, str>,
        equal: bool,
    },
    /// `c.f matches "glob"` of a string or licence field.
    TextMatches(ComponentField, &'e Pattern),
    /// `version_in(x, "<range>")` with the range parsed (`None`: not a range).
    VersionIn(Operand<'e>, Option<Vec<version::Constraint>>),
    /// Any other builtin.
    Call(Func, Vec<Operand<'e>>),
    /// `any|all|none x in c.hashes|c.properties|c.external_refs [where …]: …` whose filter
    /// and body read `x` but not `c`: compiled once with the outer loop.
    Inner {
        q: Quantifier,
        list: ComponentField,
        plan: Box<Plan<'e>>,
    },
    /// The tree walker.
    Eval(&'e TExpr),
}

/// A value node.
#[derive(Debug)]
enum Operand<'e> {
    /// Does not depend on the element.
    Const(Value<'e>),
    /// A field of the element, which is a component; `absent` is lent when it has none.
    Field {
        field: ComponentField,
        absent: Value<'static>,
    },
    /// A field of the element, which is a hash, property or external reference of a
    /// component (a loop nested in a loop over components).
    Part(PartField),
    /// The element itself.
    Element,
    Call(Func, Vec<Operand<'e>>),
    /// The tree walker.
    Eval(&'e TExpr),
}

impl<'e> Plan<'e> {
    /// Prepares `filter` and `body` for a loop over `list`, whose element will be bound as
    /// the next variable (`vars.len()`). A list shorter than [`COMPILE_FROM`] is judged by
    /// the tree walker (compiling would cost more than it saves).
    pub fn new(
        filter: Option<&'e TExpr>,
        body: Option<&'e TExpr>,
        list: &List<'e>,
        ctx: &Ctx<'e>,
        vars: &mut Vars<'e>,
    ) -> Plan<'e> {
        if list.len() < COMPILE_FROM {
            return Plan {
                filter: filter.map(Cond::Eval),
                body: body.map(Cond::Eval),
                walks: true,
            };
        }
        Plan::compiled(filter, body, list, ctx, vars)
    }

    /// [`Plan::new`] compiling whatever the list's length.
    pub fn compiled(
        filter: Option<&'e TExpr>,
        body: Option<&'e TExpr>,
        list: &List<'e>,
        ctx: &Ctx<'e>,
        vars: &mut Vars<'e>,
    ) -> Plan<'e> {
        let mut c = Compiler {
            own: vars.len(),
            components: matches!(list, List::Components(_)),
            part_of: None,
            walks: false,
            ctx,
            vars,
        };
        let filter = filter.map(|f| c.cond(f));
        let body = body.map(|b| c.cond(b));
        Plan {
            filter,
            body,
            walks: c.walks,
        }
    }

    /// The filter's and the body's truth for one element, as [`eval::judge`] gives them.
    pub fn judge(&self, item: &Value<'e>, ctx: &Ctx<'e>, vars: &mut Vars<'e>) -> (Truth, Truth) {
        eval::judge_with(
            item,
            vars,
            self.walks,
            self.filter
                .as_ref()
                .map(|f| |item: &Value<'e>, v: &mut Vars<'e>| f.truth(item, ctx, v)),
            self.body
                .as_ref()
                .map(|b| |item: &Value<'e>, v: &mut Vars<'e>| b.truth(item, ctx, v)),
        )
    }
}

struct Compiler<'a, 'e> {
    /// The index of the element's variable.
    own: usize,
    /// The element is a component.
    components: bool,
    /// The element is an element of this list of a component.
    part_of: Option<ComponentField>,
    /// A node falls back to the tree walker.
    walks: bool,
    ctx: &'a Ctx<'e>,
    vars: &'a mut Vars<'e>,
}

impl<'e> Compiler<'_, 'e> {
    fn cond(&mut self, e: &'e TExpr) -> Cond<'e> {
        if !reads_element(e, self.own) {
            return Cond::Const(truth(&eval::eval(e, self.ctx, self.vars)));
        }
        match &e.kind {
            ExprKind::Logic(op, a, b) => {
                Cond::Logic(*op, Box::new(self.cond(a)), Box::new(self.cond(b)))
            }
            ExprKind::Not(inner) => Cond::Not(Box::new(self.cond(inner))),
            ExprKind::Cmp(op, a, b) => {
                let (a, b) = (self.operand(a), self.operand(b));
                match (op, text_field(&a), text_field(&b), &a, &b) {
                    (
                        Cmp::Eq | Cmp::Ne,
                        Some(field),
                        None,
                        _,
                        Operand::Const(Value::Str(t) | Value::License(t)),
                    )
                    | (
                        Cmp::Eq | Cmp::Ne,
                        None,
                        Some(field),
                        Operand::Const(Value::Str(t) | Value::License(t)),
                        _,
                    ) => Cond::TextEq {
                        field,
                        text: t.clone(),
                        equal: *op == Cmp::Eq,
                    },
                    _ => Cond::Cmp(*op, a, b),
                }
            }
            ExprKind::Matches { value, glob } => {
                let value = self.operand(value);
                match text_field(&value) {
                    Some(field) => Cond::TextMatches(field, glob),
                    None => Cond::Matches(value, glob),
                }
            }
            ExprKind::Satisfies { value, expr } => Cond::Satisfies(self.operand(value), e, expr),
            ExprKind::Call { func, args } => match (func, args.as_slice()) {
                (Func::Allowed, [lic, list]) if eval::written_strings(list).is_some() => {
                    Cond::Allowed(self.operand(lic), list)
                }
                (Func::Exists, _) => {
                    let args = self.operands(args);
                    let fields: Option<Vec<ComponentField>> = args
                        .iter()
                        .map(|a| match a {
                            Operand::Field { field, .. } => Some(*field),
                            _ => None,
                        })
                        .collect();
                    match fields {
                        Some(fields) => Cond::Present(fields),
                        None => Cond::Exists(args),
                    }
                }
                (Func::VersionIn, [v, range]) if !reads_element(range, self.own) => {
                    let range = eval::eval(range, self.ctx, self.vars);
                    let range = match range {
                        Value::Str(s) | Value::License(s) => version::parse_range(&s).ok(),
                        Value::Version { text, .. } => version::parse_range(&text).ok(),
                        _ => None,
                    };
                    Cond::VersionIn(self.operand(v), range)
                }
                (Func::Allowed, _) => self.walk(e),
                _ => Cond::Call(*func, self.operands(args)),
            },
            ExprKind::Quant {
                q,
                collection,
                filter,
                body,
                ..
            } => match self.inner_list(collection) {
                Some(list)
                    if !filter.as_deref().is_some_and(|f| reads_var(f, self.own))
                        && !reads_var(body, self.own) =>
                {
                    let mut inner = Compiler {
                        own: self.own + 1,
                        components: false,
                        part_of: Some(list),
                        walks: false,
                        ctx: self.ctx,
                        vars: self.vars,
                    };
                    let filter = filter.as_deref().map(|f| inner.cond(f));
                    let body = Some(inner.cond(body));
                    let walks = inner.walks;
                    // the inner element is bound above the outer one
                    self.walks |= walks;
                    Cond::Inner {
                        q: *q,
                        list,
                        plan: Box::new(Plan {
                            filter,
                            body,
                            walks,
                        }),
                    }
                }
                _ => self.walk(e),
            },
            _ => self.walk(e),
        }
    }

    /// The list of the element that `collection` is, when the element is a component and
    /// the list one whose elements' fields a plan reads (`c.hashes`, `c.properties`,
    /// `c.external_refs`).
    fn inner_list(&self, collection: &TExpr) -> Option<ComponentField> {
        let ExprKind::Path {
            root: PathRoot::Var(id),
            fields,
        } = &collection.kind
        else {
            return None;
        };
        match fields.as_slice() {
            [f] if self.components && id.0 as usize == self.own => ComponentField::from_name(f)
                .filter(|f| {
                    matches!(
                        f,
                        ComponentField::Hashes
                            | ComponentField::Properties
                            | ComponentField::ExternalRefs
                    )
                }),
            _ => None,
        }
    }

    fn walk(&mut self, e: &'e TExpr) -> Cond<'e> {
        self.walks = true;
        Cond::Eval(e)
    }

    fn walk_operand(&mut self, e: &'e TExpr) -> Operand<'e> {
        self.walks = true;
        Operand::Eval(e)
    }

    fn operands(&mut self, args: &'e [TExpr]) -> Vec<Operand<'e>> {
        args.iter().map(|a| self.operand(a)).collect()
    }

    fn operand(&mut self, e: &'e TExpr) -> Operand<'e> {
        if !reads_element(e, self.own) {
            return Operand::Const(eval::eval(e, self.ctx, self.vars));
        }
        match &e.kind {
            ExprKind::Path {
                root: PathRoot::Var(id),
                fields,
            } if id.0 as usize == self.own => match fields.as_slice() {
                [] => Operand::Element,
                [field] if self.components => match ComponentField::from_name(field) {
                    Some(field) => Operand::Field {
                        field,
                        absent: Value::missing(String::new(), None),
                    },
                    None => self.walk_operand(e),
                },
                [field] => match self
                    .part_of
                    .and_then(|list| PartField::from_name(list, field))
                {
                    Some(part) => Operand::Part(part),
                    None => self.walk_operand(e),
                },
                _ => self.walk_operand(e),
            },
            ExprKind::Call { func, args } if *func != Func::Allowed => {
                Operand::Call(*func, self.operands(args))
            }
            _ => self.walk_operand(e),
        }
    }
}

/// The field of a string or licence operand `c.f` (one [`ComponentField::text`] answers for).
fn text_field(o: &Operand<'_>) -> Option<ComponentField> {
    match o {
        Operand::Field { field, .. } if field.text(&Component::default()).is_some() => Some(*field),
        _ => None,
    }
}

/// `satisfies` or `allowed` of operand `v`: the memo's verdict (under `key`, with the
/// allowed families from `families`) for its text; `versions`: a version's text counts too.
fn licence_test<'e>(
    v: &Operand<'e>,
    item: &Value<'e>,
    ctx: &Ctx<'e>,
    vars: &mut Vars<'e>,
    (key, versions): (usize, bool),
    families: impl Fn() -> Vec<String>,
) -> Truth {
    let judge = |s: &str| {
        ctx.licences
            .within(key, s, &families)
            .map_or(Truth::Unknown, Truth::from_bool)
    };
    match operand_text(v, item) {
        Some(text) => text.map_or(Truth::Unknown, judge),
        None => v.with(item, ctx, vars, |v, _| match v {
            Value::Str(s) | Value::License(s) => judge(s),
            Value::Version { text, .. } if versions => judge(text),
            _ => Truth::Unknown,
        }),
    }
}

/// For an operand `c.f` of a string or licence field over a component element: the
/// field's text (`None` inside when the component has none), read in place.
fn operand_text<'e>(o: &Operand<'e>, item: &Value<'e>) -> Option<Option<&'e str>> {
    match (o, item) {
        (Operand::Field { field, .. }, Value::Record(Rec::Component(c))) => field.text(c),
        _ => None,
    }
}

/// The text of `field` of the element, `None` when it has none (or is not a component).
fn component_text<'e>(field: ComponentField, item: &Value<'e>) -> Option<&'e str> {
    match item {
        Value::Record(Rec::Component(c)) => field.text(c).flatten(),
        _ => None,
    }
}

/// True when `e` reads the variable `id` itself (nested loops included).
fn reads_var(e: &TExpr, id: usize) -> bool {
    let mut found = false;
    crate::engine::ir::walk(e, &mut |x| {
        if let ExprKind::Path {
            root: PathRoot::Var(v),
            ..
        } = &x.kind
            && v.0 as usize == id
        {
            found = true;
        }
        !found
    });
    found
}

/// True when `e` may read the variable at index `own` or one bound inside it (nested
/// quantifiers count as reading it).
fn reads_element(e: &TExpr, own: usize) -> bool {
    match &e.kind {
        ExprKind::Lit(_) => false,
        ExprKind::Path { root, .. } => matches!(root, PathRoot::Var(id) if id.0 as usize >= own),
        ExprKind::List(items) => items.iter().any(|i| reads_element(i, own)),
        ExprKind::Not(a) | ExprKind::Neg(a) => reads_element(a, own),
        ExprKind::Logic(_, a, b)
        | ExprKind::Cmp(_, a, b)
        | ExprKind::Arith(_, a, b)
        | ExprKind::In(a, b) => reads_element(a, own) || reads_element(b, own),
        ExprKind::Matches { value, .. } | ExprKind::Satisfies { value, .. } => {
            reads_element(value, own)
        }
        ExprKind::Call { args, .. } => args.iter().any(|a| reads_element(a, own)),
        ExprKind::Quant { .. } | ExprKind::Aggregate { .. } => true,
    }
}

impl<'e> Cond<'e> {
    fn truth(&self, item: &Value<'e>, ctx: &Ctx<'e>, vars: &mut Vars<'e>) -> Truth {
        match self {
            Cond::Const(t) => *t,
            Cond::Logic(op, a, b) => {
                let x = a.truth(item, ctx, vars);
                match (op, x) {
                    (Logic::And, Truth::False) => Truth::False,
                    (Logic::Or, Truth::True) => Truth::True,
                    (Logic::And, _) => x.and(b.truth(item, ctx, vars)),
                    (Logic::Or, _) => x.or(b.truth(item, ctx, vars)),
                }
            }
            Cond::Not(inner) => inner.truth(item, ctx, vars).not(),
            Cond::Cmp(op, a, b) => a.with(item, ctx, vars, |x, vars| {
                b.with(item, ctx, vars, |y, _| {
                    eval::compare_values(*op, x, y, ctx.today)
                        .map_or(Truth::Unknown, Truth::from_bool)
                })
            }),
            Cond::Matches(v, glob) => v.with(item, ctx, vars, |v, _| match v {
                Value::Str(s) | Value::License(s) => Truth::from_bool(glob.matches(s)),
                Value::Version { text, .. } => Truth::from_bool(glob.matches(text)),
                _ => Truth::Unknown,
            }),
            Cond::Satisfies(v, node, expr) => {
                licence_test(v, item, ctx, vars, (eval::node_key(node), false), || {
                    licence::licence_ids(expr)
                })
            }
            Cond::Allowed(v, list) => {
                licence_test(v, item, ctx, vars, (eval::node_key(list), true), || {
                    eval::written_families(list)
                })
            }
            Cond::Exists(args) => {
                let mut present = true;
                for a in args {
                    present &= a.with(item, ctx, vars, |v, _| !matches!(v, Value::Missing(_)));
                }
                Truth::from_bool(present)
            }
            Cond::Present(fields) => match item {
                Value::Record(Rec::Component(c)) => {
                    Truth::from_bool(fields.iter().all(|f| f.present(c)))
                }
                _ => Truth::from_bool(fields.is_empty()),
            },
            Cond::TextEq { field, text, equal } => match component_text(*field, item) {
                Some(t) => Truth::from_bool((t == &**text) == *equal),
                None => Truth::Unknown,
            },
            Cond::TextMatches(field, glob) => match component_text(*field, item) {
                Some(t) => Truth::from_bool(glob.matches(t)),
                None => Truth::Unknown,
            },
            Cond::VersionIn(v, range) => v.with(item, ctx, vars, |v, _| match (v, range) {
                (Value::Version { text, ecosystem }, Some(range)) => Truth::from_bool(
                    version::in_range(text.as_ref(), range, ecosystem.as_deref()),
                ),
                _ => Truth::Unknown,
            }),
            Cond::Inner { q, list, plan } => match item {
                Value::Record(Rec::Component(c)) => match list.read(c) {
                    Some(Value::List(l)) => {
                        let mut tally = Tally::new(Loop::Quant(*q));
                        for x in l.iter() {
                            if !tally.add(plan.judge(&x, ctx, vars)) {
                                break;
                            }
                        }
                        truth(&tally.finish(&l))
                    }
                    _ => Truth::Unknown,
                },
                _ => Truth::Unknown,
            },
            Cond::Call(func, args) => truth(&call(*func, args, item, ctx, vars)),
            Cond::Eval(e) => truth(&eval::eval(e, ctx, vars)),
        }
    }
}

impl<'e> Operand<'e> {
    /// Calls `f` with the operand's value (a constant is lent, not copied).
    fn with<R>(
        &self,
        item: &Value<'e>,
        ctx: &Ctx<'e>,
        vars: &mut Vars<'e>,
        f: impl FnOnce(&Value<'e>, &mut Vars<'e>) -> R,
    ) -> R {
        match self {
            Operand::Const(v) => f(v, vars),
            Operand::Element => f(item, vars),
            Operand::Part(part) => match part.text(item) {
                Some(t) => f(&Value::Str(std::borrow::Cow::Borrowed(t)), vars),
                None => f(&Value::missing(String::new(), None), vars),
            },
            Operand::Field { field, absent } => match item {
                Value::Record(Rec::Component(c)) => match field.read(c) {
                    // The value only borrows from the component (`ComponentField::read`):
                    // nothing to free, so its drop (a call per element and field) is skipped.
                    Some(v) => f(&std::mem::ManuallyDrop::new(v), vars),
                    None => f(absent, vars),
                },
                _ => f(absent, vars),
            },
            _ => {
                let v = self.value(item, ctx, vars);
                f(&v, vars)
            }
        }
    }

    fn value(&self, item: &Value<'e>, ctx: &Ctx<'e>, vars: &mut Vars<'e>) -> Value<'e> {
        match self {
            Operand::Const(v) => v.clone(),
            Operand::Field { field, absent } => match item {
                Value::Record(Rec::Component(c)) => field.read(c).unwrap_or_else(|| absent.clone()),
                _ => absent.clone(),
            },
            Operand::Element => item.clone(),
            Operand::Part(part) => part.text(item).map_or_else(
                || Value::missing(String::new(), None),
                |t| Value::Str(std::borrow::Cow::Borrowed(t)),
            ),
            Operand::Call(func, args) => call(*func, args, item, ctx, vars),
            Operand::Eval(e) => eval::eval(e, ctx, vars),
        }
    }
}

fn call<'e>(
    func: Func,
    args: &[Operand<'e>],
    item: &Value<'e>,
    ctx: &Ctx<'e>,
    vars: &mut Vars<'e>,
) -> Value<'e> {
    // one or two arguments are lent, not built: no copy of a constant or the element
    match args {
        [a] => a.with(item, ctx, vars, |x, _| {
            eval::finish_call_ref(func, &[x], ctx)
        }),
        [a, b] => a.with(item, ctx, vars, |x, vars| {
            b.with(item, ctx, vars, |y, _| {
                eval::finish_call_ref(func, &[x, y], ctx)
            })
        }),
        _ => eval::call_with(func, args, ctx, vars, |a, vars| a.value(item, ctx, vars)),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::eval::judge;
    use crate::engine::value::TenderFacts;
    use crate::evidence::model::Evidence;
    use crate::lang::ast::Date;

    /// Components with and without each field, licences that are and are not SPDX, mixed
    /// case, several ecosystems and hash spellings.
    /// The evaluation date of the tests (the test tenders' publication date).
    pub(crate) const TODAY: Date = Date {
        year: 2027,
        month: 1,
        day: 15,
    };

    /// The evaluation context of the tests (no fused loops).
    pub(crate) fn ctx_of<'e>(
        evidence: &'e Evidence,
        tender: &'e TenderFacts,
        licences: &'e licence::Memo,
    ) -> Ctx<'e> {
        Ctx {
            evidence,
            tender,
            today: TODAY,
            licences,
            loops: None,
        }
    }

    pub(crate) fn facts() -> TenderFacts {
        TenderFacts {
            published: Some(TODAY),
            ..TenderFacts::default()
        }
    }

    /// A checked tender of one knock-out clause per condition (`require <condition>`).
    pub(crate) fn tender_requiring<'a>(
        conditions: impl IntoIterator<Item = &'a str>,
    ) -> crate::engine::ir::Tender {
        let mut src = String::from(
            "tender \"T\" {\n  title.en \"T\"\n  published 2027-01-15\n  languages en\n}\n",
        );
        for (i, c) in conditions.into_iter().enumerate() {
            src.push_str(&format!(
                "clause C-{i} \"c\" knockout {{\n  text.en \"x\"\n  require {c}\n}}\n"
            ));
        }
        crate::engine::compile_for_test(&src)
    }

    pub(crate) fn evidence() -> Evidence {
        evidence_of(40)
    }

    /// `n` such components (the same 40 kinds, cycled).
    pub(crate) fn evidence_of(n: usize) -> Evidence {
        let licences = [
            r#"[{"license": {"id": "MIT"}}]"#,
            r#"[{"expression": "MIT OR GPL-3.0-only"}]"#,
            r#"[{"expression": "GPL-3.0-or-later AND MIT"}]"#,
            r#"[{"license": {"name": "Some custom licence ("}}]"#,
            r#"[{"license": {"id": "Apache-2.0"}}]"#,
            "[]",
        ];
        let names = [
            "left-pad", "Debug-x", "debug", "express", "ÄÖ-lib", "lodash",
        ];
        let versions = [
            r#""1.2.0""#,
            r#""2.0.0""#,
            "null",
            r#""0.9.0-beta""#,
            r#""abc""#,
        ];
        let (sha512, sha256) = ("ab".repeat(64), "cd".repeat(32));
        let hashes = [
            format!(r#"[{{"alg": "SHA-512", "content": "{sha512}"}}]"#),
            "[]".to_owned(),
            format!(r#"[{{"alg": "SHA-256", "content": "{sha256}"}}]"#),
        ];
        let components: Vec<String> = (0..n)
            .map(|i| {
                let name = names[i % names.len()];
                let version = versions[i % versions.len()];
                let purl = match (i % 3, version) {
                    (0, _) | (_, "null") => String::new(),
                    (1, v) => format!(r#", "purl": "pkg:npm/{name}@{}""#, v.trim_matches('"')),
                    (_, v) => format!(r#", "purl": "pkg:cargo/{name}@{}""#, v.trim_matches('"')),
                };
                let version = if version == "null" { String::new() } else { format!(r#", "version": {version}"#) };
                // properties of the BSI set's shape, one with an empty value; a reference
                let parts = match i % 4 {
                    0 => r#", "properties": [{"name": "bsi:component:filename", "value": "a.js"}, {"name": "x", "value": "y"}]"#,
                    1 => r#", "properties": [{"name": "bsi:component:filename", "value": ""}], "externalReferences": [{"type": "vcs", "url": "https://example.org/r"}]"#,
                    _ => "",
                };
                format!(
                    r#"{{"type": "library", "name": "{name}"{version}{purl}, "licenses": {}, "hashes": {}{parts}}}"#,
                    licences[i % licences.len()],
                    hashes[i % hashes.len()],
                )
            })
            .collect();
        let bom = format!(
            r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [{}]}}"#,
            components.join(",")
        );
        let sbom = crate::evidence::load::load_sbom(
            "t.cdx.json",
            bom.as_bytes(),
            &crate::limits::Limits::default(),
        )
        .unwrap();
        let mut ev = Evidence::default();
        ev.add_sbom(sbom);
        ev
    }

    pub(crate) const CONDITIONS: &[&str] = &[
        r#"all c in sbom.components: allowed(c.license, ["MIT", "ISC", "Apache-2.0"])"#,
        r#"none c in sbom.components: c.license satisfies "GPL-3.0-only OR AGPL-3.0-only""#,
        r#"all c in sbom.components where c.name matches "debug*": c.version >= v"2.0.0""#,
        r#"share(c in sbom.components where exists(c.purl)) >= 95%"#,
        r#"count(c in sbom.components where has_hash(c, "SHA-512")) >= 1"#,
        r#"none c in sbom.components where c.name == "left-pad": version_in(c.version, "<1.3.0")"#,
        r#"all c in sbom.components: exists(c.version) and len(c.name) < 7"#,
        r#"any c in sbom.components: lower(c.name) == "äö-lib""#,
        r#"all c in sbom.components: not (c.name in ["lodash", "express"]) or c.version < v"1.0""#,
        r#"all c in sbom.components: exists(c.license) and exists(c.purl) or tender.published > 2030-01-01"#,
        r#"all c in sbom.components: any h in c.hashes: h.alg == "SHA-512""#,
        r#"all c in sbom.components: c.ecosystem == "npm" or c.purl == "x""#,
        r#"all c in sbom.components: version_in(c.version, c.name)"#,
        r#"all c in sbom.components: allowed(c.license, [c.name, "MIT"])"#,
        r#"all c in sbom.components: starts_with(c.purl, "pkg:npm") == (c.ecosystem == "npm")"#,
        r#"all c in sbom.components: "lodash" != c.name or c.license != "MIT""#,
        r#"all c in sbom.components: exists(c.purl) and exists(c.hashes) or exists(c.version)"#,
        r#"any c in sbom.components: c.license matches "GPL*" and c.purl matches "pkg:cargo/*""#,
        r#"all c in sbom.components: c.group == "x" or c.name == "debug""#,
        r#"none c in sbom.components: c.license satisfies "GPL-3.0-or-later" and c.ecosystem != "npm""#,
        r#"share(c in sbom.components where (any p in c.properties: p.name == "bsi:component:filename" and p.value != "")) >= 50%"#,
        r#"all c in sbom.components: none p in c.properties where p.name matches "bsi:*": p.value == """#,
        r#"all c in sbom.components: any r in c.external_refs: r.type in ["vcs", "website"] and exists(r.url)"#,
        r#"all c in sbom.components: all h in c.hashes: len(h.value) == 128 or h.alg == "MD5""#,
    ];

    /// Field comparisons, globs and `exists` of fields are read in place, not through
    /// values (the agreement test below would pass either way).
    #[test]
    fn field_tests_compile_to_in_place_reads() {
        let ev = evidence();
        let facts = TenderFacts::default();
        let memo = licence::Memo::default();
        let ctx = ctx_of(&ev, &facts, &memo);
        let tender = tender_requiring([
            r#"all c in sbom.components: "x" != c.license and c.name matches "a*" and exists(c.purl) and c.version == v"1""#,
        ]);
        let Some(ExprKind::Quant { body, .. }) = tender
            .items
            .first()
            .and_then(|i| i.requires.first())
            .map(|e| &e.kind)
        else {
            panic!("no loop")
        };
        let mut vars = Vec::new();
        let list = List::Components(&ev.components);
        let plan = Plan::compiled(None, Some(body), &list, &ctx, &mut vars);
        let shape = format!("{:?}", plan.body);
        for want in ["TextEq", "TextMatches", "Present", "Cmp(Eq, Field"] {
            assert!(shape.contains(want), "{want} in {shape}");
        }
        assert!(!plan.walks, "{shape}");
        // a loop in the loop over the component's own list is compiled with it
        let tender = tender_requiring([
            r#"all c in sbom.components: any p in c.properties: p.name == "x" and p.value != """#,
            r#"all c in sbom.components: any p in c.properties: p.name == c.name"#,
        ]);
        let mut shapes = tender.items.iter().map(|item| {
            let Some(ExprKind::Quant { body, .. }) = item.requires.first().map(|e| &e.kind) else {
                panic!("no loop")
            };
            let plan = Plan::compiled(None, Some(body), &list, &ctx, &mut vars);
            (format!("{:?}", plan.body), plan.walks)
        });
        let Some((inner, walks)) = shapes.next() else {
            panic!()
        };
        assert!(
            inner.contains("Inner") && inner.contains("Part(PropertyName)"),
            "{inner}"
        );
        assert!(!walks, "{inner}");
        // the inner body reads `c`: left to the tree walker
        let Some((outer, walks)) = shapes.next() else {
            panic!()
        };
        assert!(outer.starts_with("Some(Eval("), "{outer}");
        assert!(walks);
    }

    /// The two routes agree: for every element of every loop, the plan gives the filter's
    /// and the body's truth that the tree walker gives.
    #[test]
    fn plans_judge_like_the_tree_walker() {
        let ev = evidence();
        let facts = facts();
        let memo = licence::Memo::default();
        let ctx = ctx_of(&ev, &facts, &memo);
        let tender = tender_requiring(CONDITIONS.iter().copied());
        let mut checked = 0;
        for (item, cond) in tender.items.iter().zip(CONDITIONS) {
            let Some(r) = item.requires.first() else {
                panic!("{cond}")
            };
            let mut stack = vec![r];
            while let Some(e) = stack.pop() {
                let (collection, filter, body) = match &e.kind {
                    ExprKind::Quant {
                        collection,
                        filter,
                        body,
                        ..
                    } => (collection, filter, Some(&**body)),
                    ExprKind::Aggregate {
                        collection, filter, ..
                    } => (collection, filter, None),
                    ExprKind::Cmp(_, a, b) => {
                        stack.extend([&**a, &**b]);
                        continue;
                    }
                    _ => continue,
                };
                let mut vars = Vec::new();
                let Value::List(list) = eval::eval(collection, &ctx, &mut vars) else {
                    panic!("{cond}")
                };
                let plan = Plan::compiled(filter.as_deref(), body, &list, &ctx, &mut vars);
                let mut seen = std::collections::BTreeSet::new();
                for item in list.iter() {
                    let walked = judge(&item, filter.as_deref(), body, &ctx, &mut vars);
                    let planned = plan.judge(&item, &ctx, &mut vars);
                    assert_eq!(planned, walked, "{cond}: {}", item.display());
                    seen.insert(format!("{walked:?}"));
                }
                assert!(vars.is_empty());
                assert!(
                    seen.len() > 1,
                    "{cond} judged every element alike: {seen:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, CONDITIONS.len());
    }
}
