//! Explanations: why a condition did not hold, in plain words, with its witnesses.
//!
//! Called only for conditions whose truth was `false` or `unknown`. It walks the expression
//! again and finds what is to blame: the elements of a quantifier that fail (or lack
//! evidence), the value on the left of a failing comparison, the missing path behind an
//! `unknown`. Witnesses are capped at `max` while the total is always counted, so a
//! 100,000-component SBOM explains itself in a few lines ("…and 4,812 more" is the
//! renderer's job). Expressions are quoted from the tender's source text.

use crate::diag::SourceMap;
use crate::engine::eval::{self, Ctx, Vars, element_truth, judge, plural, truth};
use crate::engine::ir::{Cmp, ExprKind, Logic, PathRoot, TExpr, VarId};
use crate::engine::value::{self, Truth, Value};
use crate::engine::verdict::Witness;
use crate::lang::ast::Quantifier;

/// An explanation: text, the first witnesses and how many there are in all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finding {
    pub text: String,
    pub witnesses: Vec<Witness>,
    pub count: usize,
}

/// Explains why `e` came out as `outcome` (`False` or `Unknown`).
pub fn explain<'e>(
    e: &'e TExpr,
    outcome: Truth,
    ctx: &Ctx<'e>,
    sources: &SourceMap,
    max: usize,
) -> Finding {
    let mut vars = Vec::new();
    Explainer { ctx, sources, max }.explain(e, outcome, &mut vars)
}

/// Joins findings: texts with `; `, witnesses up to `max`, counts added.
pub fn merge(findings: impl Iterator<Item = Finding>, max: usize) -> Finding {
    let mut out = Finding::default();
    for f in findings {
        if !f.text.is_empty() {
            if !out.text.is_empty() {
                out.text.push_str("; ");
            }
            out.text.push_str(&f.text);
        }
        out.count += f.count;
        let room = max.saturating_sub(out.witnesses.len());
        out.witnesses.extend(f.witnesses.into_iter().take(room));
    }
    out
}

struct Explainer<'a, 'e> {
    ctx: &'a Ctx<'e>,
    sources: &'a SourceMap,
    max: usize,
}

