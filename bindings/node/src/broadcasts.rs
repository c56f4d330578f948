//! Broadcasts: one template to many contacts or labels, and the latest broadcast to one
//! recipient. The core reads the broadcast ([`Broadcast::from_json`]) and validates it.

use botika::Broadcast;
use napi_derive::napi;
use serde_json::{Map, Value};

use crate::call::{CancelToken, run};
use crate::client::NativeClient;
use crate::convert::{Blame, VERBATIM, parse, result_json, wire_part};

#[napi]
impl NativeClient {
    /// `POST /broadcasts`: `broadcast` is `{name, type, to, template}` as JSON text (keys in
    /// camelCase or snake_case); `extra` top-level fields sent exactly as given.
    #[napi]
    pub async fn send_broadcast(
        &self,
        broadcast: String,
        extra: Option<String>,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let created = run(signal, async move {
            let client = self.with_call(options.as_deref())?;
            let mut broadcast = Broadcast::from_json(wire_part(&broadcast, "broadcast")?)?;
            if let Some(extra) = extra {
                for (key, value) in parse::<Map<String, Value>>(&extra, "extra", Blame::Argument)? {
                    broadcast = broadcast.extra(key, value);
                }
            }
            client.broadcasts().send(broadcast).await
        })
        .await?;
        result_json(&created, VERBATIM)
    }

    /// `POST /broadcasts/latest`: today's latest broadcast to `to`.
    #[napi]
    pub async fn latest_broadcast(
        &self,
        to: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let latest = run(signal, async move {
            self.with_call(options.as_deref())?
                .broadcasts()
                .latest(&to)
                .await
        })
        .await?;
        // The message content is the API's own JSON.
        result_json(&latest, &["content"])
    }
}
