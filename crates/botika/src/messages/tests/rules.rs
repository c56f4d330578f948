//! The message rules of docs/rules.md (other than interactive), each passing at its boundary
//! and failing just past it, with the SDK's field paths.

use serde_json::json;

use super::{field_errors, paths};
use crate::messages::*;

fn check(message: impl Into<OutgoingMessage>) -> Vec<String> {
    paths(message.into().validate())
}

#[test]
fn text_body_is_1_to_4096_characters() {
    assert!(check(Text::new("a")).is_empty());
    assert!(check(Text::new("é".repeat(4096))).is_empty());
    let errors = field_errors(Text::new("é".repeat(4097)).reply_to("m").validate());
    assert_eq!(
        errors["text.body"],
        vec!["must be 1 to 4096 characters (it has 4097)"]
    );
    assert_eq!(check(Text::new("")), ["text.body"]);
}

#[test]
fn media_need_exactly_one_of_id_and_link() {
    assert!(check(Image::from_id("1")).is_empty());
    assert!(check(Video::from_link("https://e.com/v.mp4")).is_empty());
    assert!(check(Audio::from_link("http://e.com/a.ogg")).is_empty());
    let mut both = Document::from_id("1");
    both.link = Some("https://e.com/d.pdf".into());
    assert_eq!(
        field_errors(OutgoingMessage::new(both).validate())["document"],
        vec!["give exactly one of id and link, not both"]
    );
    let mut neither = Sticker::from_id("1");
    neither.id = None;
    assert_eq!(check(neither), ["sticker"]);
    assert_eq!(check(Image::from_link("ftp://e.com/a.png")), ["image.link"]);
    assert_eq!(check(Image::from_link("e.com/a.png")), ["image.link"]);
    assert_eq!(check(Audio::from_id("")), ["audio.id"]);
}

#[test]
fn location_ranges_are_inclusive() {
    for (lat, lon) in [(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0)] {
        assert!(check(Location::new(lat, lon)).is_empty(), "{lat} {lon}");
    }
    assert_eq!(check(Location::new(90.0001, 0.0)), ["location.latitude"]);
    assert_eq!(check(Location::new(0.0, -180.5)), ["location.longitude"]);
    assert_eq!(
        check(Location::new(f64::NAN, f64::INFINITY)),
        ["location.latitude", "location.longitude"]
    );
    let errors = field_errors(OutgoingMessage::new(Location::new(-91.0, 0.0)).validate());
    assert_eq!(
        errors["location.latitude"],
        vec!["must be a number from -90 to 90"]
    );
}

#[test]
fn contacts_need_a_name_and_phone_each() {
    assert!(check(Contact::new("Budi", "not checked as a number")).is_empty());
    assert_eq!(check(Vec::<Contact>::new()), ["contacts"]);
    assert_eq!(
        check(vec![
            Contact::new("Budi", "1"),
            Contact::new(" ", ""),
            Contact::new("Sari", "2")
        ]),
        ["contacts[1].name", "contacts[1].phone"]
    );
}

#[test]
fn reactions_need_an_id_allow_removal_and_refuse_replies() {
    assert!(check(Reaction::new("wamid.1", "👍")).is_empty());
    assert!(check(Reaction::remove("wamid.1")).is_empty());
    assert_eq!(check(Reaction::new("", "👍")), ["reaction.id"]);
    let errors = field_errors(
        Reaction::new("wamid.1", "👍")
            .reply_to("wamid.0")
            .validate(),
    );
    assert_eq!(
        errors["reply_message_id"],
        vec!["is not allowed on a reaction"]
    );
}

#[test]
fn reply_message_id_must_not_be_empty() {
    assert_eq!(check(Text::new("a").reply_to(" ")), ["reply_message_id"]);
}

#[test]
fn extra_fields_cannot_replace_what_the_sdk_sets() {
    let message = Text::new("a")
        .reply_to("m")
        .extra("type", "image")
        .extra("text", json!({}))
        .extra("ok", 1);
    assert_eq!(paths(message.validate()), ["text", "type"]);
}

#[test]
fn template_message_shapes() {
    assert!(check(TemplateMessage::new("t", "id")).is_empty());
    let full = TemplateMessage::new("t", "en_US")
        .header_document(Document::from_link("https://e.com/a.pdf"))
        .body(["", "x"])
        .button(ButtonParam::url(""))
        .limited_time_offer(1);
    assert!(
        check(full).is_empty(),
        "body and button values may be empty strings"
    );
    assert_eq!(
        check(TemplateMessage::new(" ", "")),
        ["template.language", "template.name"]
    );
    assert_eq!(
        check(TemplateMessage::new("t", "id").header_text("")),
        ["template.param.header.text"]
    );
    assert!(check(TemplateMessage::new("t", "id").header_text("x".repeat(200))).is_empty());
    assert_eq!(
        check(TemplateMessage::new("t", "id").header_image(Image::from_link("nope"))),
        ["template.param.header.image.link"]
    );
    let errors = field_errors(
        TemplateMessage::new("t", "id")
            .limited_time_offer(0)
            .reply_to("m")
            .validate(),
    );
    assert_eq!(
        errors["template.param.limited_time_offer.expiration_time"],
        vec!["must be a positive Unix time in milliseconds"]
    );
    assert_eq!(
        check(TemplateMessage::new("t", "id").limited_time_offer(-5)).len(),
        1
    );
}

#[test]
fn every_failure_is_reported_at_once() {
    let message = Interactive::buttons("")
        .button("a", "")
        .button("a", "B")
        .footer("f".repeat(61))
        .reply_to("");
    assert_eq!(
        paths(message.validate()),
        [
            "interactive.action.buttons[0].reply.title",
            "interactive.action.buttons[1].reply.id",
            "interactive.body.text",
            "interactive.footer.text",
            "reply_message_id",
        ]
    );
    let err = Text::new("").reply_to("").validate().unwrap_err();
    assert_eq!(
        err.message(),
        "reply_message_id: must not be empty; text.body: must be 1 to 4096 characters (it has 0)"
    );
}

#[test]
fn recipients_are_checked_by_validate_recipient() {
    assert!(
        validate_recipient("+1 (000) 000 0000").is_ok(),
        "a documented format"
    );
    assert!(
        validate_recipient("+62821xxxxxx").is_err(),
        "the docs' placeholder is not a number"
    );
    let err = validate_recipient("12345").unwrap_err();
    assert_eq!(
        err.field_errors()["to"],
        vec!["must have 7 to 15 digits, country code included (it has 5)"]
    );
}
