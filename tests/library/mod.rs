//! The bundled clause library: every set imported by a small tender and evaluated against
//! the example bids, with specific verdicts per set, and traceability (every clause cites its
//! source and has English and Dutch text).
//!
//! Each set beyond the first two has its own module beside this one (`library/<set>.rs`),
//! using the helpers below.

use std::collections::BTreeMap;
use std::path::Path;

use tenderguard::diag::{SourceMap, render_human};
use tenderguard::engine::assess::{EvalOptions, assess};
use tenderguard::engine::verdict::{Assessment, Verdict};
use tenderguard::engine::{self, NoFiles, ir, library};
use tenderguard::evidence::bid::load_bid;
use tenderguard::limits::Limits;

use crate::common::root;

mod bio2_suppliers;
mod cra_annex_i;
mod sbom_minimum;
mod ssdf_attestation;

/// A tender that imports `set` whole (plus `with` overrides, if any).
pub(crate) fn tender_for(set: &str, with: &str) -> (ir::Tender, SourceMap) {
    let src = format!(
        "tender \"LIB-TEST\" {{\n  title.en \"Library test\"\n  title.nl \"Bibliotheektest\"\n  buyer \"Test\"\n  published 2027-01-15\n  languages en, nl\n}}\n\nuse \"{set}\"{with}\n"
    );
    let mut sources = SourceMap::new();
    let id = sources.add("tender.tg", src);
    match engine::compile(id, &mut sources, &mut NoFiles, &Limits::default()) {
        Ok((t, warnings)) => {
            assert!(
                warnings.is_empty(),
                "{}",
                render_human(&warnings, &sources, false)
            );
            (t, sources)
        }
        Err(d) => panic!("{}", render_human(&d, &sources, false)),
    }
}

pub(crate) fn run(tender: &ir::Tender, sources: &SourceMap, bid: &Path) -> Assessment {
    let (evidence, _) = load_bid(bid, &tender.vocabulary, &Limits::default())
        .unwrap_or_else(|d| panic!("{}", render_human(&d, sources, false)));
    assess(tender, &evidence, "bid", sources, &EvalOptions::default()).unwrap()
}

pub(crate) fn example(bid: &str) -> std::path::PathBuf {
    root().join("examples/minimal/bids").join(bid)
}

pub(crate) fn verdicts(a: &Assessment) -> BTreeMap<String, Verdict> {
    a.results
        .iter()
        .map(|r| (r.id.clone(), r.verdict))
        .collect()
}

/// A copy of an example bid with extra attestation answers appended.
pub(crate) fn bid_with(base: &str, extra_yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["bid.yaml", "sbom.cdx.json", "attestation.yaml"] {
        std::fs::copy(example(base).join(f), dir.path().join(f)).unwrap();
    }
    let mut att = std::fs::read_to_string(dir.path().join("attestation.yaml")).unwrap();
    att.push_str(extra_yaml);
    std::fs::write(dir.path().join("attestation.yaml"), att).unwrap();
    dir
}

#[test]
fn every_clause_cites_its_source_in_both_languages() {
    let mut total = 0;
    for (name, _) in library::bundled() {
        let (t, _) = tender_for(name, "");
        assert!(!t.items.is_empty(), "{name} has no clauses");
        for item in &t.items {
            total += 1;
            assert!(!item.refs.is_empty(), "{name} {}: no ref", item.id);
            for lang in ["en", "nl"] {
                let text = item.text(lang);
                assert!(
                    text.is_some_and(|t| !t.rendered.trim().is_empty()),
                    "{name} {}: no {lang} text",
                    item.id
                );
            }
            assert!(!item.evidence.is_empty(), "{name} {}: no evidence", item.id);
            assert!(!item.requires.is_empty(), "{name} {}: no require", item.id);
        }
    }
    assert!(total > 60, "{total}");
}

