//! The `botika-sandbox` binary: runs the sandbox on 127.0.0.1 until Ctrl-C or SIGTERM. The
//! first line on stdout is the base URL; everything else goes to stderr.

use std::io::Write;
use std::process::ExitCode;

use botika_sandbox::{SandboxArgs, SandboxBuilder};
use clap::Parser;

/// A faithful, stateful emulator of Botika's WhatsApp Business API, with webhooks.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Accepted bearer token; repeat for more (env: comma-separated). Default: sandbox-token.
    #[arg(
        long = "token",
        env = "BOTIKA_SANDBOX_TOKEN",
        value_delimiter = ',',
        hide_env_values = true
    )]
    tokens: Vec<String>,
    #[command(flatten)]
    sandbox: SandboxArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let tokens: Vec<String> = args.tokens.into_iter().filter(|t| !t.is_empty()).collect();
    let default_token = tokens.is_empty();
    let builder = tokens
        .into_iter()
        .fold(SandboxBuilder::from(args.sandbox), SandboxBuilder::token);
    let sandbox = match builder.start().await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("botika-sandbox: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", sandbox.url());
    // The URL line is what scripts wait for: make sure it is out before anything else.
    let _ = std::io::stdout().flush();
    eprintln!(
        "botika-sandbox: API at {}; control API at {}/_sandbox",
        sandbox.api_url(),
        sandbox.url()
    );
    eprintln!(
        "botika-sandbox: web inbox at {0}/ (sign in once with {0}/?token=<your token>)",
        sandbox.url()
    );
    if default_token {
        eprintln!("botika-sandbox: no --token given, accepting the default token 'sandbox-token'");
    }
    botika_sandbox::shutdown_signal().await;
    match sandbox.stop().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("botika-sandbox: could not write the state file: {e}");
            ExitCode::FAILURE
        }
    }
}
