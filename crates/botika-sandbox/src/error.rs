//! The sandbox's error answers, in Laravel's shapes (contract 1.1): one type shared by the HTTP
//! handlers and the in-process handle, so both report the same status and message.

use std::fmt;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::rules::FieldErrors;

/// A refused request: an HTTP status, the JSON body the API answers with (none for a bare 404),
/// and a `Retry-After` in seconds on 429.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    status: StatusCode,
    body: Option<Value>,
    retry_after: Option<u64>,
}

impl ApiError {
    /// Any status with Laravel's `{"message": ...}` body.
    pub fn message(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: Some(json!({ "message": message.into() })),
            retry_after: None,
        }
    }

    /// 401 with the contract's body.
    pub fn unauthenticated() -> ApiError {
        ApiError::message(StatusCode::UNAUTHORIZED, "Unauthenticated.")
    }

    /// 404 with a message.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::message(StatusCode::NOT_FOUND, message)
    }

    /// 404 with no body at all (mark-as-read, as documented).
    pub fn not_found_empty() -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            body: None,
            retry_after: None,
        }
    }

    /// 422 with Laravel's `{"message", "errors"}` body.
    pub fn validation(errors: &FieldErrors) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: Some(errors.to_body()),
            retry_after: None,
        }
    }

    /// 422 for one field.
    pub fn field(path: impl Into<String>, message: impl Into<String>) -> ApiError {
        let mut errors = FieldErrors::new();
        errors.add(path, message);
        ApiError::validation(&errors)
    }

    /// 429 with Laravel's throttle message and a `Retry-After`.
    pub fn too_many(retry_after: u64) -> ApiError {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::message(StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts.")
        }
    }

    /// 422 when `errors` holds anything, else `Ok`.
    pub fn check(errors: FieldErrors) -> Result<(), ApiError> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(&errors))
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The JSON body, if the answer has one.
    pub fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    /// The `message` of the body (empty for a bare 404).
    pub fn text(&self) -> &str {
        self.body
            .as_ref()
            .and_then(|b| b.get("message"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The `Retry-After` seconds of a 429.
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status)?;
        match self.text() {
            "" => Ok(()),
            text => write!(f, ": {text}"),
        }
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(body) => (self.status, axum::Json(body)).into_response(),
            None => self.status.into_response(),
        };
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
