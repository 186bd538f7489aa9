//! Compliance-matrix renderers: an [`Assessment`] (one bid) or a [`Comparison`] (several bids
//! for one tender) turned into bytes for a writer, in one of several formats.
//!
//! Inputs are the plain verdict data of `engine::verdict`; outputs are bytes. Renderers are
//! pure and deterministic: no clock, no environment, no terminal size; the same input gives
//! the same bytes (tested). Every vendor string goes through `report::escape` for its output
//! kind. Nothing here decides a verdict, ranks bids or trims witnesses: the evaluator did.
//!
//! # Formats
//!
//! | format | `check` | `compare` | shape |
//! |---|---|---|---|
//! | `table` | ✔ | ✔ | aligned terminal text (below) |
//! | `json` | ✔ | ✔ | `report::wire`, specified by `schemas/report.schema.json` |
//! | `csv` | ✔ | ✔ | RFC 4180, header row, formulas defused |
//! | `markdown` | ✔ | ✔ | GitHub-flavoured Markdown |
//! | `html` | ✔ | ✔ | one self-contained page |
//! | `sarif` | ✔ | | SARIF 2.1.0 |
//! | `junit` | ✔ | | JUnit XML |
//! | `xlsx` | | ✔ | Office Open XML workbook |
//!
//! **table** — a header (tender, bid, as-of date), a status line (`QUALIFIED` or
//! `DISQUALIFIED: knock-out KO-1 failed`), the counts, then one row per result: verdict
//! symbol and word, id, kind, title (cut at 60 columns), score. Under each fail and unknown
//! the explanation and up to [`RenderOptions::max_witnesses`] witnesses are indented
//! (`  - component openssl@1.0.2k: GPL-3.0-only  (sbom.cdx.json#/components/12)`), then
//! `…and 4,812 more` when the evaluator kept fewer witnesses than it found. Waived results
//! show their waiver. Column widths come from the content (display width), never from the
//! terminal, so output does not depend on where it is printed; ANSI colour only with
//! [`RenderOptions::color`]. A comparison shows the ranking, then the clause × bid matrix.
//! Written by hand rather than with a table crate: the rows carry indented detail lines that
//! table crates cannot express, and their width detection would make tests depend on the
//! terminal.
//!
//! **json** — `report::wire::AssessmentReport` / `ComparisonReport` serialised with two-space
//! indentation and a final newline. Strings are the raw data (JSON-escaped, control
//! characters as `\u001b`); consumers escape for their own output. Scores are rounded to two
//! decimals.
//!
//! **csv** — assessment: columns `vendor, id, kind, title, verdict, score, weight, refs,
//! explanation, witnesses, witness_count, waiver, defined_at`; list cells are joined with
//! `; `, witnesses as `subject: value (file#pointer)`. Comparison: a ranking block
//! (`rank, vendor, product, status, award_score, knockouts_failed`), an empty line, then a
//! matrix block (`id, kind, title`, then one verdict column per bid in ranking order). Every
//! cell passes `escape::csv_cell` (formula defusing).
//!
//! **markdown** — a title, a bullet summary, a results table (cells through
//! `escape::markdown_cell`, so vendor text cannot add columns, links or HTML), then a
//! "Details" section with one heading per fail, unknown and waived result.
//!
//! **html** — one file, no external assets: inline CSS and a small inline script (sort by
//! clicking a column header, filter by verdict and text). A Content-Security-Policy meta
//! allows only that style and script (by SHA-256 hash) and nothing external; without
//! JavaScript the tables are complete and readable and the filter controls stay hidden.
//! Every vendor string passes `escape::html`.
//!
//! **sarif** — SARIF 2.1.0, one run; `tool.driver.rules` are the clauses (id, name,
//! shortDescription, help); a result per fail, unknown and waived result. Levels: fail of a
//! knock-out is `error`, of a recommended clause `warning`, of a criterion `note`; unknown
//! of a knock-out is `warning` (it may disqualify), other unknowns `note`; a waived result
//! keeps its fail level and carries a `suppressions` entry (`external`, `accepted`, the
//! waiver as justification), which code-scanning tools show as dismissed. The location is the
//! first witness's evidence file (`artifactLocation.uri` relative to the bid folder, with
//! `region.startLine` for line locators and `properties.pointer` for JSON pointers), else the
//! clause's definition (`defined_at`, `file:line:column`). Message texts pass
//! `escape::terminal` because SARIF viewers show them as plain text.
//!
//! **junit** — `<testsuites>` with one `<testsuite>` per bid and one `<testcase>` per
//! result (`classname` = kind, `name` = `id: title`). fail → `<failure>`; unknown knock-out
//! → `<failure type="unknown">`; other unknowns, not-applicable and waived → `<skipped
//! message=…>`. No timestamps. Everything passes `escape::xml`.
//!
//! **xlsx** — sheets "Ranking", "Matrix" (one column per bid) and "Details" (one row per
//! bid × result), header rows frozen, verdict cells coloured by conditional formats. Every
//! value is written as a string cell after `escape::csv_cell`, never as a formula; the
//! document's creation date is the comparison's as-of date, so the bytes are reproducible.

