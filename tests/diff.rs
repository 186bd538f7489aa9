//! The audit diff on `examples/audit`: which components changed, which verdicts, the digest
//! red flag, and the tender amendment; asserted on the JSON reports.

use serde_json::Value;
use tenderguard::diag::SourceMap;
use tenderguard::diff::{diff_assessments, diff_evidence, diff_tenders};
use tenderguard::engine::assess::{EvalOptions, assess};
use tenderguard::engine::{self, ir};
use tenderguard::evidence::bid::load_bid;
use tenderguard::evidence::model::Evidence;
use tenderguard::limits::Limits;
use tenderguard::report::audit::{Audit, AuditFormat, render_audit, render_tender_diff};

use crate::common::root;

fn compile(rel: &str) -> (ir::Tender, SourceMap) {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    let mut sources = SourceMap::new();
    let id = sources.add(rel, text);
    let (t, _) =
        engine::compile(id, &mut sources, &mut engine::NoFiles, &Limits::default()).unwrap();
    (t, sources)
}

fn bid(rel: &str, tender: &ir::Tender) -> Evidence {
    load_bid(&root().join(rel), &tender.vocabulary, &Limits::default())
        .unwrap()
        .0
}

fn audit_json(with_tender: bool) -> Value {
    let (tender, sources) = compile("examples/audit/tender.tg");
    let b = bid("examples/audit/bids/acme", &tender);
    let d = bid("examples/audit/delivered/acme", &tender);
    let evidence = diff_evidence(&b, &d);
    let opts = EvalOptions::default();
    let at_bid = assess(&tender, &b, "acme", &sources, &opts).unwrap();
    let now = assess(&tender, &d, "acme", &sources, &opts).unwrap();
    let changes = diff_assessments(&at_bid, &now);
    let audit = Audit {
        evidence: &evidence,
        tender: with_tender.then_some(("AUD-2027-004", "t")),
        verdicts: with_tender.then_some(changes.as_slice()),
        tool_version: "test",
    };
    let mut out = Vec::new();
    render_audit(&audit, AuditFormat::Json, &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

fn changes(j: &Value) -> Vec<(String, String)> {
    j["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap().to_owned(),
                c["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn audit_lists_every_component_change_in_name_order() {
    let j = audit_json(true);
    assert_eq!(j["schema_version"], 1);
    assert_eq!(j["kind"], "audit");
    let expected = [
        ("downgraded", "cookie@0.7.1"),
        ("removed", "escape-html@1.0.3"),
        ("upgraded", "express@5.3.1"),
        ("added", "ffmpeg-static@5.2.0"),
        ("upgraded", "qs@6.18.0"),
        ("changed", "send@1.2.1"),
    ];
    let got = changes(&j);
    assert_eq!(
        got,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec()
    );
    let s = &j["summary"];
    assert_eq!(
        (
            s["added"].as_u64(),
            s["removed"].as_u64(),
            s["upgraded"].as_u64()
        ),
        (Some(1), Some(1), Some(2))
    );
    assert_eq!(s["unchanged"], 63);
    assert_eq!(j["bid"]["components"], 68);
    assert_eq!(j["delivered"]["components"], 68);
    // Provenance of both sides.
    let express = &j["components"][2];
    assert_eq!(express["matched_by"], "purl");
    assert_eq!(express["bid"]["provenance"]["file"], "sbom.cdx.json");
    assert!(
        express["bid"]["provenance"]["pointer"]
            .as_str()
            .unwrap()
            .starts_with("/components/")
    );
    assert!(express["delivered"]["provenance"]["pointer"].is_string());
}

#[test]
fn same_version_different_hash_is_flagged() {
    let j = audit_json(false);
    assert_eq!(j["summary"]["red_flags"], 1);
    let send = j["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["red_flag"] == true)
        .unwrap();
    assert_eq!(send["name"], "send@1.2.1");
    assert_eq!(send["details"][0]["field"], "hash");
    assert_eq!(send["details"][0]["alg"], "SHA-256");
    assert!(
        send["details"][0]["message"]
            .as_str()
            .unwrap()
            .contains("RED FLAG")
    );
    assert_ne!(send["details"][0]["bid"], send["details"][0]["delivered"]);
}

#[test]
fn broken_promises_are_listed_first_and_answers_show_the_new_support_end() {
    let j = audit_json(true);
    assert_eq!(j["summary"]["broken_promises"], 2);
    let v: Vec<(&str, bool)> = j["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap(),
                v["broken_promise"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(v, [("LC-2", true), ("LIC-1", true), ("AWD-1", false)]);
    let lc2 = &j["verdicts"][0];
    assert_eq!(lc2["bid"]["verdict"], "pass");
    assert_eq!(lc2["delivered"]["verdict"], "fail");
    assert!(
        lc2["sentence"]
            .as_str()
            .unwrap()
            .starts_with("LC-2 passed at bid, fails at delivery: "),
        "{}",
        lc2["sentence"]
    );
    assert_eq!(j["answers"][0]["pointer"], "/support/end");
    assert_eq!(j["answers"][0]["bid"], "\"2034-06-30\"");
    assert_eq!(j["answers"][0]["delivered"], "\"2030-12-31\"");
    // Without a tender there are no verdicts.
    let j = audit_json(false);
    assert!(j["verdicts"].is_null());
    assert!(j["summary"]["broken_promises"].is_null());
}

#[test]
fn tender_amendment_diff() {
    let (old, os) = compile("examples/audit/tender-v1.tg");
    let (new, ns) = compile("examples/audit/tender-v2.tg");
    let d = diff_tenders(&old, &os, &new, &ns);
    let mut out = Vec::new();
    render_tender_diff(&d, AuditFormat::Json, "test", &mut out).unwrap();
    let j: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(j["kind"], "tender_diff");
    assert_eq!(j["meta"][0]["field"], "deadline");
    assert_eq!(j["meta"][0]["old"], "2027-02-15");
    assert_eq!(j["params"][0]["field"], "launching-customer.support_period");
    assert_eq!(j["params"][0]["old"], "4 years");
    assert_eq!(j["params"][0]["new"], "5 years");
    assert_eq!(j["added"][0]["id"], "ID-1");
    assert_eq!(j["removed"][0]["id"], "DOC-1");
    let ids: Vec<&str> = j["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["LIC-1", "AWD-1"]);
    let lic = &j["changed"][0];
    assert_eq!(lic["fields"].as_array().unwrap().len(), 0);
    assert_eq!(lic["texts"][0]["lang"], "nl");
    let words: Vec<(String, String)> = lic["texts"][0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["op"] != "same")
        .map(|w| {
            (
                w["op"].as_str().unwrap().into(),
                w["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        words,
        [
            ("removed".to_owned(), "onderdeel moet".to_owned()),
            ("added".to_owned(), "component is".to_owned()),
            ("removed".to_owned(), " zijn".to_owned()),
        ]
    );
    assert_eq!(j["changed"][1]["fields"][0]["field"], "weight");
    assert_eq!(j["changed"][1]["fields"][0]["new"], "20");
}
