//! The messages resource: send a validated message, send raw JSON, mark an inbound message read,
//! and send a template after checking it against the template the API has.

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::check::{Problems, check_recipient, recipient};
use super::template::TemplateMessage;
use super::wire::{data, json_request, path_with_id};
use super::{MessageContent, OutgoingMessage};
use crate::client::Client;
use crate::decode::string_lenient;
use crate::error::{Error, Result};
use crate::templates::MessageTemplate;
use crate::transport::{ApiRequest, Idempotency, json_bytes};

/// The path of a send (`POST`).
pub(crate) const SEND_PATH: &str = "/messages";

/// Sending messages and marking them read: `client.messages()`.
///
/// ```no_run
/// use botika::{Image, Location, Reaction, Text};
/// # async fn demo(client: &botika::Client) -> botika::Result<()> {
/// let to = "+62 812-3456-7890";
/// let sent = client.messages().send(to, Text::new("Halo!")).await?;
/// client.messages().send(to, Image::from_id("1234").caption("Receipt").reply_to(&sent.id)).await?;
/// client.messages().send(to, Location::new(-6.1754, 106.8272).name("Monas")).await?;
/// client.messages().send(to, Reaction::new(&sent.id, "👍")).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Messages<'a> {
    client: &'a Client,
}

impl Client {
    /// Messages: send any of the eleven types, send raw JSON, mark as read.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::Text;
    /// let sent = client.messages().send("+62 812-3456-7890", Text::new("Halo!")).await?;
    /// println!("sent {}", sent.id);
    /// # Ok(()) }
    /// ```
    pub fn messages(&self) -> Messages<'_> {
        Messages { client: self }
    }
}

/// The answer to a send: the new message's id.
///
/// ```
/// use botika::SentMessage;
/// let sent = SentMessage::from_json(serde_json::json!({"data": {"id": "wamid.HBgLNjI4MTIzNDU2Nzg5"}}));
/// // Status webhooks, replies and reactions refer to the message by this id.
/// assert_eq!(sent.id, "wamid.HBgLNjI4MTIzNDU2Nzg5");
/// // Accepted without an id: not an error (see `raw`), so the message is not sent twice.
/// assert_eq!(SentMessage::from_json(serde_json::json!({"data": {}})).id, "");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SentMessage {
    /// The id of the message (`data.id`; empty if the API sent none, see `raw`).
    pub id: String,
    /// The response body as received.
    pub raw: Value,
}

impl SentMessage {
    /// Reads `{"data": {"id"}}` leniently (the id as a string or a number). A missing id is not
    /// an error: the message was accepted, and failing here could make a caller send it twice.
    /// Any value is accepted (the client passes an unreadable body as a JSON string).
    pub fn from_json(raw: Value) -> SentMessage {
        let id = string_lenient(data(&raw).get("id").unwrap_or(&Value::Null)).unwrap_or_default();
        SentMessage { id, raw }
    }
}