impl<'e> Explainer<'_, 'e> {
    /// The source text of an expression, as written in the tender.
    fn src(&self, e: &TExpr) -> String {
        let text = self.sources.text(e.file);
        let s = text.get(e.span.range()).unwrap_or("the condition");
        let one_line: Vec<&str> = s.split_whitespace().collect();
        one_line.join(" ")
    }

    fn explain(&self, e: &'e TExpr, outcome: Truth, vars: &mut Vars<'e>) -> Finding {
        match &e.kind {
            ExprKind::Quant {
                q,
                var,
                collection,
                filter,
                body,
                ..
            } => self.quantifier(*q, *var, collection, filter.as_deref(), body, outcome, vars),
            ExprKind::Logic(op, a, b) => self.logic(*op, a, b, outcome, vars),
            ExprKind::Cmp(op, a, b) if outcome == Truth::False => self.comparison(*op, a, b, vars),
            _ if outcome == Truth::Unknown => self.missing(e, vars),
            ExprKind::Not(inner) => Finding {
                text: format!("`{}` holds, but must not", self.src(inner)),
                ..Finding::default()
            },
            _ => self.plain_false(e, vars),
        }
    }

    fn logic(
        &self,
        op: Logic,
        a: &'e TExpr,
        b: &'e TExpr,
        outcome: Truth,
        vars: &mut Vars<'e>,
    ) -> Finding {
        let parts: Vec<Finding> = [a, b]
            .into_iter()
            .filter_map(|side| {
                let t = truth(&eval::eval(side, self.ctx, vars));
                (t == outcome || (op == Logic::Or && t != Truth::True))
                    .then(|| self.explain(side, t, vars))
            })
            .collect();
        let mut f = merge(parts.into_iter(), self.max);
        if op == Logic::Or && outcome == Truth::False {
            f.text = format!("neither holds: {}", f.text);
        }
        f
    }

    /// A failing comparison: "`attestation.support.end` is 2029-06-30; required: >= 2032-01-15".
    fn comparison(&self, op: Cmp, a: &'e TExpr, b: &'e TExpr, vars: &mut Vars<'e>) -> Finding {
        let (x, y) = (eval::eval(a, self.ctx, vars), eval::eval(b, self.ctx, vars));
        let rhs = match b.kind {
            ExprKind::Lit(_) => y.display(),
            _ => format!("{} (`{}`)", y.display(), self.src(b)),
        };
        let text = format!(
            "`{}` is {}; required: {} {rhs}",
            self.src(a),
            x.display(),
            cmp_symbol(op),
        );
        let witness = Witness {
            subject: self.subject_of(a, vars),
            value: Some(x.display()),
            provenance: self.provenance_of(a, vars),
        };
        Finding {
            text,
            witnesses: vec![witness],
            count: 1,
        }
    }

    /// An `unknown`: name the missing evidence.
    fn missing(&self, e: &'e TExpr, vars: &mut Vars<'e>) -> Finding {
        match eval::eval(e, self.ctx, vars) {
            Value::Missing(m) => Finding {
                text: format!("missing evidence: `{}`", m.what),
                witnesses: vec![Witness {
                    subject: m.what.clone(),
                    value: None,
                    provenance: m.at.clone(),
                }],
                count: 1,
            },
            _ => Finding {
                text: format!("cannot evaluate `{}`", self.src(e)),
                ..Finding::default()
            },
        }
    }

    fn plain_false(&self, e: &TExpr, vars: &mut Vars<'e>) -> Finding {
        let mut f = Finding {
            text: format!("`{}` is false", self.src(e)),
            ..Finding::default()
        };
        if let ExprKind::Path { .. } = e.kind {
            f.witnesses.push(Witness {
                subject: self.subject_of(e, vars),
                value: Some("false".into()),
                provenance: self.provenance_of(e, vars),
            });
            f.count = 1;
        }
        f
    }

    #[allow(clippy::too_many_arguments)]
    fn quantifier(
        &self,
        q: Quantifier,
        var: VarId,
        collection: &'e TExpr,
        filter: Option<&'e TExpr>,
        body: &'e TExpr,
        outcome: Truth,
        vars: &mut Vars<'e>,
    ) -> Finding {
        let list = match eval::eval(collection, self.ctx, vars) {
            Value::List(l) => l,
            _ => return self.missing(collection, vars),
        };
        // the element outcome that is to blame
        let blame = match (q, outcome) {
            (_, Truth::Unknown) => Truth::Unknown,
            (Quantifier::All, _) => Truth::False,
            (Quantifier::None, _) => Truth::True,
            (Quantifier::Any, _) => {
                return Finding {
                    text: format!(
                        "none of the {} {} in `{}` meets `{}`",
                        list.len(),
                        plural(&list),
                        self.src(collection),
                        self.src(body)
                    ),
                    ..Finding::default()
                };
            }
        };
        let focus = focus_path(body, var);
        let filter_focus = filter.and_then(|fl| focus_path(fl, var));
        let mut f = Finding::default();
        // elements whose `where` filter, not the body, lacks evidence
        let mut unknown_filter = 0;
        for item in list.iter() {
            let (ft, bt) = judge(&item, filter, Some(body), self.ctx, vars);
            if ft == Truth::False || element_truth(q, ft, bt) != blame {
                continue;
            }
            f.count += 1;
            let on_filter = blame == Truth::Unknown && ft == Truth::Unknown;
            unknown_filter += usize::from(on_filter);
            if f.witnesses.len() < self.max {
                let focus = if on_filter { filter_focus } else { focus };
                f.witnesses
                    .push(self.element_witness(&item, focus, blame, vars));
            }
        }
        let what = match blame {
            Truth::Unknown => "lack the evidence for",
            Truth::True => "match",
            Truth::False => "fail",
        };
        let about = match filter {
            Some(fl) if unknown_filter > 0 && unknown_filter == f.count => {
                format!("`{}`", self.src(fl))
            }
            Some(fl) if unknown_filter > 0 => {
                format!("`{}` or `{}`", self.src(fl), self.src(body))
            }
            _ => format!("`{}`", self.src(body)),
        };
        f.text = format!(
            "{} of {} {} {what} {about}",
            f.count,
            list.len(),
            plural(&list),
        );
        f
    }

    /// A witness for one element: the element, and the value of the path the body reads.
    fn element_witness(
        &self,
        item: &Value<'e>,
        focus: Option<&'e TExpr>,
        blame: Truth,
        vars: &mut Vars<'e>,
    ) -> Witness {
        let subject = match item {
            Value::Record(r) => value::record_subject(r),
            other => other.display(),
        };
        let mut provenance = match item {
            Value::Record(r) => value::record_provenance(r),
            _ => None,
        };
        let mut shown = None;
        if let Some(path) = focus {
            vars.push(item.clone());
            let v = eval::eval(path, self.ctx, vars);
            if let Some(p) = self.provenance_of(path, vars) {
                provenance = Some(p);
            }
            vars.pop();
            shown = match v {
                Value::Missing(_) if blame == Truth::Unknown => None,
                v => Some(format!("{} = {}", field_name(path), v.display())),
            };
        }
        Witness {
            subject,
            value: shown,
            provenance,
        }
    }

    /// What a witness is about: the path as written, or the record a variable stands for.
    fn subject_of(&self, e: &TExpr, vars: &Vars<'e>) -> String {
        if let ExprKind::Path {
            root: PathRoot::Var(id),
            fields,
        } = &e.kind
            && let Some(Value::Record(r)) = vars.get(id.0 as usize)
        {
            let mut s = value::record_subject(r);
            for f in fields {
                s.push('.');
                s.push_str(f);
            }
            return s;
        }
        self.src(e)
    }

    /// Where the value of a path is in the bid: the record before the last field, then the
    /// field's pointer.
    fn provenance_of(
        &self,
        e: &TExpr,
        vars: &mut Vars<'e>,
    ) -> Option<crate::evidence::model::Provenance> {
        let ExprKind::Path { root, fields } = &e.kind else {
            return None;
        };
        let (last, prefix) = fields.split_last()?;
        let record = crate::evidence::schema::Ty::Record(String::new());
        match eval::path(*root, prefix, &record, self.ctx, vars) {
            Value::Record(r) => value::field_provenance(&r, last),
            Value::Missing(m) => m.at,
            _ => None,
        }
    }
}

