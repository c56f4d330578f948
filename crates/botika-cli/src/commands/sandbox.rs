//! `botika sandbox`: starts the sandbox (the `botika-sandbox` library, in this process) and runs
//! it until Ctrl-C. Its first line on stdout is the sandbox's URL, as the `botika-sandbox` binary
//! prints it, so scripts can wait for it.

use botika_sandbox::SandboxBuilder;
use botika_sandbox::config::DEFAULT_TOKEN;
use clap::Args;
use serde_json::json;

use crate::context::Context;
use crate::failure::Failure;

const EXAMPLES: &str = "\
Examples:
  botika sandbox --port 8080 --token TEST
  botika sandbox --token TEST --webhook-url http://127.0.0.1:9000/hook --webhook-secret s3cret
  botika sandbox --label 1=+6281234567890,+6281234567891 --state-file sandbox.json

Then, in another terminal:
  export BOTIKA_BASE_URL=http://127.0.0.1:8080/api/whatsapp/v1 BOTIKA_API_TOKEN=TEST
  botika send text --to +15550100001 --body 'Halo'   # a test recipient whose messages fail

Test recipients (+1 555 01xx) fail, never read or reply on purpose; see docs/sandbox.md.";

/// Run the local sandbox. It accepts the token given with --token (or BOTIKA_API_TOKEN), else
/// `sandbox-token`.
// The flags are the sandbox library's, as the `botika-sandbox` binary has them, but for the
// port's default: a fixed one, so that the base URL in the examples and the docs works as is.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES, mut_arg("port", |port| port.default_value("8080")))]
pub struct RunSandboxArgs {
    #[command(flatten)]
    settings: botika_sandbox::SandboxArgs,
}

/// Runs `botika sandbox` until Ctrl-C or SIGTERM.
pub async fn run(context: Context<'_>, args: RunSandboxArgs) -> Result<(), Failure> {
    // The sandbox accepts the token the other commands send (--token, BOTIKA_API_TOKEN), so
    // one export serves both.
    let token = context.global.token.clone().filter(|t| !t.is_empty());
    let default_token = token.is_none();
    let builder = token
        .into_iter()
        .fold(SandboxBuilder::from(args.settings), SandboxBuilder::token);
    let sandbox = builder.start().await.map_err(|e| {
        Failure::other(format!("cannot start the sandbox: {e}"))
            .hint("is the port in use? pick another --port, or --port 0 for a free one")
    })?;
    let api_url = sandbox.api_url();
    context
        .printer
        .stream_item(&json!({ "url": sandbox.url(), "api_url": api_url }), || {
            sandbox.url().to_owned()
        });
    eprintln!(
        "sandbox API at {api_url}; control API at {}/_sandbox",
        sandbox.url()
    );
    eprintln!("use it with: export BOTIKA_BASE_URL={api_url}");
    eprintln!(
        "web inbox at {0}/ (sign in once with {0}/?token=<your token>)",
        sandbox.url()
    );
    if default_token {
        eprintln!("no --token given: the sandbox accepts the token '{DEFAULT_TOKEN}'");
    }
    botika_sandbox::shutdown_signal().await;
    sandbox
        .stop()
        .await
        .map_err(|e| Failure::other(format!("the sandbox could not write its state file: {e}")))
}
