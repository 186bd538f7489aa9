//! The engine: resolve imports and parameters, check paths and types against the evidence
//! vocabulary, evaluate clauses against a bid, score criteria. Pure: no I/O.

pub mod funcs;
pub mod ir;
pub mod verdict;

use crate::diag::CodeInfo;

/// The diagnostic codes this stage emits.
pub const CODES: &[CodeInfo] = &[];
