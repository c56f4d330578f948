//! Tests of the template review, one per rejection rule and the approvals beside them.

use serde_json::{Value, json};

use super::*;
use crate::rules::testing::{template_body, with, without};

fn body(text: &str, examples: Value) -> Value {
    json!({"name": "t", "components": [{"type": "BODY", "text": text, "example": {"body_text": [examples]}}]})
}

fn rejected(template: &Value, reason: &str) {
    assert_eq!(review(template), Err(format!("INVALID_FORMAT: {reason}")));
}

fn with_buttons(buttons: Value) -> Value {
    with(
        body("Hi", json!([])),
        "/components/1",
        json!({"type": "BUTTONS", "buttons": buttons}),
    )
}

#[test]
fn a_well_formed_template_is_approved() {
    assert_eq!(review(&template_body()), Ok(()));
    assert_eq!(
        review(&json!({"name": "hello_world", "components": [{"type": "BODY", "text": "Hello"}]})),
        Ok(())
    );
}

#[test]
fn reject_names_are_rejected() {
    rejected(
        &with(template_body(), "/name", json!("reject_me")),
        "the sandbox rejects every template whose name starts with reject_",
    );
    assert_eq!(
        review(&with(template_body(), "/name", json!("do_not_reject_me"))),
        Ok(())
    );
}

#[test]
fn body_variables_are_numbered_from_one_without_gaps() {
    assert_eq!(
        review(&body("{{2}} {{1}} {{2}}", json!(["a", "b"]))),
        Ok(())
    );
    rejected(
        &body("{{1}} {{3}}", json!(["a", "b"])),
        "the body's variables must be numbered from {{1}} without gaps, found {{1}}, {{3}}",
    );
    rejected(
        &body("{{2}}", json!(["a"])),
        "the body's variables must be numbered from {{1}} without gaps, found {{2}}",
    );
    for (text, inside) in [("Hi {{name}}", "name"), ("{{0}}", "0"), ("{{ 1 }}", " 1 ")] {
        rejected(
            &body(text, json!(["a"])),
            &format!(
                "the body has a malformed variable {{{{{inside}}}}}; use {{{{1}}}}, {{{{2}}}}, ..."
            ),
        );
    }
}

#[test]
fn body_variables_need_as_many_examples() {
    let reason = "the body has 2 variables but example.body_text[0] does not give 2 values";
    rejected(&body("{{1}} {{2}}", json!(["a"])), reason);
    rejected(&body("{{1}} {{2}}", json!(["a", "b", "c"])), reason);
    rejected(
        &without(body("{{1}} {{2}}", json!([])), "/components/0/example"),
        reason,
    );
    rejected(
        &with(
            body("{{1}} {{2}}", json!([])),
            "/components/0/example/body_text",
            json!([]),
        ),
        reason,
    );
    rejected(
        &with(
            body("{{1}} {{2}}", json!([])),
            "/components/0/example/body_text",
            json!(["a", "b"]),
        ),
        reason,
    );
    // No variables, no example needed.
    assert_eq!(
        review(&without(body("Hi", json!([])), "/components/0/example")),
        Ok(())
    );
}

#[test]
fn a_text_header_has_at_most_a_single_one() {
    let header = |text: &str| with(template_body(), "/components/0/text", json!(text));
    assert_eq!(review(&header("Order")), Ok(()));
    let reason = "a TEXT header may have one variable only, written {{1}}";
    rejected(&header("{{2}}"), reason);
    rejected(&header("{{1}} {{1}}"), reason);
    rejected(&header("{{1}} {{2}}"), reason);
    rejected(&header("{{order}}"), reason);
    // A media header's text is not a TEXT header's.
    let image = with(
        template_body(),
        "/components/0",
        json!({"type": "HEADER", "format": "IMAGE", "text": "{{7}}"}),
    );
    assert_eq!(review(&image), Ok(()));
}

#[test]
fn a_header_variable_needs_an_example() {
    let reason = "the header's {{1}} needs example.header_text with 1 value";
    rejected(&without(template_body(), "/components/0/example"), reason);
    rejected(
        &with(
            template_body(),
            "/components/0/example/header_text",
            json!(["a", "b"]),
        ),
        reason,
    );
    rejected(
        &with(
            template_body(),
            "/components/0/example/header_text",
            json!("a"),
        ),
        reason,
    );
}

#[test]
fn a_url_variable_needs_an_example() {
    rejected(
        &without(template_body(), "/components/3/buttons/1/example"),
        "URL button 1 has {{1}} in its url but no example",
    );
    let fixed = with(
        template_body(),
        "/components/3/buttons/1/url",
        json!("https://example.com/track"),
    );
    assert_eq!(
        review(&without(fixed, "/components/3/buttons/1/example")),
        Ok(())
    );
}

#[test]
fn button_limits() {
    let quick = json!({"type": "QUICK_REPLY", "text": "q"});
    assert_eq!(
        review(&with_buttons(Value::Array(vec![quick.clone(); 10]))),
        Ok(())
    );
    rejected(
        &with_buttons(Value::Array(vec![quick; 11])),
        "11 buttons in all, at most 10 allowed",
    );
    for (kind, max, extra) in [
        ("URL", 2, json!({"url": "https://example.com"})),
        ("PHONE_NUMBER", 1, json!({"phone_number": "+6221555"})),
        ("COPY_CODE", 1, json!({"example": "X"})),
    ] {
        let mut button = extra;
        button["type"] = json!(kind);
        button["text"] = json!("b");
        assert_eq!(
            review(&with_buttons(Value::Array(vec![button.clone(); max]))),
            Ok(())
        );
        rejected(
            &with_buttons(Value::Array(vec![button; max + 1])),
            &format!("{} {kind} buttons, at most {max} allowed", max + 1),
        );
    }
}

#[test]
fn any_json_is_reviewed_without_failing() {
    for odd in [
        json!(null),
        json!([]),
        json!({"components": "x"}),
        json!({"components": [1, {"type": 2}]}),
    ] {
        assert_eq!(review(&odd), Ok(()));
    }
}
