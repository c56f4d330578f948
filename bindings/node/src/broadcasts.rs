//! Broadcasts: one template to many contacts or labels, and the latest broadcast to one
//! recipient.

use botika::{Broadcast, Error, MessageContent, TemplateMessage};
use napi_derive::napi;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::call::{CancelToken, run};
use crate::client::NativeClient;
use crate::convert::{Blame, VERBATIM, from_value, parse, result_json, wire_part};

/// A broadcast as JavaScript describes it: its recipients are `contacts` (phone numbers) or
/// `labels` (label ids), which gives the wire `type`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BroadcastArgs {
    name: String,
    contacts: Option<Vec<String>>,
    labels: Option<Vec<u64>>,
    template: Value,
}

impl BroadcastArgs {
    fn into_broadcast(self) -> botika::Result<Broadcast> {
        let MessageContent::Template(template) =
            MessageContent::from_json("template", self.template)?
        else {
            return Err(Error::invalid_argument(
                "template",
                "must be a template message",
            ));
        };
        let template: TemplateMessage = template;
        match (self.contacts, self.labels) {
            (Some(phones), None) => Ok(Broadcast::to_contacts(self.name, phones, template)),
            (None, Some(labels)) => Ok(Broadcast::to_labels(self.name, labels, template)),
            _ => Err(Error::invalid_argument(
                "contacts",
                "give exactly one of contacts (phone numbers) and labels (label ids)",
            )),
        }
    }
}

#[napi]
impl NativeClient {
    /// `POST /broadcasts`: `broadcast` is `{name, contacts | labels, template}` as JSON text
    /// (keys in camelCase or snake_case); `extra` top-level fields sent exactly as given.
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
            let args: BroadcastArgs = from_value(
                wire_part(&broadcast, "broadcast")?,
                "broadcast",
                Blame::Argument,
            )?;
            let mut broadcast = args.into_broadcast()?;
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
