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
    let Some(corpus) = common::corpus() else { return };
    let dir = corpus.join("spdx/examples");
    let limits = Limits::default();
    let json = spdx_json::load("ex.json", &read(&dir.join("SPDXJSONExample-v2.3.spdx.json")), &limits).unwrap();
    let tv = spdx_tv::load("ex.spdx", &read(&dir.join("SPDXTagExample-v2.3.spdx")), &limits).unwrap();
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
        d.into_iter().map(|d| (d.reference, d.depends_on)).collect()
    };
    assert_eq!(strip(json.dependencies), strip(tv.dependencies));
    let glibc = a.iter().find(|c| c.name == "glibc").unwrap();
    assert_eq!(glibc.hashes.iter().map(|h| h.alg.as_str()).collect::<Vec<_>>(), ["MD5", "SHA-1", "SHA-256", "BLAKE2b-384"]);
    assert_eq!(glibc.cpe.as_deref(), Some("cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*"));
    assert_eq!(glibc.supplier.as_deref(), Some("Jane Doe (jane.doe@example.com)"));
    let jena = a.iter().find(|c| c.name == "Jena").unwrap();
    assert_eq!(jena.ecosystem.as_deref(), Some("maven"));
    let commons = a.iter().find(|c| c.name == "Apache Commons Lang").unwrap();
    assert_eq!(commons.license_concluded, None, "NOASSERTION is absent");
}
