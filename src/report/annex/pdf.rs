//! The contract annex as a PDF: A4, base-14 fonts (Helvetica, Helvetica-Bold, Courier) with
//! WinAnsiEncoding, wrapped paragraphs and ruled tables, `page n / N` footers, a document
//! information dictionary and a fixed trailer `/ID`.
//!
//! Deterministic: the creation date is the annex date, the `/ID` is a digest of the page
//! contents, lopdf writes objects in id order; rendering twice gives the same bytes.
//! Vendor strings are encoded to cp1252 by [`winansi`] (controls and characters outside
//! cp1252 become `?`) and written as PDF string objects, which lopdf escapes; they can never
//! become content-stream operators.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};

use super::winansi::{self, Font};
use super::{Annex, AnnexError};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const BOTTOM: f32 = 64.0;
const BODY: f32 = 10.0;
/// Lines one table cell may take (a hostile answer cannot fill pages).
const MAX_CELL_LINES: usize = 30;
/// Lines one paragraph may take.
const MAX_PARA_LINES: usize = 200;

/// A drawing operation on a page.
#[derive(Debug, Clone)]
enum Op {
    Text {
        font: Font,
        size: f32,
        x: f32,
        y: f32,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: bool,
    },
}

/// Lays content out top to bottom, starting a new page when the next block does not fit.
struct Layout {
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            pages: Vec::new(),
            ops: Vec::new(),
            y: PAGE_H - MARGIN,
        }
    }

    fn width() -> f32 {
        PAGE_W - 2.0 * MARGIN
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.y = PAGE_H - MARGIN;
    }

    /// Makes room for `h` points, on a new page if needed.
    fn need(&mut self, h: f32) {
        if self.y - h < BOTTOM && !self.ops.is_empty() {
            self.new_page();
        }
    }

    fn text(&mut self, font: Font, size: f32, x: f32, y: f32, text: &str) {
        self.ops.push(Op::Text {
            font,
            size,
            x,
            y,
            text: text.to_owned(),
        });
    }

    /// A wrapped paragraph.
    fn para(&mut self, font: Font, size: f32, text: &str, gap_after: f32) {
        let leading = size * 1.3;
        for line in winansi::wrap(text, font, size, Layout::width(), MAX_PARA_LINES) {
            self.need(leading);
            self.y -= leading;
            self.text(font, size, MARGIN, self.y + size * 0.25, &line);
        }
        self.y -= gap_after;
    }

    fn heading(&mut self, text: &str) {
        self.need(40.0);
        self.y -= 8.0;
        self.para(Font::Bold, 13.0, text, 4.0);
    }

    /// A ruled table: `widths` are fractions of the text width; the first row is the header.
    fn table(&mut self, widths: &[f32], fonts: &[Font], rows: &[Vec<String>]) {
        let size = 8.5;
        let leading = size * 1.25;
        let pad = 3.0;
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<(f32, Font, Vec<String>)> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let w = widths.get(i).copied().unwrap_or(0.2) * Layout::width();
                    let font = if r == 0 {
                        Font::Bold
                    } else {
                        fonts.get(i).copied().unwrap_or(Font::Regular)
                    };
                    let lines = winansi::wrap(cell, font, size, w - 2.0 * pad, MAX_CELL_LINES);
                    (w, font, lines)
                })
                .collect();
            let n = cells.iter().map(|c| c.2.len()).max().unwrap_or(1).max(1);
            #[allow(clippy::cast_precision_loss)]
            let h = n as f32 * leading + 2.0 * pad;
            self.need(h);
            let top = self.y;
            let mut x = MARGIN;
            for (w, font, lines) in &cells {
                self.ops.push(Op::Rect {
                    x,
                    y: top - h,
                    w: *w,
                    h,
                    fill: r == 0,
                });
                let mut ly = top - pad;
                for line in lines {
                    ly -= leading;
                    self.text(*font, size, x + pad, ly + size * 0.25, line);
                }
                x += w;
            }
            self.y -= h;
        }
        self.y -= 8.0;
    }

    fn finish(mut self) -> Vec<Vec<Op>> {
        if !self.ops.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        self.pages
    }
}

