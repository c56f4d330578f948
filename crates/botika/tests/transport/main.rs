//! Integration tests of the client's transport against local servers: retries and backoff,
//! `Retry-After`, send safety, the rate limiter, the retry hook, per-call options, timeouts, and
//! secrets kept out of `Debug` and errors (logs: tests/logging.rs). Timing checks are lower
//! bounds only (a loaded machine only makes things slower), so they cannot flake.

#[path = "../mock/mod.rs"]
mod mock;

mod options;
mod rate_limit;
mod retries;
mod secrets;
mod send_safety;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use botika::{Client, ClientBuilder, RetryEvent, RetryPolicy};

/// The token every test client uses; no output may ever contain it.
const TOKEN: &str = "sk-test-7f3a9c2e51";

/// A client for `base_url` whose retries wait at most 5 ms, so tests stay quick.
fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .token(TOKEN)
        .base_url(base_url)
        .retry_policy(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(5)),
        )
}

/// A text message body for `POST /messages`.
fn text_message() -> serde_json::Value {
    serde_json::json!({"to": "+62 812-3456-7890", "type": "text", "text": {"body": "Halo!"}})
}

/// A retry hook that records every event, and the list it records into. (Assertions inside a
/// hook would be swallowed: the client catches a hook's panic.)
fn recorder() -> (
    Arc<Mutex<Vec<RetryEvent>>>,
    impl Fn(&RetryEvent) + Send + Sync + 'static,
) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    (events, move |event: &RetryEvent| {
        sink.lock().unwrap().push(event.clone())
    })
}
