//! The sandbox's operations, as methods on [`crate::engine::Engine`]: one file per resource. The
//! validation rules come from [`crate::rules`]; what needs the stored state (does that template,
//! media or message exist?) is checked here. After the rules pass, every field is still read
//! defensively: a request the rules let through never makes the sandbox panic.

pub mod broadcasts;
pub mod control;
pub mod lifecycle;
pub mod media;
pub mod messages;
pub mod templates;

use serde_json::Value;

use crate::error::ApiError;

/// A required, non-empty string field, or a 422 naming it.
fn required_str<'a>(body: &'a Value, field: &str) -> Result<&'a str, ApiError> {
    match body.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) | None | Some(Value::Null) => Err(ApiError::field(
            field,
            format!("The {} field is required.", field.replace('_', " ")),
        )),
        Some(_) => Err(ApiError::field(
            field,
            format!("The {} field must be a string.", field.replace('_', " ")),
        )),
    }
}

/// A template's language as sent: a string, or `{"code": string}`.
pub(crate) fn language(template: &Value) -> Option<&str> {
    match template.get("language") {
        Some(Value::String(s)) => Some(s),
        Some(object) => object.get("code").and_then(Value::as_str),
        None => None,
    }
}
