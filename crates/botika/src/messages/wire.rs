//! Wire plumbing shared by the messages, templates and broadcasts resources: reading JSON into
//! models with errors that name the field path, unwrapping the `{"data": ...}` envelope, building
//! paths with percent-encoded ids, and the `extra(key, value)` builder method of contract rule 3.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

use crate::error::{Error, Result};
use crate::transport::ApiRequest;

/// Everything but RFC 3986's unreserved characters is encoded, so an id can never add a path
/// segment (`/`), a query (`?`) or a fragment (`#`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `prefix/<encoded id>`, refusing an empty id (it would address the collection instead).
pub(crate) fn path_with_id(prefix: &str, field: &str, id: &str) -> Result<String> {
    if id.trim().is_empty() {
        return Err(Error::invalid_argument(field, "must not be empty"));
    }
    // `.` and `..` alone are unreserved yet would be resolved as dot-segments by URL parsing.
    let encoded = match id {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(id, SEGMENT).to_string(),
    };
    Ok(format!("{prefix}/{encoded}"))
}

/// A request with `body` as its JSON. It is serialized through a `Value`, so an extra field
/// replaces a modelled field of the same name instead of repeating the key.
pub(crate) fn json_request(
    method: Method,
    path: impl Into<String>,
    body: &impl Serialize,
) -> Result<ApiRequest> {
    let value = serde_json::to_value(body).map_err(|e| {
        Error::invalid_argument(".", format!("the request body cannot be serialized: {e}"))
    })?;
    ApiRequest::new(method, path).json(&value)
}

/// The payload of a `{"data": ...}` envelope; a body without one is read as the payload itself
/// (lenient reading, contract rule 4).
pub(crate) fn data(value: &Value) -> &Value {
    value.get("data").unwrap_or(value)
}

/// The members of a JSON object, refusing any other value.
pub(crate) fn into_object(value: Value) -> Result<Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(Error::invalid_argument(".", "must be a JSON object")),
    }
}

/// Removes the required string member `key` from `map`.
pub(crate) fn take_string(map: &mut Map<String, Value>, key: &str) -> Result<String> {
    match map.remove(key) {
        Some(Value::String(value)) => Ok(value),
        Some(_) => Err(Error::invalid_argument(key, "must be a string")),
        None => Err(Error::invalid_argument(key, "missing field")),
    }
}

/// Removes the required member `key` from `map` and deserializes it, with paths below `key`.
pub(crate) fn take_at<T: DeserializeOwned>(map: &mut Map<String, Value>, key: &str) -> Result<T> {
    match map.remove(key) {
        Some(value) => from_json_at(value, key),
        None => Err(Error::invalid_argument(key, "missing field")),
    }
}

/// Deserializes `value` as `T`. A failure becomes an `invalid_argument` error whose field is the
/// JSON path below `prefix` (`interactive.action.buttons[0].reply.title`), so a binding's caller
/// sees which part of the dict or object they passed is wrong.
pub(crate) fn from_json_at<T: DeserializeOwned>(value: Value, prefix: &str) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let mut path = prefix.to_owned();
        for segment in err.path().iter() {
            match segment {
                Segment::Seq { index } => path.push_str(&format!("[{index}]")),
                Segment::Map { key } => push_key(&mut path, key),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        let message = err.inner().to_string();
        // serde reports a missing field at its parent; naming the field itself is clearer.
        let rule = match missing_field(&message) {
            Some(name) => {
                push_key(&mut path, name);
                "missing field".to_owned()
            }
            None => message,
        };
        if path.is_empty() {
            path.push('.');
        }
        Error::invalid_argument(path, rule)
    })
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// Adds the `extra(key, value)` builder method (contract rule 3) to types with an `extra` map.
macro_rules! extra_fields {
    (impl<$g:ident: $bound:path> $ty:ty;) => {
        impl<$g: $bound> $ty {
            $crate::messages::wire::extra_fields!(@method);
        }
    };
    ($(impl $ty:ty;)+) => {$(
        impl $ty {
            $crate::messages::wire::extra_fields!(@method);
        }
    )+};
    (@method) => {
        /// Adds a JSON field the SDK does not model (contract rule 3). It is sent as given,
        /// and replaces a modelled field of the same name.
        pub fn extra(mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
            self.extra.insert(key.into(), value.into());
            self
        }
    };
}
pub(crate) use extra_fields;

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[derive(Debug, Deserialize)]
    struct Inner {
        title: String,
    }

    #[test]
    fn errors_name_the_path_below_the_prefix() {
        let ok = from_json_at::<Outer>(json!({"items": [{"title": "a"}]}), "x").unwrap();
        assert_eq!(ok.items[0].title, "a");
        let err = from_json_at::<Outer>(json!({"items": [{"title": "a"}, {}]}), "x.y").unwrap_err();
        assert_eq!(err.message(), "x.y.items[1].title: missing field");
        let err = from_json_at::<Outer>(json!({"items": [{"title": 5}]}), "x").unwrap_err();
        assert_eq!(
            err.field_errors().keys().next().unwrap(),
            "x.items[0].title"
        );
        let err = from_json_at::<Outer>(json!(7), "").unwrap_err();
        assert!(err.field_errors().contains_key("."), "{err:?}");
        assert_eq!(err.code(), "invalid_argument");
    }

    #[test]
    fn ids_are_percent_encoded_as_one_segment() {
        assert_eq!(
            path_with_id("/m", "id", "wamid.HBg=").unwrap(),
            "/m/wamid.HBg%3D"
        );
        assert_eq!(
            path_with_id("/m", "id", "a/b?c#d e").unwrap(),
            "/m/a%2Fb%3Fc%23d%20e"
        );
        assert_eq!(path_with_id("/m", "id", "..").unwrap(), "/m/%2E%2E");
        assert_eq!(path_with_id("/m", "id", "é").unwrap(), "/m/%C3%A9");
        let err = path_with_id("/m", "message_id", " ").unwrap_err();
        assert_eq!(err.field_errors()["message_id"], vec!["must not be empty"]);
    }

    #[test]
    fn data_envelope_is_unwrapped_when_present() {
        assert_eq!(data(&json!({"data": {"id": "1"}})), &json!({"id": "1"}));
        assert_eq!(data(&json!({"id": "1"})), &json!({"id": "1"}));
        assert_eq!(data(&json!(null)), &json!(null));
    }
}
