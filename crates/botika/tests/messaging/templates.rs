//! `client.templates()`: pages, the lazy all-pages stream, get, find, create, update, delete.

use botika::{
    BodyComponent, ErrorKind, NewTemplate, TemplateCategory, TemplateStatus, TemplateUpdate,
};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

use super::mock::Reply;
use super::{body_json, json, only_request, serve};

fn item(id: u64, name: &str) -> Value {
    json!({"id": id, "name": name, "language": "id", "category": "MARKETING", "status": "APPROVED",
           "components": [{"type": "BODY", "text": "Hi"}], "created_at": "2024-01-01T00:00:00Z"})
}

/// A Laravel simple-pagination page as the docs show it.
fn page(items: Vec<Value>, current: u32, next: Option<u32>) -> Reply {
    let base = "http://waofficial.botika.local/api/whatsapp/v1/message-templates";
    json(
        200,
        json!({
            "data": items,
            "links": {"first": format!("{base}?page=1"), "last": null, "prev": null,
                      "next": next.map(|n| format!("{base}?page={n}"))},
            "meta": {"current_page": current, "from": 1, "path": base, "per_page": 10, "to": 1}
        }),
    )
}

fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn a_page_sends_the_search_term_under_both_spellings() {
    let (server, client) = serve(vec![page(vec![item(1, "promo")], 1, None)]).await;
    let found = client
        .templates()
        .list_page(1, Some("promo"))
        .await
        .unwrap();
    assert_eq!(
        (found.templates.len(), found.current_page, found.next_page),
        (1, 1, None)
    );
    assert_eq!(found.templates[0].status, Some(TemplateStatus::Approved));
    let request = only_request(&server);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/message-templates")
    );
    assert_eq!(
        request.query,
        query(&[("page", "1"), ("seacrh", "promo"), ("search", "promo")])
    );
    assert!(request.body.is_empty());

    let (server, client) = serve(vec![page(vec![], 3, None)]).await;
    client.templates().list_page(3, None).await.unwrap();
    assert_eq!(only_request(&server).query, query(&[("page", "3")]));
    let err = client.templates().list_page(0, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[tokio::test]
async fn the_stream_follows_every_page_lazily() {
    let replies = vec![
        page(vec![item(1, "a"), item(2, "b")], 1, Some(2)),
        page(vec![item(3, "c")], 2, Some(3)),
        page(vec![], 3, None),
    ];
    let (server, client) = serve(replies.clone()).await;
    let all: Vec<_> = client
        .templates()
        .list(Some("x"))
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    let requests = server.requests();
    let pages: Vec<&str> = requests.iter().map(|r| r.query[0].1.as_str()).collect();
    assert_eq!(pages, ["1", "2", "3"]);

    let (server, client) = serve(replies).await;
    let stream = client.templates().list(None);
    let mut stream = std::pin::pin!(stream);
    assert_eq!(stream.next().await.unwrap().unwrap().name, "a");
    assert_eq!(stream.next().await.unwrap().unwrap().name, "b");
    assert_eq!(
        server.requests().len(),
        1,
        "the second page is fetched only when reached"
    );
}

#[tokio::test]
async fn the_stream_stops_when_next_does_not_move_forward_and_reports_errors() {
    let (server, client) = serve(vec![page(vec![item(1, "a")], 1, Some(1))]).await;
    let all: Vec<_> = client.templates().list(None).try_collect().await.unwrap();
    assert_eq!((all.len(), server.requests().len()), (1, 1));

    let (_server, client) = serve(vec![
        page(vec![item(1, "a")], 1, Some(2)),
        json(401, json!({"message": "Unauthenticated."})),
    ])
    .await;
    let results: Vec<_> = client.templates().list(None).collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[1].as_ref().unwrap_err().kind(),
        ErrorKind::Authentication
    );
}

#[tokio::test]
async fn get_reads_the_data_envelope_and_percent_encodes_the_id() {
    let (server, client) = serve(vec![json(200, json!({"data": item(12, "promo")}))]).await;
    let template = client.templates().get("12").await.unwrap();
    assert_eq!(
        (template.id.as_str(), template.name.as_str()),
        ("12", "promo")
    );
    assert_eq!(template.raw["created_at"], "2024-01-01T00:00:00Z");
    assert_eq!(only_request(&server).path, "/message-templates/12");

    let (server, client) = serve(vec![json(404, json!({"message": "Not found."}))]).await;
    let err = client.templates().get("a b").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(only_request(&server).path, "/message-templates/a%20b");
}

#[tokio::test]
async fn find_matches_name_and_language_across_pages() {
    let mut other_language = item(1, "promo");
    other_language["language"] = json!("en_US");
    let replies = vec![
        page(vec![other_language, item(2, "promo_2")], 1, Some(2)),
        page(vec![item(3, "promo")], 2, None),
    ];
    let (server, client) = serve(replies.clone()).await;
    let found = client
        .templates()
        .find("promo", "id")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, "3");
    assert_eq!(server.requests().len(), 2);
    let (_server, client) = serve(replies).await;
    assert!(
        client
            .templates()
            .find("promo", "fr")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn create_posts_the_template_and_reads_the_201() {
    let mut created = item(20, "order_shipped");
    created["status"] = json!("PENDING");
    let (server, client) = serve(vec![json(201, json!({"data": created}))]).await;
    let template = NewTemplate::new("order_shipped", "id", TemplateCategory::Utility)
        .body(BodyComponent::new("Hi {{1}}").example(["Budi"]));
    let got = client.templates().create(template).await.unwrap();
    assert_eq!(
        (got.id.as_str(), got.status.clone()),
        ("20", Some(TemplateStatus::Pending))
    );
    let request = only_request(&server);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/message-templates")
    );
    assert_eq!(
        body_json(&request),
        json!({"name": "order_shipped", "language": "id", "category": "UTILITY",
               "components": [{"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [["Budi"]]}}]})
    );

    let err = client
        .templates()
        .create(NewTemplate::new(
            "Bad Name",
            "id",
            TemplateCategory::Utility,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        err.field_errors().keys().collect::<Vec<_>>(),
        ["components", "name"]
    );
    assert_eq!(
        server.requests().len(),
        1,
        "an invalid template is not sent"
    );
}

#[tokio::test]
async fn update_patches_and_delete_deletes_by_name() {
    let (server, client) = serve(vec![json(200, json!({"data": item(12, "promo")}))]).await;
    let update = TemplateUpdate::new().category(TemplateCategory::Marketing);
    client.templates().update("12", update).await.unwrap();
    let request = only_request(&server);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("PATCH", "/message-templates/12")
    );
    assert_eq!(body_json(&request), json!({"category": "MARKETING"}));

    let body = json!({"message": "Only rejected templates can be edited.", "errors": {"status": ["Only rejected templates can be edited."]}});
    let (_server, client) = serve(vec![json(422, body)]).await;
    let err = client
        .templates()
        .update(
            "12",
            TemplateUpdate::new().category(TemplateCategory::Utility),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.field_errors()["status"],
        ["Only rejected templates can be edited."]
    );
    let err = client
        .templates()
        .update("12", TemplateUpdate::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);

    let (server, client) = serve(vec![json(200, json!({}))]).await;
    client.templates().delete("promo sale").await.unwrap();
    let request = only_request(&server);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("DELETE", "/message-templates/promo%20sale")
    );
    assert!(request.body.is_empty());
}
