//! Compliance-matrix renderers over hand-built assessments: a snapshot of every format, the
//! JSON against `schemas/report.schema.json`, determinism, and hostile vendor strings that
//! must not reach any output raw.

// Test helpers outside `#[test]` functions may unwrap and index: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::io::Read as _;
use std::sync::Arc;

use tenderguard::engine::verdict::{
    Assessment, ClauseResult, Comparison, ItemKind, Status, Summary, Verdict, WaiverInfo, Witness,
};
use tenderguard::evidence::model::{Locator, Provenance};
use tenderguard::lang::ast::Date;
use tenderguard::report::matrix::{
    CheckFormat, CompareFormat, RenderOptions, render_assessment, render_comparison,
};
use tenderguard::report::wire::REPORT_SCHEMA;

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

fn date(year: i16, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

fn at(file: &str, pointer: &str) -> Option<Provenance> {
    Some(Provenance::new(&Arc::from(file), Locator::pointer(pointer)))
}

fn witness(subject: &str, value: Option<&str>, place: Option<Provenance>) -> Witness {
    Witness {
        subject: subject.to_owned(),
        value: value.map(str::to_owned),
        provenance: place,
    }
}

fn result(id: &str, title: &str, kind: ItemKind, verdict: Verdict, line: u32) -> ClauseResult {
    ClauseResult {
        id: id.to_owned(),
        title: title.to_owned(),
        kind,
        verdict,
        score: None,
        weight: None,
        refs: Vec::new(),
        explanation: String::new(),
        witnesses: Vec::new(),
        witness_count: 0,
        waiver: None,
        defined_at: format!("tender.tg:{line}:1"),
    }
}

fn results() -> Vec<ClauseResult> {
    use ItemKind::{Criterion, Knockout, Recommended};
    let mut sbom = result(
        "KO-SBOM-01",
        "SBOM in CycloneDX or SPDX delivered",
        Knockout,
        Verdict::Pass,
        8,
    );
    sbom.refs = vec!["BSI TR-03183-2 §5.1".into(), "CRA Annex I(2)(1)".into()];

    let mut lic = result(
        "KO-LIC-01",
        "No strong-copyleft licences in delivered components",
        Knockout,
        Verdict::Fail,
        14,
    );
    lic.refs = vec!["Tender §4.2".into()];
    lic.explanation = "4,815 components carry a licence on the deny list `strong-copyleft`.".into();
    lic.witnesses = vec![
        witness(
            "component openssl@1.0.2k",
            Some("GPL-3.0-only"),
            at("sbom.cdx.json", "/components/12/licenses/0"),
        ),
        witness(
            "component readline@8.2",
            Some("GPL-3.0-or-later"),
            at("sbom.cdx.json", "/components/40/licenses/0"),
        ),
        witness(
            "component mysql-connector@8.0.33",
            Some("GPL-2.0-only WITH Universal-FOSS-exception-1.0"),
            at("sbom.cdx.json", "/components/41/licenses/0"),
        ),
    ];
    lic.witness_count = 4815;

    let mut support = result(
        "KO-SUP-01",
        "Security support for at least 5 years",
        Knockout,
        Verdict::Unknown,
        21,
    );
    support.explanation = "attestation has no `support.end`".into();
    support.witnesses = vec![witness(
        "attestation.support.end",
        None,
        at("attestation.yaml", "/support"),
    )];
    support.witness_count = 1;

    let mut fips = result(
        "KO-FIPS-01",
        "FIPS 140-3 validated cryptographic module",
        Knockout,
        Verdict::NotApplicable,
        27,
    );
    fips.explanation = "applies only when `deployment.model` is `on-premises`".into();

    let mut kev = result(
        "KO-KEV-01",
        "No known exploited vulnerabilities",
        Knockout,
        Verdict::Waived,
        33,
    );
    kev.explanation = "1 vulnerability is on the CISA KEV list.".into();
    kev.witnesses = vec![witness(
        "vulnerability CVE-2024-3094",
        Some("xz-utils@5.6.0"),
        Some(Provenance::new(&Arc::from("sbom.spdx"), Locator::Line(212))),
    )];
    kev.witness_count = 1;
    kev.waiver = Some(WaiverInfo {
        vendor: "Acme Cloud BV".into(),
        until: date(2026, 12, 31),
        reason: "patched in release 4.3, due before go-live".into(),
    });

    let mut sign = result(
        "REC-SIGN-01",
        "SBOM signed by the vendor",
        Recommended,
        Verdict::Fail,
        40,
    );
    sign.explanation = "the SBOM carries no signature".into();
    sign.witnesses = vec![witness("sbom.signature", None, at("sbom.cdx.json", ""))];
    sign.witness_count = 1;

    let mut patch = result(
        "AW-PATCH",
        "Median time to patch critical vulnerabilities",
        Criterion,
        Verdict::Pass,
        47,
    );
    patch.score = Some(87.456);
    patch.weight = Some(30);
    let mut vex = result(
        "AW-VEX",
        "VEX statements for known vulnerabilities",
        Criterion,
        Verdict::Unknown,
        52,
    );
    vex.weight = Some(20);
    vex.explanation = "no VEX document in the bid".into();
    let mut quality = result("AW-SBOMQ", "SBOM quality", Criterion, Verdict::Pass, 58);
    quality.score = Some(200.0 / 3.0);
    quality.weight = Some(50);
    quality.refs = vec!["NTIA minimum elements".into()];

    vec![sbom, lic, support, fips, kev, sign, patch, vex, quality]
}

fn assessment() -> Assessment {
    Assessment {
        tender_id: "T-2026-017".into(),
        tender_title: "Case management system for the municipality".into(),
        vendor: "Acme Cloud BV".into(),
        product: Some("Acme Records 4.2".into()),
        as_of: date(2026, 3, 1),
        results: results(),
        summary: Summary {
            pass: 3,
            fail: 2,
            unknown: 2,
            not_applicable: 1,
            waived: 1,
            knockouts_failed: vec!["KO-LIC-01".into()],
            status: Status::Disqualified,
            award_score: None,
        },
    }
}

/// A qualified bid: every knock-out passes, the given criteria scores.
fn qualified(vendor: &str, product: Option<&str>, scores: [f64; 3], award: f64) -> Assessment {
    let mut a = assessment();
    a.vendor = vendor.into();
    a.product = product.map(str::to_owned);
    for r in &mut a.results {
        if r.kind != ItemKind::Criterion && r.verdict != Verdict::NotApplicable {
            r.verdict = Verdict::Pass;
            r.explanation.clear();
            r.witnesses.clear();
            r.witness_count = 0;
            r.waiver = None;
        }
    }
    let criteria = a
        .results
        .iter_mut()
        .filter(|r| r.kind == ItemKind::Criterion);
    for (r, score) in criteria.zip(scores) {
        r.verdict = Verdict::Pass;
        r.score = Some(score);
        r.explanation.clear();
    }
    a.summary = Summary {
        pass: 8,
        fail: 0,
        unknown: 0,
        not_applicable: 1,
        waived: 0,
        knockouts_failed: Vec::new(),
        status: Status::Qualified,
        award_score: Some(award),
    };
    a
}

fn comparison() -> Comparison {
    Comparison {
        tender_id: "T-2026-017".into(),
        tender_title: "Case management system for the municipality".into(),
        as_of: date(2026, 3, 1),
        bids: vec![
            qualified(
                "Gamma Systems",
                Some("Gamma CMS 7"),
                [92.0, 80.0, 95.5],
                91.254,
            ),
            qualified("Beta Software", None, [70.0, 60.0, 88.0], 78.4),
            assessment(),
        ],
    }
}

const NASTY: [&str; 10] = [
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "+SUM(A1)",
    "@x",
    "-1",
    "a|b",
    "first line\nsecond | line\r\nthird",
    "\u{1b}[31mred",
    "\u{1b}]0;x\u{7}",
    "\u{202e}gnp.exe",
];

/// The realistic assessment with every vendor-controlled string replaced by hostile ones.
fn hostile() -> Assessment {
    let mut a = assessment();
    a.vendor = "=cmd|' /C calc'!A0 <script>alert(1)</script>\u{1b}[31m\u{202e}".into();
    a.product = Some("+SUM(A1)\n\u{1b}]0;x\u{7} | a|b".into());
    for (i, r) in a.results.iter_mut().enumerate() {
        r.title = format!("{} {}", NASTY[i % NASTY.len()], r.title);
        r.explanation = format!(
            "-1 a|b\n<script>alert(1)</script> \u{1b}[2J {}",
            r.explanation
        );
        let place = at("evil\u{1b}[31m file.json", "/components/0/<script>");
        r.witnesses = NASTY
            .iter()
            .map(|n| witness(n, Some(n), place.clone()))
            .collect();
        r.witness_count = 5000;
        if let Some(w) = &mut r.waiver {
            w.vendor = NASTY[6].into();
            w.reason = NASTY[0].into();
        }
    }
    a
}

fn hostile_comparison() -> Comparison {
    let mut c = comparison();
    for (bid, vendor) in c
        .bids
        .iter_mut()
        .zip(["@x", "-1 <script>", "\u{1b}]0;x\u{7}"])
    {
        bid.vendor = vendor.into();
    }
    c.bids.push(hostile());
    c
}

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
        insta::assert_snapshot!(format!("check_{}", f.name()), check(&a, *f));
    }
}

