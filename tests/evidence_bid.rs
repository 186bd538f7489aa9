//! SPDX loaders, attestations and bid folders (issue 3).

use tenderguard::evidence::load::{spdx_json, spdx_tv};
use tenderguard::evidence::model::Component;
use tenderguard::limits::Limits;

use crate::common;

fn read(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A component without its provenance, for comparing two encodings.
fn comparable(mut c: Component) -> Component {
    c.provenance = None;
    c
}

#[test]
fn spdx_json_and_tag_value_examples_normalise_to_the_same_model() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("spdx/examples");
    let limits = Limits::default();
    let json = spdx_json::load(
        "ex.json",
        &read(&dir.join("SPDXJSONExample-v2.3.spdx.json")),
        &limits,
    )
    .unwrap();
    let tv = spdx_tv::load(
        "ex.spdx",
        &read(&dir.join("SPDXTagExample-v2.3.spdx")),
        &limits,
    )
    .unwrap();
    assert_eq!(json.components.len(), 4);
    let mut a: Vec<_> = json.components.into_iter().map(comparable).collect();
    let mut b: Vec<_> = tv.components.into_iter().map(comparable).collect();
    a.sort_by(|x, y| x.bom_ref.cmp(&y.bom_ref));
    b.sort_by(|x, y| x.bom_ref.cmp(&y.bom_ref));
    assert_eq!(a, b);
    let (mut dj, dt) = (json.document, tv.document);
    assert_eq!(dj.format.family(), dt.format.family());
    (dj.file, dj.format, dj.provenance) = (dt.file.clone(), dt.format, dt.provenance.clone());
    assert_eq!(dj, dt);
    assert_eq!(dj.spec_version, "2.3");
    assert_eq!(dj.subject.as_deref(), Some("glibc"));
    assert_eq!(dj.tools, ["LicenseFind-1.0"]);
    assert_eq!(dj.authors, ["ExampleCodeInspect", "Jane Doe"]);
    let strip = |d: Vec<tenderguard::evidence::model::Dependency>| -> Vec<(String, Vec<String>)> {
        d.into_iter()
            .map(|d| {
                let deps = d.depends_on.iter().map(|s| s.to_string()).collect();
                (d.reference.to_string(), deps)
            })
            .collect()
    };
    assert_eq!(strip(json.dependencies), strip(tv.dependencies));
    let glibc = a.iter().find(|c| &*c.name == "glibc").unwrap();
    assert_eq!(
        glibc.hashes.iter().map(|h| &*h.alg).collect::<Vec<_>>(),
        ["MD5", "SHA-1", "SHA-256", "BLAKE2b-384"]
    );
    assert_eq!(
        glibc.cpe.as_deref(),
        Some("cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*")
    );
    assert_eq!(
        glibc.supplier.as_deref(),
        Some("Jane Doe (jane.doe@example.com)")
    );
    let jena = a.iter().find(|c| &*c.name == "Jena").unwrap();
    assert_eq!(jena.ecosystem.as_deref(), Some("maven"));
    let commons = a
        .iter()
        .find(|c| &*c.name == "Apache Commons Lang")
        .unwrap();
    assert_eq!(commons.license_concluded, None, "NOASSERTION is absent");
}

// ---------------------------------------------------------------------------------------
// attestations

use tenderguard::diag::{Diagnostic, Location};
use tenderguard::evidence::attestation_schema::attestation_schema;
use tenderguard::evidence::bid;
use tenderguard::evidence::load::attestation;
use tenderguard::evidence::schema::Vocabulary;

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code.0).collect()
}

fn attest(name: &str, bytes: &[u8]) -> Result<attestation::AttestationLoad, Vec<Diagnostic>> {
    attestation::load(name, bytes, &Vocabulary::standard(), &Limits::default())
}

#[test]
fn the_example_attestation_loads_and_keeps_norway_a_string() {
    let text = common::fixture("bids/acme/attestation.yaml");
    let a = attest("attestation.yaml", text.as_bytes()).unwrap();
    assert_eq!(a.attestation.answers["contact"]["name"], "NO");
    assert_eq!(a.attestation.answers["support"]["response_days"], 14);
}

