//! Facts every format shows the same way: dates, rounded scores, thousands separators,
//! witness lines, status lines, ranks and the clause × bid rows of a comparison. Returns raw
//! (unescaped) text: each renderer escapes for its own output.

use crate::engine::verdict::{
    Assessment, ClauseResult, Comparison, ItemKind, Status, Summary, Verdict, Witness,
};
use crate::lang::ast::Date;

/// `YYYY-MM-DD`.
pub fn date(d: Date) -> String {
    crate::engine::ir::date_text(d)
}

/// A score rounded to two decimals; `None` for a missing or non-finite score.
pub fn round2(score: Option<f64>) -> Option<f64> {
    score
        .filter(|s| s.is_finite())
        .map(|s| (s * 100.0).round() / 100.0)
}

/// A score as text with exactly two decimals (`87.50`); `None` when there is none.
pub fn score_text(score: Option<f64>) -> Option<String> {
    round2(score).map(|s| format!("{s:.2}"))
}

/// `4812` → `4,812`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The human word of a verdict: `pass`, `fail`, `unknown`, `n/a`, `waived`.
pub fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::NotApplicable => "n/a",
        other => other.name(),
    }
}

/// The symbol shown before a verdict in human formats.
pub fn verdict_symbol(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "✔",
        Verdict::Fail => "✘",
        Verdict::Unknown => "?",
        Verdict::NotApplicable => "–",
        Verdict::Waived => "≈",
    }
}

/// A comparison cell: `✔ pass`, `✔ pass 92.00` (criteria), `—` when the bid has no result.
pub fn matrix_cell(cell: Option<&ClauseResult>) -> String {
    match cell {
        None => "—".to_owned(),
        Some(r) => {
            let mut s = format!("{} {}", verdict_symbol(r.verdict), verdict_word(r.verdict));
            if let Some(score) = score_text(r.score) {
                s.push(' ');
                s.push_str(&score);
            }
            s
        }
    }
}

/// The human word of a kind: `knock-out`, `recommended`, `criterion`.
pub fn kind_word(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Knockout => "knock-out",
        other => other.name(),
    }
}

/// Whether a result gets a details block in human formats.
pub fn has_details(r: &ClauseResult) -> bool {
    matches!(
        r.verdict,
        Verdict::Fail | Verdict::Unknown | Verdict::Waived
    )
}

/// The value of a witness, `(missing)` when absent.
pub fn witness_value(w: &Witness) -> &str {
    w.value.as_deref().unwrap_or("(missing)")
}

/// Where a witness is: `sbom.cdx.json#/components/12`, `sbom.spdx:40`; `None` if unknown.
pub fn witness_place(w: &Witness) -> Option<String> {
    w.provenance.as_ref().map(ToString::to_string)
}

/// `subject: value (place)`, one line (for CSV and XLSX cells).
pub fn witness_text(w: &Witness) -> String {
    let mut s = format!("{}: {}", w.subject, witness_value(w));
    if let Some(place) = witness_place(w) {
        s.push_str(&format!(" ({place})"));
    }
    s
}

/// How many witnesses exist beyond the `shown` ones: `Some(4812)`; `None` when none.
pub fn more_than_shown(r: &ClauseResult, shown: usize) -> Option<usize> {
    let rest = r.witness_count.max(r.witnesses.len()).saturating_sub(shown);
    (rest > 0).then_some(rest)
}

/// `…and 4,812 more`.
pub fn more_text(n: usize) -> String {
    format!("…and {} more", thousands(n))
}

/// `waived until 2026-12-31 for Acme: reason`.
pub fn waiver_text(r: &ClauseResult) -> Option<String> {
    r.waiver.as_ref().map(|w| {
        format!(
            "waived until {} for {}: {}",
            date(w.until),
            w.vendor,
            w.reason
        )
    })
}

/// `QUALIFIED`, `DISQUALIFIED: knock-out KO-1 failed`, `…knock-outs KO-1, KO-2 failed`.
pub fn status_line(s: &Summary) -> String {
    match (s.status, s.knockouts_failed.as_slice()) {
        (Status::Qualified, _) => "QUALIFIED".to_owned(),
        (Status::Disqualified, []) => "DISQUALIFIED".to_owned(),
        (Status::Disqualified, [one]) => format!("DISQUALIFIED: knock-out {one} failed"),
        (Status::Disqualified, many) => {
            format!("DISQUALIFIED: knock-outs {} failed", many.join(", "))
        }
    }
}

/// `12 pass · 2 fail · 1 unknown · 1 n/a · 1 waived`.
pub fn counts_line(s: &Summary) -> String {
    format!(
        "{} pass · {} fail · {} unknown · {} n/a · {} waived",
        thousands(s.pass),
        thousands(s.fail),
        thousands(s.unknown),
        thousands(s.not_applicable),
        thousands(s.waived)
    )
}

/// `Acme` or `Acme — Product`.
pub fn bid_name(a: &Assessment) -> String {
    match &a.product {
        Some(p) => format!("{} — {p}", a.vendor),
        None => a.vendor.clone(),
    }
}

/// The rank of each bid, in the comparison's order: qualified bids share a rank when their
/// award scores are equal at two decimals (1, 1, 3); disqualified bids have none.
pub fn ranks(c: &Comparison) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(c.bids.len());
    let mut previous: Option<(Option<f64>, usize)> = None;
    for (i, bid) in c.bids.iter().enumerate() {
        if bid.summary.status == Status::Disqualified {
            out.push(None);
            continue;
        }
        let score = round2(bid.summary.award_score);
        let rank = match previous {
            Some((prev, rank)) if prev == score => rank,
            _ => i + 1,
        };
        previous = Some((score, rank));
        out.push(Some(rank));
    }
    out
}

/// One clause across every bid of a comparison.
#[derive(Debug)]
pub struct ClauseRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: ItemKind,
    /// One per bid, in ranking order; `None` when that bid has no result for the clause.
    pub cells: Vec<Option<&'a ClauseResult>>,
}

/// The clauses of a comparison in tender order (the first bid's order, then clauses only
/// later bids have, in their order), each with every bid's result.
pub fn clause_rows(c: &Comparison) -> Vec<ClauseRow<'_>> {
    let mut rows: Vec<ClauseRow<'_>> = Vec::new();
    for bid in &c.bids {
        for r in &bid.results {
            if !rows.iter().any(|row| row.id == r.id) {
                rows.push(ClauseRow {
                    id: &r.id,
                    title: &r.title,
                    kind: r.kind,
                    cells: Vec::new(),
                });
            }
        }
    }
    for row in &mut rows {
        row.cells = c
            .bids
            .iter()
            .map(|bid| bid.results.iter().find(|r| r.id == row.id))
            .collect();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(4812), "4,812");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn scores_round_to_two_decimals() {
        assert_eq!(score_text(Some(87.456)), Some("87.46".to_owned()));
        assert_eq!(score_text(Some(100.0)), Some("100.00".to_owned()));
        assert_eq!(round2(Some(f64::NAN)), None);
        assert_eq!(round2(Some(2.0 / 3.0)), Some(0.67));
    }
}
