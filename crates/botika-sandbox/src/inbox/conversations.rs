//! Conversations: every message grouped by customer (their WhatsApp id), the list the page's
//! sidebar shows, and one conversation's messages as the page draws them.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::message_view::{self, Reactions};
use super::preview;
use crate::clock;
use crate::engine::Engine;
use crate::error::ApiError;
use crate::recipients;
use crate::state::{MessageRecord, State as Stored, wa_id};

/// The documented behaviour of a test recipient, when `wa_id` is one.
fn test_recipient(wa_id: &str) -> Option<Value> {
    recipients::list()
        .into_iter()
        .find(|r| {
            r["number"]
                .as_str()
                .is_some_and(|n| n.trim_start_matches('+') == wa_id)
        })
        .map(|r| r["behaviour"].clone())
}

/// One line per customer, the most recently active first: `{"wa_id", "customer", "messages",
/// "last": {"id", "direction", "type", "preview", "status", "at"}, "test_recipient"?}`.
pub fn summaries(state: &Stored) -> Vec<Value> {
    let mut by_customer: HashMap<&str, (usize, usize)> = HashMap::new();
    for (index, message) in state.messages.iter().enumerate() {
        let entry = by_customer.entry(&message.wa_id).or_default();
        entry.0 += 1;
        entry.1 = index;
    }
    let mut lines: Vec<(usize, usize)> = by_customer.into_values().collect();
    lines.sort_by_key(|line| std::cmp::Reverse(line.1));
    lines
        .into_iter()
        .filter_map(|(count, last)| state.messages.get(last).map(|m| (count, m)))
        .map(|(count, last)| {
            let mut line = json!({
                "wa_id": last.wa_id,
                "customer": last.customer,
                "messages": count,
                "last": {
                    "id": last.id,
                    "direction": last.direction,
                    "type": last.kind,
                    "preview": preview::of(state, last),
                    "status": last.status,
                    "at": clock::iso(last.created_at),
                },
            });
            if let Some(behaviour) = test_recipient(&last.wa_id) {
                line["test_recipient"] = behaviour;
            }
            line
        })
        .collect()
}

/// `GET /_inbox/conversations`.
pub async fn list(State(engine): State<Arc<Engine>>) -> Json<Value> {
    Json(json!({ "data": summaries(&engine.state()) }))
}

/// `GET /_inbox/conversations/{number}` (any formatting of the number): `{"wa_id", "customer",
/// "test_recipient"?, "messages": [...]}`, oldest first, each as [`message_view::view`] draws it.
/// A number nobody wrote to yet is an empty conversation (the page opens one to write in); a
/// "number" without digits is not found.
pub async fn show(
    State(engine): State<Arc<Engine>>,
    Path(number): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let wa = wa_id(&number);
    let state = engine.state();
    let messages: Vec<&MessageRecord> = state.messages.iter().filter(|m| m.wa_id == wa).collect();
    if wa.is_empty() {
        return Err(ApiError::not_found("Conversation not found."));
    }
    let customer = messages
        .last()
        .map_or_else(|| format!("+{wa}"), |last| last.customer.clone());
    let reactions = Reactions::of(&messages);
    let mut out = json!({
        "wa_id": wa,
        "customer": customer,
        "messages": messages
            .iter()
            .map(|m| message_view::view(&state, m, &reactions))
            .collect::<Vec<_>>(),
    });
    if let Some(behaviour) = test_recipient(&wa) {
        out["test_recipient"] = behaviour;
    }
    Ok(Json(json!({ "data": out })))
}
