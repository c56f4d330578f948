//! Tapping a business message's option as the customer: a reply button or a list row of an
//! interactive message, or a template's quick-reply button. The tap reaches the bot the way
//! WhatsApp reports it (an `interactive` `button_reply` or `list_reply`, or a `button` with the
//! quick reply's payload), in reply to the message, through the same operation as
//! `POST /_sandbox/inbound`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::template_view;
use crate::engine::Engine;
use crate::error::ApiError;
use crate::http::extract::JsonBody;
use crate::state::{Direction, MessageRecord, State as Stored};

/// One option a customer can tap.
#[derive(Debug, Clone, PartialEq)]
pub struct Tap {
    /// What the option shows.
    pub title: String,
    /// A list row's second line.
    pub description: Option<String>,
    /// A list row's section title.
    pub section: Option<String>,
    /// The inbound message type the tap sends, and its object.
    reply: (&'static str, Value),
}

impl Tap {
    /// The option as the page draws it; `option` is its number.
    pub fn to_json(&self, option: usize) -> Value {
        let mut out = json!({ "option": option, "title": self.title });
        if let Some(description) = &self.description {
            out["description"] = json!(description);
        }
        if let Some(section) = &self.section {
            out["section"] = json!(section);
        }
        out
    }
}

/// The options of a business message, in the order the customer sees them; none for a
/// customer's message or a message without any.
pub fn options(state: &Stored, message: &MessageRecord) -> Vec<Tap> {
    if message.direction != Direction::Outbound {
        return Vec::new();
    }
    let content = &message.payload[message.kind.as_str()];
    match (message.kind.as_str(), content["type"].as_str()) {
        ("interactive", Some("button")) => reply_buttons(&content["action"]),
        ("interactive", Some("list")) => list_rows(&content["action"]),
        ("template", _) => quick_replies(state, content),
        _ => Vec::new(),
    }
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn reply_buttons(action: &Value) -> Vec<Tap> {
    action["buttons"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|button| {
            let reply = &button["reply"];
            let tapped = json!({ "id": reply["id"], "title": reply["title"] });
            Tap {
                title: text(&reply["title"]),
                description: None,
                section: None,
                reply: (
                    "interactive",
                    json!({ "type": "button_reply", "button_reply": tapped }),
                ),
            }
        })
        .collect()
}

fn list_rows(action: &Value) -> Vec<Tap> {
    let mut taps = Vec::new();
    for section in action["sections"].as_array().into_iter().flatten() {
        for row in section["rows"].as_array().into_iter().flatten() {
            let description = row["description"].as_str().map(str::to_owned);
            let mut tapped = json!({ "id": row["id"], "title": row["title"] });
            if let Some(description) = &description {
                tapped["description"] = json!(description);
            }
            taps.push(Tap {
                title: text(&row["title"]),
                description,
                section: section["title"].as_str().map(str::to_owned),
                reply: (
                    "interactive",
                    json!({ "type": "list_reply", "list_reply": tapped }),
                ),
            });
        }
    }
    taps
}

fn quick_replies(state: &Stored, sent: &Value) -> Vec<Tap> {
    let rendered = template_view::render(state, sent);
    rendered["buttons"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|button| button.get("option").is_some())
        .map(|button| Tap {
            title: text(&button["text"]),
            description: None,
            section: None,
            reply: (
                "button",
                json!({ "text": button["text"], "payload": button["payload"] }),
            ),
        })
        .collect()
}

/// `POST /_inbox/taps` with `{"message_id", "option"}`: the customer taps that option; answers
/// `{"data": {"id"}}`, the id of the customer's new message.
pub async fn tap(
    State(engine): State<Arc<Engine>>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let Some(id) = body["message_id"].as_str() else {
        return Err(ApiError::field(
            "message_id",
            "The message id field is required.",
        ));
    };
    let Some(option) = body["option"].as_u64() else {
        return Err(ApiError::field(
            "option",
            "The option must be a whole number.",
        ));
    };
    let inbound = {
        let state = engine.state();
        let Some(message) = state.message(id) else {
            return Err(ApiError::not_found("Message not found."));
        };
        let tapped = usize::try_from(option)
            .ok()
            .and_then(|n| options(&state, message).into_iter().nth(n));
        let Some(Tap {
            reply: (kind, content),
            ..
        }) = tapped
        else {
            return Err(ApiError::field(
                "option",
                format!("The message has no option {option} to tap."),
            ));
        };
        json!({ "from": message.customer, "type": kind, kind: content, "context": { "id": id } })
    };
    let id = engine.inbound(&inbound)?;
    Ok(Json(json!({ "data": { "id": id } })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Labels;
    use crate::ops::messages::outbound;

    fn sent(kind: &str, content: Value) -> MessageRecord {
        let payload = json!({ "to": "+62 812-3456-7890", "type": kind, kind: content });
        outbound("wamid.1", "+62 812-3456-7890", kind, payload, None)
    }

    #[test]
    fn reply_buttons_tap_as_button_replies() {
        let state = Stored::seeded(Labels::default());
        let message = sent(
            "interactive",
            json!({"type": "button", "body": {"text": "Ok?"}, "action": {"buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                {"type": "reply", "reply": {"id": "no", "title": "No"}}
            ]}}),
        );
        let taps = options(&state, &message);
        assert_eq!(taps.len(), 2);
        assert_eq!(taps[1].to_json(1), json!({"option": 1, "title": "No"}));
        assert_eq!(
            taps[1].reply,
            (
                "interactive",
                json!({"type": "button_reply", "button_reply": {"id": "no", "title": "No"}})
            )
        );
    }

    #[test]
    fn list_rows_are_numbered_across_sections() {
        let state = Stored::seeded(Labels::default());
        let message = sent(
            "interactive",
            json!({"type": "list", "body": {"text": "Pick"}, "action": {"button": "Menu", "sections": [
                {"title": "Hot", "rows": [{"id": "tea", "title": "Tea"}]},
                {"title": "Cold", "rows": [{"id": "ice", "title": "Iced tea", "description": "Sweet"}]}
            ]}}),
        );
        let taps = options(&state, &message);
        assert_eq!(
            taps[1].to_json(1),
            json!({"option": 1, "title": "Iced tea", "description": "Sweet", "section": "Cold"})
        );
        assert_eq!(
            taps[1].reply.1,
            json!({"type": "list_reply", "list_reply": {"id": "ice", "title": "Iced tea", "description": "Sweet"}})
        );
    }

    #[test]
    fn template_quick_replies_tap_as_buttons_with_their_payload() {
        let state = Stored::seeded(Labels::default());
        let message = sent(
            "template",
            json!({"name": "order_update", "language": "en_US", "param": {
                "header": {"type": "text", "text": "#1"}, "body": ["Budi"],
                "button": [{"type": "QUICK_REPLY", "value": "track-1"}]
            }}),
        );
        let taps = options(&state, &message);
        assert_eq!(
            taps[0].reply,
            (
                "button",
                json!({"text": "Track order", "payload": "track-1"})
            )
        );
    }

    #[test]
    fn customers_messages_and_plain_texts_have_no_options() {
        let state = Stored::seeded(Labels::default());
        assert!(options(&state, &sent("text", json!({"body": "hi"}))).is_empty());
        let mut inbound = sent(
            "interactive",
            json!({"type": "button", "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "A"}}]}}),
        );
        inbound.direction = Direction::Inbound;
        assert!(options(&state, &inbound).is_empty());
    }
}
