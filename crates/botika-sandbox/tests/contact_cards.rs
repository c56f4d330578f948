//! Shared contacts reach the bot as WhatsApp delivers them, Meta's contact card, in both
//! envelopes, although the control API takes Botika's flat `{"name", "phone"}`.

mod common;

use botika_sandbox::Envelope;
use common::{CUSTOMER, eventually, fast, start, with_receiver};
use serde_json::{Value, json};

fn shared() -> Value {
    json!({"from": CUSTOMER, "type": "contacts", "contacts": [
        {"name": "Budi Santoso Wijaya", "phone": "+62 811-2233-4455"},
        {"name": "Toko", "phone": "ext. 0"}
    ]})
}

fn cards() -> Value {
    json!([
        {"name": {"formatted_name": "Budi Santoso Wijaya", "first_name": "Budi", "last_name": "Santoso Wijaya"},
         "phones": [{"phone": "+62 811-2233-4455", "wa_id": "6281122334455"}]},
        {"name": {"formatted_name": "Toko", "first_name": "Toko"},
         "phones": [{"phone": "ext. 0"}]}
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloud_webhooks_and_the_store_carry_meta_cards() {
    let (_sandbox, api, receiver) = with_receiver(fast()).await;
    let answer = api.post("/_sandbox/inbound", shared()).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let id = answer.body["data"]["id"].clone();
    let body = eventually("the contacts webhook", || {
        receiver
            .bodies()
            .into_iter()
            .find(|b| b["entry"][0]["changes"][0]["value"]["messages"][0]["id"] == id)
    })
    .await;
    let message = &body["entry"][0]["changes"][0]["value"]["messages"][0];
    assert_eq!(message["type"], "contacts");
    assert_eq!(message["contacts"], cards());
    let stored = api
        .get(&format!("/_sandbox/messages/{}", id.as_str().unwrap()))
        .await;
    assert_eq!(stored.body["data"]["content"]["contacts"], cards());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flat_webhooks_carry_meta_cards_too() {
    let receiver = common::Receiver::start().await;
    let (_sandbox, api) = start(
        fast()
            .webhook_url(receiver.url.clone())
            .envelope(Envelope::Flat),
    )
    .await;
    assert_eq!(api.post("/_sandbox/inbound", shared()).await.status, 200);
    let body = eventually("the contacts webhook", || {
        receiver
            .bodies()
            .into_iter()
            .find(|b| b["messages"][0]["type"] == "contacts")
    })
    .await;
    assert_eq!(body["messages"][0]["contacts"], cards());
}
