//! The fused pass: every loop over a bid's (long) component list judged in one walk of the
//! list, before the items are assessed.
//!
//! A tender has dozens of clauses of the form `all c in sbom.components: …`; evaluated one
//! after the other, each walks 100,000 components, and at that size each walk reads the
//! components from main memory again (issue #4: evaluation was memory-bound, not
//! instruction-bound). Here the loops are judged together, a block of components at a
//! time, so a block is read from memory once and stays in cache while every loop looks at
//! it. The loops are shared out over threads (each with its own block walk); since
//! evaluation is pure, the results do not depend on how many threads ran or in what order.
//!
//! Only loops that stand outside any other loop qualify (their filter and body read no
//! variable but their own), and only over a list of at least [`FUSE_FROM`] components. Each
//! loop uses the same [`Plan`] and [`Tally`] as [`eval`](crate::engine::eval) does, so it
//! yields exactly the value the tree walker would; [`eval::eval`] then takes that value
//! instead of walking the list again. Loops the pass does not cover are evaluated as
//! before.

use std::collections::HashMap;
use std::mem::ManuallyDrop;

use crate::engine::eval::{self, Ctx, Loop, Tally, Vars, node_key};
use crate::engine::ir::{self, ExprKind, TExpr};
use crate::engine::licence;
use crate::engine::plan::Plan;
use crate::engine::value::{List, Rec, TenderFacts, Value};
use crate::evidence::model::Evidence;
use crate::lang::ast::Date;

/// Lists shorter than this are walked once per loop, as before (the pass would not pay).
pub const FUSE_FROM: usize = 4096;

/// Components judged by every loop before the next ones are read: small enough that the
/// block's components and their strings stay in the core's cache.
const BLOCK: usize = 256;

/// At most this many threads.
const MAX_THREADS: usize = 8;

/// The values of the loops the pass judged, by node.
#[derive(Debug, Default)]
pub struct Loops {
    done: HashMap<usize, Value<'static>>,
}

impl Loops {
    /// The value of loop node `e`, when the pass judged it.
    pub fn get<'e>(&self, e: &TExpr) -> Option<Value<'e>> {
        self.done.get(&node_key(e)).cloned()
    }

    /// How many loops the pass judged.
    pub fn len(&self) -> usize {
        self.done.len()
    }

    pub fn is_empty(&self) -> bool {
        self.done.is_empty()
    }
}

/// Judges every qualifying loop of `tender` over the components of `ctx.evidence`, on up to
/// `threads` threads (at least one; the caller decides, usually the machine's cores).
pub fn run(tender: &ir::Tender, ctx: &Ctx<'_>, threads: usize) -> Loops {
    run_from(tender, ctx, threads, FUSE_FROM)
}

/// [`run`] for lists of at least `from` components.
fn run_from(tender: &ir::Tender, ctx: &Ctx<'_>, threads: usize, from: usize) -> Loops {
    if ctx.evidence.components.len() < from {
        return Loops::default();
    }
    let loops = outer_loops(tender, ctx);
    if loops.is_empty() {
        return Loops::default();
    }
    let threads = threads.clamp(1, MAX_THREADS).min(loops.len());
    // Round robin: neighbouring clauses of a tender are often alike, so each thread gets a
    // similar mix.
    let shares: Vec<Vec<&TExpr>> = (0..threads)
        .map(|t| loops.iter().skip(t).step_by(threads).copied().collect())
        .collect();
    let (evidence, tender_facts, today) = (ctx.evidence, ctx.tender, ctx.today);
    let results: Vec<Vec<(usize, Option<Value<'static>>)>> = if threads == 1 {
        shares
            .iter()
            .map(|s| judge_share(s, evidence, tender_facts, today))
            .collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = shares
                .iter()
                .map(|s| {
                    let thread = std::thread::Builder::new().name("tenderguard-loops".into());
                    let judge = move || judge_share(s, evidence, tender_facts, today);
                    (s, thread.spawn_scoped(scope, judge))
                })
                .collect();
            // a loop left out (a thread that could not be started or failed) is judged
            // by the tree walker later, as a loop below the threshold is
            handles
                .into_iter()
                .map(|(_, h)| h.ok().and_then(|h| h.join().ok()).unwrap_or_default())
                .collect()
        })
    };
    Loops {
        done: results
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect(),
    }
}

/// The loops that stand outside any other loop and walk the bid's component list.
fn outer_loops<'t>(tender: &'t ir::Tender, ctx: &Ctx<'_>) -> Vec<&'t TExpr> {
    let mut found = Vec::new();
    for item in &tender.items {
        for expr in item.exprs() {
            ir::walk(expr, &mut |e| match &e.kind {
                ExprKind::Quant { collection, .. } | ExprKind::Aggregate { collection, .. } => {
                    if walks_components(collection, ctx) {
                        found.push(e);
                    }
                    false
                }
                _ => true,
            });
        }
    }
    found
}

/// Whether `collection` (outside any loop) is the bid's component list.
fn walks_components(collection: &TExpr, ctx: &Ctx<'_>) -> bool {
    let ExprKind::Path { root, .. } = &collection.kind else {
        return false;
    };
    if !matches!(root, ir::PathRoot::Sbom) {
        return false;
    }
    let no_loops = Ctx {
        loops: None,
        ..*ctx
    };
    matches!(
        eval::eval(collection, &no_loops, &mut Vec::new()),
        Value::List(List::Components(c)) if std::ptr::eq(c, ctx.evidence.components.as_slice())
    )
}

