//! The token never shows in `Debug`, `Display` or errors (logs: tests/logging.rs).

use botika::Client;
use serde_json::json;

use crate::mock::{MockServer, Reply};
use crate::{TOKEN, builder};

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
