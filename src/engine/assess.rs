//! Assessing bids: a checked tender × one bid's evidence → an [`Assessment`] (the
//! compliance matrix), and several bids → a [`Comparison`].
//!
//! Per item: a waiver for the vendor that has not expired turns a failing or unknown
//! verdict into `waived`; a `when` that is false makes the item `not_applicable`; every
//! `require` must hold (`fail` when one is false, `unknown` when none is false but the
//! evidence for one is missing). Criteria are scored 0–100 by their rule; missing evidence
//! gives no score (and counts as 0 in the award score). A bid that fails a knock-out (or
//! whose knock-out is unknown under [`UnknownPolicy::Fail`]) is disqualified and not scored.
//!
//! Explanations and witnesses come from `engine::explain`, only for items that did not pass,
//! so the common case costs one truth evaluation per `require`.

use crate::diag::SourceMap;
use crate::engine::eval::{self, Ctx, point_scalar, scalar, truth};
use crate::engine::explain::{self, Finding};
use crate::engine::ir::{self, Score};
use crate::engine::value::{TenderFacts, Truth, Value};
use crate::engine::verdict::{
    Assessment, ClauseResult, Comparison, ItemKind, Status, Summary, Verdict, WaiverInfo,
};
use crate::engine::{fused, licence};
use crate::evidence::model::Evidence;
use crate::lang::ast::Date;

/// How an `unknown` knock-out counts (`--unknown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownPolicy {
    /// Missing evidence for a knock-out disqualifies the bid (the default).
    #[default]
    Fail,
    /// Missing evidence is reported but does not disqualify.
    Warn,
}

/// Options for one evaluation.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// The evaluation date; by default the tender's publication date.
    pub as_of: Option<Date>,
    /// Witnesses kept per result (the total is always counted).
    pub max_witnesses: usize,
    pub unknown: UnknownPolicy,
    /// The language of titles (`en`, `nl`); falls back to the first title.
    pub lang: String,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            as_of: None,
            max_witnesses: 10,
            unknown: UnknownPolicy::Fail,
            lang: "en".into(),
        }
    }
}

/// Why a bid cannot be evaluated at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssessError {
    #[error("the tender has no `published` date and no evaluation date was given")]
    NoDate,
}

/// Evaluates every item of the tender against one bid. `vendor` names the bid when its
/// manifest does not (the folder name).
pub fn assess(
    tender: &ir::Tender,
    evidence: &Evidence,
    vendor: &str,
    sources: &SourceMap,
    opts: &EvalOptions,
) -> Result<Assessment, AssessError> {
    let today = opts
        .as_of
        .or(tender.meta.published)
        .ok_or(AssessError::NoDate)?;
    let facts = tender_facts(tender, &opts.lang);
    let licences = licence::Memo::default();
    let ctx = Ctx {
        evidence,
        tender: &facts,
        today,
        licences: &licences,
        loops: None,
    };
    let threads = crate::lang::available_threads();
    let fused = fused::run(tender, &ctx, threads);
    let ctx = Ctx {
        loops: (!fused.is_empty()).then_some(&fused),
        ..ctx
    };
    let vendor = evidence
        .bid
        .as_ref()
        .map_or(vendor, |b| b.vendor.as_str())
        .to_owned();
    let results: Vec<ClauseResult> = tender
        .items
        .iter()
        .map(|item| assess_item(tender, item, &ctx, &vendor, sources, opts))
        .collect();
    let summary = summarise(&results, opts.unknown);
    Ok(Assessment {
        tender_id: tender.meta.id.clone(),
        tender_title: facts.title,
        vendor,
        product: evidence.bid.as_ref().and_then(|b| b.product.clone()),
        as_of: today,
        results,
        summary,
    })
}

/// Evaluates several bids and ranks them.
pub fn compare(
    tender: &ir::Tender,
    bids: &[(String, Evidence)],
    sources: &SourceMap,
    opts: &EvalOptions,
) -> Result<Comparison, AssessError> {
    let mut assessed = bids
        .iter()
        .map(|(name, ev)| assess(tender, ev, name, sources, opts))
        .collect::<Result<Vec<_>, _>>()?;
    assessed.sort_by(rank_order);
    let as_of = assessed
        .first()
        .map(|a| a.as_of)
        .or(opts.as_of)
        .or(tender.meta.published)
        .ok_or(AssessError::NoDate)?;
    Ok(Comparison {
        tender_id: tender.meta.id.clone(),
        tender_title: tender_facts(tender, &opts.lang).title,
        as_of,
        bids: assessed,
    })
}

/// Qualified first, by award score (highest first), then vendor name.
fn rank_order(a: &Assessment, b: &Assessment) -> std::cmp::Ordering {
    let key = |x: &Assessment| (x.summary.status, -(x.summary.award_score.unwrap_or(0.0)));
    let (ka, kb) = (key(a), key(b));
    ka.0.cmp(&kb.0)
        .then(ka.1.total_cmp(&kb.1))
        .then_with(|| a.vendor.cmp(&b.vendor))
}

