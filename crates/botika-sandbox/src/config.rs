//! How a sandbox is set up: tokens, webhook target, schedules, labels, persistence and limits.
//! Filled by [`crate::SandboxBuilder`], directly or from the flags of [`crate::SandboxArgs`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// A string that never shows in `Debug` output or logs (tokens, webhook secrets).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the places that must use it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The webhook body's shape (contract section 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Envelope {
    /// `{"object": "whatsapp_business_account", "entry": [...]}`, the Cloud API's.
    #[default]
    Cloud,
    /// `{"contacts"?, "messages"?, "statuses"?}` at the top level, the on-premises shape.
    Flat,
}

impl FromStr for Envelope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "cloud" => Ok(Envelope::Cloud),
            "flat" => Ok(Envelope::Flat),
            other => Err(format!(
                "unknown envelope {other:?}: expected cloud or flat"
            )),
        }
    }
}

/// When an outbound message's statuses arrive, counted from the moment it was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusSchedule {
    /// Delay of the `sent` status.
    pub sent: Duration,
    /// Delay of the `delivered` status.
    pub delivered: Duration,
    /// Delay of the `read` status.
    pub read: Duration,
}

impl Default for StatusSchedule {
    fn default() -> Self {
        StatusSchedule {
            sent: Duration::from_millis(100),
            delivered: Duration::from_millis(300),
            read: Duration::from_millis(1000),
        }
    }
}

impl FromStr for StatusSchedule {
    type Err = String;
    /// `SENT,DELIVERED,READ` in milliseconds, e.g. `100,300,1000`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        let [sent, delivered, read] = parts.as_slice() else {
            return Err(format!(
                "expected SENT,DELIVERED,READ in milliseconds, got {s:?}"
            ));
        };
        let ms = |v: &str| {
            v.parse::<u64>()
                .map(Duration::from_millis)
                .map_err(|_| format!("{v:?} is not a number of milliseconds"))
        };
        let schedule = StatusSchedule {
            sent: ms(sent)?,
            delivered: ms(delivered)?,
            read: ms(read)?,
        };
        if schedule.sent > schedule.delivered || schedule.delivered > schedule.read {
            return Err("the delays must not decrease: sent <= delivered <= read".into());
        }
        Ok(schedule)
    }
}

/// How webhook deliveries are retried when the receiver is down or answers non-2xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub attempts: u32,
    /// Wait before the second attempt; it doubles for each further one.
    pub backoff: Duration,
    /// Cap on the wait between two attempts.
    pub max_backoff: Duration,
    /// How long one attempt may take.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            timeout: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt number `attempt` (1-based).
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(20));
        self.backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

/// Label id -> the recipients the label holds (Botika's labels are made in its dashboard).
pub type Labels = BTreeMap<u64, Vec<String>>;

/// Parses one label definition, `ID=PHONE,PHONE,...` (e.g. `1=+6281234567890,+6281234567891`).
pub fn parse_label(s: &str) -> Result<(u64, Vec<String>), String> {
    let (id, phones) = s
        .split_once('=')
        .ok_or_else(|| format!("expected ID=PHONE,PHONE in {s:?}"))?;
    let id: u64 = id
        .trim()
        .parse()
        .map_err(|_| format!("label id {:?} is not a positive integer", id.trim()))?;
    if id == 0 {
        return Err("label ids start at 1".into());
    }
    let phones = phones
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    Ok((id, phones))
}

/// Everything a sandbox is started with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Port on 127.0.0.1; 0 lets the OS pick a free one.
    pub port: u16,
    /// Bearer tokens the API and the control API accept.
    pub tokens: Vec<Secret>,
    /// Where webhooks go; none means they are only logged.
    pub webhook_url: Option<String>,
    /// Signs every webhook with `X-Hub-Signature-256` when set.
    pub webhook_secret: Option<Secret>,
    /// Webhook body shape.
    pub envelope: Envelope,
    /// Webhook retries.
    pub retry: RetryPolicy,
    /// Status webhook timing.
    pub statuses: StatusSchedule,
    /// How long a new or updated template stays `PENDING`.
    pub review_delay: Duration,
    /// WhatsApp's customer-service window: when on, a free-form message to a customer who has
    /// not written within [`Config::service_window_length`] fails by webhook with error 131047.
    pub service_window: bool,
    /// How long a customer's message keeps the service window open: 24 hours, as on WhatsApp,
    /// unless shortened to test what a bot does once it closes.
    pub service_window_length: Duration,
    /// Labels for broadcasts of type `label`.
    pub labels: Labels,
    /// Where state is kept across restarts; in memory only when none.
    pub state_file: Option<PathBuf>,
    /// Largest request body accepted, in bytes; bigger ones get 413.
    pub body_limit: usize,
    /// Print one line per request to stderr.
    pub log_requests: bool,
}

/// WhatsApp's customer-service window: 24 hours after the customer's last message.
pub const SERVICE_WINDOW_LENGTH: Duration = Duration::from_secs(24 * 3600);

/// The token used when none is given.
pub const DEFAULT_TOKEN: &str = "sandbox-token";

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 0,
            tokens: Vec::new(),
            webhook_url: None,
            webhook_secret: None,
            envelope: Envelope::Cloud,
            retry: RetryPolicy::default(),
            statuses: StatusSchedule::default(),
            review_delay: Duration::from_millis(1000),
            service_window: false,
            service_window_length: SERVICE_WINDOW_LENGTH,
            labels: Labels::new(),
            state_file: None,
            body_limit: 64 * 1024 * 1024,
            log_requests: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_schedules_labels_and_envelopes() {
        let s: StatusSchedule = "1,2,3".parse().unwrap();
        assert_eq!(s.read, Duration::from_millis(3));
        assert!("3,2,1".parse::<StatusSchedule>().is_err());
        assert!("1,2".parse::<StatusSchedule>().is_err());
        assert_eq!(
            parse_label("2=+62 811, +62 812").unwrap(),
            (2, vec!["+62 811".into(), "+62 812".into()])
        );
        assert!(parse_label("x=1").is_err());
        assert_eq!("FLAT".parse::<Envelope>().unwrap(), Envelope::Flat);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy {
            backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
            ..RetryPolicy::default()
        };
        assert_eq!(p.delay_after(1), Duration::from_millis(10));
        assert_eq!(p.delay_after(2), Duration::from_millis(20));
        assert_eq!(p.delay_after(4), Duration::from_millis(50));
    }

    #[test]
    fn secrets_do_not_print() {
        assert!(!format!("{:?}", Secret::new("hunter2")).contains("hunter2"));
    }
}
