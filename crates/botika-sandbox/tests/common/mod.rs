//! Shared test fixtures: a fast sandbox, an HTTP helper speaking the API, a webhook receiver on
//! 127.0.0.1:0, and polling with a deadline instead of fixed sleeps.
#![allow(dead_code)] // each test file uses a different part of this module

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use botika_sandbox::{
    Envelope, RetryPolicy, Sandbox, SandboxBuilder, SandboxHandle, StatusSchedule,
};
use serde_json::{Value, json};

pub const TOKEN: &str = "test-token";
/// A customer with no special behaviour.
pub const CUSTOMER: &str = "+62 812-3456-7890";

/// A sandbox whose timers run in milliseconds and whose webhooks retry fast.
pub fn fast() -> SandboxBuilder {
    Sandbox::builder()
        .token(TOKEN)
        .status_schedule(StatusSchedule {
            sent: Duration::from_millis(5),
            delivered: Duration::from_millis(10),
            read: Duration::from_millis(15),
        })
        .review_delay(Duration::from_millis(20))
        .webhook_retry(RetryPolicy {
            attempts: 3,
            backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
            timeout: Duration::from_secs(5),
        })
}

/// Polls `check` every 10 ms until it answers `Some`, failing after 10 s (generous for a loaded
/// 2-core machine; a passing test returns as soon as the condition holds).
pub async fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Like [`eventually`] for a check that needs to await.
pub async fn eventually_async<T, F: Future<Output = Option<T>>>(
    what: &str,
    mut check: impl FnMut() -> F,
) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// One answer: status, headers and the body (JSON when it parses, else a string; `Null` when
/// empty).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub raw: Bytes,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Speaks to a sandbox with a token.
#[derive(Clone)]
pub struct Api {
    pub url: String,
    pub token: String,
    pub http: reqwest::Client,
}

impl Api {
    pub fn new(sandbox: &SandboxHandle) -> Api {
        Api {
            url: sandbox.url().to_owned(),
            token: TOKEN.to_owned(),
            http: client(),
        }
    }

    /// A request to `path`: API paths start with `/api` or are relative to it (`/messages`);
    /// control paths start with `/_sandbox`.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let full = if path.starts_with("/_sandbox")
            || path.starts_with("/api")
            || path == "/"
            || path == "/openapi.yaml"
        {
            format!("{}{path}", self.url)
        } else {
            format!("{}/api/whatsapp/v1{path}", self.url)
        };
        self.http
            .request(method, full)
            .bearer_auth(&self.token)
            .header("Accept", "application/json")
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("request failed");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let raw = response.bytes().await.expect("body");
        let body = if raw.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&raw)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&raw).into()))
        };
        Answer {
            status,
            headers,
            raw,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.request(reqwest::Method::GET, path)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(self.request(reqwest::Method::DELETE, path)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(self.request(reqwest::Method::POST, path).json(&body))
            .await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(self.request(reqwest::Method::PUT, path).json(&body))
            .await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send(self.request(reqwest::Method::PATCH, path).json(&body))
            .await
    }

    /// Sends a text message and answers its id.
    pub async fn send_text(&self, to: &str, body: &str) -> String {
        let answer = self
            .post(
                "/messages",
                json!({"to": to, "type": "text", "text": {"body": body}}),
            )
            .await;
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        answer.body["data"]["id"]
            .as_str()
            .expect("message id")
            .to_owned()
    }

    /// Uploads one file and answers its media id.
    pub async fn upload(&self, kind: &str, filename: &str, mime: &str, bytes: Vec<u8>) -> String {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(filename.to_owned())
            .mime_str(mime)
            .expect("mime");
        let form = reqwest::multipart::Form::new().part(kind.to_owned(), part);
        let answer = self
            .send(
                self.request(reqwest::Method::POST, "/media")
                    .multipart(form),
            )
            .await;
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        answer.body[kind]["id"]
            .as_str()
            .expect("media id")
            .to_owned()
    }
}

/// An HTTP client that never goes through a proxy.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
}

/// A sandbox and a helper for it.
pub async fn start(builder: SandboxBuilder) -> (SandboxHandle, Api) {
    let sandbox = builder.start().await.expect("sandbox starts");
    let api = Api::new(&sandbox);
    (sandbox, api)
}

/// A webhook received: its headers and raw body.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Delivery {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("webhook body is JSON")
    }
}

#[derive(Default)]
struct Inbox {
    deliveries: Mutex<Vec<Delivery>>,
    fail_next: AtomicUsize,
}

/// A webhook receiver on 127.0.0.1:0 that records every delivery and can fail on purpose.
pub struct Receiver {
    pub url: String,
    inbox: Arc<Inbox>,
    server: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let inbox = Arc::new(Inbox::default());
        let app = axum::Router::new()
            .route("/hook", post(receive))
            .with_state(Arc::clone(&inbox));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { url, inbox, server }
    }

    /// Answers 500 to the next `n` deliveries.
    pub fn fail_next(&self, n: usize) {
        self.inbox.fail_next.store(n, Ordering::SeqCst);
    }

    pub fn deliveries(&self) -> Vec<Delivery> {
        self.inbox.deliveries.lock().unwrap().clone()
    }

    /// The bodies received so far, as JSON.
    pub fn bodies(&self) -> Vec<Value> {
        self.deliveries().iter().map(Delivery::json).collect()
    }

    /// Status objects (cloud envelope) received for message `id`, in arrival order.
    pub fn statuses_of(&self, id: &str) -> Vec<Value> {
        self.bodies()
            .iter()
            .filter_map(|b| {
                b["entry"][0]["changes"][0]["value"]["statuses"]
                    .get(0)
                    .cloned()
            })
            .filter(|s| s["id"] == id)
            .collect()
    }

    /// Inbound message objects (cloud envelope) received.
    pub fn messages(&self) -> Vec<Value> {
        self.bodies()
            .iter()
            .filter_map(|b| {
                b["entry"][0]["changes"][0]["value"]["messages"]
                    .get(0)
                    .cloned()
            })
            .collect()
    }

    pub fn stop(&self) {
        self.server.abort();
    }
}

async fn receive(State(inbox): State<Arc<Inbox>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let failing = inbox
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    inbox
        .deliveries
        .lock()
        .unwrap()
        .push(Delivery { headers, body });
    if failing {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    }
}

/// A sandbox sending cloud-envelope webhooks to a fresh receiver.
pub async fn with_receiver(builder: SandboxBuilder) -> (SandboxHandle, Api, Receiver) {
    let receiver = Receiver::start().await;
    let (sandbox, api) = start(
        builder
            .webhook_url(receiver.url.clone())
            .envelope(Envelope::Cloud),
    )
    .await;
    (sandbox, api, receiver)
}
