//! Broadcasts by contact and by label, fanned out as template messages, and what
//! `/broadcasts/latest` reports before and after.

mod common;

use common::{CUSTOMER, eventually, fast, start, with_receiver};
use serde_json::{Value, json};

fn hello(kind: &str, to: Value) -> Value {
    json!({"name": "Promo Desember", "type": kind, "to": to,
        "template": {"name": "hello_world", "language": "en_US", "param": {}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_contact_fans_out_once_per_recipient() {
    let (sandbox, api, receiver) = with_receiver(fast()).await;
    let to = json!(["+62 811-1111-1111", "+6282222222222", "+62 811 1111 1111"]);
    let answer = api.post("/broadcasts", hello("contact", to)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let data = &answer.body["data"];
    assert!(data["id"].is_string());
    assert_eq!(
        (
            &data["name"],
            &data["type"],
            &data["total_recipients"],
            &data["status"]
        ),
        (
            &json!("Promo Desember"),
            &json!("contact"),
            &json!(2),
            &json!("queued")
        ),
        "the same number written twice is one recipient"
    );
    let sent = sandbox.sent_messages(None);
    assert_eq!(sent.len(), 2);
    for message in &sent {
        assert_eq!(message["type"], "template");
        assert_eq!(message["broadcast_id"], data["id"]);
        assert_eq!(message["content"]["template"]["name"], "hello_world");
    }
    let id = sent[0]["id"].as_str().unwrap().to_owned();
    eventually("broadcast message read", || {
        receiver
            .statuses_of(&id)
            .iter()
            .any(|s| s["status"] == "read")
            .then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_label_reaches_everyone_on_the_labels() {
    let (sandbox, api) = start(
        fast()
            .label(1, ["+6281111111111", "+6282222222222"])
            .label(2, ["+6282222222222", "+6283333333333"]),
    )
    .await;
    let answer = api.post("/broadcasts", hello("label", json!([1, 2]))).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["data"]["total_recipients"], 3);
    let mut recipients: Vec<String> = sandbox
        .sent_messages(None)
        .iter()
        .map(|m| m["wa_id"].as_str().unwrap().to_owned())
        .collect();
    recipients.sort();
    assert_eq!(
        recipients,
        ["6281111111111", "6282222222222", "6283333333333"]
    );

    let unknown = api.post("/broadcasts", hello("label", json!([1, 7]))).await;
    assert_eq!(unknown.status, 422);
    assert_eq!(
        unknown.body["errors"]["to.1"][0],
        "The selected to.1 is invalid."
    );
    assert_eq!(
        sandbox.sent_messages(None).len(),
        3,
        "a refused broadcast sends nothing"
    );

    let labels = api
        .put("/_sandbox/labels", json!({"7": ["+6287777777777"]}))
        .await;
    assert_eq!(labels.body["data"], json!({"7": ["+6287777777777"]}));
    assert_eq!(
        api.post("/broadcasts", hello("label", json!([7])))
            .await
            .body["data"]["total_recipients"],
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcasts_check_the_template() {
    let (_sandbox, api) = start(fast()).await;
    let mut body = hello("contact", json!([CUSTOMER]));
    body["template"]["name"] = json!("missing");
    let answer = api.post("/broadcasts", body).await;
    assert_eq!(answer.status, 422);
    assert!(answer.body["errors"]["template.name"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latest_reports_both_documented_shapes() {
    let (sandbox, api) = start(fast()).await;
    let none = api
        .post("/broadcasts/latest", json!({"to": CUSTOMER}))
        .await;
    assert_eq!(none.status, 200);
    assert_eq!(
        none.body,
        json!({"data": {"hasBroadcast": false, "message_id": null, "content": []}})
    );

    api.send_text(CUSTOMER, "not a broadcast").await;
    let still_none = api
        .post("/broadcasts/latest", json!({"to": CUSTOMER}))
        .await;
    assert_eq!(still_none.body["data"]["hasBroadcast"], false);

    let mut body = hello("contact", json!(["+62 812 3456 7890"]));
    body["template"] = json!({"name": "order_update", "language": "en_US",
        "param": {"header": [{"type": "text", "text": "#5"}], "body": ["Sari"], "button": [{"type": "QUICK_REPLY", "value": "t5"}]}});
    assert_eq!(api.post("/broadcasts", body.clone()).await.status, 200);
    let message_id = sandbox.sent_messages(None).last().unwrap()["id"].clone();
    let latest = api
        .post("/broadcasts/latest", json!({"to": "+6281234567890"}))
        .await;
    let data = latest.body["data"].as_object().unwrap();
    assert_eq!(
        data.keys().collect::<Vec<_>>(),
        [
            "hasBroadcast",
            "message_id",
            "content",
            "message_created_at",
            "latest_status"
        ]
    );
    assert_eq!(data["hasBroadcast"], true);
    assert_eq!(data["message_id"], message_id);
    assert_eq!(
        data["content"],
        json!({"from": "broadcast", "type": "template", "content": body["template"]})
    );
    assert!(data["message_created_at"].as_str().unwrap().ends_with('Z'));
    let id = message_id.as_str().unwrap().to_owned();
    eventually_status(&api, &sandbox, &id).await;
}

/// `latest_status` follows the message's statuses.
async fn eventually_status(api: &common::Api, sandbox: &botika_sandbox::SandboxHandle, id: &str) {
    eventually("read", || {
        (sandbox.message(id).unwrap()["status"] == "read").then_some(())
    })
    .await;
    let latest = api
        .post("/broadcasts/latest", json!({"to": CUSTOMER}))
        .await;
    assert_eq!(latest.body["data"]["latest_status"], "read");
}
