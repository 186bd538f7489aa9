//! Command-line arguments: one variant per subcommand, each with its own args struct in
//! `cmd/<name>.rs`.

use clap::{Parser, Subcommand};

/// Security requirements as code for public procurement.
///
/// Write a tender's security clauses as code, check bids against them, compare bids,
/// produce the contract annex and audit deliveries. Offline and deterministic.
///
/// Exit codes: 0 ok, 1 a finding (lint error, failed knock-out), 2 usage or input error.
#[derive(Debug, Parser)]
#[command(
    name = "tenderguard",
    version,
    about,
    long_about,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub limits: crate::limits::LimitArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check `.tg` files: syntax, imports, paths, types, texts and scores
    Lint(crate::cmd::lint::LintArgs),
    /// Format `.tg` files in canonical form (in place, `--check`, or `-` for stdin)
    Fmt(crate::cmd::fmt::FmtArgs),
    /// Check one bid against a tender: the compliance matrix
    Check(crate::cmd::check::CheckArgs),
    /// Compare several bids: knock-outs, award scores, ranking
    Compare(crate::cmd::compare::CompareArgs),
    /// Show what a bid folder or an evidence file holds
    Inspect(crate::cmd::inspect::InspectArgs),
    // No doc comment here: it would replace `validate`'s long help (with its examples).
    Validate(crate::cmd::validate::ValidateArgs),
    /// The bundled clause sets: list them, or show one set's clauses
    Library(crate::cmd::library::LibraryArgs),
    /// Audit a delivery against the bid: components, answers, broken promises
    Diff(crate::cmd::diff::DiffArgs),
    /// Compare two versions of a tender (an amendment)
    DiffTender(crate::cmd::diff_tender::DiffTenderArgs),
    /// Write the response template vendors fill in: attestation, schema, checklist
    Template(crate::cmd::template::TemplateArgs),
    /// Write the contract annex of one bid (Markdown, HTML or PDF)
    Annex(crate::cmd::annex::AnnexArgs),
}
