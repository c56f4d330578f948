//! Errors crossing into JavaScript: a [`botika::Error`] becomes a napi error whose message is
//! [`TAG`] followed by the error as JSON, so `node/errors.js` can rebuild it as the subclass of
//! `BotikaError` for its code with every detail. Nothing here decides what an error means.

use napi::Status;
use serde_json::{Value, json};

/// Starts the message of every error this addon produces; `node/errors.js` looks for it.
pub const TAG: &str = "botika-error:";

/// The tagged napi error for `error`.
pub fn to_napi(error: botika::Error) -> napi::Error {
    napi::Error::new(Status::GenericFailure, format!("{TAG}{}", details(&error)))
}

/// Every field `node/errors.js` gives a `BotikaError` (camelCase keys; `retryAfter` in
/// seconds), for a thrown error and for a bulk outcome's error alike.
pub fn details(error: &botika::Error) -> Value {
    json!({
        "code": error.code(),
        "message": error.message(),
        "status": error.status(),
        "method": error.method(),
        "path": error.path(),
        "fieldErrors": error.field_errors(),
        "body": error.body(),
        "requestId": error.request_id(),
        "retryAfter": error.retry_after().map(|d| d.as_secs_f64()),
        "mayHaveBeenSent": error.may_have_been_sent(),
    })
}

/// A napi result from a core result.
pub fn napi_result<T>(result: botika::Result<T>) -> napi::Result<T> {
    result.map_err(to_napi)
}
