//! Loaders: one module per evidence format, each turning bytes into model records with
//! provenance and diagnostics that point into the file.
//!
//! Every loader takes the file's display name (its path inside the bid folder), its bytes and
//! the [`Limits`](crate::limits::Limits), and returns what it found or every error it found.
//! Loaders never read the file system themselves (the bid folder does, `bid.rs`), so they can
//! be fuzzed on bytes.

pub mod attestation;
pub mod cdxa;
pub mod pdf;

use crate::diag::Diagnostic;
use crate::evidence::model::{Component, Dependency, SbomDocument, Source, Vulnerability};

/// What an SBOM loader produces for one file. `document.components` and every
/// `Component::doc` are relative to this file (0..components.len(), doc 0) until
/// `Evidence::add_sbom` places them.
#[derive(Debug, Clone)]
pub struct SbomLoad {
    pub document: SbomDocument,
    pub components: Vec<Component>,
    pub dependencies: Vec<Dependency>,
    pub vulnerabilities: Vec<Vulnerability>,
    /// Findings that do not make the file invalid (unknown licence names, format warnings).
    pub warnings: Vec<Diagnostic>,
}

pub mod cyclonedx;
pub mod cyclonedx_json;
pub mod cyclonedx_raw;
pub mod cyclonedx_xml;
pub(crate) mod json_pull;
pub mod spdx;
pub mod spdx_json;
pub mod spdx_tv;

use crate::limits::Limits;

/// An evidence format recognised by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Sbom(crate::evidence::model::SbomFormat),
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Sbom(f) => f.name(),
        }
    }
}

/// Recognises a format from the first bytes of a file; `None` when unknown.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    use crate::evidence::model::SbomFormat;
    if cyclonedx_json::sniff(bytes) {
        return Some(Format::Sbom(SbomFormat::CycloneDxJson));
    }
    if cyclonedx_xml::sniff(bytes) {
        return Some(Format::Sbom(SbomFormat::CycloneDxXml));
    }
    if spdx_json::sniff(bytes) {
        return Some(Format::Sbom(SbomFormat::SpdxJson));
    }
    if spdx_tv::sniff(bytes) {
        return Some(Format::Sbom(SbomFormat::SpdxTagValue));
    }
    None
}

/// Loads an SBOM in any supported format, recognised by content.
pub fn load_sbom(name: &str, bytes: &[u8], limits: &Limits) -> Result<SbomLoad, Vec<Diagnostic>> {
    use crate::evidence::model::SbomFormat;
    match sniff(bytes) {
        Some(Format::Sbom(SbomFormat::CycloneDxJson)) => cyclonedx_json::load(name, bytes, limits),
        Some(Format::Sbom(SbomFormat::CycloneDxXml)) => cyclonedx_xml::load(name, bytes, limits),
        Some(Format::Sbom(SbomFormat::SpdxJson)) => spdx_json::load(name, bytes, limits),
        Some(Format::Sbom(SbomFormat::SpdxTagValue)) => spdx_tv::load(name, bytes, limits),
        None => Err(vec![unrecognised(name, bytes, limits)]),
    }
}

/// [`load_sbom`] for text already checked as UTF-8: a CycloneDX JSON model shares its
/// longer strings with it ([`cyclonedx_json::load_source`]).
pub fn load_sbom_source(
    name: &str,
    source: &Source,
    limits: &Limits,
) -> Result<SbomLoad, Vec<Diagnostic>> {
    use crate::evidence::model::SbomFormat;
    let bytes = source.as_str().as_bytes();
    match sniff(bytes) {
        Some(Format::Sbom(SbomFormat::CycloneDxJson)) => {
            cyclonedx_json::load_source(name, source, limits)
        }
        _ => load_sbom(name, bytes, limits),
    }
}

/// Whether `needle` occurs in `hay`: recognising a file may look through all of it.
pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// Why a file was not recognised: the JSON problem when it looks like broken JSON (so a
/// truncated or hostile file says what is wrong), else `unknown-format`.
pub fn unrecognised(name: &str, bytes: &[u8], limits: &Limits) -> Diagnostic {
    let head = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(head, Some(b'{' | b'['))
        && let Err(d) = crate::evidence::json::read_value(name, bytes, limits)
    {
        return *d;
    }
    unknown_format(name)
}

/// The `unknown-format` error.
pub fn unknown_format(name: &str) -> Diagnostic {
    Diagnostic::error(
        crate::diag::Code("unknown-format"),
        "the file is not a recognised evidence format",
    )
    .at(crate::diag::Location::file(name))
    .with_help("supported: CycloneDX JSON and XML 1.4–1.7, SPDX 2.2/2.3 JSON and tag-value")
}
