//! The client's environment fallback: `BOTIKA_API_TOKEN` and `BOTIKA_BASE_URL` are read when the
//! builder is given no token or base URL, the builder's values win over them, and without either
//! the client talks to Botika's production URL.
//!
//! Environment variables are process-wide, so this binary has one test, which changes them only
//! between its steps, on the test's own thread (the runtime is current-thread: nothing else runs
//! while they change).

#[allow(dead_code)] // the shared mock; this binary uses part of it
#[path = "mock/mod.rs"]
mod mock;

use std::io::Read;
use std::time::Duration;

use botika::{Client, DEFAULT_BASE_URL, ENV_BASE_URL, ENV_TOKEN};
use mock::{MockServer, Reply};
use serde_json::json;

/// Sets (or, with `None`, removes) an environment variable.
fn set_env(name: &str, value: Option<&str>) {
    // SAFETY: this binary's only test is the one thread that reads or writes the environment
    // (the runtime is current-thread, and no client is building or resolving while it changes).
    unsafe {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_environment_fills_in_what_the_builder_was_not_given() {
    let saved = [ENV_TOKEN, ENV_BASE_URL].map(|name| std::env::var(name).ok());
    set_env(ENV_TOKEN, None);
    set_env(ENV_BASE_URL, None);

    // No token anywhere: a configuration error naming the variable.
    let error = Client::from_env().unwrap_err();
    assert_eq!(error.code(), "config");
    assert!(error.message().contains(ENV_TOKEN), "{error}");
    set_env(ENV_TOKEN, Some("  "));
    assert_eq!(Client::from_env().unwrap_err().code(), "config");

    // A token, no base URL: Botika's production URL (the contract's first server).
    set_env(ENV_TOKEN, Some("env-token-5c1e"));
    let production = Client::from_env().unwrap();
    assert_eq!(
        DEFAULT_BASE_URL,
        "https://waofficial.botika.online/api/whatsapp/v1"
    );
    assert_eq!(production.base_url(), DEFAULT_BASE_URL);
    default_url_is_where_requests_go().await;

    // Both from the environment.
    let server =
        MockServer::start(vec![Reply::json(200, &json!({"data": {"about": "env"}}))]).await;
    set_env(ENV_BASE_URL, Some(&format!("{}/", server.base_url())));
    let from_env = Client::from_env().unwrap();
    let token_only = Client::new("given-token-9a2d").unwrap();
    let invalid = {
        set_env(ENV_BASE_URL, Some("ftp://example.com/api"));
        let result = Client::from_env();
        set_env(ENV_BASE_URL, Some(server.base_url()));
        result
    };
    assert_eq!(invalid.unwrap_err().code(), "config");
    assert_eq!(from_env.base_url(), server.base_url());
    let profile = from_env.profile().get().await.unwrap();
    assert_eq!(profile.about.as_deref(), Some("env"));
    // Given a token only, the base URL still comes from the environment.
    token_only.profile().get().await.unwrap();

    // What the builder is given wins over the environment.
    let other = MockServer::start(vec![Reply::json(200, &json!({}))]).await;
    let explicit = Client::builder()
        .token("given-token-9a2d")
        .base_url(other.base_url())
        .build()
        .unwrap();
    explicit.profile().get().await.unwrap();

    let seen = |server: &MockServer| {
        server
            .requests()
            .iter()
            .map(|r| (r.path.clone(), r.header("authorization").map(str::to_owned)))
            .collect::<Vec<_>>()
    };
    let bearer = |token: &str| Some(format!("Bearer {token}"));
    assert_eq!(
        seen(&server),
        [
            ("/profile".to_owned(), bearer("env-token-5c1e")),
            ("/profile".to_owned(), bearer("given-token-9a2d")),
        ]
    );
    assert_eq!(
        seen(&other),
        [("/profile".to_owned(), bearer("given-token-9a2d"))]
    );

    for (name, value) in [ENV_TOKEN, ENV_BASE_URL].into_iter().zip(saved) {
        set_env(name, value.as_deref());
    }
}

/// A client on the default base URL opens its connection to Botika's host over TLS: the host
/// is resolved to a local listener (no network needed), which reads the name the client asks for
/// in its TLS greeting (SNI) and hangs up.
async fn default_url_is_where_requests_go() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let greeting = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut hello = vec![0; 4096];
        let n = stream.read(&mut hello).unwrap_or(0);
        hello.truncate(n);
        hello
    });
    let host = url::Url::parse(DEFAULT_BASE_URL)
        .unwrap()
        .host_str()
        .unwrap()
        .to_owned();
    let http = reqwest::Client::builder()
        .resolve(&host, addr)
        .no_proxy()
        .build()
        .unwrap();
    let client = Client::builder()
        .http_client(http)
        .max_retries(0)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let error = client.profile().get().await.unwrap_err();
    assert_eq!(error.path(), Some("/profile"));
    let hello = greeting.join().unwrap();
    assert_eq!(hello.first(), Some(&0x16), "a TLS handshake record");
    assert!(
        hello.windows(host.len()).any(|w| w == host.as_bytes()),
        "the TLS greeting names {host}"
    );
}
