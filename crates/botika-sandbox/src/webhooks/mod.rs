//! Webhook delivery: a background queue, so API answers never wait on the receiver. Events go to
//! one of a few workers by customer (or template), which keeps each conversation's events in
//! order while others proceed; each worker signs, posts and retries with backoff, and every
//! attempt lands in the delivery log.

pub mod payload;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::clock;
use crate::config::{Envelope, RetryPolicy, Secret};
use crate::inbox::live::Revision;
pub use payload::Event;

const WORKERS: usize = 4;
/// The log keeps this many deliveries, dropping the oldest.
const LOG_CAP: usize = 10_000;

/// Where webhooks go, changeable while the sandbox runs.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The receiver's URL; without one, events are only logged.
    pub url: Option<String>,
    /// The signing secret.
    pub secret: Option<Secret>,
    /// The body shape.
    pub envelope: Envelope,
}

impl Target {
    /// A target, checked: the URL must be `http://` or `https://`, the secret non-empty. The
    /// control API (which merges a partial update into the current target) and the in-process
    /// handle (which sets all three) both build targets here.
    pub fn new(
        url: Option<String>,
        secret: Option<String>,
        envelope: Envelope,
    ) -> Result<Target, crate::ApiError> {
        if let Some(url) = &url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(crate::ApiError::field(
                "url",
                "The url must be an http:// or https:// URL, or null.",
            ));
        }
        if secret.as_deref().is_some_and(str::is_empty) {
            return Err(crate::ApiError::field(
                "secret",
                "The secret must be a non-empty string, or null.",
            ));
        }
        Ok(Target {
            url,
            secret: secret.map(Secret::new),
            envelope,
        })
    }
}

#[derive(Debug)]
struct Job {
    id: u64,
    generation: u64,
    body: Bytes,
}

#[derive(Debug)]
struct Entry {
    event: &'static str,
    payload: Value,
    state: &'static str,
    url: Option<String>,
    attempts: Vec<Value>,
}

/// The webhook sender and its delivery log.
#[derive(Debug)]
pub struct Webhooks {
    target: Mutex<Target>,
    policy: RetryPolicy,
    log: Mutex<(u64, BTreeMap<u64, Entry>)>,
    queues: Vec<mpsc::UnboundedSender<Job>>,
    client: reqwest::Client,
    generation: Arc<AtomicU64>,
    /// Bumped by every change to the log, for the inbox's live updates.
    pub revision: Revision,
}

