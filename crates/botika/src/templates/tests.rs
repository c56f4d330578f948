//! Unit tests of the template model: lenient reading, typed components and their wire JSON, the
//! creation and update rules at their boundaries, reading requests from JSON, and pagination.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::*;

fn paths(result: crate::Result<()>) -> Vec<String> {
    result
        .err()
        .map(|e| e.field_errors().keys().cloned().collect())
        .unwrap_or_default()
}

fn rules(result: crate::Result<()>) -> BTreeMap<String, Vec<String>> {
    result
        .err()
        .map(|e| e.field_errors().clone())
        .unwrap_or_default()
}

fn valid() -> NewTemplate {
    NewTemplate::new("order_shipped_2", "id", TemplateCategory::Utility)
        .body(BodyComponent::new("Hi {{1}}"))
}

#[test]
fn the_documented_list_item_reads_leniently() {
    // The docs' example with its missing comma repaired and its placeholders filled in.
    let template = MessageTemplate::from_json(json!({
        "id": 12, "name": "promo", "language": "id", "status": "APPROVED",
        "components": [{"type": "BODY", "text": "Hi"}, "message template componenets"],
        "created_at": "2024-01-01 10:00:00", "unknown": true
    }))
    .unwrap();
    assert_eq!(
        (
            template.id.as_str(),
            template.name.as_str(),
            template.language.as_str()
        ),
        ("12", "promo", "id")
    );
    assert_eq!(template.status, Some(TemplateStatus::Approved));
    assert_eq!(template.category, None);
    assert_eq!(template.body().map(|b| b.text.as_str()), Some("Hi"));
    assert_eq!(
        template.components[1],
        TemplateComponent::Other(json!("message template componenets"))
    );
    assert_eq!(template.raw["unknown"], true);
    let serialized = serde_json::to_value(&template).unwrap();
    assert_eq!(serialized["id"], "12");
    assert_eq!(
        serialized["raw"]["unknown"], true,
        "raw is part of the dict form"
    );
}

#[test]
fn odd_shapes_are_kept_not_refused() {
    let template = MessageTemplate::from_json(json!({
        "id": "abc", "name": null, "status": "in_appeal", "category": "marketing", "components": {"not": "a list"},
        "rejected_reason": 5
    }))
    .unwrap();
    assert_eq!(template.id, "abc");
    assert_eq!(template.name, "");
    assert_eq!(
        template.status,
        Some(TemplateStatus::Other("in_appeal".into()))
    );
    assert_eq!(template.category, Some(TemplateCategory::Marketing));
    assert!(template.components.is_empty());
    assert_eq!(template.rejected_reason.as_deref(), Some("5"));
    assert_eq!(
        MessageTemplate::from_json(json!([1])).unwrap_err().code(),
        "decode"
    );
}

