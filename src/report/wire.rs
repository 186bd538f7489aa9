//! Versioned wire types of the JSON reports, specified by `schemas/report.schema.json`
//! ([`REPORT_SCHEMA`]).
//!
//! Built from `engine::verdict` data: [`AssessmentReport`] for one bid (`check --format
//! json`), [`ComparisonReport`] for several (`compare --format json`). Keys serialise in
//! declaration order; optional values serialise as `null` (never omitted), so every report
//! of a version has the same keys. Scores are rounded to two decimals. Strings are raw data,
//! not escaped for any display. Changing a key or its meaning bumps [`SCHEMA_VERSION`].
//! These types only serialise: the tool never reads its reports back.

use serde::Serialize;

use crate::engine::verdict::{Assessment, ClauseResult, Comparison, Witness};
use crate::evidence::model::Locator;
use crate::report::matrix::common;

/// The version of the report format.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON Schema (draft 2020-12) of both report shapes.
pub const REPORT_SCHEMA: &str = include_str!("../../schemas/report.schema.json");

/// The tool that wrote a report.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: String,
}

impl Tool {
    fn new(version: &str) -> Tool {
        Tool {
            name: "tenderguard",
            version: version.to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Tender {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bid {
    pub vendor: String,
    pub product: Option<String>,
}

/// The compliance matrix of one bid.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentReport {
    pub schema_version: u32,
    /// Always `assessment`.
    pub report: &'static str,
    pub tool: Tool,
    pub tender: Tender,
    pub bid: Bid,
    pub as_of: String,
    pub summary: SummaryWire,
    pub results: Vec<ResultWire>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryWire {
    pub status: &'static str,
    pub award_score: Option<f64>,
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    pub waived: usize,
    pub knockouts_failed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultWire {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub verdict: &'static str,
    pub score: Option<f64>,
    pub weight: Option<u32>,
    pub refs: Vec<String>,
    pub explanation: String,
    pub witnesses: Vec<WitnessWire>,
    pub witness_count: usize,
    pub waiver: Option<WaiverWire>,
    pub defined_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WitnessWire {
    pub subject: String,
    pub value: Option<String>,
    /// The evidence file, relative to the bid folder.
    pub file: Option<String>,
    /// RFC 6901 pointer into the file, when the loader knows one.
    pub pointer: Option<String>,
    /// 1-based line, for line-oriented evidence (SPDX tag-value).
    pub line: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaiverWire {
    pub vendor: String,
    pub until: String,
    pub reason: String,
}

impl AssessmentReport {
    pub fn new(a: &Assessment, tool_version: &str) -> AssessmentReport {
        AssessmentReport {
            schema_version: SCHEMA_VERSION,
            report: "assessment",
            tool: Tool::new(tool_version),
            tender: Tender {
                id: a.tender_id.clone(),
                title: a.tender_title.clone(),
            },
            bid: Bid {
                vendor: a.vendor.clone(),
                product: a.product.clone(),
            },
            as_of: common::date(a.as_of),
            summary: SummaryWire {
                status: a.summary.status.name(),
                award_score: common::round2(a.summary.award_score),
                pass: a.summary.pass,
                fail: a.summary.fail,
                unknown: a.summary.unknown,
                not_applicable: a.summary.not_applicable,
                waived: a.summary.waived,
                knockouts_failed: a.summary.knockouts_failed.clone(),
            },
            results: a.results.iter().map(ResultWire::new).collect(),
        }
    }
}

impl ResultWire {
    fn new(r: &ClauseResult) -> ResultWire {
        ResultWire {
            id: r.id.clone(),
            title: r.title.clone(),
            kind: r.kind.name(),
            verdict: r.verdict.name(),
            score: common::round2(r.score),
            weight: r.weight,
            refs: r.refs.clone(),
            explanation: r.explanation.clone(),
            witnesses: r.witnesses.iter().map(WitnessWire::new).collect(),
            witness_count: r.witness_count.max(r.witnesses.len()),
            waiver: r.waiver.as_ref().map(|w| WaiverWire {
                vendor: w.vendor.clone(),
                until: common::date(w.until),
                reason: w.reason.clone(),
            }),
            defined_at: r.defined_at.clone(),
        }
    }
}

impl WitnessWire {
    fn new(w: &Witness) -> WitnessWire {
        let (pointer, line) = match w.provenance.as_ref().map(|p| &p.at) {
            Some(Locator::Pointer(p)) => (Some(p.to_string()), None),
            Some(Locator::Line(l)) => (None, Some(*l)),
            None => (None, None),
        };
        WitnessWire {
            subject: w.subject.clone(),
            value: w.value.clone(),
            file: w.provenance.as_ref().map(|p| p.file.to_string()),
            pointer,
            line,
        }
    }
}

/// Several bids for one tender.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonReport {
    pub schema_version: u32,
    /// Always `comparison`.
    pub report: &'static str,
    pub tool: Tool,
    pub tender: Tender,
    pub as_of: String,
    /// One entry per bid, in ranking order.
    pub ranking: Vec<RankingEntry>,
    /// Clauses in tender order; each has one verdict per bid, in ranking order.
    pub clauses: Vec<ClauseRowWire>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankingEntry {
    /// 1-based; equal award scores share a rank; `null` for disqualified bids.
    pub rank: Option<usize>,
    pub vendor: String,
    pub product: Option<String>,
    pub status: &'static str,
    pub award_score: Option<f64>,
    pub knockouts_failed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClauseRowWire {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub verdicts: Vec<BidVerdict>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BidVerdict {
    pub vendor: String,
    /// `null` when the bid has no result for this clause.
    pub verdict: Option<&'static str>,
    pub score: Option<f64>,
}

impl ComparisonReport {
    pub fn new(c: &Comparison, tool_version: &str) -> ComparisonReport {
        let ranking = c
            .bids
            .iter()
            .zip(common::ranks(c))
            .map(|(bid, rank)| RankingEntry {
                rank,
                vendor: bid.vendor.clone(),
                product: bid.product.clone(),
                status: bid.summary.status.name(),
                award_score: common::round2(bid.summary.award_score),
                knockouts_failed: bid.summary.knockouts_failed.clone(),
            })
            .collect();
        let clauses = common::clause_rows(c)
            .into_iter()
            .map(|row| ClauseRowWire {
                id: row.id.to_owned(),
                title: row.title.to_owned(),
                kind: row.kind.name(),
                verdicts: c
                    .bids
                    .iter()
                    .zip(&row.cells)
                    .map(|(bid, cell)| BidVerdict {
                        vendor: bid.vendor.clone(),
                        verdict: cell.map(|r| r.verdict.name()),
                        score: cell.and_then(|r| common::round2(r.score)),
                    })
                    .collect(),
            })
            .collect();
        ComparisonReport {
            schema_version: SCHEMA_VERSION,
            report: "comparison",
            tool: Tool::new(tool_version),
            tender: Tender {
                id: c.tender_id.clone(),
                title: c.tender_title.clone(),
            },
            as_of: common::date(c.as_of),
            ranking,
            clauses,
        }
    }
}
