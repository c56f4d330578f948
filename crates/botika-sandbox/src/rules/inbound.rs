//! A simulated customer message for the control API (`POST /_sandbox/inbound`).

use serde_json::Value;

use super::FieldErrors;
use super::check::{Need, at, choice, get, object, string};
use super::interactive::{list_row, reply_button};
use super::media_object::media_object;
use super::payloads::{contacts, location, reaction, text};
use super::phone::recipient;

/// The kinds a customer can send, each with an object of the same name.
pub(super) const KINDS: [&str; 11] = [
    "text",
    "image",
    "video",
    "audio",
    "document",
    "sticker",
    "location",
    "contacts",
    "interactive",
    "button",
    "reaction",
];

/// Checks an inbound message; the shapes it accepts are listed on [`super::inbound`].
pub(super) fn inbound(body: &Value) -> FieldErrors {
    let mut errors = FieldErrors::new();
    recipient(&mut errors, get(body, "from"), "from");
    let kind = choice(&mut errors, get(body, "type"), "type", &KINDS, true);
    string(
        &mut errors,
        get(body, "name"),
        "name",
        Need::FilledIfGiven,
        None,
    );
    if let Some(context) = object(&mut errors, get(body, "context"), "context", false) {
        string(
            &mut errors,
            get(context, "id"),
            "context.id",
            Need::Required,
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
        "reaction" => reaction(&mut errors, payload, kind, "message_id"),
        "interactive" => reply(&mut errors, payload),
        "button" => {
            if let Some(button) = object(&mut errors, payload, kind, true) {
                string(
                    &mut errors,
                    get(button, "text"),
                    "button.text",
                    Need::Required,
                    None,
                );
                string(
                    &mut errors,
                    get(button, "payload"),
                    "button.payload",
                    Need::Optional,
                    None,
                );
            }
        }
        media => {
            if let Some(file) = media_object(&mut errors, payload, media, media) {
                string(
                    &mut errors,
                    get(file, "mime_type"),
                    &at(media, "mime_type"),
                    Need::FilledIfGiven,
                    None,
                );
                // A customer's media of any kind may carry these (a sticker with a file name);
                // they are delivered as given, so they must be strings. The send rules above
                // already check the kinds that send them.
                for (key, checked) in [
                    ("caption", ["image", "video", "document"].contains(&media)),
                    ("filename", media == "document"),
                ] {
                    if !checked {
                        string(
                            &mut errors,
                            get(file, key),
                            &at(media, key),
                            Need::Optional,
                            None,
                        );
                    }
                }
            }
        }
    }
    errors
}

/// A reply to an interactive message: a button reply or a list reply.
fn reply(errors: &mut FieldErrors, value: Option<&Value>) {
    let Some(reply) = object(errors, value, "interactive", true) else {
        return;
    };
    let kinds = ["button_reply", "list_reply"];
    match choice(errors, get(reply, "type"), "interactive.type", &kinds, true) {
        Some("button_reply") => {
            reply_button(
                errors,
                get(reply, "button_reply"),
                "interactive.button_reply",
            );
        }
        Some(_) => {
            list_row(errors, get(reply, "list_reply"), "interactive.list_reply");
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::testing::{fails, inbound_of, only, passes, with, without};

    #[test]
    fn every_kind_passes() {
        for kind in KINDS {
            passes(&inbound(&inbound_of(kind)));
            passes(&inbound(&without(inbound_of(kind), "/context")));
        }
    }

    #[test]
    fn from_type_and_payload_are_required() {
        let errors = inbound(&json!({}));
        fails(&errors, "from", "The from field is required.");
        fails(&errors, "type", "The type field is required.");
        assert_eq!(errors.fields().len(), 2);
        for kind in KINDS {
            only(
                &inbound(&without(inbound_of(kind), &format!("/{kind}"))),
                kind,
                &format!("The {kind} field is required."),
            );
        }
        only(
            &inbound(&with(inbound_of("text"), "/type", json!("template"))),
            "type",
            "The selected type is invalid.",
        );
    }

    #[test]
    fn from_is_a_phone_number() {
        only(
            &inbound(&with(inbound_of("text"), "/from", json!("+0 812 3456 789"))),
            "from",
            "The from must start with a country code, which never begins with 0.",
        );
    }

    #[test]
    fn the_customer_name_is_optional() {
        passes(&inbound(&with(inbound_of("text"), "/name", json!("Sari"))));
        only(
            &inbound(&with(inbound_of("text"), "/name", json!(""))),
            "name",
            "The name field must have a value.",
        );
    }

    #[test]
    fn context_has_an_id() {
        only(
            &inbound(&with(inbound_of("text"), "/context", json!({}))),
            "context.id",
            "The context.id field is required.",
        );
        only(
            &inbound(&with(inbound_of("text"), "/context", json!("wamid.0"))),
            "context",
            "The context must be an object.",
        );
    }

    #[test]
    fn text_limits() {
        passes(&inbound(&with(
            inbound_of("text"),
            "/text/body",
            json!("x".repeat(4096)),
        )));
        only(
            &inbound(&with(
                inbound_of("text"),
                "/text/body",
                json!("x".repeat(4097)),
            )),
            "text.body",
            "The text.body may not be greater than 4096 characters.",
        );
    }

    #[test]
    fn media_with_a_mime_type() {
        only(
            &inbound(&with(inbound_of("image"), "/image/mime_type", json!(""))),
            "image.mime_type",
            "The image.mime_type field must have a value.",
        );
        passes(&inbound(&with(
            inbound_of("document"),
            "/document/mime_type",
            json!("application/zip"),
        )));
        only(
            &inbound(&with(
                inbound_of("video"),
                "/video/link",
                json!("https://example.com/v.mp4"),
            )),
            "video.id",
            "The video.id field prohibits video.link from being present.",
        );
    }

    #[test]
    fn interactive_replies() {
        let list = json!({"type": "list_reply", "list_reply": {"id": "tea", "title": "Tea", "description": "Hot"}});
        passes(&inbound(&with(
            inbound_of("interactive"),
            "/interactive",
            list,
        )));
        only(
            &inbound(&with(
                inbound_of("interactive"),
                "/interactive/type",
                json!("nfm_reply"),
            )),
            "interactive.type",
            "The selected interactive.type is invalid.",
        );
        only(
            &inbound(&with(
                inbound_of("interactive"),
                "/interactive/type",
                json!("list_reply"),
            )),
            "interactive.list_reply",
            "The interactive.list_reply field is required.",
        );
        let errors = inbound(&with(
            inbound_of("interactive"),
            "/interactive/button_reply",
            json!({"id": "", "title": "t".repeat(21)}),
        ));
        fails(
            &errors,
            "interactive.button_reply.id",
            "The interactive.button_reply.id field is required.",
        );
        fails(
            &errors,
            "interactive.button_reply.title",
            "The interactive.button_reply.title may not be greater than 20 characters.",
        );
        let long_row =
            json!({"type": "list_reply", "list_reply": {"id": "a", "title": "t".repeat(25)}});
        only(
            &inbound(&with(inbound_of("interactive"), "/interactive", long_row)),
            "interactive.list_reply.title",
            "The interactive.list_reply.title may not be greater than 24 characters.",
        );
    }

    #[test]
    fn template_quick_replies() {
        passes(&inbound(&without(inbound_of("button"), "/button/payload")));
        passes(&inbound(&with(
            inbound_of("button"),
            "/button/payload",
            json!(""),
        )));
        only(
            &inbound(&with(inbound_of("button"), "/button/text", json!(" "))),
            "button.text",
            "The button.text field is required.",
        );
        only(
            &inbound(&with(inbound_of("button"), "/button/payload", json!(1))),
            "button.payload",
            "The button.payload must be a string.",
        );
    }

    #[test]
    fn reactions_name_the_message() {
        passes(&inbound(&with(
            inbound_of("reaction"),
            "/reaction/emoji",
            json!(""),
        )));
        only(
            &inbound(&without(inbound_of("reaction"), "/reaction/message_id")),
            "reaction.message_id",
            "The reaction.message_id field is required.",
        );
    }

    #[test]
    fn location_and_contacts_as_sent() {
        only(
            &inbound(&with(
                inbound_of("location"),
                "/location/longitude",
                json!("181"),
            )),
            "location.longitude",
            "The location.longitude must be between -180 and 180.",
        );
        only(
            &inbound(&with(
                inbound_of("contacts"),
                "/contacts/0/phone",
                json!(""),
            )),
            "contacts.0.phone",
            "The contacts.0.phone field is required.",
        );
    }
}
