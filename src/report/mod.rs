//! Renderers: assessments, annexes and audits turned into bytes for a given writer.
//!
//! Every vendor string passes through [`escape`] first; renderers are pure and
//! deterministic (sorted iteration, no clock).

pub mod escape;
