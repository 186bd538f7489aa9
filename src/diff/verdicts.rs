//! Verdicts at bid time against verdicts at delivery: which clauses changed, and which
//! promises are broken.
//!
//! Input: two [`Assessment`]s of the same tender (the bid's evidence, the delivered
//! evidence). Output: one [`VerdictChange`] per clause or criterion whose verdict (or, for
//! criteria, score) differs, each with both explanations. **Broken promises come first**
//! (knock-outs that passed or were waived at bid time and now fail or are unknown), then
//! every other change; within each group, tender order. Clauses present on one side only
//! (assessed against different tender versions) are listed with the missing side `None`.
//!
//! A knock-out that becomes `not_applicable` or `waived` at delivery is a change but not a
//! broken promise: the tender itself says it no longer applies or was accepted.

use std::collections::BTreeMap;

use crate::engine::verdict::{Assessment, ClauseResult, ItemKind, Verdict, Witness};

/// One clause whose outcome differs between bid and delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictChange {
    pub id: String,
    pub title: String,
    pub kind: ItemKind,
    pub bid: Option<Outcome>,
    pub delivered: Option<Outcome>,
    /// A knock-out that passed (or was waived) at bid time and fails or is unknown now.
    pub broken_promise: bool,
}

/// One side's outcome of a clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub verdict: Verdict,
    pub score: Option<f64>,
    pub explanation: String,
    pub witnesses: Vec<Witness>,
    pub witness_count: usize,
}

impl Outcome {
    fn of(r: &ClauseResult) -> Outcome {
        Outcome {
            verdict: r.verdict,
            score: r.score,
            explanation: r.explanation.clone(),
            witnesses: r.witnesses.clone(),
            witness_count: r.witness_count,
        }
    }
}

impl VerdictChange {
    /// One line: `SUP-1 passed at bid, fails at delivery: support ends 2031-01-31`.
    pub fn sentence(&self) -> String {
        let phrase = |o: &Option<Outcome>, past: bool| match o.as_ref().map(|o| o.verdict) {
            None => "was not assessed".to_owned(),
            Some(v) => verdict_phrase(v, past).to_owned(),
        };
        let mut s = format!(
            "{} {} at bid, {} at delivery",
            self.id,
            phrase(&self.bid, true),
            phrase(&self.delivered, false)
        );
        if let (Some(b), Some(d)) = (&self.bid, &self.delivered)
            && b.verdict == d.verdict
        {
            s = format!(
                "{} scored {} at bid, {} at delivery",
                self.id,
                score_text(b.score),
                score_text(d.score)
            );
        }
        let why = self
            .delivered
            .as_ref()
            .map(|d| d.explanation.as_str())
            .filter(|e| !e.is_empty());
        match why {
            Some(e) => format!("{s}: {e}"),
            None => s,
        }
    }
}

fn verdict_phrase(v: Verdict, past: bool) -> &'static str {
    match (v, past) {
        (Verdict::Pass, true) => "passed",
        (Verdict::Pass, false) => "passes",
        (Verdict::Fail, true) => "failed",
        (Verdict::Fail, false) => "fails",
        (Verdict::Unknown, true) => "was unknown",
        (Verdict::Unknown, false) => "is unknown",
        (Verdict::NotApplicable, true) => "did not apply",
        (Verdict::NotApplicable, false) => "does not apply",
        (Verdict::Waived, true) => "was waived",
        (Verdict::Waived, false) => "is waived",
    }
}

fn score_text(s: Option<f64>) -> String {
    s.map_or_else(|| "nothing".to_owned(), |x| format!("{x:.2}"))
}

/// True when a knock-out promise made at bid time no longer holds.
fn is_broken(kind: ItemKind, bid: Option<Verdict>, delivered: Option<Verdict>) -> bool {
    kind == ItemKind::Knockout
        && matches!(bid, Some(Verdict::Pass | Verdict::Waived))
        && matches!(delivered, Some(Verdict::Fail | Verdict::Unknown))
}

