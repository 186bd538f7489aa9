//! Loading a 100,000-component CycloneDX 1.6 JSON SBOM, against serde_json skipping the same
//! bytes (`IgnoredAny`): the issue's target is at most 1.5× the baseline. `load_owned` is
//! what the CLI does (the bytes given to the loader, strings shared with them);
//! `load_cyclonedx_json` borrows the bytes and copies the strings. `load_serde_route` is the
//! same load forced through the serde reader (the route irregular files take), so the pull
//! reader's gain is measured in the same run.
//!
//! The SBOM is generated at start from a real one (names, versions, purls, licences of the
//! juice-shop example in `../shared/corpus`), cycled with index suffixes, with hashes,
//! licences and a dependency graph. Set `TG_BENCH_DUMP=path` to also write it out (to measure
//! peak memory with `/usr/bin/time -v tenderguard inspect path`). Measured numbers and how to
//! reproduce them: `benches/README.md`.
//!
//! `TG_LOAD_PROFILE=K` loads the SBOM K times with `load_owned` and exits: for
//! `perf record --call-graph dwarf` (copying the bytes and freeing the model show apart in
//! the call graph), e.g.
//!
//! ```sh
//! CARGO_PROFILE_BENCH_DEBUG=line-tables-only cargo bench --bench load --no-run
//! TG_LOAD_PROFILE=8 perf record --call-graph dwarf target/release/deps/load-HASH --bench
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::hint::black_box;
use tenderguard::evidence::load::cyclonedx_json;
use tenderguard::limits::Limits;

const N: usize = 100_000;

/// (name, version, purl type, licence) of real components.
fn seeds() -> Vec<(String, String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/cyclonedx/examples/SBOM/juice-shop/via_npm/flat/bom.1.4.json"
    );
    let Ok(bytes) = std::fs::read(path) else {
        return vec![("left-pad".into(), "1.3.0".into(), "MIT".into())];
    };
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let lic = c["licenses"][0]["license"]["id"]
                .as_str()
                .or(c["licenses"][0]["expression"].as_str())
                .unwrap_or("MIT");
            (
                c["name"].as_str().unwrap_or("x").to_owned(),
                c["version"].as_str().unwrap_or("1.0.0").to_owned(),
                lic.to_owned(),
            )
        })
        .collect()
}

fn synthetic() -> Vec<u8> {
    let seeds = seeds();
    let mut components = Vec::with_capacity(N);
    let mut deps = Vec::with_capacity(N);
    for i in 0..N {
        let (name, version, lic) = &seeds[i % seeds.len()];
        let name = format!("{}-{i}", name.trim_start_matches('@').replace('/', "-"));
        let r = format!("pkg:npm/{name}@{version}");
        components.push(json!({
            "type": "library", "bom-ref": r, "name": name, "version": version, "purl": r,
            "licenses": if spdx::license_id(lic).is_some() { json!([{"license": {"id": lic}}]) } else { json!([{"expression": lic}]) },
            "hashes": [{"alg": "SHA-256", "content": format!("{:064x}", i as u128 * 0x9e37_79b9_7f4a_7c15)}],
            "externalReferences": [{"type": "website", "url": format!("https://www.npmjs.com/package/{name}")}],
        }));
        let next = (i + 1) % N;
        let (nn, nv, _) = &seeds[next % seeds.len()];
        let nn = format!("{}-{next}", nn.trim_start_matches('@').replace('/', "-"));
        deps.push(json!({"ref": r, "dependsOn": [format!("pkg:npm/{nn}@{nv}")]}));
    }
    let bom = json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "metadata": {"timestamp": "2026-01-01T00:00:00Z", "component": {"type": "application", "name": "bench"}},
        "components": components, "dependencies": deps,
    });
    serde_json::to_vec_pretty(&bom).unwrap()
}

fn bench(c: &mut Criterion) {
    let bytes = synthetic();
    if let Ok(p) = std::env::var("TG_BENCH_DUMP") {
        std::fs::write(p, &bytes).unwrap();
    }
    let limits = Limits::default();
    if let Ok(times) = std::env::var("TG_LOAD_PROFILE") {
        for _ in 0..times.parse::<usize>().unwrap() {
            let owned = bytes.clone();
            drop(cyclonedx_json::load_owned("b.json", owned, &limits).unwrap());
        }
        return;
    }
    assert_eq!(
        cyclonedx_json::load("b.json", &bytes, &limits)
            .unwrap()
            .components
            .len(),
        N
    );
    let mut g = c.benchmark_group("cyclonedx_100k");
    g.sample_size(10);
    g.bench_function("ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&bytes)).unwrap())
    });
    g.bench_function("load_cyclonedx_json", |b| {
        b.iter(|| cyclonedx_json::load("b.json", black_box(&bytes), &limits).unwrap())
    });
    // What `check`, `compare` and `inspect` do: the bytes read from the file are given to
    // the loader (the model's longer strings are slices of them). The copy of the bytes is
    // made outside the timing, as reading the file is.
    g.bench_function("load_owned", |b| {
        b.iter_batched(
            || bytes.clone(),
            |owned| drop(cyclonedx_json::load_owned("b.json", owned, &limits).unwrap()),
            BatchSize::LargeInput,
        )
    });
    // What a user waits for: those commands free the model on a thread of their own after
    // the report is out (criterion drops these outputs untimed).
    g.bench_function("load_owned_freed_later", |b| {
        b.iter_batched(
            || bytes.clone(),
            |owned| cyclonedx_json::load_owned("b.json", owned, &limits).unwrap(),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("load_serde_route", |b| {
        b.iter(|| cyclonedx_json::load_serde("b.json", black_box(&bytes), &limits).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
