//! Messages: one generic send for all eleven types (the JavaScript layer's `sendText`,
//! `sendImage`, ... build the message), the raw-JSON send, and mark-as-read. The core reads the
//! message ([`OutgoingMessage::from_json`]), validates it and names the path of any fault.

use botika::{Error, OutgoingMessage};
use napi_derive::napi;
use serde_json::{Map, Value};

use crate::call::{CancelToken, run};
use crate::client::NativeClient;
use crate::convert::{Blame, VERBATIM, parse, result_json, wire_part};

#[napi]
impl NativeClient {
    /// `POST /messages`: `message` is `{type, <type>: {...}, replyMessageId?}` as JSON text
    /// (keys in camelCase or snake_case), `extra` top-level fields sent exactly as given. `to`
    /// is optional here only so that a missing one is refused with an error naming it.
    #[napi]
    pub async fn send_message(
        &self,
        to: Option<String>,
        message: String,
        extra: Option<String>,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let sent = run(signal, async move {
            let client = self.with_call(options.as_deref())?;
            let to = to.ok_or_else(|| Error::invalid_argument("to", "is required"))?;
            let mut message = OutgoingMessage::from_json(wire_part(&message, ".")?)?;
            if let Some(extra) = extra {
                for (key, value) in parse::<Map<String, Value>>(&extra, "extra", Blame::Argument)? {
                    message = message.extra(key, value);
                }
            }
            client.messages().send(&to, message).await
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
