//! The engine: resolve imports and parameters, check paths and types against the evidence
//! vocabulary, evaluate clauses against a bid, score criteria. Pure: no I/O.

pub mod glob;
pub mod value;
pub mod verdict;
pub mod version;

use crate::diag::CodeInfo;

/// The diagnostic codes this stage emits.
pub const CODES: &[CodeInfo] = &[];
