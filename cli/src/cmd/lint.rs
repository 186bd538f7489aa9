//! `tenderguard lint FILE…`: parse, resolve and check tenders and clause sets, print every
//! diagnostic, exit 0 (clean or warnings only), 1 (errors, or warnings with
//! `--deny-warnings`) or 2 (a file cannot be read).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tenderguard::diag::{Diagnostic, FileId, Severity, SourceMap};
use tenderguard::engine::SourceLoader;
use tenderguard::limits::Limits;

use crate::output::{self, ErrorFormat, Exit};

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

pub fn run(args: &LintArgs) -> anyhow::Result<Exit> {
    let limits = Limits::default();
    let mut worst = Exit::Ok;
    for path in &args.files {
        let text = read(path, &limits)?;
        let mut sources = SourceMap::new();
        let name = path.display().to_string();
        let root = sources.add(name.clone(), text);
        let mut loader = DirLoader::default();
        loader.dirs.insert(root, dir_of(path));
        let diags = match tenderguard::engine::compile(root, &mut sources, &mut loader, &limits) {
            Ok((_, warnings)) => warnings,
            Err(diags) => diags,
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

fn read(path: &Path, limits: &Limits) -> anyhow::Result<String> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    if meta.len() > limits.max_source_bytes {
        anyhow::bail!(
            "`{}` has {} bytes, more than the limit of {} for a `.tg` file",
            path.display(),
            meta.len(),
            limits.max_source_bytes
        );
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))
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

fn dir_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Loads `use "./x.tg"` imports from the importing file's directory, refusing any file
/// that resolves (through symlinks) outside it.
#[derive(Debug, Default)]
struct DirLoader {
    dirs: BTreeMap<FileId, PathBuf>,
    pending: BTreeMap<String, PathBuf>,
}

impl SourceLoader for DirLoader {
    fn load(&mut self, spec: &str, from: FileId) -> Result<(String, String), String> {
        let dir = self
            .dirs
            .get(&from)
            .cloned()
            .ok_or("the importing file has no directory")?;
        let path = dir.join(spec.trim_start_matches("./"));
        let real = path.canonicalize().map_err(|e| e.to_string())?;
        let real_dir = dir.canonicalize().map_err(|e| e.to_string())?;
        if !real.starts_with(&real_dir) {
            return Err("it resolves outside the importing file's directory".to_owned());
        }
        let len = std::fs::metadata(&real).map_err(|e| e.to_string())?.len();
        if len > Limits::default().max_source_bytes {
            return Err(format!("it has {len} bytes, more than the limit"));
        }
        let text = std::fs::read_to_string(&real).map_err(|e| e.to_string())?;
        let name = path.display().to_string();
        self.pending.insert(name.clone(), dir_of(&path));
        Ok((name, text))
    }

    fn registered(&mut self, name: &str, file: FileId) {
        if let Some(dir) = self.pending.remove(name) {
            self.dirs.insert(file, dir);
        }
    }
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
