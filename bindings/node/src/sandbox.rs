//! The testing kit: the sandbox (`botika-sandbox`) started in-process on napi's tokio runtime,
//! and its control operations (simulate inbound messages, read what was sent and the webhook
//! log, inject faults, reset). Records come back as JSON text with camelCase keys; message
//! `content` and webhook `payload` stay exactly as on the wire.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use botika::{Error, ErrorKind};
use botika_sandbox::{
    ApiError, Direction, Envelope, FaultSpec, MessageFilter, RetryPolicy, Sandbox, SandboxHandle,
    StatusSchedule,
};
use napi_derive::napi;
use serde::Deserialize;
use serde_json::Value;

use crate::convert::{Blame, from_value, parse_or_default, wire_part};
use crate::errors::{napi_result, to_napi};

/// Record keys whose values are the wire's own JSON.
const WIRE: &[&str] = &["content", "payload", "raw", "extra"];

/// `startSandbox(options)`'s options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SandboxOptions {
    port: Option<u16>,
    token: Option<String>,
    webhook_url: Option<String>,
    webhook_secret: Option<String>,
    envelope: Option<Envelope>,
    webhook_retry: Option<WebhookRetry>,
    status_schedule_ms: Option<Schedule>,
    review_delay_ms: Option<u64>,
    service_window: Option<bool>,
    service_window_ms: Option<u64>,
    labels: Option<BTreeMap<u64, Vec<String>>>,
    state_file: Option<String>,
    log_requests: Option<bool>,
}

/// When the `sent`, `delivered` and `read` statuses of an outbound message arrive.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Schedule {
    sent: u64,
    delivered: u64,
    read: u64,
}

/// How webhook deliveries are retried.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WebhookRetry {
    attempts: Option<u32>,
    backoff_ms: Option<u64>,
    max_backoff_ms: Option<u64>,
    timeout_ms: Option<u64>,
}

/// `setWebhook`'s settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WebhookTarget {
    url: Option<String>,
    secret: Option<String>,
    #[serde(default)]
    envelope: Envelope,
}

/// `messages(filter)`'s filter.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Filter {
    to: Option<String>,
    direction: Option<Direction>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

impl SandboxOptions {
    fn builder(self) -> botika::Result<botika_sandbox::SandboxBuilder> {
        let mut builder = Sandbox::builder();
        if let Some(port) = self.port {
            builder = builder.port(port);
        }
        if let Some(token) = self.token {
            builder = builder.token(token);
        }
        if let Some(url) = self.webhook_url {
            builder = builder.webhook_url(url);
        }
        if let Some(secret) = self.webhook_secret {
            builder = builder.webhook_secret(secret);
        }
        if let Some(envelope) = self.envelope {
            builder = builder.envelope(envelope);
        }
        if let Some(retry) = self.webhook_retry {
            let defaults = RetryPolicy::default();
            builder = builder.webhook_retry(RetryPolicy {
                attempts: retry.attempts.unwrap_or(defaults.attempts),
                backoff: retry
                    .backoff_ms
                    .map_or(defaults.backoff, Duration::from_millis),
                max_backoff: retry
                    .max_backoff_ms
                    .map_or(defaults.max_backoff, Duration::from_millis),
                timeout: retry
                    .timeout_ms
                    .map_or(defaults.timeout, Duration::from_millis),
            });
        }
        if let Some(schedule) = self.status_schedule_ms {
            let text = format!("{},{},{}", schedule.sent, schedule.delivered, schedule.read);
            let schedule: StatusSchedule = text
                .parse()
                .map_err(|rule: String| Error::invalid_argument("statusScheduleMs", rule))?;
            builder = builder.status_schedule(schedule);
        }
        if let Some(ms) = self.review_delay_ms {
            builder = builder.review_delay(Duration::from_millis(ms));
        }
        if let Some(on) = self.service_window {
            builder = builder.service_window(on);
        }
        // A length turns the window on, whatever `serviceWindow` says (as the flags do).
        if let Some(ms) = self.service_window_ms {
            builder = builder.service_window_length(Duration::from_millis(ms));
        }
        for (id, numbers) in self.labels.unwrap_or_default() {
            builder = builder.label(id, numbers);
        }
        if let Some(path) = self.state_file {
            builder = builder.state_file(path);
        }
        if let Some(on) = self.log_requests {
            builder = builder.log_requests(on);
        }
        Ok(builder)
    }
}

