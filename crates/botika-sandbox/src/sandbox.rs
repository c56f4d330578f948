//! Starting a sandbox in-process and controlling it: [`Sandbox::builder`] configures, `start`
//! binds 127.0.0.1 and spawns everything on the caller's tokio runtime (it never creates one, so
//! Python and Node bindings can start it from theirs), and [`SandboxHandle`] offers the control
//! API's operations as plain methods.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::{Config, DEFAULT_TOKEN, Envelope, Labels, RetryPolicy, Secret, StatusSchedule};
use crate::engine::Engine;
use crate::error::ApiError;
use crate::faults::FaultSpec;
use crate::ops::control::MessageFilter;
use crate::ops::lifecycle::Review;
use crate::state::State;
use crate::webhooks::Target;
use crate::{persist, server};

/// The emulator of Botika's API.
#[derive(Debug)]
pub struct Sandbox;

impl Sandbox {
    /// A builder with the defaults: a free port, token `sandbox-token`, no webhook URL.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder {
            config: Config::default(),
        }
    }
}

/// Configures a sandbox before it starts.
#[derive(Debug, Clone)]
pub struct SandboxBuilder {
    pub(crate) config: Config,
}

impl SandboxBuilder {
    /// Starts from a complete configuration, replacing every setting made so far.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The port on 127.0.0.1 (0, the default, lets the OS pick).
    pub fn port(mut self, port: u16) -> Self {
        self.config.port = port;
        self
    }

    /// Accepts this bearer token (call again for more).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.config.tokens.push(Secret::new(token));
        self
    }

    /// Sends webhooks to this URL.
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.config.webhook_url = Some(url.into());
        self
    }

    /// Signs webhooks with this secret.
    pub fn webhook_secret(mut self, secret: impl Into<String>) -> Self {
        self.config.webhook_secret = Some(Secret::new(secret));
        self
    }

    /// The webhook body shape.
    pub fn envelope(mut self, envelope: Envelope) -> Self {
        self.config.envelope = envelope;
        self
    }

    /// Webhook retries.
    pub fn webhook_retry(mut self, retry: RetryPolicy) -> Self {
        self.config.retry = retry;
        self
    }

    /// When statuses arrive.
    pub fn status_schedule(mut self, schedule: StatusSchedule) -> Self {
        self.config.statuses = schedule;
        self
    }

    /// How long a template stays `PENDING`.
    pub fn review_delay(mut self, delay: Duration) -> Self {
        self.config.review_delay = delay;
        self
    }

    /// Turns the customer-service window on or off (24 hours unless
    /// [`service_window_length`](Self::service_window_length) says otherwise).
    pub fn service_window(mut self, on: bool) -> Self {
        self.config.service_window = on;
        self
    }

    /// Sets how long a customer's message keeps the service window open, and turns the window
    /// on: a few seconds lets a test see a free-form message fail once the window has closed.
    /// Zero closes it at once (every free-form message fails).
    pub fn service_window_length(mut self, length: Duration) -> Self {
        self.config.service_window = true;
        self.config.service_window_length = length;
        self
    }

    /// Defines a label and its recipients.
    pub fn label(mut self, id: u64, numbers: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.config
            .labels
            .insert(id, numbers.into_iter().map(Into::into).collect());
        self
    }

    /// Keeps the state in this file across restarts.
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.state_file = Some(path.into());
        self
    }

    /// The largest request body accepted, in bytes.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.config.body_limit = bytes;
        self
    }

    /// Logs one line per request to stderr.
    pub fn log_requests(mut self, on: bool) -> Self {
        self.config.log_requests = on;
        self
    }

    /// Binds 127.0.0.1 and starts serving on the current tokio runtime.
    pub async fn start(self) -> io::Result<SandboxHandle> {
        let mut config = self.config;
        if config.tokens.is_empty() {
            config.tokens.push(Secret::new(DEFAULT_TOKEN));
        }
        let state = match &config.state_file {
            Some(path) => persist::load(path)?,
            None => None,
        };
        let state = match state {
            // Labels given at start win over the saved ones.
            Some(mut saved) if !config.labels.is_empty() => {
                saved.labels = config.labels.clone();
                saved
            }
            Some(saved) => saved,
            None => State::seeded(config.labels.clone()),
        };
        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let url = format!("http://{addr}");
        let (stop, shutdown) = watch::channel(false);
        let state_file = config.state_file.clone();
        let (engine, mut tasks) = Engine::start(config, state, url.clone(), &shutdown);
        resume_reviews(&engine);
        if let Some(path) = state_file {
            tasks.push(tokio::spawn(persist::run(
                Arc::clone(&engine),
                path,
                shutdown.clone(),
            )));
        }
        let app = crate::http::router(Arc::clone(&engine));
        tasks.push(tokio::spawn(server::serve(listener, app, shutdown)));
        Ok(SandboxHandle {
            engine,
            addr,
            url,
            stop,
            tasks,
        })
    }
}

