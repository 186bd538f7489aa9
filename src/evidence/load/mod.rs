//! Loaders: one module per evidence format, each turning bytes into model records with
//! provenance and diagnostics that point into the file.
//!
//! Every loader takes the file's display name (its path inside the bid folder), its bytes and
//! the [`Limits`](crate::limits::Limits), and returns what it found or every error it found.
//! Loaders never read the file system themselves (the bid folder does, `bid.rs`), so they can
//! be fuzzed on bytes.

pub mod attestation;
pub mod cdxa;
pub mod spdx;
pub mod spdx_json;
pub mod spdx_tv;

use crate::diag::Diagnostic;
use crate::evidence::model::{Component, Dependency, SbomDocument, Vulnerability};

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
