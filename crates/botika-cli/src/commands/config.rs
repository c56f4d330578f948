//! `botika config set|get|unset|path`: the token and base URL kept in the config file. The
//! token is read from stdin when no value is given (so it stays out of the shell's history),
//! and it is never printed.

use std::io::{BufRead, IsTerminal};

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use crate::config_file::{self, ConfigFile};
use crate::context::Context;
use crate::failure::Failure;

/// Config commands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Save a setting
    #[command(
        after_help = "Examples:\n  botika config set token                  # type or paste it, then Enter\n  printf %s \"$TOKEN\" | botika config set token\n  botika config set base-url http://127.0.0.1:8080/api/whatsapp/v1"
    )]
    Set(SetArgs),
    /// Show a setting (the token only as set or not set)
    #[command(after_help = "Example:\n  botika config get base-url")]
    Get(KeyArgs),
    /// Remove a setting
    #[command(after_help = "Example:\n  botika config unset token")]
    Unset(KeyArgs),
    /// Print the config file's path
    #[command(after_help = "Example:\n  botika config path")]
    Path,
}

/// The settings the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Key {
    /// The API token
    Token,
    /// The API base URL
    BaseUrl,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Token => "token",
            Key::BaseUrl => "base-url",
        }
    }

    fn slot(self, config: &mut ConfigFile) -> &mut Option<String> {
        match self {
            Key::Token => &mut config.token,
            Key::BaseUrl => &mut config.base_url,
        }
    }
}

/// `config set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The setting
    key: Key,
    /// Its value; for the token, leave it out to read it from stdin
    value: Option<String>,
}

/// `config get` and `config unset`.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// The setting
    key: Key,
}

/// Runs a config command.
pub fn run(context: Context<'_>, command: ConfigCommand) -> Result<(), Failure> {
    let path = config_file::path(context.global.config.as_deref())?;
    let printer = context.printer;
    match command {
        ConfigCommand::Path => {
            let shown = path.display().to_string();
            printer.result(&json!({ "path": shown }), || shown.clone());
        }
        ConfigCommand::Get(args) => {
            let mut config = config_file::load(&path)?;
            let key = args.key;
            let value = key.slot(&mut config).clone();
            let shown = match (key, &value) {
                (Key::Token, Some(_)) => json!({ "key": key.name(), "set": true }),
                (_, value) => json!({ "key": key.name(), "set": value.is_some(), "value": value }),
            };
            printer.result(&shown, || match (key, value) {
                (_, None) => format!("{} is not set", key.name()),
                (Key::Token, Some(_)) => "token is set (hidden)".to_owned(),
                (Key::BaseUrl, Some(url)) => url,
            });
        }
        ConfigCommand::Set(args) => {
            let value = match args.value {
                Some(value) => value,
                None if args.key == Key::Token => read_token()?,
                None => {
                    return Err(Failure::usage(format!(
                        "give a value for {}",
                        args.key.name()
                    )));
                }
            };
            let value = value.trim().to_owned();
            if value.is_empty() {
                return Err(Failure::usage(format!("the {} is empty", args.key.name())));
            }
            if args.key == Key::BaseUrl {
                // Let the core judge the URL now rather than on the next command.
                botika::Client::builder()
                    .token("check")
                    .base_url(&value)
                    .build()?;
            }
            let mut config = config_file::load(&path)?;
            *args.key.slot(&mut config) = Some(value);
            config_file::save(&path, &config)?;
            let name = args.key.name();
            let shown = path.display().to_string();
            printer.result(&json!({ "key": name, "set": true, "path": shown }), || {
                format!("saved {name} in {shown}")
            });
        }
        ConfigCommand::Unset(args) => {
            let mut config = config_file::load(&path)?;
            *args.key.slot(&mut config) = None;
            config_file::save(&path, &config)?;
            let name = args.key.name();
            printer.result(&json!({ "key": name, "set": false }), || {
                format!("removed {name}")
            });
        }
    }
    Ok(())
}

/// The token from the first line of stdin (prompting when stdin is a terminal).
fn read_token() -> Result<String, Failure> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("API token: ");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::other(format!("cannot read the token from stdin: {e}")))?;
    Ok(line)
}
