//! Messages (`POST /messages`, `PUT /messages/{id}`): the eleven outgoing message types, their
//! builders and validation, reading them from plain JSON for the bindings, and the
//! [`Messages`] resource that sends them.
//!
//! ```no_run
//! use botika::{Interactive, Text};
//! # async fn demo(client: &botika::Client) -> botika::Result<()> {
//! let sent = client.messages().send("+62 812-3456-7890", Text::new("Halo!")).await?;
//! let menu = Interactive::buttons("Pick one").button("a", "Option A").button("b", "Option B");
//! client.messages().send("+62 812-3456-7890", menu.reply_to(&sent.id)).await?;
//! # Ok(()) }
//! ```

mod body;
mod check;
mod content;
mod fit;
mod header;
mod interactive;
mod media;
mod resource;
mod template;
mod validate;
pub(crate) mod wire;

#[cfg(test)]
pub(crate) mod tests;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};

pub(crate) use check::{
    Problems, check_length, check_non_empty, check_recipient, check_required, field, index,
};
pub use content::{Contact, Location, Reaction, Text};
pub use header::{Header, HeaderKind};
pub use interactive::{
    Action, Interactive, InteractiveKind, InteractiveText, ProductItem, Reply, ReplyButton, Row,
    Section,
};
pub use media::{
    Audio, Captioned, Document, Image, MediaObject, MediaObjectKind, Sticker, Video, media_kind,
};
pub(crate) use resource::SEND_PATH;
pub use resource::{Messages, SentMessage};
pub use template::{
    ButtonParam, ButtonParamType, LimitedTimeOffer, TemplateMessage, TemplateParam,
};
use wire::{extra_fields, from_json_at, into_object, take_string};

/// The content of a message: one of the eleven types of `POST /messages`.
///
/// Every builder converts into it (and so into an [`OutgoingMessage`]) with `.into()`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MessageContent {
    /// `text`.
    Text(Text),
    /// `image`.
    Image(Image),
    /// `video`.
    Video(Video),
    /// `audio`.
    Audio(Audio),
    /// `document`.
    Document(Document),
    /// `sticker`.
    Sticker(Sticker),
    /// `location`.
    Location(Location),
    /// `contacts`: at least one entry.
    Contacts(Vec<Contact>),
    /// `reaction`.
    Reaction(Reaction),
    /// `interactive`.
    Interactive(Interactive),
    /// `template`.
    Template(TemplateMessage),
}

/// The message types, in the order the error for an unknown type lists them.
const TYPES: [&str; 11] = [
    "text",
    "image",
    "video",
    "audio",
    "document",
    "sticker",
    "location",
    "contacts",
    "reaction",
    "interactive",
    "template",
];

fn unknown_type(kind: &str) -> Error {
    Error::invalid_argument(
        "type",
        format!("must be one of {} (got {kind:?})", TYPES.join(", ")),
    )
}

impl MessageContent {
    /// The wire `type`, which is also the key of the content object (`"text"`).
    pub fn type_name(&self) -> &'static str {
        match self {
            MessageContent::Text(_) => "text",
            MessageContent::Image(m) => m.kind(),
            MessageContent::Video(m) => m.kind(),
            MessageContent::Audio(m) => m.kind(),
            MessageContent::Document(m) => m.kind(),
            MessageContent::Sticker(m) => m.kind(),
            MessageContent::Location(_) => "location",
            MessageContent::Contacts(_) => "contacts",
            MessageContent::Reaction(_) => "reaction",
            MessageContent::Interactive(_) => "interactive",
            MessageContent::Template(_) => "template",
        }
    }

    /// Reads the content object of type `kind` from its wire JSON (what a binding receives as a
    /// dict or object). An error (`invalid_argument`) names the path of the offending field:
    /// `interactive.action.buttons[0].reply.title: missing field`.
    ///
    /// Only the shape is read here; [`MessageContent::validate`] checks the rules.
    ///
    /// ```
    /// use botika::MessageContent;
    /// let content = MessageContent::from_json("text", serde_json::json!({"body": "Halo!"}))?;
    /// let err = MessageContent::from_json(
    ///     "interactive",
    ///     serde_json::json!({"type": "button", "body": {"text": "?"}, "action": {"buttons": [{"type": "reply", "reply": {"id": "a"}}]}}),
    /// ).unwrap_err();
    /// assert_eq!(err.message(), "interactive.action.buttons[0].reply.title: missing field");
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn from_json(kind: &str, value: Value) -> Result<MessageContent> {
        Ok(match kind {
            "text" => MessageContent::Text(from_json_at(value, kind)?),
            "image" => MessageContent::Image(from_json_at(value, kind)?),
            "video" => MessageContent::Video(from_json_at(value, kind)?),
            "audio" => MessageContent::Audio(from_json_at(value, kind)?),
            "document" => MessageContent::Document(from_json_at(value, kind)?),
            "sticker" => MessageContent::Sticker(from_json_at(value, kind)?),
            "location" => MessageContent::Location(from_json_at(value, kind)?),
            "contacts" => MessageContent::Contacts(from_json_at(value, kind)?),
            "reaction" => MessageContent::Reaction(from_json_at(value, kind)?),
            "interactive" => MessageContent::Interactive(from_json_at(value, kind)?),
            "template" => MessageContent::Template(from_json_at(value, kind)?),
            other => return Err(unknown_type(other)),
        })
    }

    /// Checks every rule of docs/rules.md for this content; the error lists all failures with
    /// their paths (`interactive.action.buttons[3].reply.title`).
    ///
    /// ```
    /// use botika::{MessageContent, Text};
    /// let e = MessageContent::from(Text::new("")).validate().unwrap_err();
    /// assert_eq!(e.field_errors()["text.body"], ["must be 1 to 4096 characters (it has 0)"]);
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut problems = Problems::new();
        validate::check_content(&mut problems, self);
        problems.into_result()
    }

    /// Wraps this content as a reply to `message_id`.
    pub fn reply_to(self, message_id: impl Into<String>) -> OutgoingMessage {
        OutgoingMessage::new(self).reply_to(message_id)
    }
}