#[test]
fn components_are_typed_in_any_case_and_kept_when_unreadable() {
    let template = MessageTemplate::from_json(json!({"components": [
        {"type": "header", "format": "image", "example": {"header_handle": ["h"]}},
        {"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [["Budi"]]}, "x": 1},
        {"type": "Footer", "text": "f"},
        {"type": "BUTTONS", "buttons": [{"type": "url", "text": "Go", "url": "https://e.com/{{1}}", "example": ["https://e.com/1"]},
                                        {"type": "OTP", "otp_type": "COPY_CODE"}]},
        {"type": "limited_time_offer", "limited_time_offer": {"text": "t", "has_expiration": true}},
        {"type": "CAROUSEL", "cards": []},
        {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"has_expiration": "yes"}}
    ]}))
    .unwrap();
    let header = template.header().unwrap();
    assert_eq!(header.format, Some(HeaderFormat::Image));
    assert_eq!(template.body().unwrap().extra["x"], 1);
    assert_eq!(template.buttons()[0].kind, Some(TemplateButtonType::Url));
    assert_eq!(
        template.buttons()[1].kind,
        Some(TemplateButtonType::Other("OTP".into()))
    );
    assert_eq!(template.buttons()[1].extra["otp_type"], "COPY_CODE");
    assert!(
        template
            .limited_time_offer()
            .unwrap()
            .limited_time_offer
            .has_expiration
    );
    let names: Vec<&str> = template
        .components
        .iter()
        .map(TemplateComponent::type_name)
        .collect();
    assert_eq!(
        names,
        [
            "HEADER",
            "BODY",
            "FOOTER",
            "BUTTONS",
            "LIMITED_TIME_OFFER",
            "CAROUSEL",
            "LIMITED_TIME_OFFER"
        ]
    );
    assert!(
        matches!(template.components[6], TemplateComponent::Other(_)),
        "a bad has_expiration is kept raw"
    );
    assert_eq!(
        serde_json::to_value(&template.components[1]).unwrap(),
        json!({"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [["Budi"]]}, "x": 1})
    );
}

#[test]
fn new_template_builder_writes_metas_schema() {
    let template = NewTemplate::new("order_shipped", "id", TemplateCategory::Utility)
        .header_text("Order {{1}}")
        .component(HeaderComponent::text("unused").example_text("x"))
        .body(BodyComponent::new("Hi {{1}}, order {{2}} shipped.").example(["Budi", "#1"]))
        .footer("Botika")
        .button(TemplateButton::quick_reply("Thanks"))
        .button(
            TemplateButton::url("Track", "https://e.com/t/{{1}}")
                .example(json!(["https://e.com/t/1"])),
        )
        .button(TemplateButton::phone_number("Call", "+62 21 555"))
        .button(TemplateButton::copy_code("CODE1"))
        .limited_time_offer("Ends soon", true)
        .extra("allow_category_change", true);
    let wire = serde_json::to_value(&template).unwrap();
    assert_eq!(
        wire,
        json!({
            "name": "order_shipped", "language": "id", "category": "UTILITY",
            "components": [
                {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
                {"type": "HEADER", "format": "TEXT", "text": "unused", "example": {"header_text": ["x"]}},
                {"type": "BODY", "text": "Hi {{1}}, order {{2}} shipped.", "example": {"body_text": [["Budi", "#1"]]}},
                {"type": "FOOTER", "text": "Botika"},
                {"type": "BUTTONS", "buttons": [
                    {"type": "QUICK_REPLY", "text": "Thanks"},
                    {"type": "URL", "text": "Track", "url": "https://e.com/t/{{1}}", "example": ["https://e.com/t/1"]},
                    {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+62 21 555"},
                    {"type": "COPY_CODE", "example": "CODE1"}
                ]},
                {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": "Ends soon", "has_expiration": true}}
            ],
            "allow_category_change": true
        })
    );
    assert_eq!(paths(template.validate()), ["components"], "two HEADERs");
    let media = HeaderComponent::media(HeaderFormat::Document).example_handle("4::aW");
    assert_eq!(
        serde_json::to_value(TemplateComponent::from(media)).unwrap(),
        json!({"type": "HEADER", "format": "DOCUMENT", "example": {"header_handle": ["4::aW"]}})
    );
}

#[test]
fn names_languages_and_categories() {
    assert!(valid().validate().is_ok());
    let mut t = valid();
    t.name = "a".repeat(512);
    assert!(t.validate().is_ok());
    t.name = "a".repeat(513);
    assert_eq!(
        rules(t.validate())["name"],
        ["must be 1 to 512 characters (it has 513)"]
    );
    for bad in ["Order", "order-shipped", "order shipped", "pesan_é"] {
        t.name = bad.into();
        assert_eq!(
            rules(t.validate())["name"],
            ["may contain only lower-case letters a-z, digits and '_'"],
            "{bad}"
        );
    }
    t.name = String::new();
    assert_eq!(paths(t.validate()), ["name"]);
    let mut t = valid();
    t.language = " ".into();
    t.category = TemplateCategory::Other("PROMO".into());
    assert_eq!(
        rules(t.validate())["category"],
        ["must be MARKETING, UTILITY or AUTHENTICATION"]
    );
    assert_eq!(paths(t.validate()), ["category", "language"]);
}

#[test]
fn component_counts() {
    let no_body = NewTemplate::new("t", "id", TemplateCategory::Marketing).footer("f");
    assert_eq!(
        rules(no_body.validate())["components"],
        ["must have exactly one BODY (it has 0)"]
    );
    let two_bodies = valid().body(BodyComponent::new("again"));
    assert_eq!(
        rules(two_bodies.validate())["components"],
        ["must have exactly one BODY (it has 2)"]
    );
    let two_footers = valid().footer("a").footer("b");
    assert_eq!(
        rules(two_footers.validate())["components"],
        ["must have at most one FOOTER (it has 2)"]
    );
    let unknown = valid().component(TemplateComponent::Other(json!({"type": "CAROUSEL"})));
    assert_eq!(
        rules(unknown.validate())["components[1].type"],
        ["must be HEADER, BODY, FOOTER, BUTTONS or LIMITED_TIME_OFFER"]
    );
}

#[test]
fn component_texts_at_their_limits() {
    let long = |n: usize| "é".repeat(n);
    let ok = NewTemplate::new("t", "id", TemplateCategory::Marketing)
        .header_text(long(60))
        .body(BodyComponent::new(long(1024)))
        .footer(long(60));
    assert!(ok.validate().is_ok());
    let over = NewTemplate::new("t", "id", TemplateCategory::Marketing)
        .header_text(long(61))
        .body(BodyComponent::new(long(1025)))
        .footer(long(61));
    assert_eq!(
        paths(over.validate()),
        [
            "components[0].text",
            "components[1].text",
            "components[2].text"
        ]
    );
    let empty = NewTemplate::new("t", "id", TemplateCategory::Marketing)
        .body(BodyComponent::new(""))
        .footer("");
    assert_eq!(
        paths(empty.validate()),
        ["components[0].text", "components[1].text"]
    );
    let mut header = HeaderComponent::text("x");
    header.text = None;
    assert_eq!(
        rules(valid().component(header).validate())["components[1].text"],
        ["is required on a TEXT header"]
    );
    let header = HeaderComponent::default();
    assert_eq!(
        rules(valid().component(header).validate())["components[1].format"],
        ["is required"]
    );
    let header = HeaderComponent::media(HeaderFormat::Other("GIF".into()));
    assert_eq!(
        rules(valid().component(header).validate())["components[1].format"],
        ["must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION"]
    );
    for format in [
        HeaderFormat::Image,
        HeaderFormat::Video,
        HeaderFormat::Document,
        HeaderFormat::Location,
    ] {
        assert!(
            valid()
                .component(HeaderComponent::media(format))
                .validate()
                .is_ok()
        );
    }
}

#[test]
fn buttons_by_type() {
    let ok = valid()
        .button(TemplateButton::quick_reply("q".repeat(25)))
        .button(TemplateButton::url("Go", "https://e.com"))
        .button(TemplateButton::phone_number("Call", "+62 21"))
        .button(TemplateButton::copy_code("C"));
    assert!(ok.validate().is_ok());
    let mut no_text = TemplateButton::quick_reply("x");
    no_text.text = None;
    let mut no_url = TemplateButton::url("Go", "u");
    no_url.url = None;
    let mut no_phone = TemplateButton::phone_number("Call", "p");
    no_phone.phone_number = Some(" ".into());
    let mut no_example = TemplateButton::copy_code("c");
    no_example.example = None;
    let mut no_type = TemplateButton::quick_reply("x");
    no_type.kind = None;
    let bad = valid()
        .button(TemplateButton::quick_reply("q".repeat(26)))
        .button(no_text)
        .button(no_url)
        .button(no_phone)
        .button(no_example)
        .button(no_type)
        .button(TemplateButton {
            kind: Some(TemplateButtonType::Other("OTP".into())),
            ..TemplateButton::default()
        });
    let got = rules(bad.validate());
    let at = |i: usize, leaf: &str| format!("components[1].buttons[{i}].{leaf}");
    assert_eq!(
        got[&at(0, "text")],
        ["must be 1 to 25 characters (it has 26)"]
    );
    assert_eq!(got[&at(1, "text")], ["is required"]);
    assert_eq!(got[&at(2, "url")], ["is required"]);
    assert_eq!(got[&at(3, "phone_number")], ["must not be empty"]);
    assert_eq!(
        got[&at(4, "example")],
        ["is required on a COPY_CODE button"]
    );
    assert_eq!(got[&at(5, "type")], ["is required"]);
    assert_eq!(
        got[&at(6, "type")],
        ["must be QUICK_REPLY, URL, PHONE_NUMBER or COPY_CODE"]
    );
    assert_eq!(got.len(), 7);
    let empty = valid().component(ButtonsComponent::default());
    assert_eq!(
        rules(empty.validate())["components[1].buttons"],
        ["must have at least 1 button"]
    );
}

#[test]
fn updates_need_a_change() {
    assert_eq!(
        rules(TemplateUpdate::new().validate())["."],
        ["give a category or components to change"]
    );
    assert!(
        TemplateUpdate::new()
            .category(TemplateCategory::Marketing)
            .validate()
            .is_ok()
    );
    let fix = TemplateUpdate::new().component(BodyComponent::new("Hi"));
    assert_eq!(
        serde_json::to_value(&fix).unwrap(),
        json!({"components": [{"type": "BODY", "text": "Hi"}]})
    );
    assert!(fix.validate().is_ok());
    assert_eq!(
        paths(
            TemplateUpdate::new()
                .component(FooterComponent::new("f"))
                .validate()
        ),
        ["components"]
    );
    let other = TemplateUpdate::new().category(TemplateCategory::Other("X".into()));
    assert_eq!(paths(other.validate()), ["category"]);
}

#[test]
fn requests_read_from_json_with_paths() {
    let template = NewTemplate::from_json(json!({
        "name": "t", "language": "id", "category": "utility",
        "components": [{"type": "body", "text": "Hi"}], "x": 1
    }))
    .unwrap();
    assert_eq!(template.category, TemplateCategory::Utility);
    assert_eq!(
        serde_json::to_value(&template).unwrap()["components"],
        json!([{"type": "BODY", "text": "Hi"}])
    );
    assert_eq!(template.extra["x"], 1);
    let cases: [(Value, &str, &str); 6] = [
        (
            json!({"language": "id", "category": "UTILITY"}),
            "name",
            "missing field",
        ),
        (
            json!({"name": 1, "language": "id", "category": "UTILITY"}),
            "name",
            "must be a string",
        ),
        (
            json!({"name": "t", "language": "id", "category": "UTILITY", "components": {}}),
            "components",
            "must be an array",
        ),
        (
            json!({"name": "t", "language": "id", "category": "UTILITY", "components": [5]}),
            "components[0]",
            "must be a JSON object",
        ),
        (
            json!({"name": "t", "language": "id", "category": "UTILITY", "components": [{"type": "BUTTONS", "buttons": [{"type": 5}]}]}),
            "components[0].buttons[0].type",
            "invalid type: integer `5`, expected a string",
        ),
        (json!("t"), ".", "must be a JSON object"),
    ];
    for (value, want_path, want_rule) in cases {
        let err = NewTemplate::from_json(value.clone()).unwrap_err();
        let (path, got) = err.field_errors().iter().next().unwrap();
        assert_eq!(
            (path.as_str(), got[0].as_str()),
            (want_path, want_rule),
            "{value}"
        );
    }
    let update = TemplateUpdate::from_json(json!({"category": "MARKETING"})).unwrap();
    assert_eq!(update.category, Some(TemplateCategory::Marketing));
    assert_eq!(
        TemplateUpdate::from_json(json!({"category": 1}))
            .unwrap_err()
            .message(),
        "category: must be a string"
    );
}

#[test]
fn pages_follow_links_next_or_meta() {
    let item = json!({"id": 1, "name": "a", "language": "id"});
    let last = TemplatePage::from_json(
        json!({"data": [item], "links": {"first": "http://waofficial.botika.local/api/whatsapp/v1/message-templates?page=1",
            "last": null, "prev": null, "next": null}, "meta": {"current_page": 1, "per_page": 10, "to": 1}}),
        1,
    )
    .unwrap();
    assert_eq!(
        (last.templates.len(), last.current_page, last.next_page),
        (1, 1, None)
    );
    let more = TemplatePage::from_json(json!({"data": [], "links": {"next": "http://h/x?seacrh=a&page=3"}, "meta": {"current_page": "2"}}), 2).unwrap();
    assert_eq!((more.current_page, more.next_page), (2, Some(3)));
    let relative = TemplatePage::from_json(
        json!({"data": [], "links": {"next": "/message-templates?page=9"}}),
        4,
    )
    .unwrap();
    assert_eq!(relative.next_page, Some(9));
    let no_page = TemplatePage::from_json(
        json!({"data": [], "links": {"next": "http://h/cursor/abc"}}),
        4,
    )
    .unwrap();
    assert_eq!(no_page.next_page, Some(5));
    let full = TemplatePage::from_json(
        json!({"data": [], "meta": {"current_page": 2, "last_page": 3}}),
        2,
    )
    .unwrap();
    assert_eq!(full.next_page, Some(3));
    let full_last = TemplatePage::from_json(
        json!({"data": [], "meta": {"current_page": 3, "last_page": 3}}),
        3,
    )
    .unwrap();
    assert_eq!(full_last.next_page, None);
    let bare = TemplatePage::from_json(json!([item]), 1).unwrap();
    assert_eq!((bare.templates.len(), bare.next_page), (1, None));
    assert_eq!(
        TemplatePage::from_json(json!({"data": null}), 1)
            .unwrap()
            .templates
            .len(),
        0
    );
    assert_eq!(
        TemplatePage::from_json(json!({"data": {"id": 1}}), 1)
            .unwrap_err()
            .code(),
        "decode"
    );
    assert_eq!(
        TemplatePage::from_json(json!({"data": [1]}), 1)
            .unwrap_err()
            .code(),
        "decode"
    );
}

#[test]
fn only_quick_reply_url_and_copy_code_buttons_take_a_value() {
    use crate::messages::ButtonParamType;
    // Read from the wire, as `check_against` and the CLI see fetched templates.
    let template = MessageTemplate::from_json(json!({
        "id": 1, "name": "n", "language": "en",
        "components": [{"type": "BUTTONS", "buttons": [
            {"type": "quick_reply", "text": "Track"},
            {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+6281100000000"},
            {"type": "URL", "text": "Open", "url": "https://example.com/{{1}}"},
            {"type": "COPY_CODE", "example": "SALE"},
            {"type": "OTP", "text": "Code"},
            {"text": "untyped"}
        ]}]
    }))
    .unwrap();
    let types: Vec<_> = template
        .buttons()
        .iter()
        .map(TemplateButton::param_type)
        .collect();
    assert_eq!(
        types,
        [
            Some(ButtonParamType::QuickReply),
            None,
            Some(ButtonParamType::Url),
            Some(ButtonParamType::CopyCode),
            None,
            None
        ]
    );
}
