//! `botika`: the command line for Botika's WhatsApp Business API, built on the `botika` core
//! crate. It sends every message type, manages media and templates, runs broadcasts (the API's,
//! or from a CSV), receives webhooks and starts the local sandbox.
//!
//! Exit codes (see `docs/cli.md`): 0 success, 1 other failure, 2 usage error, 3 the API
//! answered with an error, 4 the API could not be reached, 5 a broadcast finished with failures.

mod cli;
mod commands;
mod config_file;
mod context;
mod failure;
mod ordered;
mod output;
mod values;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let printer = output::Printer::new(cli.global.output);
    // The core never starts a runtime; one thread is plenty for a command line (sends wait on
    // the network and the rate limiter, not the CPU).
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let failure = failure::Failure::other(format!("cannot start the async runtime: {e}"));
            printer.failure(&failure);
            return failure.exit_code();
        }
    };
    match runtime.block_on(commands::run(cli, &printer)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            printer.failure(&failure);
            failure.exit_code()
        }
    }
}
