//! Answers to bad requests: auth, unknown routes, wrong methods, oversized, malformed or
//! mistyped bodies, and the state checks (unknown template, media, message). Never a 500.

mod common;

use common::{CUSTOMER, fast, start};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_needs_a_known_bearer_token() {
    let (_sandbox, api) = start(fast().token("second-token")).await;
    let unauthenticated = json!({"message": "Unauthenticated."});
    for (method, path) in [
        ("GET", "/api/whatsapp/v1/profile"),
        ("POST", "/api/whatsapp/v1/messages"),
        ("GET", "/_sandbox/messages"),
    ] {
        let url = format!("{}{path}", api.url);
        let method: reqwest::Method = method.parse().unwrap();
        let none = api.send(api.http.request(method.clone(), &url)).await;
        assert_eq!(
            (none.status, &none.body),
            (401, &unauthenticated),
            "{path} without a token"
        );
        let wrong = api
            .send(api.http.request(method.clone(), &url).bearer_auth("nope"))
            .await;
        assert_eq!(wrong.status, 401, "{path} with a wrong token");
        let basic = api
            .send(
                api.http
                    .request(method, &url)
                    .basic_auth("test-token", None::<&str>),
            )
            .await;
        assert_eq!(basic.status, 401, "{path} with basic auth");
    }
    let second = api
        .send(
            api.http
                .get(format!("{}/api/whatsapp/v1/profile", api.url))
                .bearer_auth("second-token"),
        )
        .await;
    assert_eq!(second.status, 200, "every configured token is accepted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_404_and_wrong_methods_405() {
    let (_sandbox, api) = start(fast()).await;
    for path in [
        "/api/whatsapp/v1/nope",
        "/_inbox/nope",
        "/api/whatsapp/v2/messages",
        "/_sandbox/nope",
    ] {
        let answer = api.get(path).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(
            answer.body["message"]
                .as_str()
                .unwrap()
                .contains("could not be found"),
            "{path}: {}",
            answer.body
        );
        assert!(answer.header("x-request-id").is_some());
    }
    let answer = api.get("/messages").await;
    assert_eq!(answer.status, 405);
    assert_eq!(answer.header("allow"), Some("POST"));
    assert_eq!(
        answer.body["message"],
        "The GET method is not supported for route api/whatsapp/v1/messages."
    );
    assert_eq!(api.delete("/profile").await.status, 405);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_the_cap_get_413() {
    let (_sandbox, api) = start(fast().body_limit(4096)).await;
    let big = "x".repeat(5000);
    let answer = api
        .post(
            "/messages",
            json!({"to": CUSTOMER, "type": "text", "text": {"body": big}}),
        )
        .await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.body["message"], "The request body is too large.");
    let part = reqwest::multipart::Part::bytes(vec![0u8; 5000])
        .file_name("a.png")
        .mime_str("image/png")
        .unwrap();
    let form = reqwest::multipart::Form::new().part("image", part);
    let upload = api
        .send(api.request(reqwest::Method::POST, "/media").multipart(form))
        .await;
    assert_eq!(upload.status, 413, "{}", upload.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_mistyped_bodies_get_4xx_with_a_message() {
    let (_sandbox, api) = start(fast()).await;
    let raw = |body: &'static str, content_type: &'static str| {
        api.request(reqwest::Method::POST, "/messages")
            .header("content-type", content_type)
            .body(body)
    };
    let broken = api
        .send(raw(
            r#"{"to": "+62812", "type": "text",}"#,
            "application/json",
        ))
        .await;
    assert_eq!(broken.status, 400);
    assert!(
        broken.body["message"]
            .as_str()
            .unwrap()
            .starts_with("The request body is not valid JSON")
    );
    let text = api.send(raw(r#"{"to": "+62812"}"#, "text/plain")).await;
    assert_eq!(text.status, 415);
    let array = api.send(raw("[1, 2]", "application/json")).await;
    assert_eq!(
        (array.status, array.body["message"].as_str()),
        (400, Some("The request body must be a JSON object."))
    );
    let form = api
        .send(
            api.request(reqwest::Method::POST, "/media")
                .json(&json!({"image": "x"})),
        )
        .await;
    assert_eq!(form.status, 415);
    let no_parts = reqwest::multipart::Form::new().text("messaging_product", "whatsapp");
    let empty = api
        .send(
            api.request(reqwest::Method::POST, "/media")
                .multipart(no_parts),
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body["errors"]["media"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mark_read_is_a_bare_404_for_unknown_and_outbound_ids() {
    let (_sandbox, api) = start(fast()).await;
    let unknown = api
        .put("/messages/wamid.nope", json!({"status": "read"}))
        .await;
    assert_eq!((unknown.status, unknown.raw.len()), (404, 0));
    let outbound = api.send_text(CUSTOMER, "hello").await;
    let answer = api
        .put(&format!("/messages/{outbound}"), json!({"status": "read"}))
        .await;
    assert_eq!((answer.status, answer.raw.len()), (404, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_are_checked_against_stored_templates_media_and_messages() {
    let (sandbox, api) = start(fast()).await;
    let template = |name: &str, language: &str| json!({"to": CUSTOMER, "type": "template", "template": {"name": name, "language": language}});
    let missing = api.post("/messages", template("nope", "en_US")).await;
    assert_eq!(missing.status, 422);
    assert_eq!(
        missing.body["errors"]["template.name"][0],
        "The template nope does not exist in language en_US."
    );
    assert_eq!(
        api.post("/messages", template("hello_world", "id"))
            .await
            .status,
        422,
        "wrong language"
    );

    let created = api
        .post(
            "/message-templates",
            json!({"name": "later", "language": "en_US", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Later."}]}),
        )
        .await;
    let pending = api.post("/messages", template("later", "en_US")).await;
    assert_eq!(pending.status, 422);
    assert!(
        pending.body["errors"]["template.name"][0]
            .as_str()
            .unwrap()
            .contains("PENDING")
    );
    sandbox
        .approve_template(created.body["data"]["id"].as_u64().unwrap())
        .unwrap();
    assert_eq!(
        api.post("/messages", template("later", "en_US"))
            .await
            .status,
        200
    );

    let image = api
        .post(
            "/messages",
            json!({"to": CUSTOMER, "type": "image", "image": {"id": "404"}}),
        )
        .await;
    assert_eq!(
        (image.status, image.body["errors"]["image.id"][0].as_str()),
        (422, Some("The selected image.id is invalid."))
    );
    let doc = api
        .upload("document", "a.pdf", "application/pdf", b"%PDF".to_vec())
        .await;
    let wrong_kind = api
        .post(
            "/messages",
            json!({"to": CUSTOMER, "type": "image", "image": {"id": doc}}),
        )
        .await;
    assert_eq!(wrong_kind.status, 422);
    let reply = api
        .post("/messages", json!({"to": CUSTOMER, "type": "text", "text": {"body": "x"}, "reply_message_id": "wamid.nope"}))
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body["errors"]["reply_message_id"].is_array());
    let reaction = api.post("/messages", json!({"to": CUSTOMER, "type": "reaction", "reaction": {"id": "wamid.nope", "emoji": "x"}})).await;
    assert_eq!(reaction.status, 422);
    assert!(
        sandbox.sent_messages(None).len() == 1,
        "refused sends are not stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updating_a_template_that_is_not_rejected_is_refused() {
    let (_sandbox, api) = start(fast()).await;
    let answer = api
        .patch("/message-templates/1", json!({"category": "MARKETING"}))
        .await;
    assert_eq!(answer.status, 422);
    assert!(
        answer.body["errors"]["status"][0]
            .as_str()
            .unwrap()
            .contains("APPROVED")
    );
    assert_eq!(
        api.patch("/message-templates/999", json!({"category": "MARKETING"}))
            .await
            .status,
        404
    );
    assert_eq!(api.get("/message-templates/abc").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_api_refuses_bad_settings() {
    let (_sandbox, api) = start(fast()).await;
    let fault = api
        .post("/_sandbox/faults", json!({"kind": "explode"}))
        .await;
    assert_eq!(fault.status, 422);
    assert!(fault.body["errors"]["fault"].is_array());
    let rate = api
        .post("/_sandbox/faults", json!({"kind": "error", "rate": 2}))
        .await;
    assert_eq!(rate.status, 422);
    assert_eq!(
        api.put("/_sandbox/rate-limit", json!({"messages_per_second": -1}))
            .await
            .status,
        422
    );
    assert_eq!(
        api.put("/_sandbox/webhook", json!({"url": "ftp://x"}))
            .await
            .status,
        422
    );
    assert_eq!(
        api.put("/_sandbox/labels", json!({"x": "y"})).await.status,
        422
    );
    assert_eq!(
        api.post("/_sandbox/templates/99/approve", json!({}))
            .await
            .status,
        404
    );
    assert_eq!(api.delete("/_sandbox/faults/99").await.status, 404);
}
