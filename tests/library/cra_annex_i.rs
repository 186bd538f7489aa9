//! The `cra-annex-i` set against the example bids, a fully answered bid, and bids that break
//! one requirement each.

use tenderguard::engine::verdict::Verdict;

use super::{bid_with, example, run, tender_for, verdicts};

/// Acme's answers completed for every CRA question, with the risk assessment as a document.
const ANSWERS: &str = "\
updates:
  signed: true
  separate_security_updates: true
pentest:
  date: 2026-09-30
  independent: true
sbom:
  every_release: true
cra:
  risk_assessment: risk-assessment.pdf
  secure_by_default: true
  factory_reset: true
  security_updates: true
  automatic_updates: true
  access_control: true
  confidentiality: true
  integrity: true
  data_minimisation: true
  availability: true
  network_impact: true
  attack_surface: true
  exploit_mitigation: true
  security_logging: true
  data_removal: true
  advisories_url: https://acme.example/security/advisories
  free_updates: true
  update_availability: 10 years
";

/// A copy of acme with `answers` appended to its attestation, a patch time for II.2 and the
/// risk assessment as a document.
fn compliant(answers: &str) -> tempfile::TempDir {
    let dir = bid_with("acme", answers);
    std::fs::copy(
        crate::common::root()
            .join("examples/saas-case-management/bids/dossierwerk/risk-assessment.pdf"),
        dir.path().join("risk-assessment.pdf"),
    )
    .unwrap();
    let manifest = dir.path().join("bid.yaml");
    let mut m = std::fs::read_to_string(&manifest).unwrap();
    m.push_str(
        "  - kind: document\n    path: risk-assessment.pdf\n    doc_kind: risk-assessment\n",
    );
    std::fs::write(&manifest, m).unwrap();
    // The support section gains the patch time that II.2 reads.
    let att = dir.path().join("attestation.yaml");
    let a = std::fs::read_to_string(&att)
        .unwrap()
        .replace("support:\n", "support:\n  response_days: 14\n");
    std::fs::write(&att, a).unwrap();
    dir
}

#[test]
fn cra_annex_i_against_the_example_bids() {
    let (t, sources) = tender_for("cra-annex-i", "");
    assert_eq!(t.items.len(), 26);
    let acme = verdicts(&run(&t, &sources, &example("acme")));
    let globex = verdicts(&run(&t, &sources, &example("globex")));
    // No vulnerability in either SBOM: nothing known and exploitable.
    assert_eq!(acme["I.2.a"], Verdict::Pass);
    // Globex ships a password shared by every unit: not secure by default, whatever else.
    assert_eq!(globex["I.2.b"], Verdict::Fail);
    assert_eq!(acme["I.2.b"], Verdict::Unknown);
    // A real SBOM with a dependency graph.
    assert_eq!(acme["II.1"], Verdict::Pass);
    assert_eq!(globex["II.1"], Verdict::Pass);
    // Both publish a disclosure policy; only acme names a contact address.
    assert_eq!(acme["II.5"], Verdict::Pass);
    assert_eq!(globex["II.5"], Verdict::Pass);
    assert_eq!(acme["II.6"], Verdict::Pass);
    assert_eq!(globex["II.6"], Verdict::Fail);
    // Support: acme until mid-2034, globex four years and no published statement.
    assert_eq!(acme["Art.13.8"], Verdict::Pass);
    assert_eq!(globex["Art.13.8"], Verdict::Fail);
    assert_eq!(acme["Art.13.19"], Verdict::Pass);
    assert_eq!(globex["Art.13.19"], Verdict::Fail);
    // No risk assessment in the bid: nothing to point at.
    assert_eq!(acme["I.1"], Verdict::Fail);
    // Unanswered questions are unknown, never passed.
    assert_eq!(acme["I.2.e"], Verdict::Unknown);
    assert_eq!(acme["II.3"], Verdict::Unknown);
    assert_eq!(acme["Art.13.9"], Verdict::Unknown);
}

#[test]
fn cra_annex_i_passes_a_fully_answered_bid() {
    let (t, sources) = tender_for("cra-annex-i", "");
    let bid = compliant(ANSWERS);
    let v = verdicts(&run(&t, &sources, bid.path()));
    let not_passed: Vec<_> = v.iter().filter(|(_, v)| **v != Verdict::Pass).collect();
    assert!(not_passed.is_empty(), "{not_passed:?}");
}

#[test]
fn cra_annex_i_fails_each_broken_requirement() {
    let (t, sources) = tender_for("cra-annex-i", "");
    let broken = ANSWERS
        .replace(
            "risk_assessment: risk-assessment.pdf",
            "risk_assessment: threat-model.pdf",
        )
        .replace(
            "update_availability: 10 years",
            "update_availability: 5 years",
        )
        .replace("date: 2026-09-30", "date: 2025-06-30")
        .replace("signed: true", "signed: false")
        .replace("data_removal: true", "data_removal: false");
    let bid = compliant(&broken);
    let v = verdicts(&run(&t, &sources, bid.path()));
    // The named file is not in the bid.
    assert_eq!(v["I.1"], Verdict::Fail);
    // Updates stay available for five years, the regulation asks ten.
    assert_eq!(v["Art.13.9"], Verdict::Fail);
    // The latest test is more than a year before publication.
    assert_eq!(v["II.3"], Verdict::Fail);
    // Unsigned updates break both integrity and secure distribution.
    assert_eq!(v["I.2.f"], Verdict::Fail);
    assert_eq!(v["II.7"], Verdict::Fail);
    assert_eq!(v["I.2.m"], Verdict::Fail);
    assert_eq!(v["I.2.e"], Verdict::Pass);
    // A buyer may accept a shorter retention period.
    let (t, sources) = tender_for("cra-annex-i", " with { update_retention = 5 years }");
    let v = verdicts(&run(&t, &sources, bid.path()));
    assert_eq!(v["Art.13.9"], Verdict::Pass);
}

#[test]
fn cra_annex_i_fails_an_exploitable_vulnerability() {
    let (t, sources) = tender_for("cra-annex-i", "");
    let bid = compliant(ANSWERS);
    let path = bid.path().join("sbom.cdx.json");
    let mut sbom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let target = sbom["components"][0]["bom-ref"].clone();
    sbom["vulnerabilities"] = serde_json::json!([{
        "id": "CVE-2026-0001",
        "analysis": { "state": "exploitable" },
        "affects": [{ "ref": target }]
    }]);
    std::fs::write(&path, serde_json::to_string(&sbom).unwrap()).unwrap();
    let v = verdicts(&run(&t, &sources, bid.path()));
    assert_eq!(v["I.2.a"], Verdict::Fail);
    // Marked not affected, the same vulnerability is acceptable.
    sbom["vulnerabilities"][0]["analysis"] =
        serde_json::json!({ "state": "not_affected", "justification": "code_not_reachable" });
    std::fs::write(&path, serde_json::to_string(&sbom).unwrap()).unwrap();
    let v = verdicts(&run(&t, &sources, bid.path()));
    assert_eq!(v["I.2.a"], Verdict::Pass);
}
