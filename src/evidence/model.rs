//! The normalised evidence model: one shape for every SBOM format, the attestation, VEX and
//! documents of a bid.
//!
//! Loaders (`load/*`) fill it; the engine reads it through the vocabulary in `schema.rs`.
//! Every record carries its [`Provenance`] (file + JSON pointer, or file + line for
//! line-based formats), so a verdict can say exactly where a value came from. Field-level
//! pointers are derived (`record pointer` + `/field`), not stored, to keep 100k-component
//! bids small in memory.
//!
//! The model holds no I/O handles and no vendor string is escaped here: escaping happens
//! when rendering (`report::escape`).

use std::sync::Arc;

pub use crate::evidence::text::{Source, Text};

/// Where a record came from inside an evidence file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Locator {
    /// An RFC 6901 JSON pointer (`/components/12`). XML and YAML loaders use the pointer of
    /// the equivalent JSON document.
    Pointer(Text),
    /// A 1-based line (SPDX tag-value).
    Line(u32),
}

impl Locator {
    pub fn pointer(p: impl Into<Text>) -> Locator {
        Locator::Pointer(p.into())
    }

    /// The locator of a field of this record: `/components/12` + `version`.
    pub fn child(&self, key: &str) -> Locator {
        match self {
            Locator::Pointer(p) => Locator::Pointer(
                compact_str::format_compact!("{p}/{}", crate::diag::pointer_token(key)).into(),
            ),
            Locator::Line(l) => Locator::Line(*l),
        }
    }
}

impl std::fmt::Display for Locator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Locator::Pointer(p) if p.is_empty() => f.write_str("/"),
            Locator::Pointer(p) => f.write_str(p),
            Locator::Line(l) => write!(f, "line {l}"),
        }
    }
}

/// A file and a place in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Provenance {
    /// The file's path relative to the bid folder (or as given on the command line).
    pub file: Arc<str>,
    pub at: Locator,
}

impl Provenance {
    pub fn new(file: &Arc<str>, at: Locator) -> Provenance {
        Provenance {
            file: Arc::clone(file),
            at,
        }
    }

    pub fn child(&self, key: &str) -> Provenance {
        Provenance {
            file: Arc::clone(&self.file),
            at: self.at.child(key),
        }
    }

    /// As a diagnostic location.
    pub fn location(&self) -> crate::diag::Location {
        match &self.at {
            Locator::Pointer(p) => crate::diag::Location::pointer(&*self.file, &**p),
            Locator::Line(l) => crate::diag::Location::Pointer {
                file: self.file.to_string(),
                pointer: String::new(),
                line_col: Some((*l, 1)),
            },
        }
    }
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Locator::Pointer(p) => write!(f, "{}#{}", self.file, p),
            Locator::Line(l) => write!(f, "{}:{}", self.file, l),
        }
    }
}

/// Everything known about one bid.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// From the manifest; `None` when the bid has no `bid.yaml`.
    pub bid: Option<BidInfo>,
    /// Every evidence file read, in path order.
    pub files: Vec<EvidenceFile>,
    pub sboms: Vec<SbomDocument>,
    /// Components of all SBOMs, flattened (nested components included), in file order.
    pub components: Vec<Component>,
    pub dependencies: Vec<Dependency>,
    pub vulnerabilities: Vec<Vulnerability>,
    pub attestation: Option<Attestation>,
    pub documents: Vec<Document>,
}

/// The bid manifest's identification of the vendor and product.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BidInfo {
    pub vendor: String,
    pub product: Option<String>,
    pub version: Option<String>,
    pub provenance: Option<Provenance>,
}

/// What a file in a bid is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceKind {
    Sbom,
    Attestation,
    Vex,
    Document,
    Signature,
    Manifest,
}

impl EvidenceKind {
    pub fn name(self) -> &'static str {
        match self {
            EvidenceKind::Sbom => "sbom",
            EvidenceKind::Attestation => "attestation",
            EvidenceKind::Vex => "vex",
            EvidenceKind::Document => "document",
            EvidenceKind::Signature => "signature",
            EvidenceKind::Manifest => "manifest",
        }
    }
}

/// One file of a bid, with its digest (for the contract annex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    pub path: Arc<str>,
    pub kind: EvidenceKind,
    /// Lowercase hex SHA-256 of the bytes read.
    pub sha256: String,
    pub size: u64,
}

/// The SBOM formats we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SbomFormat {
    CycloneDxJson,
    CycloneDxXml,
    SpdxJson,
    SpdxTagValue,
}

impl SbomFormat {
    /// `CycloneDX` or `SPDX`: the value of `sbom_document.format`.
    pub fn family(self) -> &'static str {
        match self {
            SbomFormat::CycloneDxJson | SbomFormat::CycloneDxXml => "CycloneDX",
            SbomFormat::SpdxJson | SbomFormat::SpdxTagValue => "SPDX",
        }
    }

    /// A display name including the encoding.
    pub fn name(self) -> &'static str {
        match self {
            SbomFormat::CycloneDxJson => "CycloneDX JSON",
            SbomFormat::CycloneDxXml => "CycloneDX XML",
            SbomFormat::SpdxJson => "SPDX JSON",
            SbomFormat::SpdxTagValue => "SPDX tag-value",
        }
    }
}

