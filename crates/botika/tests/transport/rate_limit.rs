//! The rate limiter: shared by every clone, gating each attempt of `POST /messages` and nothing
//! else. (Its precision is checked on tokio's paused clock in the crate's unit tests.)

use std::time::{Duration, Instant};

use botika::{ErrorKind, Method, RequestOptions};
use futures_util::future::join_all;
use serde_json::json;

use crate::mock::{MockServer, Reply};
use crate::{builder, text_message};

fn ok() -> Reply {
    Reply::json(200, &json!({"data": {"id": "wamid.1"}}))
}

#[tokio::test]
async fn clones_and_option_layers_share_one_limiter() {
    let server = MockServer::start(vec![ok()]).await;
    let client = builder(server.base_url()).rate_limit(10.0).build().unwrap();
    let clone = client.clone();
    let layered = client.with_options(RequestOptions::new().max_retries(0));
    let message = text_message();
    let started = Instant::now();
    let sends = [&client, &clone, &layered]
        .into_iter()
        .cycle()
        .take(6)
        .map(|c| c.request(Method::POST, "/messages").json(&message).send());
    for result in join_all(sends).await {
        result.unwrap();
    }
    // Six sends at 10/s: the first at once, the last five intervals (500 ms) later.
    assert!(
        started.elapsed() >= Duration::from_millis(490),
        "only {:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn every_attempt_of_a_send_waits_for_its_slot() {
    let limited = Reply::status(429).header("Retry-After", "0");
    let server = MockServer::start(vec![limited, ok()]).await;
    let client = builder(server.base_url()).rate_limit(4.0).build().unwrap();
    let started = Instant::now();
    client
        .request(Method::POST, "/messages")
        .json(&text_message())
        .send()
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(240),
        "the retry skipped the limiter"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn other_requests_are_not_limited() {
    let server = MockServer::start(vec![ok()]).await;
    // One send every 10 s: were reads or broadcasts gated, this would take over a minute.
    let client = builder(server.base_url()).rate_limit(0.1).build().unwrap();
    let started = Instant::now();
    for (method, path) in [
        (Method::GET, "/profile"),
        (Method::POST, "/broadcasts"),
        (Method::PUT, "/messages/wamid.1"),
        (Method::GET, "/messages"),
        (Method::POST, "/messages/extra"),
        (Method::POST, "/media"),
    ] {
        client.request(method, path).send().await.unwrap();
    }
    assert!(
        started.elapsed() < Duration::from_secs(9),
        "a request was gated"
    );
}

#[tokio::test]
async fn a_rate_that_is_not_a_positive_number_is_a_config_error() {
    for rate in [0.0, -5.0, f64::NAN] {
        let error = builder("http://127.0.0.1:9/api")
            .rate_limit(rate)
            .build()
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config, "{rate}");
    }
}
