//! The building blocks every rule shares: lenient field access, the common checks, and Laravel's
//! wording for them.
//!
//! Every check takes the value it looks at as `Option<&Value>` (absent and JSON `null` are the
//! same: Laravel's `nullable` treatment, so a client that writes `null` for an unset field is not
//! punished) and the field's full dot path, records what is wrong, and hands back the value when it
//! has the right JSON type, so that callers can go on checking inside it. Nothing here indexes or
//! unwraps input.

use std::collections::HashSet;
use std::fmt::Display;

use serde_json::Value;

use super::FieldErrors;

/// The value of `key` in `parent`; `None` when `parent` is not an object, the key is absent, or the
/// value is `null`.
pub(super) fn get<'a>(parent: &'a Value, key: &str) -> Option<&'a Value> {
    present(parent.as_object()?.get(key))
}

/// `value` unless it is `null`.
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null())
}

/// The dot path of `key` under `base` (`base` is empty at the top level).
pub(super) fn at(base: &str, key: impl Display) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// `n` and the noun, plural unless `n` is 1 ("1 item", "3 items").
pub(super) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Laravel's message for a missing required field.
pub(super) fn required_message(path: &str) -> String {
    format!("The {path} field is required.")
}

/// True when `value` carries something: a string with a non-whitespace character, a non-empty array
/// or object, or any number or boolean.
pub(super) fn filled(value: Option<&Value>) -> bool {
    match present(value) {
        None => false,
        Some(Value::String(text)) => !text.trim().is_empty(),
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::Object(fields)) => !fields.is_empty(),
        Some(_) => true,
    }
}

/// How a string field must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Need {
    /// Required, with at least one non-whitespace character.
    Required,
    /// Required, but any string, even empty (a reaction's `emoji`).
    Present,
    /// Optional; when given, at least one non-whitespace character.
    FilledIfGiven,
    /// Optional; any string.
    Optional,
}

/// Checks a string field and its length in characters (Unicode scalar values). Gives the string
/// back when it is one, unless it is blank where blank is not allowed.
pub(super) fn string<'a>(
    errors: &mut FieldErrors,
    value: Option<&'a Value>,
    path: &str,
    need: Need,
    max: Option<usize>,
) -> Option<&'a str> {
    let Some(value) = present(value) else {
        if matches!(need, Need::Required | Need::Present) {
            errors.add(path, required_message(path));
        }
        return None;
    };
    let Some(text) = value.as_str() else {
        errors.add(path, format!("The {path} must be a string."));
        return None;
    };
    if text.trim().is_empty() {
        match need {
            Need::Required => {
                errors.add(path, required_message(path));
                return None;
            }
            Need::FilledIfGiven => {
                errors.add(path, format!("The {path} field must have a value."));
                return None;
            }
            Need::Present | Need::Optional => {}
        }
    }
    if let Some(max) = max {
        if text.chars().count() > max {
            errors.add(
                path,
                format!("The {path} may not be greater than {max} characters."),
            );
        }
    }
    Some(text)
}

/// Checks that a field is a JSON object (required or optional) and gives it back.
pub(super) fn object<'a>(
    errors: &mut FieldErrors,
    value: Option<&'a Value>,
    path: &str,
    required: bool,
) -> Option<&'a Value> {
    match present(value) {
        None => {
            if required {
                errors.add(path, required_message(path));
            }
            None
        }
        Some(value) if value.is_object() => Some(value),
        Some(_) => {
            errors.add(path, format!("The {path} must be an object."));
            None
        }
    }
}

/// Checks that a field is an array of `min` to `max` entries. Gives the entries back even when
/// their number is out of bounds, so that each entry is still checked and every failure reported.
pub(super) fn array<'a>(
    errors: &mut FieldErrors,
    value: Option<&'a Value>,
    path: &str,
    required: bool,
    min: usize,
    max: Option<usize>,
) -> Option<&'a [Value]> {
    let value = match present(value) {
        None => {
            if required {
                errors.add(path, required_message(path));
            }
            return None;
        }
        Some(value) => value,
    };
    let Some(items) = value.as_array() else {
        errors.add(path, format!("The {path} must be an array."));
        return None;
    };
    if items.len() < min {
        errors.add(
            path,
            format!("The {path} must have at least {}.", count(min, "item")),
        );
    }
    if let Some(max) = max {
        if items.len() > max {
            errors.add(
                path,
                format!("The {path} may not have more than {}.", count(max, "item")),
            );
        }
    }
    Some(items)
}

