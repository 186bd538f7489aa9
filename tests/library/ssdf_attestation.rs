//! The `ssdf-attestation` set (CISA SSAF statements with their SSDF tasks) against the
//! example bids, extended with answers to the set's questions.

use tenderguard::engine::verdict::{Assessment, Verdict};

use super::{bid_with, example, run, tender_for, verdicts};

/// Every SSAF question answered `yes`, except the ones named in `no`.
fn answers(no: &[&str]) -> String {
    let all = [
        "environments_separated",
        "trust_relationships_audited",
        "mfa_conditional_access",
        "risky_software_minimised",
        "sensitive_data_encrypted",
        "defensive_practices",
        "trusted_supply_chain",
        "provenance",
        "vulnerability_checks",
        "checks_before_release",
        "fix_before_release",
        "disclosure_handled",
    ];
    let mut yaml = String::from("ssaf:\n");
    for q in all {
        yaml.push_str(&format!("  {q}: {}\n", !no.contains(&q)));
    }
    yaml
}

fn explanation<'a>(a: &'a Assessment, id: &str) -> &'a str {
    &a.results.iter().find(|r| r.id == id).unwrap().explanation
}

#[test]
fn the_set_has_every_statement_and_part() {
    let (t, _) = tender_for("ssdf-attestation", "");
    let ids: Vec<&str> = t.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "SSAF-1", "SSAF-1-a", "SSAF-1-b", "SSAF-1-c", "SSAF-1-d", "SSAF-1-e", "SSAF-1-f",
            "SSAF-2", "SSAF-3", "SSAF-4", "SSAF-4-a", "SSAF-4-b", "SSAF-4-c"
        ]
    );
    // Every clause names the SSDF tasks behind it.
    for item in &t.items {
        assert!(
            item.refs
                .iter()
                .any(|r| r.starts_with("NIST SP 800-218 SSDF 1.1 ")),
            "{}",
            item.id
        );
    }
}

#[test]
fn a_full_attestation_passes_every_statement() {
    let (t, sources) = tender_for("ssdf-attestation", "");
    let bid = bid_with("acme", &answers(&[]));
    let v = verdicts(&run(&t, &sources, bid.path()));
    assert_eq!(v.len(), 13);
    for (id, verdict) in &v {
        assert_eq!(*verdict, Verdict::Pass, "{id}");
    }
}

#[test]
fn a_gap_fails_the_part_and_its_statement_only() {
    let (t, sources) = tender_for("ssdf-attestation", "");
    let bid = bid_with(
        "globex",
        &answers(&["mfa_conditional_access", "fix_before_release"]),
    );
    let v = verdicts(&run(&t, &sources, bid.path()));
    assert_eq!(v["SSAF-1-c"], Verdict::Fail);
    assert_eq!(v["SSAF-1"], Verdict::Fail);
    assert_eq!(v["SSAF-1-a"], Verdict::Pass);
    assert_eq!(v["SSAF-4-b"], Verdict::Fail);
    assert_eq!(v["SSAF-4"], Verdict::Fail);
    assert_eq!(v["SSAF-4-a"], Verdict::Pass);
    assert_eq!(v["SSAF-2"], Verdict::Pass);
    assert_eq!(v["SSAF-3"], Verdict::Pass);
    // Globex publishes a disclosure policy, so 4 c) passes on the answer.
    assert_eq!(v["SSAF-4-c"], Verdict::Pass);
}

#[test]
fn unanswered_statements_are_unknown_and_name_the_question() {
    let (t, sources) = tender_for("ssdf-attestation", "");
    let a = run(&t, &sources, &example("acme"));
    let v = verdicts(&a);
    assert_eq!(v["SSAF-1-a"], Verdict::Unknown);
    assert!(
        explanation(&a, "SSAF-1-a").contains("`attestation.ssaf.environments_separated`"),
        "{}",
        explanation(&a, "SSAF-1-a")
    );
    assert_eq!(v["SSAF-3"], Verdict::Unknown);
    assert!(explanation(&a, "SSAF-3").contains("`attestation.ssaf.provenance`"));
    assert_eq!(v["SSAF-4-c"], Verdict::Unknown);
    assert!(explanation(&a, "SSAF-4-c").contains("`attestation.ssaf.disclosure_handled`"));
}

#[test]
fn machine_checks_read_the_disclosure_policy_and_the_sbom() {
    let (t, sources) = tender_for("ssdf-attestation", "");
    let bid = bid_with("acme", &answers(&[]));
    // No published disclosure policy: 4 c) and the whole of 4 fail despite the answers.
    let att = bid.path().join("attestation.yaml");
    let text = std::fs::read_to_string(&att).unwrap();
    let without_policy: String = text
        .lines()
        .filter(|l| !l.contains("security/disclosure"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(text, without_policy);
    std::fs::write(&att, without_policy).unwrap();
    // No SBOM in the bid: provenance (3) cannot pass on the answer alone.
    let manifest = bid.path().join("bid.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let without_sbom = text.replace("  - kind: sbom\n    path: sbom.cdx.json\n", "");
    assert_ne!(text, without_sbom);
    std::fs::write(&manifest, without_sbom).unwrap();

    let a = run(&t, &sources, bid.path());
    let v = verdicts(&a);
    assert_eq!(v["SSAF-4-c"], Verdict::Fail);
    assert_eq!(v["SSAF-4"], Verdict::Fail);
    assert_eq!(v["SSAF-3"], Verdict::Unknown);
    assert!(
        explanation(&a, "SSAF-3").contains("sbom"),
        "{}",
        explanation(&a, "SSAF-3")
    );
    assert_eq!(v["SSAF-4-a"], Verdict::Pass);
    assert_eq!(v["SSAF-2"], Verdict::Pass);
}
