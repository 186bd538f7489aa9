//! Renderers: assessments, annexes and audits turned into bytes for a given writer.
//!
//! Every vendor string passes through [`escape`] first; renderers are pure and
//! deterministic (sorted iteration, no clock).
//!
//! - [`audit`]: the delivery audit and the tender amendment diff.
//! - [`matrix`]: compliance matrices of one bid or several, in every output format.
//! - [`template`]: the response template for vendors (attestation YAML, schema, checklist).
//! - [`annex`]: the contract annex of one bid (Markdown, HTML, PDF).
//! - [`wire`]: the versioned JSON report types (`schemas/report.schema.json`).

pub mod annex;
pub mod audit;
pub mod escape;
pub mod matrix;
pub mod template;
pub mod wire;
