//! Reading messages from the wire JSON the bindings pass: round trips of the documented
//! examples, lenient forms (string coordinates, a language object, a header array), and errors
//! that name the path of the offending field.

use serde_json::{Value, json};

use crate::messages::*;

fn error_of(result: crate::Result<impl std::fmt::Debug>) -> (String, String) {
    let err = result.expect_err("should fail");
    assert_eq!(err.code(), "invalid_argument");
    let (path, rules) = err.field_errors().iter().next().expect("a field error");
    (path.clone(), rules[0].clone())
}

#[test]
fn documented_examples_read_and_write_back_unchanged() {
    // The docs' examples, with their invalid-JSON defects (comments, trailing commas, the stray
    // space in " link") repaired.
    let examples = [
        json!({"type": "document", "reply_message_id": "{{ MESSAGE_ID }}", "document": {
            "id": "{{ MEDIA_ID }}", "caption": "DOCUMENT_CAPTION", "filename": "Example.pdf"}}),
        json!({"type": "sticker", "reply_message_id": "{{ MESSAGE_ID }}", "sticker": {"id": "{{ MEDIA_ID }}"}}),
        json!({"type": "contacts", "reply_message_id": "{{ MESSAGE_ID }}", "contacts": [
            {"name": "CONTACT_NAME", "phone": "CONTACT_PHONE"}]}),
        json!({"type": "reaction", "reaction": {"id": "{{ MESSAGE_ID }}", "emoji": "😁"}}),
        json!({"type": "text", "reply_message_id": "{{ MESSAGE_ID }}", "text": {
            "body": "Hello https://example.com", "preview_url": true}}),
        json!({"type": "interactive", "interactive": {"type": "button", "header": {"type": "image", "image": {
            "link": "https://e.com/a.png"}}, "body": {"text": "b"}, "action": {"buttons": [
            {"type": "reply", "reply": {"id": "a", "title": "A"}}]}}}),
        json!({"type": "template", "template": {"name": "t", "language": "id", "param": {
            "header": {"type": "image", "image": {"id": "IMG"}}, "body": ["x"],
            "button": [{"type": "URL", "value": "s"}], "limited_time_offer": {"expiration_time": 5}}}}),
    ];
    for example in examples {
        let message = OutgoingMessage::from_json(example.clone()).unwrap();
        message.validate().unwrap();
        let mut want = example.as_object().unwrap().clone();
        want.insert("to".into(), json!("+62821xxxxxx"));
        let got = message.to_json("+62821xxxxxx");
        assert_eq!(got, Value::Object(want));
    }
}

#[test]
fn documented_location_strings_are_read_and_sent_as_numbers() {
    let content = MessageContent::from_json(
        "location",
        json!({"latitude": "-6.2", "longitude": "106.8", "name": "LOCATION_NAME", "address": "LOCATION_ADDRESS"}),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&content).unwrap(),
        json!({"latitude": -6.2, "longitude": 106.8, "name": "LOCATION_NAME", "address": "LOCATION_ADDRESS"})
    );
    let (path, rule) = error_of(MessageContent::from_json(
        "location",
        json!({"latitude": "LOCATION_LATITUDE", "longitude": 1}),
    ));
    assert_eq!(path, "location.latitude");
    assert!(rule.contains("a number or a numeric string"), "{rule}");
}

#[test]
fn language_object_and_header_array_are_accepted() {
    let template: TemplateMessage = serde_json::from_value(json!({
        "name": "t", "language": {"code": "en_US"},
        "param": {"header": [{"type": "text", "text": "Budi"}]}
    }))
    .unwrap();
    assert_eq!(template.language, "en_US");
    assert_eq!(
        template.param.as_ref().unwrap().header,
        Some(Header::text("Budi"))
    );
    let none: TemplateMessage =
        serde_json::from_value(json!({"name": "t", "language": "id", "param": {"header": []}}))
            .unwrap();
    assert_eq!(none.param.unwrap().header, None);
    let (path, rule) = error_of(MessageContent::from_json(
        "template",
        json!({"name": "t", "language": "id", "param": {"header": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}}),
    ));
    assert_eq!(path, "template.param.header");
    assert!(rule.contains("at most one header"), "{rule}");
}