impl Serialize for MessageContent {
    /// Serializes the content object alone (the value under the `type` key).
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match self {
            MessageContent::Text(c) => c.serialize(serializer),
            MessageContent::Image(c) => c.serialize(serializer),
            MessageContent::Video(c) => c.serialize(serializer),
            MessageContent::Audio(c) => c.serialize(serializer),
            MessageContent::Document(c) => c.serialize(serializer),
            MessageContent::Sticker(c) => c.serialize(serializer),
            MessageContent::Location(c) => c.serialize(serializer),
            MessageContent::Contacts(c) => c.serialize(serializer),
            MessageContent::Reaction(c) => c.serialize(serializer),
            MessageContent::Interactive(c) => c.serialize(serializer),
            MessageContent::Template(c) => c.serialize(serializer),
        }
    }
}

macro_rules! content_from {
    ($($variant:ident($ty:ty);)+) => {$(
        impl From<$ty> for MessageContent {
            fn from(content: $ty) -> MessageContent {
                MessageContent::$variant(content)
            }
        }
    )+};
}
content_from! {
    Text(Text);
    Image(Image);
    Video(Video);
    Audio(Audio);
    Document(Document);
    Sticker(Sticker);
    Location(Location);
    Contacts(Vec<Contact>);
    Reaction(Reaction);
    Interactive(Interactive);
    Template(TemplateMessage);
}

impl From<Contact> for MessageContent {
    fn from(contact: Contact) -> MessageContent {
        MessageContent::Contacts(vec![contact])
    }
}

impl<const N: usize> From<[Contact; N]> for MessageContent {
    fn from(contacts: [Contact; N]) -> MessageContent {
        MessageContent::Contacts(contacts.into())
    }
}

/// Adds the `reply_to` shortcut to the content builders.
macro_rules! reply_to {
    ($($ty:ty),+) => {$(
        impl $ty {
            /// This content as a reply to `message_id` (sent as `reply_message_id`).
            pub fn reply_to(self, message_id: impl Into<String>) -> OutgoingMessage {
                OutgoingMessage::new(self).reply_to(message_id)
            }
        }
    )+};
}
reply_to!(
    Text,
    Image,
    Video,
    Audio,
    Document,
    Sticker,
    Location,
    Contact,
    Reaction,
    Interactive,
    TemplateMessage
);

/// A message ready to send to any recipient: its content, the message it replies to, and
/// top-level fields the SDK does not model.
///
/// Anything that converts into [`MessageContent`] converts into an `OutgoingMessage`:
///
/// ```
/// use botika::{OutgoingMessage, Text};
/// let plain: OutgoingMessage = Text::new("Halo!").into();
/// let reply = Text::new("Thanks!").reply_to("wamid.HBgL").extra("biz_opaque_callback_data", "order-7");
/// assert_eq!(reply.to_json("+62 812-3456-7890")["reply_message_id"], "wamid.HBgL");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OutgoingMessage {
    /// What is sent.
    pub content: MessageContent,
    /// The message this one replies to (not allowed on reactions).
    pub reply_message_id: Option<String>,
    /// Top-level fields the SDK does not model, sent as given.
    pub extra: Map<String, Value>,
}

impl<T: Into<MessageContent>> From<T> for OutgoingMessage {
    fn from(content: T) -> OutgoingMessage {
        OutgoingMessage::new(content)
    }
}

/// Top-level keys the SDK writes itself; an extra field may not replace them.
const RESERVED: [&str; 3] = ["to", "type", "reply_message_id"];

