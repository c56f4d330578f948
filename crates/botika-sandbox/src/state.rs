//! What the sandbox remembers: media, messages (both directions), templates, broadcasts, labels
//! and when each customer last wrote. Serializable as a whole for the state file.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::clock;
use crate::config::Labels;

/// An uploaded file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MediaRecord {
    /// The media id.
    pub id: String,
    /// `image`, `document`, ... (the upload's part name).
    pub kind: String,
    /// The part's MIME type, served back as `Content-Type`.
    pub mime: String,
    /// The part's file name, served back in `Content-Disposition`.
    pub filename: String,
    /// Hex SHA-256 of the bytes, as inbound media webhooks carry it.
    pub sha256: String,
    /// The file.
    #[serde(with = "base64_bytes")]
    pub bytes: Bytes,
    /// Unix ms.
    pub created_at: u64,
}

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Sent by the business.
    Outbound,
    /// Sent by a customer.
    Inbound,
}

/// One status a message reached, and when.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusEntry {
    /// The status.
    pub status: String,
    /// Unix ms.
    pub at: u64,
}

/// A message, sent by the business (outbound) or by a customer (inbound).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageRecord {
    /// The message id.
    pub id: String,
    /// Which way it went.
    pub direction: Direction,
    /// The customer's number as the request gave it (`to` or `from`).
    pub customer: String,
    /// The customer's digits, WhatsApp's `wa_id`.
    pub wa_id: String,
    /// The message type (`text`, `template`, ...).
    pub kind: String,
    /// Outbound: the request body. Inbound: the message object of the webhook.
    pub payload: Value,
    /// `accepted`, `sent`, `delivered`, `read`, `failed` (outbound); `received`, `read` (inbound).
    pub status: String,
    /// Every status reached, in order.
    pub history: Vec<StatusEntry>,
    /// The errors of a `failed` status.
    pub errors: Option<Value>,
    /// The broadcast it belongs to.
    pub broadcast_id: Option<String>,
    /// Unix ms.
    pub created_at: u64,
}

impl MessageRecord {
    /// The form the control API lists.
    pub fn to_json(&self) -> Value {
        let mut out = json!({
            "id": self.id,
            "direction": self.direction,
            (if self.direction == Direction::Outbound { "to" } else { "from" }): self.customer,
            "wa_id": self.wa_id,
            "type": self.kind,
            "content": self.payload,
            "status": self.status,
            "statuses": self.history.iter().map(|s| json!({"status": s.status, "at": clock::iso(s.at)})).collect::<Vec<_>>(),
            "created_at": clock::iso(self.created_at),
        });
        if let Some(errors) = &self.errors {
            out["errors"] = errors.clone();
        }
        if let Some(id) = &self.broadcast_id {
            out["broadcast_id"] = json!(id);
        }
        out
    }
}

/// A message template.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateRecord {
    /// The template id.
    pub id: u64,
    /// Lowercase name, shared by its languages.
    pub name: String,
    /// Language code (`en_US`, `id`).
    pub language: String,
    /// `MARKETING`, `UTILITY` or `AUTHENTICATION`.
    pub category: String,
    /// `PENDING`, `APPROVED`, `REJECTED`, ...
    pub status: String,
    /// Meta's component array, as created.
    pub components: Value,
    /// Why it was rejected.
    pub rejected_reason: Option<String>,
    /// Unix ms.
    pub created_at: u64,
    /// Bumped by every update, so a review scheduled for an older version is ignored.
    pub revision: u64,
}

impl TemplateRecord {
    /// The template as the API shows it (contract section 6).
    pub fn to_json(&self) -> Value {
        let mut out = json!({
            "id": self.id,
            "name": self.name,
            "language": self.language,
            "category": self.category,
            "status": self.status,
            "components": self.components,
        });
        if let Some(reason) = &self.rejected_reason {
            out["rejected_reason"] = json!(reason);
        }
        out["created_at"] = json!(clock::iso(self.created_at));
        out
    }
}

