//! Webhooks: signatures, the status schedule, retries and the delivery log, both envelopes,
//! inbound messages, template reviews, the test recipients and the service window.

mod common;

use std::time::{Duration, Instant};

use botika_sandbox::{StatusSchedule, signature};
use common::{CUSTOMER, Receiver, eventually, fast, start, with_receiver};
use serde_json::{Value, json};

fn statuses(receiver: &Receiver, id: &str) -> Vec<String> {
    receiver
        .statuses_of(id)
        .iter()
        .map(|s| s["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statuses_arrive_in_order_and_signed() {
    let (sandbox, api, receiver) = with_receiver(fast().webhook_secret("s3cret")).await;
    let id = api.send_text(CUSTOMER, "Halo!").await;
    eventually("three statuses", || {
        (statuses(&receiver, &id).len() == 3).then_some(())
    })
    .await;
    assert_eq!(statuses(&receiver, &id), ["sent", "delivered", "read"]);
    for delivery in receiver.deliveries() {
        let expected = signature(
            &botika_sandbox::config::Secret::new("s3cret"),
            &delivery.body,
        );
        assert_eq!(
            delivery.headers["x-hub-signature-256"].to_str().unwrap(),
            expected
        );
        assert_eq!(delivery.headers["content-type"], "application/json");
        let body = delivery.json();
        assert_eq!(body["object"], "whatsapp_business_account");
        let value = &body["entry"][0]["changes"][0]["value"];
        assert_eq!(body["entry"][0]["changes"][0]["field"], "messages");
        assert_eq!(value["messaging_product"], "whatsapp");
        assert_eq!(value["statuses"][0]["recipient_id"], "6281234567890");
        assert!(
            value["statuses"][0]["timestamp"]
                .as_str()
                .unwrap()
                .parse::<u64>()
                .is_ok()
        );
    }
    let log = eventually("log settles", || {
        let log = sandbox.webhook_log();
        log.iter().all(|e| e["state"] == "delivered").then_some(log)
    })
    .await;
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["attempts"][0]["status"], 200);
    assert_eq!(log[0]["url"], json!(receiver.url));
    assert_eq!(sandbox.message(&id).unwrap()["status"], "read");
    let stored = sandbox.message(&id).unwrap();
    let history: Vec<&str> = stored["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["accepted", "sent", "delivered", "read"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_deliveries_are_retried_and_every_attempt_is_logged() {
    let (sandbox, api, receiver) = with_receiver(fast()).await;
    receiver.fail_next(2);
    api.post(
        "/_sandbox/inbound",
        json!({"from": CUSTOMER, "type": "text", "text": {"body": "hi"}}),
    )
    .await;
    let entry = eventually("delivered on the third attempt", || {
        sandbox
            .webhook_log()
            .into_iter()
            .find(|e| e["state"] == "delivered")
    })
    .await;
    let attempts = entry["attempts"].as_array().unwrap();
    assert_eq!(
        attempts
            .iter()
            .map(|a| a["status"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [500, 500, 200]
    );
    assert!(attempts[0]["error"].as_str().unwrap().contains("500"));
    let bodies: Vec<_> = receiver
        .deliveries()
        .iter()
        .map(|d| d.body.clone())
        .collect();
    assert_eq!(bodies.len(), 3);
    assert!(
        bodies.iter().all(|b| b == &bodies[0]),
        "a retry sends the same bytes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_is_down_ends_in_failed_and_api_answers_do_not_wait() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let (sandbox, api) = start(fast().webhook_url(url)).await;
    let started = std::time::Instant::now();
    let id = sandbox
        .inbound(&json!({"from": CUSTOMER, "type": "text", "text": {"body": "hi"}}))
        .unwrap();
    api.send_text(CUSTOMER, "answer").await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "delivery never blocks the API"
    );
    let entry = eventually("failed", || {
        sandbox
            .webhook_log()
            .into_iter()
            .find(|e| e["state"] == "failed")
    })
    .await;
    assert_eq!(entry["attempts"].as_array().unwrap().len(), 3);
    assert!(
        entry["attempts"][0]["error"]
            .as_str()
            .unwrap()
            .starts_with("could not connect"),
        "{entry}"
    );
    assert_eq!(
        entry["payload"]["entry"][0]["changes"][0]["value"]["messages"][0]["id"],
        json!(id)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_url_events_are_only_logged_and_the_target_can_change() {
    let (sandbox, api) = start(fast()).await;
    sandbox
        .inbound(&json!({"from": CUSTOMER, "type": "text", "text": {"body": "hi"}}))
        .unwrap();
    eventually("no_url", || {
        sandbox
            .webhook_log()
            .first()
            .filter(|e| e["state"] == "no_url")
            .cloned()
    })
    .await;

    let receiver = Receiver::start().await;
    let set = api
        .put(
            "/_sandbox/webhook",
            json!({"url": receiver.url, "secret": "k", "envelope": "flat"}),
        )
        .await;
    assert_eq!(
        set.body["data"],
        json!({"url": receiver.url, "envelope": "flat", "signed": true})
    );
    assert!(
        !String::from_utf8_lossy(&set.raw).contains("\"k\""),
        "the secret is never shown"
    );
    let id = api.send_text(CUSTOMER, "flat please").await;
    eventually("flat status", || {
        receiver
            .bodies()
            .into_iter()
            .find(|b| b["statuses"][0]["id"] == id)
    })
    .await;
    let flat = receiver.bodies()[0].clone();
    assert!(
        flat.get("object").is_none() && flat["statuses"].is_array(),
        "{flat}"
    );
    assert!(
        receiver.deliveries()[0]
            .headers
            .contains_key("x-hub-signature-256")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbound_messages_arrive_with_contact_and_context() {
    let (sandbox, api, receiver) = with_receiver(fast()).await;
    let sent = api.send_text(CUSTOMER, "Which size?").await;
    let image = api
        .upload("image", "shirt.png", "image/png", b"\x89PNG".to_vec())
        .await;
    let answer = api
        .post(
            "/_sandbox/inbound",
            json!({"from": "+62 812-3456-7890", "name": "Budi", "type": "image",
            "image": {"id": image, "caption": "This one"}, "context": {"id": sent}}),
        )
        .await;
    assert_eq!(answer.status, 200);
    let id = answer.body["data"]["id"].as_str().unwrap().to_owned();
    let body = eventually("inbound webhook", || {
        receiver
            .bodies()
            .into_iter()
            .find(|b| b["entry"][0]["changes"][0]["value"]["messages"][0]["id"] == id)
    })
    .await;
    let value = &body["entry"][0]["changes"][0]["value"];
    assert_eq!(
        value["contacts"][0],
        json!({"profile": {"name": "Budi"}, "wa_id": "6281234567890"})
    );
    let message = &value["messages"][0];
    assert_eq!(message["from"], "6281234567890");
    assert_eq!(message["type"], "image");
    assert_eq!(message["image"]["mime_type"], "image/png");
    assert_eq!(message["image"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(message["context"]["id"], json!(sent));
    assert_eq!(sandbox.message(&id).unwrap()["direction"], "inbound");
    let unknown = api.post("/_sandbox/inbound", json!({"from": CUSTOMER, "type": "text", "text": {"body": "x"}, "context": {"id": "nope"}})).await;
    assert_eq!(unknown.status, 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn template_reviews_are_reported() {
    let (sandbox, api, receiver) = with_receiver(fast()).await;
    let created = api
        .post(
            "/message-templates",
            json!({"name": "welcome_back", "language": "en_US", "category": "MARKETING",
            "components": [{"type": "BODY", "text": "Welcome back!"}]}),
        )
        .await;
    let id = created.body["data"]["id"].as_u64().unwrap();
    let review = |event: &'static str| {
        let receiver = &receiver;
        move || {
            receiver.bodies().into_iter().find(|b| {
                b["entry"][0]["changes"][0]["field"] == "message_template_status_update"
                    && b["entry"][0]["changes"][0]["value"]["event"] == event
            })
        }
    };
    let approved = eventually("APPROVED", review("APPROVED")).await;
    let value = &approved["entry"][0]["changes"][0]["value"];
    assert_eq!(value["message_template_id"], id);
    assert_eq!(value["message_template_name"], "welcome_back");
    assert_eq!(value["message_template_language"], "en_US");
    sandbox.reject_template(id, "TAG_CONTENT_MISMATCH").unwrap();
    let rejected = eventually("REJECTED", review("REJECTED")).await;
    assert_eq!(
        rejected["entry"][0]["changes"][0]["value"]["reason"],
        "TAG_CONTENT_MISMATCH"
    );
    assert_eq!(
        api.get(&format!("/message-templates/{id}")).await.body["data"]["rejected_reason"],
        "TAG_CONTENT_MISMATCH"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_recipients_fail_never_read_and_reply() {
    let (sandbox, api, receiver) = with_receiver(fast()).await;
    let failing = api.send_text("+1 555-010-0001", "x").await;
    let unread = api.send_text("+15550100010", "x").await;
    let offline = api.send_text("+15550100011", "x").await;
    let normal = api.send_text(CUSTOMER, "x").await;
    eventually("normal read", || {
        statuses(&receiver, &normal)
            .contains(&"read".to_owned())
            .then_some(())
    })
    .await;
    // The later message's read was due after any status of the earlier ones, and timers fire in
    // due order, so the test recipients' messages are settled now.
    assert_eq!(sandbox.message(&unread).unwrap()["status"], "delivered");
    assert_eq!(sandbox.message(&offline).unwrap()["status"], "sent");
    eventually("failure", || {
        (statuses(&receiver, &failing) == ["failed"]).then_some(())
    })
    .await;
    let failure = &receiver.statuses_of(&failing)[0];
    assert_eq!(failure["errors"][0]["code"], 131026);
    assert_eq!(failure["errors"][0]["title"], "Message undeliverable");
    eventually("unread settles", || {
        (statuses(&receiver, &unread) == ["sent", "delivered"]).then_some(())
    })
    .await;
    eventually("offline settles", || {
        (statuses(&receiver, &offline) == ["sent"]).then_some(())
    })
    .await;

    let question = api
        .post("/messages", json!({"to": "+15550100020", "type": "interactive", "interactive": {
            "type": "button", "body": {"text": "Size?"},
            "action": {"buttons": [{"type": "reply", "reply": {"id": "size_m", "title": "M"}}, {"type": "reply", "reply": {"id": "size_l", "title": "L"}}]}
        }}))
        .await;
    let question = question.body["data"]["id"].as_str().unwrap().to_owned();
    let tap = eventually("auto reply", || {
        receiver
            .messages()
            .into_iter()
            .find(|m| m["context"]["id"] == question)
    })
    .await;
    assert_eq!(
        tap["interactive"],
        json!({"type": "button_reply", "button_reply": {"id": "size_m", "title": "M"}})
    );

    let template = api
        .post("/messages", json!({"to": "+15550100020", "type": "template", "template": {"name": "order_update", "language": "en_US",
            "param": {"header": {"type": "text", "text": "#9"}, "body": ["Sari"], "button": [{"type": "QUICK_REPLY", "value": "track-9"}]}}}))
        .await;
    let template = template.body["data"]["id"].as_str().unwrap().to_owned();
    let button = eventually("quick reply", || {
        receiver
            .messages()
            .into_iter()
            .find(|m| m["context"]["id"] == template)
    })
    .await;
    assert_eq!(button["type"], "button");
    assert_eq!(
        button["button"],
        json!({"text": "Track order", "payload": "track-9"})
    );

    let text = api.send_text("+15550100020", "ping").await;
    let echo = eventually("echo", || {
        receiver
            .messages()
            .into_iter()
            .find(|m| m["context"]["id"] == text)
    })
    .await;
    assert_eq!(echo["text"]["body"], "You said: ping");

    // A reaction is read but not answered, as customers do not answer an emoji. Replies come in
    // the order their messages were read, so once the later message's echo is in, an answer to
    // the reaction would be too.
    let reaction = api
        .post("/messages", json!({"to": "+15550100020", "type": "reaction", "reaction": {"id": text, "emoji": "👍"}}))
        .await;
    let reaction = reaction.body["data"]["id"].as_str().unwrap().to_owned();
    let later = api.send_text("+15550100020", "pong").await;
    eventually("the later echo", || {
        receiver
            .messages()
            .into_iter()
            .find(|m| m["context"]["id"] == later)
    })
    .await;
    assert_eq!(sandbox.message(&reaction).unwrap()["status"], "read");
    assert!(
        receiver
            .messages()
            .iter()
            .all(|m| m["context"]["id"] != reaction)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_window_fails_free_form_messages_to_silent_customers() {
    let (sandbox, api, receiver) = with_receiver(fast().service_window(true)).await;
    let cold = api.send_text(CUSTOMER, "are you there?").await;
    let template = api
        .post("/messages", json!({"to": CUSTOMER, "type": "template", "template": {"name": "hello_world", "language": "en_US"}}))
        .await;
    let template = template.body["data"]["id"].as_str().unwrap().to_owned();
    eventually("template read", || {
        statuses(&receiver, &template)
            .contains(&"read".to_owned())
            .then_some(())
    })
    .await;
    let failure: Value =
        eventually("131047", || receiver.statuses_of(&cold).first().cloned()).await;
    assert_eq!(
        (
            failure["status"].as_str(),
            failure["errors"][0]["code"].as_u64()
        ),
        (Some("failed"), Some(131047))
    );

    sandbox
        .inbound(&json!({"from": "6281234567890", "type": "text", "text": {"body": "yes!"}}))
        .unwrap();
    let warm = api.send_text(CUSTOMER, "great").await;
    eventually("warm read", || {
        statuses(&receiver, &warm)
            .contains(&"read".to_owned())
            .then_some(())
    })
    .await;
    assert_eq!(statuses(&receiver, &warm), ["sent", "delivered", "read"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_window_closes_after_its_length() {
    let (sandbox, api, receiver) =
        with_receiver(fast().service_window_length(Duration::from_secs(1))).await;
    sandbox
        .inbound(&json!({"from": "6281234567890", "type": "text", "text": {"body": "hi"}}))
        .unwrap();
    let open = api.send_text(CUSTOMER, "hello!").await;
    // The window is judged when a message is accepted; 1.2 s is at least past its end.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let late = api.send_text(CUSTOMER, "still there?").await;
    let template = api
        .post("/messages", json!({"to": CUSTOMER, "type": "template", "template": {"name": "hello_world", "language": "en_US"}}))
        .await;
    let template = template.body["data"]["id"].as_str().unwrap().to_owned();

    let failure: Value =
        eventually("131047", || receiver.statuses_of(&late).first().cloned()).await;
    assert_eq!(
        (
            failure["status"].as_str(),
            failure["errors"][0]["code"].as_u64()
        ),
        (Some("failed"), Some(131047))
    );
    for id in [&open, &template] {
        eventually("read", || {
            statuses(&receiver, id)
                .contains(&"read".to_owned())
                .then_some(())
        })
        .await;
        assert_eq!(statuses(&receiver, id), ["sent", "delivered", "read"]);
    }
    assert_eq!(sandbox.message(&late).unwrap()["status"], "failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_handle_refuses_the_targets_the_control_api_refuses() {
    let (sandbox, api) = start(fast()).await;
    let refused = sandbox
        .set_webhook(Some("ftp://x"), None, botika_sandbox::Envelope::Cloud)
        .unwrap_err();
    assert_eq!(refused.status(), 422);
    assert!(refused.body().unwrap()["errors"]["url"].is_array());
    let empty_secret = sandbox
        .set_webhook(
            Some("http://127.0.0.1:9/hook"),
            Some(""),
            botika_sandbox::Envelope::Flat,
        )
        .unwrap_err();
    assert!(empty_secret.body().unwrap()["errors"]["secret"].is_array());
    // Nothing was changed by the refusals; a valid target is taken whole.
    assert_eq!(
        api.get("/_sandbox/webhook").await.body["data"]["url"],
        Value::Null
    );
    sandbox
        .set_webhook(
            Some("http://127.0.0.1:9/hook"),
            Some("s"),
            botika_sandbox::Envelope::Flat,
        )
        .unwrap();
    let target = api.get("/_sandbox/webhook").await.body;
    assert_eq!(
        target["data"],
        json!({"url": "http://127.0.0.1:9/hook", "envelope": "flat", "signed": true})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_other_failing_test_recipients_fail_with_their_own_codes() {
    let (sandbox, api, receiver) = with_receiver(fast()).await;
    for (number, code, title) in [
        ("+1 555-010-0002", 131_047, "Re-engagement message"),
        (
            "+15550100003",
            131_049,
            "This message was not delivered to maintain healthy ecosystem engagement.",
        ),
    ] {
        let id = api.send_text(number, "x").await;
        eventually(number, || {
            (statuses(&receiver, &id) == ["failed"]).then_some(())
        })
        .await;
        let failure = &receiver.statuses_of(&id)[0];
        assert_eq!(failure["errors"][0]["code"], code, "{failure}");
        assert_eq!(failure["errors"][0]["title"], title, "{failure}");
        let stored = sandbox.message(&id).unwrap();
        assert_eq!(stored["status"], "failed", "{stored}");
        assert_eq!(stored["errors"][0]["code"], code, "{stored}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_secret_no_signature_header_is_sent() {
    let (_sandbox, api, receiver) = with_receiver(fast()).await;
    assert_eq!(
        api.get("/_sandbox/webhook").await.body["data"]["signed"],
        false
    );
    let unsigned = api.send_text(CUSTOMER, "unsigned").await;
    eventually("unsigned statuses", || {
        (statuses(&receiver, &unsigned).len() == 3).then_some(())
    })
    .await;
    let deliveries = receiver.deliveries();
    assert_eq!(deliveries.len(), 3);
    for delivery in &deliveries {
        assert!(
            !delivery.headers.contains_key("x-hub-signature-256"),
            "{:?}",
            delivery.headers
        );
    }

    // A secret set later signs; taking it away (null) stops the signing again.
    api.put("/_sandbox/webhook", json!({"secret": "k"})).await;
    let signed = api.send_text(CUSTOMER, "signed").await;
    eventually("signed sent", || {
        (!statuses(&receiver, &signed).is_empty()).then_some(())
    })
    .await;
    let set = api.put("/_sandbox/webhook", json!({"secret": null})).await;
    assert_eq!(set.body["data"]["signed"], false);
    let again = api.send_text(CUSTOMER, "unsigned again").await;
    eventually("unsigned again", || {
        (statuses(&receiver, &again).len() == 3).then_some(())
    })
    .await;
    let of = |id: &str| -> Vec<bool> {
        receiver
            .deliveries()
            .iter()
            .filter(|d| d.json()["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] == id)
            .map(|d| d.headers.contains_key("x-hub-signature-256"))
            .collect()
    };
    assert!(
        of(&signed)[0],
        "the first status of the signed phase is signed"
    );
    assert_eq!(of(&again), [false, false, false]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_status_schedule_decides_when_statuses_arrive() {
    // Far from the defaults (100, 300, 1000 ms) and from `fast()`, so a schedule that was not
    // applied would show. Only lower bounds are asserted: a busy machine may be late, never early.
    let schedule = StatusSchedule {
        sent: Duration::from_millis(5),
        delivered: Duration::from_millis(700),
        read: Duration::from_millis(750),
    };
    let (_sandbox, api, receiver) = with_receiver(fast().status_schedule(schedule)).await;
    let started = Instant::now();
    let id = api.send_text(CUSTOMER, "Halo!").await;
    eventually("delivered", || {
        statuses(&receiver, &id)
            .contains(&"delivered".to_owned())
            .then_some(())
    })
    .await;
    let delivered_after = started.elapsed();
    assert!(
        delivered_after >= Duration::from_millis(700),
        "delivered after {delivered_after:?}"
    );
    eventually("read", || {
        (statuses(&receiver, &id) == ["sent", "delivered", "read"]).then_some(())
    })
    .await;
    assert!(started.elapsed() >= Duration::from_millis(750));
}