/// The tender's facts as the evaluator reads them.
pub fn tender_facts(tender: &ir::Tender, lang: &str) -> TenderFacts {
    let m = &tender.meta;
    let title = m
        .titles
        .get(lang)
        .or_else(|| m.titles.values().next())
        .cloned()
        .unwrap_or_default();
    TenderFacts {
        id: m.id.clone(),
        title,
        buyer: m.buyer.clone(),
        published: m.published,
        deadline: m.deadline,
    }
}

fn assess_item<'e>(
    tender: &ir::Tender,
    item: &'e ir::Item,
    ctx: &Ctx<'e>,
    vendor: &str,
    sources: &SourceMap,
    opts: &EvalOptions,
) -> ClauseResult {
    let mut result = ClauseResult {
        id: item.id.clone(),
        title: item.title.clone(),
        kind: item.kind,
        verdict: Verdict::Pass,
        score: None,
        weight: (item.kind == ItemKind::Criterion).then_some(item.weight),
        refs: item.refs.clone(),
        explanation: String::new(),
        witnesses: Vec::new(),
        witness_count: 0,
        waiver: None,
        defined_at: item.origin.display.clone(),
    };
    let (verdict, finding, score) = judge_item(item, ctx, sources, opts.max_witnesses);
    result.verdict = verdict;
    result.score = score;
    if let Some(f) = finding {
        result.explanation = f.text;
        result.witness_count = f.count;
        result.witnesses = f.witnesses;
    }
    if matches!(verdict, Verdict::Fail | Verdict::Unknown)
        && let Some(w) = waiver_for(tender, &item.id, vendor, ctx.today)
    {
        result.explanation = format!(
            "waived until {}: {} (without the waiver: {}{})",
            eval_date(w.until),
            w.reason,
            verdict.name(),
            if result.explanation.is_empty() {
                String::new()
            } else {
                format!(", {}", result.explanation)
            }
        );
        result.verdict = Verdict::Waived;
        result.waiver = Some(WaiverInfo {
            vendor: w.vendor.clone(),
            until: w.until,
            reason: w.reason.clone(),
        });
    }
    result
}

fn eval_date(d: Date) -> String {
    crate::engine::value::format_date(d)
}

/// A waiver for this item and vendor that has not expired (vendor names compare without
/// case and surrounding spaces).
fn waiver_for<'t>(
    tender: &'t ir::Tender,
    id: &str,
    vendor: &str,
    today: Date,
) -> Option<&'t ir::Waiver> {
    let norm = |s: &str| s.trim().to_lowercase();
    tender
        .waivers
        .iter()
        .find(|w| w.id == id && norm(&w.vendor) == norm(vendor) && w.until >= today)
}

/// The verdict of one item, its explanation when it did not pass, and its score.
fn judge_item<'e>(
    item: &'e ir::Item,
    ctx: &Ctx<'e>,
    sources: &SourceMap,
    max: usize,
) -> (Verdict, Option<Finding>, Option<f64>) {
    let mut vars = Vec::new();
    if let Some(when) = &item.when {
        match truth(&eval::eval(when, ctx, &mut vars)) {
            Truth::False => return (Verdict::NotApplicable, None, None),
            Truth::Unknown => {
                let mut f = explain::explain(when, Truth::Unknown, ctx, sources, max);
                f.text = format!("cannot tell whether the clause applies: {}", f.text);
                return (Verdict::Unknown, Some(f), None);
            }
            Truth::True => {}
        }
    }
    if let Some(score) = &item.score {
        return score_item(score, ctx, sources, max);
    }
    let outcomes: Vec<Truth> = item
        .requires
        .iter()
        .map(|r| truth(&eval::eval(r, ctx, &mut vars)))
        .collect();
    let overall = outcomes.iter().fold(Truth::True, |acc, t| acc.and(*t));
    if overall == Truth::True {
        return (Verdict::Pass, None, None);
    }
    let findings = item
        .requires
        .iter()
        .zip(&outcomes)
        .filter(|(_, t)| **t == overall)
        .map(|(r, t)| explain::explain(r, *t, ctx, sources, max));
    let finding = explain::merge(findings, max);
    let verdict = if overall == Truth::False {
        Verdict::Fail
    } else {
        Verdict::Unknown
    };
    (verdict, Some(finding), None)
}

