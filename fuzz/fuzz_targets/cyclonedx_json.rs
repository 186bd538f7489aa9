//! Any bytes through the CycloneDX JSON loader's two routes: the fast pull reader (falling
//! back to serde at any irregularity) and the serde route alone. Both must give the same
//! result (the loaded SBOM, or the same diagnostics): the fast reader may only read what the
//! serde route reads, and read it the same way. The fast route given the bytes (`load_owned`,
//! its strings slices of the text) must give what it gives on borrowed bytes, and so must
//! reading the components in chunks as small as can be (the first byte picks how many). Run
//! with
//! `cargo +nightly fuzz run cyclonedx_json tests/fixtures/sbom/cyclonedx-json -- -dict=fuzz/cyclonedx_json.dict -detect_leaks=0`
//! (why `-detect_leaks=0`: `fuzz/README.md`)
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
    let fast = format!("{fast:?}");
    assert_eq!(fast, format!("{serde:?}"), "the routes differ");
    let owned = cyclonedx_json::load_owned("fuzz.cdx.json", bytes.to_vec(), &limits);
    assert_eq!(fast, format!("{owned:?}"), "shared strings differ from copies");
    let chunks = 2 + usize::from(bytes.first().copied().unwrap_or(0) % 7);
    let chunked = cyclonedx_json::load_in_chunks("fuzz.cdx.json", bytes, &limits, chunks);
    assert_eq!(fast, format!("{chunked:?}"), "chunks differ from one go");
});
