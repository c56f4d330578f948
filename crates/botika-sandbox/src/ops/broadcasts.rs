//! Broadcasts: a template sent to contacts or to everyone on some labels, fanned out as one
//! template message per recipient; and today's latest broadcast message to a recipient.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::messages::{outbound, template_fits};
use super::required_str;
use crate::clock;
use crate::engine::Engine;
use crate::error::ApiError;
use crate::rules::{self, FieldErrors};
use crate::state::{BroadcastRecord, Direction, State, wa_id};

impl Engine {
    /// `POST /broadcasts`: answers `{"data": {"id", "name", "type", "total_recipients", "status"}}`.
    pub fn broadcast(&self, body: &Value) -> Result<Value, ApiError> {
        ApiError::check(rules::broadcast(body))?;
        let name = required_str(body, "name")?;
        let kind = required_str(body, "type")?;
        let Some(to) = body["to"].as_array() else {
            return Err(ApiError::field("to", "The to field must be an array."));
        };
        let template = &body["template"];
        let id = self.ids.broadcast();
        let planned = {
            let mut state = self.state();
            let mut errors = template_fits(&state, template, true);
            let recipients = recipients(&state, kind, to, &mut errors);
            ApiError::check(errors)?;
            let mut planned = Vec::with_capacity(recipients.len());
            for recipient in recipients {
                let message_id = self.ids.message();
                let payload = json!({ "to": recipient, "type": "template", "template": template });
                let record = outbound(
                    &message_id,
                    &recipient,
                    "template",
                    payload,
                    Some(id.clone()),
                );
                planned.push((message_id, record.wa_id.clone()));
                state.push_message(record);
            }
            state.broadcasts.push(BroadcastRecord {
                id: id.clone(),
                name: name.to_owned(),
                kind: kind.to_owned(),
                template: template.clone(),
                message_ids: planned.iter().map(|(m, _)| m.clone()).collect(),
                created_at: clock::now_ms(),
            });
            planned
        };
        self.touch();
        for (message_id, wa_id) in &planned {
            self.plan_outbound(message_id, wa_id, "template");
        }
        Ok(json!({
            "data": { "id": id, "name": name, "type": kind, "total_recipients": planned.len(), "status": "queued" }
        }))
    }

    /// `POST /broadcasts/latest`: the latest broadcast message to `to` today (Jakarta time).
    pub fn latest_broadcast(&self, body: &Value) -> Result<Value, ApiError> {
        ApiError::check(rules::latest(body))?;
        let wa = wa_id(required_str(body, "to")?);
        let today = clock::jakarta_day(clock::now_ms());
        let state = self.state();
        let latest = state.messages.iter().rev().find(|m| {
            m.direction == Direction::Outbound
                && m.broadcast_id.is_some()
                && m.wa_id == wa
                && clock::jakarta_day(m.created_at) == today
        });
        Ok(match latest {
            Some(m) => json!({ "data": {
                "hasBroadcast": true,
                "message_id": m.id,
                "content": { "from": "broadcast", "type": "template", "content": m.payload["template"] },
                "message_created_at": clock::iso(m.created_at),
                "latest_status": m.status,
            }}),
            None => json!({ "data": { "hasBroadcast": false, "message_id": null, "content": [] } }),
        })
    }
}

/// The broadcast's recipients, each once (by digits), in order: the numbers of a `contact`
/// broadcast, or everyone on the labels of a `label` broadcast.
fn recipients(state: &State, kind: &str, to: &[Value], errors: &mut FieldErrors) -> Vec<String> {
    let mut numbers = Vec::new();
    for (i, entry) in to.iter().enumerate() {
        if kind == "label" {
            let label = entry
                .as_u64()
                .or_else(|| entry.as_str().and_then(|s| s.parse().ok()));
            match label.and_then(|id| state.labels.get(&id)) {
                Some(members) => numbers.extend(members.iter().cloned()),
                None => errors.add(
                    format!("to.{i}"),
                    format!("The selected to.{i} is invalid."),
                ),
            }
        } else if let Some(number) = entry.as_str() {
            numbers.push(number.to_owned());
        } else {
            errors.add(
                format!("to.{i}"),
                format!("The to.{i} field must be a string."),
            );
        }
    }
    let mut seen = HashSet::new();
    numbers.retain(|n| seen.insert(wa_id(n)));
    numbers
}
