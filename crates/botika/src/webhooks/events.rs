//! The typed events a webhook delivery holds. Every event keeps the JSON it was read from
//! (`raw`), and serializes (snake_case, tagged by `event`) to what the Python and Node packages
//! hand their users as dicts and objects.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// One parsed webhook delivery.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WebhookPayload {
    /// Which envelope the delivery used.
    pub envelope: Envelope,
    /// The envelope's `object` (`whatsapp_business_account`), when it has one.
    pub object: Option<String>,
    /// The events, in the order they appear.
    pub events: Vec<Event>,
    /// The delivery's JSON as received.
    pub raw: Value,
}

impl WebhookPayload {
    /// The payload as the JSON value it serializes to (exactly `serde_json::to_value(&payload)`),
    /// with the delivery's `raw` and each event's `raw` moved into place instead of copied: the
    /// cheaper way for a binding to hand a delivery over as plain data.
    ///
    /// ```
    /// let payload = botika::webhooks::parse(br#"{"statuses": [{"id": "wamid.1", "status": "read"}]}"#)?;
    /// let expected = serde_json::to_value(&payload).unwrap();
    /// assert_eq!(payload.into_value().unwrap(), expected);
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn into_value(mut self) -> serde_json::Result<Value> {
        let raw = std::mem::take(&mut self.raw);
        let event_raws: Vec<Value> = self
            .events
            .iter_mut()
            .map(|event| std::mem::take(event.raw_mut()))
            .collect();
        // Serialized with `null` where the trees were; each goes back into its own slot.
        let mut value = serde_json::to_value(&self)?;
        if let Value::Object(payload) = &mut value {
            if let Some(Value::Array(events)) = payload.get_mut("events") {
                for (event, raw) in events.iter_mut().zip(event_raws) {
                    if let Some(slot) = event.get_mut("raw") {
                        *slot = raw;
                    }
                }
            }
            if let Some(slot) = payload.get_mut("raw") {
                *slot = raw;
            }
        }
        Ok(value)
    }
}

impl IntoIterator for WebhookPayload {
    type Item = Event;
    type IntoIter = std::vec::IntoIter<Event>;

    fn into_iter(self) -> Self::IntoIter {
        self.events.into_iter()
    }
}

/// The two envelopes of contract section 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Envelope {
    /// Meta's Cloud API shape: `{"object", "entry": [{"changes": [{"field", "value"}]}]}`.
    Cloud,
    /// The on-premises shape: `contacts`, `messages`, `statuses` at the top level (or a bare
    /// template review result).
    Flat,
}

/// Something a webhook delivery reports. New kinds of event may be added (the webhook format is
/// not documented by Botika), so a `match` needs a catch-all arm.
///
/// ```
/// use botika::webhooks::{self, DeliveryStatus, Event, MessageContent};
/// let body = br#"{
///   "contacts": [{"profile": {"name": "Sari"}, "wa_id": "628123"}],
///   "messages": [
///     {"from": "628123", "id": "wamid.in1", "type": "text", "text": {"body": "Halo"}},
///     {"from": "628123", "id": "wamid.in2", "type": "interactive", "context": {"id": "wamid.out1"},
///      "interactive": {"type": "button_reply", "button_reply": {"id": "yes", "title": "Yes"}}}
///   ],
///   "statuses": [{"id": "wamid.out2", "status": "failed", "recipient_id": "628123",
///     "errors": [{"code": 131047, "title": "Re-engagement message"}]}]
/// }"#;
/// let mut handled = Vec::new();
/// for event in webhooks::parse(body)? {
///     match event {
///         Event::Message(message) => match &message.content {
///             MessageContent::Text(text) => handled.push(format!("{} said {}", message.from, text.body)),
///             MessageContent::ButtonReply(reply) => handled.push(format!("{} tapped {}", message.from, reply.id)),
///             other => handled.push(format!("{} sent a {}", message.from, other.kind())),
///         },
///         Event::Status(status) if status.status == DeliveryStatus::Failed => {
///             let code = status.errors.first().and_then(|error| error.code);
///             handled.push(format!("{} failed with {code:?}", status.message_id));
///         }
///         Event::Status(status) => handled.push(format!("{} is {}", status.message_id, status.status.as_str())),
///         Event::TemplateStatus(update) => handled.push(format!("template is {}", update.status)),
///         // Unknown parts of the delivery, and kinds of event added later.
///         _ => {}
///     }
/// }
/// assert_eq!(handled, [
///     "628123 said Halo",
///     "628123 tapped yes",
///     "wamid.out2 failed with Some(131047)",
/// ]);
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// A customer sent a message.
    Message(InboundMessage),
    /// A message the business sent changed state (sent, delivered, read, failed).
    Status(StatusUpdate),
    /// A template was reviewed, or its status changed.
    TemplateStatus(TemplateStatusUpdate),
    /// Anything else (another `field`, an unexpected key); kept as it came.
    Unknown(UnknownEvent),
}

