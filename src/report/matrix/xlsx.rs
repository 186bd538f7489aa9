//! XLSX comparison workbooks with `rust_xlsxwriter`: sheets "Ranking", "Matrix" and
//! "Details", header rows frozen and filterable, verdict cells coloured by conditional
//! formats (the colours follow if someone edits a verdict). Every text is written as a
//! string cell after `escape::csv_cell` (the crate never turns a string into a formula; the
//! defusing protects users who export the sheet to CSV) and cut to Excel's cell limit.
//! Scores and ranks are numbers. The creation date is the comparison's as-of date, so two
//! renderings are byte-identical.

use std::io::{self, Write};

use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DocProperties, ExcelDateTime, Format,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::RenderOptions;
use super::common;
use super::csv::{RESULT_HEADER, result_row};
use crate::engine::verdict::{Comparison, Verdict};
use crate::report::escape;

/// Excel's limit is 32,767 UTF-16 units per cell; stay below it with room for `…`.
const MAX_CELL_UTF16: usize = 32_000;

const VERDICT_FILLS: [(Verdict, u32); 5] = [
    (Verdict::Pass, 0xE3F4E7),
    (Verdict::Fail, 0xFBDDE0),
    (Verdict::Unknown, 0xFFF1C2),
    (Verdict::NotApplicable, 0xF2F2F2),
    (Verdict::Waived, 0xDFEEFB),
];

pub fn comparison(c: &Comparison, opts: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    let bytes = workbook(c, opts).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn workbook(c: &Comparison, opts: &RenderOptions<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&properties(c, opts)?);
    book.push_worksheet(ranking(c)?);
    book.push_worksheet(matrix(c)?);
    book.push_worksheet(details(c)?);
    book.save_to_buffer()
}

fn properties(c: &Comparison, opts: &RenderOptions<'_>) -> Result<DocProperties, XlsxError> {
    let created = u16::try_from(c.as_of.year)
        .ok()
        .and_then(|y| ExcelDateTime::from_ymd(y, c.as_of.month, c.as_of.day).ok());
    let created = match created {
        Some(d) => d,
        None => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    Ok(DocProperties::new()
        .set_title(cell_text(&format!("Bid comparison: {}", c.tender_title)))
        .set_author(format!("tenderguard {}", cell_text(opts.tool_version)))
        .set_creation_datetime(&created))
}

fn ranking(c: &Comparison) -> Result<Worksheet, XlsxError> {
    let mut ws = sheet("Ranking")?;
    let head = [
        "Rank",
        "Vendor",
        "Product",
        "Status",
        "Award score",
        "Knock-outs failed",
    ];
    header_row(&mut ws, &head, &[6.0, 30.0, 30.0, 14.0, 12.0, 40.0])?;
    for ((bid, rank), row) in c.bids.iter().zip(common::ranks(c)).zip(1u32..) {
        if let Some(rank) = rank {
            ws.write_number(row, 0, u32::try_from(rank).unwrap_or(u32::MAX))?;
        }
        write_text(&mut ws, row, 1, &bid.vendor)?;
        write_text(&mut ws, row, 2, bid.product.as_deref().unwrap_or(""))?;
        write_text(&mut ws, row, 3, bid.summary.status.name())?;
        if let Some(score) = common::round2(bid.summary.award_score) {
            ws.write_number(row, 4, score)?;
        }
        write_text(&mut ws, row, 5, &bid.summary.knockouts_failed.join("; "))?;
    }
    Ok(ws)
}

fn matrix(c: &Comparison) -> Result<Worksheet, XlsxError> {
    let mut ws = sheet("Matrix")?;
    let mut head: Vec<&str> = vec!["Id", "Kind", "Title"];
    head.extend(c.bids.iter().map(|b| b.vendor.as_str()));
    let mut widths = vec![16.0, 12.0, 50.0];
    widths.extend(c.bids.iter().map(|_| 16.0));
    header_row(&mut ws, &head, &widths)?;
    let rows = common::clause_rows(c);
    for (clause, row) in rows.iter().zip(1u32..) {
        write_text(&mut ws, row, 0, clause.id)?;
        write_text(&mut ws, row, 1, clause.kind.name())?;
        write_text(&mut ws, row, 2, clause.title)?;
        for (cell, col) in clause.cells.iter().zip(3u16..) {
            write_text(&mut ws, row, col, cell.map_or("", |r| r.verdict.name()))?;
        }
    }
    let last_col = u16::try_from(c.bids.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    colour_verdicts(&mut ws, count_rows(rows.len()), 3, last_col.max(3))?;
    Ok(ws)
}

fn details(c: &Comparison) -> Result<Worksheet, XlsxError> {
    let mut ws = sheet("Details")?;
    let widths = [
        20.0, 16.0, 12.0, 40.0, 14.0, 8.0, 8.0, 20.0, 50.0, 60.0, 10.0, 40.0, 24.0,
    ];
    header_row(&mut ws, &RESULT_HEADER, &widths)?;
    let mut row = 0u32;
    for bid in &c.bids {
        for r in &bid.results {
            row = row.saturating_add(1);
            for (text, col) in result_row(&bid.vendor, r).iter().zip(0u16..) {
                write_text(&mut ws, row, col, text)?;
            }
        }
    }
    colour_verdicts(&mut ws, row, 4, 4)?;
    Ok(ws)
}

fn sheet(name: &str) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    Ok(ws)
}

/// A bold, bordered header row, frozen and with an autofilter, and the column widths.
fn header_row(ws: &mut Worksheet, head: &[&str], widths: &[f64]) -> Result<(), XlsxError> {
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF0F0F0))
        .set_border_bottom(FormatBorder::Thin);
    for (text, col) in head.iter().zip(0u16..) {
        ws.write_string_with_format(0, col, cell_text(text), &bold)?;
    }
    for (w, col) in widths.iter().zip(0u16..) {
        ws.set_column_width(col, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last = u16::try_from(head.len().saturating_sub(1)).unwrap_or(u16::MAX);
    ws.autofilter(0, 0, 0, last)?;
    Ok(())
}

/// One conditional fill per verdict over rows `1..=last_row` of columns `first..=last`.
fn colour_verdicts(
    ws: &mut Worksheet,
    last_row: u32,
    first: u16,
    last: u16,
) -> Result<(), XlsxError> {
    if last_row == 0 {
        return Ok(());
    }
    for (verdict, rgb) in VERDICT_FILLS {
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(verdict.name()))
            .set_format(Format::new().set_background_color(Color::RGB(rgb)));
        ws.add_conditional_format(1, first, last_row, last, &rule)?;
    }
    Ok(())
}

fn count_rows(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn write_text(ws: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    if !text.is_empty() {
        ws.write_string(row, col, cell_text(text))?;
    }
    Ok(())
}

/// Defused (`escape::csv_cell`) and cut to fit one cell.
fn cell_text(text: &str) -> String {
    let defused = escape::csv_cell(text);
    if defused.encode_utf16().count() <= MAX_CELL_UTF16 {
        return defused;
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in defused.chars() {
        used += ch.len_utf16();
        if used > MAX_CELL_UTF16 {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_cut_below_the_excel_limit() {
        let long = "x".repeat(40_000);
        let cut = cell_text(&long);
        assert!(cut.encode_utf16().count() <= MAX_CELL_UTF16 + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(cell_text("=1+1"), "'=1+1");
    }
}
