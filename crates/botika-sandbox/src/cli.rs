//! The sandbox's command-line flags, declared once for the two programs that start it: the
//! `botika-sandbox` binary and the `botika sandbox` command flatten [`SandboxArgs`] into their
//! own parsers and turn it into a [`SandboxBuilder`]. Every flag can also come from a
//! `BOTIKA_SANDBOX_*` environment variable.
//!
//! The accepted tokens are not among these flags: `botika sandbox` takes them from the global
//! `--token` that all of `botika`'s commands share, so only the binary declares its own
//! `--token`.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;

use crate::config::parse_label;
use crate::{Envelope, RetryPolicy, Sandbox, SandboxBuilder, StatusSchedule};

/// Every setting of a sandbox but its tokens, as flags.
#[derive(Debug, Clone, clap::Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, env = "BOTIKA_SANDBOX_PORT", default_value_t = 0)]
    port: u16,
    /// Where webhooks are posted.
    #[arg(long, env = "BOTIKA_SANDBOX_WEBHOOK_URL", value_name = "URL")]
    webhook_url: Option<String>,
    /// Signs webhooks with X-Hub-Signature-256.
    #[arg(
        long,
        env = "BOTIKA_SANDBOX_WEBHOOK_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    webhook_secret: Option<String>,
    /// Webhook body shape: cloud or flat.
    #[arg(long, env = "BOTIKA_SANDBOX_ENVELOPE", default_value = "cloud")]
    envelope: Envelope,
    /// Webhook attempts in all, the first included.
    #[arg(
        long,
        env = "BOTIKA_SANDBOX_WEBHOOK_ATTEMPTS",
        default_value_t = 5,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    webhook_attempts: u32,
    /// Wait before the first webhook retry, in ms; doubles for each further one.
    #[arg(long, env = "BOTIKA_SANDBOX_WEBHOOK_BACKOFF_MS", default_value_t = 500)]
    webhook_backoff_ms: u64,
    /// When sent, delivered and read arrive, in ms after a message is accepted.
    #[arg(
        long,
        env = "BOTIKA_SANDBOX_STATUS_SCHEDULE",
        value_name = "SENT,DELIVERED,READ",
        default_value = "100,300,1000"
    )]
    status_schedule: StatusSchedule,
    /// How long a new or updated template stays PENDING, in ms.
    #[arg(long, env = "BOTIKA_SANDBOX_REVIEW_DELAY_MS", default_value_t = 1000)]
    review_delay_ms: u64,
    /// Enforce the customer-service window, 24 h unless --service-window-ms: free-form messages
    /// to a customer who has not written for that long fail with 131047.
    #[arg(long, env = "BOTIKA_SANDBOX_SERVICE_WINDOW", value_parser = BoolishValueParser::new())]
    service_window: bool,
    /// The service window's length, in ms; implies --service-window [default: 86400000, 24 h]
    #[arg(long, env = "BOTIKA_SANDBOX_SERVICE_WINDOW_MS", value_name = "MS")]
    service_window_ms: Option<u64>,
    /// A label for broadcasts: ID=PHONE,PHONE,... ; repeat for more (env: ;-separated).
    #[arg(
        long = "label",
        env = "BOTIKA_SANDBOX_LABELS",
        value_name = "ID=PHONES",
        value_delimiter = ';',
        value_parser = parse_label
    )]
    labels: Vec<(u64, Vec<String>)>,
    /// Keep state in this file across restarts.
    #[arg(long, env = "BOTIKA_SANDBOX_STATE_FILE", value_name = "PATH")]
    state_file: Option<PathBuf>,
    /// Largest request body, in bytes (413 above it).
    #[arg(long, env = "BOTIKA_SANDBOX_MAX_BODY_BYTES", default_value_t = 64 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Do not log requests to stderr.
    #[arg(long, env = "BOTIKA_SANDBOX_QUIET", value_parser = BoolishValueParser::new())]
    quiet: bool,
}

