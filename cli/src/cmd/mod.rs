//! One module per subcommand; `run` dispatches.

pub mod annex;
pub mod check;
pub mod compare;
pub mod diff;
pub mod diff_tender;
pub mod fmt;
pub mod inspect;
pub mod library;
pub mod lint;
pub mod template;
pub mod validate;

use crate::args::{Cli, Command};
use crate::output::Exit;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Lint(args) => lint::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Inspect(args) => inspect::run(args),
        Command::Validate(args) => validate::run(&args),
        Command::Library(args) => library::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::DiffTender(args) => diff_tender::run(&args),
        Command::Template(args) => template::run(&args),
        Command::Annex(args) => annex::run(&args),
    }
}
