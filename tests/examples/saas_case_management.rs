//! `examples/saas-case-management`: the CRA, SBOM minimum elements, the SSDF attestation, the
//! BIO2 supplier measures and the buyer's own rules on two SaaS bids with real SBOMs.

use tenderguard::engine::verdict::{Status, Verdict};

use super::{run, verdicts};

const SCENARIO: &str = "saas-case-management";

/// The ids and verdicts that are not `pass`.
fn not_passing(a: &tenderguard::engine::verdict::Assessment) -> Vec<(&str, Verdict)> {
    verdicts(a)
        .into_iter()
        .filter(|(_, v)| *v != Verdict::Pass)
        .collect()
}

fn score(a: &tenderguard::engine::verdict::Assessment, id: &str) -> Option<f64> {
    a.results.iter().find(|r| r.id == id).unwrap().score
}

#[test]
fn the_tender_imports_every_set_it_names() {
    let a = run(SCENARIO, "dossierwerk");
    let ids: Vec<&str> = a.results.iter().map(|r| r.id.as_str()).collect();
    for id in [
        "I.1",
        "I.2.m",
        "II.8",
        "Art.13.19",
        "AnnexII.9",
        "NTIA-author",
        "SSAF-4-c",
        "5.20.01",
        "5.24.08",
        "8.08.01",
        "8.30.01",
        "SAAS-1",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    // 26 CRA clauses, 13 NTIA elements, 13 SSAF statements and parts, 21 BIO2 measures,
    // SAAS-1, two criteria.
    assert_eq!(ids.len(), 76);
}

#[test]
fn dossierwerk_qualifies_and_is_scored() {
    let a = run(SCENARIO, "dossierwerk");
    assert_eq!(a.vendor, "Dossierwerk B.V.");
    assert_eq!(not_passing(&a), []);
    assert_eq!(a.summary.status, Status::Qualified);
    assert_eq!(score(&a, "AWD-1"), Some(88.89));
    assert_eq!(score(&a, "AWD-2"), Some(40.0));
    assert_eq!(a.summary.award_score, Some(64.44));
    // The risk assessment the attestation names is a document in the bid.
    let i1 = a.results.iter().find(|r| r.id == "I.1").unwrap();
    assert_eq!(i1.verdict, Verdict::Pass);
}

#[test]
fn caseflow_is_disqualified_by_patch_time_an_old_pentest_no_build_mfa_slow_notice_and_us_hosting() {
    let a = run(SCENARIO, "caseflow");
    assert_eq!(
        not_passing(&a),
        [
            ("II.2", Verdict::Fail),
            ("II.3", Verdict::Fail),
            ("NTIA-known-unknowns", Verdict::Fail),
            ("SSAF-1", Verdict::Fail),
            ("SSAF-1-c", Verdict::Fail),
            ("5.20.02", Verdict::Fail),
            ("5.20.05", Verdict::Fail),
            ("8.08.01", Verdict::Fail),
            ("8.08.04", Verdict::Fail),
            ("8.08.05", Verdict::Fail),
            // No custom development in CaseFlow's offer: the measure does not apply.
            ("8.30.01", Verdict::NotApplicable),
            ("SAAS-1", Verdict::Fail),
        ]
    );
    assert_eq!(a.summary.status, Status::Disqualified);
    assert_eq!(
        a.summary.knockouts_failed,
        [
            "II.2", "II.3", "SSAF-1", "SSAF-1-c", "5.20.05", "8.08.01", "8.08.05", "SAAS-1"
        ]
    );
    assert_eq!(a.summary.award_score, None);
    let patch = a.results.iter().find(|r| r.id == "II.2").unwrap();
    assert_eq!(
        patch.witnesses[0].provenance.as_ref().unwrap().to_string(),
        "attestation.yaml#/support/response_days"
    );
}

#[test]
fn caseflow_reports_incidents_in_three_days_where_the_contract_asks_one() {
    let a = run(SCENARIO, "caseflow");
    let notice = a.results.iter().find(|r| r.id == "5.20.05").unwrap();
    assert_eq!(notice.verdict, Verdict::Fail);
    assert!(
        notice.explanation.contains("3 days") && notice.explanation.contains("1 day"),
        "{}",
        notice.explanation
    );
    // The BIO's one-week deadline for high-risk vulnerabilities reads the same patch time
    // as the CRA's II.2.
    let patch = a.results.iter().find(|r| r.id == "8.08.01").unwrap();
    assert!(
        patch.explanation.contains("30 days"),
        "{}",
        patch.explanation
    );
}
