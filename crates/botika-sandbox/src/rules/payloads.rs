//! The simple payloads that sent and simulated inbound messages share: text, location, contacts and
//! reaction.

use serde_json::Value;

use super::FieldErrors;
use super::check::{Need, array, at, boolean, get, number_between, object, string};

/// Most characters of a text message's body.
pub(super) const TEXT_MAX: usize = 4096;

/// `{"body": 1 to 4096 characters, "preview_url"?: bool}`.
pub(super) fn text(errors: &mut FieldErrors, value: Option<&Value>, path: &str) {
    let Some(text) = object(errors, value, path, true) else {
        return;
    };
    string(
        errors,
        get(text, "body"),
        &at(path, "body"),
        Need::Required,
        Some(TEXT_MAX),
    );
    boolean(errors, get(text, "preview_url"), &at(path, "preview_url"));
}

/// `{"latitude": -90..=90, "longitude": -180..=180, "name"?, "address"?}`; coordinates may be
/// numbers or numeric strings.
pub(super) fn location(errors: &mut FieldErrors, value: Option<&Value>, path: &str) {
    let Some(location) = object(errors, value, path, true) else {
        return;
    };
    number_between(
        errors,
        get(location, "latitude"),
        &at(path, "latitude"),
        -90.0,
        90.0,
    );
    number_between(
        errors,
        get(location, "longitude"),
        &at(path, "longitude"),
        -180.0,
        180.0,
    );
    for key in ["name", "address"] {
        string(
            errors,
            get(location, key),
            &at(path, key),
            Need::Optional,
            None,
        );
    }
}

/// An array of at least one `{"name": non-empty, "phone": non-empty}`; the phone is a plain string,
/// not checked as a number.
pub(super) fn contacts(errors: &mut FieldErrors, value: Option<&Value>, path: &str) {
    let Some(contacts) = array(errors, value, path, true, 1, None) else {
        return;
    };
    for (index, contact) in contacts.iter().enumerate() {
        let contact_path = at(path, index);
        if let Some(contact) = object(errors, Some(contact), &contact_path, true) {
            for key in ["name", "phone"] {
                string(
                    errors,
                    get(contact, key),
                    &at(&contact_path, key),
                    Need::Required,
                    None,
                );
            }
        }
    }
}

/// `{<id_key>: non-empty, "emoji": string}`, where an empty emoji removes a reaction. A sent
/// reaction names its message `id`, an inbound one `message_id` (the webhook's name).
pub(super) fn reaction(errors: &mut FieldErrors, value: Option<&Value>, path: &str, id_key: &str) {
    let Some(reaction) = object(errors, value, path, true) else {
        return;
    };
    string(
        errors,
        get(reaction, id_key),
        &at(path, id_key),
        Need::Required,
        None,
    );
    string(
        errors,
        get(reaction, "emoji"),
        &at(path, "emoji"),
        Need::Present,
        None,
    );
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::testing::{fails, only, passes};

    fn run(check: fn(&mut FieldErrors, Option<&Value>, &str), value: Value) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check(&mut errors, Some(&value), "p");
        errors
    }

    #[test]
    fn text_body_length() {
        passes(&run(text, json!({"body": "x".repeat(4096)})));
        passes(&run(
            text,
            json!({"body": "😀".repeat(4096), "preview_url": false}),
        ));
        only(
            &run(text, json!({"body": "x".repeat(4097)})),
            "p.body",
            "The p.body may not be greater than 4096 characters.",
        );
        only(
            &run(text, json!({"body": ""})),
            "p.body",
            "The p.body field is required.",
        );
        only(
            &run(text, json!({})),
            "p.body",
            "The p.body field is required.",
        );
        only(&run(text, json!("hi")), "p", "The p must be an object.");
    }

    #[test]
    fn text_preview_url_is_a_boolean() {
        only(
            &run(text, json!({"body": "x", "preview_url": "yes"})),
            "p.preview_url",
            "The p.preview_url field must be true or false.",
        );
    }

    #[test]
    fn location_bounds() {
        passes(&run(location, json!({"latitude": 90, "longitude": -180})));
        passes(&run(
            location,
            json!({"latitude": "-90", "longitude": "180.0", "name": "x", "address": "y"}),
        ));
        only(
            &run(location, json!({"latitude": 91, "longitude": 0})),
            "p.latitude",
            "The p.latitude must be between -90 and 90.",
        );
        only(
            &run(location, json!({"latitude": 0, "longitude": "-180.5"})),
            "p.longitude",
            "The p.longitude must be between -180 and 180.",
        );
        let errors = run(location, json!({"name": 3}));
        fails(&errors, "p.latitude", "The p.latitude field is required.");
        fails(&errors, "p.longitude", "The p.longitude field is required.");
        fails(&errors, "p.name", "The p.name must be a string.");
    }

    #[test]
    fn contacts_entries() {
        passes(&run(
            contacts,
            json!([{"name": "A", "phone": "not checked as a number"}]),
        ));
        only(
            &run(contacts, json!([])),
            "p",
            "The p must have at least 1 item.",
        );
        only(
            &run(contacts, json!({"name": "A", "phone": "1"})),
            "p",
            "The p must be an array.",
        );
        let errors = run(
            contacts,
            json!([{"name": "A", "phone": "1"}, {"name": " "}, 7]),
        );
        fails(&errors, "p.1.name", "The p.1.name field is required.");
        fails(&errors, "p.1.phone", "The p.1.phone field is required.");
        fails(&errors, "p.2", "The p.2 must be an object.");
        assert_eq!(errors.fields().len(), 3);
    }

    #[test]
    fn reactions_may_have_an_empty_emoji() {
        let check = |value: Value| {
            let mut errors = FieldErrors::new();
            reaction(&mut errors, Some(&value), "p", "id");
            errors
        };
        passes(&check(json!({"id": "wamid.1", "emoji": ""})));
        passes(&check(json!({"id": "wamid.1", "emoji": "😁"})));
        let errors = check(json!({"id": " "}));
        fails(&errors, "p.id", "The p.id field is required.");
        fails(&errors, "p.emoji", "The p.emoji field is required.");
        only(
            &check(json!({"id": "w", "emoji": 1})),
            "p.emoji",
            "The p.emoji must be a string.",
        );
    }
}
