//! The commands, one module each, and the dispatch from the parsed command line to them.

pub mod broadcast;
pub mod broadcasts;
pub mod completions;
pub mod config;
pub mod media;
pub mod profile;
pub mod read;
pub mod sandbox;
pub mod send;
pub mod templates;
pub mod webhooks;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printer;

/// Runs the command the command line names.
pub async fn run(cli: Cli, printer: &Printer) -> Result<(), Failure> {
    let context = Context {
        global: &cli.global,
        printer,
    };
    match cli.command {
        Command::Send(args) => send::run(context, args).await,
        Command::Read(args) => read::run(context, args).await,
        Command::Media(command) => media::run(context, command).await,
        Command::Templates(command) => templates::run(context, command).await,
        Command::Profile(args) => profile::run(context, args).await,
        Command::Broadcast(args) => broadcast::run(context, args).await,
        Command::Broadcasts(command) => broadcasts::run(context, command).await,
        Command::Webhooks(command) => webhooks::run(context, command).await,
        Command::Sandbox(args) => sandbox::run(context, args).await,
        Command::Config(command) => config::run(context, command),
        Command::Completions(args) => {
            completions::run(args);
            Ok(())
        }
    }
}
