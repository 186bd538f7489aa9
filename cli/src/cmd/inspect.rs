//! `tenderguard inspect`: what a bid folder (or one evidence file) holds.
//!
//! Loads the folder with `evidence::bid`, summarises it with `evidence::bid::summary` and
//! prints a plain aligned table or the summary's JSON (`"schema_version": 1`, documented in
//! `src/evidence/bid/summary.rs`). Diagnostics go to stderr. Exit 0 when every file is
//! valid, 1 when any file is invalid, 2 when the input cannot be read at all (missing,
//! invalid manifest, a path escaping the folder).

use std::io::Write;
use std::path::PathBuf;

use tenderguard::diag::SourceMap;
use tenderguard::evidence::bid::{self, summary};
use tenderguard::evidence::schema::Vocabulary;
use tenderguard::limits::Limits;
use tenderguard::report::escape::terminal;

use crate::output::{ErrorFormat, Exit, print_diagnostics};

/// Show what a bid folder or an evidence file holds.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard inspect bids/acme
  tenderguard inspect bids/acme/sbom/firmware.spdx.json
  tenderguard inspect bids/acme --format json > acme.json

Exit codes: 0 every file is valid, 1 a file is invalid, 2 the input cannot be read.")]
pub struct InspectArgs {
    /// A bid folder (with or without bid.yaml) or one evidence file.
    pub input: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// How diagnostics are printed.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Human)]
    pub error_format: ErrorFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// aligned plain text
    Table,
    /// the summary as JSON (schema_version 1)
    Json,
}

pub fn run(args: InspectArgs, limits: &Limits) -> anyhow::Result<Exit> {
    let vocab = Vocabulary::standard();
    let loaded = if args.input.is_dir() {
        bid::read_bid(&args.input, &vocab, limits)
    } else {
        bid::read_file(&args.input, &vocab, limits)
    };
    let sources = SourceMap::new();
    let bid = match loaded {
        Ok(b) => b,
        Err(diags) => {
            print_diagnostics(&diags, &sources, args.error_format);
            return Ok(Exit::Error);
        }
    };
    print_diagnostics(&bid.diagnostics, &sources, args.error_format);
    let s = summary::summarise(&bid);
    let text = match args.format {
        Format::Json => s.to_json(),
        Format::Table => table(&s),
    };
    std::io::stdout().write_all(text.as_bytes())?;
    let status = if bid.has_errors() {
        Exit::Finding
    } else {
        Exit::Ok
    };
    crate::output::drop_in_background(bid);
    Ok(status)
}

/// The plain-text form: a header, one row per file, documents, totals.
fn table(s: &summary::Summary) -> String {
    let mut out = String::new();
    if let Some(b) = &s.bid {
        let product = [b.product.as_deref(), b.version.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!("bid: {}", terminal(&b.vendor)));
        if !product.is_empty() {
            out.push_str(&format!(" — {}", terminal(&product)));
        }
        out.push('\n');
    }
    let header = ["file", "kind", "format", "status", "contents"].map(str::to_owned);
    let rows: Vec<[String; 5]> = s.files.iter().map(row).collect();
    out.push_str(&align(&header, &rows));
    for d in &s.documents {
        out.push_str(&format!(
            "document {} ({}){} sha256 {}\n",
            terminal(&d.file),
            terminal(&d.kind),
            document_facts(d),
            d.sha256
        ));
    }
    out.push_str(&format!(
        "{} file(s), {} error(s), {} warning(s)\n",
        s.files.len(),
        s.errors,
        s.warnings
    ));
    out
}

/// `: 3 pages, "Title", created 2026-10-01, text` for what a document's PDF states.
fn document_facts(d: &summary::DocumentSummary) -> String {
    let mut facts = Vec::new();
    if let Some(p) = d.pages {
        facts.push(format!("{p} page(s)"));
    }
    if let Some(t) = &d.title {
        facts.push(format!("\"{}\"", terminal(t)));
    }
    if let Some(c) = &d.created {
        facts.push(format!("created {c}"));
    }
    match d.has_text {
        Some(true) => facts.push("text".to_owned()),
        Some(false) => facts.push("no text".to_owned()),
        None => {}
    }
    if d.encrypted == Some(true) {
        facts.push("encrypted".to_owned());
    }
    if facts.is_empty() {
        String::new()
    } else {
        format!(": {}", facts.join(", "))
    }
}

fn row(f: &summary::FileSummary) -> [String; 5] {
    let format = match (&f.format, &f.spec_version) {
        (Some(fmt), Some(v)) => format!("{fmt} {v}"),
        (Some(fmt), None) => fmt.clone(),
        _ => "-".to_owned(),
    };
    let status = if f.valid {
        "ok".to_owned()
    } else {
        format!("invalid ({} error(s))", f.errors)
    };
    [
        terminal(&f.path),
        f.kind.unwrap_or("-").to_owned(),
        terminal(&format),
        status,
        contents(f),
    ]
}

fn contents(f: &summary::FileSummary) -> String {
    if let Some(c) = &f.sbom {
        let hashes = c
            .hashes
            .iter()
            .map(|(alg, n)| format!("{} {n}", terminal(alg)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut s = format!(
            "{} components, {} with licence, {} with purl, {} vulnerabilities, {} dependencies",
            c.components, c.with_license, c.with_purl, c.vulnerabilities, c.dependencies
        );
        if !hashes.is_empty() {
            s.push_str(&format!(", hashes: {hashes}"));
        }
        return s;
    }
    if let Some(n) = f.answers {
        return format!("{n} answers");
    }
    String::new()
}

/// Left-aligned columns separated by two spaces; the last column is not padded.
fn align(header: &[String; 5], rows: &[[String; 5]]) -> String {
    let mut widths = header.clone().map(|h| h.chars().count());
    for r in rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for r in std::iter::once(header).chain(rows) {
        let line: Vec<String> = r
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
