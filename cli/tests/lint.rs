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

#[test]
fn max_source_bytes_applies_to_the_tender_and_to_its_imports() {
    let d = tempfile::tempdir().unwrap();
    let padding = format!("// {}\n", "x".repeat(400));
    std::fs::write(
        d.path().join("tender.tg"),
        "tender \"T-1\" {\n  title.en \"T\"\n  buyer \"B\"\n  published 2027-01-01\n  deadline 2027-02-01\n}\n\nuse \"./local.tg\"\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("local.tg"),
        format!("{padding}question attestation.x.ok : bool \"Ok?\" \"Goed?\"\n"),
    )
    .unwrap();
    let tender = d.path().join("tender.tg");
    lint().arg(&tender).assert().code(0);
    // The import is larger than 300 bytes, the tender is not.
    lint()
        .args(["--max-source-bytes", "300"])
        .arg(&tender)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("local.tg"))
        .stderr(predicate::str::contains("--max-source-bytes"));
    // The tender itself over the limit.
    lint()
        .args(["--max-source-bytes", "50"])
        .arg(&tender)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than the limit of 50"));
}
