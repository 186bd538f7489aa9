//! The terminal table: aligned columns sized from their content (display width), details
//! indented under failing rows, ANSI colour only on request. Every string passes
//! `escape::terminal`.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::RenderOptions;
use super::common::{self, ClauseRow};
use crate::engine::verdict::{Assessment, ClauseResult, Comparison, Status, Verdict};
use crate::report::escape;

/// Titles longer than this are cut with `…`.
const TITLE_WIDTH: usize = 60;
/// Vendor columns of a comparison are cut at this width.
const VENDOR_WIDTH: usize = 24;

pub fn assessment(a: &Assessment, opts: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint(opts.color);
    header(out, &a.tender_id, &a.tender_title, common::date(a.as_of))?;
    writeln!(out, "Bid     {}", escape::terminal(&common::bid_name(a)))?;
    let status = escape::terminal(&common::status_line(&a.summary));
    writeln!(out, "Status  {}", paint.status(a.summary.status, &status))?;
    let score = common::score_text(a.summary.award_score).unwrap_or_else(|| "—".to_owned());
    writeln!(
        out,
        "        {} · award score {score}",
        common::counts_line(&a.summary)
    )?;
    writeln!(out)?;

    let rows: Vec<Vec<String>> = a.results.iter().map(result_cells).collect();
    let head = ["VERDICT", "ID", "KIND", "TITLE", "SCORE"].map(String::from);
    let widths = widths(&head, &rows);
    writeln!(out, "  {}", line(&head, &widths).trim_end())?;
    for (r, cells) in a.results.iter().zip(&rows) {
        let text = line(cells, &widths);
        writeln!(
            out,
            "{} {}",
            paint.verdict(r.verdict, common::verdict_symbol(r.verdict)),
            paint.row(r.verdict, text.trim_end())
        )?;
        details(r, opts, out)?;
    }
    Ok(())
}

pub fn comparison(c: &Comparison, opts: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint(opts.color);
    header(out, &c.tender_id, &c.tender_title, common::date(c.as_of))?;
    writeln!(out)?;
    let head = ["RANK", "VENDOR", "STATUS", "AWARD SCORE"].map(String::from);
    let rows: Vec<Vec<String>> = c
        .bids
        .iter()
        .zip(common::ranks(c))
        .map(|(bid, rank)| ranking_cells(bid, rank))
        .collect();
    let widths = widths(&head, &rows);
    writeln!(out, "{}", line(&head, &widths).trim_end())?;
    for (bid, cells) in c.bids.iter().zip(&rows) {
        let text = line(cells, &widths);
        writeln!(out, "{}", paint.status(bid.summary.status, text.trim_end()))?;
    }
    writeln!(out)?;
    matrix(c, &paint, out)
}

fn header(out: &mut dyn Write, id: &str, title: &str, as_of: String) -> io::Result<()> {
    writeln!(
        out,
        "Tender  {} — {}",
        escape::terminal(id),
        escape::terminal(title)
    )?;
    writeln!(out, "As of   {as_of}")
}

fn result_cells(r: &ClauseResult) -> Vec<String> {
    vec![
        common::verdict_word(r.verdict).to_owned(),
        escape::terminal(&r.id),
        common::kind_word(r.kind).to_owned(),
        cut(&escape::terminal(&r.title), TITLE_WIDTH),
        common::score_text(r.score).unwrap_or_default(),
    ]
}

fn ranking_cells(bid: &Assessment, rank: Option<usize>) -> Vec<String> {
    vec![
        rank.map_or_else(|| "—".to_owned(), |r| r.to_string()),
        escape::terminal(&common::bid_name(bid)),
        escape::terminal(&common::status_line(&bid.summary)),
        common::score_text(bid.summary.award_score).unwrap_or_else(|| "—".to_owned()),
    ]
}

/// The clause × bid matrix of a comparison.
fn matrix(c: &Comparison, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let mut head: Vec<String> = vec!["ID".into(), "KIND".into()];
    head.extend(
        c.bids
            .iter()
            .map(|b| cut(&escape::terminal(&b.vendor), VENDOR_WIDTH)),
    );
    let clause_rows = common::clause_rows(c);
    let rows: Vec<Vec<String>> = clause_rows.iter().map(matrix_cells).collect();
    let widths = widths(&head, &rows);
    writeln!(out, "{}", line(&head, &widths).trim_end())?;
    for (row, cells) in clause_rows.iter().zip(&rows) {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let padded = pad(cell, *w);
            let verdict = i
                .checked_sub(2)
                .and_then(|b| row.cells.get(b))
                .copied()
                .flatten();
            match verdict {
                Some(r) => text.push_str(&paint.verdict(r.verdict, &padded)),
                None => text.push_str(&padded),
            }
            text.push(' ');
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

fn matrix_cells(row: &ClauseRow<'_>) -> Vec<String> {
    let mut cells = vec![
        escape::terminal(row.id),
        common::kind_word(row.kind).to_owned(),
    ];
    cells.extend(row.cells.iter().map(|cell| common::matrix_cell(*cell)));
    cells
}

/// The explanation, witnesses and waiver under a result.
fn details(r: &ClauseResult, opts: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    if !common::has_details(r) {
        return Ok(());
    }
    for l in r.explanation.lines().filter(|l| !l.trim().is_empty()) {
        writeln!(out, "    {}", escape::terminal(l))?;
    }
    let shown = r.witnesses.iter().take(opts.max_witnesses);
    for w in shown.clone() {
        let mut text = format!(
            "    - {}: {}",
            escape::terminal(&w.subject),
            escape::terminal(common::witness_value(w))
        );
        if let Some(place) = common::witness_place(w) {
            text.push_str(&format!("  ({})", escape::terminal(&place)));
        }
        writeln!(out, "{text}")?;
    }
    if let Some(more) = common::more_than_shown(r, shown.count()) {
        writeln!(out, "    {}", common::more_text(more))?;
    }
    if let Some(w) = common::waiver_text(r) {
        writeln!(out, "    {}", escape::terminal(&w))?;
    }
    Ok(())
}

/// The display width of each column: the widest of its header and cells.
fn widths(head: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    head.iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .chain([h.width()])
                .max()
                .unwrap_or(0)
        })
        .collect()
}

fn line(cells: &[String], widths: &[usize]) -> String {
    let mut s = String::new();
    for (cell, w) in cells.iter().zip(widths) {
        s.push_str(&pad(cell, *w));
        s.push(' ');
    }
    s
}

fn pad(cell: &str, width: usize) -> String {
    let fill = width.saturating_sub(cell.width());
    format!("{cell}{}", " ".repeat(fill))
}

/// Cuts `s` to at most `max` display columns, ending with `…` when cut.
fn cut(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// ANSI colour, or none.
struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }

    fn verdict(&self, v: Verdict, text: &str) -> String {
        let code = match v {
            Verdict::Pass => "32",
            Verdict::Fail => "31",
            Verdict::Unknown => "33",
            Verdict::NotApplicable => "2",
            Verdict::Waived => "36",
        };
        self.wrap(code, text)
    }

    /// A whole result row: coloured like its verdict only when it needs attention.
    fn row(&self, v: Verdict, text: &str) -> String {
        match v {
            Verdict::Fail | Verdict::Unknown => self.verdict(v, text),
            _ => text.to_owned(),
        }
    }

    fn status(&self, s: Status, text: &str) -> String {
        match s {
            Status::Qualified => self.wrap("1;32", text),
            Status::Disqualified => self.wrap("1;31", text),
        }
    }
}
