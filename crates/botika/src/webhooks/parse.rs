//! Reading a delivery: the envelope is recognised, then every message, status and template
//! update is read field by field from the JSON tree. Each field is read on its own and leniently
//! (strings or numbers, an object where a list was expected), so one odd field never costs the
//! whole event, and whatever has no type is kept as an [`Event::Unknown`].

use std::slice;

use serde_json::{Map, Value};

use super::events::{
    ButtonPress, DeliveryStatus, Envelope, Event, InboundMedia, InboundMessage, Location,
    MessageContent, MessageContext, Metadata, Reaction, Reply, SharedContact, StatusError,
    StatusUpdate, TemplateStatusUpdate, Text, UnknownEvent, WebhookPayload,
};
use crate::error::{Error, Result};

const MESSAGES_FIELD: &str = "messages";
const TEMPLATE_FIELD: &str = "message_template_status_update";

/// Reads a delivery's JSON tree; `Err` only when it is not a JSON object.
pub(super) fn payload(raw: Value) -> Result<WebhookPayload> {
    let Value::Object(root) = &raw else {
        return Err(Error::decode("the webhook body is not a JSON object"));
    };
    let object = text(&raw, "object");
    let (envelope, events) = if root.contains_key("entry") {
        (Envelope::Cloud, cloud(&raw))
    } else if is_template_update(root) {
        (
            Envelope::Flat,
            vec![Event::TemplateStatus(template_status(
                &raw,
                Metadata::default(),
            ))],
        )
    } else {
        (
            Envelope::Flat,
            messages_value(root, &Metadata::default(), &["object"]),
        )
    };
    Ok(WebhookPayload {
        envelope,
        object,
        events,
        raw,
    })
}

fn cloud(raw: &Value) -> Vec<Event> {
    let mut events = Vec::new();
    for entry in items(member(raw, "entry")) {
        let account_id = text(entry, "id");
        let Some(changes) = member(entry, "changes") else {
            events.push(unknown(None, entry));
            continue;
        };
        for change in items(Some(changes)) {
            let field = text(change, "field");
            let value = member(change, "value").unwrap_or(&Value::Null);
            let metadata = Metadata {
                account_id: account_id.clone(),
                phone_number_id: member(value, "metadata").and_then(|m| text(m, "phone_number_id")),
                display_phone_number: member(value, "metadata")
                    .and_then(|m| text(m, "display_phone_number")),
            };
            match (field.as_deref(), value) {
                (Some(TEMPLATE_FIELD), _) => {
                    events.push(Event::TemplateStatus(template_status(value, metadata)))
                }
                (Some(MESSAGES_FIELD) | None, Value::Object(map))
                    if field.is_some() || has_messages(map) =>
                {
                    events.extend(messages_value(
                        map,
                        &metadata,
                        &["messaging_product", "metadata"],
                    ));
                }
                _ => events.push(unknown(field, change)),
            }
        }
    }
    events
}

fn has_messages(map: &Map<String, Value>) -> bool {
    ["messages", "statuses", "contacts"]
        .iter()
        .any(|key| map.contains_key(*key))
}

/// A bare template review result (the flat envelope's way to send one).
fn is_template_update(root: &Map<String, Value>) -> bool {
    root.contains_key("event")
        || root.contains_key("message_template_id")
        || root.contains_key("message_template_name")
}

/// The events of a `messages` value (or a flat body): messages, then statuses, then any other
/// key except those in `expected`.
fn messages_value(map: &Map<String, Value>, metadata: &Metadata, expected: &[&str]) -> Vec<Event> {
    let contacts: Vec<&Value> = items(member_of(map, "contacts")).collect();
    let mut events = Vec::new();
    for message in items(member_of(map, "messages")) {
        events.push(match message {
            Value::Object(_) => Event::Message(inbound_message(message, &contacts, metadata)),
            other => unknown(Some("messages".to_owned()), other),
        });
    }
    for status in items(member_of(map, "statuses")) {
        events.push(match status {
            Value::Object(_) => Event::Status(status_update(status, metadata)),
            other => unknown(Some("statuses".to_owned()), other),
        });
    }
    for (key, value) in map {
        if !matches!(key.as_str(), "contacts" | "messages" | "statuses")
            && !expected.contains(&key.as_str())
        {
            events.push(unknown(Some(key.clone()), value));
        }
    }
    events
}