impl Messages<'_> {
    /// Validates `message` and the recipient `to` (every rule of docs/rules.md; the error lists
    /// all failures), then sends it (`POST /messages`). `to` is sent exactly as given.
    ///
    /// A send is retried only when the request provably never reached the server; an error that
    /// says [`may_have_been_sent`](Error::may_have_been_sent) means it may have been delivered.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::{Interactive, Text};
    /// let to = "+62 812-3456-7890";
    /// let sent = client.messages().send(to, Text::new("Your order has shipped.")).await?;
    /// // Keep the id: replies, reactions and status webhooks refer to it.
    /// let ask = Interactive::buttons("Did it arrive?").button("yes", "Yes").button("no", "Not yet");
    /// client.messages().send(to, ask.reply_to(&sent.id)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(&self, to: &str, message: impl Into<OutgoingMessage>) -> Result<SentMessage> {
        // The message (over a kilobyte for the largest kinds) is done with before the await, so
        // the future does not carry it while the request is under way.
        let body = checked_body(to, &message.into())?;
        self.post(body).await
    }

    /// Sends a message whose recipient and content were validated already (a bulk job checks
    /// every item before its first send).
    pub(crate) async fn send_checked(
        &self,
        to: &str,
        message: &OutgoingMessage,
    ) -> Result<SentMessage> {
        self.post(message.to_body(to)?).await
    }

    /// Sends a request body as given (`POST /messages`), for shapes the SDK does not model; only
    /// `to` is checked.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// client.messages().send_json(serde_json::json!({
    ///     "to": "+62 812-3456-7890",
    ///     "type": "interactive",
    ///     "interactive": {"type": "cta_url", "body": {"text": "Open"}, "action": {"name": "cta_url"}}
    /// })).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_json(&self, body: Value) -> Result<SentMessage> {
        match body.get("to") {
            Some(Value::String(to)) => recipient("to", to)?,
            Some(_) => return Err(Error::invalid_argument("to", "must be a string")),
            None => return Err(Error::invalid_argument("to", "is required")),
        }
        self.post(json_bytes(&body)?).await
    }

    /// Marks an inbound message as read (`PUT /messages/{id}` with `{"status": "read"}`). An
    /// unknown id, or an outbound message's id, is a `not_found` error.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client, body: &[u8]) -> botika::Result<()> {
    /// use botika::webhooks::{self, Event};
    /// for event in webhooks::parse(body)? {
    ///     // Blue ticks tell the customer someone is on it.
    ///     if let Event::Message(message) = event {
    ///         client.messages().mark_read(&message.id).await?;
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn mark_read(&self, message_id: &str) -> Result<()> {
        let path = path_with_id("/messages", "message_id", message_id)?;
        let request = json_request(Method::PUT, path, &serde_json::json!({ "status": "read" }))?;
        self.client.execute(request).await.map(drop)
    }

    /// Fetches the template that `template` names (by name and language) and checks that the
    /// send fits it ([`TemplateMessage::check_against`]); returns the template.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::TemplateMessage;
    /// // Before a large send: a wrong number of values fails here, not on every recipient.
    /// let shipped = TemplateMessage::new("order_shipped", "id").body(["Budi", "#1024"]);
    /// let template = client.messages().check_template(&shipped).await?;
    /// println!("{} is {:?}", template.name, template.status);
    /// # Ok(()) }
    /// ```
    pub async fn check_template(&self, template: &TemplateMessage) -> Result<MessageTemplate> {
        let found = self
            .client
            .templates()
            .find(&template.name, &template.language)
            .await?;
        let Some(found) = found else {
            let rule = format!(
                "no template named {:?} in language {:?}",
                template.name, template.language
            );
            return Err(Error::invalid_argument("template.name", rule));
        };
        template.check_against(&found)?;
        Ok(found)
    }

    /// Validates a template message, checks it against the template fetched from the API
    /// ([`Messages::check_template`]), then sends it. Use it where a mismatch should fail before
    /// sending rather than at the API; it costs one or more list requests.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::TemplateMessage;
    /// let shipped = TemplateMessage::new("order_shipped", "id").body(["Budi", "#1024"]);
    /// client.messages().send_template_checked("+62 812-3456-7890", shipped).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_template_checked(
        &self,
        to: &str,
        message: impl Into<OutgoingMessage>,
    ) -> Result<SentMessage> {
        let message = message.into();
        check_message(to, &message)?;
        let MessageContent::Template(template) = &message.content else {
            let rule = format!("must be template (got {})", message.content.type_name());
            return Err(Error::invalid_argument("type", rule));
        };
        self.check_template(template).await?;
        self.send_checked(to, &message).await
    }

    /// `POST /messages` with `body`, the request's JSON already serialized.
    async fn post(&self, body: Vec<u8>) -> Result<SentMessage> {
        let request = ApiRequest::new(Method::POST, SEND_PATH)
            .json_bytes(body)
            .idempotency(Idempotency::Send);
        let response = self.client.execute(request).await?;
        // The message was accepted: an unreadable body must not turn into an error (the caller
        // might send again), so it is kept as text.
        let raw = response.json_value().unwrap_or_else(|_| {
            Value::String(String::from_utf8_lossy(&response.body).into_owned())
        });
        Ok(SentMessage::from_json(raw))
    }
}

/// The request body of `message` for `to`, once both are valid.
fn checked_body(to: &str, message: &OutgoingMessage) -> Result<Vec<u8>> {
    check_message(to, message)?;
    message.to_body(to)
}

/// The recipient and the message, with every failure of both in one error.
fn check_message(to: &str, message: &OutgoingMessage) -> Result<()> {
    let mut problems = Problems::new();
    check_recipient(&mut problems, "to", to);
    message.check(&mut problems);
    problems.into_result()
}
