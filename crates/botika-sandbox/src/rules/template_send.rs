//! The shape of a template send (`template` on `/messages` and `/broadcasts`, contract 4.2); its
//! fit with the stored template is [`super::template_fit`]'s.

use serde_json::Value;

use super::FieldErrors;
use super::check::{Need, array, at, choice, get, object, positive_integer, string};
use super::media_object::typed_header;

/// The button types a send gives a value for.
pub(super) const BUTTON_TYPES: [&str; 3] = ["QUICK_REPLY", "URL", "COPY_CODE"];

/// Where a template is sent from: `param.header` is an object on `/messages` and an array on
/// `/broadcasts`, and `param` is required only on `/broadcasts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Endpoint {
    /// `POST /messages`.
    Messages,
    /// `POST /broadcasts`.
    Broadcasts,
}

/// Checks the required template object at `path`: `name`, `language` (a string or `{"code"}`) and
/// `param`.
pub(super) fn template(
    errors: &mut FieldErrors,
    value: Option<&Value>,
    path: &str,
    endpoint: Endpoint,
) {
    let Some(template) = object(errors, value, path, true) else {
        return;
    };
    string(
        errors,
        get(template, "name"),
        &at(path, "name"),
        Need::Required,
        None,
    );
    let language_path = at(path, "language");
    match get(template, "language") {
        Some(language) if language.is_object() => {
            string(
                errors,
                get(language, "code"),
                &at(&language_path, "code"),
                Need::Required,
                None,
            );
        }
        language => {
            string(errors, language, &language_path, Need::Required, None);
        }
    }
    let param_path = at(path, "param");
    let param_required = endpoint == Endpoint::Broadcasts;
    let Some(param) = object(errors, get(template, "param"), &param_path, param_required) else {
        return;
    };
    let header_path = at(&param_path, "header");
    match endpoint {
        Endpoint::Messages => {
            if let Some(header) = get(param, "header") {
                typed_header(errors, Some(header), &header_path, None);
            }
        }
        Endpoint::Broadcasts => {
            for (index, header) in array(errors, get(param, "header"), &header_path, false, 0, None)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                typed_header(errors, Some(header), &at(&header_path, index), None);
            }
        }
    }
    let body_path = at(&param_path, "body");
    for (index, value) in array(errors, get(param, "body"), &body_path, false, 0, None)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        string(
            errors,
            Some(value),
            &at(&body_path, index),
            Need::Present,
            None,
        );
    }
    let button_path = at(&param_path, "button");
    for (index, button) in array(errors, get(param, "button"), &button_path, false, 0, None)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let path = at(&button_path, index);
        if let Some(button) = object(errors, Some(button), &path, true) {
            choice(
                errors,
                get(button, "type"),
                &at(&path, "type"),
                &BUTTON_TYPES,
                true,
            );
            string(
                errors,
                get(button, "value"),
                &at(&path, "value"),
                Need::Present,
                None,
            );
        }
    }
    let offer_path = at(&param_path, "limited_time_offer");
    if let Some(offer) = object(errors, get(param, "limited_time_offer"), &offer_path, false) {
        let time_path = at(&offer_path, "expiration_time");
        positive_integer(errors, get(offer, "expiration_time"), &time_path, true);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::testing::{broadcast_body, fails, only, passes, with, without};

    fn check(value: Value, endpoint: Endpoint) -> FieldErrors {
        let mut errors = FieldErrors::new();
        template(&mut errors, Some(&value), "template", endpoint);
        errors
    }

    fn on_messages() -> Value {
        json!({
            "name": "order_update",
            "language": "en_US",
            "param": {
                "header": {"type": "image", "image": {"link": "https://example.com/a.png"}},
                "body": ["Budi", ""],
                "button": [{"type": "URL", "value": "A-17"}, {"type": "COPY_CODE", "value": "SAVE10"}],
                "limited_time_offer": {"expiration_time": 1},
            },
        })
    }

    fn on_broadcasts() -> Value {
        broadcast_body()
            .get("template")
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn valid_sends_pass() {
        passes(&check(on_messages(), Endpoint::Messages));
        passes(&check(
            json!({"name": "hello_world", "language": {"code": "en_US"}}),
            Endpoint::Messages,
        ));
        passes(&check(on_broadcasts(), Endpoint::Broadcasts));
        passes(&check(
            with(on_broadcasts(), "/param", json!({})),
            Endpoint::Broadcasts,
        ));
    }

    #[test]
    fn name_and_language() {
        let errors = check(
            json!({"name": " ", "language": {"code": ""}}),
            Endpoint::Messages,
        );
        fails(
            &errors,
            "template.name",
            "The template.name field is required.",
        );
        fails(
            &errors,
            "template.language.code",
            "The template.language.code field is required.",
        );
        assert_eq!(errors.fields().len(), 2);
        only(
            &check(json!({"name": "a"}), Endpoint::Messages),
            "template.language",
            "The template.language field is required.",
        );
        only(
            &check(json!({"name": "a", "language": 5}), Endpoint::Messages),
            "template.language",
            "The template.language must be a string.",
        );
        only(
            &check(json!("hello_world"), Endpoint::Messages),
            "template",
            "The template must be an object.",
        );
    }

    #[test]
    fn param_is_required_only_on_broadcasts() {
        passes(&check(without(on_messages(), "/param"), Endpoint::Messages));
        only(
            &check(without(on_broadcasts(), "/param"), Endpoint::Broadcasts),
            "template.param",
            "The template.param field is required.",
        );
        only(
            &check(with(on_messages(), "/param", json!([])), Endpoint::Messages),
            "template.param",
            "The template.param must be an object.",
        );
    }

    #[test]
    fn the_header_is_an_object_on_messages_and_an_array_on_broadcasts() {
        let header = json!({"type": "text", "text": "Halo"});
        passes(&check(
            with(on_messages(), "/param/header", header.clone()),
            Endpoint::Messages,
        ));
        only(
            &check(
                with(on_broadcasts(), "/param/header", header.clone()),
                Endpoint::Broadcasts,
            ),
            "template.param.header",
            "The template.param.header must be an array.",
        );
        only(
            &check(
                with(on_messages(), "/param/header", json!([header])),
                Endpoint::Messages,
            ),
            "template.param.header",
            "The template.param.header must be an object.",
        );
    }

    #[test]
    fn header_parameters() {
        only(
            &check(
                with(
                    on_messages(),
                    "/param/header",
                    json!({"type": "text", "text": ""}),
                ),
                Endpoint::Messages,
            ),
            "template.param.header.text",
            "The template.param.header.text field is required.",
        );
        only(
            &check(
                with(on_messages(), "/param/header", json!({"type": "location"})),
                Endpoint::Messages,
            ),
            "template.param.header.type",
            "The selected template.param.header.type is invalid.",
        );
        only(
            &check(
                with(on_broadcasts(), "/param/header/0", json!({"type": "video"})),
                Endpoint::Broadcasts,
            ),
            "template.param.header.0.video",
            "The template.param.header.0.video field is required.",
        );
        // Long header values are the template's to limit, not the send's.
        passes(&check(
            with(
                on_messages(),
                "/param/header",
                json!({"type": "text", "text": "x".repeat(500)}),
            ),
            Endpoint::Messages,
        ));
    }

    #[test]
    fn body_values_are_strings() {
        only(
            &check(
                with(on_messages(), "/param/body", json!("Budi")),
                Endpoint::Messages,
            ),
            "template.param.body",
            "The template.param.body must be an array.",
        );
        only(
            &check(
                with(on_messages(), "/param/body/1", json!(3)),
                Endpoint::Messages,
            ),
            "template.param.body.1",
            "The template.param.body.1 must be a string.",
        );
    }

    #[test]
    fn buttons() {
        let errors = check(
            with(
                on_messages(),
                "/param/button/1",
                json!({"type": "PHONE_NUMBER"}),
            ),
            Endpoint::Messages,
        );
        fails(
            &errors,
            "template.param.button.1.type",
            "The selected template.param.button.1.type is invalid.",
        );
        fails(
            &errors,
            "template.param.button.1.value",
            "The template.param.button.1.value field is required.",
        );
        assert_eq!(errors.fields().len(), 2);
        only(
            &check(
                with(on_messages(), "/param/button/0/type", json!("url")),
                Endpoint::Messages,
            ),
            "template.param.button.0.type",
            "The selected template.param.button.0.type is invalid.",
        );
        only(
            &check(
                with(on_messages(), "/param/button/0/value", json!(7)),
                Endpoint::Messages,
            ),
            "template.param.button.0.value",
            "The template.param.button.0.value must be a string.",
        );
        only(
            &check(
                with(on_messages(), "/param/button/0", json!("URL")),
                Endpoint::Messages,
            ),
            "template.param.button.0",
            "The template.param.button.0 must be an object.",
        );
    }

    #[test]
    fn limited_time_offer() {
        let offer = |v: Value| {
            check(
                with(
                    on_messages(),
                    "/param/limited_time_offer",
                    json!({"expiration_time": v}),
                ),
                Endpoint::Messages,
            )
        };
        const PATH: &str = "template.param.limited_time_offer.expiration_time";
        passes(&offer(json!(1_767_225_600_000_u64)));
        only(
            &offer(json!(0)),
            PATH,
            "The template.param.limited_time_offer.expiration_time must be greater than 0.",
        );
        only(
            &offer(json!(-1)),
            PATH,
            "The template.param.limited_time_offer.expiration_time must be greater than 0.",
        );
        only(
            &offer(json!(1.5)),
            PATH,
            "The template.param.limited_time_offer.expiration_time must be an integer.",
        );
        only(
            &offer(json!("1767225600000")),
            PATH,
            "The template.param.limited_time_offer.expiration_time must be an integer.",
        );
        only(
            &offer(json!(null)),
            PATH,
            "The template.param.limited_time_offer.expiration_time field is required.",
        );
    }
}
