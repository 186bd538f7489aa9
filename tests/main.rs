//! Integration tests of the library: one test binary, one module per layer.

// Test code may panic, unwrap, index and print: the no-panic and no-print rules are for the
// library and the CLI.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::disallowed_macros
)]

mod annex;
mod check;
mod common;
mod diff;
mod eval;
mod evidence_bid;
mod evidence_cdx;
mod evidence_pdf;
mod examples;
mod lang;
mod library;
mod report;
