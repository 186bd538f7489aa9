//! Replays the fuzz seeds and every language fixture through the fuzz target's property.

use std::path::PathBuf;

fn tg_files(dir: PathBuf) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tg"))
        .collect();
    files.sort();
    files
}

#[test]
fn fuzz_seeds_and_fixtures_keep_the_round_trip_property() {
    let root = super::super::common::root();
    let mut files = tg_files(root.join("fuzz/seeds"));
    assert!(files.len() >= 5);
    files.extend(tg_files(root.join("tests/fixtures/lang/ok")));
    files.extend(tg_files(root.join("tests/fixtures/lang/err")));
    for path in files {
        let data = std::fs::read(&path).unwrap();
        if let Err(problem) = tenderguard::lang::fuzz_round_trip(&data) {
            panic!("{}: {problem}", path.display());
        }
    }
}

#[test]
fn arbitrary_bytes_do_not_panic() {
    let samples: [&[u8]; 8] = [
        b"",
        b"\xff\xfe",
        b"clause",
        b"clause C \"c\" knockout { require ((((",
        b"param x = \"\\u{",
        b"/*/",
        b"tender \"\" { title.e \"\" }",
        b"use \"a\" { } with { } param a = --1",
    ];
    for s in samples {
        assert!(tenderguard::lang::fuzz_round_trip(s).is_ok());
    }
}
