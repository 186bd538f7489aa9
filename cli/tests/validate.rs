//! `tenderguard validate`: valid, invalid and hostile inputs.

// Test code may panic, unwrap, index and print: the no-panic and no-print rules are for the
// library and the CLI.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::disallowed_macros
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const VALID: &str = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "components": [{"type": "library", "name": "left-pad", "version": "1.3.0", "purl": "pkg:npm/left-pad@1.3.0"}]}"#;

fn tg() -> Command {
    let mut c = Command::cargo_bin("tenderguard").unwrap();
    c.timeout(Duration::from_secs(60));
    c
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs `validate` on one file: exit code, stdout, stderr.
fn validate(p: &Path) -> (i32, String, String) {
    let out = tg().arg("validate").arg(p).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn errors(stderr: &str) -> usize {
    stderr.lines().filter(|l| l.starts_with("error")).count()
}

#[test]
fn a_valid_sbom_prints_ok_and_exits_0() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "bom.json", VALID.as_bytes());
    let (code, out, err) = validate(&p);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ok  ") && out.contains("(CycloneDX JSON 1.6, 1 components)"),
        "{out}"
    );
}

#[test]
fn an_invalid_sbom_lists_errors_and_exits_1() {
    let d = tempfile::tempdir().unwrap();
    let bad = VALID
        .replace("\"library\"", "\"libary\"")
        .replace("pkg:npm/", "npm/");
    let p = write(d.path(), "bom.json", bad.as_bytes());
    let (code, _, err) = validate(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("/components/0/type") && err.contains("did you mean `library`"),
        "{err}"
    );
    assert!(err.contains("/components/0/purl"), "{err}");
}

#[test]
fn json_error_format_is_one_object_per_line() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "bom.json",
        VALID.replace("\"1.6\"", "\"1.3\"").as_bytes(),
    );
    let out = tg()
        .args(["validate", "--error-format", "json"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = String::from_utf8(out.stderr).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(v["code"], "unsupported-version");
    assert_eq!(v["pointer"], "/specVersion");
}

#[test]
fn hostile_inputs_give_one_error_quickly() {
    let d = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("deep.json", "[".repeat(200_000).into_bytes(), "too-deep"),
        ("truncated.json", VALID.as_bytes()[..VALID.len() / 2].to_vec(), "invalid-json"),
        ("utf8.json", {
            let mut b = VALID.as_bytes().to_vec();
            b[60] = 0xff;
            b
        }, "invalid-utf8"),
        ("lol.xml", br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><metadata><component type="library"><name>&lol1;</name></component></metadata></bom>"#.to_vec(), "invalid-xml"),
        ("text.txt", b"hello".to_vec(), "unknown-format"),
        ("deep-bom.json", format!(r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {}"#, "[".repeat(200_000)).into_bytes(), "too-deep"),
    ];
    for (name, bytes, code) in cases {
        let p = write(d.path(), name, &bytes);
        let t = Instant::now();
        let (exit, _, err) = validate(&p);
        assert_eq!(exit, 2, "{name}: {err}");
        assert_eq!(errors(&err), 1, "{name}: {err}");
        assert!(err.contains(code), "{name}: {err}");
        assert!(t.elapsed() < Duration::from_secs(10), "{name}");
    }
}

#[test]
fn a_huge_file_is_refused_before_reading() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("huge.json");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(3 * 1024 * 1024 * 1024).unwrap();
    let t = Instant::now();
    let (exit, _, err) = validate(&p);
    assert_eq!(exit, 2, "{err}");
    assert!(err.contains("limit-exceeded"), "{err}");
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn schema_option_reports_violations() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "bom.json", VALID.as_bytes());
    let s = write(d.path(), "s.json", br#"{"required": ["metadata"]}"#);
    let out = tg()
        .arg("validate")
        .arg(&p)
        .arg("--schema")
        .arg(&s)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("schema-violation"));
    let remote = write(
        d.path(),
        "r.json",
        br#"{"$ref": "https://example.com/x.json"}"#,
    );
    let out = tg()
        .arg("validate")
        .arg(&p)
        .arg("--schema")
        .arg(&remote)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("schema-unavailable"));
}

#[test]
fn help_has_examples() {
    tg().args(["validate", "--help"])
        .assert()
        .success()
        .stdout(contains("Examples:").and(contains("--schema")));
}

#[test]
fn corpus_example_validates() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("\n!!! SKIPPED: ../shared/corpus is absent !!!\n");
        return;
    }
    let p = corpus.join("cyclonedx/examples/SBOM/juice-shop/via_npm/flat/bom.1.4.xml");
    let (code, out, err) = validate(&p);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CycloneDX XML 1."), "{out}");
}

#[test]
fn max_string_bytes_raised_lets_a_long_string_pass() {
    let d = tempfile::tempdir().unwrap();
    let name = format!("left-pad{}", "x".repeat(1_500_000));
    let sbom = VALID.replace("\"left-pad\"", &format!("\"{name}\""));
    let p = write(d.path(), "long.json", sbom.as_bytes());
    // Longer than the default of 1 MiB: refused, naming the limit and the way to raise it.
    let (code, _, err) = validate(&p);
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("error[limit-exceeded]") && err.contains("#/components/0/name"),
        "{err}"
    );
    assert!(err.contains("`--max-*` options"), "{err}");
    // Within a raised limit: valid.
    let out = tg()
        .args(["--max-string-bytes", "2000000", "validate"])
        .arg(&p)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // And lowered below the default, a short name is refused.
    let p = write(d.path(), "bom.json", VALID.as_bytes());
    tg().args(["validate", "--max-string-bytes", "4"])
        .arg(&p)
        .assert()
        .failure()
        .stderr(contains("error[limit-exceeded]"));
}
