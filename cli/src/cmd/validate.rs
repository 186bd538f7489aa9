//! `tenderguard validate`: load evidence files, recognised by content, and report whether
//! each is valid. Exit 0 all valid, 1 any invalid, 2 unreadable or unrecognised input.

use std::io::Write;
use std::path::{Path, PathBuf};

use tenderguard::diag::{Diagnostic, SourceMap, has_errors};
use tenderguard::evidence::{json, load, validate};
use tenderguard::limits::Limits;

use crate::output::{ErrorFormat, Exit, print_diagnostics};

/// Check evidence files (CycloneDX JSON/XML 1.4–1.7, SPDX 2.2/2.3 JSON and tag-value) and report every problem.
///
/// The format is recognised by content, not by file name. Each valid file prints one
/// `ok` line; each invalid file prints its diagnostics with JSON pointers.
///
/// Examples:
///   tenderguard validate bid/sbom.cdx.json
///   tenderguard validate *.json --error-format json
///   tenderguard validate report.json --schema my-schema.json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ValidateArgs {
    /// Files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Also validate each (JSON) file against this JSON Schema; never fetched remote `$ref`s.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// How diagnostics are printed.
    #[arg(long, value_enum, default_value_t)]
    pub error_format: ErrorFormat,
}

pub fn run(args: &ValidateArgs, limits: &Limits) -> anyhow::Result<Exit> {
    let schema = match &args.schema {
        Some(p) => match read(p, limits)
            .and_then(|b| json::read_value(&p.display().to_string(), &b, limits))
        {
            Ok(v) => Some(v),
            Err(d) => {
                print_diagnostics(&[*d], &SourceMap::new(), args.error_format);
                return Ok(Exit::Error);
            }
        },
        None => None,
    };
    let mut exit = Exit::Ok;
    for path in &args.files {
        let outcome = one(path, schema.as_ref(), limits, args.error_format);
        exit = worst(exit, outcome);
    }
    Ok(exit)
}

fn worst(a: Exit, b: Exit) -> Exit {
    let rank = |e: Exit| match e {
        Exit::Ok => 0,
        Exit::Finding => 1,
        Exit::Error => 2,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// Reads a file after checking its size from metadata.
fn read(path: &Path, limits: &Limits) -> Result<Vec<u8>, Box<Diagnostic>> {
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| {
        Box::new(
            Diagnostic::error(
                tenderguard::diag::Code("unknown-format"),
                format!("cannot read the file: {e}"),
            )
            .at(tenderguard::diag::Location::file(&name)),
        )
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    json::check_size(&name, meta.len(), limits)?;
    std::fs::read(path).map_err(cannot)
}

fn one(path: &Path, schema: Option<&serde_json::Value>, limits: &Limits, fmt: ErrorFormat) -> Exit {
    let name = path.display().to_string();
    let sources = SourceMap::new();
    let bytes = match read(path, limits) {
        Ok(b) => b,
        Err(d) => {
            print_diagnostics(&[*d], &sources, fmt);
            return Exit::Error;
        }
    };
    let Some(format) = load::sniff(&bytes) else {
        print_diagnostics(&[load::unrecognised(&name, &bytes, limits)], &sources, fmt);
        return Exit::Error;
    };
    let mut diags = Vec::new();
    let loaded = load::load_sbom(&name, &bytes, limits);
    let summary = match loaded {
        Ok(l) => {
            diags.extend(l.warnings);
            Some(format!(
                "{} {}, {} components",
                format.name(),
                l.document.spec_version,
                l.components.len()
            ))
        }
        Err(e) => {
            // One unreadable-input error (syntax, size, DTD…) means the file could not be read.
            let unreadable = e.len() == 1 && e.first().is_some_and(is_unreadable);
            print_diagnostics(&e, &sources, fmt);
            if unreadable {
                return Exit::Error;
            }
            diags.clear();
            None
        }
    };
    if let (Some(s), Some(_)) = (schema, &summary) {
        match json::read_value(&name, &bytes, limits) {
            Ok(doc) => diags.extend(validate::validate_against_schema(&name, s, &[], &doc)),
            Err(d) => diags.push(*d),
        }
    }
    print_diagnostics(&diags, &sources, fmt);
    match summary {
        Some(s) if !has_errors(&diags) => {
            if fmt == ErrorFormat::Human {
                let _ = writeln!(
                    std::io::stdout(),
                    "ok  {}  ({s})",
                    crate::output::clean(&name)
                );
            }
            Exit::Ok
        }
        _ => Exit::Finding,
    }
}

fn is_unreadable(d: &Diagnostic) -> bool {
    matches!(
        d.code.0,
        "invalid-json"
            | "invalid-utf8"
            | "too-deep"
            | "limit-exceeded"
            | "invalid-xml"
            | "unknown-format"
            | "unsupported-version"
            | "not-cyclonedx"
    )
}