#[test]
fn snapshot_colour_table() {
    let mut o = opts();
    o.color = true;
    let out = String::from_utf8(check_bytes(&assessment(), CheckFormat::Table, &o)).unwrap();
    assert!(out.contains("\u{1b}[1;31mDISQUALIFIED: knock-out KO-LIC-01 failed\u{1b}[0m"));
    insta::assert_snapshot!("check_table_colour", out.replace('\u{1b}', "<ESC>"));
}

#[test]
fn snapshot_every_compare_format() {
    let c = comparison();
    for f in text_compare_formats() {
        insta::assert_snapshot!(format!("compare_{}", f.name()), compare(&c, f));
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

// ---------------------------------------------------------------------------------------
// Determinism and hostile input
// ---------------------------------------------------------------------------------------

#[test]
fn every_format_is_deterministic() {
    let (a, c) = (hostile(), hostile_comparison());
    for f in CheckFormat::ALL {
        assert_eq!(
            check_bytes(&a, *f, &opts()),
            check_bytes(&a, *f, &opts()),
            "{f}"
        );
    }
    for f in CompareFormat::ALL {
        assert_eq!(compare_bytes(&c, *f), compare_bytes(&c, *f), "{f}");
    }
}

#[test]
fn hostile_strings_reach_no_output_raw() {
    let (a, c) = (hostile(), hostile_comparison());
    for f in CheckFormat::ALL {
        assert_no_raw_controls(&check(&a, *f), f.name());
    }
    for f in text_compare_formats() {
        assert_no_raw_controls(&compare(&c, f), f.name());
    }
    for (name, text) in unzip(&compare_bytes(&c, CompareFormat::Xlsx)) {
        assert_no_raw_controls(&text, &name);
    }
}

#[test]
fn hostile_bidi_overrides_are_neutralised_in_human_formats() {
    let a = hostile();
    for f in [
        CheckFormat::Table,
        CheckFormat::Markdown,
        CheckFormat::Html,
        CheckFormat::Junit,
        CheckFormat::Csv,
    ] {
        assert!(!check(&a, f).contains('\u{202e}'), "{f}");
    }
}

#[test]
fn hostile_colour_table_has_only_our_escape_sequences() {
    let mut o = opts();
    o.color = true;
    let out = String::from_utf8(check_bytes(&hostile(), CheckFormat::Table, &o)).unwrap();
    let mut rest = out.as_str();
    let mut ours = 0;
    while let Some(i) = rest.find('\u{1b}') {
        let tail = &rest[i + 1..];
        let end = tail.find('m').unwrap();
        let code = &tail[..end];
        assert!(
            code.starts_with('[') && code[1..].chars().all(|c| c.is_ascii_digit() || c == ';'),
            "{code:?}"
        );
        ours += 1;
        rest = &tail[end..];
    }
    assert!(ours > 0);
    assert!(out.contains("\\u{1b}[31m"), "vendor escape shown as text");
}

#[test]
fn hostile_html_and_markdown_carry_no_markup() {
    let html = check(&hostile(), CheckFormat::Html);
    assert_eq!(html.matches("<script").count(), 1, "only our own script");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
    );
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    let html = compare(&hostile_comparison(), CompareFormat::Html);
    assert_eq!(html.matches("<script").count(), 1);
    for md in [
        check(&hostile(), CheckFormat::Markdown),
        compare(&hostile_comparison(), CompareFormat::Markdown),
    ] {
        assert!(!md.contains("<script"));
        assert_tables_keep_their_columns(&md);
    }
}

/// Every row of a Markdown table has as many unescaped `|` as its header.
fn assert_tables_keep_their_columns(md: &str) {
    let pipes = |line: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            if c == '|' && !escaped {
                n += 1;
            }
            escaped = c == '\\' && !escaped;
        }
        n
    };
    let mut expected = None;
    let mut tables = 0;
    for line in md.lines() {
        match (line.starts_with('|'), expected) {
            (true, None) => {
                expected = Some(pipes(line));
                tables += 1;
            }
            (true, Some(n)) => assert_eq!(pipes(line), n, "{line}"),
            (false, _) => expected = None,
        }
    }
    assert!(tables > 0);
}