impl Webhooks {
    /// Starts the workers on the current runtime; they stop when `shutdown` turns true.
    pub fn start(
        target: Target,
        policy: RetryPolicy,
        generation: Arc<AtomicU64>,
        shutdown: &watch::Receiver<bool>,
    ) -> (Arc<Webhooks>, Vec<JoinHandle<()>>) {
        let client = reqwest::Client::builder()
            .no_proxy()
            .user_agent(concat!("botika-sandbox/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        let (queues, receivers): (Vec<_>, Vec<_>) =
            (0..WORKERS).map(|_| mpsc::unbounded_channel()).unzip();
        let hooks = Arc::new(Webhooks {
            target: Mutex::new(target),
            policy,
            log: Mutex::default(),
            queues,
            client,
            generation,
            revision: Revision::default(),
        });
        let workers = receivers
            .into_iter()
            .map(|rx| tokio::spawn(Arc::clone(&hooks).work(rx, shutdown.clone())))
            .collect();
        (hooks, workers)
    }

    /// Queues an event; `key` (a customer or a template) picks the worker.
    pub fn send(&self, key: &str, event: Event) {
        let envelope = self.target().envelope;
        let payload = event.body(envelope);
        let body = Bytes::from(serde_json::to_vec(&payload).unwrap_or_default());
        let id = {
            let mut log = self.log();
            log.0 += 1;
            let id = log.0;
            log.1.insert(
                id,
                Entry {
                    event: event.name(),
                    payload,
                    state: "pending",
                    url: None,
                    attempts: Vec::new(),
                },
            );
            while log.1.len() > LOG_CAP {
                log.1.pop_first();
            }
            id
        };
        self.revision.bump();
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        let queue = &self.queues[(hasher.finish() % WORKERS as u64) as usize];
        // A closed queue means the sandbox is stopping: the event stays pending in the log.
        let _ = queue.send(Job {
            id,
            generation: self.generation.load(Ordering::SeqCst),
            body,
        });
    }

    /// The current target.
    pub fn target(&self) -> Target {
        self.target
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Changes the target; queued events go to the new one.
    pub fn set_target(&self, target: Target) {
        *self.target.lock().unwrap_or_else(|e| e.into_inner()) = target;
    }

    /// Every logged delivery, oldest first, with its attempts.
    pub fn entries(&self) -> Vec<Value> {
        self.log()
            .1
            .iter()
            .map(|(id, e)| {
                json!({
                    "id": id, "event": e.event, "state": e.state, "url": e.url,
                    "payload": e.payload, "attempts": e.attempts,
                })
            })
            .collect()
    }

    /// Empties the log (queued events of an older generation are dropped by the workers).
    pub fn clear(&self) {
        self.log().1.clear();
        self.revision.bump();
    }

    fn log(&self) -> std::sync::MutexGuard<'_, (u64, BTreeMap<u64, Entry>)> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn update(&self, id: u64, change: impl FnOnce(&mut Entry)) {
        if let Some(entry) = self.log().1.get_mut(&id) {
            change(entry);
            self.revision.bump();
        }
    }

    async fn work(
        self: Arc<Self>,
        mut jobs: mpsc::UnboundedReceiver<Job>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        loop {
            let job = tokio::select! {
                job = jobs.recv() => match job { Some(job) => job, None => return },
                _ = shutdown.wait_for(|stop| *stop) => return,
            };
            tokio::select! {
                () = self.deliver(&job) => {}
                _ = shutdown.wait_for(|stop| *stop) => return,
            }
        }
    }

    /// Posts one event until it is accepted or the attempts run out.
    async fn deliver(&self, job: &Job) {
        for attempt in 1..=self.policy.attempts.max(1) {
            if job.generation != self.generation.load(Ordering::SeqCst) {
                return; // the sandbox was reset since the event was queued
            }
            let target = self.target();
            let Some(url) = target.url else {
                self.update(job.id, |e| e.state = "no_url");
                return;
            };
            let started = Instant::now();
            let mut request = self
                .client
                .post(&url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .timeout(self.policy.timeout)
                .body(job.body.clone());
            if let Some(secret) = &target.secret {
                request = request.header("X-Hub-Signature-256", signature(secret, &job.body));
            }
            let (status, error) = match request.send().await {
                Ok(response) if response.status().is_success() => {
                    (Some(response.status().as_u16()), None)
                }
                Ok(response) => (
                    Some(response.status().as_u16()),
                    Some(format!("receiver answered {}", response.status())),
                ),
                Err(err) => (None, Some(describe(&err))),
            };
            let ok = error.is_none();
            let last = attempt >= self.policy.attempts.max(1);
            let record = json!({
                "attempt": attempt, "at": clock::iso(clock::now_ms()), "status": status, "error": error,
                "duration_ms": u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            });
            self.update(job.id, |e| {
                e.url = Some(url);
                e.attempts.push(record);
                e.state = if ok {
                    "delivered"
                } else if last {
                    "failed"
                } else {
                    "retrying"
                };
            });
            if ok || last {
                return;
            }
            tokio::time::sleep(self.policy.delay_after(attempt)).await;
        }
    }
}

/// `sha256=<hex HMAC-SHA256 of the raw body>`, the `X-Hub-Signature-256` value.
pub fn signature(secret: &Secret, body: &[u8]) -> String {
    // HMAC takes keys of any length, so the error branch is never taken.
    match <Hmac<Sha256> as Mac>::new_from_slice(secret.expose().as_bytes()) {
        Ok(mut mac) => {
            mac.update(body);
            format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
        }
        Err(_) => String::new(),
    }
}

/// A transport error without the URL's query (which could carry a secret) repeated in it.
fn describe(err: &reqwest::Error) -> String {
    let kind = if err.is_connect() {
        "could not connect"
    } else if err.is_timeout() {
        "timed out"
    } else {
        "request failed"
    };
    match std::error::Error::source(err) {
        Some(source) => format!("{kind}: {source}"),
        None => kind.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hex_hmac_sha256() {
        // RFC 4231 test case 2.
        let sig = signature(&Secret::new("Jefe"), b"what do ya want for nothing?");
        assert_eq!(
            sig,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
