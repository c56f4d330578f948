//! Laravel-shaped validation errors: field paths in dot notation mapped to messages, rendered as
//! `422 {"message": ..., "errors": {...}}`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// Validation failures of one request, keyed by Laravel dot path
/// (`interactive.action.buttons.3.reply.title`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    /// No failures.
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Records that `path` breaks a rule, with Laravel's style of message
    /// ("The to field is required.").
    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.entry(path.into()).or_default().push(message.into());
    }

    /// Takes every failure of `other`.
    pub fn extend(&mut self, other: FieldErrors) {
        for (path, messages) in other.0 {
            self.0.entry(path).or_default().extend(messages);
        }
    }

    /// True when the request passed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The failures, path -> messages.
    pub fn fields(&self) -> &BTreeMap<String, Vec<String>> {
        &self.0
    }

    /// The 422 body: Laravel's message is the first error, plus "(and N more errors)".
    pub fn to_body(&self) -> Value {
        let mut all = self.0.values().flatten();
        let first = all
            .next()
            .cloned()
            .unwrap_or_else(|| "The given data was invalid.".to_owned());
        let rest = all.count();
        let message = match rest {
            0 => first,
            1 => format!("{first} (and 1 more error)"),
            n => format!("{first} (and {n} more errors)"),
        };
        json!({ "message": message, "errors": self.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_laravel_shaped() {
        let mut errors = FieldErrors::new();
        errors.add("to", "The to field is required.");
        errors.add("type", "The selected type is invalid.");
        assert_eq!(
            errors.to_body(),
            json!({
                "message": "The to field is required. (and 1 more error)",
                "errors": {"to": ["The to field is required."], "type": ["The selected type is invalid."]}
            })
        );
    }
}
