//! The sandbox serves the OpenAPI description it was built with, without a token.

mod common;

use common::{fast, start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_the_committed_description_without_a_token() {
    let (_sandbox, api) = start(fast()).await;
    let committed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../api/openapi.yaml"
    ))
    .expect("api/openapi.yaml is readable");
    let anonymous = api
        .send(api.http.get(format!("{}/openapi.yaml", api.url)))
        .await;
    assert_eq!(anonymous.status, 200);
    assert_eq!(anonymous.header("content-type"), Some("application/yaml"));
    assert_eq!(
        anonymous.header("x-request-id").map(str::is_empty),
        Some(false)
    );
    assert!(
        anonymous.raw == committed,
        "the served description differs from api/openapi.yaml"
    );
    // A client that sends its token anyway gets the same answer.
    let with_token = api.get("/openapi.yaml").await;
    assert_eq!(with_token.status, 200);
    assert!(with_token.raw == committed);
    // It is a plain file: other methods are refused as on every route.
    let post = api.post("/openapi.yaml", serde_json::json!({})).await;
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET,HEAD"));
}
