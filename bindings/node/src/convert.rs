//! Conversion between JavaScript's shapes and the core's: JSON text in and out, object keys
//! between camelCase (JavaScript) and snake_case (the wire), and the option objects read with
//! errors that name the offending field.
//!
//! Keys: JavaScript callers write nested request parts in camelCase (`previewUrl`,
//! `productRetailerId`) or in the wire's snake_case; [`snake_keys`] turns every key of such a
//! part to snake_case (snake_case keys pass unchanged; values are never touched). Results go
//! the other way with [`camel_keys`], except below the keys a caller names as verbatim (`raw`
//! and `extra` always: they are what the API sent, exactly).

use std::collections::BTreeMap;
use std::time::Duration;

use botika::{Error, RequestOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::errors::to_napi;

/// Keys whose values reach JavaScript exactly as the API sent them.
pub const VERBATIM: &[&str] = &["raw", "extra"];

/// What a badly shaped argument is: a call's argument, or the client's configuration.
#[derive(Debug, Clone, Copy)]
pub enum Blame {
    /// `invalid_argument`, with the field in `fieldErrors`.
    Argument,
    /// `config`: the client cannot be built.
    Config,
}

/// Reads JSON text from JavaScript as `T`; a mismatch names the field below `what`
/// (`options.timeoutMs: invalid type: string "5", expected f64`), or the field alone when
/// `what` is empty (an argument whose fields are named on their own).
pub fn parse<T: DeserializeOwned>(json: &str, what: &str, blame: Blame) -> botika::Result<T> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| path_error(err, what, blame))
}

/// Reads an already parsed value as `T`, with errors as [`parse`] names them.
pub fn from_value<T: DeserializeOwned>(
    value: Value,
    what: &str,
    blame: Blame,
) -> botika::Result<T> {
    serde_path_to_error::deserialize(value).map_err(|err| path_error(err, what, blame))
}

fn path_error(
    err: serde_path_to_error::Error<serde_json::Error>,
    what: &str,
    blame: Blame,
) -> Error {
    let below = err.path().to_string();
    let field = if below == "." {
        what.to_owned()
    } else if what.is_empty() {
        below
    } else {
        format!("{what}.{below}")
    };
    // serde_json appends the position in the JSON text, which means nothing to the caller.
    let message = err.inner().to_string();
    let rule = match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    };
    match blame {
        Blame::Argument => Error::invalid_argument(field, rule),
        Blame::Config => Error::config(format!("{field}: {rule}")),
    }
}

/// Reads optional JSON text; absent reads as `T::default()`.
pub fn parse_or_default<T: DeserializeOwned + Default>(
    json: Option<&str>,
    what: &str,
    blame: Blame,
) -> botika::Result<T> {
    json.map_or_else(|| Ok(T::default()), |json| parse(json, what, blame))
}

/// A wire-shaped part from JavaScript: parsed, keys turned to snake_case.
pub fn wire_part(json: &str, what: &str) -> botika::Result<Value> {
    parse::<Value>(json, what, Blame::Argument).map(snake_keys)
}

/// `value` serialized for JavaScript with camelCase keys, `verbatim` subtrees untouched.
pub fn result_json(value: &impl Serialize, verbatim: &[&str]) -> napi::Result<String> {
    let value = serde_json::to_value(value).map_err(|e| {
        to_napi(Error::decode(format!(
            "the result cannot be converted to JSON: {e}"
        )))
    })?;
    Ok(camel_keys(value, verbatim).to_string())
}

/// Every object key in `value` turned to snake_case, at any depth.
pub fn snake_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (to_snake(&key), snake_keys(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

/// Every object key in `value` turned to camelCase, except the values of keys in `verbatim`
/// (and of [`VERBATIM`]), which stay exactly as they are.
pub fn camel_keys(value: Value, verbatim: &[&str]) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let keep = VERBATIM.contains(&key.as_str()) || verbatim.contains(&key.as_str());
                    let value = if keep {
                        value
                    } else {
                        camel_keys(value, verbatim)
                    };
                    (to_camel(&key), value)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| camel_keys(item, verbatim))
                .collect(),
        ),
        other => other,
    }
}

