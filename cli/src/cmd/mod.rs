//! One module per subcommand; `run` dispatches.

pub mod validate;

use crate::args::{Cli, Command};
use crate::output::Exit;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Validate(args) => validate::run(&args),
    }
}
