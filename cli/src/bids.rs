//! Options and steps shared by `check` and `compare`: evaluation flags, loading a bid
//! folder, and writing a report to stdout or a file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use tenderguard::engine::assess::{EvalOptions, UnknownPolicy};
use tenderguard::evidence::model::Evidence;
use tenderguard::evidence::schema::Vocabulary;
use tenderguard::lang::ast::Date;
use tenderguard::limits::Limits;

use crate::output::{self, ErrorFormat};

/// How `unknown` knock-outs count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Unknown {
    /// missing evidence for a knock-out disqualifies the bid
    #[default]
    Fail,
    /// missing evidence is reported but does not disqualify
    Warn,
}

/// Evaluation flags shared by `check` and `compare`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    /// Evaluate as of this date (YYYY-MM-DD); default: the tender's `published` date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Witnesses kept per result (the total is always counted).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_witnesses: usize,
    /// How an `unknown` knock-out counts.
    #[arg(long, value_enum, default_value_t)]
    pub unknown: Unknown,
    /// Language of titles and texts.
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub error_format: ErrorFormat,
}

impl EvalArgs {
    pub fn options(&self) -> EvalOptions {
        EvalOptions {
            as_of: self.as_of,
            max_witnesses: self.max_witnesses,
            unknown: match self.unknown {
                Unknown::Fail => UnknownPolicy::Fail,
                Unknown::Warn => UnknownPolicy::Warn,
            },
            lang: self.lang.clone(),
        }
    }

    /// Colour for the terminal table: only when writing to a terminal and `NO_COLOR` is unset.
    pub fn color(&self) -> bool {
        self.output.is_none()
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none()
    }

    /// Render options for this run (colour only on a terminal).
    pub fn render_options(&self) -> tenderguard::report::matrix::RenderOptions<'static> {
        tenderguard::report::matrix::RenderOptions {
            color: self.color(),
            ..tenderguard::report::matrix::RenderOptions::new(env!("CARGO_PKG_VERSION"))
        }
    }

    /// Writes a rendered report to `-o FILE` or standard output.
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        match &self.output {
            Some(path) => output::write_atomic(path, bytes),
            None => {
                std::io::stdout().write_all(bytes)?;
                Ok(())
            }
        }
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    tenderguard::engine::value::parse_date(s)
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

/// Loads a bid folder, printing its warnings; `None` (after printing) when it cannot be
/// loaded.
pub fn load(
    dir: &Path,
    vocab: &Vocabulary,
    limits: &Limits,
    format: ErrorFormat,
) -> Option<Evidence> {
    let empty = tenderguard::diag::SourceMap::new();
    match tenderguard::evidence::bid::load_bid(dir, vocab, limits) {
        Ok((evidence, warnings)) => {
            output::print_diagnostics(&warnings, &empty, format);
            Some(evidence)
        }
        Err(diags) => {
            output::print_diagnostics(&diags, &empty, format);
            None
        }
    }
}

/// The name a bid goes by when its manifest names no vendor: its folder's name.
pub fn folder_name(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .as_deref()
        .and_then(Path::file_name)
        .or_else(|| dir.file_name())
        .map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
}
