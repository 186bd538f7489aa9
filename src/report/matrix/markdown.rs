//! Markdown (GitHub-flavoured): a title, a summary, tables, then details per fail, unknown
//! and waived result. Every vendor string passes `escape::markdown_cell` (multi-line prose
//! line by line), so it can add neither columns, blocks, links, emphasis nor HTML.

use std::io::{self, Write};

use super::RenderOptions;
use super::common;
use crate::engine::verdict::{Assessment, ClauseResult, Comparison};
use crate::report::escape::markdown_cell as cell;

pub fn assessment(a: &Assessment, opts: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Compliance matrix: {}\n", cell(&common::bid_name(a)))?;
    tender_lines(out, &a.tender_id, &a.tender_title, common::date(a.as_of))?;
    writeln!(out, "\n## Summary\n")?;
    writeln!(out, "**{}**\n", cell(&common::status_line(&a.summary)))?;
    writeln!(out, "- {}", cell(&common::counts_line(&a.summary)))?;
    let score = common::score_text(a.summary.award_score).unwrap_or_else(|| "—".to_owned());
    writeln!(out, "- award score: {}", cell(&score))?;

    writeln!(out, "\n## Results\n")?;
    table_head(out, &["", "Id", "Kind", "Title", "Verdict", "Score"])?;
    for r in &a.results {
        let row = [
            common::verdict_symbol(r.verdict).to_owned(),
            cell(&r.id),
            common::kind_word(r.kind).to_owned(),
            cell(&r.title),
            common::verdict_word(r.verdict).to_owned(),
            common::score_text(r.score).unwrap_or_default(),
        ];
        table_row(out, &row)?;
    }
    let detailed: Vec<&ClauseResult> = a
        .results
        .iter()
        .filter(|r| common::has_details(r))
        .collect();
    if !detailed.is_empty() {
        writeln!(out, "\n## Details")?;
        for r in detailed {
            details(r, opts, out)?;
        }
    }
    Ok(())
}

pub fn comparison(
    c: &Comparison,
    _opts: &RenderOptions<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "# Bid comparison: {}\n", cell(&c.tender_title))?;
    tender_lines(out, &c.tender_id, &c.tender_title, common::date(c.as_of))?;
    writeln!(out, "\n## Ranking\n")?;
    table_head(out, &["Rank", "Vendor", "Status", "Award score"])?;
    for (bid, rank) in c.bids.iter().zip(common::ranks(c)) {
        let row = [
            rank.map_or_else(|| "—".to_owned(), |r| r.to_string()),
            cell(&common::bid_name(bid)),
            cell(&common::status_line(&bid.summary)),
            common::score_text(bid.summary.award_score).unwrap_or_else(|| "—".to_owned()),
        ];
        table_row(out, &row)?;
    }
    writeln!(out, "\n## Matrix\n")?;
    let mut head: Vec<String> = vec!["Id".into(), "Kind".into(), "Title".into()];
    head.extend(c.bids.iter().map(|b| cell(&b.vendor)));
    let head_refs: Vec<&str> = head.iter().map(String::as_str).collect();
    table_head(out, &head_refs)?;
    for row in common::clause_rows(c) {
        let mut cells = vec![
            cell(row.id),
            common::kind_word(row.kind).to_owned(),
            cell(row.title),
        ];
        cells.extend(row.cells.iter().map(|cell| common::matrix_cell(*cell)));
        table_row(out, &cells)?;
    }
    Ok(())
}

fn tender_lines(out: &mut dyn Write, id: &str, title: &str, as_of: String) -> io::Result<()> {
    writeln!(out, "- tender: {} ({})", cell(title), cell(id))?;
    writeln!(out, "- as of: {}", cell(&as_of))
}

fn table_head(out: &mut dyn Write, head: &[&str]) -> io::Result<()> {
    writeln!(out, "| {} |", head.join(" | "))?;
    let rule: Vec<&str> = head.iter().map(|_| "---").collect();
    writeln!(out, "| {} |", rule.join(" | "))
}

fn table_row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    writeln!(out, "| {} |", cells.join(" | "))
}

fn details(r: &ClauseResult, opts: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "\n### {} {} — {}\n",
        common::verdict_symbol(r.verdict),
        cell(&r.id),
        cell(&r.title)
    )?;
    writeln!(
        out,
        "{} {}, defined at {}\n",
        common::verdict_word(r.verdict),
        common::kind_word(r.kind),
        cell(&r.defined_at)
    )?;
    if !r.refs.is_empty() {
        writeln!(out, "References: {}\n", cell(&r.refs.join(", ")))?;
    }
    if !r.explanation.trim().is_empty() {
        writeln!(out, "{}\n", paragraph(&r.explanation))?;
    }
    let shown = r.witnesses.iter().take(opts.max_witnesses);
    for w in shown.clone() {
        let mut line = format!("- {}: {}", cell(&w.subject), cell(common::witness_value(w)));
        if let Some(place) = common::witness_place(w) {
            line.push_str(&format!(" ({})", cell(&place)));
        }
        writeln!(out, "{line}")?;
    }
    if let Some(more) = common::more_than_shown(r, shown.count()) {
        writeln!(out, "- {}", cell(&common::more_text(more)))?;
    }
    if let Some(w) = common::waiver_text(r) {
        writeln!(out, "\n{}", paragraph(&w))?;
    }
    Ok(())
}

/// Escaped prose whose line breaks stay inside one paragraph (each line escaped on its own,
/// so none can start a block).
fn paragraph(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(cell)
        .collect::<Vec<_>>()
        .join("  \n")
}
