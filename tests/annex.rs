//! The response template and the contract annex: the template for the minimal example,
//! filled with the vocabulary's examples, loads and passes the attestation clauses; the
//! annex renders deterministically in Markdown, HTML and PDF; hostile vendor strings come
//! out escaped in each; the PDF survives poppler when it is installed.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tenderguard::diag::SourceMap;
use tenderguard::engine::assess::{EvalOptions, assess};
use tenderguard::engine::ir::Tender;
use tenderguard::engine::questionnaire::{Questionnaire, questionnaire};
use tenderguard::engine::verdict::Verdict;
use tenderguard::engine::{NoFiles, compile_with};
use tenderguard::evidence::bid::load_bid;
use tenderguard::evidence::load::attestation;
use tenderguard::evidence::model::Evidence;
use tenderguard::lang;
use tenderguard::limits::Limits;
use tenderguard::report::annex::{self, Annex, TextFormat, pdf::render_pdf};
use tenderguard::report::template;

use crate::common::root;

fn minimal() -> (Tender, SourceMap) {
    let text = std::fs::read_to_string(root().join("examples/minimal/tender.tg")).unwrap();
    compile(&text)
}

fn compile(text: &str) -> (Tender, SourceMap) {
    let mut sources = SourceMap::new();
    let id = sources.add("tender.tg", text);
    let (t, _) = compile_with(
        lang::parse,
        id,
        &mut sources,
        &mut NoFiles,
        &Limits::default(),
    )
    .unwrap();
    (t, sources)
}

/// Sets `value` at `path` in a JSON object tree, creating objects on the way.
fn set(tree: &mut Value, path: &[String], value: Value) {
    let mut node = tree;
    for seg in &path[..path.len() - 1] {
        node = node
            .as_object_mut()
            .unwrap()
            .entry(seg.clone())
            .or_insert_with(|| Value::Object(Default::default()));
    }
    node.as_object_mut()
        .unwrap()
        .insert(path.last().unwrap().clone(), value);
}

/// Every leaf path of a YAML/JSON tree.
fn leaves(v: &Value, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                prefix.push(k.clone());
                leaves(x, prefix, out);
                prefix.pop();
            }
        }
        other => out.push((prefix.clone(), other.clone())),
    }
}

fn filled(t: &Tender, q: &Questionnaire) -> Value {
    let yaml = template::attestation_yaml(t, q, "en");
    let mut tree: Value = serde_saphyr::from_str(&yaml).unwrap();
    let mut found = Vec::new();
    leaves(&tree, &mut Vec::new(), &mut found);
    // Exactly the asked fields, all unanswered.
    let asked: Vec<Vec<String>> = q.fields.iter().map(|f| f.path.clone()).collect();
    let paths: Vec<Vec<String>> = found.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(paths, asked, "{yaml}");
    assert!(found.iter().all(|(_, v)| v.is_null()), "{yaml}");
    for f in &q.fields {
        set(&mut tree, &f.path, f.example_value());
    }
    tree
}

#[test]
fn the_template_asks_what_the_minimal_tender_reads() {
    let (t, _) = minimal();
    let q = questionnaire(&t);
    let paths: Vec<String> = q.fields.iter().map(|f| f.dotted()).collect();
    assert_eq!(
        paths,
        [
            "attestation.support.end",
            "attestation.credentials.universal_default_password",
            "attestation.disclosure.policy_url",
        ]
    );
    let end = &q.fields[0];
    assert_eq!(end.clauses, ["LC-2", "AWD-1"]);
    let yaml = template::attestation_yaml(&t, &q, "nl");
    assert!(
        yaml.contains("# Tot welke datum worden beveiligingsupdates geleverd?\n"),
        "{yaml}"
    );
    assert!(yaml.contains("voorbeeld: 2032-01-31"), "{yaml}");
    assert!(yaml.contains("gebruikt door: LC-2, AWD-1"), "{yaml}");
    assert!(yaml.contains("\n  end: ~\n"), "{yaml}");
    let checklist = template::checklist_md(&t, &q, "en");
    assert!(checklist.contains("**sbom**"), "{checklist}");
    assert!(checklist.contains("LC-4, LIC-1, ID-1"), "{checklist}");
    assert!(checklist.contains("CycloneDX 1.4–1.7"), "{checklist}");
    let schema: Value = serde_json::from_str(&template::schema_json(&t)).unwrap();
    assert_eq!(
        schema["title"],
        "Tenderguard attestation for tender MIN-2027-001"
    );
    assert!(schema["$defs"]["attestation.support"]["properties"]["end"].is_object());
}