fn inbound_message(message: &Value, contacts: &[&Value], metadata: &Metadata) -> InboundMessage {
    let from = text(message, "from").unwrap_or_default();
    InboundMessage {
        id: text(message, "id").unwrap_or_default(),
        timestamp: integer(message, "timestamp"),
        profile_name: profile_name(contacts, &from),
        context: member(message, "context")
            .filter(|c| c.is_object())
            .map(|context| MessageContext {
                message_id: text(context, "id").or_else(|| text(context, "message_id")),
                from: text(context, "from"),
                forwarded: boolean(context, "forwarded").unwrap_or(false)
                    || boolean(context, "frequently_forwarded").unwrap_or(false),
            }),
        content: content(message),
        metadata: metadata.clone(),
        raw: message.clone(),
        from,
    }
}

/// The sender's name: the contact whose `wa_id` is the sender, else the only contact given.
fn profile_name(contacts: &[&Value], from: &str) -> Option<String> {
    let name_of = |contact: &Value| {
        member(contact, "profile")
            .and_then(|profile| text(profile, "name"))
            .or_else(|| text(contact, "name"))
    };
    contacts
        .iter()
        .find(|contact| text(contact, "wa_id").as_deref() == Some(from))
        .or(match contacts {
            [only] => Some(only),
            _ => None,
        })
        .and_then(|contact| name_of(contact))
}

const KNOWN_KINDS: [&str; 11] = [
    "text",
    "image",
    "video",
    "audio",
    "document",
    "sticker",
    "location",
    "contacts",
    "interactive",
    "button",
    "reaction",
];

fn content(message: &Value) -> MessageContent {
    // Without a `type`, the first known kind's key that is present says what it is.
    let kind = text(message, "type")
        .or_else(|| {
            KNOWN_KINDS
                .iter()
                .find(|kind| member(message, kind).is_some())
                .map(|kind| (*kind).to_owned())
        })
        .unwrap_or_default();
    let body = member(message, &kind).unwrap_or(&Value::Null);
    match kind.as_str() {
        "text" => MessageContent::Text(Text {
            // Some providers send the text itself instead of `{"body": ...}`.
            body: text(body, "body")
                .or_else(|| scalar_text(body))
                .unwrap_or_default(),
        }),
        "image" => MessageContent::Image(media(body)),
        "video" => MessageContent::Video(media(body)),
        "audio" => MessageContent::Audio(media(body)),
        "document" => MessageContent::Document(media(body)),
        "sticker" => MessageContent::Sticker(media(body)),
        "location" => MessageContent::Location(Location {
            latitude: float(body, "latitude"),
            longitude: float(body, "longitude"),
            name: text(body, "name"),
            address: text(body, "address"),
            url: text(body, "url"),
        }),
        "contacts" => MessageContent::Contacts(items(Some(body)).map(shared_contact).collect()),
        "interactive" => interactive(body),
        "button" => MessageContent::Button(ButtonPress {
            text: text(body, "text").unwrap_or_default(),
            payload: text(body, "payload"),
        }),
        "reaction" => MessageContent::Reaction(Reaction {
            message_id: text(body, "message_id").unwrap_or_default(),
            emoji: text(body, "emoji"),
        }),
        _ => MessageContent::Unknown {
            kind,
            content: body.clone(),
        },
    }
}

fn media(body: &Value) -> InboundMedia {
    InboundMedia {
        id: text(body, "id"),
        link: text(body, "link").or_else(|| text(body, "url")),
        mime_type: text(body, "mime_type"),
        sha256: text(body, "sha256"),
        caption: text(body, "caption"),
        filename: text(body, "filename"),
        voice: boolean(body, "voice"),
        animated: boolean(body, "animated"),
    }
}

fn shared_contact(card: &Value) -> SharedContact {
    // Botika's card: {"name": str, "phone": str}; Meta's: {"name": {"formatted_name"}, "phones": [{"phone"}]}.
    let name = text(card, "name").or_else(|| {
        let name = member(card, "name")?;
        text(name, "formatted_name").or_else(|| {
            let parts: Vec<String> = ["first_name", "last_name"]
                .iter()
                .filter_map(|key| text(name, key))
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        })
    });
    let mut phones: Vec<String> = text(card, "phone").into_iter().collect();
    phones.extend(items(member(card, "phones")).filter_map(|phone| {
        text(phone, "phone")
            .or_else(|| text(phone, "wa_id"))
            .or_else(|| scalar_text(phone))
    }));
    SharedContact {
        name,
        phones,
        raw: card.clone(),
    }
}

