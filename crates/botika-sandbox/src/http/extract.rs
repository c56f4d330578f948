//! Reading JSON request bodies the way the API answers bad ones: 413 over the size cap, 415
//! for a non-JSON content type, 400 for malformed JSON or a body that is not an object. An empty
//! body reads as `{}` (Laravel's "no input"), so the rules name the missing fields.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde_json::{Map, Value};

use crate::error::ApiError;

/// A JSON object body.
#[derive(Debug)]
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .is_some_and(|t| {
                t == "application/json" || (t.starts_with("application/") && t.ends_with("+json"))
            });
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|rejection| read_error(rejection.status()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(Value::Object(Map::new())));
        }
        if !json_type {
            return Err(ApiError::message(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "The request body must be JSON, sent with Content-Type: application/json.",
            ));
        }
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::message(
                StatusCode::BAD_REQUEST,
                format!("The request body is not valid JSON: {e}."),
            )
        })?;
        if !value.is_object() {
            return Err(ApiError::message(
                StatusCode::BAD_REQUEST,
                "The request body must be a JSON object.",
            ));
        }
        Ok(JsonBody(value))
    }
}

/// The answer when a body cannot be read: too large, or broken off.
pub fn read_error(status: StatusCode) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::message(status, "The request body is too large.")
    } else {
        ApiError::message(
            StatusCode::BAD_REQUEST,
            "The request body could not be read.",
        )
    }
}
