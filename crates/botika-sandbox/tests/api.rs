//! Every endpoint's success path, with the documented (or decided) response shape.

mod common;

use common::{Api, CUSTOMER, eventually_async, fast, start};
use serde_json::{Value, json};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n fake image bytes";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_answers_data() {
    let (_sandbox, api) = start(fast()).await;
    let answer = api.get("/profile").await;
    assert_eq!(answer.status, 200);
    let data = &answer.body["data"];
    for field in ["about", "address", "description", "email", "vertical"] {
        assert!(data[field].is_string(), "{field} in {data}");
    }
    assert!(data["websites"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_upload_download_delete() {
    let (_sandbox, api) = start(fast()).await;
    let image = reqwest::multipart::Part::bytes(PNG.to_vec())
        .file_name("photo.png")
        .mime_str("image/png")
        .unwrap();
    let doc = reqwest::multipart::Part::bytes(b"hello".to_vec())
        .file_name("note \"1\".txt")
        .mime_str("text/plain")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .part("image", image)
        .part("document", doc);
    let answer = api
        .send(api.request(reqwest::Method::POST, "/media").multipart(form))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let object = answer.body.as_object().unwrap();
    assert_eq!(
        object.keys().collect::<Vec<_>>(),
        ["image", "document"],
        "one key per part, no data wrapper"
    );
    let image_id = answer.body["image"]["id"].as_str().unwrap();
    let doc_id = answer.body["document"]["id"].as_str().unwrap();

    let got = api.get(&format!("/media/{image_id}")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.raw.as_ref(), PNG);
    assert_eq!(got.header("content-type"), Some("image/png"));
    assert_eq!(
        got.header("content-length"),
        Some(PNG.len().to_string().as_str())
    );
    assert_eq!(
        got.header("content-disposition"),
        Some("attachment; filename=\"photo.png\"")
    );
    let got = api.get(&format!("/media/{doc_id}")).await;
    assert_eq!(
        got.header("content-disposition"),
        Some("attachment; filename=\"note _1_.txt\"")
    );

    let deleted = api.delete(&format!("/media/{image_id}")).await;
    assert_eq!((deleted.status, deleted.body), (200, json!({})));
    assert_eq!(api.get(&format!("/media/{image_id}")).await.status, 404);
    assert_eq!(api.delete(&format!("/media/{image_id}")).await.status, 404);
}

/// One valid message of each of the eleven types.
async fn every_type(api: &Api) -> Vec<(&'static str, Value)> {
    let image = api
        .upload("image", "a.png", "image/png", PNG.to_vec())
        .await;
    let document = api
        .upload(
            "document",
            "invoice.pdf",
            "application/pdf",
            b"%PDF-1.4".to_vec(),
        )
        .await;
    let earlier = api.send_text(CUSTOMER, "earlier").await;
    vec![
        (
            "text",
            json!({"body": "Halo https://example.com", "preview_url": true}),
        ),
        ("image", json!({"id": image, "caption": "A photo"})),
        (
            "video",
            json!({"link": "https://example.com/clip.mp4", "caption": "A clip"}),
        ),
        ("audio", json!({"link": "https://example.com/voice.ogg"})),
        (
            "document",
            json!({"id": document, "caption": "Invoice", "filename": "invoice.pdf"}),
        ),
        (
            "sticker",
            json!({"link": "https://example.com/sticker.webp"}),
        ),
        (
            "location",
            json!({"latitude": -7.8014, "longitude": 110.3647, "name": "Kraton", "address": "Yogyakarta"}),
        ),
        (
            "contacts",
            json!([{"name": "Budi", "phone": "+62 811 1111 111"}]),
        ),
        ("reaction", json!({"id": earlier, "emoji": "👍"})),
        (
            "interactive",
            json!({
                "type": "button",
                "body": {"text": "Confirm your order?"},
                "action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "Yes"}}]}
            }),
        ),
        (
            "template",
            json!({"name": "hello_world", "language": "en_US"}),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_message_type_is_accepted_with_a_unique_id() {
    let (sandbox, api) = start(fast()).await;
    let mut ids = std::collections::HashSet::new();
    for (kind, content) in every_type(&api).await {
        let mut body = json!({"to": CUSTOMER, "type": kind, kind: content});
        if kind != "reaction" {
            body["reply_message_id"] = json!(sandbox.sent_messages(None)[0]["id"]);
        }
        let answer = api.post("/messages", body.clone()).await;
        assert_eq!(answer.status, 200, "{kind}: {}", answer.body);
        let id = answer.body["data"]["id"].as_str().unwrap().to_owned();
        assert_eq!(answer.body, json!({"data": {"id": id}}), "{kind}");
        assert!(ids.insert(id.clone()));
        let stored = sandbox.message(&id).unwrap();
        assert_eq!(
            (stored["type"].as_str(), &stored["content"]),
            (Some(kind), &body)
        );
    }
    assert_eq!(ids.len(), 11);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn template_with_parameters_and_language_object() {
    let (_sandbox, api) = start(fast()).await;
    let param = json!({
        "header": {"type": "text", "text": "#1024"},
        "body": ["Budi"],
        "button": [{"type": "QUICK_REPLY", "value": "track-1024"}]
    });
    let answer = api
        .post(
            "/messages",
            json!({"to": CUSTOMER, "type": "template",
            "template": {"name": "order_update", "language": {"code": "en_US"}, "param": param}}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mark_as_read_an_inbound_message() {
    let (sandbox, api) = start(fast()).await;
    let id = sandbox
        .inbound(&json!({"from": CUSTOMER, "type": "text", "text": {"body": "hi"}}))
        .unwrap();
    let answer = api
        .put(&format!("/messages/{id}"), json!({"status": "read"}))
        .await;
    assert_eq!(answer.status, 200);
    assert!(
        answer.body == json!({}) || answer.body.is_null(),
        "{}",
        answer.body
    );
    assert_eq!(sandbox.message(&id).unwrap()["status"], "read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_create_show_list_update_delete() {
    let (_sandbox, api) = start(fast()).await;
    let body = json!({
        "name": "shipping_notice", "language": "id", "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Paket {{1}} sudah dikirim.", "example": {"body_text": [["#77"]]}}]
    });
    let created = api.post("/message-templates", body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let template = &created.body["data"];
    assert_eq!(template["status"], "PENDING");
    assert!(template["id"].is_u64());
    assert!(template["created_at"].as_str().unwrap().ends_with('Z'));
    let id = template["id"].as_u64().unwrap();

    let approved = eventually_async("approval", || async {
        let shown = api.get(&format!("/message-templates/{id}")).await;
        (shown.body["data"]["status"] == "APPROVED").then_some(shown)
    })
    .await;
    assert_eq!(approved.status, 200);
    assert_eq!(approved.body["data"]["name"], "shipping_notice");

    // Reject by hand, then update: back to PENDING, then reviewed again.
    let rejected = api
        .post(
            &format!("/_sandbox/templates/{id}/reject"),
            json!({"reason": "INVALID_FORMAT"}),
        )
        .await;
    assert_eq!(rejected.body["data"]["rejected_reason"], "INVALID_FORMAT");
    let updated = api
        .patch(
            &format!("/message-templates/{id}"),
            json!({"category": "MARKETING"}),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.body["data"]["status"], "PENDING");
    assert_eq!(updated.body["data"]["category"], "MARKETING");
    assert!(updated.body["data"].get("rejected_reason").is_none());

    let deleted = api.delete("/message-templates/shipping_notice").await;
    assert_eq!((deleted.status, deleted.body), (200, json!({})));
    assert_eq!(
        api.get(&format!("/message-templates/{id}")).await.status,
        404
    );
    assert_eq!(
        api.delete("/message-templates/shipping_notice")
            .await
            .status,
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn template_list_is_laravel_simple_pagination() {
    let (_sandbox, api) = start(fast()).await;
    for i in 0..11 {
        let body = json!({"name": format!("promo_{i:02}"), "language": "id", "category": "MARKETING",
            "components": [{"type": "BODY", "text": "Diskon!"}]});
        assert_eq!(api.post("/message-templates", body).await.status, 201);
    }
    // 2 seeds + 11: page 1 and 2 full, page 2 has 3.
    let first = api.get("/message-templates").await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["data"].as_array().unwrap().len(), 10);
    let base = format!("{}/api/whatsapp/v1/message-templates", api.url);
    assert_eq!(
        first.body["links"],
        json!({"first": format!("{base}?page=1"), "last": null, "prev": null, "next": format!("{base}?page=2")})
    );
    assert_eq!(
        first.body["meta"],
        json!({"current_page": 1, "from": 1, "path": base, "per_page": 10, "to": 10})
    );

    let second = api
        .send(
            api.http
                .get(first.body["links"]["next"].as_str().unwrap())
                .bearer_auth(&api.token),
        )
        .await;
    assert_eq!(second.body["data"].as_array().unwrap().len(), 3);
    assert_eq!(second.body["links"]["next"], Value::Null);
    assert_eq!(
        second.body["links"]["prev"],
        json!(format!("{base}?page=1"))
    );
    assert_eq!(
        (
            second.body["meta"]["from"].as_u64(),
            second.body["meta"]["to"].as_u64()
        ),
        (Some(11), Some(13))
    );

    for param in ["seacrh", "search"] {
        let found = api
            .get(&format!("/message-templates?{param}=PROMO_1"))
            .await;
        let names: Vec<&str> = found.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["promo_10"], "{param}");
        assert_eq!(
            found.body["links"]["first"],
            json!(format!("{base}?page=1&{param}=PROMO_1"))
        );
    }
    let empty = api.get("/message-templates?page=9").await;
    assert_eq!(empty.body["data"], json!([]));
    assert_eq!(
        (
            empty.body["meta"]["from"].clone(),
            empty.body["meta"]["to"].clone()
        ),
        (Value::Null, Value::Null)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_api_lists_and_filters_messages() {
    let (sandbox, api) = start(fast()).await;
    api.send_text("+62 811-1111-1111", "one").await;
    api.send_text("+6282222222222", "two").await;
    sandbox
        .inbound(&json!({"from": "6282222222222", "type": "text", "text": {"body": "yo"}}))
        .unwrap();
    let to_two = api
        .get("/_sandbox/messages?to=%2B62%20822-2222-2222&direction=outbound")
        .await;
    let listed = to_two.body["data"].as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["to"], "+6282222222222");
    assert_eq!(listed[0]["content"]["text"]["body"], "two");
    let all = api.get("/_sandbox/messages").await;
    assert_eq!(all.body["data"].as_array().unwrap().len(), 3);
    let inbound = api.get("/_sandbox/messages?direction=inbound").await;
    assert_eq!(inbound.body["data"][0]["from"], "6282222222222");
    assert_eq!(sandbox.sent_messages(Some("+62 811 1111 1111")).len(), 1);
    assert_eq!(
        api.get("/_sandbox/messages?direction=sideways")
            .await
            .status,
        422
    );
    let recipients = api.get("/_sandbox/test-recipients").await;
    assert!(recipients.body["data"].as_array().unwrap().len() >= 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_restores_a_fresh_sandbox() {
    let (sandbox, api) = start(fast()).await;
    api.send_text(CUSTOMER, "hello").await;
    api.upload("image", "a.png", "image/png", PNG.to_vec())
        .await;
    api.delete("/message-templates/hello_world").await;
    let reset = api.post("/_sandbox/reset", json!({})).await;
    assert_eq!((reset.status, reset.body), (200, json!({})));
    let stats = sandbox.stats();
    assert_eq!(stats["messages"], json!({"outbound": 0, "inbound": 0}));
    assert_eq!(stats["media"], 0);
    assert_eq!(stats["templates"], 2);
    assert_eq!(stats["requests"], json!({}));
}