fn interactive(body: &Value) -> MessageContent {
    let kind = text(body, "type").or_else(|| {
        ["button_reply", "list_reply"]
            .iter()
            .find(|key| member(body, key).is_some())
            .map(|key| (*key).to_owned())
    });
    let reply = |key: &str| {
        let reply = member(body, key).unwrap_or(&Value::Null);
        Reply {
            id: text(reply, "id").unwrap_or_default(),
            title: text(reply, "title").unwrap_or_default(),
            description: text(reply, "description"),
        }
    };
    match kind.as_deref() {
        Some("button_reply") => MessageContent::ButtonReply(reply("button_reply")),
        Some("list_reply") => MessageContent::ListReply(reply("list_reply")),
        _ => MessageContent::Unknown {
            kind: "interactive".to_owned(),
            content: body.clone(),
        },
    }
}

fn status_update(status: &Value, metadata: &Metadata) -> StatusUpdate {
    StatusUpdate {
        message_id: text(status, "id")
            .or_else(|| text(status, "message_id"))
            .unwrap_or_default(),
        status: DeliveryStatus::from_wire(&text(status, "status").unwrap_or_default()),
        recipient: text(status, "recipient_id").or_else(|| text(status, "recipient")),
        timestamp: integer(status, "timestamp"),
        errors: items(member(status, "errors"))
            .map(|error| StatusError {
                code: integer(error, "code"),
                title: text(error, "title"),
                message: text(error, "message"),
                details: member(error, "error_data")
                    .and_then(|data| text(data, "details"))
                    .or_else(|| text(error, "details")),
                raw: error.clone(),
            })
            .collect(),
        metadata: metadata.clone(),
        raw: status.clone(),
    }
}

fn template_status(value: &Value, metadata: Metadata) -> TemplateStatusUpdate {
    TemplateStatusUpdate {
        status: text(value, "event").unwrap_or_default(),
        template_id: text(value, "message_template_id"),
        template_name: text(value, "message_template_name"),
        language: text(value, "message_template_language"),
        reason: text(value, "reason")
            .filter(|reason| !reason.trim().is_empty() && reason != "NONE"),
        metadata,
        raw: value.clone(),
    }
}

fn unknown(field: Option<String>, raw: &Value) -> Event {
    Event::Unknown(UnknownEvent {
        field,
        raw: raw.clone(),
    })
}

/// The items of a list; an object (or any other single value) counts as a list of one, and an
/// absent or `null` value as an empty list.
fn items(value: Option<&Value>) -> slice::Iter<'_, Value> {
    match value {
        Some(Value::Array(list)) => list.iter(),
        Some(Value::Null) | None => [].iter(),
        Some(single) => slice::from_ref(single).iter(),
    }
}

/// A string, number or boolean as text.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Objects up to this size are searched key by key (see [`member_of`]).
const SCANNED: usize = 8;

/// The member `key` of `value` when it is an object (like `Value::get`).
fn member<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    match value {
        Value::Object(map) => member_of(map, key),
        _ => None,
    }
}

/// The member `key` of `map`. A delivery's objects are small, and comparing their few keys is
/// cheaper than hashing the key looked for (SipHash, as `Map::get` does) for every lookup.
fn member_of<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= SCANNED {
        map.iter()
            .find_map(|(name, value)| (name.as_str() == key).then_some(value))
    } else {
        map.get(key)
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    member(value, key).and_then(scalar_text)
}

/// A number, or a string holding one.
fn float(value: &Value, key: &str) -> Option<f64> {
    let number = match member(value, key)? {
        Value::Number(number) => number.as_f64()?,
        Value::String(text) => text.trim().parse().ok()?,
        _ => return None,
    };
    number.is_finite().then_some(number)
}

/// An integer, or a string or float holding one (fractions are dropped, extremes saturate).
fn integer(value: &Value, key: &str) -> Option<i64> {
    match member(value, key)? {
        Value::Number(number) => number
            .as_i64()
            .or_else(|| number.as_f64().map(|f| f as i64)),
        Value::String(text) => {
            let text = text.trim();
            text.parse().ok().or_else(|| {
                let float: f64 = text.parse().ok()?;
                float.is_finite().then_some(float as i64)
            })
        }
        _ => None,
    }
}

fn boolean(value: &Value, key: &str) -> Option<bool> {
    match member(value, key)? {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) => match text.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}