impl Event {
    /// The JSON the event was read from.
    fn raw_mut(&mut self) -> &mut Value {
        match self {
            Event::Message(message) => &mut message.raw,
            Event::Status(status) => &mut status.raw,
            Event::TemplateStatus(update) => &mut update.raw,
            Event::Unknown(unknown) => &mut unknown.raw,
        }
    }
}

/// The business number an event belongs to (Cloud envelope only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// The WhatsApp business account id (`entry[].id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The business phone number's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number_id: Option<String>,
    /// The business phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_phone_number: Option<String>,
}

impl Metadata {
    fn is_empty(&self) -> bool {
        self == &Metadata::default()
    }
}

/// A message from a customer.
///
/// Serialized as `{"event": "message", "id", "from", ..., "type": "<kind>", "<kind>": {...}}`,
/// the content under the key its kind names (as the wire format has it).
///
/// ```
/// use botika::webhooks::{self, Event};
/// // A Cloud API delivery: a customer replies to one of the business's messages.
/// let body = br#"{"object": "whatsapp_business_account", "entry": [{"id": "WABA1", "changes": [{
///   "field": "messages",
///   "value": {"messaging_product": "whatsapp",
///     "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "PN1"},
///     "contacts": [{"profile": {"name": "Sari"}, "wa_id": "628123"}],
///     "messages": [{"from": "628123", "id": "wamid.in1", "timestamp": "1764089402",
///       "context": {"from": "6281100000000", "id": "wamid.out1"},
///       "type": "text", "text": {"body": "Yes, tomorrow is fine"}}]}}]}]}"#;
/// let payload = webhooks::parse(body)?;
/// let Event::Message(message) = &payload.events[0] else { panic!("a message") };
/// assert_eq!((message.from.as_str(), message.profile_name.as_deref()), ("628123", Some("Sari")));
/// assert_eq!(message.timestamp, Some(1_764_089_402));
/// // What it answers, and which business number received it.
/// let context = message.context.as_ref().unwrap();
/// assert_eq!(context.message_id.as_deref(), Some("wamid.out1"));
/// assert_eq!(message.metadata.phone_number_id.as_deref(), Some("PN1"));
/// // `id` is what marking the message as read takes.
/// assert_eq!(message.id, "wamid.in1");
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    /// The message id (`wamid...`); mark it as read with it.
    pub id: String,
    /// The customer's WhatsApp id (digits).
    pub from: String,
    /// When it was sent, in Unix seconds.
    pub timestamp: Option<i64>,
    /// The customer's profile name, from the delivery's `contacts`.
    pub profile_name: Option<String>,
    /// The message this one replies to, when it is a reply.
    pub context: Option<MessageContext>,
    /// What the customer sent.
    pub content: MessageContent,
    /// The business number it was sent to.
    pub metadata: Metadata,
    /// The message's JSON as received.
    pub raw: Value,
}