#[test]
fn a_filled_template_loads_validates_and_passes_the_attestation_clauses() {
    let (t, sources) = minimal();
    let q = questionnaire(&t);
    let answers = filled(&t, &q);
    let bytes = serde_json::to_vec_pretty(&answers).unwrap();
    attestation::load(
        "attestation.json",
        &bytes,
        &t.vocabulary,
        &Limits::default(),
    )
    .unwrap();
    // It also validates against the generated schema.
    let schema: Value = serde_json::from_str(&template::schema_json(&t)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&answers));

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/minimal/bids/acme/sbom.cdx.json"),
        dir.path().join("sbom.cdx.json"),
    )
    .unwrap();
    std::fs::write(dir.path().join("attestation.json"), &bytes).unwrap();
    let (ev, _) = load_bid(dir.path(), &t.vocabulary, &Limits::default()).unwrap();
    let a = assess(&t, &ev, "filled", &sources, &EvalOptions::default()).unwrap();
    for id in ["LC-1", "LC-2", "LC-3", "LC-4"] {
        let r = a.results.iter().find(|r| r.id == id).unwrap();
        assert_eq!(r.verdict, Verdict::Pass, "{id}: {}", r.explanation);
    }
}

/// The Dutch annex of the minimal tender for acme.
fn acme() -> (Tender, Evidence, Annex) {
    acme_in("nl")
}

fn acme_in(lang: &str) -> (Tender, Evidence, Annex) {
    let (t, sources) = minimal();
    let (ev, _) = load_bid(
        &root().join("examples/minimal/bids/acme"),
        &t.vocabulary,
        &Limits::default(),
    )
    .unwrap();
    let a = assess(&t, &ev, "acme", &sources, &EvalOptions::default()).unwrap();
    let annex = Annex::build(
        &t,
        &questionnaire(&t),
        &ev,
        &a,
        lang,
        a.as_of,
        "Tenderguard test",
    );
    (t, ev, annex)
}

#[test]
fn the_annex_holds_commitments_texts_and_digests() {
    let (_, ev, a) = acme();
    let md = annex::render_text(&a, TextFormat::Markdown, None).unwrap();
    assert!(
        md.contains("| attestation.support.end | 2034-06-30 |"),
        "{md}"
    );
    // `{support_period}` in a Dutch text, and the parameter in the Dutch annex's table, read
    // Dutch units.
    assert!(
        md.contains("Beveiligingsupdates worden geleverd tot minstens 5 jaar"),
        "{md}"
    );
    assert!(md.contains("| 5 jaar |"), "{md}");
    assert!(!md.contains("5 years"), "{md}");
    assert!(md.contains("| Status | gekwalificeerd |"), "{md}");
    for f in &ev.files {
        assert!(md.contains(&f.sha256), "{}", f.path);
    }
    assert_eq!(
        md,
        annex::render_text(&a, TextFormat::Markdown, None).unwrap()
    );
    let html = annex::render_text(&a, TextFormat::Html, None).unwrap();
    assert!(html.contains("<td>2034-06-30</td>"), "{html}");
    assert_eq!(
        html,
        annex::render_text(&a, TextFormat::Html, None).unwrap()
    );
}

#[test]
fn an_english_annex_keeps_english_units() {
    let (_, _, en) = acme_in("en");
    let md = annex::render_text(&en, TextFormat::Markdown, None).unwrap();
    assert!(md.contains("at least 5 years"), "{md}");
    assert!(md.contains("| 5 years |"), "{md}");
    assert!(!md.contains("5 jaar"), "{md}");
}

#[test]
fn our_templates_never_bypass_escaping() {
    for t in [annex::MARKDOWN_TEMPLATE, annex::HTML_TEMPLATE] {
        assert!(!t.contains("{{{"), "triple braces in a template");
        assert!(!t.contains("{{&"), "unescaped form in a template");
    }
}

#[test]
fn strict_mode_rejects_a_misspelt_variable_in_a_user_template() {
    let (_, _, a) = acme();
    let err = annex::render_text(&a, TextFormat::Markdown, Some("{{tender.idd}}")).unwrap_err();
    assert!(err.to_string().contains("tender.idd"), "{err}");
    let ok = annex::render_text(&a, TextFormat::Html, Some("<b>{{vendor.name}}</b>")).unwrap();
    assert_eq!(ok, "<b>Acme Software B.V.</b>");
}

