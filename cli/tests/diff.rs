//! `tenderguard diff` and `tenderguard diff-tender`: exit codes and what they print.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

use assert_cmd::Command;
use predicates::prelude::*;

fn tg() -> Command {
    let mut c = Command::cargo_bin("tenderguard").unwrap();
    c.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    c
}

const BID: &str = "examples/audit/bids/acme";
const DELIVERED: &str = "examples/audit/delivered/acme";

#[test]
fn broken_promises_exit_one() {
    tg().args([
        "diff",
        BID,
        DELIVERED,
        "--tender",
        "examples/audit/tender.tg",
    ])
    .assert()
    .code(1)
    .stdout(predicate::str::contains("BROKEN PROMISES: 2"))
    .stdout(predicate::str::contains(
        "LC-2 passed at bid, fails at delivery",
    ))
    .stdout(predicate::str::contains("RED FLAG"));
}

#[test]
fn without_a_tender_only_evidence_and_exit_zero() {
    let out = tg()
        .args(["diff", BID, DELIVERED, "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let j: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(j["summary"]["red_flags"], 1);
    assert!(j["verdicts"].is_null());
}

#[test]
fn the_same_folder_twice_has_no_changes() {
    tg().args([
        "diff",
        BID,
        BID,
        "--tender",
        "examples/audit/tender.tg",
        "--format",
        "md",
    ])
    .assert()
    .code(0)
    .stdout(predicate::str::contains("Component changes \\(0\\)"))
    .stdout(predicate::str::contains("No broken promises"));
}

#[test]
fn html_goes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.html");
    tg().args(["diff", BID, DELIVERED, "--format", "html", "-o"])
        .arg(&path)
        .assert()
        .code(0);
    let html = std::fs::read_to_string(path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("ffmpeg-static"));
}

#[test]
fn missing_folder_or_bad_tender_exit_two() {
    tg().args(["diff", BID, "examples/audit/nope"])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tg");
    std::fs::write(&bad, "clause X-1 \"t\" knockout { require nope.nope }\n").unwrap();
    tg().args(["diff", BID, DELIVERED, "--tender"])
        .arg(&bad)
        .assert()
        .code(2);
    tg().args(["diff-tender", "examples/audit/tender-v1.tg"])
        .arg(&bad)
        .assert()
        .code(2);
}

#[test]
fn diff_tender_shows_the_amendment() {
    tg().args([
        "diff-tender",
        "examples/audit/tender-v1.tg",
        "examples/audit/tender-v2.tg",
    ])
    .assert()
    .code(0)
    .stdout(predicate::str::contains(
        "launching-customer.support_period: 4 years → 5 years",
    ))
    .stdout(predicate::str::contains("DOC-1"))
    .stdout(predicate::str::contains(
        "[-onderdeel moet-]{+component is+}",
    ));
}

#[test]
fn help_has_examples() {
    tg().args(["diff", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "tenderguard diff bids/acme delivered/acme --tender tender.tg",
        ));
    tg().args(["diff-tender", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"));
}