/// `productRetailerId` -> `product_retailer_id`; keys without capitals are returned unchanged.
fn to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `profile_picture_url` -> `profilePictureUrl`; a leading underscore is kept.
pub fn to_camel(key: &str) -> String {
    let leading = key.len() - key.trim_start_matches('_').len();
    let mut out = String::with_capacity(key.len());
    out.push_str(&key[..leading]);
    let mut upper = false;
    for c in key[leading..].chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Milliseconds from JavaScript as a duration; must be a finite number above zero.
pub fn millis(ms: f64, field: &str) -> botika::Result<Duration> {
    if ms.is_finite() && ms > 0.0 {
        Duration::try_from_secs_f64(ms / 1000.0).map_err(|_| too_long(field))
    } else {
        Err(Error::invalid_argument(
            field,
            format!("must be a number of milliseconds above 0 (got {ms})"),
        ))
    }
}

fn too_long(field: &str) -> Error {
    Error::invalid_argument(field, "is too long a duration")
}

/// Per-call options as JavaScript passes them (`signal` is handled in JavaScript).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CallOptions {
    timeout_ms: Option<f64>,
    max_retries: Option<u32>,
    extra_headers: Option<BTreeMap<String, String>>,
    retry_unsafe_sends: Option<bool>,
}

impl CallOptions {
    /// The core's options; `what` names the object in errors (`options`).
    pub fn into_request_options(self, what: &str) -> botika::Result<RequestOptions> {
        let mut options = RequestOptions::new();
        if let Some(ms) = self.timeout_ms {
            options = options.timeout(millis(ms, &format!("{what}.timeoutMs"))?);
        }
        if let Some(retries) = self.max_retries {
            options = options.max_retries(retries);
        }
        if let Some(allow) = self.retry_unsafe_sends {
            options = options.retry_unsafe_sends(allow);
        }
        for (name, value) in self.extra_headers.unwrap_or_default() {
            options = options.header(name, value);
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_convert_both_ways_and_values_stay() {
        let input = json!({"previewUrl": true, "action": {"productRetailerId": "X", "already_snake": "camelValue"}, "list": [{"rowId": 1}]});
        assert_eq!(
            snake_keys(input),
            json!({"preview_url": true, "action": {"product_retailer_id": "X", "already_snake": "camelValue"}, "list": [{"row_id": 1}]})
        );
        let output = json!({"profile_picture_url": "u", "_private": 1, "raw": {"keep_me": 1}, "extra": {"x_y": 2}, "content": {"a_b": 3}});
        assert_eq!(
            camel_keys(output, &["content"]),
            json!({"profilePictureUrl": "u", "_private": 1, "raw": {"keep_me": 1}, "extra": {"x_y": 2}, "content": {"a_b": 3}})
        );
    }

    #[test]
    fn options_errors_name_the_field() {
        let err =
            parse::<CallOptions>(r#"{"timeoutMs": "5"}"#, "options", Blame::Argument).unwrap_err();
        assert_eq!(err.code(), "invalid_argument");
        assert!(
            err.field_errors().contains_key("options.timeoutMs"),
            "{err:?}"
        );
        let err =
            parse::<CallOptions>(r#"{"timeout": 5}"#, "options", Blame::Argument).unwrap_err();
        assert!(err.message().contains("unknown field `timeout`"), "{err}");
        let err = parse::<CallOptions>(r#"{"maxRetries": "2"}"#, "", Blame::Argument).unwrap_err();
        assert!(err.field_errors().contains_key("maxRetries"), "{err:?}");
        let err =
            parse::<CallOptions>(r#"{"maxRetries": -1}"#, "options", Blame::Config).unwrap_err();
        assert_eq!(err.code(), "config");
        assert!(err.message().starts_with("options.maxRetries: "), "{err}");
        let options = parse::<CallOptions>(r#"{"timeoutMs": 0}"#, "options", Blame::Argument)
            .unwrap()
            .into_request_options("options");
        assert!(
            options
                .unwrap_err()
                .field_errors()
                .contains_key("options.timeoutMs")
        );
    }
}
