//! `tenderguard lint`: exit codes and what it prints.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

use assert_cmd::Command;
use predicates::prelude::*;

fn lint() -> Command {
    let mut c = Command::cargo_bin("tenderguard").unwrap();
    c.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    c.arg("lint");
    c
}

#[test]
fn clean_tender_exits_zero() {
    lint()
        .arg("tests/fixtures/lang/ok/check-full.tg")
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "check-full.tg: 0 errors, 0 warnings",
        ));
}

#[test]
fn errors_exit_one_with_file_line_col() {
    lint()
        .arg("tests/fixtures/lang/err/check-unknown-field.tg")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("check-unknown-field.tg:6:23"))
        .stderr(predicate::str::contains("did you mean `support`?"))
        .stderr(predicate::str::contains("1 error, 0 warnings"));
}

#[test]
fn warnings_pass_unless_denied() {
    let f = "tests/fixtures/lang/err/check-unused-param.tg";
    lint().arg(f).assert().code(0);
    lint().arg(f).arg("--deny-warnings").assert().code(1);
}

#[test]
fn json_format_prints_one_object_per_line() {
    lint()
        .args([
            "--error-format",
            "json",
            "tests/fixtures/lang/err/check-unknown-field.tg",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\"code\":\"unknown-field\""))
        .stderr(predicate::str::contains("\"line\":6"));
}

#[test]
fn unreadable_file_exits_two() {
    lint()
        .arg("does/not/exist.tg")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn help_has_examples() {
    lint()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("tenderguard lint tender.tg"));
}
