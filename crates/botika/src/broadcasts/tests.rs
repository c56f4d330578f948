//! Unit tests of broadcasts: the exact request body, every rule at its boundary, and reading
//! both documented shapes of `/broadcasts/latest` (plus a property test that no JSON makes the
//! readers panic).

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::messages::tests::no_panic::arbitrary_json;
use crate::messages::{ButtonParam, Header, Image};

fn promo() -> TemplateMessage {
    TemplateMessage::new("flash_sale", "id")
        .header_image(Image::from_id("IMG"))
        .body(["Budi"])
        .button(ButtonParam::copy_code("HEMAT"))
        .limited_time_offer(1_700_000_000_000)
}

fn paths(broadcast: &Broadcast) -> Vec<String> {
    broadcast
        .validate()
        .err()
        .map(|e| e.field_errors().keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn contact_broadcast_body_sends_the_header_as_an_array() {
    let broadcast = Broadcast::to_contacts(
        "June sale",
        ["+62 812-3456-7890", "+1 (000) 000 0000"],
        promo(),
    );
    assert_eq!(broadcast.kind(), "contact");
    assert_eq!(
        broadcast.to_json(),
        json!({
            "name": "June sale",
            "type": "contact",
            "to": ["+62 812-3456-7890", "+1 (000) 000 0000"],
            "template": {
                "name": "flash_sale",
                "language": "id",
                "param": {
                    "header": [{"type": "image", "image": {"id": "IMG"}}],
                    "body": ["Budi"],
                    "button": [{"type": "COPY_CODE", "value": "HEMAT"}],
                    "limited_time_offer": {"expiration_time": 1_700_000_000_000_i64}
                }
            }
        })
    );
    assert!(broadcast.validate().is_ok());
}

#[test]
fn label_broadcast_sends_integers_and_an_empty_param() {
    let broadcast =
        Broadcast::to_labels("Digest", [1, 2, 3], TemplateMessage::new("digest", "en_US"))
            .extra("schedule", "now");
    assert_eq!(
        broadcast.to_json(),
        json!({"name": "Digest", "type": "label", "to": [1, 2, 3],
               "template": {"name": "digest", "language": "en_US", "param": {}}, "schedule": "now"})
    );
    assert!(broadcast.validate().is_ok());
}

#[test]
fn an_extra_header_field_replacing_the_header_is_sent_as_given() {
    let template =
        promo().param(crate::messages::TemplateParam::default().extra("header", json!([])));
    let body = Broadcast::to_labels("x", [1], template).to_json();
    assert_eq!(body["template"]["param"], json!({"header": []}));
}

#[test]
fn rules_at_the_boundaries() {
    assert_eq!(
        paths(&Broadcast::to_contacts(" ", ["+62 812 3456 7890"], promo())),
        ["name"]
    );
    assert_eq!(
        paths(&Broadcast::to_contacts("n", Vec::<String>::new(), promo())),
        ["to"]
    );
    assert_eq!(paths(&Broadcast::to_labels("n", [], promo())), ["to"]);
    assert_eq!(
        paths(&Broadcast::to_contacts(
            "n",
            [
                "+62 812 3456 7890",
                "0812",
                "123456789012345",
                "+62 (812) abc"
            ],
            promo()
        )),
        ["to[1]", "to[3]"]
    );
    let labels = Broadcast::to_labels("n", [1, 0, 7, 0], promo());
    assert_eq!(paths(&labels), ["to[1]", "to[3]"]);
    assert_eq!(
        labels.validate().unwrap_err().field_errors()["to[1]"],
        ["must be a positive label id"]
    );
}

#[test]
fn template_rules_name_the_array_header() {
    let template = TemplateMessage::new("", "id")
        .header(Header::text(""))
        .limited_time_offer(0);
    assert_eq!(
        paths(&Broadcast::to_labels("n", [1], template)),
        [
            "template.name",
            "template.param.header[0].text",
            "template.param.limited_time_offer.expiration_time"
        ]
    );
}

#[test]
fn reserved_fields_cannot_be_extras() {
    let broadcast = Broadcast::to_labels("n", [1], promo())
        .extra("type", "contact")
        .extra("to", json!([]));
    assert_eq!(paths(&broadcast), ["to", "type"]);
}

#[test]
fn broadcasts_read_from_json_with_paths() {
    let wire = json!({
        "name": "June sale", "type": "contact", "to": ["+62 812 3456 7890"], "x": true,
        "template": {"name": "flash_sale", "language": "id", "param": {"header": [{"type": "text", "text": "Budi"}]}}
    });
    let broadcast = Broadcast::from_json(wire.clone()).unwrap();
    assert_eq!(
        broadcast.recipients,
        BroadcastRecipients::Contacts(vec!["+62 812 3456 7890".into()])
    );
    assert_eq!(broadcast.extra["x"], true);
    assert_eq!(broadcast.to_json(), wire, "the header array round-trips");
    let cases = [
        (json!({"type": "label", "to": [1]}), "name", "missing field"),
        (
            json!({"name": "n", "type": "group", "to": []}),
            "type",
            "must be contact or label (got \"group\")",
        ),
        (
            json!({"name": "n", "type": "label", "template": {}}),
            "to",
            "missing field",
        ),
        (
            json!({"name": "n", "type": "label", "to": [1, "2"]}),
            "to[1]",
            "invalid type: string \"2\", expected u64",
        ),
        (
            json!({"name": "n", "type": "label", "to": [-1]}),
            "to[0]",
            "invalid value: integer `-1`, expected u64",
        ),
        (
            json!({"name": "n", "type": "contact", "to": [62812]}),
            "to[0]",
            "invalid type: integer `62812`, expected a string",
        ),
        (
            json!({"name": "n", "type": "label", "to": [1]}),
            "template",
            "missing field",
        ),
        (
            json!({"name": "n", "type": "label", "to": [1], "template": {"name": "t", "language": "id", "param": {"body": [1]}}}),
            "template.param.body[0]",
            "invalid type: integer `1`, expected a string",
        ),
        (json!(5), ".", "must be a JSON object"),
    ];
    for (value, want_path, want_rule) in cases {
        let err = Broadcast::from_json(value.clone()).unwrap_err();
        let (path, rules) = err.field_errors().iter().next().unwrap();
        assert_eq!(
            (path.as_str(), rules[0].as_str()),
            (want_path, want_rule),
            "{value}"
        );
    }
}

#[test]
fn template_messages_read_from_json() {
    let template = TemplateMessage::from_json(json!({"name": "t", "language": "id"})).unwrap();
    assert_eq!(template, TemplateMessage::new("t", "id"));
    let err = TemplateMessage::from_json(json!({"language": "id"})).unwrap_err();
    assert_eq!(err.message(), "template.name: missing field");
}

#[test]
fn latest_with_a_broadcast() {
    let latest = LatestBroadcast::from_json(json!({"data": {
        "hasBroadcast": true,
        "message_id": 987654,
        "content": {"from": "broadcast", "type": "template", "content": {"name": "flash_sale", "body": "Hi Budi"}},
        "message_created_at": "2024-06-01 09:00:00",
        "latest_status": "delivered"
    }}));
    assert!(latest.has_broadcast);
    assert_eq!(latest.message_id.as_deref(), Some("987654"));
    let content = latest.content.as_ref().unwrap();
    assert_eq!(
        (content.from.as_deref(), content.kind.as_deref()),
        (Some("broadcast"), Some("template"))
    );
    assert_eq!(content.content["body"], "Hi Budi");
    assert_eq!(
        latest.message_created_at.as_deref(),
        Some("2024-06-01 09:00:00")
    );
    assert_eq!(latest.latest_status.as_deref(), Some("delivered"));
    let serialized = serde_json::to_value(&latest).unwrap();
    assert_eq!(serialized["has_broadcast"], true);
    assert_eq!(serialized["content"]["type"], "template");
    assert_eq!(serialized["raw"]["data"]["message_id"], 987654);
}

#[test]
fn latest_without_a_broadcast_has_absent_fields() {
    let latest = LatestBroadcast::from_json(
        json!({"data": {"hasBroadcast": false, "message_id": null, "content": []}}),
    );
    assert_eq!(
        (
            latest.has_broadcast,
            latest.message_id,
            latest.content,
            latest.message_created_at,
            latest.latest_status
        ),
        (false, None, None, None, None)
    );
    assert_eq!(latest.raw["data"]["content"], json!([]));
}

#[test]
fn latest_reads_odd_flags_leniently() {
    let cases = [
        (json!({"data": {"hasBroadcast": 1}}), true),
        (json!({"data": {"hasBroadcast": "true"}}), true),
        (json!({"data": {"hasBroadcast": "no"}}), false),
        (json!({"data": {"has_broadcast": true}}), true),
        (json!({"data": {"message_id": "wamid.1"}}), true),
        (json!({"data": {}}), false),
        (json!(null), false),
    ];
    for (body, want) in cases {
        assert_eq!(
            LatestBroadcast::from_json(body.clone()).has_broadcast,
            want,
            "{body}"
        );
    }
}

#[test]
fn created_broadcast_reads_leniently() {
    let created = BroadcastCreated::from_json(json!({"data": {
        "id": 55, "name": "June sale", "type": "contact", "total_recipients": "2", "status": "queued", "x": 1
    }}));
    assert_eq!(
        (
            created.id.as_str(),
            created.name.as_str(),
            created.kind.as_str(),
            created.total_recipients,
            created.status.as_str()
        ),
        ("55", "June sale", "contact", 2, "queued")
    );
    let mut dict = serde_json::to_value(&created).unwrap();
    assert_eq!(dict["raw"]["data"]["x"], 1);
    dict.as_object_mut().unwrap().remove("raw");
    assert_eq!(
        dict,
        json!({"id": "55", "name": "June sale", "type": "contact", "total_recipients": 2, "status": "queued"})
    );
    let odd = BroadcastCreated::from_json(json!({"data": {"total_recipients": 3.0}}));
    assert_eq!((odd.id.as_str(), odd.total_recipients), ("", 3));
    assert_eq!(
        BroadcastCreated::from_json(json!("accepted")).total_recipients,
        0
    );
}

proptest! {
    #[test]
    fn readers_never_panic(value in arbitrary_json()) {
        let _ = LatestBroadcast::from_json(value.clone());
        let _ = BroadcastCreated::from_json(json!({"data": value.clone()}));
        let _ = BroadcastCreated::from_json(value);
    }
}