/// Checks that a field is one of `allowed` (exact, case-sensitive) and gives the choice back.
pub(super) fn choice<'a>(
    errors: &mut FieldErrors,
    value: Option<&'a Value>,
    path: &str,
    allowed: &[&str],
    required: bool,
) -> Option<&'a str> {
    let Some(value) = present(value) else {
        if required {
            errors.add(path, required_message(path));
        }
        return None;
    };
    match value.as_str() {
        Some(text) if allowed.contains(&text) => Some(text),
        _ => {
            errors.add(path, format!("The selected {path} is invalid."));
            None
        }
    }
}

/// Checks an optional boolean field (JSON `true` or `false` only).
pub(super) fn boolean(errors: &mut FieldErrors, value: Option<&Value>, path: &str) {
    if present(value).is_some_and(|v| !v.is_boolean()) {
        errors.add(path, format!("The {path} field must be true or false."));
    }
}

/// Checks that a field is a JSON integer greater than 0 (a label id, a Unix time).
pub(super) fn positive_integer(
    errors: &mut FieldErrors,
    value: Option<&Value>,
    path: &str,
    required: bool,
) {
    let Some(value) = present(value) else {
        if required {
            errors.add(path, required_message(path));
        }
        return;
    };
    if value.is_u64() {
        if value.as_u64() == Some(0) {
            errors.add(path, format!("The {path} must be greater than 0."));
        }
    } else if value.is_i64() {
        // A JSON integer that is not a u64 is negative.
        errors.add(path, format!("The {path} must be greater than 0."));
    } else {
        errors.add(path, format!("The {path} must be an integer."));
    }
}

/// Checks a required number within `min..=max`; a numeric string is accepted too (the docs'
/// location example sends strings).
pub(super) fn number_between(
    errors: &mut FieldErrors,
    value: Option<&Value>,
    path: &str,
    min: f64,
    max: f64,
) {
    let Some(value) = present(value) else {
        errors.add(path, required_message(path));
        return;
    };
    let number = match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    };
    match number {
        None => errors.add(path, format!("The {path} must be a number.")),
        Some(n) if n < min || n > max => {
            errors.add(path, format!("The {path} must be between {min} and {max}."))
        }
        Some(_) => {}
    }
}