const HOSTILE: &str =
    ")Tj /F1 99 Tf (pwn <script>alert(1)</script> \u{1b}[31m =cmd|' /C calc'!A0 [x](javascript:y)";

fn hostile_annex() -> Annex {
    let (_, _, mut a) = acme();
    a.vendor.name = HOSTILE.to_owned();
    if let Some(c) = a.commitments.first_mut() {
        c.value = HOSTILE.to_owned();
    }
    a
}

#[test]
fn hostile_vendor_strings_are_escaped_in_markdown_and_html() {
    let a = hostile_annex();
    let md = annex::render_text(&a, TextFormat::Markdown, None).unwrap();
    assert!(!md.contains("<script>"), "{md}");
    assert!(!md.contains('\u{1b}'), "{md}");
    assert!(!md.contains("](javascript"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
    assert!(
        md.contains("=cmd\\|"),
        "a pipe would split the table cell: {md}"
    );
    let html = annex::render_text(&a, TextFormat::Html, None).unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains('\u{1b}'), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
}

/// Every text-showing operator's operands, and every operator name, of every page.
fn pdf_ops(bytes: &[u8]) -> (Vec<String>, Vec<Vec<u8>>) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let (mut names, mut strings) = (Vec::new(), Vec::new());
    for (_, id) in doc.get_pages() {
        let content = doc.get_page_content(id);
        let ops = lopdf::content::Content::decode(&content).unwrap();
        for op in ops.operations {
            if op.operator == "Tf" {
                assert!(
                    op.operands[1].as_float().unwrap() < 20.0,
                    "font size {op:?}"
                );
            }
            if op.operator == "Tj" {
                strings.push(op.operands[0].as_str().unwrap().to_vec());
            }
            names.push(op.operator);
        }
    }
    (names, strings)
}

#[test]
fn the_pdf_is_deterministic_and_hostile_strings_stay_text() {
    let a = hostile_annex();
    let started = std::time::Instant::now();
    let pdf = render_pdf(&a).unwrap();
    let elapsed = started.elapsed();
    assert_eq!(pdf, render_pdf(&a).unwrap(), "two renders differ");
    eprintln!("annex PDF: {} bytes, rendered in {elapsed:?}", pdf.len());
    let (names, strings) = pdf_ops(&pdf);
    let allowed = ["w", "BT", "Tf", "Td", "Tj", "ET", "g", "re", "f", "S"];
    assert!(
        names.iter().all(|n| allowed.contains(&n.as_str())),
        "{names:?}"
    );
    let joined: Vec<u8> = strings.concat();
    let needle = b")Tj /F1 99 Tf (pwn";
    assert!(
        joined.windows(needle.len()).any(|w| w == needle),
        "the hostile text is shown verbatim as text"
    );
    assert!(!joined.contains(&0x1b), "ESC reached the PDF");
    let meta = lopdf::Document::load_metadata_mem(&pdf).unwrap();
    assert!(meta.page_count >= 2);
}

#[test]
fn the_pdf_encodes_dutch_diacritics_in_winansi() {
    let (_, _, mut a) = acme();
    a.vendor.name = "Café Ëxperts Geïntegreerd — €".to_owned();
    let pdf = render_pdf(&a).unwrap();
    let (_, strings) = pdf_ops(&pdf);
    let want: &[u8] = b"Caf\xe9 \xcbxperts Ge\xefntegreerd \x97 \x80";
    assert!(
        strings
            .iter()
            .any(|s| s.windows(want.len()).any(|w| w == want))
    );
    poppler_check(&pdf, "Café Ëxperts Geïntegreerd — €");
}

/// With poppler installed: `pdftotext` recovers `expect`, `pdftoppm` renders page 1.
fn poppler_check(pdf: &[u8], expect: &str) {
    let have = |b: &str| Command::new(b).arg("-v").output().is_ok();
    if !have("pdftotext") || !have("pdftoppm") {
        eprintln!(
            "\n!!! SKIPPED: poppler-utils (pdftotext, pdftoppm) not installed; PDF render checks did not run !!!\n"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("annex.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(expect), "{text}");
    assert!(text.contains("2034-06-30"), "{text}");
    assert!(text.contains("1 / "), "page numbers: {text}");
    let prefix = dir.path().join("page");
    let st = Command::new("pdftoppm")
        .args(["-r", "40", "-png", "-f", "1", "-l", "1"])
        .arg(&file)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let rendered = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with(".png"));
    assert!(rendered, "pdftoppm wrote no page");
    let _ = Path::new(&prefix);
}
