//! Tests of template creation and update.

use serde_json::{Value, json};

use super::*;
use crate::rules::testing::{fails, only, passes, template_body, with, without};

fn body_only() -> Value {
    json!({"name": "hello", "language": "en_US", "category": "MARKETING", "components": [{"type": "BODY", "text": "Hi"}]})
}

#[test]
fn valid_templates_pass() {
    passes(&create(&template_body()));
    passes(&create(&body_only()));
    for category in CATEGORIES {
        passes(&create(&with(body_only(), "/category", json!(category))));
    }
}

#[test]
fn name_characters_and_length() {
    passes(&create(&with(body_only(), "/name", json!("a".repeat(512)))));
    passes(&create(&with(
        body_only(),
        "/name",
        json!("order_2_update"),
    )));
    only(
        &create(&with(body_only(), "/name", json!("a".repeat(513)))),
        "name",
        "The name may not be greater than 512 characters.",
    );
    for bad in ["Hello", "hello world", "hello-world", "héllo", "hello!"] {
        only(
            &create(&with(body_only(), "/name", json!(bad))),
            "name",
            "The name may only contain lowercase letters, digits and underscores.",
        );
    }
    only(
        &create(&without(body_only(), "/name")),
        "name",
        "The name field is required.",
    );
}

#[test]
fn language_and_category() {
    only(
        &create(&with(body_only(), "/language", json!(""))),
        "language",
        "The language field is required.",
    );
    only(
        &create(&with(body_only(), "/category", json!("marketing"))),
        "category",
        "The selected category is invalid.",
    );
    only(
        &create(&without(body_only(), "/category")),
        "category",
        "The category field is required.",
    );
}

#[test]
fn components_need_exactly_one_body() {
    only(
        &create(&with(body_only(), "/components", json!([]))),
        "components",
        "The components must contain a BODY component.",
    );
    only(
        &create(&with(
            body_only(),
            "/components",
            json!([{"type": "FOOTER", "text": "f"}]),
        )),
        "components",
        "The components must contain a BODY component.",
    );
    only(
        &create(&with(
            body_only(),
            "/components/1",
            json!({"type": "BODY", "text": "again"}),
        )),
        "components.1.type",
        "The components.1.type field has a duplicate value.",
    );
    only(
        &create(&without(body_only(), "/components")),
        "components",
        "The components field is required.",
    );
    only(
        &create(&with(body_only(), "/components", json!({}))),
        "components",
        "The components must be an array.",
    );
}

