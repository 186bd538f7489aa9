//! Compliance-matrix renderers over hand-built assessments: a snapshot of every format, the
//! JSON against `schemas/report.schema.json`, determinism, and hostile vendor strings that
//! must not reach any output raw.

// Test helpers outside `#[test]` functions may unwrap and index: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod fixtures;
mod hostile;

use std::io::Read as _;

use tenderguard::engine::verdict::{Assessment, Comparison};
use tenderguard::report::matrix::{
    CheckFormat, CompareFormat, RenderOptions, render_assessment, render_comparison,
};
use tenderguard::report::wire::REPORT_SCHEMA;

use fixtures::{assessment, comparison, hostile, hostile_comparison};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn opts() -> RenderOptions<'static> {
    RenderOptions::new("0.1.0")
}

fn check_bytes(a: &Assessment, f: CheckFormat, o: &RenderOptions<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    render_assessment(a, f, o, &mut out).unwrap();
    out
}

fn compare_bytes(c: &Comparison, f: CompareFormat) -> Vec<u8> {
    let mut out = Vec::new();
    render_comparison(c, f, &opts(), &mut out).unwrap();
    out
}

fn check(a: &Assessment, f: CheckFormat) -> String {
    String::from_utf8(check_bytes(a, f, &opts())).unwrap()
}

fn compare(c: &Comparison, f: CompareFormat) -> String {
    String::from_utf8(compare_bytes(c, f)).unwrap()
}

fn text_compare_formats() -> impl Iterator<Item = CompareFormat> {
    CompareFormat::ALL
        .iter()
        .copied()
        .filter(|f| *f != CompareFormat::Xlsx)
}

fn validate(json: &str) {
    let schema: serde_json::Value = serde_json::from_str(REPORT_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let instance: serde_json::Value = serde_json::from_str(json).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// Every file of an XLSX package, by name.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        files.push((f.name().unwrap().into_owned(), text));
    }
    files
}

/// A snapshot in `tests/snapshots/`, beside the other layers' snapshots.
fn snap(name: &str, content: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| insta::assert_snapshot!(name, content));
}

fn assert_no_formula_start(cell: &str, context: &str) {
    assert!(
        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
        "{context}: cell starts like a formula: {cell:?}"
    );
}

fn assert_no_raw_controls(out: &str, context: &str) {
    assert!(!out.contains('\u{1b}'), "{context}: raw ESC");
    assert!(!out.contains('\u{7}'), "{context}: raw BEL");
}

// ---------------------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------------------

#[test]
fn snapshot_every_check_format() {
    let a = assessment();
    for f in CheckFormat::ALL {
        snap(&format!("check_{}", f.name()), &check(&a, *f));
    }
}

#[test]
fn snapshot_colour_table() {
    let mut o = opts();
    o.color = true;
    let out = String::from_utf8(check_bytes(&assessment(), CheckFormat::Table, &o)).unwrap();
    assert!(out.contains("\u{1b}[1;31mDISQUALIFIED: knock-out KO-LIC-01 failed\u{1b}[0m"));
    snap("check_table_colour", &out.replace('\u{1b}', "<ESC>"));
}

#[test]
fn snapshot_every_compare_format() {
    let c = comparison();
    for f in text_compare_formats() {
        snap(&format!("compare_{}", f.name()), &compare(&c, f));
    }
}

#[test]
fn table_shows_status_witnesses_and_the_rest_count() {
    let out = check(&assessment(), CheckFormat::Table);
    assert!(out.contains("Status  DISQUALIFIED: knock-out KO-LIC-01 failed"));
    assert!(out.contains(
        "    - component openssl@1.0.2k: GPL-3.0-only  (sbom.cdx.json#/components/12/licenses/0)"
    ));
    assert!(out.contains("    …and 4,812 more"));
    assert!(out.contains("attestation has no `support.end`"));
    assert!(out.contains("waived until 2026-12-31 for Acme Cloud BV"));
    let mut few = opts();
    few.max_witnesses = 1;
    let out = String::from_utf8(check_bytes(&assessment(), CheckFormat::Table, &few)).unwrap();
    assert!(out.contains("    …and 4,814 more"));
}

#[test]
fn json_reports_match_the_schema() {
    validate(&check(&assessment(), CheckFormat::Json));
    validate(&compare(&comparison(), CompareFormat::Json));
    validate(&check(&hostile(), CheckFormat::Json));
    validate(&compare(&hostile_comparison(), CompareFormat::Json));
}

#[test]
fn schema_rejects_a_report_that_breaks_it() {
    let mut json: serde_json::Value =
        serde_json::from_str(&check(&assessment(), CheckFormat::Json)).unwrap();
    json["results"][0]["verdict"] = "maybe".into();
    let schema: serde_json::Value = serde_json::from_str(REPORT_SCHEMA).unwrap();
    assert!(
        !jsonschema::draft202012::new(&schema)
            .unwrap()
            .is_valid(&json)
    );
}

#[test]
fn json_scores_are_rounded_and_ranks_shared_on_ties() {
    let json: serde_json::Value =
        serde_json::from_str(&check(&assessment(), CheckFormat::Json)).unwrap();
    assert_eq!(json["results"][6]["score"], 87.46);
    assert_eq!(json["results"][8]["score"], 66.67);
    let mut c = comparison();
    c.bids[1].summary.award_score = Some(91.2501);
    let json: serde_json::Value = serde_json::from_str(&compare(&c, CompareFormat::Json)).unwrap();
    let ranks: Vec<&serde_json::Value> = json["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["rank"])
        .collect();
    assert_eq!(
        ranks,
        [
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::Value::Null
        ]
    );
}

#[test]
fn xlsx_is_deterministic_and_has_three_sheets() {
    let c = comparison();
    let first = compare_bytes(&c, CompareFormat::Xlsx);
    assert_eq!(first, compare_bytes(&c, CompareFormat::Xlsx));
    let files = unzip(&first);
    let workbook = &files
        .iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .unwrap()
        .1;
    for sheet in ["Ranking", "Matrix", "Details"] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "{sheet}");
    }
    let core = &files
        .iter()
        .find(|(n, _)| n == "docProps/core.xml")
        .unwrap()
        .1;
    assert!(core.contains("2026-03-01T00:00:00Z"), "{core}");
    let strings = &files
        .iter()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .unwrap()
        .1;
    assert!(strings.contains("Gamma Systems") && strings.contains("KO-LIC-01"));
    let matrix = &files
        .iter()
        .find(|(n, _)| n == "xl/worksheets/sheet2.xml")
        .unwrap()
        .1;
    assert!(matrix.contains("<pane ySplit=\"1\""), "header row frozen");
    assert!(
        matrix.contains("conditionalFormatting"),
        "verdicts coloured"
    );
}