#[test]
fn the_example_attestation_validates_against_the_generated_schema() {
    let text = common::fixture("bids/acme/attestation.yaml");
    let doc = tenderguard::evidence::yaml::parse("a.yaml", &text, &Limits::default()).unwrap();
    let schema = attestation_schema(&Vocabulary::standard());
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc.value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // And the schema rejects what the loader rejects.
    for bad in [
        serde_json::json!({"suport": {}}),
        serde_json::json!({"support": {"end": "31-01-2032"}}),
        serde_json::json!({"credentials": {"mfa": "yes"}}),
        serde_json::json!({"disclosure": {"policy_url": "vendor.example"}}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
        let loaded = attest("a.json", bad.to_string().as_bytes());
        assert!(loaded.is_err(), "{bad}");
    }
}

#[test]
fn the_committed_attestation_schema_is_generated() {
    let generated =
        serde_json::to_string_pretty(&attestation_schema(&Vocabulary::standard())).unwrap() + "\n";
    let path = common::root().join("schemas/attestation.schema.json");
    if std::env::var_os("TENDERGUARD_REGENERATE").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/attestation.schema.json is stale; regenerate it with\n  \
         TENDERGUARD_REGENERATE=1 cargo test --test integration the_committed_attestation_schema_is_generated"
    );
}

#[test]
fn the_manifest_schema_accepts_the_example_manifest_and_refuses_escapes() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/bid-manifest.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let text = common::fixture("bids/acme/bid.yaml");
    let doc = tenderguard::evidence::yaml::parse("bid.yaml", &text, &Limits::default()).unwrap();
    assert!(validator.is_valid(&doc.value));
    for p in ["../x", "/etc/passwd", "a/../../x"] {
        let m = serde_json::json!({"vendor": "A", "evidence": [{"kind": "sbom", "path": p}]});
        assert!(!validator.is_valid(&m), "{p}");
    }
}

#[test]
fn cyclonedx_attestation_example_loads_and_reports_the_mapping() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let bytes = read(&corpus.join("cyclonedx/attestations/valid-attestation-1.6.json"));
    let a = attest("cdxa.json", &bytes).unwrap();
    assert!(a.attestation.from_cdxa);
    assert!(a.mapped.is_empty(), "its one claim is free text");
    assert_eq!(codes(&a.warnings), ["cdxa-unmapped-claims"]);
    // The same file with the convention applied maps onto the answers.
    let text = String::from_utf8(bytes).unwrap().replace(
        "\"predicate\": \"Predicate here\"",
        "\"predicate\": \"tenderguard:attestation.support.end = 2032-01-31\"",
    );
    let a = attest("cdxa.json", text.as_bytes()).unwrap();
    assert_eq!(
        a.mapped,
        [(
            "attestation.support.end".to_owned(),
            "/declarations/claims/0/predicate".to_owned()
        )]
    );
    assert_eq!(a.attestation.answers["support"]["end"], "2032-01-31");
}

// ---------------------------------------------------------------------------------------
// hostile inputs

fn hostile(name: &str) -> Vec<u8> {
    read(&common::root().join("tests/fixtures/hostile").join(name))
}

fn line_of(d: &Diagnostic) -> Option<u32> {
    match &d.location {
        Some(Location::Pointer { line_col, .. }) => line_col.map(|(l, _)| l),
        _ => None,
    }
}

#[test]
fn alias_bomb_is_one_clear_error() {
    // Bounded by the node budget (Limits::max_yaml_nodes), not by time: no timed tests.
    let e = attest("alias-bomb.yaml", &hostile("alias-bomb.yaml")).unwrap_err();
    assert_eq!(codes(&e), ["limit-exceeded"]);
}

#[test]
fn deep_nesting_is_one_clear_error() {
    let deep_yaml = "[".repeat(200_000);
    assert_eq!(
        codes(&attest("deep.yaml", deep_yaml.as_bytes()).unwrap_err()),
        ["too-deep"]
    );
    let deep_json = format!("{{\"support\": {}", "[".repeat(200_000));
    assert_eq!(
        codes(&attest("deep.json", deep_json.as_bytes()).unwrap_err()),
        ["too-deep"]
    );
    let deep_spdx = format!(
        "{{\"spdxVersion\": \"SPDX-2.3\", \"packages\": {}",
        "[".repeat(200_000)
    );
    assert_eq!(
        codes(&spdx_json::load("deep.json", deep_spdx.as_bytes(), &Limits::default()).unwrap_err()),
        ["too-deep"]
    );
}

