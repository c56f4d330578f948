//! Request validation: every rule of the contract, checked independently of the SDK's core, with
//! Laravel-shaped field errors. Pure functions over the request's JSON; the server calls them.

mod errors;

pub use errors::FieldErrors;
use serde_json::Value;

// NOTE(in progress): the functions below are the interface the server is written against; their
// bodies are being filled in rule by rule (issue 2).

/// `POST /messages`: the common fields and the payload of all eleven types (not the check against
/// the stored template, see [`template_param_fits`]).
pub fn message(_body: &Value) -> FieldErrors {
    FieldErrors::new()
}

/// `PUT /messages/{id}`: `{"status": "read"}`.
pub fn mark_read(_body: &Value) -> FieldErrors {
    FieldErrors::new()
}

/// `POST /broadcasts`.
pub fn broadcast(_body: &Value) -> FieldErrors {
    FieldErrors::new()
}

/// `POST /broadcasts/latest`: `{"to"}`.
pub fn latest(_body: &Value) -> FieldErrors {
    FieldErrors::new()
}

/// `POST /message-templates`.
pub fn template_create(_body: &Value) -> FieldErrors {
    FieldErrors::new()
}

/// `PATCH /message-templates/{id}`.
pub fn template_update(_body: &Value) -> FieldErrors {
    FieldErrors::new()
}

/// `POST /_sandbox/inbound`: a customer message of any inbound kind.
pub fn inbound(_body: &Value) -> FieldErrors {
    FieldErrors::new()
}

/// Checks a template send's `param` against the stored template (a template JSON object as the
/// API shows it). `prefix` is the path of the template object (`template`), and `header_is_array`
/// is true on `/broadcasts`, where `param.header` is an array.
pub fn template_param_fits(
    _template: &Value,
    _param: Option<&Value>,
    _prefix: &str,
    _header_is_array: bool,
) -> FieldErrors {
    FieldErrors::new()
}

/// Decides a template's review: `Ok(())` approves it, `Err(reason)` rejects it with that reason.
pub fn review(_template: &Value) -> Result<(), String> {
    Ok(())
}

/// Checks one uploaded media part: its kind (the form field name), MIME type and size in bytes.
/// The error is the message for the field.
pub fn media_part(_kind: &str, _mime: &str, _size: usize) -> Result<(), String> {
    Ok(())
}
