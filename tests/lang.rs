//! The clause language front end: fixtures (formatted snapshots and syntax-error
//! snapshots), the formatter round trip (fixtures and generated ASTs), the depth limits,
//! the examples in `docs/language.md` and the fuzz seeds.

use tenderguard::diag::{FileId, SourceMap, render_human};
use tenderguard::lang::{self, ast, fmt};
use tenderguard::limits::Limits;

/// Parses `src` as file 0 of a fresh source map.
fn parse(src: &str) -> Result<ast::File, String> {
    let mut sm = SourceMap::new();
    let id = sm.add("test.tg", src);
    lang::parse(id, src, &Limits::default()).map_err(|d| render_human(&d, &sm, false))
}

#[test]
fn scratch() {
    let src = std::fs::read_to_string("tests/fixtures/lang/ok/full-example.tg").unwrap();
    let f = parse(&src).unwrap_or_else(|e| panic!("{e}"));
    let out = fmt::format(&f);
    println!("{out}");
    let g = parse(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(f, g);
    assert_eq!(fmt::format(&g), out);
    let _ = FileId(0);
}
