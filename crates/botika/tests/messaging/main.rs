//! Integration tests of the messages, templates and broadcasts resources against a local mock
//! server: the exact requests each call makes (method, path, query, body), the decoding of every
//! documented response shape, refusals that send nothing, and the retry class of each call.

#[path = "../mock/mod.rs"]
mod mock;

mod broadcasts;
mod messages;
mod templates;

use std::time::Duration;

use botika::{Client, RetryPolicy};
use mock::{MockServer, Recorded, Reply};
use serde_json::Value;

/// A client for `server` whose retries wait at most 5 ms.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("test-token")
        .base_url(server.base_url())
        .retry_policy(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(5)),
        )
        .build()
        .expect("a client")
}

/// A server answering `replies` in order, and a client for it.
async fn serve(replies: Vec<Reply>) -> (MockServer, Client) {
    let server = MockServer::start(replies).await;
    let client = client(&server);
    (server, client)
}

/// A JSON reply.
fn json(status: u16, body: Value) -> Reply {
    Reply::json(status, &body)
}

/// The one request the server received.
fn only_request(server: &MockServer) -> Recorded {
    let mut requests = server.requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:?}"
    );
    requests.remove(0)
}

/// The request's body as JSON, after checking that it was sent as JSON.
fn body_json(request: &Recorded) -> Value {
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("authorization"), Some("Bearer test-token"));
    serde_json::from_slice(&request.body).expect("a JSON body")
}
