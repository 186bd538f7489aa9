//! `tenderguard check` and `compare` on the bundled example, as a user runs them: exit codes,
//! every output format, `-o`, and the errors a user can cause.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

use assert_cmd::Command;
use predicates::prelude::*;

const TENDER: &str = "examples/minimal/tender.tg";
const ACME: &str = "examples/minimal/bids/acme";
const GLOBEX: &str = "examples/minimal/bids/globex";

fn tg() -> Command {
    let mut c = Command::cargo_bin("tenderguard").unwrap();
    c.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn a_compliant_bid_exits_zero_with_a_matrix() {
    tg().args(["check", TENDER, ACME])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("QUALIFIED"))
        .stdout(predicate::str::contains("LIC-1"));
}

#[test]
fn a_failed_knockout_exits_one_and_says_where() {
    tg().args(["check", TENDER, GLOBEX])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("DISQUALIFIED"))
        .stdout(predicate::str::contains("component debug@4.4.3"))
        .stdout(predicate::str::contains(
            "sbom.cdx.json#/components/11/licenses",
        ));
}

#[test]
fn the_table_is_a_reviewed_snapshot() {
    let out = tg().args(["check", TENDER, GLOBEX]).output().unwrap();
    insta::assert_snapshot!("check_globex_table", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn every_check_format_renders() {
    for (format, marker) in [
        ("json", "\"schema_version\": 1"),
        ("csv", "LIC-1"),
        ("md", "| LIC-1"),
        ("markdown", "LIC-1"),
        ("html", "<!DOCTYPE html>"),
        ("sarif", "\"version\": \"2.1.0\""),
        ("junit", "<testsuite"),
    ] {
        tg().args(["check", TENDER, GLOBEX, "--format", format])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(marker));
    }
}

#[test]
fn json_output_names_verdicts_and_witnesses() {
    let out = tg()
        .args(["check", TENDER, GLOBEX, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lic = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "LIC-1")
        .unwrap();
    assert_eq!(lic["verdict"], "fail");
    assert_eq!(lic["kind"], "knockout");
    assert_eq!(lic["witness_count"], 1);
    assert_eq!(v["summary"]["status"], "disqualified");
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.json");
    tg().args(["check", TENDER, ACME, "--format", "json", "-o"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("\"status\": \"qualified\""), "{written}");
}

#[test]
fn output_is_deterministic() {
    let run = || {
        tg().args(["check", TENDER, GLOBEX, "--format", "json"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    tg().args(["check", TENDER, ACME, "--format", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected one of"));
}

#[test]
fn a_missing_bid_folder_exits_two() {
    tg().args(["check", TENDER, "examples/minimal/bids/nobody"])
        .assert()
        .code(2);
}

#[test]
fn a_tender_with_errors_exits_two_with_its_diagnostics() {
    tg().args([
        "check",
        "tests/fixtures/lang/err/check-unknown-field.tg",
        ACME,
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("check-unknown-field.tg:6:23"));
}

#[test]
fn as_of_must_be_a_date() {
    tg().args(["check", TENDER, ACME, "--as-of", "tomorrow"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
}

#[test]
fn compare_ranks_bids_and_exits_zero_when_one_qualifies() {
    tg().args(["compare", TENDER, ACME, GLOBEX])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Acme Software B.V."))
        .stdout(predicate::str::contains("Globex Systems"));
}

#[test]
fn compare_writes_xlsx_only_to_a_file() {
    tg().args(["compare", TENDER, ACME, GLOBEX, "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o FILE.xlsx"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ranking.xlsx");
    tg().args(["compare", TENDER, ACME, GLOBEX, "--format", "xlsx", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX file is a zip");
}

#[test]
fn compare_exits_one_when_no_bid_qualifies() {
    tg().args(["compare", TENDER, GLOBEX]).assert().code(1);
}

/// Every bid of a scenario, with its exit code and a marker its table must show.
fn scenario_bids_exit_as_documented(tender: &str, bids: &[(&str, i32, &str)]) {
    for (bid, code, marker) in bids {
        tg().args(["check", tender, bid])
            .assert()
            .code(*code)
            .stdout(predicate::str::contains(*marker));
    }
}

#[test]
fn smart_camera_bids_exit_as_documented() {
    let tender = "examples/smart-camera/tender.tg";
    scenario_bids_exit_as_documented(
        tender,
        &[
            ("examples/smart-camera/bids/lumen", 0, "QUALIFIED"),
            (
                "examples/smart-camera/bids/panoptix",
                1,
                "component busybox@1.36.1",
            ),
            (
                "examples/smart-camera/bids/nordoog",
                1,
                "knock-outs LC-4, LC-5, 5.1-5, 5.3-2, FW-1, CAM-2",
            ),
        ],
    );
    tg().args([
        "check",
        tender,
        "examples/smart-camera/bids/nordoog",
        "--unknown",
        "warn",
    ])
    .assert()
    .code(0);
}

#[test]
fn saas_case_management_bids_exit_as_documented() {
    scenario_bids_exit_as_documented(
        "examples/saas-case-management/tender.tg",
        &[
            (
                "examples/saas-case-management/bids/dossierwerk",
                0,
                "QUALIFIED",
            ),
            (
                "examples/saas-case-management/bids/caseflow",
                1,
                "knock-outs II.2, II.3, SSAF-1, SSAF-1-c, 5.20.05, 8.08.01, 8.08.05, SAAS-1",
            ),
        ],
    );
}

#[test]
fn max_components_override_refuses_a_bigger_sbom_with_the_limit_diagnostic() {
    let dossierwerk = "examples/saas-case-management/bids/dossierwerk";
    // 24 components pass the default limit of 1,000,000 ...
    tg().args([
        "check",
        "examples/saas-case-management/tender.tg",
        dossierwerk,
    ])
    .assert()
    .code(0);
    // ... and not a limit of 3, given after the subcommand or before it.
    for args in [
        vec![
            "check",
            "examples/saas-case-management/tender.tg",
            dossierwerk,
            "--max-components",
            "3",
        ],
        vec![
            "--max-components=3",
            "check",
            "examples/saas-case-management/tender.tg",
            dossierwerk,
        ],
    ] {
        tg().args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "error[limit-exceeded]: more than 3 components",
            ))
            .stderr(predicate::str::contains("sbom.cdx.json#/components/3"))
            .stderr(predicate::function(|err: &str| {
                err.matches("error[limit-exceeded]").count() == 1
            }))
            // the refused components' refs are unknown, not dangling
            .stderr(predicate::str::contains("dangling").not())
            .stderr(predicate::str::contains(
                "the global `--max-*` options raise it",
            ));
    }
}

#[test]
fn limit_options_show_their_defaults_in_the_help() {
    tg().args(["check", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--max-components <N>"))
        .stdout(predicate::str::contains("[default: 1000000]"))
        .stdout(predicate::str::contains("--max-file-bytes <BYTES>"))
        .stdout(predicate::str::contains("[default: 536870912]"));
    // the short help (-h) stays short: the twelve limits are in --help only
    tg().args(["check", "-h"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--max-witnesses"))
        .stdout(predicate::str::contains("--max-components").not());
}
