//! The control API under `/_sandbox` (not part of Botika's API): drive and inspect the sandbox
//! from tests. Every handler is a thin wrapper over the same engine method the in-process handle
//! calls.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde_json::{Value, json};

use super::extract::JsonBody;
use crate::config::Labels;
use crate::engine::Engine;
use crate::error::ApiError;
use crate::faults::FaultSpec;
use crate::ops::control::MessageFilter;
use crate::recipients;
use crate::state::Direction;
use crate::webhooks::Target;

type Shared = State<Arc<Engine>>;
type Answer = Result<Response, ApiError>;

/// The control API's routes, relative to `/_sandbox`.
pub fn routes() -> Router<Arc<Engine>> {
    Router::new()
        .route("/inbound", post(inbound))
        .route("/messages", get(messages))
        .route("/messages/{id}", get(message))
        .route("/webhooks", get(webhook_log))
        .route("/webhook", get(webhook).put(set_webhook))
        .route("/faults", get(faults).post(add_fault).delete(clear_faults))
        .route("/faults/{id}", delete(remove_fault))
        .route("/rate-limit", get(rate_limit).put(set_rate_limit))
        .route("/templates/{id}/approve", post(approve))
        .route("/templates/{id}/reject", post(reject))
        .route("/labels", get(labels).put(set_labels))
        .route("/test-recipients", get(test_recipients))
        .route("/stats", get(stats))
        .route("/reset", post(reset))
}

fn data(value: Value) -> Response {
    Json(json!({ "data": value })).into_response()
}

fn empty() -> Response {
    Json(json!({})).into_response()
}

async fn inbound(State(engine): Shared, JsonBody(body): JsonBody) -> Answer {
    Ok(data(json!({ "id": engine.inbound(&body)? })))
}

async fn messages(
    State(engine): Shared,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Answer {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let direction = match query.get("direction").map(String::as_str) {
        None => None,
        Some("outbound") => Some(Direction::Outbound),
        Some("inbound") => Some(Direction::Inbound),
        Some(_) => {
            return Err(ApiError::field(
                "direction",
                "The direction must be outbound or inbound.",
            ));
        }
    };
    let filter = MessageFilter {
        to: query.get("to").cloned(),
        direction,
        kind: query.get("type").cloned(),
    };
    Ok(data(json!(engine.messages(&filter))))
}

async fn message(State(engine): Shared, Path(id): Path<String>) -> Answer {
    engine
        .message(&id)
        .map(data)
        .ok_or_else(|| ApiError::not_found("Message not found."))
}

async fn webhook_log(State(engine): Shared) -> Response {
    data(json!(engine.webhooks.entries()))
}

async fn webhook(State(engine): Shared) -> Response {
    let target = engine.webhooks.target();
    data(
        json!({ "url": target.url, "envelope": target.envelope, "signed": target.secret.is_some() }),
    )
}

/// `{"url"?: string|null, "secret"?: string|null, "envelope"?: "cloud"|"flat"}`: fields left
/// out keep their value.
async fn set_webhook(State(engine): Shared, JsonBody(body): JsonBody) -> Answer {
    let current = engine.webhooks.target();
    let url = match body.get("url") {
        None => current.url,
        Some(Value::Null) => None,
        Some(Value::String(url)) => Some(url.clone()),
        Some(_) => return Err(ApiError::field("url", "The url must be a string or null.")),
    };
    let secret = match body.get("secret") {
        None => current.secret.map(|s| s.expose().to_owned()),
        Some(Value::Null) => None,
        Some(Value::String(secret)) => Some(secret.clone()),
        Some(_) => {
            return Err(ApiError::field(
                "secret",
                "The secret must be a string or null.",
            ));
        }
    };
    let envelope = match body.get("envelope") {
        None => current.envelope,
        Some(envelope) => serde_json::from_value(envelope.clone())
            .map_err(|_| ApiError::field("envelope", "The envelope must be cloud or flat."))?,
    };
    engine
        .webhooks
        .set_target(Target::new(url, secret, envelope)?);
    Ok(webhook(State(engine)).await)
}

async fn faults(State(engine): Shared) -> Response {
    data(json!(engine.faults.list()))
}

async fn add_fault(State(engine): Shared, JsonBody(body): JsonBody) -> Answer {
    let spec: FaultSpec = serde_json::from_value(whole_numbers(body))
        .map_err(|e| ApiError::field("fault", format!("The fault is invalid: {e}.")))?;
    let id = engine.faults.add(spec)?;
    let fault = engine
        .faults
        .list()
        .into_iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| json!({ "id": id }));
    Ok((StatusCode::CREATED, Json(json!({ "data": fault }))).into_response())
}

