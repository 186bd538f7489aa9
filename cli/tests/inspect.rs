//! `tenderguard inspect`: tables, JSON, exit codes, path escapes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn inspect() -> Command {
    let mut c = Command::cargo_bin("tenderguard").unwrap();
    c.arg("inspect");
    c
}

#[test]
fn a_good_bid_prints_a_table_and_exits_0() {
    inspect()
        .arg(fixtures().join("bids/acme"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "bid: Acme B.V. — SecureCam 4 4.2.0",
        ))
        .stdout(predicate::str::contains("sbom/firmware.spdx"))
        .stdout(predicate::str::contains("SPDX tag-value 2.3"))
        .stdout(predicate::str::contains(
            "3 components, 3 with licence, 1 with purl",
        ))
        .stdout(predicate::str::contains("answers"))
        .stdout(predicate::str::contains("pentest-report"));
}

#[test]
fn json_output_is_stable_and_versioned() {
    let out = inspect()
        .arg(fixtures().join("bids/acme"))
        .args(["--format", "json"])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["bid"]["vendor"], "Acme B.V.");
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    let fw = files
        .iter()
        .find(|f| f["path"] == "sbom/firmware.spdx")
        .unwrap();
    assert_eq!(fw["sbom"]["components"], 3);
    assert_eq!(fw["sbom"]["hashes"]["SHA-256"], 1);
    assert_eq!(fw["sbom"]["dependencies"], 1);
    let att = files.iter().find(|f| f["kind"] == "attestation").unwrap();
    assert_eq!(att["answers"], 20);
}

#[test]
fn an_invalid_file_exits_1_with_its_diagnostic() {
    inspect()
        .arg(fixtures().join("hostile/duplicate-keys.yaml"))
        .args(["--error-format", "json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\"code\":\"duplicate-key\""));
}

#[test]
fn a_missing_input_exits_2() {
    inspect()
        .arg(fixtures().join("no/such/bid"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bid-unreadable"));
}

#[cfg(unix)]
#[test]
fn a_symlink_escape_exits_2_naming_the_path() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.json"), "{}").unwrap();
    let bid = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("bids/loose/firmware.spdx"),
        bid.path().join("firmware.spdx"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.json"),
        bid.path().join("evil.json"),
    )
    .unwrap();
    inspect()
        .arg(bid.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bid-path-escape"))
        .stderr(predicate::str::contains("`evil.json`"));
}

#[test]
fn help_has_examples() {
    inspect()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"));
}

#[test]
fn documents_show_pages_title_and_date() {
    inspect()
        .arg(fixtures().join("bids/acme"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "document reports/pentest-2026.pdf (pentest-report): 3 page(s), \"Penetration test SecureCam 4\", created 2026-10-01, text sha256 6db4f3e4",
        ))
        .stdout(predicate::str::contains("PDF 1.3"));
    let out = inspect()
        .arg(fixtures().join("bids/acme"))
        .args(["--format", "json"])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let d = &v["documents"][0];
    assert_eq!(d["pages"], 3);
    assert_eq!(d["created"], "2026-10-01");
    assert_eq!(d["author"], "Example Security B.V.");
    assert_eq!(d["has_text"], true);
    assert_eq!(d["encrypted"], false);
}

#[test]
fn a_pdf_without_pages_exits_1_with_its_diagnostic() {
    inspect()
        .arg(fixtures().join("hostile/zero-pages.pdf"))
        .args(["--error-format", "json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\"code\":\"pdf-no-pages\""));
}
