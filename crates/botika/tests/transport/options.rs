//! Per-call options and timeouts: a per-call timeout bounds each attempt and overrides the
//! client's; the client's timeout applies otherwise; the generic request refuses bad input.
//! Builder options: the connect timeout, a custom reqwest client, the user agent (the
//! environment fallback and the default base URL are in `tests/environment.rs`).

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

/// A listener whose accept queue is full (backlog 0, filled and never accepted): the kernel
/// drops further SYNs, so a connection attempt hangs instead of failing at once. Returns its
/// address and the connections that fill it (keep them alive); `None` if the queue never filled.
async fn unaccepting_listener() -> Option<(
    std::net::SocketAddr,
    tokio::net::TcpListener,
    Vec<tokio::net::TcpStream>,
)> {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut held = Vec::new();
    for _ in 0..16 {
        let attempt = tokio::net::TcpStream::connect(addr);
        match tokio::time::timeout(Duration::from_millis(300), attempt).await {
            Ok(Ok(stream)) => held.push(stream),
            Ok(Err(_)) => return None,
            // This one hung: the queue is full.
            Err(_) => return Some((addr, listener, held)),
        }
    }
    None
}

#[tokio::test]
async fn the_connect_timeout_ends_an_attempt_that_cannot_connect() {
    let (addr, _listener, _held) = unaccepting_listener()
        .await
        .expect("a listener with a full accept queue leaves new connections hanging");
    let client = builder(&format!("http://{addr}/api"))
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(30))
        .max_retries(0)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = client.profile().get().await.unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(error.code(), "timeout" | "connection"),
        "{error:?}"
    );
    assert_eq!(
        (error.method(), error.path()),
        (Some("GET"), Some("/profile"))
    );
    // Well after the connect timeout would be a sign it did not apply, long before the total
    // one certainly is.
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    // A send that never connected provably never reached the server.
    assert!(!error.may_have_been_sent());
}

#[tokio::test]
async fn requests_go_through_a_custom_http_client_with_the_builders_timeout() {
    let server = MockServer::start(vec![
        Reply::json(200, &json!({"data": {"about": "via custom"}})),
        Reply::json(200, &json!({})).delay(Duration::from_secs(3)),
    ])
    .await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-from-custom-client", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .no_proxy()
        .build()
        .unwrap();
    let client = builder(server.base_url())
        .http_client(http)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let profile = client.profile().get().await.unwrap();
    assert_eq!(profile.about.as_deref(), Some("via custom"));
    let request = &server.requests()[0];
    assert_eq!(request.header("x-from-custom-client"), Some("yes"));
    // The SDK's own headers still go with it.
    let auth = format!("Bearer {}", crate::TOKEN);
    assert_eq!(request.header("authorization"), Some(auth.as_str()));
    assert_eq!(request.header("accept"), Some("application/json"));
    // The builder's timeout applies per request on a custom client too.
    let error = client.profile().get().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
}

#[tokio::test]
async fn the_user_agent_names_the_sdk_after_a_bindings_product() {
    let server = MockServer::start(vec![Reply::json(200, &json!({}))]).await;
    let rust_version = format!("botika-rust/{}", botika::VERSION);
    let plain = builder(server.base_url()).build().unwrap();
    plain.profile().get().await.unwrap();
    // What the Python binding gives the builder (the Node one: `[<product> ]botika-node/<v>`).
    let python = builder(server.base_url())
        .user_agent("botika-python/0.3.1")
        .build()
        .unwrap();
    python.profile().get().await.unwrap();
    let node = builder(server.base_url())
        .user_agent("order-service/2.1 botika-node/0.3.1")
        .build()
        .unwrap();
    node.profile().get().await.unwrap();
    let seen: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("user-agent").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        seen,
        [
            rust_version.clone(),
            format!("botika-python/0.3.1 {rust_version}"),
            format!("order-service/2.1 botika-node/0.3.1 {rust_version}"),
        ]
    );
    // A product HTTP cannot carry is refused when the client is built.
    let bad = builder(server.base_url()).user_agent("line\nbreak").build();
    assert_eq!(bad.unwrap_err().code(), "config");
}
