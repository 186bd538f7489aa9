//! `tenderguard lint FILE…`: parse, resolve and check tenders and clause sets, print every
//! diagnostic, exit 0 (clean or warnings only), 1 (errors, or warnings with
//! `--deny-warnings`) or 2 (a file cannot be read).

use std::io::Write as _;
use std::path::PathBuf;

use tenderguard::diag::{Diagnostic, Severity};
use tenderguard::limits::Limits;

use crate::output::{self, ErrorFormat, Exit};
use crate::tender;

/// Check `.tg` files: syntax, imports, paths, types, texts and scores.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard lint tender.tg
  tenderguard lint requirements/*.tg --deny-warnings
  tenderguard lint tender.tg --error-format json

Exit codes: 0 clean (warnings allowed), 1 errors (or warnings with --deny-warnings),
2 a file cannot be read.")]
pub struct LintArgs {
    /// The `.tg` files to check (tenders or clause sets).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub error_format: ErrorFormat,
    /// Treat warnings as errors (exit 1 when any is found).
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: &LintArgs, limits: &Limits) -> anyhow::Result<Exit> {
    let mut worst = Exit::Ok;
    for path in &args.files {
        let name = path.display().to_string();
        let (diags, sources) = match tender::compile(path, limits)? {
            Ok(compiled) => {
                output::drop_in_background(compiled.tender);
                (compiled.warnings, compiled.sources)
            }
            Err(failed) => failed,
        };
        output::print_diagnostics(&diags, &sources, args.error_format);
        let (errors, warnings) = count(&diags);
        if args.error_format == ErrorFormat::Human {
            let line = output::clean(&summary(&name, errors, warnings));
            let _ = writeln!(std::io::stderr(), "{line}");
        }
        if errors > 0 || (args.deny_warnings && warnings > 0) {
            worst = Exit::Finding;
        }
    }
    Ok(worst)
}

fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

/// `tender.tg: 2 errors, 1 warning`
fn summary(name: &str, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{name}: {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_in_words() {
        assert_eq!(summary("t.tg", 2, 1), "t.tg: 2 errors, 1 warning");
        assert_eq!(summary("t.tg", 0, 0), "t.tg: 0 errors, 0 warnings");
    }
}
