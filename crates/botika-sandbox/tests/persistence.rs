//! With a state file, a restart keeps media, messages, templates and labels, and resumes the
//! review of templates that were pending.

mod common;

use std::time::Duration;

use common::{Api, CUSTOMER, eventually_async, fast, start};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_keeps_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sandbox.json");
    let (sandbox, api) = start(
        fast()
            .state_file(&file)
            .review_delay(Duration::from_secs(600))
            .label(3, ["+6283333333333"]),
    )
    .await;
    let media = api
        .upload("image", "cat.png", "image/png", b"\x89PNG cat".to_vec())
        .await;
    let sent = api.send_text(CUSTOMER, "remember me").await;
    let inbound = sandbox
        .inbound(&json!({"from": CUSTOMER, "type": "text", "text": {"body": "hi"}}))
        .unwrap();
    let created = api
        .post(
            "/message-templates",
            json!({"name": "kept_pending", "language": "en_US", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Still here."}]}),
        )
        .await;
    let template = created.body["data"]["id"].as_u64().unwrap();
    sandbox.stop().await.unwrap();
    assert!(file.exists());

    // No labels given this time: the saved ones stay.
    let (sandbox, api) = start(fast().state_file(&file)).await;
    let got = api.get(&format!("/media/{media}")).await;
    assert_eq!(
        (got.status, got.raw.as_ref()),
        (200, b"\x89PNG cat".as_ref())
    );
    assert_eq!(got.header("content-type"), Some("image/png"));
    assert_eq!(
        sandbox.message(&sent).unwrap()["content"]["text"]["body"],
        "remember me"
    );
    let read = api
        .put(&format!("/messages/{inbound}"), json!({"status": "read"}))
        .await;
    assert_eq!(read.status, 200, "the inbound message survived");
    assert_eq!(
        api.get("/_sandbox/labels").await.body["data"],
        json!({"3": ["+6283333333333"]})
    );
    let reviewed = eventually_async("the pending review resumes", || async {
        let shown = api.get(&format!("/message-templates/{template}")).await;
        (shown.body["data"]["status"] == "APPROVED").then_some(shown)
    })
    .await;
    assert_eq!(reviewed.body["data"]["name"], "kept_pending");
    let new_id = api.send_text(CUSTOMER, "after restart").await;
    assert_ne!(new_id, sent);
    assert_eq!(sandbox.sent_messages(None).len(), 2);
    // Created after the restart: ids continue past the saved ones.
    let next = api
        .post(
            "/message-templates",
            json!({"name": "next_one", "language": "en_US", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Next."}]}),
        )
        .await;
    assert_eq!(next.body["data"]["id"].as_u64(), Some(template + 1));
    drop(sandbox);

    // Dropping the handle without stop() writes the file too.
    let (sandbox, _api) = start(fast().state_file(&file)).await;
    assert_eq!(sandbox.sent_messages(None).len(), 2);
    sandbox.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_state_file_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(&file, b"{not json").unwrap();
    let error = fast().state_file(&file).start().await.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert!(error.to_string().contains("broken.json"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_state_file_nothing_is_kept() {
    let (sandbox, api) = start(fast()).await;
    api.send_text(CUSTOMER, "gone").await;
    sandbox.stop().await.unwrap();
    let (sandbox, _api): (_, Api) = start(fast()).await;
    assert!(sandbox.sent_messages(None).is_empty());
}