#[test]
fn errors_name_the_path_of_the_field() {
    let cases = [
        (
            "interactive",
            json!({"type": "button", "body": {"text": "b"}, "action": {"buttons": [{"type": "reply", "reply": {"id": "a"}}]}}),
            "interactive.action.buttons[0].reply.title",
            "missing field",
        ),
        ("text", json!({}), "text.body", "missing field"),
        (
            "text",
            json!({"body": 5}),
            "text.body",
            "invalid type: integer `5`, expected a string",
        ),
        (
            "contacts",
            json!([{"name": "a", "phone": "1"}, {"name": "b"}]),
            "contacts[1].phone",
            "missing field",
        ),
        (
            "contacts",
            json!({"name": "a", "phone": "1"}),
            "contacts",
            "invalid type: map, expected a sequence",
        ),
        (
            "reaction",
            json!({"emoji": "x"}),
            "reaction.id",
            "missing field",
        ),
        (
            "image",
            json!({"id": 7}),
            "image.id",
            "invalid type: integer `7`, expected a string",
        ),
        (
            "interactive",
            json!({"type": "carousel", "action": {}}),
            "interactive.type",
            "unknown variant `carousel`, expected one of `button`, `list`, `product`, `product_list`",
        ),
        (
            "interactive",
            json!({"type": "list", "body": {"text": "b"}, "action": {"button": "L", "sections": [{"rows": [{"id": "r"}]}]}}),
            "interactive.action.sections[0].rows[0].title",
            "missing field",
        ),
        (
            "template",
            json!({"name": "t", "language": "id", "param": {"button": [{"type": "CALL", "value": "x"}]}}),
            "template.param.button[0].type",
            "unknown variant `CALL`, expected one of `QUICK_REPLY`, `URL`, `COPY_CODE`",
        ),
        (
            "template",
            json!({"name": "t", "language": "id", "param": {"limited_time_offer": {"expiration_time": 1.5}}}),
            "template.param.limited_time_offer.expiration_time",
            "invalid type: floating point `1.5`, expected i64",
        ),
        (
            "template",
            json!({"name": "t", "language": 5}),
            "template.language",
            "invalid type: integer `5`, expected a language code string or a {\"code\": ...} object",
        ),
        (
            "text",
            json!(null),
            "text",
            "invalid type: null, expected struct Text",
        ),
    ];
    for (kind, value, want_path, want_rule) in cases {
        let (path, rule) = error_of(MessageContent::from_json(kind, value.clone()));
        assert_eq!(
            (path.as_str(), rule.as_str()),
            (want_path, want_rule),
            "{kind} {value}"
        );
    }
}

#[test]
fn whole_messages_name_their_top_level_problems() {
    let cases = [
        (json!([]), ".", "must be a JSON object"),
        (json!({"text": {"body": "a"}}), "type", "missing field"),
        (json!({"type": 1}), "type", "must be a string"),
        (json!({"type": "text"}), "text", "missing field"),
        (
            json!({"type": "poll", "poll": {}}),
            "type",
            "must be one of text, image, video, audio, document, sticker, location, contacts, reaction, interactive, template (got \"poll\")",
        ),
        (
            json!({"type": "text", "text": {"body": "a"}, "reply_message_id": 5}),
            "reply_message_id",
            "must be a string",
        ),
        (
            json!({"type": "text", "text": {"body": 1}}),
            "text.body",
            "invalid type: integer `1`, expected a string",
        ),
    ];
    for (value, want_path, want_rule) in cases {
        let (path, rule) = error_of(OutgoingMessage::from_json(value.clone()));
        assert_eq!(
            (path.as_str(), rule.as_str()),
            (want_path, want_rule),
            "{value}"
        );
    }
}

#[test]
fn unknown_fields_are_kept_everywhere() {
    let message = OutgoingMessage::from_json(json!({
        "type": "interactive",
        "biz_opaque_callback_data": "x",
        "reply_message_id": null,
        "interactive": {"type": "product", "x": 1, "action": {"catalog_id": "C", "product_retailer_id": "P", "y": 2}}
    }))
    .unwrap();
    assert_eq!(message.extra["biz_opaque_callback_data"], "x");
    assert_eq!(message.reply_message_id, None);
    let MessageContent::Interactive(interactive) = &message.content else {
        panic!("interactive expected")
    };
    assert_eq!(interactive.extra["x"], 1);
    assert_eq!(interactive.action.extra["y"], 2);
    assert_eq!(message.to_json("1234567")["interactive"]["action"]["y"], 2);
}

#[test]
fn a_recipient_inside_the_message_is_refused_by_validation() {
    let message = OutgoingMessage::from_json(
        json!({"to": "+62 812 3456 789", "type": "text", "text": {"body": "a"}}),
    )
    .unwrap();
    assert_eq!(
        super::field_errors(message.validate()),
        [(
            "to".to_owned(),
            vec!["is set by the SDK and cannot be an extra field".to_owned()]
        )]
        .into()
    );
}