impl From<SandboxArgs> for SandboxBuilder {
    /// A builder with every setting the flags give; add the tokens with
    /// [`SandboxBuilder::token`].
    fn from(args: SandboxArgs) -> SandboxBuilder {
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
            .body_limit(args.max_body_bytes)
            .log_requests(!args.quiet);
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
        if let Some(ms) = args.service_window_ms {
            builder = builder.service_window_length(Duration::from_millis(ms));
        }
        builder
    }
}

/// Resolves on Ctrl-C, or on SIGTERM on Unix: what both programs that run a sandbox until told to
/// stop (and `botika webhooks listen`) wait for.
pub async fn shutdown_signal() {
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
    // Without a SIGTERM handler there is nothing to wait for but Ctrl-C.
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::config::Config;

    #[derive(Debug, Parser)]
    struct Program {
        #[command(flatten)]
        sandbox: SandboxArgs,
    }

    fn config(args: &[&str]) -> Result<Config, clap::Error> {
        let program =
            Program::try_parse_from(std::iter::once("sandbox").chain(args.iter().copied()))?;
        Ok(SandboxBuilder::from(program.sandbox).config)
    }

    #[test]
    fn the_defaults_are_the_documented_ones() {
        let config = config(&[]).unwrap();
        assert_eq!(config.port, 0);
        assert_eq!(config.retry, RetryPolicy::default());
        assert_eq!(config.statuses, StatusSchedule::default());
        assert_eq!(config.review_delay, Duration::from_secs(1));
        assert_eq!(config.body_limit, 64 * 1024 * 1024);
        assert!(config.log_requests && !config.service_window);
        assert_eq!(config.service_window_length, Duration::from_secs(86_400));
        assert!(config.tokens.is_empty() && config.webhook_url.is_none());
    }

    #[test]
    fn every_flag_reaches_the_builder() {
        let config = config(&[
            "--port=8081",
            "--webhook-url=http://127.0.0.1:9/hook",
            "--webhook-secret=s3cret",
            "--envelope=flat",
            "--webhook-attempts=2",
            "--webhook-backoff-ms=7",
            "--status-schedule=1,2,3",
            "--review-delay-ms=4",
            "--service-window",
            "--service-window-ms=1500",
            "--label=1=+6281111111111,+6282222222222",
            "--label=2=+6283333333333",
            "--state-file=state.json",
            "--max-body-bytes=99",
            "--quiet",
        ])
        .unwrap();
        assert_eq!(config.port, 8081);
        assert_eq!(
            config.webhook_url.as_deref(),
            Some("http://127.0.0.1:9/hook")
        );
        assert_eq!(
            config.webhook_secret.map(|s| s.expose().to_owned()),
            Some("s3cret".into())
        );
        assert_eq!(config.envelope, Envelope::Flat);
        assert_eq!(
            (config.retry.attempts, config.retry.backoff),
            (2, Duration::from_millis(7))
        );
        assert_eq!(config.statuses.read, Duration::from_millis(3));
        assert_eq!(config.review_delay, Duration::from_millis(4));
        assert!(config.service_window);
        assert_eq!(config.service_window_length, Duration::from_millis(1500));
        assert_eq!(config.labels[&1], ["+6281111111111", "+6282222222222"]);
        assert_eq!(config.labels[&2], ["+6283333333333"]);
        assert_eq!(config.state_file, Some(PathBuf::from("state.json")));
        assert_eq!(config.body_limit, 99);
        assert!(!config.log_requests);
    }

    #[test]
    fn a_window_length_turns_the_window_on() {
        let config = config(&["--service-window-ms", "1000"]).unwrap();
        assert!(config.service_window);
        assert_eq!(config.service_window_length, Duration::from_secs(1));
    }

    #[test]
    fn bad_values_are_refused_with_the_reason() {
        for (flag, reason) in [
            ("--webhook-attempts=0", "0 is not in 1.."),
            ("--status-schedule=3,2,1", "must not decrease"),
            ("--label=0=+6281111111111", "label ids start at 1"),
            ("--envelope=soap", "expected cloud or flat"),
            ("--service-window-ms=1s", "invalid digit"),
        ] {
            let error = config(&[flag]).unwrap_err().to_string();
            assert!(error.contains(reason), "{flag}: {error}");
        }
    }
}
