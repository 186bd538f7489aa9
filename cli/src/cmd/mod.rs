//! One module per subcommand; `run` dispatches.

pub mod inspect;

use crate::args::{Cli, Command};
use crate::output::Exit;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Inspect(args) => inspect::run(args),
    }
}