/// A broadcast and the messages it fanned out to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BroadcastRecord {
    /// The broadcast id.
    pub id: String,
    /// The name the request gave it.
    pub name: String,
    /// `contact` or `label`.
    pub kind: String,
    /// The template object as sent.
    pub template: Value,
    /// One message per recipient.
    pub message_ids: Vec<String>,
    /// Unix ms.
    pub created_at: u64,
}

/// Everything the sandbox keeps.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    /// Uploaded media by id.
    pub media: BTreeMap<String, MediaRecord>,
    /// Every message, oldest first.
    pub messages: Vec<MessageRecord>,
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// Templates, by id order.
    pub templates: Vec<TemplateRecord>,
    /// The id the next template gets.
    pub next_template_id: u64,
    /// Every broadcast.
    pub broadcasts: Vec<BroadcastRecord>,
    /// Label id -> recipients.
    pub labels: Labels,
    /// wa_id -> when that customer last wrote (Unix ms), for the service window.
    pub last_inbound: HashMap<String, u64>,
}

impl State {
    /// A fresh state: the seeded templates and the given labels.
    pub fn seeded(labels: Labels) -> State {
        let now = clock::now_ms();
        let templates = vec![hello_world(now), order_update(now)];
        State {
            next_template_id: templates.len() as u64 + 1,
            templates,
            labels,
            ..State::default()
        }
    }

    /// Rebuilds the id index after loading from a file.
    pub fn reindex(&mut self) {
        self.index = self
            .messages
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
    }

    /// Stores a message.
    pub fn push_message(&mut self, message: MessageRecord) {
        self.index.insert(message.id.clone(), self.messages.len());
        self.messages.push(message);
    }

    /// The message with that id.
    pub fn message(&self, id: &str) -> Option<&MessageRecord> {
        self.index.get(id).and_then(|&i| self.messages.get(i))
    }

    /// The message with that id, to change it.
    pub fn message_mut(&mut self, id: &str) -> Option<&mut MessageRecord> {
        self.index.get(id).and_then(|&i| self.messages.get_mut(i))
    }

    /// The template with that name in that language.
    pub fn template(&self, name: &str, language: &str) -> Option<&TemplateRecord> {
        self.templates
            .iter()
            .find(|t| t.name == name && t.language == language)
    }

    /// The template with that id, to change it.
    pub fn template_mut(&mut self, id: u64) -> Option<&mut TemplateRecord> {
        self.templates.iter_mut().find(|t| t.id == id)
    }
}

/// The digits of a phone number or WhatsApp id: how recipients are compared.
pub fn wa_id(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

fn seed(id: u64, name: &str, category: &str, components: Value, now: u64) -> TemplateRecord {
    TemplateRecord {
        id,
        name: name.into(),
        language: "en_US".into(),
        category: category.into(),
        status: "APPROVED".into(),
        components,
        rejected_reason: None,
        created_at: now,
        revision: 0,
    }
}

/// Seed 1: sendable at once, with no parameters.
fn hello_world(now: u64) -> TemplateRecord {
    let components = json!([
        {"type": "HEADER", "format": "TEXT", "text": "Hello from Botika"},
        {"type": "BODY", "text": "Welcome! This sample message shows that your bot can send WhatsApp template messages through the Botika sandbox."},
        {"type": "FOOTER", "text": "Botika sandbox sample"}
    ]);
    seed(1, "hello_world", "UTILITY", components, now)
}

/// Seed 2: one header variable, one body variable and a quick-reply button.
fn order_update(now: u64) -> TemplateRecord {
    let components = json!([
        {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": {"header_text": ["#1024"]}},
        {"type": "BODY", "text": "Hi {{1}}, your order is on its way.", "example": {"body_text": [["Budi"]]}},
        {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Track order"}]}
    ]);
    seed(2, "order_update", "UTILITY", components, now)
}

/// Media bytes as base64 in the state file.
mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use bytes::Bytes;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Bytes, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD
            .decode(text)
            .map(Bytes::from)
            .map_err(serde::de::Error::custom)
    }
}
