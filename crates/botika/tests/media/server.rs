//! A small stand-in for Botika's media endpoints (and a file host for the Cloud API's download
//! shape), on 127.0.0.1:0. It parses uploads as real multipart forms and records every request's
//! raw path and token, so tests can check exactly what the SDK sent.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Multipart, OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use sha2::{Digest, Sha256};

pub const TOKEN: &str = "test-token";
pub const BASE_PATH: &str = "/api/whatsapp/v1";

/// A multipart part as the server parsed it.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// A request as seen on the wire: method, raw (still percent-encoded) path, bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
}

#[derive(Default)]
pub struct Shared {
    /// Every upload attempt's parts, failed attempts included.
    pub attempts: Mutex<Vec<Vec<Part>>>,
    pub seen: Mutex<Vec<Seen>>,
    /// How many upload attempts to answer with 503 before accepting one.
    pub fail_uploads: AtomicUsize,
    /// Files served by GET /media/{id}, by id.
    pub files: Mutex<BTreeMap<String, Bytes>>,
    base_url: Mutex<String>,
}

impl Shared {
    pub fn attempts(&self) -> Vec<Vec<Part>> {
        self.attempts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn record(&self, method: &str, uri: &OriginalUri, headers: &HeaderMap) {
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Seen {
                method: method.to_owned(),
                path: uri.path().to_owned(),
                authorization,
            });
    }
}

pub struct Server {
    pub base_url: String,
    pub shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The content every Cloud-shape download serves.
pub const CLOUD_FILE: &[u8] = b"OggS-pretend-voice-note-content";

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub async fn start() -> Server {
    let shared = Arc::new(Shared::default());
    let app = axum::Router::new()
        .route(&format!("{BASE_PATH}/media"), post(upload))
        .route(
            &format!("{BASE_PATH}/media/{{id}}"),
            get(download).delete(delete),
        )
        .route("/cdn/{name}", get(cdn))
        .layer(DefaultBodyLimit::disable())
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let host = format!("http://{}", listener.local_addr().expect("local address"));
    *shared.base_url.lock().unwrap() = host.clone();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("media mock server");
    });
    Server {
        base_url: format!("{host}{BASE_PATH}"),
        shared,
        task,
    }
}

async fn upload(
    State(shared): State<Arc<Shared>>,
    uri: OriginalUri,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    shared.record("POST", &uri, &headers);
    let mut parts = Vec::new();
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let Ok(bytes) = field.bytes().await else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        parts.push(Part {
            name,
            filename,
            content_type,
            bytes,
        });
    }
    let answer: serde_json::Map<_, _> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| (part.name.clone(), json!({"id": format!("media-{i}")})))
        .collect();
    shared.attempts.lock().unwrap().push(parts);
    let failing = shared.fail_uploads.load(Ordering::SeqCst);
    if failing > 0 {
        shared.fail_uploads.store(failing - 1, Ordering::SeqCst);
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"message": "try again"})),
        )
            .into_response();
    }
    Json(answer).into_response()
}

async fn download(
    State(shared): State<Arc<Shared>>,
    uri: OriginalUri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    shared.record("GET", &uri, &headers);
    let host = shared.base_url.lock().unwrap().clone();
    let cloud = |url: String, sha256: String| {
        Json(json!({"url": url, "mime_type": "audio/ogg", "sha256": sha256, "file_size": CLOUD_FILE.len(), "id": id}))
            .into_response()
    };
    match id.as_str() {
        "cloud" => cloud(format!("{host}/cdn/voice?sig=abc"), sha256_hex(CLOUD_FILE)),
        "cloud-relative" => cloud("/cdn/voice".to_owned(), sha256_hex(CLOUD_FILE)),
        "cloud-bad-sha" => cloud(format!("{host}/cdn/voice"), sha256_hex(b"something else")),
        "cloud-gone" => cloud(format!("{host}/cdn/missing"), sha256_hex(CLOUD_FILE)),
        "cloud-no-url" => Json(json!({"mime_type": "audio/ogg"})).into_response(),
        "broken" => {
            // The body breaks off after its first chunk.
            let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                Ok(Bytes::from_static(b"first chunk")),
                Err(std::io::Error::other("connection lost")),
            ];
            Response::builder()
                .header(header::CONTENT_TYPE, "application/pdf")
                .body(Body::from_stream(futures_util::stream::iter(chunks)))
                .unwrap()
        }
        _ => match shared.files.lock().unwrap().get(&id).cloned() {
            Some(bytes) => Response::builder()
                .header(header::CONTENT_TYPE, "image/png")
                .header(
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{id}.png\""),
                )
                .body(Body::from(bytes))
                .unwrap(),
            None => (
                StatusCode::NOT_FOUND,
                Json(json!({"message": "Media not found."})),
            )
                .into_response(),
        },
    }
}

async fn delete(
    State(shared): State<Arc<Shared>>,
    uri: OriginalUri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    shared.record("DELETE", &uri, &headers);
    match shared.files.lock().unwrap().remove(&id) {
        Some(_) => Json(json!({})).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"message": "Media not found."})),
        )
            .into_response(),
    }
}

async fn cdn(
    State(shared): State<Arc<Shared>>,
    uri: OriginalUri,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    shared.record("GET", &uri, &headers);
    let expected = format!("Bearer {TOKEN}");
    if headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        != Some(expected.as_str())
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "Unauthenticated."})),
        )
            .into_response();
    }
    match name.as_str() {
        "voice" => Response::builder()
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(Body::from(Bytes::from_static(CLOUD_FILE)))
            .unwrap(),
        _ => (StatusCode::NOT_FOUND, Json(json!({"message": "gone"}))).into_response(),
    }
}
