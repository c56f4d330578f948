//! Behaviour under faults, counted on the sandbox's side: a send that meets a dropped
//! connection, a 5xx or a timeout is never stored twice and says it may have been sent (one that
//! timed out was in fact stored, as on a slow server); reads retry through 5xx and drops until
//! they succeed, and a 429's `Retry-After` is waited for, from a fault or from the sandbox's own
//! throughput limit. Every fault fires on the next request(s) only, or stays in place and is
//! counted, so nothing depends on timing luck.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use botika::{Client, RequestOptions, RetryEvent, Text};
use botika_sandbox::{FaultKind, FaultSpec, SandboxHandle};
use futures_util::TryStreamExt;

use crate::support::{self, CUSTOMER};

/// A fault on `POST /messages` that stays until removed, so its counts can be read.
fn on_sends(sandbox: &SandboxHandle, fault: FaultSpec) -> u64 {
    sandbox
        .set_fault(fault.path("/messages").method("POST"))
        .unwrap()
}

/// The retries a client made, each with when its hook was told.
type Retries = Arc<Mutex<Vec<(Instant, RetryEvent)>>>;

/// A client that notes every retry it makes.
fn recording_client(sandbox: &SandboxHandle) -> (Client, Retries) {
    let retries = Arc::new(Mutex::new(Vec::new()));
    let noted = Arc::clone(&retries);
    let client = support::client_for(&sandbox.api_url())
        .on_retry(move |event| {
            noted
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((Instant::now(), event.clone()));
        })
        .build()
        .unwrap();
    (client, retries)
}

#[tokio::test]
async fn a_send_is_never_repeated_after_a_drop_or_a_5xx() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    // (fault, whether the sandbox processed the one request that reached it)
    let cases = [
        (FaultSpec::new(FaultKind::DropBefore), 0),
        (FaultSpec::new(FaultKind::DropAfter), 1),
        (FaultSpec::new(FaultKind::Error).status(503), 0),
    ];
    for (fault, stored) in cases {
        let kind = fault.kind;
        let id = on_sends(&sandbox, fault);
        let error = client
            .messages()
            .send(CUSTOMER, Text::new(format!("{kind:?}")))
            .await
            .unwrap_err();
        assert!(error.may_have_been_sent(), "{kind:?}: {error:?}");
        assert_eq!(
            support::fault_matched(&sandbox, id),
            1,
            "{kind:?}: one attempt only"
        );
        assert!(sandbox.remove_fault(id));
        let texts: Vec<_> = support::outbound(&sandbox, Some(CUSTOMER))
            .into_iter()
            .filter(|m| m["content"]["text"]["body"] == format!("{kind:?}"))
            .collect();
        assert_eq!(texts.len(), stored, "{kind:?}");
    }
    assert_eq!(support::processed(&sandbox, "POST", "/messages"), 1);
}