/// The first path in `body` that reads a field of the quantified variable.
fn focus_path(body: &TExpr, var: VarId) -> Option<&TExpr> {
    let mut stack = vec![body];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Path {
                root: PathRoot::Var(v),
                fields,
            } if *v == var && !fields.is_empty() => return Some(e),
            ExprKind::Path { .. } | ExprKind::Lit(_) => {}
            ExprKind::List(items) => stack.extend(items.iter().rev()),
            ExprKind::Not(a) | ExprKind::Neg(a) => stack.push(a),
            ExprKind::Logic(_, a, b)
            | ExprKind::Cmp(_, a, b)
            | ExprKind::Arith(_, a, b)
            | ExprKind::In(a, b) => {
                stack.push(b);
                stack.push(a);
            }
            ExprKind::Matches { value, .. } | ExprKind::Satisfies { value, .. } => {
                stack.push(value)
            }
            ExprKind::Call { args, .. } => stack.extend(args.iter().rev()),
            ExprKind::Quant { body, filter, .. } => {
                stack.push(body);
                if let Some(f) = filter {
                    stack.push(f);
                }
            }
            ExprKind::Aggregate { filter, .. } => {
                if let Some(f) = filter {
                    stack.push(f);
                }
            }
        }
    }
    None
}

/// `license` for `c.license`.
fn field_name(path: &TExpr) -> String {
    match &path.kind {
        ExprKind::Path { fields, .. } => fields.join("."),
        _ => String::new(),
    }
}

fn cmp_symbol(op: Cmp) -> &'static str {
    match op {
        Cmp::Eq => "==",
        Cmp::Ne => "!=",
        Cmp::Lt => "<",
        Cmp::Le => "<=",
        Cmp::Gt => ">",
        Cmp::Ge => ">=",
    }
}
