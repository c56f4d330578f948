//! `client.broadcasts()`: send (never repeated after the request may have arrived) and latest
//! (a POST that is retried like a read), with both documented shapes of its answer.

use botika::{Broadcast, ErrorKind, Image, TemplateMessage};
use serde_json::json;

use super::mock::Reply;
use super::{body_json, json, only_request, serve};

#[tokio::test]
async fn send_posts_the_broadcast_and_reads_the_answer() {
    let answer = json!({"data": {"id": "b-1", "name": "June sale", "type": "label", "total_recipients": 120, "status": "queued"}});
    let (server, client) = serve(vec![json(200, answer)]).await;
    let template = TemplateMessage::new("flash_sale", "id")
        .header_image(Image::from_id("IMG"))
        .body(["50%"]);
    let created = client
        .broadcasts()
        .send(Broadcast::to_labels("June sale", [1, 2], template))
        .await
        .unwrap();
    assert_eq!(
        (
            created.id.as_str(),
            created.kind.as_str(),
            created.total_recipients,
            created.status.as_str()
        ),
        ("b-1", "label", 120, "queued")
    );
    let request = only_request(&server);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/broadcasts")
    );
    assert_eq!(
        body_json(&request),
        json!({"name": "June sale", "type": "label", "to": [1, 2], "template": {
            "name": "flash_sale", "language": "id",
            "param": {"header": [{"type": "image", "image": {"id": "IMG"}}], "body": ["50%"]}}})
    );
}

#[tokio::test]
async fn invalid_broadcasts_are_refused_and_failed_sends_are_not_repeated() {
    let (server, client) = serve(vec![Reply::status(503)]).await;
    let bad = Broadcast::to_contacts("", ["12"], TemplateMessage::new("t", "id"));
    let err = client.broadcasts().send(bad).await.unwrap_err();
    assert_eq!(
        err.field_errors().keys().collect::<Vec<_>>(),
        ["name", "to[0]"]
    );
    assert!(server.requests().is_empty());

    let good = Broadcast::to_contacts("n", ["+62 812 3456 7890"], TemplateMessage::new("t", "id"));
    let err = client.broadcasts().send(good).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert!(err.may_have_been_sent());
    assert_eq!(
        server.requests().len(),
        1,
        "a broadcast that may have arrived is not sent twice"
    );
}

#[tokio::test]
async fn latest_reads_a_broadcast() {
    let answer = json!({"data": {
        "hasBroadcast": true, "message_id": 5551234,
        "content": {"from": "broadcast", "type": "template", "content": {"template": {"name": "flash_sale"}}},
        "message_created_at": "2024-06-01 09:00:00", "latest_status": "read"
    }});
    let (server, client) = serve(vec![json(200, answer)]).await;
    let latest = client
        .broadcasts()
        .latest("+62821 1234 5678")
        .await
        .unwrap();
    assert!(latest.has_broadcast);
    assert_eq!(latest.message_id.as_deref(), Some("5551234"));
    assert_eq!(
        latest.content.unwrap().content["template"]["name"],
        "flash_sale"
    );
    assert_eq!(latest.latest_status.as_deref(), Some("read"));
    let request = only_request(&server);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/broadcasts/latest")
    );
    assert_eq!(body_json(&request), json!({"to": "+62821 1234 5678"}));
}

#[tokio::test]
async fn latest_reads_no_broadcast_and_is_retried_like_a_read() {
    let answer = json!({"data": {"hasBroadcast": false, "message_id": null, "content": []}});
    let (server, client) = serve(vec![Reply::status(503), json(200, answer)]).await;
    let latest = client
        .broadcasts()
        .latest("+62 812 3456 7890")
        .await
        .unwrap();
    assert_eq!(
        (latest.has_broadcast, latest.message_id, latest.content),
        (false, None, None)
    );
    assert_eq!(server.requests().len(), 2, "retried after the 503");

    let err = client.broadcasts().latest("+62").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(server.requests().len(), 2);
}