#[test]
fn duplicate_yaml_keys_are_one_clear_error() {
    let e = attest("duplicate-keys.yaml", &hostile("duplicate-keys.yaml")).unwrap_err();
    assert_eq!(codes(&e), ["duplicate-key"]);
    assert_eq!(line_of(&e[0]), Some(5));
    assert!(e[0].message.contains("`support`"), "{}", e[0].message);
}

#[test]
fn invalid_utf8_and_truncated_files_are_clear_errors() {
    let e = attest("invalid-utf8.yaml", &hostile("invalid-utf8.yaml")).unwrap_err();
    assert_eq!(codes(&e), ["invalid-utf8"]);
    assert_eq!(line_of(&e[0]), Some(4));
    let e = attest("truncated.yaml", &hostile("truncated.yaml")).unwrap_err();
    assert_eq!(codes(&e), ["yaml-syntax"]);
    let e = spdx_json::load(
        "truncated.spdx.json",
        &hostile("truncated.spdx.json"),
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(codes(&e), ["invalid-json"]);
}

/// A few thousand mutations of the SPDX tag-value example: never a panic.
#[test]
fn mutated_tag_value_never_panics() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let base = read(&corpus.join("spdx/examples/SPDXTagExample-v2.3.spdx"));
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces: &[&[u8]] = &[
        b":",
        b"\n",
        b"<text>",
        b"</text>",
        b"SPDXID: ",
        b"PackageName: x\n",
        b"Relationship: a b\n",
        b"\xff",
        b"#",
        b"NOASSERTION",
    ];
    for _ in 0..3000 {
        let mut m = base.clone();
        for _ in 0..(1 + next() % 8) {
            let at = (next() as usize) % (m.len() + 1);
            match next() % 4 {
                0 => {
                    let end = (at + (next() as usize) % 64).min(m.len());
                    m.drain(at..end);
                }
                1 => {
                    let p = pieces[(next() as usize) % pieces.len()];
                    m.splice(at..at, p.iter().copied());
                }
                2 if at < m.len() => m[at] = (next() % 256) as u8,
                _ => m.truncate(at),
            }
        }
        let _ = spdx_tv::load("m.spdx", &m, &Limits::default());
    }
}

// ---------------------------------------------------------------------------------------
// bid folders

fn vocab() -> Vocabulary {
    Vocabulary::standard()
}

