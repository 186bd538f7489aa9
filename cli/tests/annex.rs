//! `tenderguard template` and `tenderguard annex`: files written, determinism, exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn example(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/minimal")
        .join(rel)
}

fn tg() -> Command {
    Command::cargo_bin("tenderguard").unwrap()
}

#[test]
fn template_prints_the_attestation_and_writes_three_files() {
    tg().arg("template")
        .arg(example("tender.tg"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("  end: ~\n"))
        .stdout(predicate::str::contains("LC-2, AWD-1"));
    let dir = tempfile::tempdir().unwrap();
    tg().arg("template")
        .arg(example("tender.tg"))
        .args(["--lang", "nl", "-o"])
        .arg(dir.path())
        .assert()
        .code(0);
    for f in [
        "attestation.yaml",
        "attestation.schema.json",
        "checklist.md",
    ] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    let yaml = std::fs::read_to_string(dir.path().join("attestation.yaml")).unwrap();
    assert!(yaml.contains("Antwoordsjabloon"), "{yaml}");
}

#[test]
fn annex_renders_each_format_byte_identically() {
    for format in ["md", "html", "pdf"] {
        let run = || {
            tg().arg("annex")
                .arg(example("tender.tg"))
                .arg(example("bids/acme"))
                .args(["--format", format, "--lang", "nl"])
                .assert()
                .code(0)
                .get_output()
                .stdout
                .clone()
        };
        let first = run();
        assert!(!first.is_empty(), "{format}");
        assert_eq!(first, run(), "{format} differs between runs");
    }
}

#[test]
fn annex_refuses_a_template_for_pdf_and_a_bad_template() {
    tg().arg("annex")
        .arg(example("tender.tg"))
        .arg(example("bids/acme"))
        .args(["--format", "pdf", "--template", "x.hbs"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--template"));
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("bad.hbs");
    std::fs::write(&t, "{{no.such.field}}").unwrap();
    tg().arg("annex")
        .arg(example("tender.tg"))
        .arg(example("bids/acme"))
        .arg("--template")
        .arg(&t)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("strict"));
}