/// What an inbound message carries. Kinds that get a type later move out of `Unknown`, so a
/// `match` needs a catch-all arm.
///
/// ```
/// use botika::webhooks::{self, Event, MessageContent};
/// let body = br#"{"messages": [
///   {"from": "628123", "id": "wamid.1", "type": "image",
///    "image": {"id": "1037543291543636", "mime_type": "image/jpeg", "caption": "Receipt"}},
///   {"from": "628123", "id": "wamid.2", "type": "location",
///    "location": {"latitude": -6.1754, "longitude": 106.8272, "name": "Monas"}},
///   {"from": "628123", "id": "wamid.3", "type": "order", "order": {"catalog_id": "C1"}}
/// ]}"#;
/// let contents: Vec<MessageContent> = webhooks::parse(body)?
///     .into_iter()
///     .filter_map(|event| match event {
///         Event::Message(message) => Some(message.content),
///         _ => None,
///     })
///     .collect();
/// let kinds: Vec<&str> = contents.iter().map(MessageContent::kind).collect();
/// assert_eq!(kinds, ["image", "location", "order"]);
/// match &contents[0] {
///     // Download it with `client.media().download(id)`.
///     MessageContent::Image(image) => {
///         assert_eq!((image.id.as_deref(), image.caption.as_deref()), (Some("1037543291543636"), Some("Receipt")));
///     }
///     other => panic!("an image, not {other:?}"),
/// }
/// let MessageContent::Location(place) = &contents[1] else { panic!("a location") };
/// assert_eq!((place.latitude, place.name.as_deref()), (Some(-6.1754), Some("Monas")));
/// // A kind this SDK has no type for keeps its JSON.
/// let MessageContent::Unknown { content, .. } = &contents[2] else { panic!("unknown") };
/// assert_eq!(content["catalog_id"], "C1");
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MessageContent {
    /// A text message.
    Text(Text),
    /// An image.
    Image(InboundMedia),
    /// A video.
    Video(InboundMedia),
    /// Audio, or a voice note (`voice`).
    Audio(InboundMedia),
    /// A document.
    Document(InboundMedia),
    /// A sticker.
    Sticker(InboundMedia),
    /// A location.
    Location(Location),
    /// Shared contact cards.
    Contacts(Vec<SharedContact>),
    /// The customer tapped a reply button (`interactive.button_reply`).
    ButtonReply(Reply),
    /// The customer chose a list row (`interactive.list_reply`).
    ListReply(Reply),
    /// The customer tapped a template's quick-reply button.
    Button(ButtonPress),
    /// The customer reacted to a message (or removed a reaction).
    Reaction(Reaction),
    /// A kind this SDK does not know (or an `interactive` of another type), kept as it came.
    Unknown {
        /// The message's `type` (`order`, `system`, `interactive`, ...).
        kind: String,
        /// The object under that key, or `null`.
        content: Value,
    },
}

impl MessageContent {
    /// The kind as serialized in `type`: `text`, `image`, ..., `button_reply`, `list_reply`,
    /// or an unknown kind's own name.
    pub fn kind(&self) -> &str {
        match self {
            MessageContent::Text(_) => "text",
            MessageContent::Image(_) => "image",
            MessageContent::Video(_) => "video",
            MessageContent::Audio(_) => "audio",
            MessageContent::Document(_) => "document",
            MessageContent::Sticker(_) => "sticker",
            MessageContent::Location(_) => "location",
            MessageContent::Contacts(_) => "contacts",
            MessageContent::ButtonReply(_) => "button_reply",
            MessageContent::ListReply(_) => "list_reply",
            MessageContent::Button(_) => "button",
            MessageContent::Reaction(_) => "reaction",
            MessageContent::Unknown { kind, .. } => kind,
        }
    }

    fn serialize_value<M: SerializeMap>(&self, map: &mut M, key: &str) -> Result<(), M::Error> {
        match self {
            MessageContent::Text(text) => map.serialize_entry(key, text),
            MessageContent::Image(media)
            | MessageContent::Video(media)
            | MessageContent::Audio(media)
            | MessageContent::Document(media)
            | MessageContent::Sticker(media) => map.serialize_entry(key, media),
            MessageContent::Location(location) => map.serialize_entry(key, location),
            MessageContent::Contacts(contacts) => map.serialize_entry(key, contacts),
            MessageContent::ButtonReply(reply) | MessageContent::ListReply(reply) => {
                map.serialize_entry(key, reply)
            }
            MessageContent::Button(button) => map.serialize_entry(key, button),
            MessageContent::Reaction(reaction) => map.serialize_entry(key, reaction),
            MessageContent::Unknown { content, .. } => map.serialize_entry(key, content),
        }
    }
}

