//! PDF documents: metadata from real PDFs (made with fpdf2, `tests/fixtures/pdf/`), clauses
//! over documents end to end, and hostile PDFs (`tests/fixtures/hostile/make_pdfs.py`).

use std::path::Path;

use tenderguard::diag::{Diagnostic, SourceMap, render_human};
use tenderguard::engine::assess::{EvalOptions, assess};
use tenderguard::engine::verdict::Verdict;
use tenderguard::engine::{NoFiles, compile_with};
use tenderguard::evidence::bid;
use tenderguard::evidence::load::pdf::{self, PdfInfo};
use tenderguard::evidence::schema::Vocabulary;
use tenderguard::lang;
use tenderguard::lang::ast::Date;
use tenderguard::limits::Limits;

use crate::common;

fn bytes(rel: &str) -> Vec<u8> {
    let p = common::root().join("tests/fixtures").join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read(rel: &str) -> Result<pdf::PdfLoad, Box<Diagnostic>> {
    pdf::read(rel, &bytes(rel), &Limits::default())
}

fn date(year: i16, month: u8, day: u8) -> Option<Date> {
    Some(Date { year, month, day })
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code.0).collect()
}

// ---------------------------------------------------------------------------------------
// metadata of real PDFs

#[test]
fn a_real_pentest_report_is_read() {
    let l = read("bids/acme/reports/pentest-2026.pdf").unwrap();
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    assert_eq!(
        l.info,
        PdfInfo {
            version: "1.3".into(),
            pages: Some(3),
            title: Some("Penetration test SecureCam 4".into()),
            author: Some("Example Security B.V.".into()),
            // D:20261001143000+01'00': the author's calendar date, not converted to UTC
            created: date(2026, 10, 1),
            has_text: Some(true),
            encrypted: false,
        }
    );
}

#[test]
fn utf16_titles_scans_and_missing_information_are_read() {
    let l = read("pdf/unicode-title.pdf").unwrap();
    assert_eq!(
        l.info.title.as_deref(),
        Some("Prüfbericht – ISO/IEC 27001 ✓")
    );
    assert_eq!(l.info.created, date(2026, 5, 31));
    assert_eq!(l.info.pages, Some(2));
    let scan = read("pdf/scanned.pdf").unwrap();
    assert_eq!(
        (scan.info.pages, scan.info.has_text),
        (Some(1), Some(false))
    );
    let undated = read("pdf/undated.pdf").unwrap();
    assert!(undated.warnings.is_empty());
    assert_eq!(
        (
            undated.info.title,
            undated.info.created,
            undated.info.has_text
        ),
        (None, None, Some(true))
    );
}

#[test]
fn a_bad_creation_date_is_a_warning_and_reads_as_missing() {
    let l = read("pdf/bad-date.pdf").unwrap();
    assert_eq!(codes(&l.warnings), ["pdf-invalid-date"]);
    assert!(l.warnings[0].message.contains("`D:20261302000000Z`"));
    assert_eq!(l.info.created, None);
    assert_eq!(l.info.title.as_deref(), Some("Bad date"));
}

#[test]
fn encrypted_pdfs_are_read_when_they_open_without_a_password() {
    let open = read("pdf/encrypted-open.pdf").unwrap();
    assert!(open.warnings.is_empty());
    assert!(open.info.encrypted);
    assert_eq!(open.info.title.as_deref(), Some("Confidential pentest"));
    assert_eq!(open.info.created, date(2026, 9, 1));
    assert_eq!(open.info.has_text, Some(true));
    let locked = read("pdf/encrypted-locked.pdf").unwrap();
    assert_eq!(codes(&locked.warnings), ["pdf-encrypted"]);
    assert!(locked.info.encrypted);
    assert_eq!(
        (locked.info.pages, locked.info.title, locked.info.has_text),
        (None, None, None)
    );
}

#[test]
fn the_text_search_is_bounded_by_its_limit() {
    let limits = Limits {
        max_pdf_text_pages: 0,
        ..Limits::default()
    };
    let l = pdf::read(
        "x.pdf",
        &bytes("bids/acme/reports/pentest-2026.pdf"),
        &limits,
    )
    .unwrap();
    // No page searched, none unreadable: "no text found" on zero pages.
    assert_eq!(l.info.has_text, Some(false));
}