/// Lays out the annex's sections.
fn lay_out(a: &Annex) -> Vec<Vec<Op>> {
    let l = &a.labels;
    let mut p = Layout::new();
    p.para(Font::Bold, 16.0, l.annex, 2.0);
    p.para(
        Font::Bold,
        12.0,
        &format!("{} {}", a.tender.id, a.tender.title),
        8.0,
    );
    let kv = |k: &str, v: &str| vec![k.to_owned(), v.to_owned()];
    p.table(
        &[0.3, 0.7],
        &[Font::Bold, Font::Regular],
        &[
            kv(l.tender, &a.tender.id),
            kv(l.buyer, &a.tender.buyer),
            kv(l.published, &a.tender.published),
            kv(l.deadline, &a.tender.deadline),
            kv(l.vendor, &a.vendor.name),
            kv(l.product, &a.vendor.product),
            kv(l.version, &a.vendor.version),
            kv(l.date, &a.date),
        ],
    );
    p.heading(l.clauses);
    for c in &a.clauses {
        p.need(50.0);
        p.para(Font::Bold, 10.5, &format!("{} {}", c.id, c.title), 1.0);
        let mut meta = c.kind.clone();
        if !c.weight.is_empty() {
            meta = format!("{meta}, {}", c.weight);
        }
        meta = format!(
            "{meta} · {}: {} · {}: {}",
            l.refs, c.refs, l.verdict, c.verdict
        );
        if !c.score.is_empty() {
            meta = format!("{meta} ({} {})", l.score, c.score);
        }
        p.para(Font::Regular, 8.5, &meta, 1.0);
        p.para(Font::Regular, BODY, &c.text, 6.0);
    }
    p.heading(l.params);
    let mut rows = vec![vec![l.param.to_owned(), l.value.to_owned()]];
    rows.extend(
        a.params
            .iter()
            .map(|r| vec![r.name.clone(), r.value.clone()]),
    );
    p.table(&[0.5, 0.5], &[Font::Regular, Font::Regular], &rows);
    p.heading(l.commitments);
    p.para(Font::Regular, BODY, l.commitments_intro, 4.0);
    let mut rows = vec![vec![
        l.path.to_owned(),
        l.value.to_owned(),
        l.question.to_owned(),
        l.clauses.to_owned(),
    ]];
    rows.extend(a.commitments.iter().map(|c| {
        vec![
            c.path.clone(),
            c.value.clone(),
            c.question.clone(),
            c.clauses.clone(),
        ]
    }));
    p.table(
        &[0.3, 0.25, 0.3, 0.15],
        &[Font::Mono, Font::Regular, Font::Regular, Font::Regular],
        &rows,
    );
    p.heading(l.waivers);
    if a.waivers.is_empty() {
        p.para(Font::Regular, BODY, l.no_waivers, 4.0);
    } else {
        let mut rows = vec![vec![
            l.clauses.to_owned(),
            l.until.to_owned(),
            l.reason.to_owned(),
        ]];
        rows.extend(
            a.waivers
                .iter()
                .map(|w| vec![w.id.clone(), w.until.clone(), w.reason.clone()]),
        );
        p.table(
            &[0.2, 0.2, 0.6],
            &[Font::Regular, Font::Regular, Font::Regular],
            &rows,
        );
    }
    p.heading(l.award);
    p.table(
        &[0.3, 0.7],
        &[Font::Bold, Font::Regular],
        &[
            kv(l.status, &a.verdict.status),
            kv(l.award_score, &a.verdict.award_score),
            kv(l.results, &a.verdict.counts),
            kv(l.knockouts_failed, &a.verdict.knockouts_failed),
        ],
    );
    p.heading(l.files);
    p.para(Font::Regular, BODY, l.files_intro, 4.0);
    let mut rows = vec![vec![
        l.file.to_owned(),
        l.kind.to_owned(),
        l.size.to_owned(),
        "SHA-256".to_owned(),
    ]];
    rows.extend(a.files.iter().map(|f| {
        vec![
            f.path.clone(),
            f.kind.clone(),
            f.size.clone(),
            f.sha256.clone(),
        ]
    }));
    p.table(
        &[0.3, 0.11, 0.09, 0.5],
        &[Font::Regular, Font::Regular, Font::Regular, Font::Mono],
        &rows,
    );
    p.para(Font::Regular, 8.0, &a.producer, 0.0);
    p.finish()
}

