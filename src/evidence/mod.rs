//! Evidence: what vendors submit (SBOMs, attestations, VEX, documents), loaded, validated
//! and normalised into one model, and the vocabulary clauses use to read it.

pub mod load;
pub mod model;
pub mod schema;
pub mod yaml;

use crate::diag::CodeInfo;

/// The diagnostic codes this stage emits.
pub const CODES: &[CodeInfo] = &[];
