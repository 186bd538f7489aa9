//! `tenderguard fmt`: in place, `--check`, standard input, exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

use assert_cmd::Command;
use predicates::prelude::*;

const MESSY: &str = "param x=5 years\nclause C \"c\" knockout { require ((a)) and  b }\n";
const TIDY: &str = "param x = 5 years\n\nclause C \"c\" knockout {\n  require a and b\n}\n";

fn fmt() -> Command {
    let mut c = Command::cargo_bin("tenderguard").unwrap();
    c.arg("fmt");
    c
}

#[test]
fn rewrites_files_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.tg");
    std::fs::write(&file, MESSY).unwrap();
    fmt().arg(&file).assert().code(0).stdout("");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TIDY);
    // no temporary file is left behind
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn check_lists_files_that_would_change_and_rewrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.tg");
    let tidy = dir.path().join("tidy.tg");
    std::fs::write(&messy, MESSY).unwrap();
    std::fs::write(&tidy, TIDY).unwrap();
    fmt()
        .arg("--check")
        .arg(&messy)
        .arg(&tidy)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("messy.tg").and(predicate::str::contains("tidy.tg").not()),
        );
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), MESSY);
    fmt().arg("--check").arg(&tidy).assert().code(0).stdout("");
}

#[test]
fn dash_formats_stdin_to_stdout() {
    fmt()
        .arg("-")
        .write_stdin(MESSY)
        .assert()
        .code(0)
        .stdout(TIDY);
}

#[test]
fn syntax_errors_exit_one_with_diagnostics() {
    fmt()
        .arg("-")
        .write_stdin("clause C \"c\" {}\n")
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("error[syntax-error]")
                .and(predicate::str::contains("<stdin>:1:14")),
        );
    fmt()
        .args(["--error-format", "json", "-"])
        .write_stdin("param d = 2027-02-30\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\"code\":\"invalid-date\""));
}

#[test]
fn unreadable_files_exit_two() {
    fmt()
        .arg("does/not/exist.tg")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read `does/not/exist.tg`"));
}

#[test]
fn help_shows_examples() {
    fmt()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "tenderguard fmt --check tender.tg",
        ));
}
