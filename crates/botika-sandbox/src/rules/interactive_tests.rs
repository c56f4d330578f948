//! Tests of the interactive rules, one per rule, both sides of every bound.

use serde_json::{Value, json};

use super::*;
use crate::rules::testing::{fails, interactive_of, only, passes, with, without};

fn check(value: Value) -> FieldErrors {
    let mut errors = FieldErrors::new();
    interactive(&mut errors, Some(&value));
    errors
}

fn buttons(n: usize) -> Value {
    (0..n).map(|i| json!({"type": "reply", "reply": {"id": format!("b{i}"), "title": format!("B{i}")}})).collect()
}

#[test]
fn every_type_passes() {
    for kind in KINDS {
        passes(&check(interactive_of(kind)));
    }
}

#[test]
fn the_type() {
    only(
        &check(with(interactive_of("button"), "/type", json!("cta_url"))),
        "interactive.type",
        "The selected interactive.type is invalid.",
    );
    let errors = check(json!({}));
    only(
        &errors,
        "interactive.type",
        "The interactive.type field is required.",
    );
    only(
        &check(json!([])),
        "interactive",
        "The interactive must be an object.",
    );
}

#[test]
fn with_an_unknown_type_the_parts_are_still_checked() {
    let message =
        json!({"type": "carousel", "body": {"text": ""}, "footer": {"text": "x".repeat(61)}});
    let errors = check(message);
    fails(
        &errors,
        "interactive.type",
        "The selected interactive.type is invalid.",
    );
    fails(
        &errors,
        "interactive.body.text",
        "The interactive.body.text field is required.",
    );
    fails(
        &errors,
        "interactive.footer.text",
        "The interactive.footer.text may not be greater than 60 characters.",
    );
    assert_eq!(errors.fields().len(), 3);
}

#[test]
fn header_is_forbidden_on_product() {
    let message = with(
        interactive_of("product"),
        "/header",
        json!({"type": "text", "text": "x"}),
    );
    only(
        &check(message),
        "interactive.header",
        "The interactive.header field is prohibited when interactive.type is product.",
    );
}

#[test]
fn header_is_required_on_product_list() {
    only(
        &check(without(interactive_of("product_list"), "/header")),
        "interactive.header",
        "The interactive.header field is required when interactive.type is product_list.",
    );
}

#[test]
fn list_headers_are_text() {
    for kind in ["list", "product_list"] {
        let message = with(
            interactive_of(kind),
            "/header",
            json!({"type": "video", "video": {"id": "m"}}),
        );
        only(
            &check(message),
            "interactive.header.type",
            &format!("The interactive.header.type must be text when interactive.type is {kind}."),
        );
    }
    let message = with(
        interactive_of("button"),
        "/header",
        json!({"type": "document", "document": {"id": "m"}}),
    );
    passes(&check(message));
}

#[test]
fn header_text_and_media() {
    let text = |t: &str| {
        with(
            interactive_of("button"),
            "/header",
            json!({"type": "text", "text": t}),
        )
    };
    passes(&check(text(&"h".repeat(60))));
    only(
        &check(text(&"h".repeat(61))),
        "interactive.header.text",
        "The interactive.header.text may not be greater than 60 characters.",
    );
    only(
        &check(text("")),
        "interactive.header.text",
        "The interactive.header.text field is required.",
    );
    let media = with(
        interactive_of("button"),
        "/header",
        json!({"type": "image", "image": {"link": "ftp://x"}}),
    );
    only(
        &check(media),
        "interactive.header.image.link",
        "The interactive.header.image.link must be a valid http:// or https:// URL.",
    );
}

#[test]
fn body_is_required_except_on_product() {
    for kind in ["button", "list", "product_list"] {
        only(
            &check(without(interactive_of(kind), "/body")),
            "interactive.body",
            "The interactive.body field is required.",
        );
    }
    passes(&check(with(
        interactive_of("product"),
        "/body",
        json!({"text": "Nice shoes"}),
    )));
    only(
        &check(with(interactive_of("product"), "/body", json!({}))),
        "interactive.body.text",
        "The interactive.body.text field is required.",
    );
}

#[test]
fn body_text_length() {
    let body = |n: usize| {
        with(
            interactive_of("list"),
            "/body",
            json!({"text": "b".repeat(n)}),
        )
    };
    passes(&check(body(1024)));
    only(
        &check(body(1025)),
        "interactive.body.text",
        "The interactive.body.text may not be greater than 1024 characters.",
    );
    only(
        &check(body(0)),
        "interactive.body.text",
        "The interactive.body.text field is required.",
    );
}

#[test]
fn footer_text_length() {
    let footer = |n: usize| {
        with(
            interactive_of("product"),
            "/footer",
            json!({"text": "f".repeat(n)}),
        )
    };
    passes(&check(footer(60)));
    only(
        &check(footer(61)),
        "interactive.footer.text",
        "The interactive.footer.text may not be greater than 60 characters.",
    );
    only(
        &check(footer(0)),
        "interactive.footer.text",
        "The interactive.footer.text field is required.",
    );
}

#[test]
fn action_is_required() {
    for kind in KINDS {
        only(
            &check(without(interactive_of(kind), "/action")),
            "interactive.action",
            "The interactive.action field is required.",
        );
    }
}

