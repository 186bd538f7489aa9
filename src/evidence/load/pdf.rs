//! PDF documents (pen-test reports, certificates, ISAE/SOC reports): the page count, the
//! document information (`/Title`, `/Author`, `/CreationDate`) and whether any page has
//! text, read with `lopdf` from bytes.
//!
//! Input: the file's name in the bid, its bytes (already capped by `max_file_bytes`) and the
//! [`Limits`]. Output: a [`PdfLoad`] (what was read, and warnings), or one error
//! [`Diagnostic`] saying why the file cannot be used.
//!
//! Every string from the PDF is vendor-controlled: text strings are decoded as UTF-16BE (with
//! its byte order mark), UTF-8 (with its mark, PDF 2.0) or PDFDocEncoding, language escapes
//! and control characters are removed, whitespace is collapsed, and a string longer than
//! `max_string_bytes` is refused. Dates (`D:YYYYMMDDHHmmSS+HH'mm'`) keep the calendar date
//! as written in the author's time zone; a missing month or day is the first (as the PDF
//! specification says). A date that does not parse is a warning and reads as missing.
//!
//! Work is bounded: every stream decompresses to at most `max_pdf_stream_bytes`, and text is
//! looked for on the first `max_pdf_text_pages` pages only (stopping at the first page with
//! text). `lopdf` 0.47 itself bounds nesting (100 levels), reference chains and page-tree
//! walks (object count), and repairs a broken cross-reference table by scanning the file;
//! such a repair is reported as `pdf-repaired`.
//!
//! An encrypted PDF that opens without a password (an owner password only) is read like any
//! other. One that needs a user password yields no content at all: it is recorded with
//! `encrypted` and a `pdf-encrypted` warning, everything else reads as missing (so clauses
//! over it are unknown, not failed).
//!
//! It does not render, check signatures, read XMP metadata, or look at text beyond "is
//! there any".

use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::xref::XrefRecovery;
use lopdf::{Document, LoadOptions, Object};

use crate::diag::{Code, Diagnostic, Location};
use crate::evidence::json::LIMIT_EXCEEDED;
use crate::lang::ast::Date;
use crate::limits::Limits;

/// The file is not a readable PDF.
pub const PDF_INVALID: Code = Code("pdf-invalid");
/// The PDF has no pages.
pub const PDF_NO_PAGES: Code = Code("pdf-no-pages");
/// The PDF needs a password to be read.
pub const PDF_ENCRYPTED: Code = Code("pdf-encrypted");
/// The cross-reference table was broken and rebuilt by scanning the file.
pub const PDF_REPAIRED: Code = Code("pdf-repaired");
/// No text was found on the pages checked, and some of them could not be read.
pub const PDF_TEXT_UNREADABLE: Code = Code("pdf-text-unreadable");
/// `/CreationDate` is not a PDF date.
pub const PDF_INVALID_DATE: Code = Code("pdf-invalid-date");

/// True when the bytes look like a PDF: `%PDF-` at the start (after at most 1,024 bytes of
/// junk, which readers tolerate).
pub fn sniff(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(1024 + 5)).unwrap_or(bytes);
    head.windows(5).any(|w| w == b"%PDF-")
}

/// What was read from one PDF. `None` is "not stated or not readable".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PdfInfo {
    /// The header version, `1.7`.
    pub version: String,
    pub pages: Option<u32>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub created: Option<Date>,
    /// Whether any of the first `max_pdf_text_pages` pages has text.
    pub has_text: Option<bool>,
    pub encrypted: bool,
}

/// A read PDF and the findings that do not make it unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfLoad {
    pub info: PdfInfo,
    pub warnings: Vec<Diagnostic>,
}