/// A sandbox answer to a control operation, as the error the API's client would have raised.
fn refused(operation: &str, error: ApiError) -> napi::Error {
    let body = error.body().map(Value::to_string).unwrap_or_default();
    to_napi(Error::from_response(
        "POST",
        operation,
        error.status(),
        body.as_bytes(),
        None,
        error.retry_after().map(Duration::from_secs),
    ))
}

/// Records for JavaScript.
fn records(value: &impl serde::Serialize) -> napi::Result<String> {
    crate::convert::result_json(value, WIRE)
}

/// A sandbox running in this process.
#[napi]
pub struct NativeSandbox {
    handle: Mutex<Option<SandboxHandle>>,
    url: String,
    api_url: String,
    token: String,
}

/// Starts a sandbox on 127.0.0.1 (a free port unless `options.port` says otherwise).
#[napi]
pub async fn start_sandbox(options: Option<String>) -> napi::Result<NativeSandbox> {
    let options: SandboxOptions = napi_result(parse_or_default(
        options.as_deref(),
        "options",
        Blame::Argument,
    ))?;
    let handle = napi_result(options.builder())?
        .start()
        .await
        .map_err(|e| to_napi(Error::config(format!("the sandbox could not start: {e}"))))?;
    Ok(NativeSandbox {
        url: handle.url().to_owned(),
        api_url: handle.api_url(),
        token: handle.token().to_owned(),
        handle: Mutex::new(Some(handle)),
    })
}

#[napi]
impl NativeSandbox {
    /// The sandbox's root URL (`http://127.0.0.1:<port>`).
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The API's base URL (`<url>/api/whatsapp/v1`), for `new Client({ baseUrl })`.
    #[napi(getter)]
    pub fn api_url(&self) -> String {
        self.api_url.clone()
    }

    /// A token the sandbox accepts.
    #[napi(getter)]
    pub fn token(&self) -> String {
        self.token.clone()
    }

    /// Stops serving and waits for its tasks; calling it again does nothing.
    #[napi]
    pub async fn stop(&self) -> napi::Result<()> {
        let handle = self
            .handle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match handle {
            Some(handle) => handle.stop().await.map_err(|e| {
                to_napi(Error::config(format!(
                    "the sandbox did not stop cleanly: {e}"
                )))
            }),
            None => Ok(()),
        }
    }

    /// Runs `operation` on the running sandbox.
    fn with<T>(
        &self,
        operation: impl FnOnce(&SandboxHandle) -> napi::Result<T>,
    ) -> napi::Result<T> {
        let guard = self.handle.lock().unwrap_or_else(PoisonError::into_inner);
        match guard.as_ref() {
            Some(handle) => operation(handle),
            None => Err(to_napi(Error::new(
                ErrorKind::Config,
                "the sandbox is stopped",
            ))),
        }
    }

    /// A customer writes to the business: `message` is `{from, type, <type>: {...}, name?,
    /// context?}` as JSON text; answers the new message's id.
    #[napi(catch_unwind)]
    pub fn inbound(&self, message: String) -> napi::Result<String> {
        let message = napi_result(wire_part(&message, "message"))?;
        self.with(|sandbox| {
            sandbox
                .inbound(&message)
                .map_err(|e| refused("/_sandbox/inbound", e))
        })
    }

    /// Messages of both directions matching `filter` (`{to?, direction?, type?}` JSON text).
    #[napi(catch_unwind)]
    pub fn messages(&self, filter: Option<String>) -> napi::Result<String> {
        let filter: Filter = napi_result(parse_or_default(
            filter.as_deref(),
            "filter",
            Blame::Argument,
        ))?;
        let filter = MessageFilter {
            to: filter.to,
            direction: filter.direction,
            kind: filter.kind,
        };
        self.with(|sandbox| records(&sandbox.messages(&filter)))
    }

    /// What the business sent, optionally to one customer only.
    #[napi(catch_unwind)]
    pub fn sent_messages(&self, to: Option<String>) -> napi::Result<String> {
        self.with(|sandbox| records(&sandbox.sent_messages(to.as_deref())))
    }