// ---------------------------------------------------------------------------------------
// hostile PDFs: one diagnostic each, never a panic

fn render(d: &Diagnostic) -> String {
    render_human(std::slice::from_ref(d), &SourceMap::new(), false)
}

#[test]
fn hostile_pdfs_that_cannot_be_used_give_one_error() {
    for (name, code) in [
        ("garbage.pdf", "pdf-invalid"),
        ("zero-pages.pdf", "pdf-no-pages"),
        ("page-tree-loop.pdf", "pdf-no-pages"),
        ("xref-loop.pdf", "pdf-no-pages"),
        ("deflate-bomb.pdf", "limit-exceeded"),
    ] {
        let rel = format!("hostile/{name}");
        let started = std::time::Instant::now();
        let e = read(&rel).unwrap_err();
        assert!(
            started.elapsed().as_secs() < 10,
            "{name} took {:?}",
            started.elapsed()
        );
        assert_eq!(e.code.0, code, "{name}: {e:?}");
        insta::assert_snapshot!(format!("pdf-{name}"), render(&e));
    }
}

#[test]
fn hostile_pdfs_that_can_be_read_say_what_was_repaired() {
    // Truncated: the table is rebuilt from the objects that survive; their pages are
    // found but their content and the information dictionary are lost.
    let t = read("hostile/truncated.pdf").unwrap();
    assert_eq!(codes(&t.warnings), ["pdf-repaired"]);
    assert_eq!((t.info.pages, t.info.title.as_deref()), (Some(3), None));
    insta::assert_snapshot!("pdf-truncated.pdf", render(&t.warnings[0]));
    // A /Length past the end of the file: the stream ends at `endstream`.
    let h = read("hostile/huge-length.pdf").unwrap();
    assert!(h.warnings.is_empty());
    assert_eq!((h.info.pages, h.info.has_text), (Some(1), Some(true)));
    // A /Title nested 100,000 arrays deep: lopdf stops at 100 levels and drops the object.
    let d = read("hostile/deep-nesting.pdf").unwrap();
    assert_eq!((d.info.pages, d.info.title.as_deref()), (Some(1), None));
    // A page content stream over the stream limit: text is unknown, with a warning.
    let b = read("hostile/content-bomb.pdf").unwrap();
    assert_eq!(codes(&b.warnings), ["pdf-text-unreadable"]);
    assert_eq!(b.info.has_text, None);
    insta::assert_snapshot!("pdf-content-bomb.pdf", render(&b.warnings[0]));
}

#[test]
fn a_lower_stream_limit_refuses_what_the_default_reads() {
    let limits = Limits {
        max_pdf_stream_bytes: 16,
        ..Limits::default()
    };
    let l = pdf::read(
        "x.pdf",
        &bytes("bids/acme/reports/pentest-2026.pdf"),
        &limits,
    )
    .unwrap();
    // fpdf2 compresses page content: every page is over 16 bytes, so text is unknown.
    assert_eq!(codes(&l.warnings), ["pdf-text-unreadable"]);
    assert_eq!(l.info.has_text, None);
}

