//! Receiving webhooks: parse what Botika posts to your endpoint into typed [`Event`]s, verify its
//! `X-Hub-Signature-256`, and answer the verification handshake. Pure functions over bytes and
//! strings: no network, no runtime, and no input can make them panic.
//!
//! Both envelopes of the contract are read: Meta's Cloud API shape (`{"object", "entry": [...]}`)
//! and the flat on-premises shape (`{"contacts", "messages", "statuses"}`). Webhooks are not
//! documented by Botika; these shapes are decided, not confirmed (see `docs/webhooks.md`).
//!
//! ```
//! use botika::webhooks::{self, Event, MessageContent};
//! let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
//!   "value":{"messaging_product":"whatsapp","contacts":[{"profile":{"name":"Sari"},"wa_id":"628123"}],
//!   "messages":[{"from":"628123","id":"wamid.1","timestamp":"1764089402","type":"text","text":{"body":"Halo"}}]}}]}]}"#;
//! for event in webhooks::parse(body)? {
//!     if let Event::Message(message) = event {
//!         if let MessageContent::Text(text) = &message.content {
//!             assert_eq!((message.profile_name.as_deref(), text.body.as_str()), (Some("Sari"), "Halo"));
//!         }
//!     }
//! }
//! # Ok::<(), botika::Error>(())
//! ```

mod events;
mod parse;
mod signature;

pub use events::{
    ButtonPress, DeliveryStatus, Envelope, Event, InboundMedia, InboundMessage, Location,
    MessageContent, MessageContext, Metadata, Reaction, Reply, SharedContact, StatusError,
    StatusUpdate, TemplateStatusUpdate, Text, UnknownEvent, WebhookPayload,
};
pub use signature::{SIGNATURE_HEADER, verify_challenge, verify_challenge_query, verify_signature};

use crate::error::{Error, Result};

/// Parses a delivery's raw body into its events.
///
/// Fails (a `decode` error) only when the body is not a JSON object. Everything inside is read
/// leniently: unknown message kinds, statuses, fields and keys become events that keep their JSON.
///
/// ```
/// use botika::webhooks::{self, DeliveryStatus, Event};
/// // Verify the signature first (`verify_and_parse`) when the body comes from the network.
/// let body = br#"{"statuses": [{"id": "wamid.1", "status": "delivered", "recipient_id": "628123"}]}"#;
/// let payload = webhooks::parse(body)?;
/// let Event::Status(status) = &payload.events[0] else { panic!("a status") };
/// assert_eq!((status.message_id.as_str(), &status.status), ("wamid.1", &DeliveryStatus::Delivered));
/// # Ok::<(), botika::Error>(())
/// ```
pub fn parse(raw_body: &[u8]) -> Result<WebhookPayload> {
    if raw_body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::decode("the webhook body is empty"));
    }
    let raw: serde_json::Value = serde_json::from_slice(raw_body)
        .map_err(|e| Error::decode(format!("the webhook body is not JSON: {e}")).with_source(e))?;
    parse::payload(raw)
}

/// [`verify_signature`] then [`parse`]: the one call a webhook handler needs.
///
/// ```no_run
/// # fn handle(body: &[u8], header: Option<&str>) -> botika::Result<()> {
/// let secret = std::env::var("BOTIKA_WEBHOOK_SECRET").unwrap_or_default();
/// let payload = botika::webhooks::verify_and_parse(body, header, secret)?;
/// for event in payload.events {
///     println!("{event:?}");
/// }
/// # Ok(()) }
/// ```
pub fn verify_and_parse(
    raw_body: &[u8],
    signature: Option<&str>,
    secret: impl AsRef<[u8]>,
) -> Result<WebhookPayload> {
    verify_signature(raw_body, signature, secret)?;
    parse(raw_body)
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
