//! Any bytes through the CycloneDX JSON loader's two routes: the fast pull reader (falling
//! back to serde at any irregularity) and the serde route alone. Both must give the same
//! result (the loaded SBOM, or the same diagnostics): the fast reader may only read what the
//! serde route reads, and read it the same way. Run with
//! `cargo +nightly fuzz run cyclonedx_json tests/fixtures/sbom/cyclonedx-json -- -dict=fuzz/cyclonedx_json.dict`
//! (a corpus directory of small CycloneDX JSON files is a better start than the large
//! generator outputs).

#![no_main]

use libfuzzer_sys::fuzz_target;
use tenderguard::evidence::load::cyclonedx_json;
use tenderguard::limits::Limits;

fuzz_target!(|bytes: &[u8]| {
    let limits = Limits {
        max_components: 1000,
        // small enough that the fuzzer reaches it, so the depth limit is compared too
        max_depth: 24,
        ..Limits::default()
    };
    let fast = cyclonedx_json::load("fuzz.cdx.json", bytes, &limits);
    let serde = cyclonedx_json::load_serde("fuzz.cdx.json", bytes, &limits);
    assert_eq!(format!("{fast:?}"), format!("{serde:?}"), "the routes differ");
});
