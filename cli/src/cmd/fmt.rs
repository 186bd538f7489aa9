//! `tenderguard fmt [--check] FILE…`: print `.tg` files in canonical form, like rustfmt and
//! gofmt. Files are rewritten in place (atomically); `--check` rewrites nothing and lists
//! the files that would change; `-` formats standard input to standard output.
//! Exit 0 ok, 1 a file would change (`--check`) or has syntax errors, 2 a file cannot be
//! read or written.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::Context;
use tenderguard::diag::SourceMap;
use tenderguard::limits::Limits;

use crate::output::{self, ErrorFormat, Exit};

/// Format `.tg` files in canonical form.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard fmt tender.tg requirements/*.tg   rewrite the files in place
  tenderguard fmt --check tender.tg             list files that would change (CI)
  cat tender.tg | tenderguard fmt -             format standard input to standard output

Exit codes: 0 ok, 1 a file would change (--check) or has syntax errors,
2 a file cannot be read or written.")]
pub struct FmtArgs {
    /// The `.tg` files to format; `-` for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Rewrite nothing; list the files that are not formatted and exit 1 if any.
    #[arg(long)]
    pub check: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub error_format: ErrorFormat,
}

pub fn run(args: &FmtArgs, limits: &Limits) -> anyhow::Result<Exit> {
    let mut worst = Exit::Ok;
    for path in &args.files {
        let outcome = match format_one(path, args, limits) {
            Ok(exit) => exit,
            Err(err) => {
                let line = output::clean(&format!("error: {err:#}"));
                let _ = writeln!(std::io::stderr(), "{line}");
                Exit::Error
            }
        };
        worst = worse(worst, outcome);
    }
    Ok(worst)
}

fn worse(a: Exit, b: Exit) -> Exit {
    let rank = |e: Exit| match e {
        Exit::Ok => 0,
        Exit::Finding => 1,
        Exit::Error => 2,
    };
    if rank(b) > rank(a) { b } else { a }
}

fn format_one(path: &Path, args: &FmtArgs, limits: &Limits) -> anyhow::Result<Exit> {
    let stdin = path.as_os_str() == "-";
    let text = if stdin {
        read_stdin()?
    } else {
        crate::tender::read(path, limits)?
    };
    let name = if stdin {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    };
    let mut sources = SourceMap::new();
    let id = sources.add(name.clone(), text.as_str());
    let ast = match tenderguard::lang::parse(id, &text, limits) {
        Ok(ast) => ast,
        Err(diags) => {
            output::print_diagnostics(&diags, &sources, args.error_format);
            return Ok(Exit::Finding);
        }
    };
    let formatted = tenderguard::lang::fmt::format(&ast);
    output::drop_in_background(ast);
    if stdin && !args.check {
        std::io::stdout().write_all(formatted.as_bytes())?;
        return Ok(Exit::Ok);
    }
    if formatted == text {
        return Ok(Exit::Ok);
    }
    if args.check {
        let line = output::clean(&name);
        writeln!(std::io::stdout(), "{line}")?;
        return Ok(Exit::Finding);
    }
    output::write_atomic(path, formatted.as_bytes())?;
    Ok(Exit::Ok)
}

fn read_stdin() -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read standard input as UTF-8 text")?;
    Ok(text)
}
