//! Broadcasts (`POST /broadcasts`) and the latest broadcast to a recipient (`POST
//! /broadcasts/latest`).

use serde_json::Value;

use super::FieldErrors;
use super::check::{Need, array, at, choice, get, positive_integer, string};
use super::phone::recipient;
use super::template_send::{Endpoint, template};

/// Checks a `POST /broadcasts` body: `name`, `type` (`contact` or `label`), `to` (a non-empty array
/// of phone numbers or of label ids, which are positive integers) and `template` with its `param`.
/// The entries of `to` are checked only when the type says what they are.
pub(super) fn broadcast(body: &Value) -> FieldErrors {
    let mut errors = FieldErrors::new();
    string(&mut errors, get(body, "name"), "name", Need::Required, None);
    let kind = choice(
        &mut errors,
        get(body, "type"),
        "type",
        &["contact", "label"],
        true,
    );
    let recipients = array(&mut errors, get(body, "to"), "to", true, 1, None).unwrap_or_default();
    for (index, to) in recipients.iter().enumerate() {
        let path = at("to", index);
        match kind {
            Some("contact") => recipient(&mut errors, Some(to), &path),
            Some(_) => positive_integer(&mut errors, Some(to), &path, true),
            None => {}
        }
    }
    template(
        &mut errors,
        get(body, "template"),
        "template",
        Endpoint::Broadcasts,
    );
    errors
}

/// Checks a `POST /broadcasts/latest` body: `to`, a phone number.
pub(super) fn latest(body: &Value) -> FieldErrors {
    let mut errors = FieldErrors::new();
    recipient(&mut errors, get(body, "to"), "to");
    errors
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::testing::{broadcast_body, fails, only, passes, with, without};

    fn by_label() -> Value {
        with(
            with(broadcast_body(), "/type", json!("label")),
            "/to",
            json!([1, 2, 3]),
        )
    }

    #[test]
    fn broadcasts_by_contact_and_by_label_pass() {
        passes(&broadcast(&broadcast_body()));
        passes(&broadcast(&by_label()));
    }

    #[test]
    fn name_type_to_and_template_are_required() {
        let errors = broadcast(&json!({}));
        for field in ["name", "type", "to", "template"] {
            fails(&errors, field, &format!("The {field} field is required."));
        }
        assert_eq!(errors.fields().len(), 4);
        only(
            &broadcast(&with(broadcast_body(), "/name", json!(" "))),
            "name",
            "The name field is required.",
        );
        only(
            &broadcast(&with(broadcast_body(), "/type", json!("group"))),
            "type",
            "The selected type is invalid.",
        );
    }

    #[test]
    fn to_is_a_non_empty_array() {
        only(
            &broadcast(&with(broadcast_body(), "/to", json!([]))),
            "to",
            "The to must have at least 1 item.",
        );
        only(
            &broadcast(&with(broadcast_body(), "/to", json!("+6281234567890"))),
            "to",
            "The to must be an array.",
        );
    }

    #[test]
    fn contact_recipients_are_phone_numbers() {
        let errors = broadcast(&with(
            broadcast_body(),
            "/to",
            json!(["+6281234567890", "12345", 6281234567890_u64]),
        ));
        fails(
            &errors,
            "to.1",
            "The to.1 must have between 7 and 15 digits.",
        );
        fails(&errors, "to.2", "The to.2 must be a string.");
        assert_eq!(errors.fields().len(), 2);
    }

    #[test]
    fn label_recipients_are_positive_integers() {
        let errors = broadcast(&with(by_label(), "/to", json!([1, 0, -2, "3", 1.5])));
        fails(&errors, "to.1", "The to.1 must be greater than 0.");
        fails(&errors, "to.2", "The to.2 must be greater than 0.");
        fails(&errors, "to.3", "The to.3 must be an integer.");
        fails(&errors, "to.4", "The to.4 must be an integer.");
        assert_eq!(errors.fields().len(), 4);
    }

    #[test]
    fn without_a_valid_type_recipients_are_not_judged() {
        only(
            &broadcast(&with(broadcast_body(), "/type", json!(null))),
            "type",
            "The type field is required.",
        );
    }

    #[test]
    fn the_template_needs_param_with_a_header_array() {
        only(
            &broadcast(&without(broadcast_body(), "/template/param")),
            "template.param",
            "The template.param field is required.",
        );
        only(
            &broadcast(&with(
                broadcast_body(),
                "/template/param/header",
                json!({"type": "text", "text": "x"}),
            )),
            "template.param.header",
            "The template.param.header must be an array.",
        );
        only(
            &broadcast(&with(broadcast_body(), "/template/language", json!(""))),
            "template.language",
            "The template.language field is required.",
        );
    }

    #[test]
    fn latest_needs_a_phone_number() {
        passes(&latest(&json!({"to": "+62 821 1234 5678"})));
        only(&latest(&json!({})), "to", "The to field is required.");
        only(
            &latest(&json!({"to": "+62 821 1234 5678 9999"})),
            "to",
            "The to must have between 7 and 15 digits.",
        );
        only(
            &latest(&json!({"to": "62+8211234567"})),
            "to",
            "The to may only contain digits, spaces, -, (, ), . and a leading +.",
        );
    }
}
