//! "A template send checked against the template": each component fits or is named.

use serde_json::{Value, json};

use super::field_errors;
use crate::messages::*;
use crate::templates::MessageTemplate;

fn template(components: Value) -> MessageTemplate {
    MessageTemplate::from_json(json!({
        "id": 7, "name": "promo", "language": "id", "category": "MARKETING", "status": "APPROVED",
        "components": components
    }))
    .unwrap()
}

fn full() -> MessageTemplate {
    template(json!([
        {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["h"]}},
        {"type": "BODY", "text": "Hi {{1}}, {{2}} off! Again {{1}}.", "example": {"body_text": [["Budi", "50%"]]}},
        {"type": "FOOTER", "text": "Botika"},
        {"type": "BUTTONS", "buttons": [
            {"type": "QUICK_REPLY", "text": "Stop"},
            {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+62 21 555"},
            {"type": "URL", "text": "Shop", "url": "https://e.com/{{1}}", "example": ["https://e.com/x"]},
            {"type": "COPY_CODE", "example": "HEMAT"}
        ]},
        {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": "Ends soon", "has_expiration": true}}
    ]))
}

fn fitting() -> TemplateMessage {
    TemplateMessage::new("promo", "id")
        .header_image(Image::from_id("IMG"))
        .body(["Budi", "50%"])
        .button(ButtonParam::quick_reply("stop"))
        .button(ButtonParam::url("x"))
        .button(ButtonParam::copy_code("HEMAT"))
        .limited_time_offer(1_700_000_000_000)
}

fn problems(send: &TemplateMessage, against: &MessageTemplate) -> Vec<(String, Vec<String>)> {
    field_errors(send.check_against(against))
        .into_iter()
        .collect()
}

#[test]
fn a_fitting_send_passes() {
    assert!(fitting().check_against(&full()).is_ok());
    let plain = template(json!([{"type": "BODY", "text": "Hello"}]));
    assert!(
        TemplateMessage::new("promo", "id")
            .check_against(&plain)
            .is_ok()
    );
    assert!(
        TemplateMessage::new("promo", "id")
            .body(Vec::<String>::new())
            .check_against(&plain)
            .is_ok()
    );
}

#[test]
fn body_values_must_match_distinct_variables() {
    let send = fitting().body(["only one"]);
    assert_eq!(
        problems(&send, &full()),
        [(
            "template.param.body".to_owned(),
            vec!["the template's body has 2 variables, 1 value given".to_owned()]
        )]
    );
    let plain = template(json!([{"type": "BODY", "text": "Hello"}]));
    assert_eq!(
        problems(&TemplateMessage::new("promo", "id").body(["x"]), &plain)[0].1,
        ["the template's body has 0 variables, 1 value given"]
    );
}

#[test]
fn header_parameters_follow_the_header_format() {
    let mut no_header = fitting();
    no_header.param.as_mut().unwrap().header = None;
    assert_eq!(
        problems(&no_header, &full()),
        [(
            "template.param.header".to_owned(),
            vec![
                "the template's header is IMAGE: a header parameter of type image is required"
                    .to_owned()
            ]
        )]
    );
    let video = fitting().header_video(Video::from_id("V"));
    assert_eq!(problems(&video, &full())[0].0, "template.param.header");

    let text_var = template(
        json!([{"type": "HEADER", "format": "TEXT", "text": "Hi {{1}}"}, {"type": "BODY", "text": "b"}]),
    );
    assert!(
        TemplateMessage::new("promo", "id")
            .header_text("Budi")
            .check_against(&text_var)
            .is_ok()
    );
    assert_eq!(
        problems(&TemplateMessage::new("promo", "id"), &text_var)[0].0,
        "template.param.header"
    );

    let text_plain = template(
        json!([{"type": "HEADER", "format": "TEXT", "text": "Hi"}, {"type": "BODY", "text": "b"}]),
    );
    assert!(
        TemplateMessage::new("promo", "id")
            .check_against(&text_plain)
            .is_ok()
    );
    assert_eq!(
        problems(
            &TemplateMessage::new("promo", "id").header_text("x"),
            &text_plain
        )[0]
        .1,
        ["the template's TEXT header has no variable, so it takes no header parameter"]
    );
    let none = template(json!([{"type": "BODY", "text": "b"}]));
    assert_eq!(
        problems(&TemplateMessage::new("promo", "id").header_text("x"), &none)[0].1,
        ["the template has no header, so it takes no header parameter"]
    );
    let location =
        template(json!([{"type": "HEADER", "format": "LOCATION"}, {"type": "BODY", "text": "b"}]));
    assert!(
        TemplateMessage::new("promo", "id")
            .check_against(&location)
            .is_ok()
    );
}

#[test]
fn buttons_match_in_order_and_type() {
    let mut short = fitting();
    short.param.as_mut().unwrap().button.as_mut().unwrap().pop();
    assert_eq!(
        problems(&short, &full()),
        [(
            "template.param.button".to_owned(),
            vec!["the template has 3 buttons that take a value (QUICK_REPLY, URL, COPY_CODE), 2 values given".to_owned()]
        )]
    );
    let mut swapped = fitting();
    swapped
        .param
        .as_mut()
        .unwrap()
        .button
        .as_mut()
        .unwrap()
        .swap(1, 2);
    assert_eq!(
        problems(&swapped, &full()),
        [
            (
                "template.param.button[1]".to_owned(),
                vec!["must be of type URL, like the template's button 2".to_owned()]
            ),
            (
                "template.param.button[2]".to_owned(),
                vec!["must be of type COPY_CODE, like the template's button 3".to_owned()]
            ),
        ]
    );
    let plain = template(json!([{"type": "BODY", "text": "b"}]));
    let extra = TemplateMessage::new("promo", "id").button(ButtonParam::quick_reply("x"));
    assert_eq!(problems(&extra, &plain)[0].0, "template.param.button");
}

#[test]
fn limited_time_offers() {
    let mut missing = fitting();
    missing.param.as_mut().unwrap().limited_time_offer = None;
    assert_eq!(
        problems(&missing, &full()),
        [(
            "template.param.limited_time_offer".to_owned(),
            vec!["is required: the template's limited-time offer has an expiration".to_owned()]
        )]
    );
    let no_expiry = template(json!([
        {"type": "BODY", "text": "b"},
        {"type": "limited_time_offer", "limited_time_offer": {"text": "t", "has_expiration": false}}
    ]));
    assert!(
        TemplateMessage::new("promo", "id")
            .check_against(&no_expiry)
            .is_ok()
    );
    assert!(
        TemplateMessage::new("promo", "id")
            .limited_time_offer(5)
            .check_against(&no_expiry)
            .is_ok()
    );
    let plain = template(json!([{"type": "BODY", "text": "b"}]));
    assert_eq!(
        problems(
            &TemplateMessage::new("promo", "id").limited_time_offer(5),
            &plain
        )[0]
        .1,
        ["the template has no limited-time offer"]
    );
}

#[test]
fn name_and_language_must_be_the_templates() {
    let other = TemplateMessage::new("other", "en_US").body(["a", "b"]);
    let paths: Vec<String> = problems(&other, &full())
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert!(
        paths.starts_with(&["template.language".to_owned(), "template.name".to_owned()]),
        "{paths:?}"
    );
}

#[test]
fn template_variables_count_distinct_numbers() {
    use crate::templates::template_variables;
    assert_eq!(template_variables("Hi {{1}} and {{2}} and {{1}}").len(), 2);
    assert_eq!(
        template_variables("{{ 1 }} {{a}} {{}} {1} {{12}} {{01}}").len(),
        2
    );
    assert!(template_variables("no variables {{").is_empty());
    assert_eq!(
        template_variables("é{{3}}ü")
            .into_iter()
            .collect::<Vec<_>>(),
        ["3"]
    );
}
