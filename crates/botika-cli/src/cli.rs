//! The command line's shape: the global flags every command shares and the list of commands.
//! Each command's own flags live beside its code in `commands/`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::commands::{
    broadcast, broadcasts, completions, config, media, profile, read, sandbox, send, templates,
    webhooks,
};
use crate::output::OutputFormat;
use crate::values::seconds;

const EXAMPLES: &str = "\
Examples:
  botika config set token                 # asks for the token on stdin, keeps it in the config file
  botika send text --to '+62 812-3456-7890' --body 'Halo!'
  botika send image --to 6281234567890 --file photo.jpg --caption 'Your receipt'
  botika templates list --search promo
  botika broadcast --csv customers.csv --template order_update --language en_US
  botika broadcasts send --name Digest --labels 1,2 --template hello_world --language en_US
  botika webhooks listen --port 9000 --secret s3cret
  botika sandbox --port 8080 --token TEST   # a local emulator of the API

Exit codes: 0 success, 1 other failure, 2 usage error, 3 API error, 4 network error,
5 broadcast finished with failures.";

/// The command line for Botika's WhatsApp Business API.
///
/// The token and base URL come from --token/--base-url, else BOTIKA_API_TOKEN/BOTIKA_BASE_URL,
/// else the config file (`botika config path` shows where it is).
#[derive(Debug, Parser)]
#[command(name = "botika", version, about, long_about, after_help = EXAMPLES)]
pub struct Cli {
    /// Settings every command shares.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts, before or after the command's name.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// API token [default: BOTIKA_API_TOKEN, then the config file]
    #[arg(
        long,
        global = true,
        env = "BOTIKA_API_TOKEN",
        hide_env = true,
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// API base URL [default: BOTIKA_BASE_URL, then the config file, then Botika's production URL]
    #[arg(long, global = true, env = "BOTIKA_BASE_URL", hide_env = true)]
    pub base_url: Option<String>,
    /// Output format: text for people, json for scripts
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
    /// Config file to use instead of the one in your config directory
    #[arg(long, global = true, env = "BOTIKA_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Seconds one API call may take [default: 30]
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds)]
    pub timeout: Option<Duration>,
    /// How many times a failed call is retried (sends only when they provably did not arrive) [default: 2]
    #[arg(long, global = true, value_name = "N")]
    pub max_retries: Option<u32>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Send a message of any type
    Send(send::SendArgs),
    /// Mark an inbound message as read
    Read(read::ReadArgs),
    /// Upload, download and delete media
    #[command(
        subcommand,
        after_help = "Examples:\n  botika media upload photo.jpg\n  botika media download 1037543291543636 --file photo.jpg\n  botika media delete 1037543291543636"
    )]
    Media(media::MediaCommand),
    /// List, show, create, update and delete message templates
    #[command(
        subcommand,
        after_help = "Examples:\n  botika templates list --search promo\n  botika templates get 2\n  botika templates delete order_shipped"
    )]
    Templates(templates::TemplatesCommand),
    /// Show the business profile
    Profile(profile::ProfileArgs),
    /// Send a template to every recipient of a CSV file, one message per row, from here
    Broadcast(broadcast::BroadcastArgs),
    /// Have Botika send one template to contacts or labels, and see the latest broadcast
    #[command(
        subcommand,
        after_help = format!(
            "Examples:\n  botika broadcasts send --name Digest --labels 1,2 --template hello_world --language en_US\n  botika broadcasts latest '+62 812-3456-7890'\n\n{}",
            broadcasts::DIFFERENCE
        )
    )]
    Broadcasts(broadcasts::BroadcastsCommand),
    /// Receive webhooks locally
    #[command(
        subcommand,
        after_help = "Example:\n  botika webhooks listen --port 9000 --secret s3cret"
    )]
    Webhooks(webhooks::WebhooksCommand),
    /// Run the local sandbox: an emulator of the API, with webhooks
    Sandbox(sandbox::RunSandboxArgs),
    /// Read and change the config file (token, base URL)
    #[command(
        subcommand,
        after_help = "Examples:\n  botika config set token\n  botika config set base-url http://127.0.0.1:8080/api/whatsapp/v1\n  botika config path"
    )]
    Config(config::ConfigCommand),
    /// Print a shell completion script
    Completions(completions::CompletionsArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every command and subcommand shows at least one example in its `--help`.
    #[test]
    fn every_command_has_examples() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
                let path = format!("{path} {}", sub.get_name());
                let help = sub
                    .get_after_help()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                if !help.contains("Example") {
                    missing.push(path.clone());
                }
                walk(sub, &path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "botika", &mut missing);
        assert!(missing.is_empty(), "no examples in: {missing:?}");
    }
}
