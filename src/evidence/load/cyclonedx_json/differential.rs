//! The fast route against the serde route: same result (the `SbomLoad`, or the diagnostics)
//! on every CycloneDX JSON fixture, on the shared corpus, on hand-made irregular files and on
//! mutations of a valid file; and the fast route really reads the real files (it does not
//! merely give up on them).

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::{fast, load, load_in_chunks, load_owned, load_serde};
use crate::evidence::json;
use crate::evidence::model::Source;
use crate::limits::Limits;

/// Both routes' results, as text (the model has no `PartialEq`; its `Debug` shows all).
/// Within the fast route, reading the components in one go, in chunks on threads (as the
/// machine allows, and as small as can be), and taking the bytes (strings shared with the
/// text) must all give the same.
fn both(bytes: &[u8], limits: &Limits) -> (String, String) {
    let one_go = in_chunks(bytes, limits, 1);
    let chunked = in_chunks(bytes, limits, 3);
    let text = || String::from_utf8_lossy(bytes);
    assert_eq!(one_go, chunked, "chunked reading differs on {:?}", text());
    let fast = format!("{:?}", load("t.json", bytes, limits));
    assert_eq!(one_go, fast, "the machine's chunks differ on {:?}", text());
    let owned = format!("{:?}", load_owned("t.json", bytes.to_vec(), limits));
    assert_eq!(one_go, owned, "shared strings differ on {:?}", text());
    (one_go, format!("{:?}", load_serde("t.json", bytes, limits)))
}

/// The fast route's result with the components in up to `chunks` chunks as small as can be
/// (1: in one go).
fn in_chunks(bytes: &[u8], limits: &Limits, chunks: usize) -> String {
    format!("{:?}", load_in_chunks("t.json", bytes, limits, chunks))
}

/// Whether the fast route read the file itself (did not give up).
fn fast_reads(bytes: &[u8], limits: &Limits) -> bool {
    fast_reads_split(bytes, limits, fast::Split::machine())
}

/// [`fast_reads`], with the components in chunks as `split` allows.
fn fast_reads_split(bytes: &[u8], limits: &Limits, split: fast::Split) -> bool {
    json::prepare("t.json", bytes, limits)
        .ok()
        .is_some_and(|text| fast::parse("t.json", text, &Source::default(), limits, split).is_ok())
}

fn assert_same(bytes: &[u8], limits: &Limits) {
    let (fast, serde) = both(bytes, limits);
    assert_eq!(
        fast,
        serde,
        "routes differ on {:?}",
        String::from_utf8_lossy(bytes)
    );
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_cyclonedx_json_fixture_loads_the_same_by_both_routes_and_fast() {
    let mut files = Vec::new();
    json_files(
        &root().join("tests/fixtures/sbom/cyclonedx-json"),
        &mut files,
    );
    assert!(files.len() >= 9, "{files:?}");
    let limits = Limits::default();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let (fast, serde) = both(&bytes, &limits);
        assert_eq!(fast, serde, "{}", f.display());
        assert!(fast.starts_with("Ok("), "{}: {fast:.300}", f.display());
        assert!(fast_reads(&bytes, &limits), "gave up on {}", f.display());
    }
}

#[test]
fn every_json_fixture_and_hostile_file_loads_the_same_by_both_routes() {
    let mut files = Vec::new();
    json_files(&root().join("tests/fixtures"), &mut files);
    let limits = Limits::default();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let (fast, serde) = both(&bytes, &limits);
        assert_eq!(fast, serde, "{}", f.display());
    }
}

#[test]
#[allow(clippy::disallowed_macros)] // a test says loudly that it skipped, as tests/common does
fn the_shared_corpus_loads_the_same_by_both_routes() {
    let dir = root().join("../shared/corpus/cyclonedx");
    if !dir.is_dir() {
        eprintln!("\n!!! SKIPPED: ../shared/corpus is absent; corpus tests did not run !!!\n");
        return;
    }
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    files.sort();
    let limits = Limits::default();
    let (mut loaded, mut fast_read) = (0, 0);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let (fast, serde) = both(&bytes, &limits);
        assert_eq!(fast, serde, "{}", f.display());
        if fast.starts_with("Ok(") {
            loaded += 1;
            fast_read += usize::from(fast_reads(&bytes, &limits));
        }
    }
    assert!(files.len() > 300, "{}", files.len());
    // The fast route reads (nearly) every file that loads; it may give up on a few odd ones.
    assert!(
        fast_read * 10 >= loaded * 9,
        "fast route read {fast_read} of {loaded} loading files"
    );
}

