//! Exit codes, diagnostic printing and safe output files, shared by the subcommands.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use tenderguard::diag::{self, Diagnostic, SourceMap};

/// The process outcome: 0 ok, 1 a finding (lint error, failed knock-out), 2 an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok,
    Finding,
    Error,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        match e {
            Exit::Ok => ExitCode::SUCCESS,
            Exit::Finding => ExitCode::from(1),
            Exit::Error => ExitCode::from(2),
        }
    }
}

/// How diagnostics are printed (`--error-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ErrorFormat {
    /// file:line:col, the source line and a caret; colour on a terminal
    #[default]
    Human,
    /// one JSON object per line
    Json,
}

/// Prints diagnostics to stderr in the chosen format.
pub fn print_diagnostics(diags: &[Diagnostic], sources: &SourceMap, format: ErrorFormat) {
    let text = match format {
        ErrorFormat::Human => {
            let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            diag::render_human(diags, sources, styled)
        }
        ErrorFormat::Json => diag::render_json(diags, sources),
    };
    let _ = std::io::stderr().write_all(text.as_bytes());
    if format == ErrorFormat::Human && diags.iter().any(|d| LIMIT_CODES.contains(&d.code.0)) {
        let _ = writeln!(
            std::io::stderr(),
            "note: a limit was reached; the global `--max-*` options raise it (`tenderguard --help` lists them with their defaults)"
        );
    }
}

/// The diagnostic codes given when an input passes one of the `--max-*` limits.
const LIMIT_CODES: [&str; 5] = [
    "limit-exceeded",
    "too-deep",
    "nesting-too-deep",
    "source-too-large",
    "import-too-deep",
];

/// Prints `error: …` to stderr, control characters neutralised.
pub fn error(message: &str) {
    let _ = writeln!(std::io::stderr(), "error: {}", clean(message));
}

/// Neutralises control characters in a message for the terminal.
pub fn clean(s: &str) -> String {
    tenderguard::report::escape::terminal_multiline(s)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename.
#[allow(dead_code)]
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// Frees a large value on a thread of its own, which the process does not wait for:
/// freeing the IR of a 10 MB tender takes longer than printing its diagnostics. When no
/// thread can start, the value is freed here.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("tenderguard-free".into())
        .spawn(move || drop(value));
}
