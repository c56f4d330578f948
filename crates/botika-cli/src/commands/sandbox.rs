//! `botika sandbox`: starts the sandbox (the `botika-sandbox` library, in this process) and runs
//! it until Ctrl-C. Its first line on stdout is the sandbox's URL, as the `botika-sandbox` binary
//! prints it, so scripts can wait for it.

use std::path::PathBuf;
use std::time::Duration;

use botika_sandbox::config::{DEFAULT_TOKEN, parse_label};
use botika_sandbox::{Envelope, RetryPolicy, Sandbox, StatusSchedule};
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
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SandboxArgs {
    /// The port on 127.0.0.1; 0 picks a free one
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Where webhooks are posted
    #[arg(long, value_name = "URL")]
    webhook_url: Option<String>,
    /// Sign webhooks with X-Hub-Signature-256 using this secret
    #[arg(long, value_name = "SECRET", hide_env_values = true)]
    webhook_secret: Option<String>,
    /// The webhook body's shape: cloud or flat
    #[arg(long, default_value = "cloud")]
    envelope: Envelope,
    /// Webhook attempts in all, the first included
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    webhook_attempts: u32,
    /// Wait before the first webhook retry, in ms; it doubles for each further one
    #[arg(long, default_value_t = 500)]
    webhook_backoff_ms: u64,
    /// When sent, delivered and read arrive, in ms after a message is accepted
    #[arg(
        long,
        value_name = "SENT,DELIVERED,READ",
        default_value = "100,300,1000"
    )]
    status_schedule: StatusSchedule,
    /// How long a new or updated template stays PENDING, in ms
    #[arg(long, default_value_t = 1000)]
    review_delay_ms: u64,
    /// Enforce the 24-hour customer-service window
    #[arg(long)]
    service_window: bool,
    /// A label for broadcasts, as ID=PHONE,PHONE,...; repeat for more
    #[arg(long = "label", value_name = "ID=PHONES", value_parser = parse_label)]
    labels: Vec<(u64, Vec<String>)>,
    /// Keep the state in this file across restarts
    #[arg(long, value_name = "PATH")]
    state_file: Option<PathBuf>,
    /// Do not log requests to stderr
    #[arg(long)]
    quiet: bool,
}

/// Runs `botika sandbox` until Ctrl-C or SIGTERM.
pub async fn run(context: Context<'_>, args: SandboxArgs) -> Result<(), Failure> {
    // The sandbox accepts the token the other commands send (--token, BOTIKA_API_TOKEN), so
    // one export serves both.
    let token = context.global.token.clone().filter(|t| !t.is_empty());
    let mut builder = Sandbox::builder()
        .port(args.port)
        .envelope(args.envelope)
        .webhook_retry(RetryPolicy {
            attempts: args.webhook_attempts,
            backoff: Duration::from_millis(args.webhook_backoff_ms),
            ..RetryPolicy::default()
        })
        .status_schedule(args.status_schedule)
        .review_delay(Duration::from_millis(args.review_delay_ms))
        .service_window(args.service_window)
        .log_requests(!args.quiet);
    let default_token = token.is_none();
    if let Some(token) = token {
        builder = builder.token(token);
    }
    if let Some(url) = args.webhook_url {
        builder = builder.webhook_url(url);
    }
    if let Some(secret) = args.webhook_secret {
        builder = builder.webhook_secret(secret);
    }
    for (id, phones) in args.labels {
        builder = builder.label(id, phones);
    }
    if let Some(path) = args.state_file {
        builder = builder.state_file(path);
    }
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
    if default_token {
        eprintln!("no --token given: the sandbox accepts the token '{DEFAULT_TOKEN}'");
    }
    crate::shutdown::signal().await;
    sandbox
        .stop()
        .await
        .map_err(|e| Failure::other(format!("the sandbox could not write its state file: {e}")))
}
