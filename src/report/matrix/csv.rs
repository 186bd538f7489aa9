//! CSV: RFC 4180 quoting by the `csv` crate, formula defusing by `escape::csv_cell` on every
//! cell (headers included: vendor names become headers in comparisons).

use std::io::{self, Write};

use super::common;
use crate::engine::verdict::{Assessment, ClauseResult, Comparison};
use crate::report::escape;

pub(super) const RESULT_HEADER: [&str; 13] = [
    "vendor",
    "id",
    "kind",
    "title",
    "verdict",
    "score",
    "weight",
    "refs",
    "explanation",
    "witnesses",
    "witness_count",
    "waiver",
    "defined_at",
];

const RANKING_HEADER: [&str; 6] = [
    "rank",
    "vendor",
    "product",
    "status",
    "award_score",
    "knockouts_failed",
];

pub fn assessment(a: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
    write_row(&mut w, RESULT_HEADER.map(String::from))?;
    for r in &a.results {
        write_row(&mut w, result_row(&a.vendor, r))?;
    }
    w.flush()
}

pub fn comparison(c: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    {
        let mut w = writer(&mut *out);
        write_row(&mut w, RANKING_HEADER.map(String::from))?;
        for (bid, rank) in c.bids.iter().zip(common::ranks(c)) {
            write_row(&mut w, ranking_row(bid, rank))?;
        }
        w.flush()?;
    }
    out.write_all(b"\n")?;
    let mut w = writer(out);
    let mut head: Vec<String> = ["id", "kind", "title"].map(String::from).to_vec();
    head.extend(c.bids.iter().map(|b| b.vendor.clone()));
    write_row(&mut w, head)?;
    for row in common::clause_rows(c) {
        let mut cells = vec![
            row.id.to_owned(),
            row.kind.name().to_owned(),
            row.title.to_owned(),
        ];
        cells.extend(row.cells.iter().map(|cell| {
            cell.map(|r| r.verdict.name())
                .unwrap_or_default()
                .to_owned()
        }));
        write_row(&mut w, cells)?;
    }
    w.flush()
}

fn writer<W: Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out)
}

fn write_row<W: Write>(
    w: &mut ::csv::Writer<W>,
    cells: impl IntoIterator<Item = String>,
) -> io::Result<()> {
    w.write_record(cells.into_iter().map(|c| escape::csv_cell(&c)))
        .map_err(io::Error::other)
}

pub(super) fn result_row(vendor: &str, r: &ClauseResult) -> [String; 13] {
    let witnesses: Vec<String> = r.witnesses.iter().map(common::witness_text).collect();
    [
        vendor.to_owned(),
        r.id.clone(),
        r.kind.name().to_owned(),
        r.title.clone(),
        r.verdict.name().to_owned(),
        common::score_text(r.score).unwrap_or_default(),
        r.weight.map(|w| w.to_string()).unwrap_or_default(),
        r.refs.join("; "),
        r.explanation.clone(),
        witnesses.join("; "),
        r.witness_count.max(r.witnesses.len()).to_string(),
        common::waiver_text(r).unwrap_or_default(),
        r.defined_at.clone(),
    ]
}

fn ranking_row(bid: &Assessment, rank: Option<usize>) -> [String; 6] {
    [
        rank.map(|r| r.to_string()).unwrap_or_default(),
        bid.vendor.clone(),
        bid.product.clone().unwrap_or_default(),
        bid.summary.status.name().to_owned(),
        common::score_text(bid.summary.award_score).unwrap_or_default(),
        bid.summary.knockouts_failed.join("; "),
    ]
}
