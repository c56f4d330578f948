//! What every test against the sandbox shares: a sandbox started in-process with millisecond
//! timings, a client for it whose retries wait milliseconds, a webhook receiver, polling with a
//! deadline, the sandbox's own counts, and small files of each media kind.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use botika::webhooks::{self, Event, SIGNATURE_HEADER};
use botika::{Client, ClientBuilder, RetryPolicy};
use botika_sandbox::{Direction, MessageFilter, Sandbox, SandboxBuilder, SandboxHandle};
use serde_json::Value;
use tokio::task::JoinHandle;

/// The token the sandbox accepts.
pub const TOKEN: &str = "TEST";
/// The secret the sandbox signs webhooks with, when a test sets one.
pub const SECRET: &str = "whsec-test";
/// A recipient without test behaviour: every message is sent, delivered and read.
pub const CUSTOMER: &str = "+62 812-3456-7890";
/// The test recipient that reads everything and answers (docs/sandbox.md, test recipients).
pub const REPLIER: &str = "+15550100020";
/// The test recipient whose messages fail with 131026.
pub const UNDELIVERABLE: &str = "+15550100001";

/// How long a poll waits before the test fails: generous, since two shared cores can stall, and
/// only reached when something is wrong.
const DEADLINE: Duration = Duration::from_secs(10);

/// A sandbox builder with statuses a few milliseconds apart and a 20 ms template review, so
/// webhooks and reviews arrive while a test waits for them.
pub fn builder() -> SandboxBuilder {
    Sandbox::builder()
        .token(TOKEN)
        .log_requests(false)
        .status_schedule(botika_sandbox::StatusSchedule {
            sent: Duration::from_millis(5),
            delivered: Duration::from_millis(10),
            read: Duration::from_millis(15),
        })
        .review_delay(Duration::from_millis(20))
}

/// A sandbox started with [`builder`].
pub async fn sandbox() -> SandboxHandle {
    builder().start().await.expect("the sandbox starts")
}

/// A client builder for `api_url` whose backoff waits at most 20 ms (a `Retry-After` is still
/// honoured in full).
pub fn client_for(api_url: &str) -> ClientBuilder {
    Client::builder()
        .token(TOKEN)
        .base_url(api_url)
        .retry_policy(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(5))
                .max_delay(Duration::from_millis(20)),
        )
}

/// A client for the sandbox.
pub fn client(sandbox: &SandboxHandle) -> Client {
    client_for(&sandbox.api_url())
        .build()
        .expect("the client builds")
}

/// Polls `check` every few milliseconds until it gives a value; fails the test after the
/// deadline, saying what it waited for.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// How many requests to `method` on the API route `route` (`/messages`, `/media/{id}`)
/// reached the sandbox's handlers: a request refused by a fault or dropped before processing is
/// not counted.
pub fn processed(sandbox: &SandboxHandle, method: &str, route: &str) -> u64 {
    let key = format!("{method} /api/whatsapp/v1{route}");
    sandbox.stats()["requests"][key.as_str()]
        .as_u64()
        .unwrap_or(0)
}

/// Messages the business sent, as the sandbox stored them, optionally to one customer.
pub fn outbound(sandbox: &SandboxHandle, to: Option<&str>) -> Vec<Value> {
    sandbox.messages(&MessageFilter {
        to: to.map(str::to_owned),
        direction: Some(Direction::Outbound),
        kind: None,
    })
}

/// How often the active fault `id` matched a request (it was given no `count`, so it stays
/// listed and its counts can be read).
pub fn fault_matched(sandbox: &SandboxHandle, id: u64) -> u64 {
    sandbox
        .faults()
        .iter()
        .find(|f| f["id"].as_u64() == Some(id))
        .and_then(|f| f["matched"].as_u64())
        .expect("the fault is still active")
}

/// One webhook delivery as it arrived: the signature header and the raw body.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub signature: Option<String>,
    pub body: Bytes,
}

impl Delivery {
    /// The delivery's events, after checking its signature with `secret`.
    pub fn verified_events(&self, secret: &str) -> botika::Result<Vec<Event>> {
        webhooks::verify_signature(&self.body, self.signature.as_deref(), secret)?;
        Ok(webhooks::parse(&self.body)?.events)
    }
}

/// A webhook endpoint on 127.0.0.1 that keeps every delivery and answers 200.
pub struct Receiver {
    url: String,
    deliveries: Arc<Mutex<Vec<Delivery>>>,
    task: JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let deliveries = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .route("/hook", post(receive))
            .with_state(Arc::clone(&deliveries));
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("a free port");
        let addr = listener.local_addr().expect("a bound address");
        let task = tokio::spawn(async move {
            // The server ends with the test's runtime.
            let _ = axum::serve(listener, app).await;
        });
        Receiver {
            url: format!("http://{addr}/hook"),
            deliveries,
            task,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every delivery so far, in arrival order.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.deliveries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Every event so far, each delivery verified with [`SECRET`] and parsed.
    pub fn events(&self) -> Vec<Event> {
        self.deliveries()
            .iter()
            .flat_map(|d| {
                d.verified_events(SECRET)
                    .expect("a signed, parsable delivery")
            })
            .collect()
    }

    /// Waits until `pick` finds something among the events.
    pub async fn wait_for<T>(&self, what: &str, pick: impl Fn(&[Event]) -> Option<T>) -> T {
        eventually(what, || std::future::ready(pick(&self.events()))).await
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn receive(
    State(deliveries): State<Arc<Mutex<Vec<Delivery>>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    deliveries
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Delivery { signature, body });
    StatusCode::OK
}

/// Small files whose magic bytes say what they are, one per media kind.
pub mod files {
    /// A PNG signature and the start of its header chunk.
    pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    /// An MP4's `ftyp` box.
    pub const MP4: &[u8] = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom\0\0\0\x08free";
    /// An MP3 with an ID3v2 tag.
    pub const MP3: &[u8] = b"ID3\x04\0\0\0\0\0\0\xff\xfb\x90\x64\0\0\0\0";
    /// A PDF header.
    pub const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
    /// A WebP (RIFF) header.
    pub const WEBP: &[u8] =
        b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0";
}