/// One SBOM file's document-level data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SbomDocument {
    pub file: Arc<str>,
    pub format: SbomFormat,
    /// `1.6`, `2.3`…
    pub spec_version: String,
    pub serial: Option<String>,
    /// ISO 8601 as written; `timestamp_date` is its calendar date when it parses.
    pub timestamp: Option<String>,
    pub timestamp_date: Option<crate::lang::ast::Date>,
    pub authors: Vec<String>,
    pub tools: Vec<String>,
    pub supplier: Option<String>,
    pub lifecycle: Vec<String>,
    /// The described component (CycloneDX `metadata.component`, SPDX `documentDescribes`).
    pub subject: Option<String>,
    pub subject_version: Option<String>,
    /// Index range of this document's entries in [`Evidence::components`].
    pub components: std::ops::Range<usize>,
    pub provenance: Provenance,
}

/// A licence as the SBOM states it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct License {
    /// The SPDX expression, normalised where unambiguous (`Apache 2.0` → `Apache-2.0`);
    /// otherwise the text as written.
    pub expression: Text,
    /// True when `expression` parses as a strict SPDX expression.
    pub is_spdx: bool,
    /// The original text when normalisation changed it.
    pub original: Option<Text>,
}

/// A component digest, algorithm normalised (`SHA-256`, `SHA-512`, `SHA3-256`…).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hash {
    pub alg: Text,
    /// Lowercase hex.
    pub value: Text,
}

/// An external reference of a component.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExternalRef {
    pub kind: Text,
    pub url: Text,
}

/// One component.
///
/// Strings are `Text` and lists boxed slices: nothing grows after loading, and a
/// 100,000-component SBOM should not pay for spare capacity (issue #3, peak memory).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Component {
    /// Index of its document in [`Evidence::sboms`].
    pub doc: u32,
    pub bom_ref: Option<Text>,
    pub name: Text,
    pub group: Option<Text>,
    pub version: Option<Text>,
    /// `library`, `application`, `firmware`…
    pub kind: Option<Text>,
    pub purl: Option<Text>,
    /// The purl type (`npm`, `cargo`…), lowercased.
    pub ecosystem: Option<Text>,
    pub cpe: Option<Text>,
    pub supplier: Option<Text>,
    pub author: Option<Text>,
    pub license_declared: Option<License>,
    pub license_concluded: Option<License>,
    pub hashes: Box<[Hash]>,
    pub scope: Option<Text>,
    pub external_refs: Box<[ExternalRef]>,
    pub properties: Box<[(Text, Text)]>,
    pub provenance: Option<Provenance>,
}

impl Component {
    /// The effective licence: concluded, else declared.
    pub fn license(&self) -> Option<&License> {
        self.license_concluded
            .as_ref()
            .or(self.license_declared.as_ref())
    }
}

/// A dependency-graph entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub doc: u32,
    pub reference: Text,
    pub depends_on: Box<[Text]>,
    pub provenance: Provenance,
}

/// Vulnerability severities, ordered (same scale as the language's `severity` literals).
pub use crate::lang::ast::Severity;

/// The VEX state of a vulnerability for this product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VexState {
    Affected,
    NotAffected,
    Fixed,
    UnderInvestigation,
    Unknown,
}

impl VexState {
    pub fn name(self) -> &'static str {
        match self {
            VexState::Affected => "affected",
            VexState::NotAffected => "not_affected",
            VexState::Fixed => "fixed",
            VexState::UnderInvestigation => "under_investigation",
            VexState::Unknown => "unknown",
        }
    }
}

/// A vulnerability known for the product, with its VEX assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Vulnerability {
    pub id: String,
    pub source: Option<String>,
    pub severity: Option<Severity>,
    pub score: Option<f64>,
    pub affects: Vec<String>,
    pub state: VexState,
    pub justification: Option<String>,
    pub known_exploited: Option<bool>,
    pub published: Option<crate::lang::ast::Date>,
    pub provenance: Provenance,
}

/// The vendor's answers, as a JSON value tree (YAML is read into the same shape), checked
/// against the vocabulary when loaded. Paths map to JSON pointers one to one.
#[derive(Debug, Clone, PartialEq)]
pub struct Attestation {
    pub file: Arc<str>,
    pub answers: serde_json::Value,
    /// A CycloneDX 1.6 attestation (`declarations`) mapped onto the same answers.
    pub from_cdxa: bool,
}

/// A document in the bid (a PDF report or certificate). Everything but the kind, file and
/// digest comes from the PDF reader (`load::pdf`); `None` is "not stated or not readable"
/// (a file that is not a PDF, a PDF that needs a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The manifest's `doc_kind` (`pentest-report`, `certificate`…), else `document`.
    pub kind: String,
    pub file: Arc<str>,
    pub sha256: String,
    pub pages: Option<u32>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub created: Option<crate::lang::ast::Date>,
    /// Whether any of the first `max_pdf_text_pages` pages has extractable text.
    pub has_text: Option<bool>,
    /// Whether the PDF is encrypted (with or without a password needed to open it).
    pub encrypted: Option<bool>,
}

impl Evidence {
    /// Adds one loaded SBOM: its document, components (re-based so `doc` and the document's
    /// component range point into this bid), dependencies and vulnerabilities.
    pub fn add_sbom(&mut self, load: crate::evidence::load::SbomLoad) {
        let doc = u32::try_from(self.sboms.len()).unwrap_or(u32::MAX);
        let start = self.components.len();
        let mut document = load.document;
        document.components = start..start + load.components.len();
        self.sboms.push(document);
        let mut components = load.components;
        for c in &mut components {
            c.doc = doc;
        }
        // The first SBOM's components are moved, not copied: a 100,000-component list
        // would otherwise exist twice at the peak.
        if self.components.is_empty() {
            self.components = components;
        } else {
            self.components.append(&mut components);
        }
        self.dependencies.extend(
            load.dependencies
                .into_iter()
                .map(|d| Dependency { doc, ..d }),
        );
        self.vulnerabilities.extend(load.vulnerabilities);
    }
}
