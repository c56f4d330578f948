//! Botika's API, under `/api/whatsapp/v1`: thin handlers that read the request, call the
//! engine and shape the documented answer.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::{Value, json};

use super::extract::{JsonBody, read_error};
use crate::engine::Engine;
use crate::error::ApiError;
use crate::ops::media::Upload;
use crate::ops::templates::ListQuery;

type Shared = State<Arc<Engine>>;
type Answer = Result<Response, ApiError>;

const MEDIA_KINDS: [&str; 5] = ["audio", "document", "image", "sticker", "video"];

/// The API's routes, relative to `/api/whatsapp/v1`.
pub fn routes() -> Router<Arc<Engine>> {
    Router::new()
        .route("/profile", get(profile))
        .route("/media", post(upload))
        .route("/media/{id}", get(download).delete(delete_media))
        .route("/messages", post(send_message))
        .route("/messages/{id}", put(mark_read))
        .route("/broadcasts", post(broadcast))
        .route("/broadcasts/latest", post(latest))
        .route(
            "/message-templates",
            get(list_templates).post(create_template),
        )
        .route(
            "/message-templates/{key}",
            get(show_template)
                .patch(update_template)
                .delete(delete_templates),
        )
}

fn data(value: Value) -> Response {
    Json(json!({ "data": value })).into_response()
}

async fn profile() -> Response {
    data(json!({
        "about": "Testing with the Botika sandbox",
        "address": "Jl. Contoh No. 1, Yogyakarta",
        "description": "A sandbox business for trying out the Botika WhatsApp Business API.",
        "email": "sandbox@example.com",
        "vertical": "PROF_SERVICES",
        "websites": ["https://example.com"],
    }))
}

async fn upload(
    State(engine): Shared,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Answer {
    let is_multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(ApiError::message(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "The request must be multipart/form-data.",
        ));
    }
    let mut multipart =
        multipart.map_err(|r| ApiError::message(StatusCode::BAD_REQUEST, r.body_text()))?;
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let kind = field.name().unwrap_or_default().to_owned();
        // Plain form fields that are not media kinds (a Cloud-API client's `messaging_product`)
        // are ignored; file parts and parts named after a kind are uploads.
        if field.file_name().is_none() && !MEDIA_KINDS.contains(&kind.as_str()) {
            continue;
        }
        let filename = field.file_name().unwrap_or(&kind).to_owned();
        let mime = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = field.bytes().await.map_err(multipart_error)?;
        parts.push(Upload {
            kind,
            mime,
            filename,
            bytes,
        });
    }
    Ok(Json(engine.upload(parts)?).into_response())
}

fn multipart_error(error: MultipartError) -> ApiError {
    match error.status() {
        StatusCode::PAYLOAD_TOO_LARGE => read_error(StatusCode::PAYLOAD_TOO_LARGE),
        _ => ApiError::message(
            StatusCode::BAD_REQUEST,
            format!("The multipart body is malformed: {}", error.body_text()),
        ),
    }
}

pub(crate) async fn download(State(engine): Shared, Path(id): Path<String>) -> Answer {
    let media = engine.media(&id)?;
    let mut response = Response::new(Body::from(media.bytes.clone()));
    let headers = response.headers_mut();
    let mime = HeaderValue::from_str(&media.mime)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, mime);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(media.bytes.len()));
    let disposition = format!(
        "attachment; filename=\"{}\"",
        safe_filename(&media.filename)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// A file name fit for a quoted header value: printable ASCII without quotes or backslashes.
fn safe_filename(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

async fn delete_media(State(engine): Shared, Path(id): Path<String>) -> Answer {
    engine.delete_media(&id)?;
    Ok(Json(json!({})).into_response())
}

async fn send_message(State(engine): Shared, JsonBody(body): JsonBody) -> Answer {
    engine.throughput.take()?;
    let id = engine.send_message(&body)?;
    Ok(data(json!({ "id": id })))
}

async fn mark_read(
    State(engine): Shared,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Answer {
    engine.mark_read(&id, &body)?;
    Ok(Json(json!({})).into_response())
}

async fn broadcast(State(engine): Shared, JsonBody(body): JsonBody) -> Answer {
    Ok(Json(engine.broadcast(&body)?).into_response())
}

async fn latest(State(engine): Shared, JsonBody(body): JsonBody) -> Answer {
    Ok(Json(engine.latest_broadcast(&body)?).into_response())
}

async fn list_templates(
    State(engine): Shared,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Answer {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    // Laravel reads a page that is not a positive number as page 1.
    let page = query
        .get("page")
        .and_then(|p| p.parse().ok())
        .filter(|&p: &usize| p > 0)
        .unwrap_or(1);
    let (search_param, search) = match (query.get("seacrh"), query.get("search")) {
        (Some(term), _) => ("seacrh", Some(term.clone())),
        (None, Some(term)) => ("search", Some(term.clone())),
        (None, None) => ("seacrh", None),
    };
    let base = match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) => format!("http://{host}"),
        None => engine.base_url.clone(),
    };
    let path = format!("{base}{}/message-templates", crate::API_PREFIX);
    Ok(Json(engine.list_templates(
        &ListQuery {
            page,
            search,
            search_param,
        },
        &path,
    ))
    .into_response())
}

async fn create_template(State(engine): Shared, JsonBody(body): JsonBody) -> Answer {
    let template = engine.create_template(&body)?;
    Ok((StatusCode::CREATED, Json(json!({ "data": template }))).into_response())
}

async fn show_template(State(engine): Shared, Path(id): Path<String>) -> Answer {
    Ok(data(engine.template(&id)?))
}

async fn update_template(
    State(engine): Shared,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Answer {
    Ok(data(engine.update_template(&id, &body)?))
}

async fn delete_templates(State(engine): Shared, Path(name): Path<String>) -> Answer {
    engine.delete_templates(&name)?;
    Ok(Json(json!({})).into_response())
}
