//! `tenderguard check TENDER BID_DIR`: the compliance matrix of one bid.

use std::path::PathBuf;

use tenderguard::engine::assess::assess;
use tenderguard::engine::verdict::Status;
use tenderguard::limits::Limits;
use tenderguard::report::matrix::{CheckFormat, render_assessment};

use crate::bids::{self, EvalArgs};
use crate::output::{self, Exit};
use crate::tender;

/// Check one bid against a tender and print its compliance matrix.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard check tender.tg bids/acme
  tenderguard check tender.tg bids/acme --format json -o acme.json
  tenderguard check tender.tg bids/acme --format sarif --as-of 2027-03-01
  tenderguard check tender.tg bids/acme --unknown warn --max-witnesses 50

Formats: table (default), json, csv, md, html, sarif, junit.
Exit codes: 0 every knock-out passes, 1 a knock-out fails (or is unknown, unless
--unknown warn), 2 the tender or the bid cannot be read.")]
pub struct CheckArgs {
    /// The tender (`.tg`).
    #[arg(value_name = "TENDER")]
    pub tender: PathBuf,
    /// The bid folder (with a `bid.yaml` manifest, or files recognised by content).
    #[arg(value_name = "BID_DIR")]
    pub bid: PathBuf,
    /// Output format.
    #[arg(long, short, value_name = "FORMAT", default_value = "table")]
    pub format: CheckFormat,
    #[command(flatten)]
    pub eval: EvalArgs,
}

pub fn run(args: &CheckArgs, limits: &Limits) -> anyhow::Result<Exit> {
    let Some(compiled) = tender::compile_reported(&args.tender, limits, args.eval.error_format)?
    else {
        return Ok(Exit::Error);
    };
    let vocab = &compiled.tender.vocabulary;
    let Some(evidence) = bids::load(&args.bid, vocab, limits, args.eval.error_format) else {
        return Ok(Exit::Error);
    };
    let vendor = bids::folder_name(&args.bid);
    let assessment = assess(
        &compiled.tender,
        &evidence,
        &vendor,
        &compiled.sources,
        &args.eval.options(),
    )?;
    let opts = args.eval.render_options();
    let mut bytes = Vec::new();
    render_assessment(&assessment, args.format, &opts, &mut bytes)?;
    args.eval.write(&bytes)?;
    output::drop_in_background((evidence, compiled));
    Ok(match assessment.summary.status {
        Status::Qualified => Exit::Ok,
        Status::Disqualified => Exit::Finding,
    })
}
