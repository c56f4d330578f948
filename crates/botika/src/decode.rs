//! Lenient decoding helpers (contract rule 4): ids as numbers or strings, `null` where a value
//! was expected. Used with `#[serde(deserialize_with = ...)]` by every response model.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A string, or a number/bool rendered as text; `null` or absent becomes `None`.
pub(crate) fn opt_string_lenient<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}

/// Like [`opt_string_lenient`], with `None` read as an empty string.
pub(crate) fn string_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_string_lenient(d).map(Option::unwrap_or_default)
}

/// Any value; `null` reads as `T::default()` (for arrays and objects the docs show as `null`).
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Sample {
        #[serde(default, deserialize_with = "string_lenient")]
        id: String,
        #[serde(default, deserialize_with = "opt_string_lenient")]
        other: Option<String>,
        #[serde(default, deserialize_with = "null_as_default")]
        list: Vec<String>,
    }

    #[test]
    fn ids_read_as_strings_whatever_their_json_type() {
        let s: Sample = serde_json::from_str(r#"{"id": 42, "other": null, "list": null}"#).unwrap();
        assert_eq!((s.id.as_str(), s.other, s.list.len()), ("42", None, 0));
        let s: Sample = serde_json::from_str(r#"{"id": "wamid.1", "other": 1.5}"#).unwrap();
        assert_eq!(
            (s.id.as_str(), s.other.as_deref()),
            ("wamid.1", Some("1.5"))
        );
        let s: Sample = serde_json::from_str("{}").unwrap();
        assert_eq!(s.id, "");
    }
}
