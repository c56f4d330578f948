//! Retries: the hook sees each one, `Retry-After` is waited for, backoff stays under its ceiling.

use std::time::{Duration, Instant};

use botika::{ErrorKind, Method, RetryPolicy};
use serde_json::json;

use crate::mock::{MockServer, Reply};
use crate::{builder, recorder};

#[tokio::test]
async fn the_hook_sees_every_retry_with_what_failed_and_the_wait() {
    let server = MockServer::start(vec![
        Reply::status(502),
        Reply::status(503),
        Reply::json(200, &json!({"data": {}})),
    ])
    .await;
    let policy = RetryPolicy::default()
        .base_delay(Duration::from_millis(4))
        .max_delay(Duration::from_millis(6));
    let (events, hook) = recorder();
    let client = builder(server.base_url())
        .retry_policy(policy)
        .on_retry(hook)
        .build()
        .unwrap();
    client.profile().get().await.unwrap();
    let events = events.lock().unwrap().clone();
    assert_eq!(events.len(), 2);
    for (i, (event, status)) in events.iter().zip([502, 503]).enumerate() {
        assert_eq!(event.attempt, i as u32 + 1);
        assert_eq!(
            (event.method.as_str(), event.path.as_str()),
            ("GET", "/profile")
        );
        assert_eq!(
            (event.kind, event.status),
            (ErrorKind::Server, Some(status))
        );
        assert!(
            event.delay <= policy.backoff_ceiling(event.attempt),
            "{:?}",
            event.delay
        );
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retry_after_is_waited_for_exactly() {
    let limited =
        Reply::json(429, &json!({"message": "Too Many Attempts."})).header("Retry-After", "1");
    let server = MockServer::start(vec![limited, Reply::json(200, &json!({}))]).await;
    let (events, hook) = recorder();
    let client = builder(server.base_url()).on_retry(hook).build().unwrap();
    let started = Instant::now();
    client
        .request(Method::GET, "/profile")
        .send()
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(990),
        "waited only {:?}",
        started.elapsed()
    );
    let events = events.lock().unwrap();
    assert_eq!(
        (events[0].kind, events[0].delay),
        (ErrorKind::RateLimited, Duration::from_secs(1))
    );
}

#[tokio::test]
async fn exhausted_retries_return_the_last_error_with_its_details() {
    let server = MockServer::start(vec![
        Reply::status(500),
        Reply::json(503, &json!({"message": "maintenance"})).header("X-Request-Id", "req-9"),
    ])
    .await;
    let client = builder(server.base_url()).max_retries(3).build().unwrap();
    let error = client.profile().get().await.unwrap_err();
    assert_eq!(
        (error.kind(), error.status(), error.message()),
        (ErrorKind::Server, Some(503), "maintenance")
    );
    assert_eq!(error.request_id(), Some("req-9"));
    assert!(!error.may_have_been_sent());
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn a_panicking_hook_does_not_break_the_call() {
    let server = MockServer::start(vec![Reply::status(503), Reply::json(200, &json!({}))]).await;
    let client = builder(server.base_url())
        .on_retry(|_| panic!("hook failure"))
        .build()
        .unwrap();
    let response = client
        .request(Method::GET, "/profile")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(server.requests().len(), 2);
    assert!(format!("{client:?}").contains("on_retry: true"));
}