/// Reads a PDF from bytes.
pub fn read(file: &str, bytes: &[u8], limits: &Limits) -> Result<PdfLoad, Box<Diagnostic>> {
    // lopdf 0.47 is hardened against the hostile inputs we know of (tests/fixtures/hostile,
    // the `pdf` fuzz target), but it indexes slices on offsets taken from the file. A panic
    // inside it must not take the whole run down, so the lopdf work (and only it) runs
    // under `catch_unwind` and a panic becomes a `pdf-invalid` diagnostic.
    match catch_unwind(AssertUnwindSafe(|| read_unguarded(file, bytes, limits))) {
        Ok(result) => result,
        Err(_) => Err(invalid(file, "the PDF reader failed on it")),
    }
}

fn read_unguarded(file: &str, bytes: &[u8], limits: &Limits) -> Result<PdfLoad, Box<Diagnostic>> {
    if !sniff(bytes) {
        return Err(invalid(file, "it has no `%PDF-` header"));
    }
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_pdf_stream_bytes),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options)
        .map_err(|e| load_error(file, &e, limits))?;
    let mut out = PdfLoad {
        info: PdfInfo {
            version: doc.version.clone(),
            ..PdfInfo::default()
        },
        warnings: Vec::new(),
    };
    if doc.xref_recovery == Some(XrefRecovery::Reconstructed) {
        out.warnings.push(
            Diagnostic::warning(
                PDF_REPAIRED,
                format!("the cross-reference table of `{}` is broken and was rebuilt by scanning the file", esc(file)),
            )
            .at(Location::file(file))
            .with_help("the file may be truncated or damaged: check it opens completely, or export it again"),
        );
    }
    if doc.trailer.has(b"Encrypt") {
        // lopdf leaves `/Encrypt` in the trailer only when it could not open the file
        // without a password; nothing was decrypted, so nothing else can be read.
        out.info.encrypted = true;
        out.warnings.push(
            Diagnostic::warning(
                PDF_ENCRYPTED,
                format!("`{}` needs a password to open; its pages, information and text cannot be read", esc(file)),
            )
            .at(Location::file(file))
            .with_help("submit the document without a password (an owner password that only restricts editing is fine)"),
        );
        return Ok(out);
    }
    out.info.encrypted = doc.was_encrypted();
    let pages = u32::try_from(doc.page_iter().count()).unwrap_or(u32::MAX);
    if pages == 0 {
        return Err(Box::new(
            Diagnostic::error(PDF_NO_PAGES, format!("`{}` has no pages", esc(file)))
                .at(Location::file(file))
                .with_help("the file may be damaged or an empty export: export the document again"),
        ));
    }
    out.info.pages = Some(pages);
    info_dictionary(&doc, file, limits, &mut out)?;
    out.info.has_text = has_text(&doc, file, pages, limits, &mut out.warnings);
    Ok(out)
}

fn esc(s: &str) -> String {
    crate::report::escape::terminal(s)
}

fn invalid(file: &str, why: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            PDF_INVALID,
            format!("`{}` is not a readable PDF: {why}", esc(file)),
        )
        .at(Location::file(file))
        .with_help("check the file opens in a PDF viewer; export or scan it again if it does not"),
    )
}

/// One diagnostic for a document lopdf could not load, in our words (lopdf's own messages
/// are not stable across versions).
fn load_error(file: &str, e: &lopdf::Error, limits: &Limits) -> Box<Diagnostic> {
    use lopdf::Error as E;
    let why = match e {
        E::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            return Box::new(
                Diagnostic::error(
                    LIMIT_EXCEEDED,
                    format!(
                        "a stream in `{}` decompresses to more than the limit of {} bytes",
                        esc(file),
                        limits.max_pdf_stream_bytes
                    ),
                )
                .at(Location::file(file))
                .with_help("this is how a decompression bomb looks; if the file is genuine, raise the limit"),
            );
        }
        E::Parse(lopdf::ParseError::InvalidFileHeader) => "its `%PDF-` header is malformed",
        E::Parse(_) | E::Xref(_) | E::InvalidOffset(_) | E::MissingXrefEntry => {
            "its cross-reference table or trailer cannot be read (truncated or damaged)"
        }
        E::Decryption(_) | E::InvalidPassword | E::UnsupportedSecurityHandler(_) => {
            "its encryption cannot be opened"
        }
        E::ReferenceCycle(_) | E::ReferenceLimit => "its objects refer to each other in a loop",
        E::Decompress(_) => "a stream does not decompress",
        _ => "its structure is damaged",
    };
    invalid(file, why)
}

