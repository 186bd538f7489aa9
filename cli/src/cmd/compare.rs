//! `tenderguard compare TENDER BID_DIR…`: every bid side by side, ranked.

use std::path::PathBuf;

use tenderguard::engine::assess::compare;
use tenderguard::engine::verdict::Status;
use tenderguard::limits::Limits;
use tenderguard::report::matrix::{CompareFormat, render_comparison};

use crate::bids::{self, EvalArgs};
use crate::output::{self, Exit};
use crate::tender;

/// Compare several bids: knock-outs, award scores, ranking and every verdict.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard compare tender.tg bids/*
  tenderguard compare tender.tg bids/acme bids/globex --format xlsx -o ranking.xlsx
  tenderguard compare tender.tg bids/* --format html -o ranking.html

Formats: table (default), json, csv, md, html, xlsx (xlsx needs -o).
Exit codes: 0 at least one bid qualifies, 1 none does, 2 the tender or a bid cannot be read.")]
pub struct CompareArgs {
    /// The tender (`.tg`).
    #[arg(value_name = "TENDER")]
    pub tender: PathBuf,
    /// The bid folders.
    #[arg(value_name = "BID_DIR", required = true)]
    pub bids: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_name = "FORMAT", default_value = "table")]
    pub format: CompareFormat,
    #[command(flatten)]
    pub eval: EvalArgs,
}

pub fn run(args: &CompareArgs, limits: &Limits) -> anyhow::Result<Exit> {
    if args.format == CompareFormat::Xlsx && args.eval.output.is_none() {
        anyhow::bail!("`--format xlsx` writes a binary file: give it a name with `-o FILE.xlsx`");
    }
    let Some(compiled) = tender::compile_reported(&args.tender, limits, args.eval.error_format)?
    else {
        return Ok(Exit::Error);
    };
    let mut loaded = Vec::new();
    for dir in &args.bids {
        match bids::load(
            dir,
            &compiled.tender.vocabulary,
            limits,
            args.eval.error_format,
        ) {
            Some(ev) => loaded.push((bids::folder_name(dir), ev)),
            None => return Ok(Exit::Error),
        }
    }
    let comparison = compare(
        &compiled.tender,
        &loaded,
        &compiled.sources,
        &args.eval.options(),
    )?;
    let opts = args.eval.render_options();
    let mut bytes = Vec::new();
    render_comparison(&comparison, args.format, &opts, &mut bytes)?;
    args.eval.write(&bytes)?;
    output::drop_in_background((loaded, compiled));
    let any_qualified = comparison
        .bids
        .iter()
        .any(|b| b.summary.status == Status::Qualified);
    Ok(if any_qualified {
        Exit::Ok
    } else {
        Exit::Finding
    })
}