/// Judges one thread's loops, block by block. A loop's value is kept only when it owns
/// all its data (numbers, truths, "missing" notes), which every loop value does.
fn judge_share<'e>(
    loops: &[&'e TExpr],
    evidence: &'e Evidence,
    tender: &'e TenderFacts,
    today: Date,
) -> Vec<(usize, Option<Value<'static>>)> {
    let licences = licence::Memo::default();
    let ctx = Ctx {
        evidence,
        tender,
        today,
        licences: &licences,
        loops: None,
    };
    let list = List::Components(&evidence.components);
    let mut vars: Vars<'_> = Vec::new();
    let mut running: Vec<(usize, Plan<'_>, Tally)> = loops
        .iter()
        .filter_map(|e| {
            let (kind, filter, body) = match &e.kind {
                ExprKind::Quant {
                    q, filter, body, ..
                } => (Loop::Quant(*q), filter.as_deref(), Some(&**body)),
                ExprKind::Aggregate { agg, filter, .. } => {
                    (Loop::Agg(*agg), filter.as_deref(), None)
                }
                _ => return None,
            };
            let plan = Plan::compiled(filter, body, &list, &ctx, &mut vars);
            Some((node_key(e), plan, Tally::new(kind)))
        })
        .collect();
    for block in evidence.components.chunks(BLOCK) {
        let mut open = false;
        for (_, plan, tally) in running.iter_mut().filter(|(_, _, t)| !t.decided()) {
            for c in block {
                // what `list.iter()` yields; it only borrows, so there is nothing to drop
                let item = ManuallyDrop::new(Value::Record(Rec::Component(c)));
                if !tally.add(plan.judge(&item, &ctx, &mut vars)) {
                    break;
                }
            }
            open |= !tally.decided();
        }
        if !open {
            break;
        }
    }
    running
        .iter()
        .map(|(key, _, tally)| (*key, owned(tally.finish(&list))))
        .collect()
}

/// `v` without borrowed parts, when it has none.
fn owned(v: Value<'_>) -> Option<Value<'static>> {
    Some(match v {
        Value::Bool(b) => Value::Bool(b),
        Value::Number(n) => Value::Number(n),
        Value::Percent(n) => Value::Percent(n),
        Value::Missing(m) => Value::Missing(m),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::tests::{CONDITIONS, ctx_of, evidence_of, facts, tender_requiring};

    /// Loops the pass must judge like the tree walker: the plan tests' conditions plus
    /// loops beside, inside and around other expressions.
    const MORE: &[&str] = &[
        r#"count(c in sbom.components where c.name matches "debug*") >= 1 and share(c in sbom.components where exists(c.version)) < 90%"#,
        r#"all c in sbom.components where count(h in c.hashes where h.alg == "SHA-512") > 0: exists(c.license)"#,
        r#"any c in sbom.components: c.name == "no-such-component""#,
        r#"none c in sbom.components: c.name == "lodash""#,
        r#"all d in sbom.documents: d.spec_version >= v"1.5""#,
        r#"share(c in sbom.components) >= 1%"#,
    ];

    #[test]
    fn the_pass_gives_what_the_tree_walker_gives_on_any_thread_count() {
        // three blocks and a part: loops decided in the first, a later or no block
        let ev = evidence_of(BLOCK * 3 + 17);
        let facts = facts();
        let memo = licence::Memo::default();
        let ctx = ctx_of(&ev, &facts, &memo);
        let tender = tender_requiring(CONDITIONS.iter().chain(MORE).copied());
        let walked: Vec<String> = tender
            .items
            .iter()
            .flat_map(|i| i.exprs())
            .map(|e| format!("{:?}", eval::eval(e, &ctx, &mut Vec::new())))
            .collect();
        // every condition but the one over documents has one outer component loop, the
        // first of MORE has two
        let outer = CONDITIONS.len() + MORE.len() - 1 + 1;
        assert!(
            walked.iter().any(|v| v.contains("false")) && walked.iter().any(|v| v.contains("true")),
            "{walked:?}"
        );
        for threads in [1, 2, 3, 8] {
            let fused = run_from(&tender, &ctx, threads, 16);
            assert_eq!(fused.len(), outer, "{threads} threads");
            let with = Ctx {
                loops: Some(&fused),
                ..ctx
            };
            let got: Vec<String> = tender
                .items
                .iter()
                .flat_map(|i| i.exprs())
                .map(|e| format!("{:?}", eval::eval(e, &with, &mut Vec::new())))
                .collect();
            assert_eq!(got, walked, "{threads} threads");
        }
        // below the threshold nothing is judged ahead
        assert!(run_from(&tender, &ctx, 2, ev.components.len() + 1).is_empty());
    }

    /// The pass really supplies the values: a planted value is what `eval` returns.
    #[test]
    fn eval_takes_the_value_of_the_pass() {
        let ev = evidence_of(20);
        let facts = TenderFacts::default();
        let memo = licence::Memo::default();
        let tender = tender_requiring(["all c in sbom.components: exists(c.name)"]);
        let Some(e) = tender.items.first().and_then(|i| i.requires.first()) else {
            panic!("no require")
        };
        let mut loops = Loops::default();
        loops.done.insert(node_key(e), Value::Bool(false));
        let ctx = Ctx {
            loops: Some(&loops),
            ..ctx_of(&ev, &facts, &memo)
        };
        assert!(matches!(
            eval::eval(e, &ctx, &mut Vec::new()),
            Value::Bool(false)
        ));
        let ctx = Ctx { loops: None, ..ctx };
        assert!(matches!(
            eval::eval(e, &ctx, &mut Vec::new()),
            Value::Bool(true)
        ));
    }
}