#[tokio::test]
async fn a_send_that_timed_out_was_stored_once_and_says_it_may_have_been_sent() {
    let sandbox = support::sandbox().await;
    // The sandbox stores the message at once and holds the answer back for a minute; the
    // client gives up after a second (plenty for the request to arrive on a busy machine).
    let id = on_sends(
        &sandbox,
        FaultSpec::new(FaultKind::Latency).latency(Duration::from_secs(60)),
    );
    let client = support::client(&sandbox)
        .with_options(RequestOptions::new().timeout(Duration::from_secs(1)));
    let error = client
        .messages()
        .send(CUSTOMER, Text::new("slow"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "timeout");
    assert!(error.may_have_been_sent(), "{error:?}");
    // The call returned after its only attempt, and that attempt was stored: the case the
    // error warns about.
    assert_eq!(support::fault_matched(&sandbox, id), 1);
    let stored: Vec<_> = support::outbound(&sandbox, Some(CUSTOMER))
        .into_iter()
        .map(|m| m["content"]["text"]["body"].clone())
        .collect();
    assert_eq!(stored, ["slow"]);
    assert_eq!(support::processed(&sandbox, "POST", "/messages"), 1);
}

#[tokio::test]
async fn opting_in_retries_a_send_after_a_5xx_and_can_duplicate_after_a_drop() {
    let sandbox = support::sandbox().await;
    let client =
        support::client(&sandbox).with_options(RequestOptions::new().retry_unsafe_sends(true));

    on_sends(&sandbox, FaultSpec::new(FaultKind::Error).count(1));
    let sent = client
        .messages()
        .send(CUSTOMER, Text::new("after a 500"))
        .await
        .unwrap();
    assert_eq!(support::outbound(&sandbox, None).len(), 1);
    assert!(sandbox.message(&sent.id).is_some());

    // The reason it is off by default: the dropped answer hid a stored message.
    on_sends(&sandbox, FaultSpec::new(FaultKind::DropAfter).count(1));
    client
        .messages()
        .send(CUSTOMER, Text::new("after a drop"))
        .await
        .unwrap();
    let copies = support::outbound(&sandbox, None)
        .into_iter()
        .filter(|m| m["content"]["text"]["body"] == "after a drop")
        .count();
    assert_eq!(copies, 2);
}

#[tokio::test]
async fn a_send_to_a_closed_port_is_retried_since_it_never_left() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let retries = Arc::new(Mutex::new(0));
    let counted = Arc::clone(&retries);
    let client = support::client_for(&format!("http://127.0.0.1:{port}/api/whatsapp/v1"))
        .max_retries(3)
        .on_retry(move |_| *counted.lock().unwrap_or_else(|e| e.into_inner()) += 1)
        .build()
        .unwrap();
    let error = client
        .messages()
        .send(CUSTOMER, Text::new("Halo"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "connection");
    assert!(!error.may_have_been_sent());
    assert_eq!(*retries.lock().unwrap(), 3);
}

#[tokio::test]
async fn reads_retry_through_5xx_and_drops_until_they_succeed() {
    let sandbox = support::sandbox().await;
    let (client, retries) = recording_client(&sandbox);
    let template = client.templates().get("1").await.unwrap();

    let cases = [
        (
            "/profile",
            FaultSpec::new(FaultKind::Error).status(502).count(2),
        ),
        ("/profile", FaultSpec::new(FaultKind::DropBefore).count(2)),
        ("/profile", FaultSpec::new(FaultKind::DropAfter).count(1)),
        (
            "/message-templates/*",
            FaultSpec::new(FaultKind::Error).count(1),
        ),
        (
            "/message-templates/*",
            FaultSpec::new(FaultKind::DropAfter).count(2),
        ),
    ];
    for (path, fault) in cases {
        let fires = fault.count.unwrap_or_default();
        sandbox.set_fault(fault.clone().path(path)).unwrap();
        retries.lock().unwrap().clear();
        if path == "/profile" {
            client.profile().get().await.unwrap();
        } else {
            assert_eq!(
                client.templates().get(&template.id).await.unwrap(),
                template
            );
        }
        assert!(sandbox.faults().is_empty(), "{fault:?} fired {fires} times");
        assert_eq!(retries.lock().unwrap().len() as u64, fires, "{fault:?}");
    }
    // Each drop after processing was processed, and so was each success.
    assert_eq!(support::processed(&sandbox, "GET", "/profile"), 4);
    assert_eq!(
        support::processed(&sandbox, "GET", "/message-templates/{key}"),
        5
    );

    // A list's pages retry on their own, so the stream does not end early.
    sandbox
        .set_fault(
            FaultSpec::new(FaultKind::Error)
                .path("/message-templates")
                .count(1),
        )
        .unwrap();
    let all: Vec<_> = client.templates().list(None).try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn retry_after_from_a_fault_is_waited_for_before_the_send_is_retried() {
    let sandbox = support::sandbox().await;
    let (client, retries) = recording_client(&sandbox);
    on_sends(
        &sandbox,
        FaultSpec::new(FaultKind::RateLimit).retry_after(1).count(1),
    );
    let started = Instant::now();
    let sent = client
        .messages()
        .send(CUSTOMER, Text::new("Halo"))
        .await
        .unwrap();
    let elapsed = started.elapsed();

    let retries = retries.lock().unwrap().clone();
    assert_eq!(retries.len(), 1);
    let (noted_at, event) = &retries[0];
    assert_eq!(
        (event.status, event.delay),
        (Some(429), Duration::from_secs(1))
    );
    // The 429 came back at once; the retry, the call's last step, came a full second later.
    assert!(noted_at.duration_since(started) < Duration::from_millis(900));
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(support::outbound(&sandbox, None).len(), 1);
    assert!(sandbox.message(&sent.id).is_some());
}

#[tokio::test]
async fn the_sandbox_throughput_limit_is_honoured_through_retry_after() {
    let sandbox = support::sandbox().await;
    let (client, retries) = recording_client(&sandbox);
    sandbox.set_rate_limit(Some(1.0)).unwrap();
    client
        .messages()
        .send(CUSTOMER, Text::new("first"))
        .await
        .unwrap();
    let started = Instant::now();
    client
        .messages()
        .send(CUSTOMER, Text::new("second"))
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    let retries = retries.lock().unwrap().clone();
    assert_eq!(retries.len(), 1, "{retries:?}");
    assert_eq!(retries[0].1.delay, Duration::from_secs(1));
    assert_eq!(support::outbound(&sandbox, None).len(), 2);
    // Two accepted sends, and the one attempt the limit refused (the handler applies it).
    assert_eq!(support::processed(&sandbox, "POST", "/messages"), 3);
}
