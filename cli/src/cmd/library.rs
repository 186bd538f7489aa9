//! `tenderguard library list|show`: the bundled clause sets. `list` prints each set's name,
//! clause count and one-line description; `show` prints every clause of one set (id, level,
//! title, refs and text in one language, parameters filled in). Bundled text only, still
//! escaped for the terminal.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Context as _;
use tenderguard::diag::SourceMap;
use tenderguard::engine::{self, NoFiles, ir, library};
use tenderguard::limits::Limits;
use tenderguard::report::escape::terminal;

use crate::output::{self, ErrorFormat, Exit};

/// List the bundled clause sets, or show one.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tenderguard library list
  tenderguard library show etsi-en-303-645
  tenderguard library show launching-customer --lang nl

Import a set in a tender with `use \"<set>\"` (all clauses) or `use \"<set>\" { ID, … }`.")]
pub struct LibraryArgs {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Every bundled set: name, number of clauses, description
    List,
    /// Every clause of one set: id, level, title, refs and text
    Show {
        /// The set's name, as in `tenderguard library list`.
        #[arg(value_name = "SET")]
        set: String,
        /// The language of the texts.
        #[arg(long, value_enum, default_value_t = Lang::En)]
        lang: Lang,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Nl,
}

impl Lang {
    fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }
}

pub fn run(args: &LibraryArgs, limits: &Limits) -> anyhow::Result<Exit> {
    let text = match &args.action {
        Action::List => list(limits)?,
        Action::Show { set, lang } => match show(set, *lang, limits)? {
            Some(text) => text,
            None => {
                let names: Vec<&str> = library::bundled().iter().map(|(n, _)| *n).collect();
                output::error(&format!(
                    "no bundled set `{}`; the sets are: {}",
                    terminal(set),
                    names.join(", ")
                ));
                return Ok(Exit::Error);
            }
        },
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .context("cannot write to standard output")?;
    Ok(Exit::Ok)
}

/// Compiles a bundled set on its own.
fn compile(name: &str, source: &str, limits: &Limits) -> anyhow::Result<ir::Tender> {
    let mut sources = SourceMap::new();
    let id = sources.add(format!("{}{name}.tg", library::PREFIX), source);
    match engine::compile(id, &mut sources, &mut NoFiles, limits) {
        Ok((tender, _)) => Ok(tender),
        Err(diags) => {
            output::print_diagnostics(&diags, &sources, ErrorFormat::Human);
            anyhow::bail!("the bundled set `{name}` does not compile")
        }
    }
}

fn list(limits: &Limits) -> anyhow::Result<String> {
    let mut rows = Vec::new();
    for (name, source) in library::bundled() {
        let tender = compile(name, source, limits)?;
        rows.push((*name, tender.items.len(), library::description(source)));
    }
    let width = rows.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, count, description) in rows {
        let _ = writeln!(
            out,
            "{name:<width$}  {count:>3} clauses  {}",
            terminal(&description)
        );
    }
    Ok(out)
}

fn show(name: &str, lang: Lang, limits: &Limits) -> anyhow::Result<Option<String>> {
    let Some(source) = library::find(name) else {
        return Ok(None);
    };
    let tender = compile(name, source, limits)?;
    let mut out = format!("{name}: {}\n", terminal(&library::description(source)));
    for item in &tender.items {
        let _ = write!(
            out,
            "\n{}  {}  {}\n",
            terminal(&item.id),
            item.kind.name(),
            terminal(&item.title)
        );
        if !item.refs.is_empty() {
            let _ = writeln!(out, "  refs: {}", terminal(&item.refs.join("; ")));
        }
        if let Some(text) = item.text(lang.tag()) {
            let _ = writeln!(out, "  {}", terminal(&text.rendered));
        }
    }
    Ok(Some(out))
}
