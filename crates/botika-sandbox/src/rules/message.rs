//! Sending a message (`POST /messages`, all eleven types) and marking one read (`PUT
//! /messages/{id}`).

use serde_json::Value;

use super::FieldErrors;
use super::check::{Need, choice, get, string};
use super::interactive::interactive;
use super::media_object::media_object;
use super::payloads::{contacts, location, reaction, text};
use super::phone::recipient;
use super::template_send::{Endpoint, template};

/// The message types, each with an object of the same name.
pub(super) const TYPES: [&str; 11] = [
    "text",
    "image",
    "video",
    "audio",
    "document",
    "sticker",
    "location",
    "contacts",
    "reaction",
    "interactive",
    "template",
];

/// Checks a `POST /messages` body: `to`, `type`, the object named after the type and
/// `reply_message_id` (optional, not on a reaction). The payload is checked only when the type is
/// known, since the type says which payload to look for.
pub(super) fn message(body: &Value) -> FieldErrors {
    let mut errors = FieldErrors::new();
    recipient(&mut errors, get(body, "to"), "to");
    let kind = choice(&mut errors, get(body, "type"), "type", &TYPES, true);
    let reply = get(body, "reply_message_id");
    if kind == Some("reaction") && reply.is_some() {
        errors.add(
            "reply_message_id",
            "The reply_message_id field is prohibited when type is reaction.",
        );
    } else {
        string(
            &mut errors,
            reply,
            "reply_message_id",
            Need::FilledIfGiven,
            None,
        );
    }
    let Some(kind) = kind else {
        return errors;
    };
    let payload = get(body, kind);
    match kind {
        "text" => text(&mut errors, payload, kind),
        "location" => location(&mut errors, payload, kind),
        "contacts" => contacts(&mut errors, payload, kind),
        "reaction" => reaction(&mut errors, payload, kind, "id"),
        "interactive" => interactive(&mut errors, payload),
        "template" => template(&mut errors, payload, kind, Endpoint::Messages),
        media => {
            media_object(&mut errors, payload, media, media);
        }
    }
    errors
}

/// Checks a `PUT /messages/{id}` body: `status` must be `read`.
pub(super) fn mark_read(body: &Value) -> FieldErrors {
    let mut errors = FieldErrors::new();
    choice(&mut errors, get(body, "status"), "status", &["read"], true);
    errors
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::testing::{fails, message_of, only, passes, with, without};

    #[test]
    fn every_type_passes() {
        for kind in TYPES {
            passes(&message(&message_of(kind)));
        }
    }

    #[test]
    fn to_type_and_payload_are_required() {
        let errors = message(&json!({}));
        fails(&errors, "to", "The to field is required.");
        fails(&errors, "type", "The type field is required.");
        assert_eq!(errors.fields().len(), 2);
        for kind in TYPES {
            only(
                &message(&without(message_of(kind), &format!("/{kind}"))),
                kind,
                &format!("The {kind} field is required."),
            );
        }
    }

    #[test]
    fn an_unknown_type_is_refused_and_its_payload_ignored() {
        only(
            &message(&with(message_of("text"), "/type", json!("poll"))),
            "type",
            "The selected type is invalid.",
        );
        only(
            &message(&with(message_of("text"), "/type", json!("Text"))),
            "type",
            "The selected type is invalid.",
        );
    }

    #[test]
    fn the_payload_is_the_one_named_by_type() {
        // A valid text payload does not satisfy type image.
        let body = with(message_of("text"), "/type", json!("image"));
        only(&message(&body), "image", "The image field is required.");
    }

    #[test]
    fn to_is_a_phone_number() {
        only(
            &message(&with(message_of("text"), "/to", json!("0812345678"))),
            "to",
            "The to must start with a country code, which never begins with 0.",
        );
    }

    #[test]
    fn reply_message_id() {
        passes(&message(&without(message_of("text"), "/reply_message_id")));
        only(
            &message(&with(message_of("text"), "/reply_message_id", json!(""))),
            "reply_message_id",
            "The reply_message_id field must have a value.",
        );
        only(
            &message(&with(message_of("text"), "/reply_message_id", json!(5))),
            "reply_message_id",
            "The reply_message_id must be a string.",
        );
        only(
            &message(&with(
                message_of("reaction"),
                "/reply_message_id",
                json!("wamid.0"),
            )),
            "reply_message_id",
            "The reply_message_id field is prohibited when type is reaction.",
        );
    }

    #[test]
    fn media_payloads() {
        for kind in ["image", "video", "audio", "document", "sticker"] {
            only(
                &message(&with(message_of(kind), &format!("/{kind}"), json!({}))),
                &format!("{kind}.id"),
                &format!("The {kind}.id field is required when {kind}.link is not present."),
            );
        }
    }

    #[test]
    fn each_payload_is_checked() {
        only(
            &message(&with(
                message_of("text"),
                "/text/body",
                json!("x".repeat(4097)),
            )),
            "text.body",
            "The text.body may not be greater than 4096 characters.",
        );
        only(
            &message(&with(
                message_of("location"),
                "/location/latitude",
                json!(-90.5),
            )),
            "location.latitude",
            "The location.latitude must be between -90 and 90.",
        );
        only(
            &message(&with(message_of("contacts"), "/contacts", json!([]))),
            "contacts",
            "The contacts must have at least 1 item.",
        );
        only(
            &message(&without(message_of("reaction"), "/reaction/emoji")),
            "reaction.emoji",
            "The reaction.emoji field is required.",
        );
        only(
            &message(&with(
                message_of("interactive"),
                "/interactive/type",
                json!("flow"),
            )),
            "interactive.type",
            "The selected interactive.type is invalid.",
        );
        only(
            &message(&with(message_of("template"), "/template/name", json!(""))),
            "template.name",
            "The template.name field is required.",
        );
        // On /messages a template header parameter is an object.
        only(
            &message(&with(
                message_of("template"),
                "/template/param",
                json!({"header": []}),
            )),
            "template.param.header",
            "The template.param.header must be an object.",
        );
    }

    #[test]
    fn every_failure_is_reported() {
        let body = json!({"to": "+62 812", "type": "reaction", "reply_message_id": "w", "reaction": {"emoji": 1}});
        let errors = message(&body);
        fails(&errors, "to", "The to must have between 7 and 15 digits.");
        fails(
            &errors,
            "reply_message_id",
            "The reply_message_id field is prohibited when type is reaction.",
        );
        fails(&errors, "reaction.id", "The reaction.id field is required.");
        fails(
            &errors,
            "reaction.emoji",
            "The reaction.emoji must be a string.",
        );
        assert_eq!(errors.fields().len(), 4);
    }

    #[test]
    fn a_body_that_is_not_an_object_misses_every_field() {
        for body in [json!(null), json!([]), json!("text"), json!(7)] {
            let errors = message(&body);
            fails(&errors, "to", "The to field is required.");
            fails(&errors, "type", "The type field is required.");
        }
    }

    #[test]
    fn mark_read_needs_status_read() {
        passes(&mark_read(&json!({"status": "read"})));
        only(
            &mark_read(&json!({"status": "delivered"})),
            "status",
            "The selected status is invalid.",
        );
        only(
            &mark_read(&json!({})),
            "status",
            "The status field is required.",
        );
        only(
            &mark_read(&json!(null)),
            "status",
            "The status field is required.",
        );
    }
}
