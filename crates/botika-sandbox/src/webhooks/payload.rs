//! Webhook bodies: status updates, inbound messages and template review results, wrapped in the
//! Cloud API's envelope or the flat on-premises one (contract section 7).

use serde_json::{Value, json};

use crate::clock;
use crate::config::Envelope;

/// The sandbox business's WhatsApp Business Account id.
pub const WABA_ID: &str = "100000000000001";
/// The sandbox business's phone number id.
pub const PHONE_NUMBER_ID: &str = "100000000000002";
/// The sandbox business's phone number, as webhooks show it (digits).
pub const DISPLAY_NUMBER: &str = "6281100000000";

/// One thing a webhook reports.
#[derive(Debug, Clone)]
pub enum Event {
    /// A status of an outbound message (a status object).
    Status(Value),
    /// A customer's message: the contact and the message object.
    Message { contact: Value, message: Value },
    /// A template's review result (the `message_template_status_update` value).
    TemplateStatus(Value),
}

impl Event {
    /// The name the delivery log gives the event.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Status(_) => "statuses",
            Event::Message { .. } => "messages",
            Event::TemplateStatus(_) => "message_template_status_update",
        }
    }

    /// The webhook body in the chosen envelope.
    pub fn body(&self, envelope: Envelope) -> Value {
        match envelope {
            Envelope::Flat => match self {
                Event::Status(status) => json!({ "statuses": [status] }),
                Event::Message { contact, message } => {
                    json!({ "contacts": [contact], "messages": [message] })
                }
                Event::TemplateStatus(update) => update.clone(),
            },
            Envelope::Cloud => {
                let (field, value) = match self {
                    Event::Status(status) => {
                        ("messages", messages_value(json!({ "statuses": [status] })))
                    }
                    Event::Message { contact, message } => (
                        "messages",
                        messages_value(json!({ "contacts": [contact], "messages": [message] })),
                    ),
                    Event::TemplateStatus(update) => {
                        ("message_template_status_update", update.clone())
                    }
                };
                json!({
                    "object": "whatsapp_business_account",
                    "entry": [{ "id": WABA_ID, "changes": [{ "field": field, "value": value }] }]
                })
            }
        }
    }
}

fn messages_value(parts: Value) -> Value {
    let mut value = json!({
        "messaging_product": "whatsapp",
        "metadata": { "display_phone_number": DISPLAY_NUMBER, "phone_number_id": PHONE_NUMBER_ID }
    });
    if let (Some(value), Value::Object(parts)) = (value.as_object_mut(), parts) {
        value.extend(parts);
    }
    value
}

/// A status object: `{"id", "status", "timestamp", "recipient_id", "errors"?}`.
pub fn status(
    message_id: &str,
    status: &str,
    wa_id: &str,
    at_ms: u64,
    errors: Option<&Value>,
) -> Value {
    let mut out = json!({
        "id": message_id,
        "status": status,
        "timestamp": clock::unix_secs(at_ms),
        "recipient_id": wa_id,
    });
    if let Some(errors) = errors {
        out["errors"] = errors.clone();
    }
    out
}

/// A WhatsApp error list with one error, as `failed` statuses carry it.
pub fn error(code: u32, title: &str, details: &str) -> Value {
    json!([{ "code": code, "title": title, "message": title, "error_data": { "details": details } }])
}

/// A template review result.
pub fn template_status(
    id: u64,
    name: &str,
    language: &str,
    event: &str,
    reason: Option<&str>,
) -> Value {
    json!({
        "event": event,
        "message_template_id": id,
        "message_template_name": name,
        "message_template_language": language,
        "reason": reason.unwrap_or("NONE"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_and_flat_envelopes() {
        let event = Event::Status(status("wamid.X", "sent", "628123", 1_000, None));
        let cloud = event.body(Envelope::Cloud);
        assert_eq!(cloud["object"], "whatsapp_business_account");
        let value = &cloud["entry"][0]["changes"][0]["value"];
        assert_eq!(value["metadata"]["phone_number_id"], PHONE_NUMBER_ID);
        assert_eq!(value["statuses"][0]["timestamp"], "1");
        let flat = event.body(Envelope::Flat);
        assert_eq!(
            flat,
            json!({"statuses": [{"id": "wamid.X", "status": "sent", "timestamp": "1", "recipient_id": "628123"}]})
        );
    }
}