/// `/Title`, `/Author`, `/CreationDate` from the trailer's `/Info` dictionary.
fn info_dictionary(
    doc: &Document,
    file: &str,
    limits: &Limits,
    out: &mut PdfLoad,
) -> Result<(), Box<Diagnostic>> {
    let Ok(info) = doc
        .trailer
        .get_deref(b"Info", doc)
        .and_then(Object::as_dict)
    else {
        return Ok(());
    };
    let text = |key: &[u8]| -> Result<Option<String>, Box<Diagnostic>> {
        let Ok(Object::String(raw, _)) = info.get_deref(key, doc) else {
            return Ok(None);
        };
        let s = decode_text(raw);
        if s.len() > limits.max_string_bytes {
            let key = String::from_utf8_lossy(key);
            return Err(Box::new(
                Diagnostic::error(
                    LIMIT_EXCEEDED,
                    format!(
                        "`/{key}` in `{}` is {} bytes, more than the limit of {} bytes",
                        esc(file),
                        s.len(),
                        limits.max_string_bytes
                    ),
                )
                .at(Location::file(file)),
            ));
        }
        Ok((!s.is_empty()).then_some(s))
    };
    out.info.title = text(b"Title")?;
    out.info.author = text(b"Author")?;
    if let Some(raw) = text(b"CreationDate")? {
        out.info.created = parse_pdf_date(&raw);
        if out.info.created.is_none() {
            out.warnings.push(
                Diagnostic::warning(
                    PDF_INVALID_DATE,
                    format!(
                        "the creation date `{}` of `{}` is not a date and was ignored",
                        esc(&raw),
                        esc(file)
                    ),
                )
                .at(Location::file(file))
                .with_help(
                    "PDF dates look like `D:20261001143000+01'00'`; export the document again",
                ),
            );
        }
    }
    Ok(())
}

/// Whether any of the first `max_pdf_text_pages` pages has text: `Some(true)` at the first
/// page with text, `Some(false)` when every page checked was read and none has any, `None`
/// (with a warning) when none has text but some could not be read.
fn has_text(
    doc: &Document,
    file: &str,
    pages: u32,
    limits: &Limits,
    warnings: &mut Vec<Diagnostic>,
) -> Option<bool> {
    let last = pages.min(u32::try_from(limits.max_pdf_text_pages).unwrap_or(u32::MAX));
    let mut unreadable = 0u32;
    for page in 1..=last {
        for chunk in doc.extract_text_chunks_with_limit(&[page], limits.max_pdf_stream_bytes) {
            match chunk {
                Ok(text) if text.chars().any(|c| !c.is_whitespace() && !c.is_control()) => {
                    return Some(true);
                }
                Ok(_) => {}
                Err(_) => unreadable += 1,
            }
        }
    }
    if unreadable == 0 {
        return Some(false);
    }
    warnings.push(
        Diagnostic::warning(
            PDF_TEXT_UNREADABLE,
            format!(
                "no text was found in `{}`, and the content of {unreadable} of its first {last} page(s) could not be read",
                esc(file)
            ),
        )
        .at(Location::file(file))
        .with_help("whether the document has text is unknown; a clause that asks reads as unknown"),
    );
    None
}

