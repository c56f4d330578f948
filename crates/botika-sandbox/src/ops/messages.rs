//! Messages: sending (`POST /messages`, checked against stored templates, media and messages),
//! marking inbound messages read, and receiving customer messages (the control API's inbound).

use serde_json::{Value, json};

use super::{language, required_str};
use crate::clock;
use crate::engine::Engine;
use crate::error::ApiError;
use crate::rules::{self, FieldErrors};
use crate::state::{Direction, MessageRecord, State, StatusEntry, wa_id};
use crate::webhooks::{Event, payload};

const MEDIA_KINDS: [&str; 5] = ["image", "video", "audio", "document", "sticker"];

impl Engine {
    /// `POST /messages`: validates, stores and schedules an outbound message; answers its id.
    pub fn send_message(&self, body: &Value) -> Result<String, ApiError> {
        ApiError::check(rules::message(body))?;
        let to = required_str(body, "to")?;
        let kind = required_str(body, "type")?;
        if body.get(kind).is_none() {
            return Err(ApiError::field(
                kind,
                format!("The {kind} field is required."),
            ));
        }
        let id = self.ids.message();
        let wa_id = wa_id(to);
        {
            let mut state = self.state();
            check_references(&state, body, kind)?;
            state.push_message(outbound(&id, to, kind, body.clone(), None));
        }
        self.touch();
        self.plan_outbound(&id, &wa_id, kind);
        Ok(id)
    }

    /// `PUT /messages/{id}`: marks an inbound message read. Unknown and outbound ids are a bare
    /// 404 (checked before the body, as Laravel's route binding runs before validation).
    pub fn mark_read(&self, id: &str, body: &Value) -> Result<(), ApiError> {
        let mut state = self.state();
        let Some(message) = state
            .message_mut(id)
            .filter(|m| m.direction == Direction::Inbound)
        else {
            return Err(ApiError::not_found_empty());
        };
        ApiError::check(rules::mark_read(body))?;
        if message.status != "read" {
            message.status = "read".into();
            message.history.push(StatusEntry {
                status: "read".into(),
                at: clock::now_ms(),
            });
        }
        drop(state);
        self.touch();
        Ok(())
    }

    /// A customer writes to the business (`POST /_sandbox/inbound`): `{"from", "type",
    /// "<type>": {...}, "name"?, "context"?: {"id"}}`. Stored, reported by webhook; answers the
    /// new message's id.
    pub fn inbound(&self, body: &Value) -> Result<String, ApiError> {
        ApiError::check(rules::inbound(body))?;
        let from = required_str(body, "from")?;
        let kind = required_str(body, "type")?;
        let Some(content) = body.get(kind) else {
            return Err(ApiError::field(
                kind,
                format!("The {kind} field is required."),
            ));
        };
        let context = body["context"]["id"].as_str();
        if context.is_some_and(|id| self.state().message(id).is_none()) {
            return Err(ApiError::field(
                "context.id",
                "The selected context.id is invalid.",
            ));
        }
        let content = match kind {
            "contacts" => contact_cards(content),
            _ => content.clone(),
        };
        Ok(self.receive(from, kind, content, context, body["name"].as_str()))
    }

    /// Records a customer's message, opens their service window and sends the webhook.
    pub(crate) fn receive(
        &self,
        from: &str,
        kind: &str,
        content: Value,
        context: Option<&str>,
        name: Option<&str>,
    ) -> String {
        let id = self.ids.message();
        let now = clock::now_ms();
        let wa = wa_id(from);
        let mut message =
            json!({ "from": wa, "id": id, "timestamp": clock::unix_secs(now), "type": kind });
        {
            let mut state = self.state();
            message[kind] = with_media_details(&state, kind, content);
            if let Some(context) = context {
                message["context"] = json!({ "from": payload::DISPLAY_NUMBER, "id": context });
            }
            state.push_message(MessageRecord {
                id: id.clone(),
                direction: Direction::Inbound,
                customer: from.to_owned(),
                wa_id: wa.clone(),
                kind: kind.to_owned(),
                payload: message.clone(),
                status: "received".into(),
                history: vec![StatusEntry {
                    status: "received".into(),
                    at: now,
                }],
                errors: None,
                broadcast_id: None,
                created_at: now,
            });
            state.last_inbound.insert(wa.clone(), now);
        }
        self.touch();
        let contact =
            json!({ "profile": { "name": name.unwrap_or("Sandbox Customer") }, "wa_id": wa });
        self.webhooks.send(&wa, Event::Message { contact, message });
        id
    }
}

/// A new outbound message record, status `accepted`.
pub(crate) fn outbound(
    id: &str,
    to: &str,
    kind: &str,
    payload: Value,
    broadcast_id: Option<String>,
) -> MessageRecord {
    let now = clock::now_ms();
    MessageRecord {
        id: id.to_owned(),
        direction: Direction::Outbound,
        customer: to.to_owned(),
        wa_id: wa_id(to),
        kind: kind.to_owned(),
        payload,
        status: "accepted".into(),
        history: vec![StatusEntry {
            status: "accepted".into(),
            at: now,
        }],
        errors: None,
        broadcast_id,
        created_at: now,
    }
}

