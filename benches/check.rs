//! `check` at scale: a 100,000-component CycloneDX SBOM against 50 clauses.
//!
//! The SBOM is generated in memory from the real components of a generator's output
//! (`tests/fixtures/sbom/cyclonedx-json/cyclonedx-npm-6.0.1/express-app.cdx.json`), cycled
//! with index suffixes so names and purls stay unique. Three measurements:
//! `load` (bytes → model), `eval` (50 clauses over the loaded model) and `check` (both).
//! Issue 4's target: `eval` ≤ 0.5 × `load`, so `check` ≤ 1.5 × `load`.
//!
//! Run: `cargo bench --bench check -- --warm-up-time 1 --measurement-time 5` (on a shared
//! machine compare numbers from one run only; `load` is the yardstick for `eval`).
//!
//! Where the time goes, per clause shape: the bench binary has a profiling mode.
//! `TG_CHECK_PROFILE=N` loads N generated components and assesses the 50-clause tender
//! once; `TG_CHECK_PROFILE=N:T` assesses ONE clause of template `T` (0-based, in the order
//! below). It prints the wall times of that one load and assessment. Count instructions
//! (deterministic, unlike wall time on a shared machine) with
//!
//! ```sh
//! cargo bench --bench check --no-run    # prints the binary's path
//! TG_CHECK_PROFILE=10000:5 valgrind --tool=callgrind \
//!     --toggle-collect='tenderguard::engine::assess::assess' target/release/deps/check-…
//! ```
//!
//! (`--toggle-collect='tenderguard::evidence::load::load_sbom'` counts the load.)
//! Numbers per template and over time: `benches/README.md`.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark fails loudly on a broken setup"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use tenderguard::diag::SourceMap;
use tenderguard::engine::assess::{EvalOptions, assess};
use tenderguard::engine::{NoFiles, compile_with, ir};
use tenderguard::evidence::load::load_sbom;
use tenderguard::evidence::model::Evidence;
use tenderguard::lang;
use tenderguard::limits::Limits;

const COMPONENTS: usize = 100_000;

/// A CycloneDX 1.6 SBOM with `n` components modelled on real ones.
fn synthetic_sbom(n: usize) -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sbom/cyclonedx-json/cyclonedx-npm-6.0.1/express-app.cdx.json"
    );
    let real: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap_or_default()).unwrap_or_default();
    let seeds: Vec<serde_json::Value> = real["components"].as_array().cloned().unwrap_or_default();
    let mut components = Vec::with_capacity(n);
    let mut deps = Vec::with_capacity(n);
    for i in 0..n {
        let mut c = seeds[i % seeds.len()].clone();
        let name = format!("{}-{i}", c["name"].as_str().unwrap_or("x"));
        let version = c["version"].as_str().unwrap_or("1.0.0").to_owned();
        let bom_ref = format!("{name}@{version}");
        c["name"] = name.clone().into();
        c["bom-ref"] = bom_ref.clone().into();
        c["purl"] = format!("pkg:npm/{name}@{version}").into();
        c["hashes"] = serde_json::json!([{ "alg": "SHA-512", "content": format!("{:0128x}", i) }]);
        components.push(c);
        deps.push(serde_json::json!({ "ref": bom_ref, "dependsOn": [] }));
    }
    let bom = serde_json::json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": { "timestamp": "2027-01-10T12:00:00Z", "component": { "type": "application", "name": "bench" } },
        "components": components,
        "dependencies": deps,
    });
    serde_json::to_vec(&bom).unwrap_or_default()
}

