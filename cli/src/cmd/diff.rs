//! `tenderguard diff BID_DIR DELIVERED_DIR [--tender TENDER]`: the delivery audit.

use std::path::PathBuf;

use tenderguard::diff::{diff_assessments, diff_evidence};
use tenderguard::engine::assess::assess;
use tenderguard::evidence::schema::Vocabulary;
use tenderguard::limits::Limits;
use tenderguard::report::audit::{Audit, AuditFormat, render_audit};

use crate::bids::{self, EvalArgs};
use crate::output::{self, Exit};
use crate::tender;

/// Audit a delivery: delivered evidence against the bid's, and with a tender the clauses
/// whose verdict changed.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard diff bids/acme delivered/acme
  tenderguard diff bids/acme delivered/acme --tender tender.tg
  tenderguard diff bids/acme delivered/acme --tender tender.tg --format html -o audit.html
  tenderguard diff bids/acme delivered/acme --format json

Components are matched by package URL (without version, qualifiers, subpath), then by
ecosystem + group + name, then by digest. A digest that differs for the same version is
reported as a RED FLAG.

Formats: table (default), json, md, html.
Exit codes: with --tender, 1 when a knock-out that passed (or was waived) at bid time fails
or is unknown at delivery (a broken promise), else 0. Without --tender only the evidence is
compared and the exit code is 0. 2 when a tender or a folder cannot be read.")]
pub struct DiffArgs {
    /// The bid folder as submitted.
    #[arg(value_name = "BID_DIR")]
    pub bid: PathBuf,
    /// The delivered evidence, as a bid folder.
    #[arg(value_name = "DELIVERED_DIR")]
    pub delivered: PathBuf,
    /// The signed tender: also compare verdicts and report broken promises.
    #[arg(long, value_name = "TENDER")]
    pub tender: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_name = "FORMAT", default_value = "table")]
    pub format: AuditFormat,
    #[command(flatten)]
    pub eval: EvalArgs,
}

pub fn run(args: &DiffArgs, limits: &Limits) -> anyhow::Result<Exit> {
    let fmt = args.eval.error_format;
    let compiled = match &args.tender {
        None => None,
        Some(path) => match tender::compile(path, limits)? {
            Ok(c) => {
                output::print_diagnostics(&c.warnings, &c.sources, fmt);
                Some(c)
            }
            Err((diags, sources)) => {
                output::print_diagnostics(&diags, &sources, fmt);
                return Ok(Exit::Error);
            }
        },
    };
    let standard = Vocabulary::standard();
    let vocab = compiled
        .as_ref()
        .map_or(&standard, |c| &c.tender.vocabulary);
    let Some(bid) = bids::load(&args.bid, vocab, limits, fmt) else {
        return Ok(Exit::Error);
    };
    let Some(delivered) = bids::load(&args.delivered, vocab, limits, fmt) else {
        return Ok(Exit::Error);
    };
    let evidence = diff_evidence(&bid, &delivered);
    let vendor = bids::folder_name(&args.bid);
    let (changes, facts) = match &compiled {
        None => (None, None),
        Some(c) => {
            let opts = args.eval.options();
            let at_bid = assess(&c.tender, &bid, &vendor, &c.sources, &opts)?;
            let now = assess(&c.tender, &delivered, &vendor, &c.sources, &opts)?;
            let title = at_bid.tender_title.clone();
            (
                Some(diff_assessments(&at_bid, &now)),
                Some((at_bid.tender_id, title)),
            )
        }
    };
    let audit = Audit {
        evidence: &evidence,
        tender: facts.as_ref().map(|(id, t)| (id.as_str(), t.as_str())),
        verdicts: changes.as_deref(),
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let mut bytes = Vec::new();
    render_audit(&audit, args.format, &mut bytes)?;
    args.eval.write(&bytes)?;
    Ok(if audit.broken_promises() > 0 {
        Exit::Finding
    } else {
        Exit::Ok
    })
}
