//! Media for the page: where a message's file can be fetched from, and the endpoint that serves
//! it. Files are served outside Botika's API so that injected faults and request counts never
//! touch what the page shows.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde_json::{Value, json};

use crate::engine::Engine;
use crate::error::ApiError;
use crate::state::State as Stored;

/// The kinds a message can carry as a file.
pub const KINDS: [&str; 5] = ["image", "video", "audio", "document", "sticker"];

/// A media object (`{"id"}` or `{"link"}`, with `caption` or `filename`) as the page draws it:
/// an uploaded id gets the page's `url` with its MIME type and file name, or `missing` when it
/// was deleted since; a link is passed on as it is, for the page to show as a link rather than
/// load it.
pub fn reference(state: &Stored, kind: &str, object: &Value) -> Value {
    let mut out = json!({ "kind": kind });
    if let Some(id) = object["id"].as_str() {
        out["id"] = json!(id);
        match state.media.get(id) {
            Some(media) => {
                out["url"] = json!(format!("/_inbox/media/{id}"));
                out["mime"] = json!(media.mime);
                out["filename"] = json!(media.filename);
                out["size"] = json!(media.bytes.len());
            }
            None => out["missing"] = json!(true),
        }
    }
    for key in ["link", "caption", "filename"] {
        if let Some(value) = object[key].as_str() {
            out[key] = json!(value);
        }
    }
    out
}

/// `GET /_inbox/media/{id}`: the file, as the API's download serves it, but shown in place when
/// it is a picture, a sound or a video. Uploaded bytes never run as a page of the sandbox's own
/// origin: the browser must not guess another type, and any document is sandboxed.
pub async fn serve(
    State(engine): State<Arc<Engine>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let mut response = crate::http::api::download(State(engine), Path(id)).await?;
    let headers = response.headers_mut();
    let shown = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|mime| {
            ["image/", "audio/", "video/"]
                .iter()
                .any(|t| mime.starts_with(t))
        });
    if shown {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("inline"),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox"),
    );
    // Ids are never reused, so a file never changes under its URL.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(response)
}
