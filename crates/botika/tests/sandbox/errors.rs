//! Every error code the SDK gives, produced for real by the sandbox or the network: 401, 403,
//! 404, 422 (a body the SDK would refuse, sent raw so that it reaches the sandbox), 429, 5xx,
//! other 4xx, an answer that is not JSON, a timeout, a dropped connection and a closed port, and
//! refusals before sending. API
//! errors carry status, method, path, message and request id, and never the token.

use std::time::{Duration, Instant};

use botika::{Client, Method, OutgoingMessage, RequestOptions, Text};
use botika_sandbox::{FaultKind, FaultSpec};
use serde_json::json;

use crate::support::{self, CUSTOMER};

/// One attempt only, so each test sees the first failure.
fn once(client: &Client) -> Client {
    client.with_options(RequestOptions::new().max_retries(0))
}

#[tokio::test]
async fn a_wrong_token_is_an_authentication_error_that_never_shows_the_token() {
    let sandbox = support::sandbox().await;
    let token = "wrong-token-s3cr3t";
    let client = support::client_for(&sandbox.api_url())
        .token(token)
        .build()
        .unwrap();
    let error = client.profile().get().await.unwrap_err();
    assert_eq!(
        (error.code(), error.status()),
        ("authentication", Some(401))
    );
    assert_eq!(error.message(), "Unauthenticated.");
    assert_eq!(
        (error.method(), error.path()),
        (Some("GET"), Some("/profile"))
    );
    assert!(error.request_id().is_some());
    for shown in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{client:?}"),
    ] {
        assert!(!shown.contains(token), "{shown}");
    }
}

#[tokio::test]
async fn unknown_resources_are_not_found() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let errors = [
        client.templates().get("999999").await.unwrap_err(),
        client
            .templates()
            .delete("no_such_template")
            .await
            .unwrap_err(),
        client.media().download("123").await.unwrap_err(),
        client.messages().mark_read("wamid.nope").await.unwrap_err(),
        client
            .request(Method::GET, "/no-such-endpoint")
            .send()
            .await
            .unwrap_err(),
    ];
    for error in errors {
        assert_eq!(
            (error.code(), error.status()),
            ("not_found", Some(404)),
            "{error:?}"
        );
        assert!(error.request_id().is_some());
    }
}

#[tokio::test]
async fn a_body_the_sdk_refuses_is_also_refused_by_the_api_with_the_same_field() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let body = json!({
        "to": CUSTOMER,
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": "Pick one"}, "action": {"buttons": [
            {"type": "reply", "reply": {"id": "a", "title": "A"}},
            {"type": "reply", "reply": {"id": "b", "title": "B"}},
            {"type": "reply", "reply": {"id": "c", "title": "C"}},
            {"type": "reply", "reply": {"id": "d", "title": "D"}}
        ]}}
    });
    let mut without_to = body.clone();
    without_to.as_object_mut().unwrap().remove("to");
    let local = OutgoingMessage::from_json(without_to)
        .unwrap()
        .validate()
        .unwrap_err();
    assert_eq!(local.code(), "invalid_argument");
    assert!(
        local
            .field_errors()
            .contains_key("interactive.action.buttons"),
        "{local:?}"
    );

    let remote = client.messages().send_json(body).await.unwrap_err();
    assert_eq!((remote.code(), remote.status()), ("validation", Some(422)));
    assert!(
        remote
            .field_errors()
            .contains_key("interactive.action.buttons"),
        "{remote:?}"
    );
    assert_eq!(
        (remote.method(), remote.path()),
        (Some("POST"), Some("/messages"))
    );
    assert!(!remote.may_have_been_sent());
}

#[tokio::test]
async fn refusals_before_sending_reach_nothing() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let errors = [
        client
            .messages()
            .send("0812345678", Text::new("no country code"))
            .await
            .unwrap_err(),
        client
            .messages()
            .send(CUSTOMER, Text::new(""))
            .await
            .unwrap_err(),
        client
            .messages()
            .send_json(json!({"type": "text"}))
            .await
            .unwrap_err(),
    ];
    for error in errors {
        assert_eq!(
            (error.code(), error.status()),
            ("invalid_argument", None),
            "{error:?}"
        );
    }
    assert_eq!(support::processed(&sandbox, "POST", "/messages"), 0);
}

#[tokio::test]
async fn a_429_without_retries_says_how_long_to_wait() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    sandbox
        .set_fault(
            FaultSpec::new(FaultKind::RateLimit)
                .path("/messages")
                .retry_after(3)
                .count(1),
        )
        .unwrap();
    let error = once(&client)
        .messages()
        .send(CUSTOMER, Text::new("Halo"))
        .await
        .unwrap_err();
    assert_eq!((error.code(), error.status()), ("rate_limited", Some(429)));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
    assert!(!error.may_have_been_sent(), "a 429 processes nothing");
    assert!(support::outbound(&sandbox, None).is_empty());

    // A Retry-After over the policy's cap is not waited for, even with retries left.
    sandbox
        .set_fault(
            FaultSpec::new(FaultKind::RateLimit)
                .path("/profile")
                .retry_after(120)
                .count(1),
        )
        .unwrap();
    let started = Instant::now();
    let error = client.profile().get().await.unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn server_errors_keep_their_status() {
    let sandbox = support::sandbox().await;
    let client = once(&support::client(&sandbox));
    for status in [500, 502, 503] {
        sandbox
            .set_fault(
                FaultSpec::new(FaultKind::Error)
                    .path("/profile")
                    .status(status)
                    .count(1),
            )
            .unwrap();
        let error = client.profile().get().await.unwrap_err();
        assert_eq!((error.code(), error.status()), ("server", Some(status)));
        assert!(error.is_transient());
    }
}