/// A small valid document touching every field the raw shape reads.
const BASE: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.6",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "version": 1,
  "metadata": {"timestamp": "2026-01-01T00:00:00Z", "tools": {"components": [{"name": "t"}]},
    "component": {"type": "application", "name": "app", "bom-ref": "app"}},
  "components": [
    {"type": "library", "bom-ref": "a", "name": "a\u00e9", "version": "1.0.0", "group": "g",
     "purl": "pkg:npm/a@1.0.0", "cpe": "cpe:2.3:a:x:a:1.0.0:*:*:*:*:*:*:*", "scope": "required",
     "supplier": {"name": "S", "url": ["https://s"]}, "author": "me", "authors": [{"name": "A", "email": "a@x"}],
     "hashes": [{"alg": "SHA-256", "content": "a3b5c1d2e4f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"}],
     "licenses": [{"license": {"id": "MIT", "text": {"encoding": "base64", "content": "eA=="}}},
                  {"license": {"name": "Custom", "properties": [{"name": "p", "value": "v"}]}}],
     "externalReferences": [{"type": "website", "url": "https://a"}],
     "properties": [{"name": "k", "value": "v"}, {"name": "k2", "value": null}],
     "swid": {"tagId": "t", "name": "n"}, "isExternal": false,
     "pedigree": {"patches": [{"type": "backport", "resolves": [{"type": "security"}]}]},
     "components": [{"type": "file", "name": "inner", "bom-ref": "inner", "isExternal": true, "versionRange": "vers:npm/>=1"}]},
    {"type": "library", "bom-ref": "b", "name": "b", "version": "2", "licenses": [{"expression": "MIT OR Apache-2.0", "acknowledgement": "concluded"}],
     "description": "x\ty", "unknown": {"deep": [[[1, -2.5e3, true, null]]]}}
  ],
  "services": [{"bom-ref": "svc", "name": "svc", "data": [{"flow": "inbound"}]}],
  "dependencies": [{"ref": "a", "dependsOn": ["b", "inner"]}, {"ref": "b"}],
  "vulnerabilities": [{"bom-ref": "v1", "id": "CVE-2026-1", "ratings": [{"score": 9.8, "severity": "critical"}],
    "analysis": {"state": "not_affected", "justification": "code_not_present"}, "affects": [{"ref": "a"}]}],
  "citations": [{"bom-ref": "c1", "attributedTo": "a", "process": "p"}]
}"#;

#[test]
fn the_base_document_loads_by_the_fast_route() {
    let limits = Limits::default();
    assert!(fast_reads(BASE.as_bytes(), &limits));
    let (fast, serde) = both(BASE.as_bytes(), &limits);
    assert_eq!(fast, serde);
    assert!(fast.starts_with("Ok("), "{fast}");
}

