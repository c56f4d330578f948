//! A mock of Botika's API for tests: an axum server on 127.0.0.1:0 that records every request
//! exactly (method, path below the base URL, query, headers, body) and answers canned replies in
//! order, repeating the last one once they run out.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;

/// The path prefix of the mock's base URL, like Botika's own (`/api/whatsapp/v1`).
pub const BASE_PATH: &str = "/api/whatsapp/v1";

/// One canned answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// How long the server waits before answering (to provoke timeouts).
    pub delay: Duration,
}

impl Reply {
    /// An empty answer with `status`.
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
            delay: Duration::ZERO,
        }
    }

    /// A JSON answer (`Content-Type: application/json`).
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::status(status)
            .header("content-type", "application/json")
            .body(body.to_string())
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the raw body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Reply {
        self.body = body.into();
        self
    }

    /// Answers only after `delay`.
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    /// The path below [`BASE_PATH`] (the whole path when it is not below it).
    pub path: String,
    /// Query parameters in order, percent-decoded.
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

struct Shared {
    replies: Vec<Reply>,
    recorded: Mutex<Vec<Recorded>>,
}

/// A running mock server; stopped when dropped.
pub struct MockServer {
    base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl MockServer {
    /// Starts a server answering `replies` in order (the last one repeats; with none, every
    /// request gets a 599 saying so).
    pub async fn start(replies: Vec<Reply>) -> MockServer {
        let shared = Arc::new(Shared {
            replies,
            recorded: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new()
            .fallback(answer)
            .layer(DefaultBodyLimit::disable())
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("mock server");
        });
        MockServer {
            base_url: format!("http://{addr}{BASE_PATH}"),
            shared,
            task,
        }
    }

    /// The base URL to configure a client with.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared
            .recorded
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    let path = path
        .strip_prefix(BASE_PATH)
        .filter(|p| p.is_empty() || p.starts_with('/'))
        .unwrap_or(path);
    let query = url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let index = {
        let mut recorded = shared
            .recorded
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        recorded.push(Recorded {
            method,
            path: path.to_owned(),
            query,
            headers,
            body,
        });
        recorded.len() - 1
    };
    let Some(reply) = shared.replies.get(index).or(shared.replies.last()).cloned() else {
        return build(
            599,
            &[],
            Bytes::from_static(b"the mock server has no canned reply"),
        );
    };
    tokio::time::sleep(reply.delay).await;
    build(reply.status, &reply.headers, reply.body)
}

fn build(status: u16, headers: &[(String, String)], body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).expect("a valid status in the test");
    for (name, value) in headers {
        let name =
            HeaderName::from_bytes(name.as_bytes()).expect("a valid header name in the test");
        let value = HeaderValue::from_str(value).expect("a valid header value in the test");
        response.headers_mut().append(name, value);
    }
    response
}