/// Flags every entry whose value already appeared earlier in `entries` (path, value); the first
/// occurrence stays unflagged, so the message points at the entry to change.
pub(super) fn distinct<'a>(
    errors: &mut FieldErrors,
    entries: impl IntoIterator<Item = (String, &'a str)>,
) {
    // A set, as a request may hold many thousands of entries.
    let mut seen = HashSet::new();
    for (path, value) in entries {
        if !seen.insert(value) {
            errors.add(
                path.as_str(),
                format!("The {path} field has a duplicate value."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::testing::{only, passes};

    fn check_string(value: Value, need: Need, max: Option<usize>) -> FieldErrors {
        let mut errors = FieldErrors::new();
        string(
            &mut errors,
            get(&json!({ "f": value }), "f"),
            "f",
            need,
            max,
        );
        errors
    }

    #[test]
    fn paths_and_plurals() {
        assert_eq!(at("", "to"), "to");
        assert_eq!(at("a.b", 3), "a.b.3");
        assert_eq!(count(1, "item"), "1 item");
        assert_eq!(count(0, "value"), "0 values");
    }

    #[test]
    fn get_treats_null_and_non_objects_as_absent() {
        assert_eq!(get(&json!({"a": null}), "a"), None);
        assert_eq!(get(&json!([1]), "a"), None);
        assert_eq!(get(&json!("a"), "a"), None);
        assert_eq!(get(&json!({"a": 1}), "a"), Some(&json!(1)));
    }

    #[test]
    fn required_strings() {
        passes(&check_string(json!("x"), Need::Required, None));
        only(
            &check_string(json!(null), Need::Required, None),
            "f",
            "The f field is required.",
        );
        only(
            &check_string(json!(" \t"), Need::Required, None),
            "f",
            "The f field is required.",
        );
        only(
            &check_string(json!(5), Need::Required, None),
            "f",
            "The f must be a string.",
        );
    }

    #[test]
    fn present_and_optional_strings() {
        passes(&check_string(json!(""), Need::Present, None));
        passes(&check_string(json!(""), Need::Optional, None));
        passes(&check_string(json!(null), Need::Optional, None));
        passes(&check_string(json!(null), Need::FilledIfGiven, None));
        only(
            &check_string(json!(null), Need::Present, None),
            "f",
            "The f field is required.",
        );
        only(
            &check_string(json!(" "), Need::FilledIfGiven, None),
            "f",
            "The f field must have a value.",
        );
        only(
            &check_string(json!([]), Need::Optional, None),
            "f",
            "The f must be a string.",
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        passes(&check_string(json!("é".repeat(4)), Need::Required, Some(4)));
        only(
            &check_string(json!("é".repeat(5)), Need::Required, Some(4)),
            "f",
            "The f may not be greater than 4 characters.",
        );
    }

    #[test]
    fn arrays_report_bounds_and_still_give_entries() {
        let mut errors = FieldErrors::new();
        let list = json!([1, 2, 3]);
        assert_eq!(
            array(&mut errors, Some(&list), "a", true, 1, Some(2)).map(<[_]>::len),
            Some(3)
        );
        only(&errors, "a", "The a may not have more than 2 items.");

        let mut errors = FieldErrors::new();
        array(&mut errors, Some(&json!([])), "a", true, 1, None);
        only(&errors, "a", "The a must have at least 1 item.");

        let mut errors = FieldErrors::new();
        assert!(array(&mut errors, Some(&json!({})), "a", true, 0, None).is_none());
        only(&errors, "a", "The a must be an array.");

        let mut errors = FieldErrors::new();
        array(&mut errors, None, "a", false, 1, None);
        passes(&errors);
    }

    #[test]
    fn objects() {
        let mut errors = FieldErrors::new();
        assert!(object(&mut errors, Some(&json!([])), "o", true).is_none());
        only(&errors, "o", "The o must be an object.");
        let mut errors = FieldErrors::new();
        object(&mut errors, None, "o", true);
        only(&errors, "o", "The o field is required.");
        let mut errors = FieldErrors::new();
        assert!(object(&mut errors, Some(&json!({})), "o", true).is_some());
        object(&mut errors, None, "o", false);
        passes(&errors);
    }

    #[test]
    fn choices_are_exact() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            choice(&mut errors, Some(&json!("a")), "c", &["a", "b"], true),
            Some("a")
        );
        passes(&errors);
        for wrong in [json!("A"), json!(1), json!("a ")] {
            let mut errors = FieldErrors::new();
            assert_eq!(choice(&mut errors, Some(&wrong), "c", &["a"], true), None);
            only(&errors, "c", "The selected c is invalid.");
        }
        let mut errors = FieldErrors::new();
        choice(&mut errors, None, "c", &["a"], true);
        only(&errors, "c", "The c field is required.");
    }

    #[test]
    fn booleans() {
        let mut errors = FieldErrors::new();
        boolean(&mut errors, Some(&json!(true)), "b");
        boolean(&mut errors, None, "b");
        passes(&errors);
        boolean(&mut errors, Some(&json!("true")), "b");
        only(&errors, "b", "The b field must be true or false.");
    }

    #[test]
    fn positive_integers() {
        for good in [json!(1), json!(u64::MAX)] {
            let mut errors = FieldErrors::new();
            positive_integer(&mut errors, Some(&good), "n", true);
            passes(&errors);
        }
        for (bad, message) in [
            (json!(0), "The n must be greater than 0."),
            (json!(-3), "The n must be greater than 0."),
            (json!(1.5), "The n must be an integer."),
            (json!("1"), "The n must be an integer."),
        ] {
            let mut errors = FieldErrors::new();
            positive_integer(&mut errors, Some(&bad), "n", true);
            only(&errors, "n", message);
        }
        let mut errors = FieldErrors::new();
        positive_integer(&mut errors, None, "n", true);
        only(&errors, "n", "The n field is required.");
    }

    #[test]
    fn numbers_between_bounds_accept_numeric_strings() {
        for good in [
            json!(-90),
            json!(90),
            json!("45.5"),
            json!(" -1e1 "),
            json!(0.0),
        ] {
            let mut errors = FieldErrors::new();
            number_between(&mut errors, Some(&good), "x", -90.0, 90.0);
            passes(&errors);
        }
        for (bad, message) in [
            (json!(90.0001), "The x must be between -90 and 90."),
            (json!("-91"), "The x must be between -90 and 90."),
            (json!("north"), "The x must be a number."),
            (json!("NaN"), "The x must be a number."),
            (json!("inf"), "The x must be a number."),
            (json!(true), "The x must be a number."),
        ] {
            let mut errors = FieldErrors::new();
            number_between(&mut errors, Some(&bad), "x", -90.0, 90.0);
            only(&errors, "x", message);
        }
    }

    #[test]
    fn distinct_flags_later_duplicates_only() {
        let mut errors = FieldErrors::new();
        distinct(
            &mut errors,
            [
                ("a.0".into(), "x"),
                ("a.1".into(), "y"),
                ("a.2".into(), "x"),
            ],
        );
        only(&errors, "a.2", "The a.2 field has a duplicate value.");
    }

    #[test]
    fn filled_values() {
        assert!(filled(Some(&json!("x"))));
        assert!(filled(Some(&json!(["x"]))));
        assert!(filled(Some(&json!(0))));
        assert!(!filled(Some(&json!(" "))));
        assert!(!filled(Some(&json!([]))));
        assert!(!filled(Some(&json!(null))));
        assert!(!filled(None));
    }
}
