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
    let limits = cli.limits.limits();
    let limits = &limits;
    match cli.command {
        Command::Lint(args) => lint::run(&args, limits),
        Command::Fmt(args) => fmt::run(&args, limits),
        Command::Check(args) => check::run(&args, limits),
        Command::Compare(args) => compare::run(&args, limits),
        Command::Inspect(args) => inspect::run(args, limits),
        Command::Validate(args) => validate::run(&args, limits),
        Command::Library(args) => library::run(&args, limits),
        Command::Diff(args) => diff::run(&args, limits),
        Command::DiffTender(args) => diff_tender::run(&args, limits),
        Command::Template(args) => template::run(&args, limits),
        Command::Annex(args) => annex::run(&args, limits),
    }
}