#[test]
fn the_acme_bid_loads_with_its_manifest() {
    let dir = common::root().join("tests/fixtures/bids/acme");
    let (ev, warnings) = bid::load_bid(&dir, &vocab(), &Limits::default()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let info = ev.bid.as_ref().unwrap();
    assert_eq!(
        (info.vendor.as_str(), info.version.as_deref()),
        ("Acme B.V.", Some("4.2.0"))
    );
    let paths: Vec<&str> = ev.files.iter().map(|f| &*f.path).collect();
    assert_eq!(
        paths,
        [
            "attestation.yaml",
            "reports/pentest-2026.pdf",
            "sbom/app.spdx.json",
            "sbom/firmware.spdx"
        ]
    );
    assert!(ev.files.iter().all(|f| f.sha256.len() == 64));
    assert_eq!(ev.sboms.len(), 2);
    assert_eq!(ev.components.len(), 5);
    assert_eq!(ev.sboms[1].components, 2..5);
    assert_eq!(ev.sboms[1].subject.as_deref(), Some("acme-cam"));
    assert!(ev.components[2..].iter().all(|c| c.doc == 1));
    let cam_deps = ev
        .dependencies
        .iter()
        .find(|d| &*d.reference == "SPDXRef-cam")
        .unwrap();
    assert_eq!(
        cam_deps.depends_on.iter().map(|s| &**s).collect::<Vec<_>>(),
        ["SPDXRef-busybox", "SPDXRef-openssl"]
    );
    assert_eq!(ev.documents[0].kind, "pentest-report");
    assert!(ev.attestation.is_some());
}

#[test]
fn a_bid_without_manifest_is_recognised_by_content() {
    let dir = common::root().join("tests/fixtures/bids/loose");
    let b = bid::read_bid(&dir, &vocab(), &Limits::default()).unwrap();
    assert!(!b.has_errors(), "{:?}", b.diagnostics);
    assert_eq!(b.evidence.bid.as_ref().unwrap().vendor, "loose");
    let kinds: Vec<_> = b
        .files
        .iter()
        .map(|f| (&*f.path, f.kind.map(|k| k.name())))
        .collect();
    assert_eq!(
        kinds,
        [
            ("answers.json", Some("attestation")),
            ("firmware.spdx", Some("sbom")),
            ("notes.txt", None)
        ]
    );
    assert_eq!(codes(&b.diagnostics), ["bid-unrecognised-file"]);
}

/// Copies a fixture bid into a temporary folder (to break it).
fn scratch(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = common::root().join("tests/fixtures/bids").join(name);
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let to = tmp.path().join(e.path().strip_prefix(&src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    tmp
}

fn set_manifest(dir: &std::path::Path, text: &str) {
    std::fs::write(dir.join("bid.yaml"), text).unwrap();
}

#[test]
fn manifest_paths_that_escape_are_refused() {
    let tmp = scratch("acme");
    for p in ["../outside.json", "/etc/passwd", "sbom/../../x"] {
        set_manifest(
            tmp.path(),
            &format!("vendor: A\nevidence:\n  - kind: sbom\n    path: {p}\n"),
        );
        let e = bid::load_bid(tmp.path(), &vocab(), &Limits::default()).unwrap_err();
        assert_eq!(codes(&e), ["bid-path-escape"], "{p}");
        assert!(e[0].message.contains(p), "{}", e[0].message);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_folder_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.json"), "{}").unwrap();
    // A file symlink.
    let tmp = scratch("loose");
    std::os::unix::fs::symlink(
        outside.path().join("secret.json"),
        tmp.path().join("sbom.json"),
    )
    .unwrap();
    let e = bid::read_bid(tmp.path(), &vocab(), &Limits::default()).unwrap_err();
    assert_eq!(codes(&e), ["bid-path-escape"]);
    assert!(e[0].message.contains("`sbom.json`"), "{}", e[0].message);
    // A directory symlink, named by the manifest.
    let tmp = scratch("acme");
    std::os::unix::fs::symlink(outside.path(), tmp.path().join("linked")).unwrap();
    set_manifest(
        tmp.path(),
        "vendor: A\nevidence:\n  - kind: sbom\n    path: linked/secret.json\n",
    );
    let e = bid::read_bid(tmp.path(), &vocab(), &Limits::default()).unwrap_err();
    assert!(codes(&e).contains(&"bid-path-escape"), "{e:?}");
    // A symlink inside the folder is skipped, not followed.
    let tmp = scratch("loose");
    std::os::unix::fs::symlink(
        tmp.path().join("firmware.spdx"),
        tmp.path().join("again.spdx"),
    )
    .unwrap();
    let b = bid::read_bid(tmp.path(), &vocab(), &Limits::default()).unwrap();
    assert!(codes(&b.diagnostics).contains(&"bid-symlink-skipped"));
    assert_eq!(b.evidence.sboms.len(), 1);
}

#[test]
fn digest_mismatch_names_both_digests() {
    let tmp = scratch("acme");
    std::fs::write(
        tmp.path().join("reports/pentest-2026.pdf"),
        "%PDF-1.4 changed",
    )
    .unwrap();
    let e = bid::load_bid(tmp.path(), &vocab(), &Limits::default()).unwrap_err();
    assert_eq!(codes(&e), ["bid-digest-mismatch"]);
    let expected = common::fixture("bids/acme/bid.yaml");
    let manifest_sha = expected
        .split("sha256: ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap();
    assert!(e[0].message.contains(manifest_sha));
    assert!(e[0].message.contains(&bid::sha256_hex(b"%PDF-1.4 changed")));
}

#[test]
fn one_bad_file_does_not_stop_the_others_and_limits_hold() {
    let tmp = scratch("loose");
    std::fs::write(
        tmp.path().join("broken.spdx"),
        "SPDXVersion: SPDX-2.3\nno colon here\n",
    )
    .unwrap();
    let b = bid::read_bid(tmp.path(), &vocab(), &Limits::default()).unwrap();
    assert!(b.has_errors());
    assert_eq!(b.evidence.sboms.len(), 1, "firmware.spdx still loaded");
    assert!(b.files.iter().any(|f| &*f.path == "broken.spdx" && !f.ok));
    // Size is checked before reading; file count is bounded.
    let small = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    let b = bid::read_bid(tmp.path(), &vocab(), &small).unwrap();
    assert!(codes(&b.diagnostics).contains(&"limit-exceeded"));
    let few = Limits {
        max_bid_files: 2,
        ..Limits::default()
    };
    assert_eq!(
        codes(&bid::read_bid(tmp.path(), &vocab(), &few).unwrap_err()),
        ["limit-exceeded"]
    );
}

#[test]
fn every_evidence_code_of_this_section_is_documented() {
    let docs = std::fs::read_to_string(common::root().join("docs/diagnostics.md")).unwrap();
    for c in tenderguard::evidence::CODES {
        assert!(
            docs.contains(&format!("### `{}`", c.code.0)),
            "`{}` is not in docs/diagnostics.md",
            c.code.0
        );
    }
}

/// `max_components` holds for the bid, all SBOMs together: a second SBOM that passes the
/// limit on its own is refused when the two together pass it.
#[test]
fn the_component_limit_counts_every_sbom_of_the_bid() {
    let tmp = scratch("loose");
    let spdx = std::fs::read(tmp.path().join("firmware.spdx")).unwrap();
    std::fs::write(tmp.path().join("firmware-2.spdx"), &spdx).unwrap();
    let one = bid::read_bid(tmp.path(), &vocab(), &Limits::default()).unwrap();
    let per_file = one.evidence.components.len() / 2;
    assert!(per_file > 0 && !one.has_errors(), "{:?}", one.diagnostics);
    let limits = Limits {
        max_components: per_file,
        ..Limits::default()
    };
    let b = bid::read_bid(tmp.path(), &vocab(), &limits).unwrap();
    assert_eq!(b.evidence.components.len(), per_file);
    let limit: Vec<_> = b
        .diagnostics
        .iter()
        .filter(|d| d.code.0 == "limit-exceeded")
        .collect();
    assert_eq!(limit.len(), 1, "{:?}", b.diagnostics);
    assert!(
        limit[0].message.contains("the bid has"),
        "{}",
        limit[0].message
    );
}

/// A CycloneDX JSON SBOM of `n` components (over a MiB from about 8,000: hashed on a thread
/// of its own while it is loaded).
fn big_sbom(n: usize) -> String {
    let components: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"type": "library", "bom-ref": "pkg:npm/big-{i}@1.0.0", "name": "big-{i}", "version": "1.0.0", "purl": "pkg:npm/big-{i}@1.0.0", "hashes": [{{"alg": "SHA-256", "content": "{i:064x}"}}]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{}]}}"#,
        components.join(",\n")
    )
}

#[test]
fn a_large_sbom_is_hashed_while_it_loads_and_its_digest_still_counts() {
    let sbom = big_sbom(12_000);
    assert!(sbom.len() > 1 << 20, "{}", sbom.len());
    let sha = bid::sha256_hex(sbom.as_bytes());
    for (manifest_sha, ok) in [(sha.clone(), true), ("0".repeat(64), false)] {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("big.cdx.json"), &sbom).unwrap();
        let manifest = format!(
            "vendor: Big\nevidence:\n  - kind: sbom\n    path: big.cdx.json\n    sha256: \"{manifest_sha}\"\n"
        );
        std::fs::write(tmp.path().join("bid.yaml"), manifest).unwrap();
        let loaded = bid::load_bid(tmp.path(), &vocab(), &Limits::default());
        if ok {
            let (ev, _) = loaded.unwrap_or_else(|d| panic!("{d:?}"));
            assert_eq!(ev.components.len(), 12_000);
            assert_eq!(
                ev.files.first().map(|f| f.sha256.as_str()),
                Some(sha.as_str())
            );
            assert_eq!(
                ev.components.last().unwrap().purl.as_deref(),
                Some("pkg:npm/big-11999@1.0.0")
            );
        } else {
            let e = loaded.unwrap_err();
            assert_eq!(codes(&e), ["bid-digest-mismatch"]);
            assert!(e[0].message.contains(&sha), "{e:?}");
        }
    }
}
