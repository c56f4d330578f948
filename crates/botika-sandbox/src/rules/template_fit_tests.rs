//! Tests of the check of a template send against the stored template.

use serde_json::{Value, json};

use super::*;
use crate::rules::testing::{fails, only, passes, template_body, with, without};

/// The stored form of the test template: header `{{1}}`, body `{{1}}` and `{{2}}`, buttons
/// QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, and an expiring offer.
fn stored() -> Value {
    let mut template = template_body();
    if let Some(fields) = template.as_object_mut() {
        fields.insert("id".into(), json!(7));
        fields.insert("status".into(), json!("APPROVED"));
    }
    template
}

/// A stored template with only these components.
fn stored_with(components: Value) -> Value {
    json!({"id": 1, "name": "t", "language": "en_US", "status": "APPROVED", "components": components})
}

fn param() -> Value {
    json!({
        "header": {"type": "text", "text": "A-17"},
        "body": ["Budi", "Monday"],
        "button": [
            {"type": "QUICK_REPLY", "value": "stop"},
            {"type": "URL", "value": "A-17"},
            {"type": "COPY_CODE", "value": "SAVE10"},
        ],
        "limited_time_offer": {"expiration_time": 1_767_225_600_000_u64},
    })
}

fn check(template: &Value, param: &Value) -> FieldErrors {
    fits(template, Some(param), "template", false)
}

#[test]
fn a_matching_send_passes() {
    passes(&check(&stored(), &param()));
    let mut on_broadcast = param();
    on_broadcast["header"] = json!([{"type": "text", "text": "A-17"}]);
    passes(&fits(&stored(), Some(&on_broadcast), "template", true));
}

#[test]
fn a_template_without_variables_takes_no_param() {
    let hello = stored_with(json!([{"type": "BODY", "text": "Hello World"}]));
    passes(&fits(&hello, None, "template", false));
    passes(&check(&hello, &json!({"body": []})));
    passes(&fits(
        &hello,
        Some(&json!({"header": []})),
        "template",
        true,
    ));
    only(
        &check(&hello, &json!({"body": ["x"]})),
        "template.param.body",
        "The template's body has 0 variables, 1 value given.",
    );
}

#[test]
fn body_values_match_distinct_variables() {
    only(
        &check(&stored(), &with(param(), "/body", json!(["Budi"]))),
        "template.param.body",
        "The template's body has 2 variables, 1 value given.",
    );
    let no_body = without(param(), "/body");
    only(
        &check(&stored(), &no_body),
        "template.param.body",
        "The template's body has 2 variables, 0 values given.",
    );
    let repeated = stored_with(json!([{"type": "BODY", "text": "{{1}} and {{1}}"}]));
    passes(&check(&repeated, &json!({"body": ["x"]})));
}

#[test]
fn a_text_header_with_a_variable_needs_a_text_parameter() {
    let no_header = without(param(), "/header");
    only(
        &check(&stored(), &no_header),
        "template.param.header",
        "The template's header needs a parameter of type text.",
    );
    only(
        &check(
            &stored(),
            &with(
                param(),
                "/header",
                json!({"type": "image", "image": {"id": "m"}}),
            ),
        ),
        "template.param.header",
        "The template's header needs a parameter of type text, image given.",
    );
}

#[test]
fn a_header_without_a_variable_takes_none() {
    for header in [
        json!({"type": "HEADER", "format": "TEXT", "text": "Hi"}),
        json!({"type": "HEADER", "format": "LOCATION"}),
    ] {
        let template = stored_with(json!([header, {"type": "BODY", "text": "x"}]));
        passes(&fits(&template, None, "template", false));
        only(
            &check(&template, &json!({"header": {"type": "text", "text": "x"}})),
            "template.param.header",
            "The template's header takes no parameter.",
        );
    }
}

#[test]
fn a_media_header_needs_that_kind() {
    for kind in ["IMAGE", "VIDEO", "DOCUMENT"] {
        let template =
            stored_with(json!([{"type": "HEADER", "format": kind}, {"type": "BODY", "text": "x"}]));
        let lower = kind.to_ascii_lowercase();
        passes(&check(
            &template,
            &json!({"header": {"type": lower, lower.clone(): {"id": "m"}}}),
        ));
        only(
            &fits(&template, Some(&json!({})), "template", false),
            "template.param.header",
            &format!("The template's header needs a parameter of type {lower}."),
        );
    }
}