#[test]
fn mutated_pdfs_never_panic() {
    // A cheap stand-in for the `pdf` fuzz target: flip, cut and splice bytes of real PDFs.
    let seeds = [
        bytes("bids/acme/reports/pentest-2026.pdf"),
        bytes("pdf/encrypted-open.pdf"),
        bytes("hostile/huge-length.pdf"),
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..600 {
        let seed = &seeds[(next() % 3) as usize];
        let mut b = seed.clone();
        for _ in 0..(1 + next() % 8) {
            let at = (next() as usize) % b.len();
            match next() % 3 {
                0 => b[at] = next() as u8,
                1 => b.truncate(at.max(6)),
                _ => b.insert(at, b"0123456789 R<>[]/()"[(next() % 19) as usize]),
            }
        }
        let _ = pdf::read("m.pdf", &b, &Limits::default());
    }
}

// ---------------------------------------------------------------------------------------
// bids and clauses

const TENDER: &str = r#"
tender "T-PDF" {
  title.en "Cameras"
  title.nl "Camera's"
  buyer "Gemeente"
  published 2027-01-15
  languages en, nl
}

clause DOC-1 "The pen-test report is at most 12 months old" knockout {
  text.en "The report is recent."
  text.nl "Het rapport is recent."
  require documents.pentest_report.created >= tender.published - 12 months
}

clause DOC-2 "The pen-test report has text" knockout {
  text.en "The report is not a scan."
  text.nl "Het rapport is geen scan."
  require documents.pentest_report.has_text and documents.pentest_report.pages >= 1
}
"#;

/// A bid folder holding one PDF as its pen-test report.
fn bid_with_report(pdf_fixture: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("reports")).unwrap();
    std::fs::write(tmp.path().join("reports/pentest.pdf"), bytes(pdf_fixture)).unwrap();
    std::fs::write(
        tmp.path().join("bid.yaml"),
        "vendor: V\nevidence:\n  - kind: document\n    path: reports/pentest.pdf\n    doc_kind: pentest-report\n",
    )
    .unwrap();
    tmp
}

fn verdicts(dir: &Path) -> (Verdict, Verdict) {
    let mut sources = SourceMap::new();
    let id = sources.add("tender.tg", TENDER);
    let (tender, _) = compile_with(
        lang::parse,
        id,
        &mut sources,
        &mut NoFiles,
        &Limits::default(),
    )
    .unwrap_or_else(|d| panic!("{}", render_human(&d, &sources, false)));
    let (ev, _) = bid::load_bid(dir, &tender.vocabulary, &Limits::default()).unwrap();
    let a = assess(&tender, &ev, "V", &sources, &EvalOptions::default()).unwrap();
    let v = |id: &str| a.results.iter().find(|r| r.id == id).unwrap().verdict;
    (v("DOC-1"), v("DOC-2"))
}

#[test]
fn document_clauses_pass_fail_and_are_unknown_on_real_pdfs() {
    use Verdict::*;
    for (fixture, expected) in [
        // created 2026-10-01 >= 2026-01-15, 3 pages of text
        ("bids/acme/reports/pentest-2026.pdf", (Pass, Pass)),
        // created 2025-03-03: too old; a drawing, no text
        ("pdf/scanned.pdf", (Fail, Fail)),
        // no creation date: unknown; text
        ("pdf/undated.pdf", (Unknown, Pass)),
        // needs a password: nothing can be read
        ("pdf/encrypted-locked.pdf", (Unknown, Unknown)),
    ] {
        let tmp = bid_with_report(fixture);
        assert_eq!(verdicts(tmp.path()), expected, "{fixture}");
    }
}

#[test]
fn the_acme_bid_reads_its_report_through_the_attestation() {
    let dir = common::root().join("tests/fixtures/bids/acme");
    assert_eq!(verdicts(&dir), (Verdict::Pass, Verdict::Pass));
    let (ev, _) = bid::load_bid(&dir, &Vocabulary::standard(), &Limits::default()).unwrap();
    let d = &ev.documents[0];
    assert_eq!(
        (&*d.file, d.pages, d.encrypted),
        ("reports/pentest-2026.pdf", Some(3), Some(false))
    );
}

#[test]
fn pdfs_are_recognised_by_content_without_a_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("report.bin"), bytes("pdf/scanned.pdf")).unwrap();
    std::fs::write(
        tmp.path().join("broken.pdf"),
        bytes("hostile/zero-pages.pdf"),
    )
    .unwrap();
    let b = bid::read_bid(tmp.path(), &Vocabulary::standard(), &Limits::default()).unwrap();
    assert_eq!(codes(&b.diagnostics), ["pdf-no-pages"]);
    assert_eq!(b.evidence.documents.len(), 1);
    let d = &b.evidence.documents[0];
    assert_eq!((&*d.file, d.kind.as_str()), ("report.bin", "document"));
    assert_eq!(d.title.as_deref(), Some("Scanned certificate"));
    let broken = b.files.iter().find(|f| &*f.path == "broken.pdf").unwrap();
    assert!(!broken.ok);
    assert_eq!(broken.format.as_deref(), Some("PDF"));
}
