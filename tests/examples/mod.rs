//! Every scenario under `examples/` runs, and gives the verdicts its README promises.
//! (The same scenarios run through the real binary in `cli/tests/check.rs`.)
//!
//! Each scenario beyond `minimal` has its own module beside this one (`examples/<scenario>.rs`).

use std::path::Path;

use tenderguard::diag::SourceMap;
use tenderguard::engine::assess::{EvalOptions, assess};
use tenderguard::engine::verdict::{Assessment, Status, Verdict};
use tenderguard::engine::{NoFiles, compile_with};
use tenderguard::evidence::bid::load_bid;
use tenderguard::lang;
use tenderguard::limits::Limits;

use crate::common;

mod saas_case_management;
mod smart_camera;

pub(crate) fn run(scenario: &str, bid: &str) -> Assessment {
    run_with(scenario, bid, &EvalOptions::default())
}

pub(crate) fn run_with(scenario: &str, bid: &str, options: &EvalOptions) -> Assessment {
    let dir = common::root().join("examples").join(scenario);
    let text = std::fs::read_to_string(dir.join("tender.tg")).unwrap();
    let mut sources = SourceMap::new();
    let id = sources.add("tender.tg", text);
    let limits = Limits::default();
    let (tender, warnings) = compile_with(lang::parse, id, &mut sources, &mut NoFiles, &limits)
        .unwrap_or_else(|d| panic!("{}", tenderguard::diag::render_human(&d, &sources, false)));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let (evidence, _) = load_bid(&dir.join("bids").join(bid), &tender.vocabulary, &limits)
        .unwrap_or_else(|d| panic!("{d:#?}"));
    assess(&tender, &evidence, bid, &sources, options).unwrap()
}

pub(crate) fn verdicts(a: &Assessment) -> Vec<(&str, Verdict)> {
    a.results
        .iter()
        .map(|r| (r.id.as_str(), r.verdict))
        .collect()
}

#[test]
fn minimal_acme_qualifies_with_every_clause_passing() {
    let a = run("minimal", "acme");
    assert_eq!(a.summary.status, Status::Qualified);
    assert!(
        a.results.iter().all(|r| r.verdict == Verdict::Pass),
        "{:#?}",
        verdicts(&a)
    );
    assert_eq!(a.summary.award_score, Some(40.0));
    assert_eq!(a.vendor, "Acme Software B.V.");
}

#[test]
fn minimal_globex_is_disqualified_by_three_knockouts() {
    let a = run("minimal", "globex");
    assert_eq!(a.summary.status, Status::Disqualified);
    assert_eq!(a.summary.knockouts_failed, ["LC-1", "LC-2", "LIC-1"]);
    let lic = a.results.iter().find(|r| r.id == "LIC-1").unwrap();
    assert_eq!(lic.witness_count, 1);
    assert_eq!(lic.witnesses[0].subject, "component debug@4.4.3");
    assert_eq!(
        lic.witnesses[0].provenance.as_ref().unwrap().to_string(),
        "sbom.cdx.json#/components/11/licenses"
    );
}

#[test]
fn every_scenario_has_the_documented_layout() {
    let examples = common::root().join("examples");
    for entry in std::fs::read_dir(&examples).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for needed in ["README.md", "bids"] {
            assert!(
                dir.join(needed).exists(),
                "{} lacks {needed}",
                dir.display()
            );
        }
        let has_tender = ["tender.tg", "tender-v1.tg"]
            .iter()
            .any(|t| dir.join(t).exists());
        assert!(has_tender, "{} has no tender", dir.display());
        assert!(
            Path::new(&dir.join("bids"))
                .read_dir()
                .unwrap()
                .next()
                .is_some()
        );
    }
}
