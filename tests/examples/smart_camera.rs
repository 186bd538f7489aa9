//! `examples/smart-camera`: ETSI EN 303 645 and launching-customer clauses on three camera bids.

use tenderguard::engine::assess::{EvalOptions, UnknownPolicy};
use tenderguard::engine::verdict::{Status, Verdict};

use super::{run, run_with, verdicts};

const SCENARIO: &str = "smart-camera";

const ORDER: [&str; 23] = [
    "LC-2", "LC-4", "LC-5", "LC-6", "5.1-1", "5.1-2", "5.1-4", "5.1-5", "5.2-1", "5.3-2", "5.3-8",
    "5.3-10", "5.3-13", "5.4-3", "5.5-1", "5.6-4", "5.7-1", "FW-1", "CAM-1", "CAM-2", "ID-1",
    "AWD-1", "AWD-2",
];

/// The verdicts of a bid, every clause passing except the ones listed.
fn expected(except: &[(&'static str, Verdict)]) -> Vec<(&'static str, Verdict)> {
    ORDER
        .iter()
        .map(|id| {
            let v = except
                .iter()
                .find(|(e, _)| e == id)
                .map_or(Verdict::Pass, |(_, v)| *v);
            (*id, v)
        })
        .collect()
}

fn score(a: &tenderguard::engine::verdict::Assessment, id: &str) -> Option<f64> {
    a.results.iter().find(|r| r.id == id).unwrap().score
}

#[test]
fn lumen_meets_every_provision_and_is_scored() {
    let a = run(SCENARIO, "lumen");
    assert_eq!(a.vendor, "Lumen Vision B.V.");
    assert_eq!(verdicts(&a), expected(&[]));
    assert_eq!(a.summary.status, Status::Qualified);
    assert_eq!(score(&a, "AWD-1"), Some(50.0));
    assert_eq!(score(&a, "AWD-2"), Some(70.0));
    assert_eq!(a.summary.award_score, Some(58.0));
}

#[test]
fn panoptix_fails_on_its_shared_password_and_gpl_firmware() {
    let a = run(SCENARIO, "panoptix");
    assert_eq!(
        verdicts(&a),
        expected(&[
            ("5.1-1", Verdict::Fail),
            ("5.1-2", Verdict::Fail),
            ("5.6-4", Verdict::NotApplicable),
            ("5.7-1", Verdict::Fail),
            ("FW-1", Verdict::Fail),
        ])
    );
    assert_eq!(a.summary.status, Status::Disqualified);
    assert_eq!(a.summary.knockouts_failed, ["5.1-1", "5.1-2", "FW-1"]);
    assert_eq!(a.summary.award_score, None);

    let fw = a.results.iter().find(|r| r.id == "FW-1").unwrap();
    let named: Vec<(&str, Option<&str>, String)> = fw
        .witnesses
        .iter()
        .map(|w| {
            (
                w.subject.as_str(),
                w.value.as_deref(),
                w.provenance.as_ref().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            (
                "component ffmpeg-static@5.3.0",
                Some("license = GPL-3.0-or-later"),
                "sbom.cdx.json#/components/0/licenses".to_owned()
            ),
            (
                "component busybox@1.36.1",
                Some("license = GPL-2.0-only"),
                "sbom.cdx.json#/components/21/licenses".to_owned()
            ),
        ]
    );
    let pw = a.results.iter().find(|r| r.id == "5.1-1").unwrap();
    assert_eq!(
        pw.witnesses[0].subject,
        "attestation.credentials.universal_default_password"
    );
}

#[test]
fn nordoog_lacks_evidence_so_its_knockouts_are_unknown_and_it_is_disqualified() {
    let a = run(SCENARIO, "nordoog");
    let unknown = [
        ("LC-4", Verdict::Unknown),
        ("LC-5", Verdict::Unknown),
        ("LC-6", Verdict::Unknown),
        ("5.1-5", Verdict::Unknown),
        ("5.3-2", Verdict::Unknown),
        ("5.6-4", Verdict::NotApplicable),
        ("FW-1", Verdict::Unknown),
        ("CAM-2", Verdict::Unknown),
        ("ID-1", Verdict::Unknown),
    ];
    assert_eq!(verdicts(&a), expected(&unknown));
    assert_eq!(a.summary.status, Status::Disqualified);
    assert_eq!(a.summary.fail, 0);
    assert_eq!(
        a.summary.knockouts_failed,
        ["LC-4", "LC-5", "5.1-5", "5.3-2", "FW-1", "CAM-2"]
    );
    let why = |id: &str| {
        a.results
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .explanation
            .clone()
    };
    assert!(why("FW-1").contains("`sbom.components`"), "{}", why("FW-1"));
    assert!(
        why("5.1-5").contains("cannot tell whether the clause applies")
            && why("5.1-5").contains("`attestation.iot.constrained`"),
        "{}",
        why("5.1-5")
    );
    assert!(
        why("CAM-2").contains("`attestation.camera.max_retention_days`"),
        "{}",
        why("CAM-2")
    );
}

#[test]
fn nordoog_qualifies_when_unknowns_only_warn() {
    let options = EvalOptions {
        unknown: UnknownPolicy::Warn,
        ..EvalOptions::default()
    };
    let a = run_with(SCENARIO, "nordoog", &options);
    assert_eq!(a.summary.status, Status::Qualified);
    assert!(a.summary.knockouts_failed.is_empty());
    assert_eq!(a.summary.award_score, Some(51.0));
}