pub(crate) mod common;
mod csv;
mod html;
mod junit;
mod markdown;
mod sarif;
mod table;
mod xlsx;

use std::io::{self, Write};
use std::str::FromStr;

use crate::engine::verdict::{Assessment, Comparison};
use crate::report::wire;

/// Output formats of `check` (one bid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckFormat {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
    Sarif,
    Junit,
}

/// Output formats of `compare` (several bids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareFormat {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
    Xlsx,
}

/// A format name that is not one of the formats offered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{given}`; expected one of: {expected}")]
pub struct UnknownFormat {
    pub given: String,
    pub expected: String,
}

macro_rules! format_names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every format, in the order `--help` lists them.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name used by `--format`.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            /// The usual file extension of this format.
            pub fn extension(self) -> &'static str {
                match self {
                    $($ty::$variant => extension_of($name)),+
                }
            }
        }

        impl FromStr for $ty {
            type Err = UnknownFormat;

            fn from_str(s: &str) -> Result<$ty, UnknownFormat> {
                $ty::ALL.iter().copied().find(|f| f.name() == s).ok_or_else(|| UnknownFormat {
                    given: s.to_owned(),
                    expected: $ty::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "),
                })
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

format_names!(CheckFormat {
    Table => "table",
    Json => "json",
    Csv => "csv",
    Markdown => "markdown",
    Html => "html",
    Sarif => "sarif",
    Junit => "junit",
});

format_names!(CompareFormat {
    Table => "table",
    Json => "json",
    Csv => "csv",
    Markdown => "markdown",
    Html => "html",
    Xlsx => "xlsx",
});

fn extension_of(name: &str) -> &'static str {
    match name {
        "table" => "txt",
        "json" => "json",
        "csv" => "csv",
        "markdown" => "md",
        "html" => "html",
        "sarif" => "sarif",
        "junit" => "xml",
        _ => "xlsx",
    }
}

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// ANSI colour in the terminal table (the CLI decides: TTY, `NO_COLOR`, `--color`).
    pub color: bool,
    /// The tool's version, written into JSON, SARIF and HTML.
    pub tool_version: &'a str,
    /// At most this many witnesses per result in human formats (table, Markdown, HTML);
    /// machine formats carry every witness the assessment holds.
    pub max_witnesses: usize,
}

impl<'a> RenderOptions<'a> {
    /// No colour, three witnesses per result.
    pub fn new(tool_version: &'a str) -> RenderOptions<'a> {
        RenderOptions {
            color: false,
            tool_version,
            max_witnesses: 3,
        }
    }
}

/// Writes the compliance matrix of one bid.
pub fn render_assessment(
    a: &Assessment,
    format: CheckFormat,
    opts: &RenderOptions<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        CheckFormat::Table => table::assessment(a, opts, out),
        CheckFormat::Json => write_json(&wire::AssessmentReport::new(a, opts.tool_version), out),
        CheckFormat::Csv => csv::assessment(a, out),
        CheckFormat::Markdown => markdown::assessment(a, opts, out),
        CheckFormat::Html => html::assessment(a, opts, out),
        CheckFormat::Sarif => sarif::assessment(a, opts, out),
        CheckFormat::Junit => junit::assessment(a, out),
    }
}

/// Writes several bids side by side: the ranking, then the clause × bid matrix.
pub fn render_comparison(
    c: &Comparison,
    format: CompareFormat,
    opts: &RenderOptions<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        CompareFormat::Table => table::comparison(c, opts, out),
        CompareFormat::Json => write_json(&wire::ComparisonReport::new(c, opts.tool_version), out),
        CompareFormat::Csv => csv::comparison(c, out),
        CompareFormat::Markdown => markdown::comparison(c, opts, out),
        CompareFormat::Html => html::comparison(c, opts, out),
        CompareFormat::Xlsx => xlsx::comparison(c, opts, out),
    }
}

fn write_json(value: &impl serde::Serialize, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in CheckFormat::ALL {
            assert_eq!(f.name().parse::<CheckFormat>(), Ok(*f));
        }
        for f in CompareFormat::ALL {
            assert_eq!(f.name().parse::<CompareFormat>(), Ok(*f));
        }
        let err = "xlsx".parse::<CheckFormat>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format `xlsx`; expected one of: table, json, csv, markdown, html, sarif, junit"
        );
        assert_eq!(CompareFormat::Markdown.extension(), "md");
        assert_eq!(CheckFormat::Junit.extension(), "xml");
    }
}