/// Templates saved while `PENDING` get their review again after a restart.
fn resume_reviews(engine: &Engine) {
    let pending: Vec<(u64, u64)> = engine
        .state()
        .templates
        .iter()
        .filter(|t| t.status == "PENDING")
        .map(|t| (t.id, t.revision))
        .collect();
    for (template_id, revision) in pending {
        engine.schedule_review(template_id, revision);
    }
}

/// A running sandbox. Stop it with [`SandboxHandle::stop`]; dropping it stops it too (and
/// writes the state file, if any).
#[derive(Debug)]
pub struct SandboxHandle {
    engine: Arc<Engine>,
    addr: SocketAddr,
    url: String,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl SandboxHandle {
    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The API's base URL: [`SandboxHandle::url`] + `/api/whatsapp/v1`.
    pub fn api_url(&self) -> String {
        format!("{}{}", self.url, crate::API_PREFIX)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The first accepted token.
    pub fn token(&self) -> &str {
        self.engine
            .config
            .tokens
            .first()
            .map_or(DEFAULT_TOKEN, Secret::expose)
    }

    /// Stops serving, waits for the background tasks, and writes the state file.
    pub async fn stop(mut self) -> io::Result<()> {
        self.stop.send_replace(true);
        for task in self.tasks.drain(..) {
            // A task that panicked has nothing left to clean up.
            let _ = task.await;
        }
        self.save()
    }

    fn save(&self) -> io::Result<()> {
        match &self.engine.config.state_file {
            Some(path) => persist::write(path, &persist::snapshot(&self.engine)?),
            None => Ok(()),
        }
    }

    /// A customer writes to the business (see `POST /_sandbox/inbound`); answers the id.
    pub fn inbound(&self, message: &Value) -> Result<String, ApiError> {
        self.engine.inbound(message)
    }

    /// Messages, both directions, matching `filter` (set `direction` to outbound for what the
    /// business sent).
    pub fn messages(&self, filter: &MessageFilter) -> Vec<Value> {
        self.engine.messages(filter)
    }

    /// What the business sent, optionally only to one customer.
    pub fn sent_messages(&self, to: Option<&str>) -> Vec<Value> {
        let direction = Some(crate::state::Direction::Outbound);
        self.engine.messages(&MessageFilter {
            to: to.map(String::from),
            direction,
            kind: None,
        })
    }

    /// One message by id.
    pub fn message(&self, id: &str) -> Option<Value> {
        self.engine.message(id)
    }

    /// Every webhook delivery with its attempts, oldest first.
    pub fn webhook_log(&self) -> Vec<Value> {
        self.engine.webhooks.entries()
    }

    /// Sets where webhooks go (`None` URL: only logged), how they are signed and shaped; refused
    /// (as the control API refuses it) for a URL that is not `http://` or `https://` or an empty
    /// secret. Unlike `PUT /_sandbox/webhook`, which keeps what the body leaves out, this sets all
    /// three.
    pub fn set_webhook(
        &self,
        url: Option<&str>,
        secret: Option<&str>,
        envelope: Envelope,
    ) -> Result<(), ApiError> {
        let target = Target::new(url.map(String::from), secret.map(String::from), envelope)?;
        self.engine.webhooks.set_target(target);
        Ok(())
    }

    /// Injects a fault; answers its id.
    pub fn set_fault(&self, fault: FaultSpec) -> Result<u64, ApiError> {
        self.engine.faults.add(fault)
    }

    /// The active faults, with how often each matched and fired.
    pub fn faults(&self) -> Vec<Value> {
        self.engine.faults.list()
    }

    /// Removes one fault; false when no fault has that id.
    pub fn remove_fault(&self, id: u64) -> bool {
        self.engine.faults.remove(id)
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.engine.faults.clear();
    }

    /// Limits `POST /messages` to this many per second (429 over it), or lifts the limit.
    pub fn set_rate_limit(&self, messages_per_second: Option<f64>) -> Result<(), ApiError> {
        self.engine.throughput.set(messages_per_second)
    }

    /// Approves a template now.
    pub fn approve_template(&self, id: u64) -> Result<Value, ApiError> {
        self.engine.review_template(id, Review::Approve)
    }

    /// Rejects a template now, with a reason.
    pub fn reject_template(&self, id: u64, reason: &str) -> Result<Value, ApiError> {
        self.engine
            .review_template(id, Review::Reject(reason.to_owned()))
    }

    /// Replaces the labels until the next reset.
    pub fn set_labels(&self, labels: Labels) {
        self.engine.set_labels(labels);
    }

    /// Requests processed per route, and what is stored.
    pub fn stats(&self) -> Value {
        self.engine.stats()
    }

    /// Back to a fresh start (see `POST /_sandbox/reset`).
    pub fn reset(&self) {
        self.engine.reset();
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        if !self.tasks.is_empty() {
            self.stop.send_replace(true);
            if let Err(e) = self.save() {
                eprintln!("botika-sandbox: could not write the state file: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send<T: Send>(_: &T) {}
    fn send_sync<T: Send + Sync>() {}

    /// The bindings hold the handle across threads and await start/stop on their runtimes.
    #[test]
    fn handle_and_futures_cross_threads() {
        send_sync::<SandboxHandle>();
        send(&Sandbox::builder().start());
    }
}