#[test]
fn broadcast_headers_hold_at_most_one() {
    let header = json!({"type": "text", "text": "A"});
    only(
        &fits(
            &stored(),
            Some(&with(param(), "/header", json!([header, header]))),
            "template",
            true,
        ),
        "template.param.header",
        "The template's header takes at most 1 parameter, 2 given.",
    );
    only(
        &fits(
            &stored(),
            Some(&with(param(), "/header", json!([]))),
            "template",
            true,
        ),
        "template.param.header",
        "The template's header needs a parameter of type text.",
    );
}

#[test]
fn one_button_value_per_valued_button() {
    let errors = check(
        &stored(),
        &with(
            param(),
            "/button",
            json!([{"type": "QUICK_REPLY", "value": "stop"}]),
        ),
    );
    only(
        &errors,
        "template.param.button",
        "The template has 3 buttons that take a value (QUICK_REPLY, URL, COPY_CODE), 1 given.",
    );
    let hello = stored_with(json!([{"type": "BODY", "text": "x"}]));
    only(
        &check(&hello, &json!({"button": [{"type": "URL", "value": "x"}]})),
        "template.param.button",
        "The template has 0 buttons that take a value, 1 given.",
    );
}

#[test]
fn phone_buttons_take_no_value() {
    let template = stored_with(json!([
        {"type": "BODY", "text": "x"},
        {"type": "BUTTONS", "buttons": [{"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+6221555"}]},
    ]));
    passes(&check(&template, &json!({})));
}

#[test]
fn button_values_follow_the_template_order() {
    let swapped = with(
        param(),
        "/button/1",
        json!({"type": "COPY_CODE", "value": "SAVE10"}),
    );
    let swapped = with(
        swapped,
        "/button/2",
        json!({"type": "URL", "value": "A-17"}),
    );
    let errors = check(&stored(), &swapped);
    fails(
        &errors,
        "template.param.button.1",
        "The template.param.button.1 must be of type URL to match the template's buttons, COPY_CODE given.",
    );
    fails(
        &errors,
        "template.param.button.2",
        "The template.param.button.2 must be of type COPY_CODE to match the template's buttons, URL given.",
    );
    assert_eq!(errors.fields().len(), 2);
}

#[test]
fn an_expiring_offer_needs_a_time() {
    let no_offer = without(param(), "/limited_time_offer");
    only(
        &check(&stored(), &no_offer),
        "template.param.limited_time_offer",
        "The template.param.limited_time_offer field is required: the template's offer has an expiration.",
    );
    let lasting = stored_with(json!([
        {"type": "BODY", "text": "x"},
        {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": "Deal", "has_expiration": false}},
    ]));
    passes(&check(&lasting, &json!({})));
    passes(&check(
        &lasting,
        &json!({"limited_time_offer": {"expiration_time": 5}}),
    ));
}

#[test]
fn an_offer_without_one_in_the_template_is_refused() {
    let hello = stored_with(json!([{"type": "BODY", "text": "x"}]));
    only(
        &check(
            &hello,
            &json!({"limited_time_offer": {"expiration_time": 5}}),
        ),
        "template.param.limited_time_offer",
        "The template.param.limited_time_offer field is prohibited: the template has no limited-time offer.",
    );
}

#[test]
fn every_mismatch_is_reported_under_the_prefix() {
    let errors = fits(
        &stored(),
        Some(&json!({"button": [{"type": "URL", "value": "x"}]})),
        "tpl",
        false,
    );
    fails(
        &errors,
        "tpl.param.body",
        "The template's body has 2 variables, 0 values given.",
    );
    fails(
        &errors,
        "tpl.param.header",
        "The template's header needs a parameter of type text.",
    );
    fails(
        &errors,
        "tpl.param.button",
        "The template has 3 buttons that take a value (QUICK_REPLY, URL, COPY_CODE), 1 given.",
    );
    fails(
        &errors,
        "tpl.param.button.0",
        "The tpl.param.button.0 must be of type QUICK_REPLY to match the template's buttons, URL given.",
    );
    fails(
        &errors,
        "tpl.param.limited_time_offer",
        "The tpl.param.limited_time_offer field is required: the template's offer has an expiration.",
    );
    assert_eq!(errors.fields().len(), 5);
}

#[test]
fn misshapen_parts_are_left_to_the_shape_check() {
    let odd = json!({"header": "text", "body": "Budi", "button": {"type": "URL"}, "limited_time_offer": {"expiration_time": 1}});
    passes(&check(&stored(), &odd));
    passes(&fits(&json!("not a template"), None, "template", false));
    passes(&fits(
        &stored_with(json!("not components")),
        None,
        "template",
        false,
    ));
}
