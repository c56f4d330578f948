//! The broadcasts resource and its answers: the created broadcast, and today's latest broadcast
//! to a recipient in both documented shapes (`content` an object or `[]`, fields absent when
//! there is none).

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::Broadcast;
use crate::client::Client;
use crate::decode::{opt_string_lenient, string_lenient};
use crate::error::Result;
use crate::messages::validate_recipient;
use crate::messages::wire::{data, json_request};
use crate::transport::Idempotency;

/// Broadcasts: `client.broadcasts()`.
///
/// ```no_run
/// use botika::{Broadcast, TemplateMessage};
/// # async fn demo(client: &botika::Client) -> botika::Result<()> {
/// let template = TemplateMessage::new("weekly_digest", "en_US").body(["June"]);
/// let created = client.broadcasts().send(Broadcast::to_labels("Digest", [1, 2], template)).await?;
/// println!("{} queued for {} recipients", created.id, created.total_recipients);
/// let latest = client.broadcasts().latest("+62 812-3456-7890").await?;
/// if latest.has_broadcast {
///     println!("sent today as {:?}, now {:?}", latest.message_id, latest.latest_status);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Broadcasts<'a> {
    client: &'a Client,
}

impl Client {
    /// Broadcasts: send a template to contacts or labels, and read the latest one.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// let latest = client.broadcasts().latest("+62 812-3456-7890").await?;
    /// # Ok(()) }
    /// ```
    pub fn broadcasts(&self) -> Broadcasts<'_> {
        Broadcasts { client: self }
    }
}

/// The answer to `POST /broadcasts`: `{"data": {"id", "name", "type", "total_recipients", "status"}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BroadcastCreated {
    /// The broadcast's id (empty if the API sent none; see `raw`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// `contact` or `label`.
    #[serde(rename = "type")]
    pub kind: String,
    /// How many recipients it goes to.
    pub total_recipients: u64,
    /// Its status (`queued`).
    pub status: String,
    /// The response body as received.
    pub raw: Value,
}

/// Today's latest broadcast message to one recipient (`POST /broadcasts/latest`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LatestBroadcast {
    /// Whether a broadcast reached the recipient today (`hasBroadcast`).
    pub has_broadcast: bool,
    /// The broadcast message's id.
    pub message_id: Option<String>,
    /// What was sent; `None` when there was no broadcast (the API sends `[]`).
    pub content: Option<BroadcastContent>,
    /// When the message was created, as the API wrote it.
    pub message_created_at: Option<String>,
    /// Its latest delivery status (`sent`, `delivered`, `read`, `failed`).
    pub latest_status: Option<String>,
    /// The response body as received.
    pub raw: Value,
}

/// The `content` object of a [`LatestBroadcast`]: `{"from": "broadcast", "type": "template", "content"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BroadcastContent {
    /// Where the message came from (`broadcast`).
    pub from: Option<String>,
    /// The message type (`template`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The message content, as the API sent it.
    pub content: Value,
}

impl Broadcasts<'_> {
    /// Validates the broadcast (docs/rules.md) and sends it (`POST /broadcasts`). Like a message
    /// send, it is retried only when the request provably never reached the server.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::{Broadcast, TemplateMessage};
    /// let sale = TemplateMessage::new("flash_sale", "id").body(["50%"]);
    /// let to = ["+62 812-3456-7890", "+62 813-1111-2222"];
    /// let created = client.broadcasts().send(Broadcast::to_contacts("June sale", to, sale)).await?;
    /// println!("{} queued for {}", created.id, created.total_recipients);
    /// # Ok(()) }
    /// ```
    pub async fn send(&self, broadcast: Broadcast) -> Result<BroadcastCreated> {
        broadcast.validate()?;
        let request = json_request(Method::POST, "/broadcasts", &broadcast.to_json())?
            .idempotency(Idempotency::Send);
        let response = self.client.execute(request).await?;
        // The broadcast was accepted: an unreadable body is kept as text rather than failing
        // (which could make the caller send it again).
        let raw = response.json_value().unwrap_or_else(|_| {
            Value::String(String::from_utf8_lossy(&response.body).into_owned())
        });
        Ok(BroadcastCreated::from_json(raw))
    }

    /// Today's latest broadcast message to `to` (checked like a message's recipient). It is a
    /// POST but only reads, so it is retried like a read.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// // Skip a customer who already got today's broadcast.
    /// let latest = client.broadcasts().latest("+62 812-3456-7890").await?;
    /// if latest.has_broadcast {
    ///     println!("already sent {:?}, now {:?}", latest.message_id, latest.latest_status);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn latest(&self, to: &str) -> Result<LatestBroadcast> {
        validate_recipient(to)?;
        let body = serde_json::json!({ "to": to });
        let request =
            json_request(Method::POST, "/broadcasts/latest", &body)?.idempotency(Idempotency::Safe);
        let response = self.client.execute(request).await?;
        Ok(LatestBroadcast::from_json(response.json_value()?))
    }
}

/// A string field, lenient about its JSON type.
fn text(value: &Value, key: &str) -> Option<String> {
    opt_string_lenient(value.get(key).unwrap_or(&Value::Null)).unwrap_or_default()
}

impl BroadcastCreated {
    /// Reads a `POST /broadcasts` answer, `{"data": {...}}`, leniently; never fails (contract
    /// rule 4). Any value is accepted (the client passes an unreadable body as a JSON string).
    pub fn from_json(raw: Value) -> BroadcastCreated {
        let body = data(&raw);
        let total_recipients = match body.get("total_recipients") {
            Some(Value::Number(n)) => n
                .as_u64()
                .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        BroadcastCreated {
            id: string_lenient(body.get("id").unwrap_or(&Value::Null)).unwrap_or_default(),
            name: text(body, "name").unwrap_or_default(),
            kind: text(body, "type").unwrap_or_default(),
            total_recipients: total_recipients.unwrap_or(0),
            status: text(body, "status").unwrap_or_default(),
            raw,
        }
    }
}

impl LatestBroadcast {
    /// Reads a `POST /broadcasts/latest` answer in either documented shape; never fails
    /// (contract rule 4).
    pub fn from_json(raw: Value) -> LatestBroadcast {
        let body = data(&raw);
        let message_id = text(body, "message_id");
        let flag = body
            .get("hasBroadcast")
            .or_else(|| body.get("has_broadcast"));
        let has_broadcast = match flag {
            Some(Value::Bool(b)) => *b,
            Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0),
            Some(Value::String(s)) => matches!(s.trim(), "true" | "1"),
            // Without the flag, a message id is the best evidence there was a broadcast.
            _ => message_id.is_some(),
        };
        let content = match body.get("content") {
            Some(content @ Value::Object(_)) => Some(BroadcastContent {
                from: text(content, "from"),
                kind: text(content, "type"),
                content: content.get("content").cloned().unwrap_or(Value::Null),
            }),
            _ => None,
        };
        LatestBroadcast {
            has_broadcast,
            message_id,
            content,
            message_created_at: text(body, "message_created_at"),
            latest_status: text(body, "latest_status"),
            raw,
        }
    }
}
