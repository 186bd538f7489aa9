//! The `bio2-suppliers` set (BIO2 v1.3 measures on suppliers and contracts) against the
//! example bids, extended with answers to the set's questions.

use std::path::Path;

use tenderguard::engine::verdict::{Assessment, Verdict};

use super::{bid_with, example, run, tender_for, verdicts};

/// Answers that meet every measure (the tender is published 2027-01-15).
const GOOD: &str = "\
bio:
  internet_facing: true
  cloud_service: true
  custom_development: false
  requirements_in_contract: true
  own_terms_excluded: true
  assurance_date: 2026-09-30
  assurance_scope: true
  assurance_yearly: true
  audit_right: true
  notice_days: 1
  exit_plan: true
  subsuppliers: [\"Hostia B.V. (hosting)\"]
  chain_risks_described: true
  flow_down: true
  chain_changes_reported: true
  chain_information: true
  yearly_review: true
  termination_grounds: true
  cvd_guideline: true
  mitigation_risk_based: true
  interim_mitigation: true
  pentest_every_release: true
  secure_by_design: true
  acceptance_test_reports: true
pentest:
  date: 2026-11-20
  independent: true
  open_critical: 0
sbom:
  every_release: true
";

/// Adds `support.response_days` to the bid's existing `support` answers.
fn set_response_days(bid: &Path, days: u32) {
    let att = bid.join("attestation.yaml");
    let text = std::fs::read_to_string(&att).unwrap();
    let patched = text.replacen(
        "support:\n",
        &format!("support:\n  response_days: {days}\n"),
        1,
    );
    assert_ne!(text, patched);
    std::fs::write(&att, patched).unwrap();
}

fn explanation<'a>(a: &'a Assessment, id: &str) -> &'a str {
    &a.results.iter().find(|r| r.id == id).unwrap().explanation
}

#[test]
fn the_set_holds_the_supplier_measures_and_leaves_out_buyer_side_ones() {
    let (t, _) = tender_for("bio2-suppliers", "");
    let ids: Vec<&str> = t.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "5.20.01", "5.20.02", "5.20.03", "5.20.04", "5.20.05", "5.20.06", "5.21.02", "5.21.03",
            "5.21.04", "5.21.05", "5.22.01", "5.23.01", "5.24.08", "8.08.01", "8.08.02", "8.08.03",
            "8.08.04", "8.08.05", "8.27.01", "8.29.01", "8.30.01"
        ]
    );
    for buyer_side in ["5.19.01", "5.22.02", "5.36.01"] {
        assert!(!ids.contains(&buyer_side), "{buyer_side}");
    }
    for item in &t.items {
        assert!(
            item.refs
                .iter()
                .any(|r| r == &format!("BIO2 v1.3 {}", item.id)),
            "{}",
            item.id
        );
    }
}

#[test]
fn a_supplier_that_meets_every_measure_passes() {
    let (t, sources) = tender_for("bio2-suppliers", "");
    let bid = bid_with("acme", GOOD);
    set_response_days(bid.path(), 5);
    let a = run(&t, &sources, bid.path());
    let v = verdicts(&a);
    assert_eq!(v.len(), 21);
    // Acme develops nothing for the buyer: outsourced development does not apply.
    assert_eq!(v["8.30.01"], Verdict::NotApplicable);
    for (id, verdict) in v.iter().filter(|(id, _)| *id != "8.30.01") {
        assert_eq!(*verdict, Verdict::Pass, "{id}: {}", explanation(&a, id));
    }
}

#[test]
fn late_notice_slow_patching_and_stale_evidence_fail() {
    let (t, sources) = tender_for("bio2-suppliers", "");
    let bad = GOOD
        .replace("notice_days: 1", "notice_days: 5")
        .replace("assurance_date: 2026-09-30", "assurance_date: 2025-06-30")
        .replace("date: 2026-11-20", "date: 2025-10-01")
        .replace("internet_facing: true", "internet_facing: false")
        .replace(
            "custom_development: false",
            "custom_development: true\n  development_measures: false",
        );
    let bid = bid_with("globex", &bad);
    set_response_days(bid.path(), 14);
    let v = verdicts(&run(&t, &sources, bid.path()));
    assert_eq!(v["5.20.05"], Verdict::Fail);
    assert_eq!(v["5.20.03"], Verdict::Fail);
    assert_eq!(v["8.08.01"], Verdict::Fail);
    assert_eq!(v["8.08.04"], Verdict::Fail);
    // Globex publishes no security.txt, so its CVD procedure falls short.
    assert_eq!(v["5.24.08"], Verdict::Fail);
    // Not internet-facing: the per-release test does not apply.
    assert_eq!(v["8.08.05"], Verdict::NotApplicable);
    // It develops for the buyer but does not apply the BIO development measures.
    assert_eq!(v["8.30.01"], Verdict::Fail);
    assert_eq!(v["5.20.01"], Verdict::Pass);
}

#[test]
fn the_buyer_can_move_the_deadlines() {
    let with = " with { mitigation_deadline = 2 weeks, notice_deadline = 1 week }";
    let (t, sources) = tender_for("bio2-suppliers", with);
    let bid = bid_with("globex", &GOOD.replace("notice_days: 1", "notice_days: 5"));
    set_response_days(bid.path(), 14);
    let v = verdicts(&run(&t, &sources, bid.path()));
    assert_eq!(v["8.08.01"], Verdict::Pass);
    assert_eq!(v["5.20.05"], Verdict::Pass);
}

#[test]
fn unanswered_measures_are_unknown_and_name_the_question() {
    let (t, sources) = tender_for("bio2-suppliers", "");
    let a = run(&t, &sources, &example("acme"));
    let v = verdicts(&a);
    for (id, question) in [
        ("5.20.01", "attestation.bio.requirements_in_contract"),
        ("5.20.06", "attestation.bio.exit_plan"),
        ("8.08.05", "attestation.bio.internet_facing"),
        ("8.08.01", "attestation.support.response_days"),
    ] {
        assert_eq!(v[id], Verdict::Unknown, "{id}");
        let why = explanation(&a, id);
        assert!(why.contains(&format!("`{question}`")), "{id}: {why}");
    }
    // Acme publishes a policy and a security.txt; only the guideline answer is missing.
    assert_eq!(v["5.24.08"], Verdict::Unknown);
    assert!(explanation(&a, "5.24.08").contains("`attestation.bio.cvd_guideline`"));
}
