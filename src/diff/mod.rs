//! Diffs: delivered evidence against bid evidence, and one tender version against another.
//!
//! - [`evidence`]: components (added, removed, upgraded, downgraded, licence, supplier and
//!   digest changes), attestation answers and vulnerabilities: [`diff_evidence`].
//! - [`verdicts`]: the same tender's verdicts at bid time and at delivery, broken promises
//!   first: [`diff_assessments`].
//! - [`tender`]: two versions of a tender (an amendment): [`diff_tenders`].
//!
//! Everything here is plain data in a deterministic order; `report::audit` renders it.
//! Nothing here reads files, evaluates clauses or escapes strings.

pub mod evidence;
pub mod tender;
pub mod verdicts;

pub use evidence::{EvidenceDiff, diff_evidence};
pub use tender::{TenderDiff, diff_tenders};
pub use verdicts::{VerdictChange, diff_assessments};
