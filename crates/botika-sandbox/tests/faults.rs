//! Every fault kind, by count (deterministic) and by rate, and the throughput limit; the
//! sandbox's request counts prove what was processed.

mod common;

use std::time::{Duration, Instant};

use botika_sandbox::{FaultKind, FaultSpec};
use common::{CUSTOMER, fast, start};
use serde_json::json;

fn text() -> serde_json::Value {
    json!({"to": CUSTOMER, "type": "text", "text": {"body": "hi"}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_delays_only_matching_requests() {
    let (_sandbox, api) = start(fast()).await;
    let added = api
        .post(
            "/_sandbox/faults",
            json!({"kind": "latency", "latency_ms": 300, "path": "/profile", "count": 1}),
        )
        .await;
    assert_eq!(added.status, 201);
    assert_eq!(added.body["data"]["kind"], "latency");
    let started = Instant::now();
    assert_eq!(api.get("/profile").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(
        api.get("/_sandbox/faults").await.body["data"],
        json!([]),
        "a spent count removes the fault"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_for_the_next_n_requests_process_nothing() {
    let (sandbox, api) = start(fast()).await;
    sandbox
        .set_fault(
            FaultSpec::new(FaultKind::Error)
                .status(503)
                .path("/messages")
                .method("POST")
                .count(2),
        )
        .unwrap();
    for _ in 0..2 {
        let answer = api.post("/messages", text()).await;
        assert_eq!(
            (answer.status, answer.body["message"].as_str()),
            (503, Some("Server Error"))
        );
    }
    assert_eq!(api.post("/messages", text()).await.status, 200);
    assert_eq!(sandbox.sent_messages(None).len(), 1);
    assert_eq!(
        sandbox.stats()["requests"]["POST /api/whatsapp/v1/messages"],
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_fault_answers_429_with_retry_after() {
    let (_sandbox, api) = start(fast()).await;
    api.post(
        "/_sandbox/faults",
        json!({"kind": "rate_limit", "retry_after": 7, "count": 1}),
    )
    .await;
    let answer = api.get("/message-templates").await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.body, json!({"message": "Too Many Attempts."}));
    assert_eq!(answer.header("retry-after"), Some("7"));
    assert_eq!(api.get("/message-templates").await.status, 200);
}

/// A client that opens a new connection per request, so a dropped one is never reused.
fn fresh_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_before_processing_stores_nothing() {
    let (sandbox, api) = start(fast()).await;
    sandbox
        .set_fault(
            FaultSpec::new(FaultKind::DropBefore)
                .path("/messages")
                .count(1),
        )
        .unwrap();
    let url = format!("{}/messages", sandbox.api_url());
    let error = fresh_client()
        .post(&url)
        .bearer_auth(&api.token)
        .json(&text())
        .send()
        .await
        .unwrap_err();
    assert!(!error.is_status(), "no HTTP answer at all: {error}");
    assert!(sandbox.sent_messages(None).is_empty());
    assert!(
        sandbox.stats()["requests"]
            .get("POST /api/whatsapp/v1/messages")
            .is_none()
    );
    assert_eq!(
        api.post("/messages", text()).await.status,
        200,
        "the next request goes through"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_after_processing_stores_the_message_once() {
    let (sandbox, api) = start(fast()).await;
    api.post("/_sandbox/faults", json!({"kind": "drop_after", "path": "/api/whatsapp/v1/messages", "method": "POST", "count": 1}))
        .await;
    let url = format!("{}/messages", sandbox.api_url());
    let error = fresh_client()
        .post(&url)
        .bearer_auth(&api.token)
        .json(&text())
        .send()
        .await
        .unwrap_err();
    assert!(!error.is_status(), "no HTTP answer at all: {error}");
    assert_eq!(
        sandbox.sent_messages(None).len(),
        1,
        "processed although the client got no answer"
    );
    assert_eq!(
        sandbox.stats()["requests"]["POST /api/whatsapp/v1/messages"],
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_whose_client_gave_up_during_latency_is_stored_all_the_same() {
    let (sandbox, api) = start(fast()).await;
    sandbox
        .set_fault(
            FaultSpec::new(FaultKind::Latency)
                .latency(Duration::from_secs(60))
                .path("/messages")
                .method("POST")
                .count(1),
        )
        .unwrap();
    // The client hangs up long before the answer would come; a second is plenty for the
    // sandbox to have read the request, even on a busy machine.
    let error = fresh_client()
        .post(format!("{}/messages", sandbox.api_url()))
        .bearer_auth(&api.token)
        .timeout(Duration::from_secs(1))
        .json(&text())
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert_eq!(
        sandbox.sent_messages(None).len(),
        1,
        "a slow server still finishes the work it started"
    );
    assert_eq!(
        sandbox.stats()["requests"]["POST /api/whatsapp/v1/messages"],
        1
    );
    assert_eq!(api.post("/messages", text()).await.status, 200);
    assert_eq!(sandbox.sent_messages(None).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_fires_evenly_and_control_routes_are_never_faulted() {
    let (sandbox, api) = start(fast()).await;
    let id = sandbox
        .set_fault(FaultSpec::new(FaultKind::Error).rate(0.5))
        .unwrap();
    let statuses: Vec<u16> = {
        let mut out = Vec::new();
        for _ in 0..4 {
            out.push(api.get("/profile").await.status);
        }
        out
    };
    assert_eq!(statuses, [200, 500, 200, 500]);
    assert_eq!(api.get("/_sandbox/stats").await.status, 200);
    let listed = api.get("/_sandbox/faults").await;
    assert_eq!(
        (
            listed.body["data"][0]["matched"].as_u64(),
            listed.body["data"][0]["fired"].as_u64()
        ),
        (Some(4), Some(2))
    );
    assert_eq!(
        api.delete(&format!("/_sandbox/faults/{id}")).await.status,
        200
    );
    assert_eq!(api.get("/profile").await.status, 200);
    sandbox.set_fault(FaultSpec::new(FaultKind::Error)).unwrap();
    assert_eq!(api.delete("/_sandbox/faults").await.status, 200);
    assert_eq!(api.get("/profile").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throughput_limit_answers_429_over_it() {
    let (sandbox, api) = start(fast()).await;
    // One message every 5 s: the first goes through, the next ones within 5 s cannot.
    let set = api
        .put("/_sandbox/rate-limit", json!({"messages_per_second": 0.2}))
        .await;
    assert_eq!(set.body["data"]["messages_per_second"], 0.2);
    let mut answers = Vec::new();
    for _ in 0..3 {
        answers.push(api.post("/messages", text()).await);
    }
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [200, 429, 429]);
    let limited = &answers[1];
    let retry_after: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=5).contains(&retry_after), "{retry_after}");
    assert_eq!(limited.body["message"], "Too Many Attempts.");
    assert_eq!(
        sandbox.sent_messages(None).len(),
        1,
        "refused sends are not stored"
    );
    sandbox.set_rate_limit(None).unwrap();
    assert_eq!(api.post("/messages", text()).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_faults_answer_the_4xx_the_api_gives_in_laravels_shape() {
    let (sandbox, api) = start(fast()).await;
    for (status, message) in [
        (403, "This action is unauthorized."),
        (401, "Unauthenticated."),
        (404, "Not found."),
    ] {
        let added = api
            .post(
                "/_sandbox/faults",
                json!({"kind": "error", "status": status, "path": "/messages", "count": 1}),
            )
            .await;
        assert_eq!(added.status, 201, "{status}");
        let answer = api.post("/messages", text()).await;
        assert_eq!(answer.status, status);
        assert_eq!(answer.body, json!({ "message": message }));
        assert!(answer.header("x-request-id").is_some());
    }
    assert!(
        sandbox.sent_messages(None).is_empty(),
        "a refused send is not processed"
    );
    assert!(
        sandbox.stats()["requests"]
            .get("POST /api/whatsapp/v1/messages")
            .is_none()
    );
    // Other 4xx have their own shapes (422, 429) or no use as an injected answer.
    for status in [400, 422, 429, 499, 600] {
        let refused = api
            .post(
                "/_sandbox/faults",
                json!({"kind": "error", "status": status}),
            )
            .await;
        assert_eq!(refused.status, 422, "{status}");
        assert!(refused.body["errors"]["status"].is_array());
    }
    assert!(
        sandbox
            .set_fault(FaultSpec::new(FaultKind::Error).status(403))
            .is_ok()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_answer_is_200_with_json_cut_short_after_processing() {
    let (sandbox, api) = start(fast()).await;
    let added = api
        .post(
            "/_sandbox/faults",
            json!({"kind": "malformed", "path": "/messages", "method": "POST", "count": 1}),
        )
        .await;
    assert_eq!(
        (added.status, added.body["data"]["kind"].as_str()),
        (201, Some("malformed"))
    );
    let answer = api.post("/messages", text()).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert!(
        serde_json::from_slice::<serde_json::Value>(&answer.raw).is_err(),
        "not JSON: {:?}",
        answer.raw
    );
    assert_eq!(&answer.raw[..], br#"{"data":"#);
    assert_eq!(
        sandbox.sent_messages(None).len(),
        1,
        "the send was processed although its answer cannot be read"
    );
    assert_eq!(
        sandbox.stats()["requests"]["POST /api/whatsapp/v1/messages"],
        1
    );

    // On a read, through the handle; the next request is answered normally again.
    sandbox
        .set_fault(
            FaultSpec::new(FaultKind::Malformed)
                .path("/profile")
                .count(1),
        )
        .unwrap();
    let read = api.get("/profile").await;
    assert_eq!((read.status, &read.raw[..]), (200, &br#"{"data":"#[..]));
    let again = api.get("/profile").await;
    assert!(again.body["data"].is_object(), "{:?}", again.body);
}
