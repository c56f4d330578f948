//! Messages: one generic send for all eleven types (the JavaScript layer's `sendText`,
//! `sendImage`, ... build its content), the raw-JSON send, and mark-as-read. The core reads the
//! content ([`MessageContent::from_json`]), validates it and names the path of any fault.

use botika::{Error, MessageContent, OutgoingMessage};
use napi_derive::napi;
use serde_json::{Map, Value};

use crate::call::{CancelToken, run};
use crate::client::NativeClient;
use crate::convert::{Blame, VERBATIM, parse, result_json, wire_part};

#[napi]
impl NativeClient {
    /// `POST /messages`: `content` is the object of type `kind` (JSON text, keys in camelCase
    /// or snake_case), `extra` top-level fields sent exactly as given. `to` and `kind` are
    /// optional here only so that a missing one is refused with an error naming it.
    #[napi]
    #[allow(clippy::too_many_arguments)] // mirrors the JavaScript call one to one
    pub async fn send_message(
        &self,
        to: Option<String>,
        kind: Option<String>,
        content: String,
        reply_to: Option<String>,
        extra: Option<String>,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let sent = run(signal, async move {
            let client = self.with_call(options.as_deref())?;
            let to = to.ok_or_else(|| Error::invalid_argument("to", "is required"))?;
            let kind = kind.ok_or_else(|| Error::invalid_argument("type", "is required"))?;
            let content = MessageContent::from_json(&kind, wire_part(&content, &kind)?)?;
            let mut message = OutgoingMessage::new(content);
            if let Some(id) = reply_to {
                message = message.reply_to(id);
            }
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