/// The clauses whose outcome changed: broken promises first, then the rest, each in
/// tender order (the bid's order, then clauses only the delivery has).
pub fn diff_assessments(bid: &Assessment, delivered: &Assessment) -> Vec<VerdictChange> {
    let by_id: BTreeMap<&str, &ClauseResult> = delivered
        .results
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let in_bid: BTreeMap<&str, ()> = bid.results.iter().map(|r| (r.id.as_str(), ())).collect();
    let pairs = bid
        .results
        .iter()
        .map(|b| (Some(b), by_id.get(b.id.as_str()).copied()))
        .chain(
            delivered
                .results
                .iter()
                .filter(|d| !in_bid.contains_key(d.id.as_str()))
                .map(|d| (None, Some(d))),
        );
    let mut changes: Vec<VerdictChange> = pairs.filter_map(|(b, d)| change(b, d)).collect();
    // Stable: keeps tender order inside each group.
    changes.sort_by_key(|c| !c.broken_promise);
    changes
}

fn change(b: Option<&ClauseResult>, d: Option<&ClauseResult>) -> Option<VerdictChange> {
    let any = d.or(b)?;
    if let (Some(x), Some(y)) = (b, d)
        && x.verdict == y.verdict
        && !scores_differ(x.score, y.score)
    {
        return None;
    }
    Some(VerdictChange {
        id: any.id.clone(),
        title: any.title.clone(),
        kind: any.kind,
        bid: b.map(Outcome::of),
        delivered: d.map(Outcome::of),
        broken_promise: is_broken(any.kind, b.map(|r| r.verdict), d.map(|r| r.verdict)),
    })
}

fn scores_differ(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() > 1e-9,
        (None, None) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::verdict::{Status, Summary};
    use crate::lang::ast::Date;

    fn result(id: &str, kind: ItemKind, verdict: Verdict, why: &str) -> ClauseResult {
        ClauseResult {
            id: id.into(),
            title: format!("title of {id}"),
            kind,
            verdict,
            score: None,
            weight: None,
            refs: Vec::new(),
            explanation: why.into(),
            witnesses: Vec::new(),
            witness_count: 0,
            waiver: None,
            defined_at: "t.tg:1:1".into(),
        }
    }

    fn assessment(results: Vec<ClauseResult>) -> Assessment {
        Assessment {
            tender_id: "T".into(),
            tender_title: "T".into(),
            vendor: "v".into(),
            product: None,
            as_of: Date {
                year: 2027,
                month: 1,
                day: 1,
            },
            results,
            summary: Summary {
                pass: 0,
                fail: 0,
                unknown: 0,
                not_applicable: 0,
                waived: 0,
                knockouts_failed: Vec::new(),
                status: Status::Qualified,
                award_score: None,
            },
        }
    }

    #[test]
    fn broken_promises_come_first_with_both_explanations() {
        use ItemKind::*;
        use Verdict::*;
        let bid = assessment(vec![
            result("R-1", Recommended, Pass, ""),
            result("KO-1", Knockout, Pass, ""),
            result("KO-2", Knockout, Waived, "waived"),
            result("KO-3", Knockout, Pass, ""),
            result("KO-4", Knockout, Fail, "bad"),
        ]);
        let delivered = assessment(vec![
            result("R-1", Recommended, Fail, "no purl"),
            result("KO-1", Knockout, Pass, ""),
            result("KO-2", Knockout, Unknown, "no answer"),
            result("KO-3", Knockout, Fail, "support ends 2030-01-01"),
            result("KO-4", Knockout, Pass, ""),
        ]);
        let changes = diff_assessments(&bid, &delivered);
        let ids: Vec<(&str, bool)> = changes
            .iter()
            .map(|c| (c.id.as_str(), c.broken_promise))
            .collect();
        assert_eq!(
            ids,
            [
                ("KO-2", true),
                ("KO-3", true),
                ("R-1", false),
                ("KO-4", false)
            ]
        );
        assert_eq!(
            changes[1].sentence(),
            "KO-3 passed at bid, fails at delivery: support ends 2030-01-01"
        );
        assert_eq!(
            changes[3].sentence(),
            "KO-4 failed at bid, passes at delivery"
        );
    }

    #[test]
    fn score_changes_of_criteria_are_changes() {
        let mut b = result("AWD-1", ItemKind::Criterion, Verdict::Pass, "");
        b.score = Some(60.0);
        let mut d = b.clone();
        d.score = Some(20.0);
        let changes = diff_assessments(&assessment(vec![b]), &assessment(vec![d]));
        assert_eq!(
            changes[0].sentence(),
            "AWD-1 scored 60.00 at bid, 20.00 at delivery"
        );
        assert!(!changes[0].broken_promise);
    }
}