impl Serialize for InboundMessage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("from", &self.from)?;
        map.serialize_entry("timestamp", &self.timestamp)?;
        map.serialize_entry("profile_name", &self.profile_name)?;
        map.serialize_entry("context", &self.context)?;
        if !self.metadata.is_empty() {
            map.serialize_entry("metadata", &self.metadata)?;
        }
        let kind = self.content.kind();
        map.serialize_entry("type", kind)?;
        // An unknown kind named like a field above would overwrite it; such content stays in
        // `raw` only.
        if !matches!(
            kind,
            "id" | "from"
                | "timestamp"
                | "profile_name"
                | "context"
                | "metadata"
                | "type"
                | "raw"
                | "event"
        ) {
            self.content.serialize_value(&mut map, kind)?;
        }
        map.serialize_entry("raw", &self.raw)?;
        map.end()
    }
}

/// The message a reply refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MessageContext {
    /// The id of the message replied to (the business's, for button taps).
    pub message_id: Option<String>,
    /// Who sent the message replied to.
    pub from: Option<String>,
    /// True when the message was forwarded.
    pub forwarded: bool,
}

/// A text message's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The text.
    pub body: String,
}

/// Received media; download it with [`Media::download`](crate::Media::download) and `id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InboundMedia {
    /// The media id.
    pub id: Option<String>,
    /// A URL to the media, when the delivery gives one instead of (or beside) an id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Its MIME type.
    pub mime_type: Option<String>,
    /// Its SHA-256 (as the delivery gives it).
    pub sha256: Option<String>,
    /// The caption (image, video, document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// The file name (document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// True for a voice note (audio).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<bool>,
    /// True for an animated sticker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub animated: Option<bool>,
}

/// A shared location.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Location {
    /// Latitude in degrees.
    pub latitude: Option<f64>,
    /// Longitude in degrees.
    pub longitude: Option<f64>,
    /// The place's name.
    pub name: Option<String>,
    /// The place's address.
    pub address: Option<String>,
    /// A URL for the place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A shared contact card, from Botika's `{"name", "phone"}` or Meta's richer card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedContact {
    /// The contact's (formatted) name.
    pub name: Option<String>,
    /// The contact's phone numbers.
    pub phones: Vec<String>,
    /// The card as received.
    pub raw: Value,
}

/// A tapped reply button or a chosen list row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reply {
    /// The id the business gave the button or row.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The row's description (list rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A tapped quick-reply button of a template message.
///
/// ```
/// use botika::webhooks::{self, Event, MessageContent};
/// let body = br#"{"messages": [{"from": "628123", "id": "wamid.1", "type": "button",
///   "context": {"id": "wamid.template1"},
///   "button": {"text": "Stop promotions", "payload": "unsubscribe"}}]}"#;
/// let payload = webhooks::parse(body)?;
/// let Event::Message(message) = &payload.events[0] else { panic!("a message") };
/// let MessageContent::Button(press) = &message.content else { panic!("a button press") };
/// // The payload set when the template was sent tells the buttons apart; the label may be translated.
/// assert_eq!((press.payload.as_deref(), press.text.as_str()), (Some("unsubscribe"), "Stop promotions"));
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ButtonPress {
    /// The button's label.
    pub text: String,
    /// The value the business set for the button when sending the template.
    pub payload: Option<String>,
}

/// A reaction to a message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reaction {
    /// The message reacted to.
    pub message_id: String,
    /// The emoji; `None` (or empty) when the reaction was removed.
    pub emoji: Option<String>,
}

/// A change in the delivery of a message the business sent.
///
/// ```
/// use botika::webhooks::{self, DeliveryStatus, Event};
/// let body = br#"{"statuses": [{"id": "wamid.out1", "status": "failed", "recipient_id": "628123",
///   "timestamp": "1764089402",
///   "errors": [{"code": 131047, "title": "Re-engagement message",
///     "error_data": {"details": "More than 24 hours have passed since the customer last replied."}}]}]}"#;
/// let payload = webhooks::parse(body)?;
/// let Event::Status(status) = &payload.events[0] else { panic!("a status") };
/// assert_eq!((status.message_id.as_str(), &status.status), ("wamid.out1", &DeliveryStatus::Failed));
/// assert_eq!(status.recipient.as_deref(), Some("628123"));
/// let error = &status.errors[0];
/// assert_eq!((error.code, error.title.as_deref()), (Some(131047), Some("Re-engagement message")));
/// assert!(error.details.as_deref().unwrap().starts_with("More than 24 hours"));
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusUpdate {
    /// The id of the business's message.
    pub message_id: String,
    /// Its new state.
    pub status: DeliveryStatus,
    /// The customer's WhatsApp id.
    pub recipient: Option<String>,
    /// When it changed, in Unix seconds.
    pub timestamp: Option<i64>,
    /// Why it failed (`failed` only).
    pub errors: Vec<StatusError>,
    /// The business number it was sent from.
    #[serde(skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// The status as received.
    pub raw: Value,
}