/// `BASE` with `from` replaced by `to` (which must occur).
fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn irregular_documents_make_the_fast_route_give_up_and_agree() {
    let limits = Limits::default();
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let irregular = [
        // duplicates of fields the raw shape reads, including after a null
        edit(r#""name": "b","#, r#""name": "b", "name": "c","#),
        edit(r#""bom-ref": "b","#, r#""bom-ref": null, "bom-ref": "b","#),
        edit(
            r#""specVersion": "1.6","#,
            r#""specVersion": "1.6", "specVersion": "1.5","#,
        ),
        edit(
            r#""bomFormat": "CycloneDX","#,
            r#""bomFormat": null, "bomFormat": "CycloneDX","#,
        ),
        edit(r#"{"ref": "b"}"#, r#"{"ref": "b", "ref": "a"}"#),
        edit(
            r#""dependencies": ["#,
            r#""dependencies": [], "dependencies": ["#,
        ),
        edit(
            r#"{"name": "k", "value": "v"}"#,
            r#"{"name": "k", "value": "v", "value": "w"}"#,
        ),
        // types the raw shape does not expect; serde's array form of a struct
        edit(r#""isExternal": false"#, r#""isExternal": "no""#),
        edit(r#""version": "2""#, r#""version": 2"#),
        edit(r#"[{"alg""#, r#"[["SHA-1", "00"], {"alg""#),
        edit(
            r#""components": [{"type": "file""#,
            r#""components": [null, {"type": "file""#,
        ),
        edit(r#"["b", "inner"]"#, r#"["b", null]"#),
        "[]".to_owned(),
        // a lone surrogate (serde skips it in an ignored value), a control character
        edit(r#""description": "x\ty""#, r#""description": "\ud800""#),
        edit(r#""name": "b","#, "\"name\": \"b\u{1}\","),
        // deeper than serde's limit in an ignored value (serde skips it)
        edit(
            r#""unknown": {"#,
            &format!(r#""unknown": {deep}, "u2": {{"#),
        ),
        // syntax
        edit(r#"{"ref": "b"}"#, r#"{"ref": "b",}"#),
        edit("-2.5e3", "-02.5e3"),
        format!("{BASE} x"),
        BASE.get(..BASE.len() - 3).unwrap().to_owned(),
    ];
    for (i, case) in irregular.iter().enumerate() {
        assert!(
            !fast_reads(case.as_bytes(), &limits),
            "case {i}: {case:.300}"
        );
        assert_same(case.as_bytes(), &limits);
    }
    let regular = [
        // escaped keys and strings
        edit(
            r#""name": "b","#,
            r#""n\u0061me": "b\/\"\\\u00e9\ud83d\ude00","#,
        ),
        format!("{BASE}\n"),
        BASE.replace('\n', "\r\n"),
        // no spec version, or after the components: the raw list is kept, as serde does
        edit(r#""specVersion": "1.6","#, ""),
        BASE.replacen(r#""specVersion": "1.6","#, "", 1).replacen(
            r#""citations""#,
            r#""specVersion": "1.6", "citations""#,
            1,
        ),
        edit("\"components\": [\n", "\"components\": null, \"x\": [\n"),
        edit(r#""dependencies": ["#, r#""dependencies": null, "x": ["#),
        "{}".to_owned(),
    ];
    for (i, case) in regular.iter().enumerate() {
        assert!(
            fast_reads(case.as_bytes(), &limits),
            "case {i}: {case:.300}"
        );
        assert_same(case.as_bytes(), &limits);
    }
    let tight = Limits {
        max_depth: 5,
        ..Limits::default()
    };
    assert!(!fast_reads(BASE.as_bytes(), &tight));
    assert_same(BASE.as_bytes(), &tight);
}

/// Snippets that make JSON irregular in the ways that matter.
const SNIPPETS: &[&str] = &[
    ",",
    "}",
    "]",
    "{",
    "[",
    ":",
    "\"",
    "\\",
    "null",
    "true",
    "0",
    "01",
    "-",
    "1e5",
    " ",
    "\t",
    "\u{1}",
    "\\u00e9",
    "\\ud800",
    "\\ud83d\\ude00",
    "\\/",
    "é",
    "[[[[[[[[",
    "]]]]]]]]",
];

/// Keys the raw shape reads (so duplicates and wrong types are likely).
const KEYS: &[&str] = &[
    "name",
    "version",
    "type",
    "bom-ref",
    "purl",
    "hashes",
    "licenses",
    "license",
    "id",
    "expression",
    "components",
    "dependencies",
    "dependsOn",
    "ref",
    "properties",
    "value",
    "specVersion",
    "bomFormat",
    "metadata",
    "isExternal",
    "supplier",
    "alg",
    "content",
    "externalReferences",
    "url",
    "pedigree",
    "swid",
    "services",
    "vulnerabilities",
    "zz",
];

const VALUES: &[&str] = &[
    "null",
    "\"x\"",
    "\"1.6\"",
    "\"\\u0041\"",
    "1",
    "true",
    "[]",
    "{}",
    "[{}]",
    "[\"a\"]",
    "[null]",
    "{\"name\": \"n\"}",
    "[[1]]",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Insert a snippet at a byte offset.
    Insert(usize, usize),
    /// Delete up to 4 bytes at an offset.
    Delete(usize, usize),
    /// Replace a byte.
    Replace(usize, u8),
    /// Insert `"key": value,` after the n-th `{`.
    Member(usize, usize, usize),
    /// Wrap the value after the n-th `:` in 130 arrays.
    Deep(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<usize>(), 1..5usize).prop_map(|(a, b)| Mutation::Delete(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Replace(a, b)),
        (any::<usize>(), 0..KEYS.len(), 0..VALUES.len())
            .prop_map(|(a, b, c)| Mutation::Member(a, b, c)),
        (any::<usize>()).prop_map(Mutation::Deep),
    ]
}

fn apply(doc: &mut Vec<u8>, m: &Mutation) {
    let at = |n: usize, len: usize| if len == 0 { 0 } else { n % len };
    match *m {
        Mutation::Insert(pos, s) => {
            let pos = at(pos, doc.len() + 1);
            let snippet = SNIPPETS.get(s).copied().unwrap_or_default();
            doc.splice(pos..pos, snippet.bytes());
        }
        Mutation::Delete(pos, n) => {
            let pos = at(pos, doc.len());
            let end = (pos + n).min(doc.len());
            doc.drain(pos..end);
        }
        Mutation::Replace(pos, b) => {
            let pos = at(pos, doc.len());
            if let Some(x) = doc.get_mut(pos) {
                *x = b;
            }
        }
        Mutation::Member(n, k, v) => {
            let opens: Vec<usize> = (0..doc.len()).filter(|&i| doc[i] == b'{').collect();
            let pos = opens.get(at(n, opens.len())).map_or(0, |p| p + 1);
            let member = format!("\"{}\": {},", KEYS[k], VALUES[v]);
            doc.splice(pos..pos, member.bytes());
        }
        Mutation::Deep(n) => {
            let colons: Vec<usize> = (0..doc.len()).filter(|&i| doc[i] == b':').collect();
            let pos = colons.get(at(n, colons.len())).map_or(0, |p| p + 1);
            doc.splice(pos..pos, "[".repeat(130).bytes());
            // unbalanced on purpose most of the time; balanced when closed right after
            let close = (pos + 130..doc.len())
                .find(|&i| matches!(doc[i], b',' | b'}'))
                .unwrap_or(doc.len());
            doc.splice(close..close, "]".repeat(130).bytes());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// Both routes agree on any mutation of a valid document.
    #[test]
    fn mutated_documents_load_the_same_by_both_routes(
        ms in proptest::collection::vec(mutation(), 1..4)
    ) {
        let mut doc = BASE.as_bytes().to_vec();
        for m in &ms {
            apply(&mut doc, m);
        }
        let (fast, serde) = both(&doc, &Limits::default());
        prop_assert_eq!(fast, serde, "{:?}", String::from_utf8_lossy(&doc));
    }
}

/// A document of `n` components; `odd(i)` may replace component `i`.
fn many(n: usize, odd: impl Fn(usize) -> Option<String>) -> Vec<u8> {
    let components: Vec<String> = (0..n)
        .map(|i| {
            odd(i).unwrap_or_else(|| {
                format!(
                    r#"{{"type": "library", "bom-ref": "pkg:npm/c-{i}@1.0.{i}", "name": "c-{i}",
      "version": "1.0.{i}", "purl": "pkg:npm/c-{i}@1.0.{i}",
      "licenses": [{{"license": {{"id": "MIT"}}}}],
      "hashes": [{{"alg": "SHA-256", "content": "{:064x}"}}]}}"#,
                    i * 7919
                )
            })
        })
        .collect();
    // every component depends on the next, the last on the first
    let dependencies: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"ref": "pkg:npm/c-{i}@1.0.{i}", "dependsOn": ["pkg:npm/c-{0}@1.0.{0}"]}}"#,
                (i + 1) % n
            )
        })
        .collect();
    format!(
        r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6",
  "components": [
    {}
  ],
  "dependencies": [
    {}
  ]}}"#,
        components.join(",\n    "),
        dependencies.join(",\n    ")
    )
    .into_bytes()
}

/// Loads `doc` in chunks (and every other way `both` compares) and returns the result and
/// how many chunks were appended.
fn chunked(doc: &[u8], limits: &Limits) -> (String, usize) {
    fast::APPENDED.with(|n| n.set(0));
    fast::AHEAD.with(|n| n.set(0));
    let (fast, serde) = both(doc, limits);
    assert_eq!(fast, serde);
    let appended = fast::APPENDED.with(std::cell::Cell::get);
    (fast, appended)
}

/// Whether the `dependencies` read ahead by a chunk's thread were used in the last load.
fn read_ahead() -> bool {
    fast::AHEAD.with(std::cell::Cell::get) > 0
}

#[test]
fn components_read_in_chunks_are_the_components_read_in_one_go() {
    let limits = Limits::default();
    let (clean, appended) = chunked(&many(300, |_| None), &limits);
    assert!(clean.starts_with("Ok("), "{clean:.300}");
    assert!(appended >= 1, "no chunk was appended");
    assert!(read_ahead(), "the dependencies were not read ahead");
    // Strings and nested arrays that look like an element boundary; an error and a
    // warning late in the array (their pointers must count from the array's start).
    let tricky = many(300, |i| {
        match i {
        50..=60 => Some(format!(
            r#"{{"type": "library", "name": "x{i}", "description": ", {{ \", {{\n {{",
      "components": [{{"type": "library", "name": "n{i}"}},
        {{"type": "library", "name": "m{i}", "bom-ref": "nested-{i}"}}]}}"#
        )),
        170 => Some(r#"{"type": "library", "name": "bad", "hashes": [{"alg": "SHA-256", "content": "xyz"}]}"#.into()),
        280 => Some(r#"{"type": "library", "name": "w", "licenses": [{"license": {"name": "Acme EULA"}}]}"#.into()),
        _ => None,
    }
    });
    let (out, appended) = chunked(&tricky, &limits);
    assert!(appended >= 1, "no chunk was appended");
    assert!(read_ahead(), "the dependencies were not read ahead");
    assert!(out.contains("dangling-ref"), "{out:.2000}");
    // cut in other places: some guesses fall inside those strings and nested arrays
    for threads in 2..=40 {
        assert_eq!(
            in_chunks(&tricky, &limits, threads),
            out,
            "{threads} chunks"
        );
        let split = fast::Split {
            threads,
            min_bytes: 1,
        };
        assert!(
            fast_reads_split(&tricky, &limits, split),
            "gave up in {threads} chunks"
        );
    }
    assert!(
        out.contains("/components/170/hashes/0/content"),
        "{out:.2000}"
    );
    // A bom-ref in two chunks, and the component limit inside the last chunk: the
    // components are read again in one go, which reports them.
    let twice = many(300, |i| {
        (i == 290).then(|| {
            r#"{"type": "library", "name": "again", "bom-ref": "pkg:npm/c-3@1.0.3"}"#.into()
        })
    });
    let (out, _) = chunked(&twice, &limits);
    assert!(
        out.contains("duplicate-bom-ref") && out.contains("/components/290/bom-ref"),
        "{out:.2000}"
    );
    let small = Limits {
        max_components: 280,
        ..Limits::default()
    };
    let (out, _) = chunked(&many(300, |_| None), &small);
    assert!(out.contains("more than 280 components"), "{out:.2000}");
}

#[test]
fn a_long_dependency_graph_is_checked_in_runs_and_reports_in_order() {
    let n = 20_000;
    let mut doc = String::from_utf8(many(n, |_| None)).unwrap();
    for (i, target) in [
        (3, "nowhere-a"),
        (9_000, "nowhere-b"),
        (19_999, "nowhere-c"),
    ] {
        let from = format!(r#""dependsOn": ["pkg:npm/c-{0}@1.0.{0}"]"#, (i + 1) % n);
        let to = format!(r#""dependsOn": ["{target}"]"#);
        doc = doc.replacen(&from, &to, 1);
    }
    let (out, serde) = both(doc.as_bytes(), &Limits::default());
    assert_eq!(out, serde);
    let at = |p: &str| {
        out.find(p)
            .unwrap_or_else(|| panic!("{p} not reported: {out:.3000}"))
    };
    assert!(at("/dependencies/3/dependsOn/0") < at("/dependencies/9000/dependsOn/0"));
    assert!(at("/dependencies/9000/dependsOn/0") < at("/dependencies/19999/dependsOn/0"));
    assert_eq!(out.matches("dangling-ref").count(), 3, "{out:.3000}");
}

#[test]
fn deeply_nested_components_in_a_later_chunk_read_the_same_on_its_thread() {
    // nesting up to the reader's limit, in a component far from the start: read by a chunk
    // thread (with its own, smaller stack) when the array is cut
    for depth in [40, 62, 63, 64, 100] {
        let mut nested = String::from(r#"{"type": "library", "name": "leaf"}"#);
        for d in 0..depth {
            nested = format!(r#"{{"type": "library", "name": "n{d}", "components": [{nested}]}}"#);
        }
        let doc = many(200, |i| (i == 150).then(|| nested.clone()));
        let limits = Limits::default();
        let (out, _) = chunked(&doc, &limits);
        for threads in [2, 4, 8] {
            assert_eq!(
                in_chunks(&doc, &limits, threads),
                out,
                "depth {depth}, {threads} chunks"
            );
        }
    }
}