/// The checks that need state: the messages replied or reacted to exist, the media ids were
/// uploaded (as that kind), and a template send fits an approved template.
fn check_references(state: &State, body: &Value, kind: &str) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    if let Some(id) = body["reply_message_id"].as_str() {
        if state.message(id).is_none() {
            errors.add(
                "reply_message_id",
                "The selected reply message id is invalid.",
            );
        }
    }
    let content = &body[kind];
    match kind {
        "reaction"
            if content["id"]
                .as_str()
                .is_some_and(|id| state.message(id).is_none()) =>
        {
            errors.add("reaction.id", "The selected reaction.id is invalid.");
        }
        "interactive" => header_media(state, &content["header"], "interactive.header", &mut errors),
        "template" => {
            header_media(
                state,
                &content["param"]["header"],
                "template.param.header",
                &mut errors,
            );
            errors.extend(template_fits(state, content, false));
        }
        _ if MEDIA_KINDS.contains(&kind) => media_id(state, content, kind, kind, &mut errors),
        _ => {}
    }
    ApiError::check(errors)
}

/// A header `{"type": "image", "image": {"id"}}` names uploaded media of its type.
fn header_media(state: &State, header: &Value, path: &str, errors: &mut FieldErrors) {
    if let Some(kind) = header["type"].as_str().filter(|k| MEDIA_KINDS.contains(k)) {
        media_id(
            state,
            &header[kind],
            &format!("{path}.{kind}"),
            kind,
            errors,
        );
    }
}

fn media_id(state: &State, object: &Value, path: &str, kind: &str, errors: &mut FieldErrors) {
    let Some(id) = object["id"].as_str() else {
        return;
    };
    match state.media.get(id) {
        None => errors.add(
            format!("{path}.id"),
            format!("The selected {path}.id is invalid."),
        ),
        Some(media) if media.kind != kind => errors.add(
            format!("{path}.id"),
            format!(
                "The {path}.id must be uploaded {kind} media; it is {}.",
                media.kind
            ),
        ),
        Some(_) => {}
    }
}

/// A template send (`template` object at `template`) names an approved template in that
/// language, and its `param` fits it.
pub(crate) fn template_fits(state: &State, template: &Value, header_is_array: bool) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let (Some(name), Some(lang)) = (template["name"].as_str(), language(template)) else {
        errors.add(
            "template.name",
            "The template name and language are required.",
        );
        return errors;
    };
    match state.template(name, lang) {
        None => errors.add(
            "template.name",
            format!("The template {name} does not exist in language {lang}."),
        ),
        Some(t) if t.status != "APPROVED" => {
            errors.add(
                "template.name",
                format!(
                    "The template {name} ({lang}) is {}, not APPROVED.",
                    t.status
                ),
            );
        }
        Some(t) => errors.extend(rules::template_param_fits(
            &t.to_json(),
            template.get("param"),
            "template",
            header_is_array,
        )),
    }
    errors
}

/// The control API takes shared contacts in Botika's flat send shape, `{"name", "phone"}`;
/// WhatsApp delivers Meta's contact card, so each becomes `{"name": {"formatted_name",
/// "first_name", "last_name"?}, "phones": [{"phone", "wa_id"?}]}`. The name splits at its first
/// space, as a phone's address book holds it; `wa_id` (the digits) is there only when the phone
/// reads as a WhatsApp number (7 to 15 digits after a country code), as WhatsApp adds it only for
/// numbers on WhatsApp.
fn contact_cards(cards: &Value) -> Value {
    let Some(cards) = cards.as_array() else {
        return cards.clone();
    };
    cards
        .iter()
        .map(|card| {
            let name = card["name"].as_str().unwrap_or_default().trim();
            let mut full_name = json!({ "formatted_name": name });
            match name.split_once(char::is_whitespace) {
                Some((first, last)) => {
                    full_name["first_name"] = json!(first);
                    full_name["last_name"] = json!(last.trim_start());
                }
                None => full_name["first_name"] = json!(name),
            }
            let written = card["phone"].as_str().unwrap_or_default();
            let mut phone = json!({ "phone": written });
            let digits = wa_id(written);
            if (7..=15).contains(&digits.len()) && !digits.starts_with('0') {
                phone["wa_id"] = json!(digits);
            }
            json!({ "name": full_name, "phones": [phone] })
        })
        .collect()
}

/// Inbound media that names uploaded media gets its MIME type and hash, as WhatsApp sends them.
fn with_media_details(state: &State, kind: &str, mut content: Value) -> Value {
    if !MEDIA_KINDS.contains(&kind) {
        return content;
    }
    let media = content["id"].as_str().and_then(|id| state.media.get(id));
    if let (Some(media), Some(object)) = (media, content.as_object_mut()) {
        object
            .entry("mime_type")
            .or_insert_with(|| json!(media.mime));
        object
            .entry("sha256")
            .or_insert_with(|| json!(media.sha256));
    }
    content
}
