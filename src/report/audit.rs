//! Audit renderers: the delivery audit (an [`EvidenceDiff`] and, with a tender, the
//! [`VerdictChange`]s) and the tender amendment diff ([`TenderDiff`]) turned into bytes.
//!
//! Pure and deterministic, like `report::matrix`: no clock, no environment, same input →
//! same bytes. Every vendor string goes through `report::escape` for its output kind;
//! tender texts too (a tender may be third-party).
//!
//! | format | audit (`diff`) | tender diff (`diff-tender`) |
//! |---|---|---|
//! | `table` | ✔ | ✔ |
//! | `json` | ✔ | ✔ |
//! | `markdown` | ✔ | ✔ |
//! | `html` | ✔ | |
//!
//! **table** — a header, a summary line of counts, red flags and broken promises first, then
//! verdict changes, component changes (one row each; under each row the place of both sides
//! as `file#pointer`, and the changed attributes), attestation answers and vulnerabilities.
//! **markdown** — the same sections as GitHub-flavoured Markdown tables. **html** — one
//! self-contained page; the Content-Security-Policy forbids every script and external load.
//!
//! # JSON (`schema_version: 1`)
//!
//! Keys are written in the order below; optional values are `null`, never omitted. Strings
//! are raw data (JSON-escaped only). A *provenance* is `{"file": "sbom.cdx.json",
//! "pointer": "/components/3"}` (or `{"file", "line"}` for line-based formats), or `null`.
//!
//! Audit (`tenderguard diff`):
//!
//! ```text
//! { "schema_version": 1, "kind": "audit", "tool": {"name", "version"},
//!   "tender": {"id", "title"} | null,                       // null without --tender
//!   "bid" | "delivered": {"vendor", "product", "version", "components",
//!                         "files": [{"path", "sha256"}]},
//!   "summary": {"added", "removed", "upgraded", "downgraded", "changed", "unchanged",
//!               "red_flags", "answers_changed", "vulnerabilities_changed",
//!               "verdicts_changed" | null, "broken_promises" | null},
//!   "components": [{"change": "added|removed|upgraded|downgraded|changed",
//!                   "matched_by": "purl|name|hash" | null, "name", "red_flag": bool,
//!                   "bid" | "delivered": {"name", "group", "version", "purl", "ecosystem",
//!                       "license", "supplier", "hashes": [{"alg", "value"}],
//!                       "provenance"} | null,
//!                   "details": [{"field": "license|supplier|identity|hash", "alg" | null,
//!                                "bid", "delivered", "message"}]}],
//!   "answers": [{"pointer", "bid", "delivered", "bid_file", "delivered_file"}],
//!   "vulnerabilities": [{"id", "change": "added|removed|changed", "bid", "delivered",
//!                        "bid_provenance", "delivered_provenance"}],
//!   "verdicts": [{"id", "title", "kind", "broken_promise": bool, "sentence",
//!                 "bid" | "delivered": {"verdict", "score", "explanation",
//!                     "witnesses": [{"subject", "value", "provenance"}],
//!                     "witness_count"} | null}] | null }
//! ```
//!
//! Answer values are JSON text (`"\"2034-06-30\""`, `"false"`). Verdict changes list broken
//! promises first. Tender diff (`tenderguard diff-tender`):
//!
//! ```text
//! { "schema_version": 1, "kind": "tender_diff", "tool": {"name", "version"},
//!   "old": {"id"}, "new": {"id"},
//!   "meta" | "params": [{"field", "old", "new"}],
//!   "added" | "removed": [{"id", "title", "kind", "defined_at"}],
//!   "changed": [{"id", "title", "fields": [{"field", "old", "new"}],
//!                "texts": [{"lang", "old", "new",
//!                           "words": [{"op": "same|removed|added", "text"}]}]}] }
//! ```

mod html;
mod json;
mod text;

use std::io::{self, Write};
use std::str::FromStr;

use crate::diff::evidence::{ChangeKind, Detail, EvidenceDiff};
use crate::diff::tender::TenderDiff;
use crate::diff::verdicts::VerdictChange;
use crate::evidence::model::{Locator, Provenance};

/// Output formats of the audit and the tender diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditFormat {
    Table,
    Json,
    Markdown,
    Html,
}

