//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The repository root.
#[allow(dead_code)]
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpus (`../shared/corpus`), or `None` with a loud message when absent.
#[allow(dead_code)]
pub fn corpus() -> Option<PathBuf> {
    let dir = root().join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("\n!!! SKIPPED: ../shared/corpus is absent; corpus tests did not run !!!\n");
        None
    }
}

/// Reads a fixture file relative to `tests/fixtures`.
#[allow(dead_code)]
pub fn fixture(rel: impl AsRef<Path>) -> String {
    let p = root().join("tests/fixtures").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}
