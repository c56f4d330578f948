//! A scripted stand-in for `POST /messages` that sees what the sandbox cannot show: how many
//! sends are in the server at once, and when each one arrived. Each request's answer comes from
//! a script given its arrival number (from 0).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What the server does with one request.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    /// `200 {"data": {"id": "wamid.<n>"}}` after this delay.
    Accept(Duration),
    /// `429` with this `Retry-After` (whole seconds), or none.
    TooMany(Option<u64>),
}

type Script = Arc<dyn Fn(usize) -> Answer + Send + Sync>;

#[derive(Default)]
struct Seen {
    in_flight: usize,
    max_in_flight: usize,
    /// When each request arrived, and when each 429 was answered.
    arrivals: Vec<Instant>,
    refusals: Vec<Instant>,
}

struct Shared {
    script: Script,
    seen: Mutex<Seen>,
}

impl Shared {
    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The running server; stopped when dropped.
pub struct Server {
    pub base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(script: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Server {
        let shared = Arc::new(Shared {
            script: Arc::new(script),
            seen: Mutex::default(),
        });
        let app = axum::Router::new()
            .route("/api/whatsapp/v1/messages", axum::routing::post(answer))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the test server runs");
        });
        Server {
            base_url: format!("http://{addr}/api/whatsapp/v1"),
            shared,
            task,
        }
    }

    /// The most requests that were inside the server at once.
    pub fn max_in_flight(&self) -> usize {
        self.shared.seen().max_in_flight
    }

    /// Arrival times of every request, in order.
    pub fn arrivals(&self) -> Vec<Instant> {
        self.shared.seen().arrivals.clone()
    }

    /// When each 429 was answered.
    pub fn refusals(&self) -> Vec<Instant> {
        self.shared.seen().refusals.clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(State(shared): State<Arc<Shared>>) -> Response {
    let number = {
        let mut seen = shared.seen();
        seen.arrivals.push(Instant::now());
        seen.in_flight += 1;
        seen.max_in_flight = seen.max_in_flight.max(seen.in_flight);
        seen.arrivals.len() - 1
    };
    let answer = (shared.script)(number);
    if let Answer::Accept(delay) = answer {
        tokio::time::sleep(delay).await;
    }
    let mut seen = shared.seen();
    seen.in_flight -= 1;
    match answer {
        Answer::Accept(_) => {
            let body = serde_json::json!({"data": {"id": format!("wamid.{number}")}});
            (StatusCode::OK, axum::Json(body)).into_response()
        }
        Answer::TooMany(retry_after) => {
            seen.refusals.push(Instant::now());
            let mut response =
                (StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts.").into_response();
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", axum::http::HeaderValue::from(seconds));
            }
            response
        }
    }
}
