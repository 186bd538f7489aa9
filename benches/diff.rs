//! The audit diff on two synthetic 100,000-component evidence models built in memory, about
//! 1% of the components changed (upgrades, licence changes, digest swaps, additions,
//! removals). Run: `cargo bench --bench diff`.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark setup"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tenderguard::diff::diff_evidence;
use tenderguard::evidence::model::{Component, Evidence, Hash, License};

const N: usize = 100_000;

fn component(i: usize, version: &str, digest: &str, license: &str) -> Component {
    let name = format!("pkg-{i:06}");
    Component {
        purl: Some(format!("pkg:npm/{name}@{version}").into()),
        ecosystem: Some("npm".into()),
        version: Some(version.into()),
        hashes: Box::new([Hash {
            alg: "SHA-256".into(),
            value: format!("{digest}{i:058x}").into(),
        }]),
        license_declared: Some(License {
            expression: license.into(),
            is_spdx: true,
            original: None,
        }),
        name: name.into(),
        ..Component::default()
    }
}

fn models() -> (Evidence, Evidence) {
    let bid: Vec<Component> = (0..N)
        .map(|i| component(i, "1.2.3", "aaaaaa", "MIT"))
        .collect();
    let delivered: Vec<Component> = (0..N)
        .filter(|i| i % 400 != 7) // 0.25% removed
        .map(|i| match i % 400 {
            1 => component(i, "1.3.0", "bbbbbb", "MIT"), // upgraded
            2 => component(i, "1.2.3", "aaaaaa", "GPL-3.0-only"), // licence changed
            3 => component(i, "1.2.3", "cccccc", "MIT"), // red flag
            _ => component(i, "1.2.3", "aaaaaa", "MIT"),
        })
        .chain((0..N / 400).map(|i| component(N + i, "0.1.0", "dddddd", "MIT"))) // added
        .collect();
    let evidence = |components| Evidence {
        components,
        ..Evidence::default()
    };
    (evidence(bid), evidence(delivered))
}

fn bench(c: &mut Criterion) {
    let (bid, delivered) = models();
    let d = diff_evidence(&bid, &delivered);
    assert_eq!(d.components.len(), 5 * N / 400);
    let mut g = c.benchmark_group("diff");
    g.sample_size(10);
    g.bench_function("evidence_100k", |b| {
        b.iter(|| diff_evidence(black_box(&bid), black_box(&delivered)));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
