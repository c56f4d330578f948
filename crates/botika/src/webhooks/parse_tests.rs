//! Every event kind, read from both envelopes.

use serde_json::{Value, json};

use super::*;

const CUSTOMER: &str = "6282112345678";

fn cloud(value: Value) -> Vec<u8> {
    let mut value = value;
    value["messaging_product"] = json!("whatsapp");
    value["metadata"] =
        json!({"display_phone_number": "6281100001111", "phone_number_id": "106540352242922"});
    serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}]
    }))
    .unwrap()
}

fn flat(value: Value) -> Vec<u8> {
    serde_json::to_vec(&value).unwrap()
}

/// The only event of `body` in both envelopes, after checking the envelope-specific metadata.
fn both(value: Value) -> [Event; 2] {
    let from_cloud = parse(&cloud(value.clone())).unwrap();
    let from_flat = parse(&flat(value)).unwrap();
    assert_eq!(from_cloud.envelope, Envelope::Cloud);
    assert_eq!(
        from_cloud.object.as_deref(),
        Some("whatsapp_business_account")
    );
    assert_eq!(from_flat.envelope, Envelope::Flat);
    assert_eq!(from_cloud.events.len(), 1, "{:?}", from_cloud.events);
    assert_eq!(from_flat.events.len(), 1, "{:?}", from_flat.events);
    [from_cloud.events[0].clone(), from_flat.events[0].clone()]
}

fn inbound(kind: &str, content: Value) -> Value {
    let mut message =
        json!({"from": CUSTOMER, "id": "wamid.IN", "timestamp": "1764089402", "type": kind});
    message[kind] = content;
    json!({"contacts": [{"profile": {"name": "Sari"}, "wa_id": CUSTOMER}], "messages": [message]})
}

/// The message content of `kind` read from both envelopes (common fields checked).
fn content_of(kind: &str, content: Value) -> MessageContent {
    let [cloud_event, flat_event] = both(inbound(kind, content));
    let (Event::Message(cloud_message), Event::Message(flat_message)) = (cloud_event, flat_event)
    else {
        panic!("not messages");
    };
    assert_eq!(cloud_message.content, flat_message.content);
    for message in [&cloud_message, &flat_message] {
        assert_eq!(
            (message.id.as_str(), message.from.as_str()),
            ("wamid.IN", CUSTOMER)
        );
        assert_eq!(message.timestamp, Some(1_764_089_402));
        assert_eq!(message.profile_name.as_deref(), Some("Sari"));
        assert_eq!(message.raw["type"], kind);
    }
    assert_eq!(
        cloud_message.metadata.phone_number_id.as_deref(),
        Some("106540352242922")
    );
    assert_eq!(
        cloud_message.metadata.account_id.as_deref(),
        Some("102290129340398")
    );
    assert_eq!(flat_message.metadata, Metadata::default());
    cloud_message.content
}

#[test]
fn text_messages() {
    let content = content_of("text", json!({"body": "Is the Parang batik available?"}));
    assert_eq!(
        content,
        MessageContent::Text(Text {
            body: "Is the Parang batik available?".into()
        })
    );
}

#[test]
fn media_messages_of_every_kind() {
    let media = json!({"id": "1037543291543700", "mime_type": "image/jpeg", "sha256": "5f9d", "caption": "This one?"});
    let expected = InboundMedia {
        id: Some("1037543291543700".into()),
        mime_type: Some("image/jpeg".into()),
        sha256: Some("5f9d".into()),
        caption: Some("This one?".into()),
        ..InboundMedia::default()
    };
    assert_eq!(
        content_of("image", media.clone()),
        MessageContent::Image(expected.clone())
    );
    assert_eq!(
        content_of("video", media.clone()),
        MessageContent::Video(expected.clone())
    );
    let document = content_of("document", json!({"id": 77, "filename": "invoice.pdf"}));
    assert_eq!(
        document,
        MessageContent::Document(InboundMedia {
            id: Some("77".into()),
            filename: Some("invoice.pdf".into()),
            ..InboundMedia::default()
        })
    );
    let voice = content_of(
        "audio",
        json!({"id": "A", "mime_type": "audio/ogg; codecs=opus", "voice": true}),
    );
    let MessageContent::Audio(audio) = voice else {
        panic!("{voice:?}")
    };
    assert_eq!(
        (audio.voice, audio.mime_type.as_deref()),
        (Some(true), Some("audio/ogg; codecs=opus"))
    );
    let sticker = content_of(
        "sticker",
        json!({"link": "https://x/s.webp", "animated": false}),
    );
    let MessageContent::Sticker(sticker) = sticker else {
        panic!("{sticker:?}")
    };
    assert_eq!(
        (sticker.id, sticker.link.as_deref(), sticker.animated),
        (None, Some("https://x/s.webp"), Some(false))
    );
}