/// The state of a sent message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryStatus {
    /// Accepted and sent to WhatsApp.
    Sent,
    /// Delivered to the customer's device.
    Delivered,
    /// Read by the customer.
    Read,
    /// Not delivered; see [`StatusUpdate::errors`].
    Failed,
    /// Any other status, as given (`deleted`, `warning`, ...).
    Other(String),
}

impl DeliveryStatus {
    /// The status as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Read => "read",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Other(other) => other,
        }
    }

    pub(crate) fn from_wire(status: &str) -> DeliveryStatus {
        // Compared in place rather than lowercased into a new string for every status.
        let known = status.trim();
        let is = |name: &str| known.eq_ignore_ascii_case(name);
        if is("sent") {
            DeliveryStatus::Sent
        } else if is("delivered") {
            DeliveryStatus::Delivered
        } else if is("read") {
            DeliveryStatus::Read
        } else if is("failed") {
            DeliveryStatus::Failed
        } else {
            DeliveryStatus::Other(status.to_owned())
        }
    }
}

impl Serialize for DeliveryStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One reason a message failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusError {
    /// The error code (`131047`).
    pub code: Option<i64>,
    /// A short title.
    pub title: Option<String>,
    /// A message.
    pub message: Option<String>,
    /// Details (`error_data.details`).
    pub details: Option<String>,
    /// The error as received.
    pub raw: Value,
}

/// The result of a template review, or a later change of a template's status.
///
/// ```
/// use botika::webhooks::{self, Event};
/// // The flat envelope sends the review result bare.
/// let body = br#"{"event": "REJECTED", "message_template_id": 1024,
///   "message_template_name": "order_shipped", "message_template_language": "id",
///   "reason": "INCORRECT_CATEGORY"}"#;
/// let payload = webhooks::parse(body)?;
/// let Event::TemplateStatus(update) = &payload.events[0] else { panic!("a template update") };
/// assert_eq!((update.status.as_str(), update.template_id.as_deref()), ("REJECTED", Some("1024")));
/// assert_eq!(update.reason.as_deref(), Some("INCORRECT_CATEGORY"));
///
/// // The Cloud envelope, with Meta's `NONE` for no reason.
/// let body = br#"{"object": "whatsapp_business_account", "entry": [{"id": "WABA1", "changes": [{
///   "field": "message_template_status_update",
///   "value": {"event": "APPROVED", "message_template_name": "order_shipped", "reason": "NONE"}}]}]}"#;
/// let payload = webhooks::parse(body)?;
/// let Event::TemplateStatus(update) = &payload.events[0] else { panic!("a template update") };
/// assert_eq!((update.status.as_str(), update.reason.as_deref()), ("APPROVED", None));
/// assert_eq!(update.metadata.account_id.as_deref(), Some("WABA1"));
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateStatusUpdate {
    /// The template's new status (`APPROVED`, `REJECTED`, `PAUSED`, ...), from `event`.
    pub status: String,
    /// The template's id.
    pub template_id: Option<String>,
    /// The template's name.
    pub template_name: Option<String>,
    /// The template's language.
    pub language: Option<String>,
    /// Why it was rejected; `None` when there is no reason (Meta sends `NONE`).
    pub reason: Option<String>,
    /// The business account it belongs to (Cloud envelope only).
    #[serde(skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// The update as received.
    pub raw: Value,
}

/// A part of a delivery this SDK has no type for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownEvent {
    /// Where it was found: the change's `field` (`account_update`), or the unexpected key
    /// (`errors`); `None` for an entry without changes.
    pub field: Option<String>,
    /// The value as received.
    pub raw: Value,
}