#[test]
fn hostile_csv_cells_cannot_start_a_formula() {
    let outputs = [
        check(&hostile(), CheckFormat::Csv),
        compare(&hostile_comparison(), CompareFormat::Csv),
    ];
    for out in outputs {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(out.as_bytes());
        let mut cells = 0;
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert_no_formula_start(cell, "csv");
                cells += 1;
            }
        }
        assert!(cells > 50);
    }
}

#[test]
fn hostile_xlsx_cells_are_strings_that_cannot_start_a_formula() {
    let files = unzip(&compare_bytes(&hostile_comparison(), CompareFormat::Xlsx));
    let mut texts = 0;
    for (name, xml) in &files {
        if !name.starts_with("xl/") || !name.ends_with(".xml") {
            continue;
        }
        let doc = roxmltree::Document::parse(xml).unwrap();
        assert!(
            !doc.descendants().any(|n| n.has_tag_name("f")),
            "{name} has a formula"
        );
        if name == "xl/sharedStrings.xml" {
            for t in doc.descendants().filter(|n| n.has_tag_name("t")) {
                assert_no_formula_start(t.text().unwrap_or(""), name);
                texts += 1;
            }
        }
    }
    assert!(texts > 20);
}

#[test]
fn hostile_junit_and_sarif_parse() {
    let a = hostile();
    let junit = check(&a, CheckFormat::Junit);
    let doc = roxmltree::Document::parse(&junit).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .count(),
        a.results.len()
    );
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert!(
        suite
            .attribute("name")
            .unwrap()
            .starts_with("=cmd|' /C calc'!A0 <script>")
    );
    let sarif: serde_json::Value = serde_json::from_str(&check(&a, CheckFormat::Sarif)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        a.results.len()
    );
}