#[test]
fn one_to_three_buttons() {
    let message = |n: usize| with(interactive_of("button"), "/action/buttons", buttons(n));
    passes(&check(message(1)));
    passes(&check(message(3)));
    only(
        &check(message(4)),
        "interactive.action.buttons",
        "The interactive.action.buttons may not have more than 3 items.",
    );
    only(
        &check(message(0)),
        "interactive.action.buttons",
        "The interactive.action.buttons must have at least 1 item.",
    );
}

#[test]
fn a_fourth_button_is_still_checked() {
    let message = with(interactive_of("button"), "/action/buttons", buttons(4));
    let message = with(
        message,
        "/action/buttons/3/reply/title",
        json!("t".repeat(21)),
    );
    let errors = check(message);
    fails(
        &errors,
        "interactive.action.buttons",
        "The interactive.action.buttons may not have more than 3 items.",
    );
    fails(
        &errors,
        "interactive.action.buttons.3.reply.title",
        "The interactive.action.buttons.3.reply.title may not be greater than 20 characters.",
    );
}

#[test]
fn button_shape() {
    let button = |b: Value| with(interactive_of("button"), "/action/buttons/0", b);
    only(
        &check(button(
            json!({"type": "url", "reply": {"id": "a", "title": "A"}}),
        )),
        "interactive.action.buttons.0.type",
        "The selected interactive.action.buttons.0.type is invalid.",
    );
    only(
        &check(button(json!({"type": "reply"}))),
        "interactive.action.buttons.0.reply",
        "The interactive.action.buttons.0.reply field is required.",
    );
    only(
        &check(button(json!("yes"))),
        "interactive.action.buttons.0",
        "The interactive.action.buttons.0 must be an object.",
    );
}

#[test]
fn button_id_and_title_lengths() {
    let reply = |id: String, title: String| {
        with(
            interactive_of("button"),
            "/action/buttons/0/reply",
            json!({"id": id, "title": title}),
        )
    };
    passes(&check(reply("i".repeat(256), "t".repeat(20))));
    let errors = check(reply("i".repeat(257), "t".repeat(21)));
    fails(
        &errors,
        "interactive.action.buttons.0.reply.id",
        "The interactive.action.buttons.0.reply.id may not be greater than 256 characters.",
    );
    fails(
        &errors,
        "interactive.action.buttons.0.reply.title",
        "The interactive.action.buttons.0.reply.title may not be greater than 20 characters.",
    );
    let errors = check(reply(String::new(), " ".into()));
    fails(
        &errors,
        "interactive.action.buttons.0.reply.id",
        "The interactive.action.buttons.0.reply.id field is required.",
    );
    fails(
        &errors,
        "interactive.action.buttons.0.reply.title",
        "The interactive.action.buttons.0.reply.title field is required.",
    );
}

#[test]
fn button_ids_and_titles_are_unique() {
    let message = with(interactive_of("button"), "/action/buttons", buttons(3));
    let message = with(
        message,
        "/action/buttons/2/reply",
        json!({"id": "b0", "title": "B1"}),
    );
    let errors = check(message);
    fails(
        &errors,
        "interactive.action.buttons.2.reply.id",
        "The interactive.action.buttons.2.reply.id field has a duplicate value.",
    );
    fails(
        &errors,
        "interactive.action.buttons.2.reply.title",
        "The interactive.action.buttons.2.reply.title field has a duplicate value.",
    );
    assert_eq!(errors.fields().len(), 2);
}

#[test]
fn every_failure_is_reported() {
    let message = json!({
        "type": "list",
        "header": {"type": "image", "image": {"id": "m"}},
        "footer": {"text": ""},
        "action": {"button": "x".repeat(25), "sections": [{"rows": [{"id": "a", "title": "t"}, {"id": "a"}]}, {"rows": []}]},
    });
    let errors = check(message);
    for (path, message) in [
        (
            "interactive.header.type",
            "The interactive.header.type must be text when interactive.type is list.",
        ),
        (
            "interactive.body",
            "The interactive.body field is required.",
        ),
        (
            "interactive.footer.text",
            "The interactive.footer.text field is required.",
        ),
        (
            "interactive.action.button",
            "The interactive.action.button may not be greater than 24 characters.",
        ),
        (
            "interactive.action.sections.0.title",
            "The interactive.action.sections.0.title field is required when interactive.action.sections has more than 1 item.",
        ),
        (
            "interactive.action.sections.0.rows.1.title",
            "The interactive.action.sections.0.rows.1.title field is required.",
        ),
        (
            "interactive.action.sections.0.rows.1.id",
            "The interactive.action.sections.0.rows.1.id field has a duplicate value.",
        ),
        (
            "interactive.action.sections.1.title",
            "The interactive.action.sections.1.title field is required when interactive.action.sections has more than 1 item.",
        ),
        (
            "interactive.action.sections.1.rows",
            "The interactive.action.sections.1.rows must have at least 1 item.",
        ),
    ] {
        fails(&errors, path, message);
    }
    assert_eq!(errors.fields().len(), 9);
}

#[path = "interactive_list_tests.rs"]
mod lists;
