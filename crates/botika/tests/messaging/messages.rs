//! `client.messages()`: send, send_json, mark_read and the checked template send.

use botika::{ButtonParam, ErrorKind, Interactive, Reaction, TemplateMessage, Text};
use serde_json::json;

use super::mock::Reply;
use super::{body_json, json, only_request, serve};

const TO: &str = "+62 812-3456-7890";

#[tokio::test]
async fn send_posts_the_exact_body_and_reads_the_id() {
    let (server, client) = serve(vec![json(200, json!({"data": {"id": "wamid.HBgL"}}))]).await;
    let sent = client
        .messages()
        .send(TO, Text::new("Halo!").preview_url(true).reply_to("wamid.0"))
        .await
        .unwrap();
    assert_eq!(sent.id, "wamid.HBgL");
    assert_eq!(sent.raw, json!({"data": {"id": "wamid.HBgL"}}));
    let request = only_request(&server);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/messages")
    );
    assert!(request.query.is_empty());
    assert_eq!(
        body_json(&request),
        json!({"to": TO, "reply_message_id": "wamid.0", "type": "text", "text": {"body": "Halo!", "preview_url": true}})
    );
}

#[tokio::test]
async fn numeric_ids_and_unreadable_bodies_do_not_fail_a_send() {
    let (_server, client) = serve(vec![json(200, json!({"data": {"id": 42}}))]).await;
    assert_eq!(
        client
            .messages()
            .send(TO, Reaction::new("m", "👍"))
            .await
            .unwrap()
            .id,
        "42"
    );
    let (_server, client) = serve(vec![Reply::status(200).body("queued")]).await;
    let sent = client.messages().send(TO, Text::new("a")).await.unwrap();
    assert_eq!((sent.id.as_str(), sent.raw.clone()), ("", json!("queued")));
}

#[tokio::test]
async fn invalid_messages_are_refused_before_sending() {
    let (server, client) = serve(vec![json(200, json!({"data": {"id": "x"}}))]).await;
    let err = client
        .messages()
        .send(
            "0812",
            Interactive::buttons("b").button("a", "A").button("a", "B"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        err.field_errors().keys().collect::<Vec<_>>(),
        ["interactive.action.buttons[1].reply.id", "to"]
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn api_validation_errors_keep_their_fields() {
    let body = json!({"message": "The to field is invalid.", "errors": {"to": ["The to field is invalid."]}});
    let (_server, client) = serve(vec![json(422, body)]).await;
    let err = client
        .messages()
        .send(TO, Text::new("a"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.field_errors()["to"], ["The to field is invalid."]);
}

#[tokio::test]
async fn send_json_sends_the_body_as_given() {
    let (server, client) = serve(vec![json(200, json!({"data": {"id": "wamid.7"}}))]).await;
    let body = json!({"to": TO, "type": "interactive", "interactive": {"type": "cta_url", "action": {"name": "cta_url"}}});
    assert_eq!(
        client.messages().send_json(body.clone()).await.unwrap().id,
        "wamid.7"
    );
    assert_eq!(body_json(&only_request(&server)), body);

    for (bad, path, rule) in [
        (json!({"type": "text"}), "to", "is required"),
        (json!({"to": 62812345678_u64}), "to", "must be a string"),
        (
            json!({"to": "12"}),
            "to",
            "must have 7 to 15 digits, country code included (it has 2)",
        ),
    ] {
        let err = client.messages().send_json(bad).await.unwrap_err();
        assert_eq!(err.field_errors()[path], [rule]);
    }
    assert_eq!(server.requests().len(), 1, "refused sends reach no server");
}

#[tokio::test]
async fn mark_read_puts_status_read_and_accepts_every_documented_answer() {
    for reply in [
        json(200, json!(null)),
        json(200, json!({})),
        Reply::status(200),
    ] {
        let (server, client) = serve(vec![reply]).await;
        client.messages().mark_read("wamid.HBg=/x").await.unwrap();
        let request = only_request(&server);
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("PUT", "/messages/wamid.HBg%3D%2Fx")
        );
        assert_eq!(body_json(&request), json!({"status": "read"}));
    }
    let (_server, client) = serve(vec![Reply::status(404)]).await;
    let err = client
        .messages()
        .mark_read("wamid.unknown")
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::NotFound, Some(404)));
    let err = client.messages().mark_read("").await.unwrap_err();
    assert_eq!(err.field_errors()["message_id"], ["must not be empty"]);
}

fn template_page() -> serde_json::Value {
    json!({
        "data": [
            {"id": 1, "name": "promo", "language": "en_US", "status": "APPROVED", "components": [{"type": "BODY", "text": "x"}]},
            {"id": 2, "name": "promo", "language": "id", "status": "APPROVED", "components": [
                {"type": "BODY", "text": "Halo {{1}}"},
                {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Stop"}]}
            ]}
        ],
        "links": {"next": null},
        "meta": {"current_page": 1}
    })
}

#[tokio::test]
async fn a_checked_template_send_fetches_checks_then_sends() {
    let (server, client) = serve(vec![
        json(200, template_page()),
        json(200, json!({"data": {"id": "wamid.T"}})),
    ])
    .await;
    let message = TemplateMessage::new("promo", "id")
        .body(["Budi"])
        .button(ButtonParam::quick_reply("stop"));
    let sent = client
        .messages()
        .send_template_checked(TO, message.reply_to("wamid.0"))
        .await
        .unwrap();
    assert_eq!(sent.id, "wamid.T");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/message-templates")
    );
    assert_eq!(
        requests[0].query,
        [
            ("page".into(), "1".into()),
            ("seacrh".into(), "promo".into()),
            ("search".into(), "promo".into())
        ]
    );
    assert_eq!(
        body_json(&requests[1])["template"]["param"]["body"],
        json!(["Budi"])
    );
    assert_eq!(body_json(&requests[1])["reply_message_id"], "wamid.0");
}

#[tokio::test]
async fn a_checked_template_send_that_does_not_fit_sends_nothing() {
    let (server, client) = serve(vec![json(200, template_page())]).await;
    let err = client
        .messages()
        .send_template_checked(TO, TemplateMessage::new("promo", "id"))
        .await
        .unwrap_err();
    assert_eq!(
        err.field_errors().keys().collect::<Vec<_>>(),
        ["template.param.body", "template.param.button"]
    );
    assert_eq!(server.requests().len(), 1, "only the template lookup");

    let err = client
        .messages()
        .send_template_checked(TO, TemplateMessage::new("promo", "fr"))
        .await
        .unwrap_err();
    assert_eq!(
        err.field_errors()["template.name"],
        ["no template named \"promo\" in language \"fr\""]
    );

    let err = client
        .messages()
        .send_template_checked(TO, Text::new("a"))
        .await
        .unwrap_err();
    assert_eq!(err.field_errors()["type"], ["must be template (got text)"]);
    assert_eq!(
        server.requests().len(),
        2,
        "a non-template is refused before any request"
    );
}

#[tokio::test]
async fn a_send_that_times_out_is_not_repeated_and_may_have_been_sent() {
    let slow =
        json(200, json!({"data": {"id": "late"}})).delay(std::time::Duration::from_millis(500));
    let (server, client) = serve(vec![slow]).await;
    let quick = client
        .with_options(botika::RequestOptions::new().timeout(std::time::Duration::from_millis(50)));
    let err = quick.messages().send(TO, Text::new("a")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.may_have_been_sent());
    assert_eq!(server.requests().len(), 1);
}
