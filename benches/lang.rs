//! The clause language at scale: a 10 MB tender (issue 2: "a 10 MB tender file lints in
//! well under a second").
//!
//! The tender is generated in memory: the header of `examples/minimal/tender.tg`, then the
//! shapes of real clauses (quantifiers, licence checks, version ranges, durations, award
//! criteria, questions, comments) repeated with distinct ids until the text passes 10 MB.
//! Three measurements: `parse` (text → AST), `lint` (parse, resolve, type-check: what
//! `tenderguard lint` does) and `fmt` (parse and print the canonical form).
//!
//! Run: `cargo bench --bench lang -- --warm-up-time 1 --measurement-time 5`.
//! `TG_BENCH_DUMP=/tmp/big.tg cargo bench --bench lang` also writes the tender out, for
//! `/usr/bin/time -v target/release/tenderguard lint /tmp/big.tg` (peak memory).

#![allow(clippy::panic, reason = "a benchmark fails loudly on a broken setup")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tenderguard::diag::{FileId, SourceMap};
use tenderguard::engine::{NoFiles, compile};
use tenderguard::lang;
use tenderguard::limits::Limits;

const TARGET_BYTES: usize = 10 << 20;

/// One block of items; `{i}` makes every id and name unique.
fn block(i: usize) -> String {
    format!(
        r#"
// Licences and identities, block {i}.
param max_age_{i} = 18 months

question attestation.extra.q{i} : bool "Is item {i} in place?" "Is onderdeel {i} aanwezig?"

clause LIC-{i} "Only permissive open-source licences" knockout {{
  ref "Licence policy 2026, section {i}"
  text.en "Every component is available under a permissive licence (MIT, ISC, BSD or Apache-2.0)."
  text.nl "Elk component is beschikbaar onder een permissieve licentie (MIT, ISC, BSD of Apache-2.0)."
  evidence sbom
  require all c in sbom.components: allowed(c.license, ["MIT", "ISC", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0"])
  require none c in sbom.components where c.name matches "log4j*": c.version < v"2.17.1"
}}

clause ID-{i} "Every component is identified" recommended {{
  text.en "Every component has a package URL and a hash; the SBOM is younger than {{max_age_{i}}}."
  text.nl "Elk component heeft een package URL en een hash; de SBOM is jonger dan {{max_age_{i}}}."
  evidence sbom, attestation
  when exists(sbom.components) and attestation.extra.q{i}
  require share(c in sbom.components where exists(c.purl)) >= 95%
  require count(c in sbom.components where not has_hash(c, "SHA-256")) == 0 or (tender.published - 30 days) < tender.published + max_age_{i}
}}

criterion AWD-{i} "Longer support earns more points" weight 10 {{
  text.en "Support beyond five years earns points, up to ten years."
  text.nl "Ondersteuning langer dan vijf jaar levert punten op, tot tien jaar."
  score linear(years_between(tender.published, attestation.support.end), 5 => 0, 10 => 100)
}}
"#
    )
}

fn big_tender() -> String {
    let mut src = String::from(
        "tender \"BENCH-2027-001\" {\n  title.en \"Bench\"\n  title.nl \"Bench\"\n  buyer \"Gemeente Voorbeeld\"\n  published 2027-01-15\n  languages en, nl\n}\n",
    );
    let mut i = 0;
    while src.len() < TARGET_BYTES {
        src.push_str(&block(i));
        i += 1;
    }
    src
}

fn lint(src: &str) -> usize {
    let mut sources = SourceMap::new();
    let id = sources.add("big.tg", src.to_owned());
    match compile(id, &mut sources, &mut NoFiles, &Limits::default()) {
        Ok((tender, _warnings)) => tender.items.len(),
        Err(d) => panic!("the bench tender does not lint: {:#?}", d.first()),
    }
}

fn bench(c: &mut Criterion) {
    let src = big_tender();
    if let Ok(path) = std::env::var("TG_BENCH_DUMP") {
        std::fs::write(&path, &src).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    let limits = Limits::default();
    assert!(lint(&src) > 1000);
    let mut g = c.benchmark_group("lang_10mb_tender");
    g.sample_size(10);
    g.bench_function("parse", |b| {
        b.iter(|| lang::parse(FileId(0), black_box(&src), &limits).map(|f| f.items.len()))
    });
    g.bench_function("lint", |b| b.iter(|| lint(black_box(&src))));
    g.bench_function("fmt", |b| {
        b.iter(|| {
            lang::parse(FileId(0), black_box(&src), &limits).map(|f| lang::fmt::format(&f).len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
