//! One module per subcommand; `run` dispatches.

pub mod fmt;
pub mod lint;

use crate::args::{Cli, Command};
use crate::output::Exit;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Lint(args) => lint::run(&args),
        Command::Fmt(args) => fmt::run(&args),
    }
}
