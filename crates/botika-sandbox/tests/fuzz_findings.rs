//! Regression tests for what fuzzing the sandbox against api/openapi.yaml found (api/fuzz.sh):
//! each was an input the description calls invalid that the sandbox took, or a valid one it
//! refused.

mod common;

use common::{CUSTOMER, fast, start};
use serde_json::{Value, json};

fn template(components: Value) -> Value {
    json!({"name": "fuzzed", "language": "id", "category": "MARKETING", "components": components})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn template_samples_must_be_strings() {
    let (_sandbox, api) = start(fast()).await;
    let refused = [
        (
            json!([{"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [[{}]]}}]),
            "components.0.example.body_text.0.0",
        ),
        (
            json!([{"type": "BODY", "text": "Hi", "example": {"body_text": ["Budi"]}}]),
            "components.0.example.body_text.0",
        ),
        (
            json!([{"type": "HEADER", "format": "TEXT", "text": "{{1}}", "example": {"header_text": [7]}},
                   {"type": "BODY", "text": "Hi"}]),
            "components.0.example.header_text.0",
        ),
        (
            json!([{"type": "BODY", "text": "Hi", "example": "Budi"}]),
            "components.0.example",
        ),
        (
            json!([{"type": "BODY", "text": "Hi"}, {"type": "BUTTONS", "buttons": [
                {"type": "URL", "text": "Go", "url": "https://e.com/{{1}}", "example": [1]}]}]),
            "components.1.buttons.0.example.0",
        ),
        (
            json!([{"type": "BODY", "text": "Hi"}, {"type": "BUTTONS", "buttons": [
                {"type": "COPY_CODE", "example": 50}]}]),
            "components.1.buttons.0.example",
        ),
        (
            json!([{"type": "BODY", "text": "Hi"},
                   {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": 5}}]),
            "components.1.limited_time_offer.text",
        ),
    ];
    for (components, field) in refused {
        let answer = api
            .post("/message-templates", template(components.clone()))
            .await;
        assert_eq!(answer.status, 422, "{components}: {}", answer.body);
        assert!(
            answer.body["errors"].get(field).is_some(),
            "{field}: {}",
            answer.body
        );
    }
    let fine = json!([
        {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": {"header_text": ["#1"]}},
        {"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [["Budi"]]}},
        {"type": "BUTTONS", "buttons": [
            {"type": "URL", "text": "Go", "url": "https://e.com/{{1}}", "example": "https://e.com/1"},
            {"type": "COPY_CODE", "example": ["SAVE10"]}]}
    ]);
    let answer = api.post("/message-templates", template(fine)).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbound_media_captions_and_file_names_are_strings() {
    let (_sandbox, api) = start(fast()).await;
    for (kind, key) in [
        ("sticker", "filename"),
        ("audio", "caption"),
        ("image", "filename"),
    ] {
        let answer = api
            .post(
                "/_sandbox/inbound",
                json!({"from": CUSTOMER, "type": kind,
                       kind: {"link": "https://example.com/f", key: {}}}),
            )
            .await;
        assert_eq!(answer.status, 422, "{kind}.{key}: {}", answer.body);
        assert!(answer.body["errors"].get(format!("{kind}.{key}")).is_some());
    }
    let answer = api
        .post(
            "/_sandbox/inbound",
            json!({"from": CUSTOMER, "type": "sticker",
                   "sticker": {"link": "https://example.com/s.webp", "filename": "s.webp"}}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejection_reason_is_a_string() {
    let (_sandbox, api) = start(fast()).await;
    for reason in [json!({}), json!(-15), json!(["a"])] {
        let answer = api
            .post("/_sandbox/templates/2/reject", json!({"reason": reason}))
            .await;
        assert_eq!(answer.status, 422, "{reason}: {}", answer.body);
        assert!(answer.body["errors"].get("reason").is_some());
    }
    let template = api.get("/message-templates/2").await;
    assert_eq!(template.body["data"]["status"], "APPROVED");
    let answer = api
        .post(
            "/_sandbox/templates/2/reject",
            json!({"reason": "Too long."}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["data"]["rejected_reason"], "Too long.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn label_ids_start_at_1() {
    let (_sandbox, api) = start(fast()).await;
    let answer = api
        .put("/_sandbox/labels", json!({"0": ["+6281234567890"]}))
        .await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert_eq!(api.get("/_sandbox/labels").await.body["data"], json!({}));
    let answer = api
        .put("/_sandbox/labels", json!({"1": ["+6281234567890"]}))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_integers_may_be_written_with_a_fraction_of_zero() {
    let (_sandbox, api) = start(fast()).await;
    let answer = api
        .post(
            "/_sandbox/faults",
            json!({"kind": "error", "status": 503.0, "count": 2.0, "path": "/profile"}),
        )
        .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.body["data"]["status"], json!(503));
    assert_eq!(answer.body["data"]["count"], json!(2));
    assert_eq!(api.get("/profile").await.status, 503);
    // Numbers are read exactly (serde_json's float_roundtrip): a long whole decimal stays whole,
    // and the smallest fractions are not rounded away.
    let long = api
        .send(
            api.request(reqwest::Method::POST, "/_sandbox/faults")
                .header("Content-Type", "application/json")
                .body(r#"{"kind": "latency", "latency_ms": 1886173910889169.0, "path": "/nope"}"#),
        )
        .await;
    assert_eq!(long.status, 201, "{}", long.body);
    assert_eq!(long.body["data"]["latency_ms"], json!(1886173910889169_u64));
    for body in [
        r#"{"kind": "error", "status": 503.5}"#,
        r#"{"kind": "rate_limit", "retry_after": 2.5890419884777833e-42}"#,
        r#"{"kind": "rate_limit", "retry_after": 18446744073709551616}"#,
    ] {
        let fraction = api
            .send(
                api.request(reqwest::Method::POST, "/_sandbox/faults")
                    .header("Content-Type", "application/json")
                    .body(body),
            )
            .await;
        assert_eq!(fraction.status, 422, "{body}: {}", fraction.body);
    }
    let tiny = api
        .send(
            api.request(reqwest::Method::POST, "/_sandbox/faults")
                .header("Content-Type", "application/json")
                .body(r#"{"kind": "error", "rate": 5e-324, "path": "/nope"}"#),
        )
        .await;
    assert_eq!(tiny.status, 201, "the smallest rate above 0: {}", tiny.body);
}
