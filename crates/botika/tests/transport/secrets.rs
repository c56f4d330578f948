//! The token never shows in `Debug`, `Display`, errors or logs; logs carry one event per attempt
//! and no request body (so no phone number).

use std::io::Write;
use std::sync::{Arc, Mutex};

use botika::{Client, Method};
use serde_json::json;

use crate::mock::{MockServer, Reply};
use crate::{TOKEN, builder, text_message};

/// A log sink for tracing-subscriber's fmt layer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn debug_display_and_errors_never_show_the_token() {
    let server = MockServer::start(vec![Reply::json(
        401,
        &json!({"message": "Unauthenticated."}),
    )])
    .await;
    let builder_debug = format!("{:?}", builder(server.base_url()));
    let client = builder(server.base_url()).rate_limit(5.0).build().unwrap();
    let api_error = client.profile().get().await.unwrap_err();
    let refused = builder("http://127.0.0.1:9/api")
        .max_retries(0)
        .build()
        .unwrap();
    let connection_error = refused.profile().get().await.unwrap_err();
    let bad_token = Client::builder()
        .token(format!("{TOKEN}\n"))
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap_err();
    let mut texts = vec![
        builder_debug,
        format!("{client:?}"),
        format!("{:?}", botika::Secret::new(TOKEN)),
    ];
    for error in [&api_error, &connection_error, &bad_token] {
        texts.push(format!("{error} {error:?}"));
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            texts.push(format!("{cause} {cause:?}"));
            source = cause.source();
        }
    }
    for text in &texts {
        assert!(!text.contains(TOKEN), "the token leaked: {text}");
    }
    assert!(texts[1].contains("Secret(***)"));
}

#[tokio::test]
async fn logs_have_one_event_per_attempt_and_no_token_or_body() {
    let server = MockServer::start(vec![
        Reply::status(503),
        Reply::json(200, &json!({"data": {"id": "wamid.1"}})),
    ])
    .await;
    let client = builder(server.base_url()).build().unwrap();
    let sink = Captured::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    {
        let _guard = tracing::subscriber::set_default(subscriber);
        client
            .request(Method::GET, "/profile")
            .send()
            .await
            .unwrap();
        client
            .request(Method::POST, "/messages")
            .json(&text_message())
            .send()
            .await
            .unwrap();
    }
    let logs = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(!logs.contains(TOKEN), "{logs}");
    // The number's full digit run, not a fragment of it: microsecond timestamps hold any
    // three digits sooner or later.
    assert!(
        !logs.contains("3456-7890") && !logs.contains("Halo"),
        "a body was logged: {logs}"
    );
    assert_eq!(logs.matches("botika response").count(), 3, "{logs}");
    assert!(
        logs.contains("status=503") && logs.contains("attempt=2"),
        "{logs}"
    );
    assert_eq!(logs.matches("retrying").count(), 1, "{logs}");
}
