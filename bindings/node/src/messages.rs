//! Messages: one generic send for all eleven types (the JavaScript layer's `sendText`,
//! `sendImage`, ... build the message), the raw-JSON send, and mark-as-read. The core reads the
//! message ([`OutgoingMessage::from_json`]), validates it and names the path of any fault.

use botika::{Error, OutgoingMessage};
use napi_derive::napi;
use serde_json::{Map, Value};

use crate::call::{CancelToken, run};
use crate::client::NativeClient;
use crate::convert::{Blame, VERBATIM, from_value, parse, result_json, snake_keys};

/// A message as JavaScript writes it, `{type, <type>: {...}, replyTo?, extra?}` with nested keys
/// in camelCase or snake_case, split into its wire JSON (snake_case keys, `replyTo` as
/// `reply_message_id`) and its extra top-level fields, kept exactly as given. `what` is the
/// message's path in the call's arguments, for errors (empty for a single send's message).
pub(crate) fn split_message(
    message: Value,
    what: &str,
) -> botika::Result<(Value, Map<String, Value>)> {
    let Value::Object(mut fields) = message else {
        // The core refuses anything but an object, saying so.
        return Ok((message, Map::new()));
    };
    let extra = match fields.remove("extra") {
        None | Some(Value::Null) => Map::new(),
        Some(extra) if what.is_empty() => from_value(extra, "extra", Blame::Argument)?,
        Some(extra) => from_value(extra, &format!("{what}.extra"), Blame::Argument)?,
    };
    let reply_to = fields.remove("replyTo").filter(|id| !id.is_null());
    let mut wire = snake_keys(Value::Object(fields));
    if let (Some(id), Value::Object(wire)) = (reply_to, &mut wire) {
        wire.insert("reply_message_id".to_owned(), id);
    }
    Ok((wire, extra))
}

/// The core's message from the parts [`split_message`] answers. Every send of a message, single
/// or bulk, reads it here.
pub(crate) fn read_message(
    wire: Value,
    extra: Map<String, Value>,
) -> botika::Result<OutgoingMessage> {
    let mut message = OutgoingMessage::from_json(wire)?;
    message.extra.extend(extra);
    Ok(message)
}

#[napi]
impl NativeClient {
    /// `POST /messages`: `message` is `{type, <type>: {...}, replyTo?, extra?}` as JSON text
    /// (see [`split_message`]). `to` is optional here only so that a missing one is refused
    /// with an error naming it.
    #[napi]
    pub async fn send_message(
        &self,
        to: Option<String>,
        message: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let sent = run(signal, async move {
            let client = self.with_call(options.as_deref())?;
            let to = to.ok_or_else(|| Error::invalid_argument("to", "is required"))?;
            let (wire, extra) = split_message(parse(&message, "message", Blame::Argument)?, "")?;
            client
                .messages()
                .send(&to, read_message(wire, extra)?)
                .await
        })
        .await?;
        result_json(&sent, VERBATIM)
    }

    /// `POST /messages` with a body sent exactly as given (only `to` is checked).
    #[napi]
    pub async fn send_message_json(
        &self,
        body: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let sent = run(signal, async move {
            let client = self.with_call(options.as_deref())?;
            let body: Value = parse(&body, "body", Blame::Argument)?;
            client.messages().send_json(body).await
        })
        .await?;
        result_json(&sent, VERBATIM)
    }

    /// `PUT /messages/{id}` with `{"status": "read"}`.
    #[napi]
    pub async fn mark_read(
        &self,
        message_id: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<()> {
        run(signal, async move {
            self.with_call(options.as_deref())?
                .messages()
                .mark_read(&message_id)
                .await
        })
        .await
    }
}