    /// One message by id, either direction, or `null`.
    #[napi(catch_unwind)]
    pub fn message(&self, id: String) -> napi::Result<String> {
        self.with(|sandbox| records(&sandbox.message(&id)))
    }

    /// Every webhook delivery with its attempts, oldest first.
    #[napi(catch_unwind)]
    pub fn webhook_log(&self) -> napi::Result<String> {
        self.with(|sandbox| records(&sandbox.webhook_log()))
    }

    /// Where webhooks go (`{url?, secret?, envelope?}` JSON text; no url: only logged).
    #[napi(catch_unwind)]
    pub fn set_webhook(&self, target: String) -> napi::Result<()> {
        let target: WebhookTarget =
            napi_result(crate::convert::parse(&target, "webhook", Blame::Argument))?;
        self.with(|sandbox| {
            sandbox
                .set_webhook(
                    target.url.as_deref(),
                    target.secret.as_deref(),
                    target.envelope,
                )
                .map_err(|e| refused("/_sandbox/webhook", e))
        })
    }

    /// Injects a fault (`{kind, path?, method?, count?, rate?, latencyMs?, status?,
    /// retryAfter?}` JSON text); answers its id.
    #[napi(catch_unwind)]
    pub fn set_fault(&self, fault: String) -> napi::Result<u32> {
        let fault: FaultSpec = napi_result(
            wire_part(&fault, "fault").and_then(|v| from_value(v, "fault", Blame::Argument)),
        )?;
        self.with(|sandbox| {
            let id = sandbox
                .set_fault(fault)
                .map_err(|e| refused("/_sandbox/faults", e))?;
            Ok(u32::try_from(id).unwrap_or(u32::MAX))
        })
    }

    /// The active faults, with how often each matched and fired.
    #[napi(catch_unwind)]
    pub fn faults(&self) -> napi::Result<String> {
        self.with(|sandbox| records(&sandbox.faults()))
    }

    /// Removes one fault; `false` when none has that id.
    #[napi(catch_unwind)]
    pub fn remove_fault(&self, id: u32) -> napi::Result<bool> {
        self.with(|sandbox| Ok(sandbox.remove_fault(u64::from(id))))
    }

    /// Removes every fault.
    #[napi(catch_unwind)]
    pub fn clear_faults(&self) -> napi::Result<()> {
        self.with(|sandbox| {
            sandbox.clear_faults();
            Ok(())
        })
    }

    /// Limits `POST /messages` to this many per second (429 beyond), or lifts the limit.
    #[napi(catch_unwind)]
    pub fn set_rate_limit(&self, messages_per_second: Option<f64>) -> napi::Result<()> {
        self.with(|sandbox| {
            sandbox
                .set_rate_limit(messages_per_second)
                .map_err(|e| refused("/_sandbox/rate-limit", e))
        })
    }

    /// Approves a template now; answers the template.
    #[napi(catch_unwind)]
    pub fn approve_template(&self, id: i64) -> napi::Result<String> {
        let id = napi_result(template_id(id))?;
        self.with(|sandbox| {
            let template = sandbox
                .approve_template(id)
                .map_err(|e| refused("/_sandbox/templates/approve", e))?;
            records(&template)
        })
    }

    /// Rejects a template now with `reason`; answers the template.
    #[napi(catch_unwind)]
    pub fn reject_template(&self, id: i64, reason: String) -> napi::Result<String> {
        let id = napi_result(template_id(id))?;
        self.with(|sandbox| {
            let template = sandbox
                .reject_template(id, &reason)
                .map_err(|e| refused("/_sandbox/templates/reject", e))?;
            records(&template)
        })
    }

    /// Requests processed per route, and what is stored.
    #[napi(catch_unwind)]
    pub fn stats(&self) -> napi::Result<String> {
        self.with(|sandbox| records(&sandbox.stats()))
    }

    /// Back to a fresh start: messages, media, webhooks and faults gone, templates re-seeded.
    #[napi(catch_unwind)]
    pub fn reset(&self) -> napi::Result<()> {
        self.with(|sandbox| {
            sandbox.reset();
            Ok(())
        })
    }
}

/// A template id from JavaScript: a positive integer.
fn template_id(id: i64) -> botika::Result<u64> {
    u64::try_from(id).ok().filter(|&id| id > 0).ok_or_else(|| {
        Error::invalid_argument("id", format!("must be a positive template id (got {id})"))
    })
}