/// Decodes a PDF text string: UTF-16BE or UTF-8 with a byte order mark, else
/// PDFDocEncoding; then [`clean`].
pub fn decode_text(raw: &[u8]) -> String {
    let s: String = if let Some(be) = raw.strip_prefix(&[0xFE, 0xFF]) {
        let units = be.chunks_exact(2).map(|p| {
            u16::from_be_bytes([
                p.first().copied().unwrap_or(0),
                p.get(1).copied().unwrap_or(0),
            ])
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else if let Some(utf8) = raw.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        raw.iter().map(|&b| pdf_doc_char(b)).collect()
    };
    clean(&s)
}

/// Removes language escapes (`ESC lang ESC` in UTF-16 strings), control characters and
/// byte order marks; collapses whitespace runs to one space; trims.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_escape = false;
    let mut space = false;
    for c in s.chars() {
        if c == '\u{1b}' {
            in_escape = !in_escape;
            continue;
        }
        if in_escape || c == '\u{feff}' {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// One byte of PDFDocEncoding (ISO 32000-2, Annex D.3) as a character; undefined codes
/// become U+FFFD.
fn pdf_doc_char(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{2022}', '\u{2020}', '\u{2021}', '\u{2026}', '\u{2014}', '\u{2013}', '\u{0192}',
        '\u{2044}', '\u{2039}', '\u{203a}', '\u{2212}', '\u{2030}', '\u{201e}', '\u{201c}',
        '\u{201d}', '\u{2018}', '\u{2019}', '\u{201a}', '\u{2122}', '\u{fb01}', '\u{fb02}',
        '\u{0141}', '\u{0152}', '\u{0160}', '\u{0178}', '\u{017d}', '\u{0131}', '\u{0142}',
        '\u{0153}', '\u{0161}', '\u{017e}', '\u{fffd}',
    ];
    const LOW: [char; 8] = [
        '\u{02d8}', '\u{02c7}', '\u{02c6}', '\u{02d9}', '\u{02dd}', '\u{02db}', '\u{02da}',
        '\u{02dc}',
    ];
    match b {
        0x18..=0x1f => LOW
            .get(usize::from(b - 0x18))
            .copied()
            .unwrap_or('\u{fffd}'),
        0x7f | 0xad => '\u{fffd}',
        0x80..=0x9f => HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or('\u{fffd}'),
        0xa0 => '\u{20ac}',
        _ => char::from(b),
    }
}

/// The calendar date of a PDF date string `D:YYYYMMDDHHmmSSOHH'mm'` (the `D:` prefix is
/// optional, as many writers omit it; month and day default to 01). The time and zone are
/// checked for shape only: the date is the author's local date.
pub fn parse_pdf_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 4 || digits % 2 != 0 || digits > 14 {
        return None;
    }
    let field = |from: usize| s.get(from..from + 2).filter(|f| f.len() == 2);
    let year = s.get(..4)?;
    let month = if digits >= 6 { field(4)? } else { "01" };
    let day = if digits >= 8 { field(6)? } else { "01" };
    let (hour, minute, second) = (
        field(8).filter(|_| digits >= 10).unwrap_or("00"),
        field(10).filter(|_| digits >= 12).unwrap_or("00"),
        field(12).filter(|_| digits >= 14).unwrap_or("00"),
    );
    let in_range = |f: &str, max: u32| f.parse::<u32>().is_ok_and(|n| n <= max);
    if !(in_range(hour, 23) && in_range(minute, 59) && in_range(second, 59)) {
        return None;
    }
    if !zone_ok(s.get(digits..).unwrap_or("")) {
        return None;
    }
    crate::evidence::load::attestation::parse_date(&format!("{year}-{month}-{day}"))
}

/// `Z`, `+HH'mm'`, `-HH'mm`, `+HH`, or nothing (an unknown zone); a trailing `'` is allowed.
fn zone_ok(z: &str) -> bool {
    let Some(rest) = z.strip_prefix(['+', '-']) else {
        return matches!(z, "" | "Z" | "Z00'00'" | "Z00'00");
    };
    let parts: Vec<&str> = rest.trim_end_matches('\'').split('\'').collect();
    let two_digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [h] => two_digits(h),
        [h, m] => two_digits(h) && two_digits(m),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: u8, day: u8) -> Option<Date> {
        Some(Date {
            year: y,
            month: m,
            day,
        })
    }

    #[test]
    fn pdf_dates_parse() {
        assert_eq!(parse_pdf_date("D:20261001143000+01'00'"), d(2026, 10, 1));
        assert_eq!(parse_pdf_date("D:20261001143000+01'00"), d(2026, 10, 1));
        assert_eq!(parse_pdf_date("D:20261001143000Z"), d(2026, 10, 1));
        assert_eq!(parse_pdf_date("D:20261001143000Z00'00'"), d(2026, 10, 1));
        assert_eq!(parse_pdf_date("20261001"), d(2026, 10, 1));
        assert_eq!(parse_pdf_date("D:2026"), d(2026, 1, 1));
        assert_eq!(parse_pdf_date("D:202603"), d(2026, 3, 1));
        assert_eq!(parse_pdf_date("D:20261001235959-05'30'"), d(2026, 10, 1));
    }

    #[test]
    fn bad_pdf_dates_do_not() {
        for s in [
            "",
            "D:",
            "D:26",
            "D:202",
            "D:20261301",
            "D:20260230",
            "D:20261001250000",
            "D:20261001146000",
            "D:20261001143000+1'00'",
            "D:20261001143000 garbage",
            "D:202610011430001",
            "1 October 2026",
            "D:٢٠٢٦",
        ] {
            assert_eq!(parse_pdf_date(s), None, "{s}");
        }
    }

    #[test]
    fn text_strings_decode() {
        // UTF-16BE with BOM, including a non-BMP character and a language escape.
        let mut raw = vec![0xFE, 0xFF];
        for u in "Pr\u{fc}f \u{1b}nl\u{1b}\u{1F512} \u{2713}".encode_utf16() {
            raw.extend(u.to_be_bytes());
        }
        assert_eq!(decode_text(&raw), "Prüf \u{1F512} \u{2713}");
        // PDFDocEncoding: bullet, en dash, euro, Latin-1.
        assert_eq!(decode_text(b"\x80 a\x85b \xa0 caf\xe9"), "• a–b € café");
        // UTF-8 with BOM (PDF 2.0).
        assert_eq!(
            decode_text("\u{feff}Zertifikat ✓".as_bytes()),
            "Zertifikat ✓"
        );
        // A lone surrogate and an odd trailing byte do not panic.
        assert_eq!(decode_text(&[0xFE, 0xFF, 0xD8, 0x00, 0x00]), "\u{fffd}");
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(
            decode_text(b"  Evil\x00 red\x07\r\n\tbell\x7f  "),
            "Evil red bell\u{fffd}"
        );
        // 0x1B is a breve accent in PDFDocEncoding, not ESC: no terminal escape survives.
        assert_eq!(decode_text(b"a\x1b[31m"), "a\u{2d9}[31m");
        assert_eq!(clean("a\u{0}b\u{9f}c\u{7f}d"), "abcd");
        assert_eq!(clean("\u{feff}\n\t "), "");
    }

    #[test]
    fn sniffing_needs_the_magic_near_the_start() {
        assert!(sniff(b"%PDF-1.7\n"));
        assert!(sniff(b"junk\n%PDF-1.4"));
        assert!(!sniff(b"PDF-1.4"));
        let mut far = vec![b' '; 2000];
        far.extend(b"%PDF-1.4");
        assert!(!sniff(&far));
    }

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn non_pdfs_and_garbage_are_one_error() {
        for bytes in [
            &b"hello"[..],
            b"%PDF-",
            b"%PDF-1.7\n",
            b"%PDF-1.7\n\x00\xff garbage \x01",
        ] {
            let e = read("x.pdf", bytes, &limits()).unwrap_err();
            assert_eq!(e.code, PDF_INVALID, "{bytes:?}: {e:?}");
        }
    }
}
