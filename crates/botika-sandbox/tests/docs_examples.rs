//! Every request example of Botika's docs (`shared/api/botika-docs.md`), sent as the docs write it
//! with the placeholders filled and the broken JSON mended (comments, trailing commas, the `...`
//! and the `" link"` key), gets the documented answer.

mod common;

use common::{Api, fast, start};
use serde_json::{Value, json};

const TO: &str = "+6282112345678";

/// POSTs a raw JSON body, as curl's `-d` does, with `{{ PLACEHOLDER }}`s filled.
async fn curl(
    api: &Api,
    method: reqwest::Method,
    path: &str,
    body: &str,
    fill: &[(&str, &str)],
) -> common::Answer {
    let mut body = body.replace("+62821xxxxxx", TO);
    for (placeholder, value) in fill {
        body = body.replace(placeholder, value);
    }
    api.send(
        api.request(method, path)
            .header("Content-Type", "application/json")
            .body(body),
    )
    .await
}

fn is_message_id(answer: &common::Answer) -> bool {
    answer.status == 200
        && answer.body.as_object().map(|o| o.len()) == Some(1)
        && answer.body["data"].as_object().map(|o| o.len()) == Some(1)
        && answer.body["data"]["id"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_request_gets_the_documented_answer() {
    let (sandbox, api) = start(fast()).await;
    let post = reqwest::Method::POST;

    // 3.1 media upload: `-F 'image=@"/path/to/file"'`; the answer has no `data` wrapper.
    let part = reqwest::multipart::Part::bytes(b"\xff\xd8\xff\xe0 jpeg".to_vec())
        .file_name("file.jpg")
        .mime_str("image/jpeg")
        .unwrap();
    let upload = api
        .send(
            api.request(post.clone(), "/media")
                .multipart(reqwest::multipart::Form::new().part("image", part)),
        )
        .await;
    assert_eq!(upload.status, 200);
    let image = upload.body["image"]["id"].as_str().unwrap().to_owned();
    assert_eq!(upload.body, json!({"image": {"id": image}}));
    let document = api
        .upload(
            "document",
            "Example.pdf",
            "application/pdf",
            b"%PDF-1.4".to_vec(),
        )
        .await;
    let sticker = api
        .upload("sticker", "s.webp", "image/webp", b"RIFF....WEBP".to_vec())
        .await;

    // 4.1 text (the docs' example is cut off; this is the shape their table gives).
    let earlier = api.send_text(TO, "an earlier message").await;
    let fill = [("{{ MESSAGE_ID }}", earlier.as_str())];
    let text = r#"{"to": "+62821xxxxxx", "reply_message_id": "{{ MESSAGE_ID }}", "type": "text",
        "text": {"body": "Hello https://example.com", "preview_url": true}}"#;
    assert!(is_message_id(
        &curl(&api, post.clone(), "/messages", text, &fill).await
    ));

    // 4.5 document, both halves of its `# OR`, the `" link"` key mended to `"link"`.
    let doc_id = r#"{ "to": "+62821xxxxxx", "reply_message_id": "{{ MESSAGE_ID }}", "type": "document", "document": { "id": "{{ MEDIA_ID }}", "caption": "DOCUMENT_CAPTION", "filename": "Example.pdf" } }"#;
    let answer = curl(
        &api,
        post.clone(),
        "/messages",
        doc_id,
        &[fill[0], ("{{ MEDIA_ID }}", &document)],
    )
    .await;
    assert!(is_message_id(&answer), "{}", answer.body);
    let doc_link = r#"{ "to": "+62821xxxxxx", "reply_message_id": "{{ MESSAGE_ID }}", "type": "document", "document": { "link": "https://example.com/Example.pdf", "caption": "DOCUMENT_CAPTION", "filename": "Example.pdf" } }"#;
    assert!(is_message_id(
        &curl(&api, post.clone(), "/messages", doc_link, &fill).await
    ));

    // 4.6 sticker, both halves of its `# OR`.
    let sticker_id = r#"{ "to": "+62821xxxxxx", "reply_message_id": "{{ MESSAGE_ID }}", "type": "sticker", "sticker": { "id": "{{ MEDIA_ID }}" } }"#;
    assert!(is_message_id(
        &curl(
            &api,
            post.clone(),
            "/messages",
            sticker_id,
            &[fill[0], ("{{ MEDIA_ID }}", &sticker)]
        )
        .await
    ));
    let sticker_link = r#"{ "to": "+62821xxxxxx", "reply_message_id": "{{ MESSAGE_ID }}", "type": "sticker", "sticker": { "link": "https://example.com/sticker.webp" } }"#;
    assert!(is_message_id(
        &curl(&api, post.clone(), "/messages", sticker_link, &fill).await
    ));

    // 4.7 location: the docs' string placeholders filled with numeric strings.
    let location = r#"{ "to": "+62821xxxxxx", "reply_message_id": "{{ MESSAGE_ID }}", "type": "location", "location": { "latitude": "-6.1754", "longitude": "106.8272", "name": "Monas", "address": "Jakarta Pusat" } }"#;
    let answer = curl(&api, post.clone(), "/messages", location, &fill).await;
    assert!(is_message_id(&answer), "{}", answer.body);

    // 4.8 contacts, without the docs' `...`.
    let contacts = r#"{
        "to": "+62821xxxxxx",
        "reply_message_id": "{{ MESSAGE_ID }}",
        "type": "contacts",
        "contacts": [ { "name": "CONTACT_NAME", "phone": "CONTACT_PHONE" } ]
    }"#;
    assert!(is_message_id(
        &curl(&api, post.clone(), "/messages", contacts, &fill).await
    ));

    // 4.11 reaction, without the trailing comma after the emoji.
    let reaction = r#"{
        "to": "+62821xxxxxx",
        "type": "reaction",
        "reaction": { "id": "{{ MESSAGE_ID }}", "emoji": "😁" }
    }"#;
    assert!(is_message_id(
        &curl(&api, post.clone(), "/messages", reaction, &fill).await
    ));

    // 4.10 template (cut off in the docs; the seeded template with no parameters).
    let template = r#"{"to": "+62821xxxxxx", "reply_message_id": "{{ MESSAGE_ID }}", "type": "template", "template": {"name": "hello_world", "language": "en_US"}}"#;
    assert!(is_message_id(
        &curl(&api, post.clone(), "/messages", template, &fill).await
    ));

    // 4.13 mark as read: 200 with `null` or `{}`.
    let inbound = sandbox
        .inbound(&json!({"from": TO, "type": "text", "text": {"body": "hi"}}))
        .unwrap();
    let path = format!("/messages/{inbound}");
    let read = curl(
        &api,
        reqwest::Method::PUT,
        &path,
        r#"{ "status": "read" }"#,
        &[],
    )
    .await;
    assert_eq!(read.status, 200);
    assert!(read.body == json!({}) || read.body.is_null());

    // 5.2 latest broadcast: the "no broadcast today" shape, then the other one.
    let latest = r#"{ "to": "+62821xxxxxx" }"#;
    let none = curl(&api, post.clone(), "/broadcasts/latest", latest, &[]).await;
    assert_eq!(
        none.body,
        json!({"data": {"hasBroadcast": false, "message_id": null, "content": []}})
    );
    // 5.1 broadcast (its example is cut off; the fields of its table).
    let broadcast = r#"{"name": "Promo", "type": "contact", "to": ["+62821xxxxxx"],
        "template": {"name": "hello_world", "language": "en_US", "param": {}}}"#;
    let sent = curl(&api, post.clone(), "/broadcasts", broadcast, &[]).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let some = curl(&api, post.clone(), "/broadcasts/latest", latest, &[]).await;
    let data = &some.body["data"];
    assert_eq!(data["hasBroadcast"], true);
    assert_eq!(
        (&data["content"]["from"], &data["content"]["type"]),
        (&json!("broadcast"), &json!("template"))
    );
    for field in ["message_id", "message_created_at", "latest_status"] {
        assert!(data[field].is_string(), "{field}");
    }

    // 6.1 list templates: Laravel's simple pagination, as in the docs' example.
    let list = api.get("/message-templates").await;
    assert_eq!(list.status, 200);
    let item = &list.body["data"][0];
    for field in [
        "id",
        "name",
        "language",
        "status",
        "components",
        "created_at",
    ] {
        assert!(item.get(field).is_some(), "{field}");
    }
    assert!(item["id"].is_u64());
    let links: Vec<&String> = list.body["links"].as_object().unwrap().keys().collect();
    assert_eq!(links, ["first", "last", "prev", "next"]);
    let meta: Vec<&String> = list.body["meta"].as_object().unwrap().keys().collect();
    assert_eq!(meta, ["current_page", "from", "path", "per_page", "to"]);
    assert_eq!(
        (&list.body["meta"]["per_page"], &list.body["links"]["last"]),
        (&json!(10), &Value::Null)
    );
}
