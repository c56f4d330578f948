//! The `botika-sandbox` binary: runs the sandbox on 127.0.0.1 until Ctrl-C or SIGTERM. The
//! first line on stdout is the base URL; everything else goes to stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use botika_sandbox::config::{Secret, parse_label};
use botika_sandbox::{Config, Envelope, RetryPolicy, Sandbox, StatusSchedule};
use clap::Parser;
use clap::builder::BoolishValueParser;

/// A faithful, stateful emulator of Botika's WhatsApp Business API, with webhooks.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, env = "BOTIKA_SANDBOX_PORT", default_value_t = 0)]
    port: u16,
    /// Accepted bearer token; repeat for more (env: comma-separated). Default: sandbox-token.
    #[arg(
        long = "token",
        env = "BOTIKA_SANDBOX_TOKEN",
        value_delimiter = ',',
        hide_env_values = true
    )]
    tokens: Vec<String>,
    /// Where webhooks are posted.
    #[arg(long, env = "BOTIKA_SANDBOX_WEBHOOK_URL")]
    webhook_url: Option<String>,
    /// Signs webhooks with X-Hub-Signature-256.
    #[arg(long, env = "BOTIKA_SANDBOX_WEBHOOK_SECRET", hide_env_values = true)]
    webhook_secret: Option<String>,
    /// Webhook body shape: cloud or flat.
    #[arg(long, env = "BOTIKA_SANDBOX_ENVELOPE", default_value = "cloud")]
    envelope: Envelope,
    /// Webhook attempts in all, the first included.
    #[arg(long, env = "BOTIKA_SANDBOX_WEBHOOK_ATTEMPTS", default_value_t = 5)]
    webhook_attempts: u32,
    /// Wait before the first webhook retry, in ms; doubles for each further one.
    #[arg(long, env = "BOTIKA_SANDBOX_WEBHOOK_BACKOFF_MS", default_value_t = 500)]
    webhook_backoff_ms: u64,
    /// When sent, delivered and read arrive, in ms after acceptance: SENT,DELIVERED,READ.
    #[arg(
        long,
        env = "BOTIKA_SANDBOX_STATUS_SCHEDULE",
        default_value = "100,300,1000"
    )]
    status_schedule: StatusSchedule,
    /// How long a new or updated template stays PENDING, in ms.
    #[arg(long, env = "BOTIKA_SANDBOX_REVIEW_DELAY_MS", default_value_t = 1000)]
    review_delay_ms: u64,
    /// Enforce the 24-hour customer-service window (free-form messages fail with 131047).
    #[arg(long, env = "BOTIKA_SANDBOX_SERVICE_WINDOW", value_parser = BoolishValueParser::new())]
    service_window: bool,
    /// A label for broadcasts: ID=PHONE,PHONE,... ; repeat for more (env: ;-separated).
    #[arg(long = "label", env = "BOTIKA_SANDBOX_LABELS", value_delimiter = ';', value_parser = parse_label)]
    labels: Vec<(u64, Vec<String>)>,
    /// Keep state in this file across restarts.
    #[arg(long, env = "BOTIKA_SANDBOX_STATE_FILE")]
    state_file: Option<PathBuf>,
    /// Largest request body, in bytes (413 above it).
    #[arg(long, env = "BOTIKA_SANDBOX_MAX_BODY_BYTES", default_value_t = 64 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Do not log requests to stderr.
    #[arg(long, env = "BOTIKA_SANDBOX_QUIET", value_parser = BoolishValueParser::new())]
    quiet: bool,
}

impl Args {
    fn config(self) -> Config {
        Config {
            port: self.port,
            tokens: self
                .tokens
                .into_iter()
                .filter(|t| !t.is_empty())
                .map(Secret::new)
                .collect(),
            webhook_url: self.webhook_url,
            webhook_secret: self.webhook_secret.map(Secret::new),
            envelope: self.envelope,
            retry: RetryPolicy {
                attempts: self.webhook_attempts.max(1),
                backoff: Duration::from_millis(self.webhook_backoff_ms),
                ..RetryPolicy::default()
            },
            statuses: self.status_schedule,
            review_delay: Duration::from_millis(self.review_delay_ms),
            service_window: self.service_window,
            labels: self.labels.into_iter().collect(),
            state_file: self.state_file,
            body_limit: self.max_body_bytes,
            log_requests: !self.quiet,
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = Args::parse().config();
    let default_token = config.tokens.is_empty();
    let sandbox = match Sandbox::builder().config(config).start().await {
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
    wait_for_signal().await;
    match sandbox.stop().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("botika-sandbox: could not write the state file: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
