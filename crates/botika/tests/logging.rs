//! What the client logs: one event per attempt, never the token, never a request body (so never a
//! phone number or a message's text).
//!
//! tracing caches, per call site, whether anyone listens; a subscriber set for one thread while
//! other tests run on other threads can lose events to that cache. So this binary has one test,
//! and its subscriber is the process's global one.

#[allow(dead_code)] // the shared mock; this binary uses part of it
#[path = "mock/mod.rs"]
mod mock;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use botika::{Client, Method, RetryPolicy};
use mock::{MockServer, Reply};
use serde_json::json;

const TOKEN: &str = "sk-test-7f3a9c2e51";

/// A log sink for tracing-subscriber's fmt layer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_have_one_event_per_attempt_and_no_token_or_body() {
    let sink = Captured::default();
    let writer = sink.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish(),
    )
    .unwrap();
    let server = MockServer::start(vec![
        Reply::status(503),
        Reply::json(200, &json!({"data": {"id": "wamid.1"}})),
    ])
    .await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::default().max_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    client
        .request(Method::GET, "/profile")
        .send()
        .await
        .unwrap();
    client
        .request(Method::POST, "/messages")
        .json(&json!({"to": "+62 812-3456-7890", "type": "text", "text": {"body": "Halo!"}}))
        .send()
        .await
        .unwrap();
    let logs = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(!logs.contains(TOKEN), "{logs}");
    // The number's whole digit run, not a fragment: microsecond timestamps hold any three digits
    // sooner or later.
    assert!(
        !logs.contains("3456-7890") && !logs.contains("Halo"),
        "a body was logged: {logs}"
    );
    assert_eq!(logs.matches("botika response").count(), 3, "{logs}");
    assert!(
        logs.contains("status=503") && logs.contains("attempt=2"),
        "{logs}"
    );
    assert_eq!(logs.matches("retrying").count(), 1, "{logs}");
}
