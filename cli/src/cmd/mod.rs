//! One module per subcommand; `run` dispatches.

pub mod check;
pub mod compare;
pub mod inspect;
pub mod library;
pub mod lint;

use crate::args::{Cli, Command};
use crate::output::Exit;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Lint(args) => lint::run(&args),
        Command::Inspect(args) => inspect::run(args),
        Command::Check(args) => check::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Library(args) => library::run(&args),
    }
}
