//! What every command gets: the global flags, the printer, and the client built from the token
//! and base URL found in the flags, the environment or the config file (in that order).

use botika::{Client, ClientBuilder};

use crate::cli::GlobalArgs;
use crate::config_file;
use crate::failure::Failure;
use crate::output::Printer;

/// The global settings and the printer, handed to every command.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The global flags (the environment already folded in by clap).
    pub global: &'a GlobalArgs,
    /// Where results and failures go.
    pub printer: &'a Printer,
}

impl Context<'_> {
    /// A client with the resolved token and base URL and the global timeouts and retries.
    pub fn client(&self) -> Result<Client, Failure> {
        self.client_with(|builder| builder)
    }

    /// [`Context::client`] with more settings (a rate limit) applied by `configure`.
    pub fn client_with(
        &self,
        configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
    ) -> Result<Client, Failure> {
        let global = self.global;
        let file = if global.token.is_none() || global.base_url.is_none() {
            // Without a config directory there is simply no config file to read.
            match config_file::path(global.config.as_deref()) {
                Ok(path) => config_file::load(&path)?,
                Err(_) => config_file::ConfigFile::default(),
            }
        } else {
            config_file::ConfigFile::default()
        };
        let token = global.token.clone().or(file.token).ok_or_else(|| {
            Failure::usage("no API token").hint(
                "pass --token, set BOTIKA_API_TOKEN, or save one with `botika config set token` (create it in the Botika dashboard under Phone Numbers > Detail > Api)",
            )
        })?;
        let mut builder = Client::builder()
            .token(token)
            .user_agent(format!("botika-cli/{}", env!("CARGO_PKG_VERSION")));
        if let Some(url) = global.base_url.clone().or(file.base_url) {
            builder = builder.base_url(url);
        }
        if let Some(timeout) = global.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(retries) = global.max_retries {
            builder = builder.max_retries(retries);
        }
        configure(builder).build().map_err(Failure::from)
    }
}
