//! The `tenderguard` binary: parse arguments, run one subcommand, map the outcome to an exit
//! code (0 ok, 1 a finding, 2 an error). All work happens in the library.

mod args;
mod bids;
mod cmd;
mod limits;
mod output;
mod tender;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code.into(),
        Err(err) => {
            output::error(&format!("{err:#}"));
            output::Exit::Error.into()
        }
    }
}