/// The bench tender: 50 clauses (quantifiers, licence checks, version comparisons, shares
/// and counts); with `Some(t)`, one clause of template `t` only.
fn tender_source_of(only: Option<usize>) -> String {
    let templates = [
        r#"all c in sbom.components: allowed(c.license, ["MIT", "ISC", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause"])"#,
        r#"none c in sbom.components: c.license satisfies "GPL-3.0-only OR AGPL-3.0-only""#,
        r#"all c in sbom.components where c.name matches "debug*": c.version >= v"2.0.0""#,
        r#"share(c in sbom.components where exists(c.purl)) >= 95%"#,
        r#"count(c in sbom.components where has_hash(c, "SHA-512")) >= 1"#,
        r#"none c in sbom.components where c.name == "left-pad": version_in(c.version, "<1.3.0")"#,
        r#"all c in sbom.components: exists(c.version) and len(c.name) < 200"#,
        r#"any c in sbom.components: lower(c.name) == "express-1""#,
        r#"all d in sbom.documents: d.spec_version >= v"1.5""#,
        r#"none v in sbom.vulnerabilities: v.severity >= high"#,
    ];
    let mut src = String::from(
        "tender \"BENCH\" {\n  title.en \"Bench\"\n  title.nl \"Bench\"\n  published 2027-01-15\n  languages en, nl\n}\n",
    );
    for i in 0..only.map_or(50, |_| 1) {
        let t = templates[only.unwrap_or(i % templates.len())];
        src.push_str(&format!(
            "\nclause B-{i} \"clause {i}\" knockout {{\n  text.en \"x\"\n  text.nl \"x\"\n  require {t}\n}}\n"
        ));
    }
    src
}

/// The bench tender with all templates, or one (`only`), compiled.
fn compile_tender(only: Option<usize>) -> (ir::Tender, SourceMap) {
    let mut sources = SourceMap::new();
    let id = sources.add("bench.tg", tender_source_of(only));
    let (tender, _) = compile_with(
        lang::parse,
        id,
        &mut sources,
        &mut NoFiles,
        &Limits::default(),
    )
    .unwrap_or_else(|d| panic!("{d:#?}"));
    (tender, sources)
}

fn load(bytes: &[u8]) -> Evidence {
    let mut ev = Evidence::default();
    let sbom =
        load_sbom("bench.cdx.json", bytes, &Limits::default()).unwrap_or_else(|d| panic!("{d:#?}"));
    ev.add_sbom(sbom);
    ev
}

fn bench(c: &mut Criterion) {
    let bytes = synthetic_sbom(COMPONENTS);
    let (tender, sources) = compile_tender(None);
    let evidence = load(&bytes);
    assert_eq!(evidence.components.len(), COMPONENTS);
    let opts = EvalOptions::default();
    let mut g = c.benchmark_group("check_100k_components_50_clauses");
    g.sample_size(10);
    g.bench_function("load", |b| b.iter(|| load(black_box(&bytes))));
    g.bench_function("eval", |b| {
        b.iter(|| assess(&tender, black_box(&evidence), "bench", &sources, &opts))
    });
    g.bench_function("check", |b| {
        b.iter(|| {
            let ev = load(black_box(&bytes));
            assess(&tender, &ev, "bench", &sources, &opts).map(|a| a.summary.pass)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);

/// `TG_CHECK_PROFILE=N[:T]`: load `N` components, then assess once (all 50 clauses, or
/// one clause of template `T`, 0-based) and exit; the run to count instructions of under callgrind.
fn profile(spec: &str) {
    let (n, template) = match spec.split_once(':') {
        Some((n, t)) => (
            n,
            Some(t.parse::<usize>().unwrap_or_else(|e| panic!("{e}"))),
        ),
        None => (spec, None),
    };
    let n: usize = n.parse().unwrap_or_else(|e| panic!("{e}"));
    let bytes = synthetic_sbom(n);
    let start = std::time::Instant::now();
    let evidence = load(&bytes);
    let loaded = start.elapsed();
    let (tender, sources) = compile_tender(template);
    let start = std::time::Instant::now();
    let a = assess(
        &tender,
        &evidence,
        "bench",
        &sources,
        &EvalOptions::default(),
    );
    let evaluated = start.elapsed();
    let a = a.unwrap_or_else(|e| panic!("{e}"));
    std::io::Write::write_fmt(
        &mut std::io::stderr(),
        format_args!(
            "{n} components: load {loaded:?}, eval {evaluated:?}; pass {} fail {} unknown {}\n",
            a.summary.pass, a.summary.fail, a.summary.unknown
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

fn main() {
    if let Ok(spec) = std::env::var("TG_CHECK_PROFILE") {
        profile(&spec);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
