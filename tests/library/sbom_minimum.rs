//! The `sbom-minimum` set against SBOMs made by real generators (`tests/fixtures/sbom`), the
//! example bids, and a hand-made SBOM that carries every BSI TR-03183-2 field.

use std::collections::BTreeMap;
use std::path::Path;

use tenderguard::engine::verdict::Verdict;

use super::{bid_with, example, run, tender_for, verdicts};
use crate::common::root;

/// A bid folder holding one SBOM file (recognised by content; no manifest, no attestation).
fn sbom_bid(name: &str, contents: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), contents).unwrap();
    dir
}

fn fixture_bid(rel: &str) -> tempfile::TempDir {
    let path = root().join("tests/fixtures/sbom").join(rel);
    let name = Path::new(rel).file_name().unwrap().to_str().unwrap();
    sbom_bid(name, &std::fs::read(&path).unwrap())
}

fn check(with: &str, bid: &Path) -> BTreeMap<String, Verdict> {
    let (t, sources) = tender_for("sbom-minimum", with);
    verdicts(&run(&t, &sources, bid))
}

#[test]
fn sbom_minimum_has_every_source() {
    let (t, _) = tender_for("sbom-minimum", "");
    let count = |p: &str| t.items.iter().filter(|i| i.id.starts_with(p)).count();
    assert_eq!(count("NTIA-"), 14);
    assert_eq!(count("CISA-"), 19);
    assert_eq!(count("BSI-"), 18);
}

#[test]
fn cdxgen_sbom_meets_the_bsi_hash_and_format_but_names_no_supplier() {
    // cdxgen 12.8.4, CycloneDX 1.7: SHA-512 on every component, lifecycle, authors, serial.
    let bid = fixture_bid("cyclonedx-json/cdxgen-12.8.4/express-app.cdx.json");
    let v = check("", bid.path());
    assert_eq!(v["BSI-hash"], Verdict::Pass);
    assert_eq!(v["BSI-format"], Verdict::Pass);
    assert_eq!(v["CISA-component-hash"], Verdict::Pass);
    assert_eq!(v["CISA-generation-context"], Verdict::Pass);
    assert_eq!(v["CISA-sbom-author"], Verdict::Pass);
    assert_eq!(v["CISA-sbom-version"], Verdict::Pass);
    assert_eq!(v["NTIA-timestamp"], Verdict::Pass);
    assert_eq!(v["NTIA-unique-identifiers"], Verdict::Pass);
    assert_eq!(v["NTIA-dependency-relationship"], Verdict::Pass);
    // No component names its supplier, and none carries the BSI properties.
    assert_eq!(v["NTIA-supplier-name"], Verdict::Fail);
    assert_eq!(v["BSI-filename"], Verdict::Fail);
    assert_eq!(v["BSI-executable"], Verdict::Fail);
    // Licences without `acknowledgement` count as declared, not as distribution licences.
    assert_eq!(v["BSI-distribution-licences"], Verdict::Fail);
    assert_eq!(v["BSI-original-licences"], Verdict::Pass);
    // Questions to the vendor stay unknown without an attestation.
    assert_eq!(v["CISA-author-signature"], Verdict::Unknown);
    assert_eq!(v["BSI-dependencies"], Verdict::Unknown);
}

#[test]
fn cargo_cyclonedx_sbom_fails_the_bsi_hash_and_format() {
    // cargo-cyclonedx 0.5.9, CycloneDX 1.5: SHA-256 only, no lifecycle, no serial number.
    let bid = fixture_bid("cyclonedx-json/cargo-cyclonedx-0.5.9/tenderguard.cdx.json");
    let v = check("", bid.path());
    assert_eq!(v["BSI-hash"], Verdict::Fail);
    assert_eq!(v["BSI-format"], Verdict::Fail);
    // SHA-256 is an approved algorithm and 1.5 is current enough for the CISA profile.
    assert_eq!(v["CISA-component-hash"], Verdict::Pass);
    assert_eq!(v["CISA-format"], Verdict::Pass);
    assert_eq!(v["CISA-generation-context"], Verdict::Fail);
    assert_eq!(v["CISA-sbom-version"], Verdict::Fail);
    assert_eq!(v["CISA-tool"], Verdict::Pass);
    // Every crate links its repository (`vcs`), none its deployable form.
    assert_eq!(v["BSI-source-uri"], Verdict::Pass);
    assert_eq!(v["BSI-deployable-uri"], Verdict::Fail);
    // A buyer who accepts SHA-256 and CycloneDX 1.5 gets a pass on both.
    let v = check(
        " with { hash_alg = \"SHA-256\", bsi_cyclonedx_min = v\"1.5\" }",
        bid.path(),
    );
    assert_eq!(v["BSI-hash"], Verdict::Pass);
    assert_eq!(v["BSI-format"], Verdict::Pass);
}

#[test]
fn spdx_sbom_meets_cisa_format_but_not_bsi() {
    // npm's SPDX 2.3: BSI TR-03183-2 v2.1.0 accepts SPDX 3.0.1 and later only.
    let bid = fixture_bid("spdx-json/npm-cli-11.19.1/express-app.spdx.json");
    let v = check("", bid.path());
    assert_eq!(v["CISA-format"], Verdict::Pass);
    assert_eq!(v["BSI-format"], Verdict::Fail);
    assert_eq!(v["NTIA-timestamp"], Verdict::Pass);
    assert_eq!(v["NTIA-component-name"], Verdict::Pass);
}

