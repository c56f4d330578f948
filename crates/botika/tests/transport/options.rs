//! Per-call options and timeouts: a per-call timeout bounds each attempt and overrides the
//! client's; the client's timeout applies otherwise; the generic request refuses bad input.

use std::collections::HashMap;
use std::time::Duration;

use botika::{ErrorKind, Method, RequestOptions};
use serde_json::json;

use crate::builder;
use crate::mock::{MockServer, Reply};

#[tokio::test]
async fn the_client_timeout_bounds_each_attempt_and_maps_to_timeout() {
    let server = MockServer::start(vec![
        Reply::json(200, &json!({})).delay(Duration::from_secs(3)),
    ])
    .await;
    let client = builder(server.base_url())
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .build()
        .unwrap();
    let error = client.profile().get().await.unwrap_err();
    assert_eq!(
        (error.kind(), error.code()),
        (ErrorKind::Timeout, "timeout")
    );
    assert_eq!(
        (error.method(), error.path()),
        (Some("GET"), Some("/profile"))
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_client_timeout_both_ways() {
    let server = MockServer::start(vec![
        Reply::json(200, &json!({"data": {"about": "late"}})).delay(Duration::from_millis(400)),
    ])
    .await;
    let short = builder(server.base_url())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap();
    assert_eq!(
        short.profile().get().await.unwrap_err().kind(),
        ErrorKind::Timeout
    );
    let patient = short.with_options(RequestOptions::new().timeout(Duration::from_secs(20)));
    assert_eq!(
        patient.profile().get().await.unwrap().about.as_deref(),
        Some("late")
    );

    let long = builder(server.base_url()).max_retries(0).build().unwrap();
    let hasty = long.with_options(RequestOptions::new().timeout(Duration::from_millis(100)));
    assert_eq!(
        hasty.profile().get().await.unwrap_err().kind(),
        ErrorKind::Timeout
    );
}

#[tokio::test]
async fn option_layers_merge_headers_and_keep_unset_fields() {
    let server = MockServer::start(vec![Reply::json(200, &json!({}))]).await;
    let client = builder(server.base_url())
        .header("X-App", "shop")
        .unwrap()
        .default_options(RequestOptions::new().header("X-Default", "1"))
        .build()
        .unwrap();
    let layered = client
        .with_options(RequestOptions::new().header("X-First", "a"))
        .with_options(RequestOptions::new().header("X-Default", "2"));
    layered
        .request(Method::GET, "/profile")
        .send()
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/profile")
    );
    assert!(request.query.is_empty() && request.body.is_empty());
    let headers = ["x-app", "x-default", "x-first"].map(|name| request.header(name));
    assert_eq!(headers, [Some("shop"), Some("2"), Some("a")]);
}

#[tokio::test]
async fn the_generic_request_refuses_a_body_json_cannot_carry_without_sending() {
    let server = MockServer::start(vec![Reply::status(200)]).await;
    let client = builder(server.base_url()).build().unwrap();
    let body: HashMap<(u8, u8), u8> = HashMap::from([((1, 2), 3)]);
    let error = client
        .request(Method::POST, "/custom")
        .json(&body)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        (error.method(), error.path()),
        (Some("POST"), Some("/custom"))
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_connect_timeout_cannot_be_set_on_a_custom_http_client() {
    let error = builder("http://127.0.0.1:9/api")
        .http_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
    let custom = builder("http://127.0.0.1:9/api")
        .http_client(reqwest::Client::new())
        .build();
    assert!(custom.is_ok());
}

#[tokio::test]
async fn credentials_in_the_base_url_never_replace_the_token_and_queries_are_kept() {
    let server = MockServer::start(vec![Reply::json(200, &json!({}))]).await;
    let base = server.base_url().replacen("http://", "http://user:pw@", 1);
    let client = builder(&base).build().unwrap();
    client
        .request(Method::GET, "/message-templates")
        .query("page", "2")
        .query("name", "a b&c")
        .send()
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.path, "/message-templates");
    assert_eq!(
        request.query,
        [("page", "2"), ("name", "a b&c")].map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {}", crate::TOKEN).as_str())
    );
    assert_eq!(request.header("content-type"), None, "no body, no type");
}
