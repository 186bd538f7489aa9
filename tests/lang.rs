//! The clause language front end: fixtures (formatted snapshots and syntax-error
//! snapshots), the formatter round trip (fixtures and generated ASTs), the depth limits,
//! the examples in `docs/language.md` and the fuzz seeds.

mod docs;
mod fixtures;
mod fuzz;
mod limits;
mod recovery;
mod roundtrip;

use tenderguard::diag::{Diagnostic, SourceMap, render_human};
use tenderguard::lang::{self, ast};
use tenderguard::limits::Limits;

/// Parses `src` as the only file of a fresh source map; errors are rendered plainly.
#[allow(dead_code)]
fn parse(src: &str) -> Result<ast::File, String> {
    parse_raw(src).map_err(|(d, sm)| render_human(&d, &sm, false))
}

/// Parses `src`, returning the diagnostics and the source map on failure.
fn parse_raw(src: &str) -> Result<ast::File, (Vec<Diagnostic>, SourceMap)> {
    let mut sm = SourceMap::new();
    let id = sm.add("test.tg", src);
    lang::parse(id, src, &Limits::default()).map_err(|d| (d, sm))
}

/// The codes of the diagnostics for `src` (empty when it parses).
fn codes(src: &str) -> Vec<&'static str> {
    match parse_raw(src) {
        Ok(_) => Vec::new(),
        Err((d, _)) => d.iter().map(|d| d.code.0).collect(),
    }
}

/// Wraps an expression in a clause.
fn clause(expr: &str) -> String {
    format!("clause X \"x\" knockout {{\n  require {expr}\n}}\n")
}