fn real(v: f32) -> Object {
    Object::Real(v)
}

/// The content stream operations of one page, footer included.
fn page_ops(ops: &[Op], footer: &str) -> Vec<Operation> {
    let mut out = vec![Operation::new("w", vec![real(0.5)])];
    let text = |font: Font, size: f32, x: f32, y: f32, s: &str| {
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![font.resource().into(), real(size)]),
            Operation::new("Td", vec![real(x), real(y)]),
            Operation::new(
                "Tj",
                vec![Object::String(winansi::encode(s), StringFormat::Literal)],
            ),
            Operation::new("ET", vec![]),
        ]
    };
    for op in ops {
        match op {
            Op::Text {
                font,
                size,
                x,
                y,
                text: s,
            } => out.extend(text(*font, *size, *x, *y, s)),
            Op::Rect { x, y, w, h, fill } => {
                if *fill {
                    out.push(Operation::new("g", vec![real(0.92)]));
                    out.push(Operation::new(
                        "re",
                        vec![real(*x), real(*y), real(*w), real(*h)],
                    ));
                    out.push(Operation::new("f", vec![]));
                    out.push(Operation::new("g", vec![real(0.0)]));
                }
                out.push(Operation::new(
                    "re",
                    vec![real(*x), real(*y), real(*w), real(*h)],
                ));
                out.push(Operation::new("S", vec![]));
            }
        }
    }
    out.extend(text(Font::Regular, 8.0, MARGIN, 32.0, footer));
    out
}

/// `D:YYYYMMDD000000Z` from `YYYY-MM-DD`.
fn pdf_date(date: &str) -> String {
    format!("D:{}000000Z", date.replace('-', ""))
}

/// Renders the annex as PDF bytes.
pub fn render_pdf(a: &Annex) -> Result<Vec<u8>, AnnexError> {
    let pages = lay_out(a);
    let total = pages.len();
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut fonts = Dictionary::new();
    for font in [Font::Regular, Font::Bold, Font::Mono] {
        let id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => font.base_font(),
            "Encoding" => "WinAnsiEncoding",
        });
        fonts.set(font.resource(), id);
    }
    let resources = doc.add_object(dictionary! { "Font" => fonts });
    let mut kids: Vec<Object> = Vec::new();
    let mut digest = Sha256::new();
    for (i, ops) in pages.iter().enumerate() {
        let footer = format!(
            "{} · {} · {} {} / {}",
            a.tender.id,
            a.vendor.name,
            a.labels.page,
            i + 1,
            total
        );
        let content = Content {
            operations: page_ops(ops, &footer),
        }
        .encode()
        .map_err(|e| AnnexError::Pdf(e.to_string()))?;
        digest.update(&content);
        let mut stream = Stream::new(Dictionary::new(), content);
        stream
            .compress()
            .map_err(|e| AnnexError::Pdf(e.to_string()))?;
        let content_id = doc.add_object(stream);
        let page_id: ObjectId = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), real(PAGE_W), real(PAGE_H)],
        });
        kids.push(page_id.into());
    }
    let count = i64::try_from(kids.len()).unwrap_or(i64::MAX);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let title = format!("{} {}: {}", a.labels.annex, a.tender.id, a.vendor.name);
    let date = pdf_date(&a.date);
    let info = doc.add_object(dictionary! {
        "Title" => lopdf::text_string(&title),
        "Subject" => lopdf::text_string(&a.tender.title),
        "Producer" => lopdf::text_string(&a.producer),
        "CreationDate" => Object::string_literal(date.as_bytes().to_vec()),
        "ModDate" => Object::string_literal(date.as_bytes().to_vec()),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    digest.update(title.as_bytes());
    let id: Vec<u8> = digest.finalize().iter().take(16).copied().collect();
    doc.trailer.set(
        "ID",
        vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ],
    );
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| AnnexError::Pdf(e.to_string()))?;
    Ok(out)
}
