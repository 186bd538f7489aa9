//! Evaluation end to end: tender text → checked IR, hand-built evidence → verdicts.
//! Each test names the rule of the language it holds the evaluator to.

use std::sync::Arc;

use tenderguard::diag::SourceMap;
use tenderguard::engine::assess::{EvalOptions, UnknownPolicy, assess};
use tenderguard::engine::verdict::{Assessment, Status, Verdict};
use tenderguard::engine::{NoFiles, compile_with, ir};
use tenderguard::evidence::model::{
    Attestation, BidInfo, Component, Evidence, License, Locator, Provenance, SbomDocument,
    SbomFormat,
};
use tenderguard::lang;
use tenderguard::limits::Limits;

const TENDER: &str = r#"
tender "T-1" {
  title.en "Cameras"
  title.nl "Camera's"
  buyer "Gemeente"
  published 2027-01-15
  languages en, nl
}

use "launching-customer" { LC-1, LC-2 }

clause LIC-1 "No strong copyleft" knockout {
  text.en "No GPL."
  text.nl "Geen GPL."
  require none c in sbom.components: c.license satisfies "GPL-3.0-only OR AGPL-3.0-only"
}

clause PURL-1 "Every component has a purl" recommended {
  text.en "Purls."
  text.nl "Purls."
  require all c in sbom.components: exists(c.purl)
}

criterion AWD-1 "Longer support" weight 3 {
  text.en "Longer is better."
  text.nl "Langer is beter."
  score linear(years_between(tender.published, attestation.support.end), 5 => 0, 10 => 100)
}

criterion AWD-2 "MFA" weight 1 {
  text.en "MFA."
  text.nl "MFA."
  score yesno(attestation.credentials.mfa)
}

waive PURL-1 for "Waived Vendor" until 2027-12-31 because "purls follow in the next release"
"#;

fn compile(src: &str) -> (ir::Tender, SourceMap) {
    let mut sources = SourceMap::new();
    let id = sources.add("tender.tg", src);
    let (tender, _warnings) =
        compile_with(lang::parse, id, &mut sources, &mut NoFiles, &Limits::default())
            .unwrap_or_else(|d| panic!("{}", tenderguard::diag::render_human(&d, &SourceMap::new(), false)));
    (tender, sources)
}

fn component(name: &str, license: &str, purl: Option<&str>, i: usize) -> Component {
    let file: Arc<str> = Arc::from("sbom.cdx.json");
    Component {
        name: name.into(),
        version: Some("1.0.0".into()),
        purl: purl.map(Into::into),
        license_declared: Some(License {
            expression: license.into(),
            is_spdx: true,
            original: None,
        }),
        provenance: Some(Provenance::new(&file, Locator::pointer(format!("/components/{i}")))),
        ..Component::default()
    }
}

fn evidence(vendor: &str, components: Vec<Component>, answers: serde_json::Value) -> Evidence {
    let file: Arc<str> = Arc::from("sbom.cdx.json");
    let n = components.len();
    Evidence {
        bid: Some(BidInfo {
            vendor: vendor.into(),
            product: Some("Cam".into()),
            version: None,
            provenance: None,
        }),
        sboms: vec![SbomDocument {
            file: Arc::clone(&file),
            format: SbomFormat::CycloneDxJson,
            spec_version: "1.6".into(),
            serial: None,
            timestamp: None,
            timestamp_date: None,
            authors: vec![],
            tools: vec![],
            supplier: None,
            lifecycle: vec![],
            subject: None,
            subject_version: None,
            components: 0..n,
            provenance: Provenance::new(&file, Locator::pointer("")),
        }],
        components,
        attestation: Some(Attestation {
            file: Arc::from("attestation.yaml"),
            answers,
            from_cdxa: false,
        }),
        ..Evidence::default()
    }
}

fn good_answers() -> serde_json::Value {
    serde_json::json!({
        "support": { "end": "2034-01-31" },
        "credentials": { "universal_default_password": false, "mfa": true }
    })
}

fn run(ev: &Evidence) -> Assessment {
    let (tender, sources) = compile(TENDER);
    assess(&tender, ev, "folder-name", &sources, &EvalOptions::default()).unwrap()
}

fn verdict(a: &Assessment, id: &str) -> Verdict {
    a.results.iter().find(|r| r.id == id).unwrap().verdict
}

#[test]
fn a_compliant_bid_passes_every_knockout_and_is_scored() {
    let comps = vec![
        component("a", "MIT", Some("pkg:npm/a@1.0.0"), 0),
        component("b", "Apache-2.0", Some("pkg:npm/b@1.0.0"), 1),
    ];
    let a = run(&evidence("Good B.V.", comps, good_answers()));
    assert_eq!(a.summary.status, Status::Qualified, "{a:#?}");
    for id in ["LC-1", "LC-2", "LIC-1", "PURL-1"] {
        assert_eq!(verdict(&a, id), Verdict::Pass, "{id}");
    }
    // support end 2034-01-31 is 7 whole years after 2027-01-15: linear 5 => 0, 10 => 100 gives 40
    let awd1 = a.results.iter().find(|r| r.id == "AWD-1").unwrap();
    assert_eq!(awd1.score, Some(40.0));
    // (3 × 40 + 1 × 100) / 4
    assert_eq!(a.summary.award_score, Some(55.0));
    assert_eq!(a.vendor, "Good B.V.");
}