/// Scores a criterion 0–100.
fn score_item<'e>(
    score: &'e Score,
    ctx: &Ctx<'e>,
    sources: &SourceMap,
    max: usize,
) -> (Verdict, Option<Finding>, Option<f64>) {
    let mut vars = Vec::new();
    let input = match score {
        Score::Linear { input, .. } | Score::Steps { input, .. } | Score::YesNo(input) => input,
    };
    let value = eval::eval(input, ctx, &mut vars);
    let computed = match (score, &value) {
        (_, Value::Missing(_)) => None,
        (Score::YesNo(_), v) => match truth(v) {
            Truth::True => Some(100.0),
            Truth::False => Some(0.0),
            Truth::Unknown => None,
        },
        (Score::Linear { points, .. }, v) => {
            scalar(v, ctx.today).and_then(|x| linear(x, points, ctx.today))
        }
        (Score::Steps { points, .. }, v) => {
            scalar(v, ctx.today).and_then(|x| steps(x, points, ctx.today))
        }
    };
    match computed {
        Some(s) => {
            let f = Finding {
                text: format!("scored {} from {}", round2(s), value.display()),
                witnesses: Vec::new(),
                count: 0,
            };
            (Verdict::Pass, Some(f), Some(round2(s)))
        }
        None => {
            let f = explain::explain(input, Truth::Unknown, ctx, sources, max);
            (Verdict::Unknown, Some(f), None)
        }
    }
}

/// Piecewise-linear interpolation, clamped to the end points.
fn linear(x: f64, points: &[ir::Point], today: Date) -> Option<f64> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .map(|p| point_scalar(&p.at, today).map(|at| (at, p.score)))
        .collect::<Option<_>>()?;
    let (first, last) = (pts.first()?, pts.last()?);
    if x <= first.0 {
        return Some(first.1);
    }
    if x >= last.0 {
        return Some(last.1);
    }
    pts.windows(2).find_map(|w| match w {
        [(x0, y0), (x1, y1)] if x >= *x0 && x <= *x1 => {
            let span = x1 - x0;
            Some(if span == 0.0 {
                *y1
            } else {
                y0 + (y1 - y0) * (x - x0) / span
            })
        }
        _ => None,
    })
}

/// The score of the highest threshold reached; 0 below the first.
fn steps(x: f64, points: &[ir::Point], today: Date) -> Option<f64> {
    let mut score = 0.0;
    for p in points {
        if x >= point_scalar(&p.at, today)? {
            score = p.score;
        }
    }
    Some(score)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Counts, knock-outs and the award score.
fn summarise(results: &[ClauseResult], policy: UnknownPolicy) -> Summary {
    let count = |v: Verdict| results.iter().filter(|r| r.verdict == v).count();
    let knockouts_failed: Vec<String> = results
        .iter()
        .filter(|r| r.kind == ItemKind::Knockout)
        .filter(|r| {
            r.verdict == Verdict::Fail
                || (r.verdict == Verdict::Unknown && policy == UnknownPolicy::Fail)
        })
        .map(|r| r.id.clone())
        .collect();
    let status = if knockouts_failed.is_empty() {
        Status::Qualified
    } else {
        Status::Disqualified
    };
    let criteria: Vec<&ClauseResult> = results
        .iter()
        .filter(|r| r.kind == ItemKind::Criterion && r.verdict != Verdict::NotApplicable)
        .collect();
    let total_weight: f64 = criteria
        .iter()
        .map(|r| f64::from(r.weight.unwrap_or(0)))
        .sum();
    let award_score = (status == Status::Qualified && total_weight > 0.0).then(|| {
        let sum: f64 = criteria
            .iter()
            .map(|r| f64::from(r.weight.unwrap_or(0)) * r.score.unwrap_or(0.0))
            .sum();
        round2(sum / total_weight)
    });
    Summary {
        pass: count(Verdict::Pass),
        fail: count(Verdict::Fail),
        unknown: count(Verdict::Unknown),
        not_applicable: count(Verdict::NotApplicable),
        waived: count(Verdict::Waived),
        knockouts_failed,
        status,
        award_score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::ast::{Literal, Number};

    fn pts(v: &[(i64, f64)]) -> Vec<ir::Point> {
        v.iter()
            .map(|(at, score)| ir::Point {
                at: Literal::Number(Number::int(*at)),
                score: *score,
            })
            .collect()
    }

    #[test]
    fn linear_interpolates_and_clamps() {
        let today = Date {
            year: 2027,
            month: 1,
            day: 1,
        };
        let p = pts(&[(5, 0.0), (10, 100.0)]);
        assert_eq!(linear(4.0, &p, today), Some(0.0));
        assert_eq!(linear(7.5, &p, today), Some(50.0));
        assert_eq!(linear(12.0, &p, today), Some(100.0));
    }

    #[test]
    fn steps_take_the_highest_threshold_reached() {
        let today = Date {
            year: 2027,
            month: 1,
            day: 1,
        };
        let p = pts(&[(1, 20.0), (3, 60.0), (5, 100.0)]);
        assert_eq!(steps(0.0, &p, today), Some(0.0));
        assert_eq!(steps(3.5, &p, today), Some(60.0));
        assert_eq!(steps(9.0, &p, today), Some(100.0));
    }
}
