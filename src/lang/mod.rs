//! The clause language: text → AST, and AST → canonical text.
//!
//! `syntax` binds the pest grammar (`grammar/tenderguard.pest`), `lower` turns pest pairs
//! into the [`ast`], `fmt` prints an AST in canonical form. This module knows nothing about
//! evidence: resolving imports and checking paths and types is the engine's job.
//! pest types never leave this module.

pub mod ast;

use crate::diag::CodeInfo;

/// The diagnostic codes this stage emits.
pub const CODES: &[CodeInfo] = &[];