#[test]
fn a_failing_knockout_names_every_offending_component_with_its_place() {
    let mut comps: Vec<Component> = (0..25)
        .map(|i| component(&format!("gpl{i}"), "GPL-3.0-or-later", Some("pkg:npm/x@1"), i))
        .collect();
    comps.push(component("ok", "MIT OR Apache-2.0", Some("pkg:npm/ok@1"), 25));
    let a = run(&evidence("Bad B.V.", comps, good_answers()));
    assert_eq!(a.summary.status, Status::Disqualified);
    assert_eq!(a.summary.knockouts_failed, vec!["LIC-1".to_owned()]);
    let r = a.results.iter().find(|r| r.id == "LIC-1").unwrap();
    assert_eq!(r.verdict, Verdict::Fail);
    assert_eq!(r.witness_count, 25);
    assert_eq!(r.witnesses.len(), 10, "capped at the default of 10");
    let w = &r.witnesses[0];
    assert_eq!(w.subject, "component gpl0@1.0.0");
    assert_eq!(w.value.as_deref(), Some("license = GPL-3.0-or-later"));
    assert_eq!(w.provenance.as_ref().unwrap().to_string(), "sbom.cdx.json#/components/0/licenses");
    assert!(r.explanation.contains("25 of 26 components match"), "{}", r.explanation);
    assert_eq!(a.summary.award_score, None, "disqualified bids are not scored");
}

#[test]
fn missing_evidence_is_unknown_never_pass() {
    let mut ev = evidence("NoSbom B.V.", vec![], serde_json::json!({"credentials": {}}));
    ev.sboms.clear();
    let a = run(&ev);
    for id in ["LC-1", "LC-2", "LIC-1", "PURL-1"] {
        assert_eq!(verdict(&a, id), Verdict::Unknown, "{id}");
    }
    let lc2 = a.results.iter().find(|r| r.id == "LC-2").unwrap();
    assert!(lc2.explanation.contains("attestation.support.end"), "{}", lc2.explanation);
    let lic = a.results.iter().find(|r| r.id == "LIC-1").unwrap();
    assert!(lic.explanation.contains("sbom.components"), "{}", lic.explanation);
    assert_eq!(a.summary.status, Status::Disqualified, "unknown knock-outs fail by default");

    let (tender, sources) = compile(TENDER);
    let opts = EvalOptions {
        unknown: UnknownPolicy::Warn,
        ..EvalOptions::default()
    };
    let warn = assess(&tender, &ev, "x", &sources, &opts).unwrap();
    assert_eq!(warn.summary.status, Status::Qualified);
}

#[test]
fn an_empty_sbom_passes_all_and_none_vacuously() {
    let a = run(&evidence("Empty B.V.", vec![], good_answers()));
    assert_eq!(verdict(&a, "LIC-1"), Verdict::Pass);
    assert_eq!(verdict(&a, "PURL-1"), Verdict::Pass);
}

#[test]
fn a_waiver_applies_to_its_vendor_until_its_date() {
    let comps = vec![component("nopurl", "MIT", None, 0)];
    let a = run(&evidence("waived vendor ", comps.clone(), good_answers()));
    assert_eq!(verdict(&a, "PURL-1"), Verdict::Waived);
    let r = a.results.iter().find(|r| r.id == "PURL-1").unwrap();
    assert!(r.explanation.contains("purls follow"), "{}", r.explanation);

    let other = run(&evidence("Other B.V.", comps.clone(), good_answers()));
    assert_eq!(verdict(&other, "PURL-1"), Verdict::Fail);

    let (tender, sources) = compile(TENDER);
    let late = EvalOptions {
        as_of: Some(tenderguard::lang::ast::Date { year: 2028, month: 1, day: 1 }),
        ..EvalOptions::default()
    };
    let expired = assess(&tender, &evidence("Waived Vendor", comps, good_answers()), "x", &sources, &late).unwrap();
    assert_eq!(verdict(&expired, "PURL-1"), Verdict::Fail, "a waiver past its date no longer applies");
}

#[test]
fn kleene_logic_false_and_unknown_is_false() {
    let src = r#"
tender "T-2" { title.en "x" title.nl "x" published 2027-01-15 languages en, nl }
clause K-1 "k" knockout {
  text.en "x"
  text.nl "x"
  require attestation.credentials.mfa and attestation.support.end > 2030-01-01
}
clause K-2 "k" knockout {
  text.en "x"
  text.nl "x"
  require attestation.credentials.mfa or attestation.support.end > 2030-01-01
}
"#;
    let (tender, sources) = compile(src);
    let ev = evidence("V", vec![], serde_json::json!({"credentials": {"mfa": false}}));
    let a = assess(&tender, &ev, "V", &sources, &EvalOptions::default()).unwrap();
    assert_eq!(verdict(&a, "K-1"), Verdict::Fail);
    assert_eq!(verdict(&a, "K-2"), Verdict::Unknown);
}

#[test]
fn a_date_comparison_explains_both_sides() {
    let answers = serde_json::json!({
        "support": { "end": "2029-06-30" },
        "credentials": { "universal_default_password": false }
    });
    let a = run(&evidence("Short B.V.", vec![], answers));
    let r = a.results.iter().find(|r| r.id == "LC-2").unwrap();
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(r.explanation.contains("2029-06-30"), "{}", r.explanation);
    assert!(r.explanation.contains("2032-01-15"), "{}", r.explanation);
    let p = r.witnesses[0].provenance.as_ref().unwrap();
    assert_eq!(p.to_string(), "attestation.yaml#/support/end");
}