#[test]
fn locations_with_numbers_or_strings() {
    let content = content_of(
        "location",
        json!({"latitude": -7.7956, "longitude": "110.3695", "name": "Home"}),
    );
    let MessageContent::Location(location) = content else {
        panic!("{content:?}")
    };
    assert_eq!(
        (location.latitude, location.longitude),
        (Some(-7.7956), Some(110.3695))
    );
    assert_eq!(
        (location.name.as_deref(), location.address),
        (Some("Home"), None)
    );
    let content = content_of("location", json!({"latitude": "north", "longitude": null}));
    assert_eq!(content, MessageContent::Location(Location::default()));
}

#[test]
fn contacts_in_botika_and_meta_shapes() {
    let content = content_of(
        "contacts",
        json!([
            {"name": "Budi", "phone": "+62 812-3456-7890"},
            {"name": {"formatted_name": "Ani W", "first_name": "Ani"}, "phones": [{"phone": "+62 811", "wa_id": "62811", "type": "CELL"}, {"wa_id": "62812"}]},
            {"name": {"first_name": "Rina", "last_name": "S"}}
        ]),
    );
    let MessageContent::Contacts(cards) = content else {
        panic!("{content:?}")
    };
    let summary: Vec<_> = cards
        .iter()
        .map(|card| (card.name.clone(), card.phones.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (Some("Budi".into()), vec!["+62 812-3456-7890".to_owned()]),
            (
                Some("Ani W".into()),
                vec!["+62 811".to_owned(), "62812".to_owned()]
            ),
            (Some("Rina S".into()), vec![]),
        ]
    );
}

#[test]
fn interactive_replies_with_context() {
    let mut body = inbound(
        "interactive",
        json!({"type": "button_reply", "button_reply": {"id": "keep-l", "title": "Yes, size L"}}),
    );
    body["messages"][0]["context"] = json!({"from": "6281100001111", "id": "wamid.OUT"});
    for event in both(body) {
        let Event::Message(message) = event else {
            panic!("{event:?}")
        };
        assert_eq!(
            message.content,
            MessageContent::ButtonReply(Reply {
                id: "keep-l".into(),
                title: "Yes, size L".into(),
                description: None
            })
        );
        let context = message.context.unwrap();
        assert_eq!(
            (
                context.message_id.as_deref(),
                context.from.as_deref(),
                context.forwarded
            ),
            (Some("wamid.OUT"), Some("6281100001111"), false)
        );
    }
    let list = content_of(
        "interactive",
        json!({"type": "list_reply", "list_reply": {"id": "row-2", "title": "Size L", "description": "Fits 95 cm"}}),
    );
    assert_eq!(
        list,
        MessageContent::ListReply(Reply {
            id: "row-2".into(),
            title: "Size L".into(),
            description: Some("Fits 95 cm".into())
        })
    );
    let untyped = content_of(
        "interactive",
        json!({"list_reply": {"id": 3, "title": "T"}}),
    );
    assert_eq!(
        untyped,
        MessageContent::ListReply(Reply {
            id: "3".into(),
            title: "T".into(),
            description: None
        })
    );
    let flow = content_of(
        "interactive",
        json!({"type": "nfm_reply", "nfm_reply": {"response_json": "{}"}}),
    );
    assert_eq!(flow.kind(), "interactive");
    assert!(
        matches!(flow, MessageContent::Unknown { ref content, .. } if content["type"] == "nfm_reply")
    );
}

