//! `tenderguard annex TENDER BID_DIR`: the contract annex of one bid.

use std::path::PathBuf;

use anyhow::Context;
use tenderguard::engine::assess::{EvalOptions, assess};
use tenderguard::engine::questionnaire::questionnaire;
use tenderguard::lang::ast::Date;
use tenderguard::limits::Limits;
use tenderguard::report::annex::{self, Annex, TextFormat};

use crate::bids;
use crate::output::{self, ErrorFormat, Exit};
use crate::tender;

/// Output formats of the annex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum AnnexFormat {
    /// Markdown
    #[default]
    Md,
    /// a standalone HTML page
    Html,
    /// PDF (A4)
    Pdf,
}

/// Write the contract annex of one bid: the agreed clauses, the vendor's committed values,
/// waivers, the verdict at award time and the SHA-256 of every evidence file.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard annex tender.tg bids/acme
  tenderguard annex tender.tg bids/acme --lang nl --format pdf -o annex-acme.pdf
  tenderguard annex tender.tg bids/acme --format html --template my-annex.hbs -o annex.html

The output is deterministic: the same inputs give byte-identical files. Its date is the
tender's `published` date, or --as-of. A --template is a handlebars file rendered in strict
mode with the same data as the built-in templates (md or html escaping by --format).")]
pub struct AnnexArgs {
    /// The tender (`.tg`).
    #[arg(value_name = "TENDER")]
    pub tender: PathBuf,
    /// The bid folder.
    #[arg(value_name = "BID_DIR")]
    pub bid: PathBuf,
    /// Language of clause texts and headings.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t)]
    pub format: AnnexFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A handlebars template replacing the built-in one (md and html only).
    #[arg(long, value_name = "FILE.hbs")]
    pub template: Option<PathBuf>,
    /// The annex and evaluation date (YYYY-MM-DD); default: the tender's `published` date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub error_format: ErrorFormat,
}

fn parse_date(s: &str) -> Result<Date, String> {
    tenderguard::engine::value::parse_date(s)
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

pub fn run(args: &AnnexArgs, limits: &Limits) -> anyhow::Result<Exit> {
    if args.template.is_some() && args.format == AnnexFormat::Pdf {
        anyhow::bail!("--template works with --format md or html, not pdf");
    }
    let user_template = match &args.template {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read `{}`", path.display()))?,
        ),
        None => None,
    };
    let Some(compiled) = tender::compile_reported(&args.tender, limits, args.error_format)? else {
        return Ok(Exit::Error);
    };
    let t = &compiled.tender;
    let Some(evidence) = bids::load(&args.bid, &t.vocabulary, limits, args.error_format) else {
        return Ok(Exit::Error);
    };
    let opts = EvalOptions {
        as_of: args.as_of,
        lang: args.lang.clone(),
        ..EvalOptions::default()
    };
    let assessment = assess(
        t,
        &evidence,
        &bids::folder_name(&args.bid),
        &compiled.sources,
        &opts,
    )?;
    let producer = format!("Tenderguard {}", env!("CARGO_PKG_VERSION"));
    let data = Annex::build(
        t,
        &questionnaire(t),
        &evidence,
        &assessment,
        &args.lang,
        assessment.as_of,
        &producer,
    );
    let bytes = match args.format {
        AnnexFormat::Md => {
            annex::render_text(&data, TextFormat::Markdown, user_template.as_deref())?.into_bytes()
        }
        AnnexFormat::Html => {
            annex::render_text(&data, TextFormat::Html, user_template.as_deref())?.into_bytes()
        }
        AnnexFormat::Pdf => annex::pdf::render_pdf(&data)?,
    };
    match &args.output {
        Some(path) => output::write_atomic(path, &bytes)?,
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
    }
    Ok(Exit::Ok)
}