#[test]
fn other_components_at_most_once() {
    for component in [
        json!({"type": "HEADER", "format": "IMAGE"}),
        json!({"type": "FOOTER", "text": "f"}),
        json!({"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "q"}]}),
        json!({"type": "LIMITED_TIME_OFFER"}),
    ] {
        let once = with(body_only(), "/components/1", component.clone());
        passes(&create(&once));
        only(
            &create(&with(once, "/components/2", component)),
            "components.2.type",
            "The components.2.type field has a duplicate value.",
        );
    }
}

#[test]
fn component_types_are_upper_case() {
    let errors = create(&with(body_only(), "/components/0/type", json!("body")));
    fails(
        &errors,
        "components.0.type",
        "The selected components.0.type is invalid.",
    );
    fails(
        &errors,
        "components",
        "The components must contain a BODY component.",
    );
    assert_eq!(errors.fields().len(), 2);
}

#[test]
fn header_format_and_text() {
    let header = |h: Value| create(&with(body_only(), "/components/1", h));
    for format in HEADER_FORMATS.into_iter().filter(|f| *f != "TEXT") {
        passes(&header(json!({"type": "HEADER", "format": format})));
    }
    passes(&header(
        json!({"type": "HEADER", "format": "TEXT", "text": "h".repeat(60)}),
    ));
    only(
        &header(json!({"type": "HEADER", "format": "TEXT", "text": "h".repeat(61)})),
        "components.1.text",
        "The components.1.text may not be greater than 60 characters.",
    );
    only(
        &header(json!({"type": "HEADER", "format": "TEXT"})),
        "components.1.text",
        "The components.1.text field is required.",
    );
    only(
        &header(json!({"type": "HEADER", "format": "AUDIO"})),
        "components.1.format",
        "The selected components.1.format is invalid.",
    );
    only(
        &header(json!({"type": "HEADER"})),
        "components.1.format",
        "The components.1.format field is required.",
    );
}

#[test]
fn body_and_footer_text() {
    let body = |n: usize| {
        create(&with(
            body_only(),
            "/components/0/text",
            json!("b".repeat(n)),
        ))
    };
    passes(&body(1024));
    only(
        &body(1025),
        "components.0.text",
        "The components.0.text may not be greater than 1024 characters.",
    );
    only(
        &body(0),
        "components.0.text",
        "The components.0.text field is required.",
    );
    let footer = |n: usize| {
        create(&with(
            body_only(),
            "/components/1",
            json!({"type": "FOOTER", "text": "f".repeat(n)}),
        ))
    };
    passes(&footer(60));
    only(
        &footer(61),
        "components.1.text",
        "The components.1.text may not be greater than 60 characters.",
    );
    only(
        &footer(0),
        "components.1.text",
        "The components.1.text field is required.",
    );
}

#[test]
fn buttons_need_their_fields() {
    let buttons = |b: Value| {
        create(&with(
            body_only(),
            "/components/1",
            json!({"type": "BUTTONS", "buttons": b}),
        ))
    };
    only(
        &buttons(json!([])),
        "components.1.buttons",
        "The components.1.buttons must have at least 1 item.",
    );
    only(
        &buttons(json!([{"type": "FLOW", "text": "x"}])),
        "components.1.buttons.0.type",
        "The selected components.1.buttons.0.type is invalid.",
    );
    passes(&buttons(
        json!([{"type": "QUICK_REPLY", "text": "q".repeat(25)}]),
    ));
    only(
        &buttons(json!([{"type": "QUICK_REPLY", "text": "q".repeat(26)}])),
        "components.1.buttons.0.text",
        "The components.1.buttons.0.text may not be greater than 25 characters.",
    );
    only(
        &buttons(json!([{"type": "QUICK_REPLY"}])),
        "components.1.buttons.0.text",
        "The components.1.buttons.0.text field is required.",
    );
    only(
        &buttons(json!([{"type": "URL", "text": "u"}])),
        "components.1.buttons.0.url",
        "The components.1.buttons.0.url field is required.",
    );
    only(
        &buttons(json!([{"type": "PHONE_NUMBER", "text": "p", "phone_number": ""}])),
        "components.1.buttons.0.phone_number",
        "The components.1.buttons.0.phone_number field is required.",
    );
    passes(&buttons(
        json!([{"type": "COPY_CODE", "example": "SAVE10"}]),
    ));
    passes(&buttons(
        json!([{"type": "COPY_CODE", "example": ["SAVE10"]}]),
    ));
    only(
        &buttons(json!([{"type": "COPY_CODE", "example": " "}])),
        "components.1.buttons.0.example",
        "The components.1.buttons.0.example field is required.",
    );
    only(
        &buttons(json!([{"type": "COPY_CODE", "text": "", "example": "X"}])),
        "components.1.buttons.0.text",
        "The components.1.buttons.0.text field must have a value.",
    );
    only(
        &buttons(json!(["QUICK_REPLY"])),
        "components.1.buttons.0",
        "The components.1.buttons.0 must be an object.",
    );
}

#[test]
fn offer_expiration_is_a_boolean() {
    let offer = |o: Value| {
        create(&with(
            body_only(),
            "/components/1",
            json!({"type": "LIMITED_TIME_OFFER", "limited_time_offer": o}),
        ))
    };
    passes(&offer(json!({"text": "Deal", "has_expiration": true})));
    only(
        &offer(json!({"has_expiration": "yes"})),
        "components.1.limited_time_offer.has_expiration",
        "The components.1.limited_time_offer.has_expiration field must be true or false.",
    );
    only(
        &offer(json!(true)),
        "components.1.limited_time_offer",
        "The components.1.limited_time_offer must be an object.",
    );
}

#[test]
fn every_failure_of_a_creation_is_reported() {
    let errors = create(
        &json!({"name": "Bad Name", "category": "OTHER", "components": [{"type": "HEADER", "format": "TEXT"}, 5]}),
    );
    fails(
        &errors,
        "name",
        "The name may only contain lowercase letters, digits and underscores.",
    );
    fails(&errors, "language", "The language field is required.");
    fails(&errors, "category", "The selected category is invalid.");
    fails(
        &errors,
        "components.0.text",
        "The components.0.text field is required.",
    );
    fails(
        &errors,
        "components.1",
        "The components.1 must be an object.",
    );
    fails(
        &errors,
        "components",
        "The components must contain a BODY component.",
    );
    assert_eq!(errors.fields().len(), 6);
    let errors = create(&json!(null));
    assert_eq!(errors.fields().len(), 4);
}

#[test]
fn updates_need_category_or_components() {
    let errors = update(&json!({}));
    fails(
        &errors,
        "category",
        "The category field is required when components is not present.",
    );
    fails(
        &errors,
        "components",
        "The components field is required when category is not present.",
    );
    assert_eq!(errors.fields().len(), 2);
    passes(&update(&json!({"category": "UTILITY"})));
    passes(&update(
        &json!({"components": [{"type": "BODY", "text": "Hi {{1}}"}]}),
    ));
    only(
        &update(&json!({"category": "utility"})),
        "category",
        "The selected category is invalid.",
    );
    only(
        &update(&json!({"components": []})),
        "components",
        "The components must contain a BODY component.",
    );
    // The name and language of a template cannot change: an update ignores them.
    passes(&update(
        &json!({"name": "Not Valid", "category": "MARKETING"}),
    ));
}
