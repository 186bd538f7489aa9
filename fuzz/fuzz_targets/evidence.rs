//! Any bytes, through every reader of vendor evidence: the SBOM loaders (CycloneDX JSON and
//! XML, SPDX JSON and tag-value, and `load_sbom`, which recognises them by content), the
//! attestation loader (YAML or JSON, CycloneDX attestations included) and the bid manifest.
//! None may panic or hang, and what loads keeps within the limits. The first byte picks the
//! reader, so each one gets the fuzzer's full attention. The CycloneDX JSON loader is also
//! run through its serde route alone (`load_serde`), and both routes must give the same
//! result: the fast pull reader may only read what the serde route reads, and read it the
//! same way. Run with
//! `cargo +nightly fuzz run evidence tests/fixtures/sbom tests/fixtures/hostile`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tenderguard::evidence::bid::manifest;
use tenderguard::evidence::load::{
    self, attestation, cyclonedx_json, cyclonedx_xml, spdx_json, spdx_tv,
};
use tenderguard::evidence::schema::Vocabulary;
use tenderguard::evidence::yaml;
use tenderguard::limits::Limits;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let limits = Limits {
        // Keep each run fast and the limits reachable.
        max_components: 1000,
        max_yaml_nodes: 10_000,
        ..Limits::default()
    };
    let sbom = match pick % 8 {
        0 => load::load_sbom("fuzz", bytes, &limits),
        1 | 7 => {
            let fast = cyclonedx_json::load("fuzz.cdx.json", bytes, &limits);
            let serde = cyclonedx_json::load_serde("fuzz.cdx.json", bytes, &limits);
            assert_eq!(format!("{fast:?}"), format!("{serde:?}"), "the routes differ");
            fast
        }
        2 => cyclonedx_xml::load("fuzz.cdx.xml", bytes, &limits),
        3 => spdx_json::load("fuzz.spdx.json", bytes, &limits),
        4 => spdx_tv::load("fuzz.spdx", bytes, &limits),
        5 => {
            let _ = attestation::load("fuzz.yaml", bytes, &Vocabulary::standard(), &limits);
            return;
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(bytes)
                && let Ok(doc) = yaml::parse("bid.yaml", text, &limits)
            {
                let _ = manifest::check(&doc);
            }
            return;
        }
    };
    if let Ok(sbom) = sbom {
        assert!(sbom.components.len() <= limits.max_components);
    }
});
