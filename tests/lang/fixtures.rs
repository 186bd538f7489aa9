//! Fixture files: every `ok/*.tg` parses, its canonical form is snapshotted and round-trips;
//! every `err/*.tg` that fails to parse has its rendered diagnostics snapshotted. (Files in
//! `err/` that parse carry semantic mistakes: the engine's tests cover them.)

use std::path::{Path, PathBuf};

use tenderguard::diag::{SourceMap, render_human};
use tenderguard::lang::{self, fmt};
use tenderguard::limits::Limits;

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = super::super::common::root()
        .join("tests/fixtures/lang")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tg"))
        .collect();
    files.sort();
    files
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn ok_fixtures_format_canonically_and_round_trip() {
    let files = fixtures("ok");
    assert!(files.len() >= 15, "only {} ok fixtures", files.len());
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        let ast = super::parse(&src).unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
        let out = fmt::format(&ast);
        let again = super::parse(&out)
            .unwrap_or_else(|e| panic!("{}: reformatted:\n{e}\n{out}", path.display()));
        assert_eq!(
            ast,
            again,
            "{}: the canonical form means something else",
            path.display()
        );
        assert_eq!(
            fmt::format(&again),
            out,
            "{}: formatting is not idempotent",
            path.display()
        );
        assert_eq!(
            comment_count(&src),
            comment_count(&out),
            "{}: a comment was lost",
            path.display()
        );
        snapshot(&format!("lang-ok-{}", stem(&path)), &out);
    }
}

/// `//` and `/*` outside strings (a rough count, enough for the fixtures).
fn comment_count(src: &str) -> usize {
    src.lines()
        .map(|l| {
            l.split('"')
                .step_by(2)
                .map(|part| part.matches("//").count() + part.matches("/*").count())
                .sum::<usize>()
        })
        .sum()
}

#[test]
fn syntax_error_fixtures_render_their_diagnostics() {
    let mut syntax_errors = 0;
    for path in fixtures("err") {
        let src = std::fs::read_to_string(&path).unwrap();
        let mut sm = SourceMap::new();
        let name = format!("err/{}.tg", stem(&path));
        let id = sm.add(name, src.as_str());
        let Err(diags) = lang::parse(id, &src, &Limits::default()) else {
            continue; // a semantic mistake: the engine's tests cover it
        };
        syntax_errors += 1;
        assert!(
            diags.iter().all(|d| d.location.is_some()),
            "{}",
            path.display()
        );
        snapshot(
            &format!("lang-err-{}", stem(&path)),
            &render_human(&diags, &sm, false),
        );
    }
    assert!(
        syntax_errors >= 15,
        "only {syntax_errors} syntax-error fixtures"
    );
}
