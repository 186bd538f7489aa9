//! Verdicts: what evaluating a tender against one bid produced, as plain data.
//!
//! An [`Assessment`] is the compliance matrix of one bid: one [`ClauseResult`] per clause
//! and criterion, in tender order, and a [`Summary`]. A [`Comparison`] puts several
//! assessments of the same tender side by side. Renderers (`report::matrix`) turn these into
//! bytes; nothing here is escaped (vendor strings are escaped when rendered).

use crate::evidence::model::Provenance;
use crate::lang::ast::Date;

/// The outcome of one clause for one bid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Pass,
    Fail,
    /// The evidence needed is missing or unreadable; the explanation says which.
    Unknown,
    /// The clause's `when` condition is false for this bid.
    NotApplicable,
    /// An accepted deviation recorded with `waive` applies.
    Waived,
}

impl Verdict {
    /// The wire name: `pass`, `fail`, `unknown`, `not_applicable`, `waived`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Unknown => "unknown",
            Verdict::NotApplicable => "not_applicable",
            Verdict::Waived => "waived",
        }
    }
}

/// What kind of item a result belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    Knockout,
    Recommended,
    Criterion,
}

impl ItemKind {
    /// The wire name: `knockout`, `recommended`, `criterion`.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Knockout => "knockout",
            ItemKind::Recommended => "recommended",
            ItemKind::Criterion => "criterion",
        }
    }
}

/// One offending (or missing) value behind a verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Witness {
    /// What the value belongs to: `component openssl@1.0.2k`, `attestation.support.end`.
    pub subject: String,
    /// The value found, as text; `None` when the value is missing.
    pub value: Option<String>,
    /// Where it is in the bid.
    pub provenance: Option<Provenance>,
}

/// An accepted deviation that applied to a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverInfo {
    pub vendor: String,
    pub until: Date,
    pub reason: String,
}

/// The result of one clause or criterion for one bid.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseResult {
    pub id: String,
    pub title: String,
    pub kind: ItemKind,
    pub verdict: Verdict,
    /// Criteria only: the score 0–100 (`None` when not scorable: unknown evidence).
    pub score: Option<f64>,
    /// Criteria only.
    pub weight: Option<u32>,
    /// Standards the clause cites (`ref`).
    pub refs: Vec<String>,
    /// Why, in plain words; empty for a plain pass.
    pub explanation: String,
    /// Up to `max_witnesses` witnesses…
    pub witnesses: Vec<Witness>,
    /// …out of this many.
    pub witness_count: usize,
    pub waiver: Option<WaiverInfo>,
    /// Where the clause is defined: `tender.tg:12:1` or `<library>/launching-customer.tg:40:1`.
    pub defined_at: String,
}

/// Whether a bid stays in the competition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Every knock-out passed (or was waived, or not applicable).
    Qualified,
    /// A knock-out failed, or was unknown under `--unknown=fail`.
    Disqualified,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Qualified => "qualified",
            Status::Disqualified => "disqualified",
        }
    }
}

/// Counts and the award score of one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    pub waived: usize,
    /// Knock-outs that failed (or were unknown under `--unknown=fail`).
    pub knockouts_failed: Vec<String>,
    pub status: Status,
    /// Weighted award score 0–100 (criteria only); `None` when disqualified or no criteria.
    pub award_score: Option<f64>,
}

/// The compliance matrix of one bid.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub tender_id: String,
    pub tender_title: String,
    /// The vendor (from the manifest, else the bid folder's name).
    pub vendor: String,
    pub product: Option<String>,
    /// The date clauses were evaluated at (`--as-of`, else the tender's publication date).
    pub as_of: Date,
    pub results: Vec<ClauseResult>,
    pub summary: Summary,
}

/// Several bids for one tender, side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub tender_id: String,
    pub tender_title: String,
    pub as_of: Date,
    /// One per bid, in ranking order: qualified bids by award score (highest first, ties by
    /// vendor name), then disqualified bids by vendor name.
    pub bids: Vec<Assessment>,
}
