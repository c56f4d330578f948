//! A representative rule of each endpoint, end to end: the 422 in Laravel's shape with the field
//! path of docs/rules.md (the rules themselves are unit-tested in `src/rules`), and automatic
//! template review both ways.

mod common;

use common::{CUSTOMER, eventually_async, fast, start};
use serde_json::{Value, json};

/// The `errors` keys of a 422.
fn fields(answer: &common::Answer) -> Vec<String> {
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.body["message"].is_string());
    answer.body["errors"]
        .as_object()
        .expect("errors")
        .keys()
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_endpoint_names_the_failing_field() {
    let (sandbox, api) = start(fast()).await;
    let missing = api.post("/messages", json!({})).await;
    assert!(fields(&missing).contains(&"to".to_owned()));
    assert_eq!(missing.body["errors"]["to"][0], "The to field is required.");

    let long = api
        .post(
            "/messages",
            json!({"to": CUSTOMER, "type": "text", "text": {"body": "x".repeat(4097)}}),
        )
        .await;
    assert_eq!(fields(&long), ["text.body"]);

    let buttons: Vec<Value> = (0..4).map(|i| json!({"type": "reply", "reply": {"id": format!("b{i}"), "title": format!("B{i}")}})).collect();
    let interactive = api
        .post("/messages", json!({"to": CUSTOMER, "type": "interactive",
            "interactive": {"type": "button", "body": {"text": "Pick"}, "action": {"buttons": buttons}}}))
        .await;
    assert_eq!(fields(&interactive), ["interactive.action.buttons"]);

    let fit = api
        .post("/messages", json!({"to": CUSTOMER, "type": "template",
            "template": {"name": "order_update", "language": "en_US", "param": {"header": {"type": "text", "text": "#1"}, "body": [],
                "button": [{"type": "QUICK_REPLY", "value": "x"}]}}}))
        .await;
    assert_eq!(fields(&fit), ["template.param.body"]);

    let id = sandbox
        .inbound(&json!({"from": CUSTOMER, "type": "text", "text": {"body": "hi"}}))
        .unwrap();
    let read = api
        .put(&format!("/messages/{id}"), json!({"status": "delivered"}))
        .await;
    assert_eq!(fields(&read), ["status"]);

    let broadcast = api
        .post(
            "/broadcasts",
            json!({"name": "x", "type": "contact", "to": ["12"],
            "template": {"name": "hello_world", "language": "en_US", "param": {}}}),
        )
        .await;
    assert_eq!(fields(&broadcast), ["to.0"]);
    assert_eq!(
        fields(&api.post("/broadcasts/latest", json!({"to": "abc"})).await),
        ["to"]
    );

    let template = api
        .post(
            "/message-templates",
            json!({"name": "Bad Name", "language": "en_US", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Hi"}]}),
        )
        .await;
    assert_eq!(fields(&template), ["name"]);

    let part = reqwest::multipart::Part::bytes(b"GIF89a".to_vec())
        .file_name("a.gif")
        .mime_str("image/gif")
        .unwrap();
    let upload = api
        .send(
            api.request(reqwest::Method::POST, "/media")
                .multipart(reqwest::multipart::Form::new().part("image", part)),
        )
        .await;
    assert_eq!(fields(&upload), ["image"]);

    let inbound = api
        .post(
            "/_sandbox/inbound",
            json!({"from": CUSTOMER, "type": "text", "text": {}}),
        )
        .await;
    assert_eq!(fields(&inbound), ["text.body"]);
    assert_eq!(
        sandbox.stats()["messages"]["outbound"],
        0,
        "nothing refused was stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_approves_or_rejects_with_a_reason() {
    let (_sandbox, api) = start(fast()).await;
    let create = |name: &str, body: &str| json!({"name": name, "language": "en_US", "category": "MARKETING", "components": [{"type": "BODY", "text": body}]});
    let good = api
        .post("/message-templates", create("spring_sale", "Spring sale!"))
        .await
        .body["data"]["id"]
        .as_u64()
        .unwrap();
    let named = api
        .post("/message-templates", create("reject_me", "Fine text."))
        .await
        .body["data"]["id"]
        .as_u64()
        .unwrap();
    let gap = api
        .post("/message-templates", create("gap_vars", "Hi {{2}}"))
        .await
        .body["data"]["id"]
        .as_u64()
        .unwrap();
    let status = |id: u64| {
        let api = api.clone();
        async move {
            let shown = api.get(&format!("/message-templates/{id}")).await.body["data"].clone();
            (shown["status"] != "PENDING").then_some(shown)
        }
    };
    assert_eq!(
        eventually_async("approved", || status(good)).await["status"],
        "APPROVED"
    );
    for id in [named, gap] {
        let rejected = eventually_async("rejected", || status(id)).await;
        assert_eq!(rejected["status"], "REJECTED");
        assert!(!rejected["rejected_reason"].as_str().unwrap().is_empty());
    }
}
