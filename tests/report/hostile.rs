//! Determinism and hostile vendor strings: no raw control characters, no live markup, no
//! formulas, no broken tables, parseable XML and JSON.

use tenderguard::report::matrix::{CheckFormat, CompareFormat};

use super::fixtures::{hostile, hostile_comparison};
use super::*;

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
        ("KO-KEV-01", "error"),
        ("REC-SIGN-01", "warning"),
        ("AW-VEX", "note"),
    ];
    assert_eq!(levels, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    let waived = &sarif["runs"][0]["results"][2];
    assert_eq!(waived["suppressions"][0]["status"], "accepted");
    assert!(sarif["runs"][0]["results"][0].get("suppressions").is_none());
}

#[test]
fn snapshot_hostile_human_formats() {
    let a = hostile();
    for f in [CheckFormat::Table, CheckFormat::Markdown, CheckFormat::Csv] {
        snap(&format!("hostile_{}", f.name()), &check(&a, f));
    }
}