#[test]
fn questions_of_a_set_reach_the_importing_tender() {
    let (t, _) = tender_for("etsi-en-303-645", "");
    let iot = t.vocabulary.record("attestation.iot").unwrap();
    assert!(iot.field("secure_boot").is_some());
    assert!(iot.field("constrained").is_some());
    // A selection still brings the set's questions (a clause may read any of them).
    let (t, _) = tender_for("etsi-en-303-645", " { 5.7-1 }");
    assert_eq!(t.items.len(), 1);
    assert!(t.vocabulary.record("attestation.iot").is_some());
}

#[test]
fn etsi_en_303_645_against_the_example_bids() {
    let (t, sources) = tender_for("etsi-en-303-645", "");
    assert_eq!(t.items.len(), 68);
    let acme = verdicts(&run(&t, &sources, &example("acme")));
    let globex = verdicts(&run(&t, &sources, &example("globex")));
    // No universal default password: acme says so, globex ships a shared one.
    assert_eq!(acme["5.1-1"], Verdict::Pass);
    assert_eq!(globex["5.1-1"], Verdict::Fail);
    // Disclosure policy: both publish one.
    assert_eq!(acme["5.2-1"], Verdict::Pass);
    assert_eq!(globex["5.2-1"], Verdict::Pass);
    // Published support period: globex gives an end date but no published statement.
    assert_eq!(acme["5.3-13"], Verdict::Pass);
    assert_eq!(globex["5.3-13"], Verdict::Fail);
    // Unanswered questions and conditions are unknown, never passed.
    assert_eq!(acme["5.7-1"], Verdict::Unknown);
    assert_eq!(acme["5.1-5"], Verdict::Unknown);
}

#[test]
fn etsi_conditions_make_provisions_not_applicable() {
    let (t, sources) = tender_for("etsi-en-303-645", "");
    let bid = bid_with(
        "acme",
        "iot:\n  constrained: true\n  updatable: false\n  telemetry: false\n  debug_interface: false\n  replacement_published: true\n  secure_boot: true\n",
    );
    let v = verdicts(&run(&t, &sources, bid.path()));
    assert_eq!(v["5.1-5"], Verdict::NotApplicable);
    assert_eq!(v["5.3-2"], Verdict::NotApplicable);
    assert_eq!(v["5.10-1"], Verdict::NotApplicable);
    assert_eq!(v["5.6-4"], Verdict::NotApplicable);
    assert_eq!(v["5.3-14"], Verdict::Pass);
    assert_eq!(v["5.3-1"], Verdict::Fail);
    assert_eq!(v["5.7-1"], Verdict::Pass);
}

/// `LC-5` (no known exploited vulnerability) on the acme bid whose SBOM gains one affected
/// vulnerability, with or without the rating Grype adds for a CISA KEV listing.
#[test]
fn lc5_fails_on_a_kev_listed_affected_vulnerability_and_is_unknown_without_the_listing() {
    let (t, sources) = tender_for("launching-customer", " { LC-5 }");
    let lc5 = |kev: bool| {
        let dir = bid_with("acme", "");
        let path = dir.path().join("sbom.cdx.json");
        let mut sbom: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let target = sbom["components"][0]["bom-ref"].clone();
        let mut ratings =
            vec![serde_json::json!({"score": 10.0, "severity": "critical", "method": "CVSSv31"})];
        if kev {
            ratings.push(serde_json::json!({
                "source": {"name": "CISA KEV Catalog", "url": "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"},
                "score": 1, "method": "other"}));
        }
        sbom["vulnerabilities"] = serde_json::json!([{
            "id": "CVE-2021-44228", "ratings": ratings,
            "analysis": {"state": "exploitable"}, "affects": [{"ref": target}]}]);
        std::fs::write(&path, serde_json::to_string(&sbom).unwrap()).unwrap();
        let a = run(&t, &sources, dir.path());
        let r = a.results.iter().find(|r| r.id == "LC-5").unwrap();
        (r.verdict, r.explanation.clone())
    };
    assert_eq!(lc5(true).0, Verdict::Fail);
    let (verdict, why) = lc5(false);
    assert_eq!(verdict, Verdict::Unknown);
    // the filter lacks the evidence, not the body
    assert!(
        why.contains("lack the evidence for `v.known_exploited`"),
        "{why}"
    );
}