#[test]
fn template_quick_replies_and_reactions() {
    let button = content_of(
        "button",
        json!({"text": "Track order", "payload": "track-42"}),
    );
    assert_eq!(
        button,
        MessageContent::Button(ButtonPress {
            text: "Track order".into(),
            payload: Some("track-42".into())
        })
    );
    let reaction = content_of(
        "reaction",
        json!({"message_id": "wamid.OUT", "emoji": "👍"}),
    );
    assert_eq!(
        reaction,
        MessageContent::Reaction(Reaction {
            message_id: "wamid.OUT".into(),
            emoji: Some("👍".into())
        })
    );
    let removed = content_of("reaction", json!({"message_id": "wamid.OUT"}));
    assert_eq!(
        removed,
        MessageContent::Reaction(Reaction {
            message_id: "wamid.OUT".into(),
            emoji: None
        })
    );
}

#[test]
fn unknown_kinds_are_kept_as_raw_json() {
    let order = content_of(
        "order",
        json!({"catalog_id": "C1", "product_items": [{"quantity": 2}]}),
    );
    assert_eq!(
        order,
        MessageContent::Unknown {
            kind: "order".into(),
            content: json!({"catalog_id": "C1", "product_items": [{"quantity": 2}]})
        }
    );
    let mut untyped = inbound("text", json!({"body": "hi"}));
    untyped["messages"][0]
        .as_object_mut()
        .unwrap()
        .remove("type");
    for event in both(untyped) {
        let Event::Message(message) = event else {
            panic!()
        };
        assert_eq!(
            message.content,
            MessageContent::Text(Text { body: "hi".into() })
        );
    }
}

#[test]
fn statuses_of_every_kind_with_errors() {
    for (wire, status) in [
        ("sent", DeliveryStatus::Sent),
        ("delivered", DeliveryStatus::Delivered),
        ("read", DeliveryStatus::Read),
        ("deleted", DeliveryStatus::Other("deleted".into())),
    ] {
        let body = json!({"statuses": [{"id": "wamid.OUT", "status": wire, "timestamp": 1764089410, "recipient_id": CUSTOMER}]});
        for event in both(body) {
            let Event::Status(update) = event else {
                panic!("{event:?}")
            };
            assert_eq!(update.status, status);
            assert_eq!(update.status.as_str(), wire);
            assert_eq!(
                (update.message_id.as_str(), update.recipient.as_deref()),
                ("wamid.OUT", Some(CUSTOMER))
            );
            assert_eq!(
                (update.timestamp, update.errors.len()),
                (Some(1_764_089_410), 0)
            );
        }
    }
    let failed = json!({"statuses": [{"id": "wamid.F", "status": "failed", "timestamp": "1764089411", "recipient_id": CUSTOMER,
        "errors": [{"code": 131047, "title": "Re-engagement message", "error_data": {"details": "More than 24 hours passed."}}]}]});
    for event in both(failed) {
        let Event::Status(update) = event else {
            panic!()
        };
        assert_eq!(update.status, DeliveryStatus::Failed);
        let error = &update.errors[0];
        assert_eq!(error.code, Some(131_047));
        assert_eq!(error.title.as_deref(), Some("Re-engagement message"));
        assert_eq!(error.details.as_deref(), Some("More than 24 hours passed."));
    }
}

#[test]
fn template_review_results_in_both_envelopes() {
    let update = json!({"event": "REJECTED", "message_template_id": 44, "message_template_name": "reject_promo",
        "message_template_language": "id", "reason": "Names starting with reject_ are rejected."});
    let cloud_body = json!({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398",
        "changes": [{"field": "message_template_status_update", "value": update}]}]});
    let from_cloud = parse(&serde_json::to_vec(&cloud_body).unwrap()).unwrap();
    let from_flat = parse(&serde_json::to_vec(&update).unwrap()).unwrap();
    assert_eq!(from_flat.envelope, Envelope::Flat);
    for payload in [&from_cloud, &from_flat] {
        let [Event::TemplateStatus(review)] = payload.events.as_slice() else {
            panic!("{:?}", payload.events)
        };
        assert_eq!(review.status, "REJECTED");
        assert_eq!(
            (
                review.template_id.as_deref(),
                review.template_name.as_deref()
            ),
            (Some("44"), Some("reject_promo"))
        );
        assert_eq!(review.language.as_deref(), Some("id"));
        assert_eq!(
            review.reason.as_deref(),
            Some("Names starting with reject_ are rejected.")
        );
    }
    let Event::TemplateStatus(review) = &from_cloud.events[0] else {
        panic!()
    };
    assert_eq!(
        review.metadata.account_id.as_deref(),
        Some("102290129340398")
    );
    let approved =
        parse(br#"{"event":"APPROVED","message_template_id":"43","reason":"NONE"}"#).unwrap();
    let Event::TemplateStatus(review) = &approved.events[0] else {
        panic!()
    };
    assert_eq!(
        (review.status.as_str(), review.reason.as_deref()),
        ("APPROVED", None)
    );
    assert_eq!(review.raw["reason"], "NONE");
}

