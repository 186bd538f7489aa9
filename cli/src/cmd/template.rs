//! `tenderguard template TENDER`: the response template vendors fill in.

use std::io::Write;
use std::path::PathBuf;

use tenderguard::engine::questionnaire::questionnaire;
use tenderguard::limits::Limits;
use tenderguard::report::template;

use crate::output::{self, ErrorFormat, Exit};
use crate::tender;

/// Write the response template of a tender: the attestation to fill in, its JSON Schema and
/// a checklist of the other evidence.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard template tender.tg                 # the attestation template on stdout
  tenderguard template tender.tg --lang nl -o response/

With -o DIR: writes attestation.yaml, attestation.schema.json and checklist.md into DIR.")]
pub struct TemplateArgs {
    /// The tender (`.tg`).
    #[arg(value_name = "TENDER")]
    pub tender: PathBuf,
    /// Language of questions and comments.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = ["en", "nl"])]
    pub lang: String,
    /// Write the three files into this folder (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub error_format: ErrorFormat,
}

pub fn run(args: &TemplateArgs, limits: &Limits) -> anyhow::Result<Exit> {
    let Some(compiled) = tender::compile_reported(&args.tender, limits, args.error_format)? else {
        return Ok(Exit::Error);
    };
    let q = questionnaire(&compiled.tender);
    let files = template::render(&compiled.tender, &q, &args.lang);
    match &args.output {
        None => std::io::stdout().write_all(files.attestation_yaml.as_bytes())?,
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            output::write_atomic(
                &dir.join("attestation.yaml"),
                files.attestation_yaml.as_bytes(),
            )?;
            output::write_atomic(
                &dir.join("attestation.schema.json"),
                files.schema_json.as_bytes(),
            )?;
            output::write_atomic(&dir.join("checklist.md"), files.checklist_md.as_bytes())?;
        }
    }
    Ok(Exit::Ok)
}