/// JSON Schema, and Laravel's `integer` rule, count `503.0` as an integer, but serde refuses a
/// number with a fraction part for a `u64`: such numbers become integers before the fault is read.
fn whole_numbers(body: Value) -> Value {
    let whole = |value: &Value| {
        let n = value.as_f64().filter(|_| !value.is_u64())?;
        // `u64::MAX as f64` rounds up to 2^64, the first value out of range.
        (n.fract() == 0.0 && n >= 0.0 && n < u64::MAX as f64).then(|| json!(n as u64))
    };
    match body {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, value)| {
                    let value = whole(&value).unwrap_or(value);
                    (key, value)
                })
                .collect(),
        ),
        other => other,
    }
}

async fn clear_faults(State(engine): Shared) -> Response {
    engine.faults.clear();
    empty()
}

async fn remove_fault(State(engine): Shared, Path(id): Path<String>) -> Answer {
    match id.parse() {
        Ok(id) if engine.faults.remove(id) => Ok(empty()),
        _ => Err(ApiError::not_found("Fault not found.")),
    }
}

async fn rate_limit(State(engine): Shared) -> Response {
    data(json!({ "messages_per_second": engine.throughput.get() }))
}

/// `{"messages_per_second": number|null}`.
async fn set_rate_limit(State(engine): Shared, JsonBody(body): JsonBody) -> Answer {
    let limit = match body.get("messages_per_second") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(_) => {
            return Err(ApiError::field(
                "messages_per_second",
                "The messages per second must be a number, or null.",
            ));
        }
    };
    engine.throughput.set(limit)?;
    Ok(rate_limit(State(engine)).await)
}

fn template_id(id: &str) -> Result<u64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::not_found("Message template not found."))
}

async fn approve(State(engine): Shared, Path(id): Path<String>) -> Answer {
    Ok(data(engine.review_by_hand(
        template_id(&id)?,
        true,
        None,
    )?))
}

/// `{"reason"?: string}`.
async fn reject(State(engine): Shared, Path(id): Path<String>, JsonBody(body): JsonBody) -> Answer {
    let id = template_id(&id)?;
    let reason = match &body["reason"] {
        Value::Null => None,
        Value::String(reason) => Some(reason.as_str()),
        _ => return Err(ApiError::field("reason", "The reason must be a string.")),
    };
    Ok(data(engine.review_by_hand(id, false, reason)?))
}

async fn labels(State(engine): Shared) -> Response {
    data(engine.labels())
}

/// `{"<label id>": ["<number>", ...]}`.
async fn set_labels(State(engine): Shared, JsonBody(body): JsonBody) -> Answer {
    let refused = || {
        ApiError::field(
            "labels",
            "The labels must map positive integer ids to arrays of numbers.",
        )
    };
    let labels: Labels = serde_json::from_value(body).map_err(|_| refused())?;
    // Label ids start at 1, as at start (`--label`) and in broadcasts.
    if labels.contains_key(&0) {
        return Err(refused());
    }
    engine.set_labels(labels);
    Ok(data(engine.labels()))
}

async fn test_recipients() -> Response {
    data(json!(recipients::list()))
}

async fn stats(State(engine): Shared) -> Response {
    data(engine.stats())
}

async fn reset(State(engine): Shared) -> Response {
    engine.reset();
    empty()
}