#[tokio::test]
async fn other_client_errors_are_bad_requests() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let error = client
        .request(Method::DELETE, "/profile")
        .send()
        .await
        .unwrap_err();
    assert_eq!((error.code(), error.status()), ("bad_request", Some(405)));
    assert!(!error.is_transient());
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox).with_options(
        RequestOptions::new()
            .timeout(Duration::from_millis(100))
            .max_retries(0),
    );
    sandbox
        .set_fault(
            FaultSpec::new(FaultKind::Latency)
                .path("/profile")
                .latency(Duration::from_millis(1000))
                .count(1),
        )
        .unwrap();
    let started = Instant::now();
    let error = client.profile().get().await.unwrap_err();
    assert_eq!((error.code(), error.status()), ("timeout", None));
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "the call did not wait for the answer"
    );
}

#[tokio::test]
async fn a_dropped_connection_and_a_closed_port_are_connection_errors() {
    let sandbox = support::sandbox().await;
    let client = once(&support::client(&sandbox));
    for kind in [FaultKind::DropBefore, FaultKind::DropAfter] {
        sandbox
            .set_fault(FaultSpec::new(kind).path("/profile").count(1))
            .unwrap();
        let error = client.profile().get().await.unwrap_err();
        assert_eq!(
            (error.code(), error.status()),
            ("connection", None),
            "{kind:?}"
        );
    }

    // A port nothing listens on: bind one, note it, free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let closed = support::client_for(&format!("http://127.0.0.1:{port}/api/whatsapp/v1"))
        .build()
        .unwrap();
    let error = once(&closed).profile().get().await.unwrap_err();
    assert_eq!(error.code(), "connection");
    assert!(error.message().contains("could not connect"), "{error}");
}

#[tokio::test]
async fn a_403_is_a_permission_error_and_is_not_retried() {
    let sandbox = support::sandbox().await;
    // Retries left (the default policy's two), so a retry would show in the fault's count.
    let client = support::client(&sandbox);
    let read = sandbox
        .set_fault(
            FaultSpec::new(FaultKind::Error)
                .path("/profile")
                .status(403),
        )
        .unwrap();
    let error = client.profile().get().await.unwrap_err();
    assert_eq!((error.code(), error.status()), ("permission", Some(403)));
    assert_eq!(error.message(), "This action is unauthorized.");
    assert_eq!(
        (error.method(), error.path()),
        (Some("GET"), Some("/profile"))
    );
    assert!(error.request_id().is_some());
    assert!(!error.is_transient());
    assert_eq!(
        support::fault_matched(&sandbox, read),
        1,
        "one attempt only"
    );

    // A refused send was refused: nothing was processed, and the error says so.
    let send = sandbox
        .set_fault(
            FaultSpec::new(FaultKind::Error)
                .path("/messages")
                .status(403),
        )
        .unwrap();
    let error = client
        .messages()
        .send(CUSTOMER, Text::new("Halo"))
        .await
        .unwrap_err();
    assert_eq!((error.code(), error.status()), ("permission", Some(403)));
    assert!(!error.may_have_been_sent());
    assert_eq!(support::fault_matched(&sandbox, send), 1);
    assert_eq!(support::processed(&sandbox, "POST", "/messages"), 0);
}

#[tokio::test]
async fn an_answer_that_is_not_json_fails_a_read_once_with_decode_and_leaves_a_send_accepted() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    // A read: the core does not retry a decode failure, even on a GET (the same answer would
    // most likely come again; `is_transient` is false), so the sandbox sees one request.
    let read = sandbox
        .set_fault(FaultSpec::new(FaultKind::Malformed).path("/profile"))
        .unwrap();
    let error = client.profile().get().await.unwrap_err();
    assert_eq!(error.code(), "decode", "{error:?}");
    assert!(!error.is_transient());
    assert_eq!(
        support::fault_matched(&sandbox, read),
        1,
        "one attempt only"
    );
    assert_eq!(support::processed(&sandbox, "GET", "/profile"), 1);

    // A send is different: a 2xx means the message was accepted, so the core does not turn an
    // unreadable answer into an error (a caller might send again). It answers the send with an
    // empty id and the body kept as text; the sandbox stored the message once.
    let send = sandbox
        .set_fault(
            FaultSpec::new(FaultKind::Malformed)
                .path("/messages")
                .method("POST"),
        )
        .unwrap();
    let sent = client
        .messages()
        .send(CUSTOMER, Text::new("Halo"))
        .await
        .unwrap();
    assert_eq!(sent.id, "");
    assert_eq!(sent.raw, json!(r#"{"data":"#));
    assert_eq!(support::fault_matched(&sandbox, send), 1);
    assert_eq!(support::outbound(&sandbox, Some(CUSTOMER)).len(), 1);
}
