//! What `tenderguard inspect` reports about a bid: per file its kind, format, version and
//! counts, as plain data with a stable JSON shape.
//!
//! The JSON wire form (`"schema_version": 1`):
//!
//! ```text
//! { "schema_version": 1,
//!   "bid": { "vendor": "…", "product": "…" | null, "version": "…" | null } | null,
//!   "files": [ { "path": "sbom/a.cdx.json", "kind": "sbom" | "attestation" | "document" | … | null,
//!                "format": "CycloneDX JSON" | null, "spec_version": "1.6" | null, "valid": true,
//!                "sha256": "…" | null, "errors": 0, "warnings": 2,
//!                "sbom": { "components": 10, "with_license": 9, "with_purl": 10,
//!                          "hashes": { "SHA-256": 10 }, "vulnerabilities": 0, "dependencies": 4 } | null,
//!                "answers": 12 | null } ],
//!   "documents": [ { "file": "…", "kind": "pentest-report", "sha256": "…",
//!                    "pages": 3 | null, "title": "…" | null, "author": "…" | null,
//!                    "created": "2026-10-01" | null, "has_text": true | null,
//!                    "encrypted": false | null } ],
//!   "errors": 0, "warnings": 2 }
//! ```
//!
//! Vulnerabilities and dependencies are counted per SBOM document. It does not render: the
//! CLI prints this as a table or as JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{BidLoad, FileReport};
use crate::diag::{Diagnostic, Location};
use crate::evidence::model::Evidence;

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub schema_version: u32,
    pub bid: Option<BidSummary>,
    pub files: Vec<FileSummary>,
    pub documents: Vec<DocumentSummary>,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct BidSummary {
    pub vendor: String,
    pub product: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub kind: Option<&'static str>,
    pub format: Option<String>,
    pub spec_version: Option<String>,
    pub valid: bool,
    pub sha256: Option<String>,
    pub errors: usize,
    pub warnings: usize,
    pub sbom: Option<SbomCounts>,
    pub answers: Option<usize>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SbomCounts {
    pub components: usize,
    pub with_license: usize,
    pub with_purl: usize,
    pub hashes: BTreeMap<String, usize>,
    pub vulnerabilities: usize,
    pub dependencies: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub file: String,
    pub kind: String,
    pub sha256: String,
    pub pages: Option<u32>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// `YYYY-MM-DD`.
    pub created: Option<String>,
    pub has_text: Option<bool>,
    pub encrypted: Option<bool>,
}

impl Summary {
    /// The JSON wire form, pretty-printed, with a final newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).map_or_else(|_| "{}\n".to_owned(), |s| s + "\n")
    }
}

/// Summarises a loaded bid.
pub fn summarise(bid: &BidLoad) -> Summary {
    let ev = &bid.evidence;
    Summary {
        schema_version: 1,
        bid: ev.bid.as_ref().map(|b| BidSummary {
            vendor: b.vendor.clone(),
            product: b.product.clone(),
            version: b.version.clone(),
        }),
        files: bid.files.iter().map(|f| file(f, bid)).collect(),
        documents: ev
            .documents
            .iter()
            .map(|d| DocumentSummary {
                file: d.file.to_string(),
                kind: d.kind.clone(),
                sha256: d.sha256.clone(),
                pages: d.pages,
                title: d.title.clone(),
                author: d.author.clone(),
                created: d
                    .created
                    .map(|c| format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)),
                has_text: d.has_text,
                encrypted: d.encrypted,
            })
            .collect(),
        errors: bid.diagnostics.iter().filter(|d| d.is_error()).count(),
        warnings: bid.diagnostics.iter().filter(|d| !d.is_error()).count(),
    }
}

fn file_of(d: &Diagnostic) -> Option<&str> {
    match d.location.as_ref()? {
        Location::Pointer { file, .. } | Location::File { file } => Some(file),
        Location::Source { .. } => None,
    }
}

fn file(f: &FileReport, bid: &BidLoad) -> FileSummary {
    let mine = bid
        .diagnostics
        .iter()
        .filter(|d| file_of(d) == Some(&*f.path));
    let (errors, warnings) = mine.fold(
        (0, 0),
        |(e, w), d| if d.is_error() { (e + 1, w) } else { (e, w + 1) },
    );
    let ev = &bid.evidence;
    let answers = ev
        .attestation
        .as_ref()
        .filter(|a| a.file == f.path && f.ok)
        .map(|a| count_answers(&a.answers));
    FileSummary {
        path: f.path.to_string(),
        kind: f.kind.map(|k| k.name()),
        format: f.format.clone(),
        spec_version: f.spec_version.clone(),
        valid: f.ok && errors == 0,
        sha256: ev
            .files
            .iter()
            .find(|e| e.path == f.path)
            .map(|e| e.sha256.clone()),
        errors,
        warnings,
        sbom: f.sbom.map(|i| sbom_counts(ev, i)),
        answers,
    }
}

fn sbom_counts(ev: &Evidence, i: usize) -> SbomCounts {
    let Some(doc) = ev.sboms.get(i) else {
        return SbomCounts::default();
    };
    let comps = ev.components.get(doc.components.clone()).unwrap_or(&[]);
    // Components with at least one hash of each algorithm.
    let mut hashes = BTreeMap::new();
    for c in comps {
        let algs: std::collections::BTreeSet<&str> = c.hashes.iter().map(|h| &*h.alg).collect();
        for alg in algs {
            *hashes.entry(alg.to_owned()).or_insert(0) += 1;
        }
    }
    let doc_index = u32::try_from(i).unwrap_or(u32::MAX);
    SbomCounts {
        components: comps.len(),
        with_license: comps.iter().filter(|c| c.license().is_some()).count(),
        with_purl: comps.iter().filter(|c| c.purl.is_some()).count(),
        hashes,
        vulnerabilities: ev
            .vulnerabilities
            .iter()
            .filter(|v| v.provenance.file == doc.file)
            .count(),
        dependencies: ev
            .dependencies
            .iter()
            .filter(|d| d.doc == doc_index)
            .count(),
    }
}

/// Non-null leaf answers.
fn count_answers(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Null => 0,
        serde_json::Value::Object(m) => m.values().map(count_answers).sum(),
        serde_json::Value::Array(a) => a.iter().map(count_answers).sum(),
        _ => 1,
    }
}