#[test]
fn junit_and_sarif_levels_follow_verdict_and_kind() {
    let junit = check(&assessment(), CheckFormat::Junit);
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let case = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("name").is_some_and(|v| v.starts_with(id)))
            .unwrap()
    };
    let child = |id: &str| {
        case(id).first_element_child().map(|n| {
            (
                n.tag_name().name().to_owned(),
                n.attribute("type").map(str::to_owned),
            )
        })
    };
    assert_eq!(child("KO-SBOM-01"), None);
    assert_eq!(
        child("KO-LIC-01"),
        Some(("failure".into(), Some("fail".into())))
    );
    assert_eq!(
        child("KO-SUP-01"),
        Some(("failure".into(), Some("unknown".into())))
    );
    assert_eq!(child("AW-VEX"), Some(("skipped".into(), None)));
    assert_eq!(child("KO-KEV-01"), Some(("skipped".into(), None)));

    let sarif: serde_json::Value =
        serde_json::from_str(&check(&assessment(), CheckFormat::Sarif)).unwrap();
    let levels: Vec<(String, String)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                r["level"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("KO-LIC-01", "error"),
        ("KO-SUP-01", "warning"),
        ("REC-SIGN-01", "warning"),
        ("AW-VEX", "note"),
    ];
    assert_eq!(levels, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
}