#[test]
fn unknown_fields_entries_and_keys_are_kept() {
    let body = json!({"object": "whatsapp_business_account", "entry": [
        {"id": "1", "changes": [{"field": "account_update", "value": {"event": "VERIFIED_ACCOUNT"}}, {"field": "messages", "value": "odd"}]},
        {"id": "2", "time": 1}
    ]});
    let payload = parse(&serde_json::to_vec(&body).unwrap()).unwrap();
    let fields: Vec<_> = payload
        .events
        .iter()
        .map(|event| match event {
            Event::Unknown(unknown) => unknown.field.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        fields,
        [
            Some("account_update".to_owned()),
            Some("messages".to_owned()),
            None
        ]
    );
    let flat_extra = parse(br#"{"messages":[{"id":"m","type":"text","text":{"body":"x"}}, "junk"],"errors":[{"code":1}]}"#).unwrap();
    let kinds: Vec<_> = flat_extra
        .events
        .iter()
        .map(|event| match event {
            Event::Message(_) => "message".to_owned(),
            Event::Unknown(unknown) => unknown.field.clone().unwrap(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["message", "messages", "errors"]);
}

#[test]
fn several_events_keep_their_order_and_senders() {
    let body = json!({"contacts": [{"profile": {"name": "Sari"}, "wa_id": "1"}, {"profile": {"name": "Budi"}, "wa_id": "2"}],
        "messages": [{"from": "2", "id": "a", "type": "text", "text": {"body": "x"}}, {"from": 1, "id": "b", "type": "text", "text": "y"}, {"from": "3", "id": "c", "type": "text"}]});
    let payload = parse(&serde_json::to_vec(&body).unwrap()).unwrap();
    let summary: Vec<_> = payload
        .into_iter()
        .map(|event| match event {
            Event::Message(message) => (message.id, message.profile_name, message.content),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "a".into(),
                Some("Budi".into()),
                MessageContent::Text(Text { body: "x".into() })
            ),
            (
                "b".into(),
                Some("Sari".into()),
                MessageContent::Text(Text { body: "y".into() })
            ),
            (
                "c".into(),
                None,
                MessageContent::Text(Text {
                    body: String::new()
                })
            ),
        ]
    );
}

#[test]
fn lenient_timestamps_and_ids() {
    let body = json!({"messages": [
        {"from": 6282, "id": 99, "timestamp": 1764089402.9, "type": "text", "text": {"body": "x"}},
        {"from": "1", "id": "x", "timestamp": " 1764089402 ", "type": "text", "text": {"body": "x"}},
        {"from": "1", "id": "y", "timestamp": "yesterday", "type": "text", "text": {"body": "x"}},
        {"from": "1", "id": "z", "timestamp": 1e300, "type": "text", "text": {"body": "x"}}
    ]});
    let payload = parse(&serde_json::to_vec(&body).unwrap()).unwrap();
    let seen: Vec<_> = payload
        .events
        .iter()
        .map(|event| match event {
            Event::Message(message) => {
                (message.id.clone(), message.from.clone(), message.timestamp)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(seen[0], ("99".into(), "6282".into(), Some(1_764_089_402)));
    assert_eq!(seen[1].2, Some(1_764_089_402));
    assert_eq!(seen[2].2, None);
    assert_eq!(seen[3].2, Some(i64::MAX));
}

#[test]
fn only_non_objects_are_errors() {
    for body in [
        &b""[..],
        b"  ",
        b"not json",
        b"[]",
        b"\"text\"",
        b"42",
        b"{\"a\":",
    ] {
        let err = parse(body).unwrap_err();
        assert_eq!(err.code(), "decode", "{:?}", String::from_utf8_lossy(body));
    }
    assert!(parse(b"{}").unwrap().events.is_empty());
}

#[test]
fn events_serialize_as_tagged_snake_case_dicts() {
    let mut body = inbound("image", json!({"id": "M1", "mime_type": "image/png"}));
    body["messages"][0]["context"] = json!({"id": "wamid.OUT"});
    let payload = parse(&cloud(body)).unwrap();
    let value = serde_json::to_value(&payload).unwrap();
    assert_eq!(value["envelope"], "cloud");
    let event = &value["events"][0];
    assert_eq!(event["event"], "message");
    assert_eq!(event["type"], "image");
    assert_eq!(
        event["image"],
        json!({"id": "M1", "mime_type": "image/png", "sha256": null})
    );
    assert_eq!(
        event["context"],
        json!({"message_id": "wamid.OUT", "from": null, "forwarded": false})
    );
    assert_eq!(event["metadata"]["phone_number_id"], "106540352242922");
    assert_eq!(event["raw"]["image"]["id"], "M1");
    let status = serde_json::to_value(
        parse(br#"{"statuses":[{"id":"s","status":"read"}]}"#)
            .unwrap()
            .events,
    )
    .unwrap();
    assert_eq!(status[0]["event"], "status");
    assert_eq!(status[0]["status"], "read");
    assert!(status[0].get("metadata").is_none());
    let reply = serde_json::to_value(
        &parse(&flat(inbound(
            "interactive",
            json!({"type": "list_reply", "list_reply": {"id": "r", "title": "t"}}),
        )))
        .unwrap()
        .events[0],
    )
    .unwrap();
    assert_eq!(
        (reply["type"].clone(), reply["list_reply"]["id"].clone()),
        (json!("list_reply"), json!("r"))
    );
    let review =
        serde_json::to_value(&parse(br#"{"event":"APPROVED"}"#).unwrap().events[0]).unwrap();
    assert_eq!(
        (review["event"].clone(), review["status"].clone()),
        (json!("template_status"), json!("APPROVED"))
    );
    // An unknown kind named like a common field cannot overwrite it.
    let clash = serde_json::to_value(
        &parse(br#"{"messages":[{"id":"m","type":"id","id2":1}]}"#)
            .unwrap()
            .events[0],
    )
    .unwrap();
    assert_eq!(
        (clash["id"].clone(), clash["type"].clone()),
        (json!("m"), json!("id"))
    );
}

#[test]
fn verify_and_parse_checks_the_signature_first() {
    use hmac::{Hmac, Mac};
    let body = flat(inbound("text", json!({"body": "hi"})));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"s").unwrap();
    mac.update(&body);
    let header = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    assert_eq!(
        verify_and_parse(&body, Some(&header), "s")
            .unwrap()
            .events
            .len(),
        1
    );
    assert_eq!(
        verify_and_parse(&body, Some(&header), "t")
            .unwrap_err()
            .code(),
        "invalid_argument"
    );
    assert_eq!(
        verify_and_parse(b"not json", None, "s").unwrap_err().code(),
        "invalid_argument"
    );
}

#[test]
fn statuses_are_read_whatever_their_case_and_spacing() {
    for wire in ["READ", " Read ", "read"] {
        assert_eq!(DeliveryStatus::from_wire(wire), DeliveryStatus::Read);
    }
    assert_eq!(
        DeliveryStatus::from_wire(" Reads"),
        DeliveryStatus::Other(" Reads".into())
    );
}

#[test]
fn fields_are_found_in_small_and_large_objects_alike() {
    // Objects of up to 8 members are searched key by key, larger ones through the hash table.
    for padding in [0, 3, 20] {
        let mut message =
            json!({"from": CUSTOMER, "id": "wamid.BIG", "type": "text", "text": {"body": "hi"}});
        for n in 0..padding {
            message[format!("x_{n}")] = json!(n);
        }
        let payload = parse(&flat(json!({"messages": [message]}))).unwrap();
        let Event::Message(message) = &payload.events[0] else {
            panic!("{:?}", payload.events)
        };
        assert_eq!(
            (message.id.as_str(), message.from.as_str()),
            ("wamid.BIG", CUSTOMER)
        );
        assert_eq!(
            message.content,
            MessageContent::Text(Text { body: "hi".into() })
        );
    }
}