impl OutgoingMessage {
    /// A message with this content.
    ///
    /// ```
    /// use botika::{OutgoingMessage, Text};
    /// let message = OutgoingMessage::new(Text::new("Halo!")).extra("biz_opaque_callback_data", "order-7");
    /// assert_eq!(message.to_json("+62 812-3456-7890")["biz_opaque_callback_data"], "order-7");
    /// ```
    pub fn new(content: impl Into<MessageContent>) -> OutgoingMessage {
        OutgoingMessage {
            content: content.into(),
            reply_message_id: None,
            extra: Map::new(),
        }
    }

    /// Shows the message as a reply to `message_id`.
    pub fn reply_to(mut self, message_id: impl Into<String>) -> OutgoingMessage {
        self.reply_message_id = Some(message_id.into());
        self
    }

    /// Reads a whole message from its wire JSON without `to`:
    /// `{"type", "<type>": {...}, "reply_message_id"?, ...}`. Other top-level keys are kept as
    /// extra fields. Errors name the path of the offending field.
    ///
    /// ```
    /// let message = botika::OutgoingMessage::from_json(serde_json::json!({
    ///     "type": "reaction", "reaction": {"id": "wamid.1", "emoji": "😁"}
    /// }))?;
    /// assert_eq!(message.content.type_name(), "reaction");
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn from_json(value: Value) -> Result<OutgoingMessage> {
        let mut map = into_object(value)?;
        let kind = take_string(&mut map, "type")?;
        if !TYPES.contains(&kind.as_str()) {
            return Err(unknown_type(&kind));
        }
        let content = match map.remove(&kind) {
            Some(body) => MessageContent::from_json(&kind, body)?,
            None => return Err(Error::invalid_argument(kind, "missing field")),
        };
        let reply_message_id = match map.remove("reply_message_id") {
            None | Some(Value::Null) => None,
            Some(Value::String(id)) => Some(id),
            Some(_) => {
                return Err(Error::invalid_argument(
                    "reply_message_id",
                    "must be a string",
                ));
            }
        };
        Ok(OutgoingMessage {
            content,
            reply_message_id,
            extra: map,
        })
    }

    /// Checks every rule of docs/rules.md for the message (content, `reply_message_id`, extra
    /// fields), reporting all failures with their paths. The recipient is checked by
    /// [`Messages::send`].
    ///
    /// ```
    /// use botika::{OutgoingMessage, Reaction};
    /// // A reaction cannot be a reply.
    /// let wrong = OutgoingMessage::from(Reaction::new("wamid.1", "👍")).reply_to("wamid.1");
    /// let e = wrong.validate().unwrap_err();
    /// assert!(e.field_errors().contains_key("reply_message_id"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut problems = Problems::new();
        self.check(&mut problems);
        problems.into_result()
    }

    pub(crate) fn check(&self, problems: &mut Problems) {
        validate::check_content(problems, &self.content);
        match &self.reply_message_id {
            Some(_) if matches!(self.content, MessageContent::Reaction(_)) => {
                problems.add("reply_message_id", "is not allowed on a reaction")
            }
            Some(id) => check_non_empty(problems, "reply_message_id", id),
            None => {}
        }
        let content_key = self.content.type_name();
        for key in self
            .extra
            .keys()
            .filter(|k| RESERVED.contains(&k.as_str()) || k.as_str() == content_key)
        {
            problems.add(
                key.as_str(),
                "is set by the SDK and cannot be an extra field",
            );
        }
    }

    /// The request body for recipient `to`, exactly as [`Messages::send`] sends it:
    /// `{"to", "reply_message_id"?, "type", "<type>", ...extra}`.
    ///
    /// ```
    /// use botika::{OutgoingMessage, Text};
    /// let body = OutgoingMessage::from(Text::new("Halo!")).to_json("+62 812-3456-7890");
    /// assert_eq!(body, serde_json::json!({"to": "+62 812-3456-7890", "type": "text", "text": {"body": "Halo!"}}));
    /// ```
    pub fn to_json(&self, to: &str) -> Value {
        let mut body = Map::new();
        body.insert("to".to_owned(), Value::from(to));
        if let Some(id) = &self.reply_message_id {
            body.insert("reply_message_id".to_owned(), Value::from(id.as_str()));
        }
        let kind = self.content.type_name();
        body.insert("type".to_owned(), Value::from(kind));
        // Serializing into a `Value` cannot fail for these types (string keys only), and merges
        // each object's extra fields over its modelled ones.
        body.insert(
            kind.to_owned(),
            serde_json::to_value(&self.content).unwrap_or(Value::Null),
        );
        body.extend(self.extra.clone());
        Value::Object(body)
    }
}

extra_fields! {
    impl OutgoingMessage;
}

/// Checks a recipient (`to`) as every send does: digits, spaces, `-`, `(`, `)`, `.` and one
/// leading `+`, 7 to 15 digits with a country code. The error names the field `to`.
///
/// ```
/// assert!(botika::validate_recipient("+62 812-3456-7890").is_ok());
/// assert!(botika::validate_recipient("0812345678").is_err()); // no country code
/// ```
pub fn validate_recipient(to: &str) -> Result<()> {
    check::recipient("to", to)
}