impl AuditFormat {
    pub const ALL: &'static [AuditFormat] = &[
        AuditFormat::Table,
        AuditFormat::Json,
        AuditFormat::Markdown,
        AuditFormat::Html,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AuditFormat::Table => "table",
            AuditFormat::Json => "json",
            AuditFormat::Markdown => "markdown",
            AuditFormat::Html => "html",
        }
    }
}

impl FromStr for AuditFormat {
    type Err = crate::report::matrix::UnknownFormat;

    fn from_str(s: &str) -> Result<AuditFormat, Self::Err> {
        let s = if s == "md" { "markdown" } else { s };
        AuditFormat::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| crate::report::matrix::UnknownFormat {
                given: s.to_owned(),
                expected: "table, json, markdown, html".to_owned(),
            })
    }
}

/// A format the tender diff does not offer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the tender diff has no `{0}` format; use table, json or markdown")]
pub struct NoSuchFormat(pub &'static str);

/// Everything the audit report shows.
#[derive(Debug, Clone, Copy)]
pub struct Audit<'a> {
    pub evidence: &'a EvidenceDiff,
    /// With a tender: its id and title, and the verdict changes.
    pub tender: Option<(&'a str, &'a str)>,
    pub verdicts: Option<&'a [VerdictChange]>,
    pub tool_version: &'a str,
}

impl Audit<'_> {
    /// The knock-out promises that no longer hold.
    pub fn broken_promises(&self) -> usize {
        self.verdicts
            .map_or(0, |v| v.iter().filter(|c| c.broken_promise).count())
    }
}

/// Writes the delivery audit.
pub fn render_audit(a: &Audit<'_>, format: AuditFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        AuditFormat::Table => text::audit_table(a, out),
        AuditFormat::Json => write_json(&json::audit(a), out),
        AuditFormat::Markdown => text::audit_markdown(a, out),
        AuditFormat::Html => html::audit(a, out),
    }
}

/// Writes the tender diff (`table`, `json`, `markdown`).
pub fn render_tender_diff(
    d: &TenderDiff,
    format: AuditFormat,
    tool_version: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        AuditFormat::Table => text::tender_table(d, out),
        AuditFormat::Json => write_json(&json::tender(d, tool_version), out),
        AuditFormat::Markdown => text::tender_markdown(d, out),
        AuditFormat::Html => Err(io::Error::other(NoSuchFormat("html"))),
    }
}

fn write_json(value: &serde_json::Value, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// `sbom.cdx.json#/components/3`, `sbom.spdx:12`, or `-`.
fn place(p: Option<&Provenance>) -> String {
    p.map_or_else(|| "-".to_owned(), ToString::to_string)
}

fn provenance_json(p: Option<&Provenance>) -> serde_json::Value {
    match p {
        None => serde_json::Value::Null,
        Some(p) => match &p.at {
            Locator::Pointer(ptr) => serde_json::json!({"file": &*p.file, "pointer": &**ptr}),
            Locator::Line(l) => serde_json::json!({"file": &*p.file, "line": l}),
        },
    }
}

/// The counts line: `2 added, 1 removed, 3 upgraded, 0 downgraded, 1 changed, 63 unchanged`.
fn counts_text(d: &EvidenceDiff) -> String {
    let counts = d.counts();
    let n = |k: ChangeKind| counts.get(&k).copied().unwrap_or(0);
    format!(
        "{} added, {} removed, {} upgraded, {} downgraded, {} changed, {} unchanged",
        n(ChangeKind::Added),
        n(ChangeKind::Removed),
        n(ChangeKind::Upgraded),
        n(ChangeKind::Downgraded),
        n(ChangeKind::Changed),
        d.unchanged
    )
}

/// A detail in words (raw; escape before writing).
fn detail_text(d: &Detail) -> String {
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "none".to_owned());
    match d {
        Detail::License { bid, delivered } => {
            format!("licence {} → {}", opt(bid), opt(delivered))
        }
        Detail::Supplier { bid, delivered } => {
            format!("supplier {} → {}", opt(bid), opt(delivered))
        }
        Detail::Identity { bid, delivered } => {
            format!("same digest, renamed {bid} → {delivered}")
        }
        Detail::Hash { alg, .. } => format!(
            "RED FLAG: same version, different {alg}: the delivered artefact is not the one offered"
        ),
    }
}

#[cfg(test)]
mod tests;