#[test]
fn example_bids_lack_a_timestamp_and_any_hash() {
    // cyclonedx-npm 6.0.1 wrote the 1.6 file without `metadata.timestamp` and without hashes.
    let v = check("", &example("acme"));
    assert_eq!(v["NTIA-timestamp"], Verdict::Fail);
    assert_eq!(v["BSI-timestamp"], Verdict::Fail);
    assert_eq!(v["BSI-hash"], Verdict::Fail);
    assert_eq!(v["CISA-component-hash"], Verdict::Fail);
    assert_eq!(v["BSI-format"], Verdict::Pass);
    assert_eq!(v["NTIA-component-version"], Verdict::Pass);
    // Frequency reads the built-in attestation field: unanswered, then answered.
    assert_eq!(v["NTIA-frequency"], Verdict::Unknown);
    assert_eq!(v["CISA-author-signature"], Verdict::Unknown);
    let bid = bid_with(
        "acme",
        "sbom:\n  every_release: true\nsbom_practice:\n  delivery_url: https://acme.example/sbom\n  signed: false\n",
    );
    let v = check("", bid.path());
    assert_eq!(v["NTIA-frequency"], Verdict::Pass);
    assert_eq!(v["CISA-frequency"], Verdict::Pass);
    assert_eq!(v["CISA-distribution-delivery"], Verdict::Pass);
    assert_eq!(v["CISA-author-signature"], Verdict::Fail);
}

#[test]
fn a_bsi_conformant_sbom_passes_every_bsi_machine_check() {
    let prop = |n: &str, v: &str| serde_json::json!({ "name": n, "value": v });
    let component = |name: &str, file: &str| {
        serde_json::json!({
            "type": "library",
            "bom-ref": name,
            "supplier": { "name": "Example Org", "url": ["https://example.org"] },
            "name": name,
            "version": "1.0.0",
            "purl": format!("pkg:npm/{name}@1.0.0"),
            "hashes": [{ "alg": "SHA-512", "content": "ab".repeat(64) }],
            "licenses": [
                { "license": { "id": "MIT", "acknowledgement": "concluded" } },
                { "license": { "id": "MIT", "acknowledgement": "declared" } }
            ],
            "externalReferences": [
                { "type": "distribution", "url": format!("https://example.org/{file}") },
                { "type": "source-distribution", "url": format!("https://example.org/{name}-src.tar.gz") }
            ],
            "properties": [
                prop("bsi:component:filename", file),
                prop("bsi:component:executable", "non-executable"),
                prop("bsi:component:archive", "archive"),
                prop("bsi:component:structured", "structured")
            ]
        })
    };
    let sbom = serde_json::json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {
            "timestamp": "2027-01-10T12:00:00Z",
            "lifecycles": [{ "phase": "build" }],
            "authors": [{ "name": "Example Org", "email": "sbom@example.org" }],
            "tools": { "components": [{ "type": "application", "name": "builder", "version": "2.0" }] }
        },
        "components": [component("left-pad", "left-pad-1.0.0.tgz"), component("right-pad", "right-pad-1.0.0.tgz")],
        "dependencies": [
            { "ref": "left-pad", "dependsOn": ["right-pad"] },
            { "ref": "right-pad", "dependsOn": [] }
        ]
    });
    let bid = sbom_bid("sbom.cdx.json", sbom.to_string().as_bytes());
    let v = check("", bid.path());
    for id in [
        "BSI-format",
        "BSI-timestamp",
        "BSI-sbom-uri",
        "BSI-component-name",
        "BSI-component-version",
        "BSI-filename",
        "BSI-distribution-licences",
        "BSI-hash",
        "BSI-executable",
        "BSI-archive",
        "BSI-structured",
        "BSI-source-uri",
        "BSI-deployable-uri",
        "BSI-other-identifiers",
        "BSI-original-licences",
        "NTIA-supplier-name",
        "CISA-component-producer",
    ] {
        assert_eq!(v[id], Verdict::Pass, "{id}");
    }
    // The creator's contact and the completeness statement are asked of the vendor.
    assert_eq!(v["BSI-sbom-creator"], Verdict::Unknown);
    assert_eq!(v["BSI-component-creator"], Verdict::Unknown);
    // Half the components without the archive property is below the default 100%...
    let mut half = sbom.clone();
    half["components"][1]["properties"] = serde_json::json!([]);
    let bid = sbom_bid("sbom.cdx.json", half.to_string().as_bytes());
    assert_eq!(check("", bid.path())["BSI-archive"], Verdict::Fail);
    // ...and enough for a buyer who asks half.
    assert_eq!(
        check(" with { field_share = 50% }", bid.path())["BSI-archive"],
        Verdict::Pass
    );
}

#[test]
fn sbom_minimum_and_cra_annex_i_import_together() {
    // Distinct question namespaces and clause ids: one tender can use both sets.
    let (t, _) = tender_for("sbom-minimum", "\nuse \"cra-annex-i\"");
    assert_eq!(t.items.len(), 51 + 26);
    assert!(t.vocabulary.record("attestation.sbom_practice").is_some());
    assert!(t.vocabulary.record("attestation.cra").is_some());
}
