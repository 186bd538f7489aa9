//! `tenderguard diff-tender OLD.tg NEW.tg`: what a tender amendment changed.

use std::path::{Path, PathBuf};

use tenderguard::diff::diff_tenders;
use tenderguard::limits::Limits;
use tenderguard::report::audit::{AuditFormat, render_tender_diff};

use crate::output::{self, ErrorFormat, Exit};
use crate::tender::{self, Compiled};

/// Compare two versions of a tender: header, parameters, clauses added, removed and
/// changed, texts word by word.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard diff-tender tender-v1.tg tender-v2.tg
  tenderguard diff-tender tender-v1.tg tender-v2.tg --format md -o amendment.md
  tenderguard diff-tender tender-v1.tg tender-v2.tg --format json

Formats: table (default), json, md. Texts show removed words as [-…-] and added ones as {+…+}.
Exit codes: 0 the diff was written (whether or not anything changed), 2 either version
does not compile or cannot be read.")]
pub struct DiffTenderArgs {
    /// The earlier version.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The amended version.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format.
    #[arg(long, short, value_name = "FORMAT", default_value = "table")]
    pub format: AuditFormat,
    /// Write the diff to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub error_format: ErrorFormat,
}

pub fn run(args: &DiffTenderArgs, limits: &Limits) -> anyhow::Result<Exit> {
    if args.format == AuditFormat::Html {
        output::error("`diff-tender` writes table, json or md; html is for `diff`");
        return Ok(Exit::Error);
    }
    let (Some(old), Some(new)) = (
        compile(&args.old, limits, args.error_format)?,
        compile(&args.new, limits, args.error_format)?,
    ) else {
        return Ok(Exit::Error);
    };
    let diff = diff_tenders(&old.tender, &old.sources, &new.tender, &new.sources);
    let mut bytes = Vec::new();
    render_tender_diff(&diff, args.format, env!("CARGO_PKG_VERSION"), &mut bytes)?;
    match &args.output {
        Some(path) => output::write_atomic(path, &bytes)?,
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
    }
    Ok(Exit::Ok)
}

/// Compiles one version, printing its diagnostics; `None` when it has errors.
fn compile(path: &Path, limits: &Limits, fmt: ErrorFormat) -> anyhow::Result<Option<Compiled>> {
    Ok(match tender::compile(path, limits)? {
        Ok(c) => Some(c),
        Err((diags, sources)) => {
            output::print_diagnostics(&diags, &sources, fmt);
            None
        }
    })
}
