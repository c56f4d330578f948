//! `botika completions`: prints the completion script for a shell.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;

/// Print a shell completion script.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  botika completions bash > ~/.local/share/bash-completion/completions/botika\n  botika completions zsh > \"${fpath[1]}/_botika\"\n  botika completions fish > ~/.config/fish/completions/botika.fish"
)]
pub struct CompletionsArgs {
    /// The shell
    shell: Shell,
}

/// Writes the script to stdout.
pub fn run(args: CompletionsArgs) {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "botika", &mut std::io::stdout());
}
