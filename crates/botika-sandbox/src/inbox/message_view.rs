//! One message as the page draws it: the control API's form of the message, plus what the page
//! cannot work out by itself: its file, the rendered template, the options a customer can tap,
//! the message it quotes, and the reactions it got.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{media, preview, taps, template_view};
use crate::state::{Direction, MessageRecord, State};

/// The latest reaction of each side, by the id of the message reacted to.
#[derive(Debug, Default)]
pub struct Reactions<'a>(HashMap<&'a str, [Option<&'a str>; 2]>);

impl<'a> Reactions<'a> {
    /// Collects the reactions among `messages`, oldest first, so a later one replaces an
    /// earlier one of the same side, and an empty emoji takes it back.
    pub fn of(messages: &[&'a MessageRecord]) -> Reactions<'a> {
        let mut reactions = Reactions::default();
        for message in messages.iter().filter(|m| m.kind == "reaction") {
            let Some((target, emoji)) = reaction(message) else {
                continue;
            };
            let side = reactions.0.entry(target).or_default();
            side[side_index(message.direction)] = Some(emoji).filter(|e| !e.is_empty());
        }
        reactions
    }

    fn on(&self, id: &str) -> Vec<Value> {
        let Some(sides) = self.0.get(id) else {
            return Vec::new();
        };
        [Direction::Outbound, Direction::Inbound]
            .into_iter()
            .filter_map(|direction| {
                sides[side_index(direction)]
                    .map(|emoji| json!({ "emoji": emoji, "direction": direction }))
            })
            .collect()
    }
}

fn side_index(direction: Direction) -> usize {
    match direction {
        Direction::Outbound => 0,
        Direction::Inbound => 1,
    }
}

/// A reaction's target and emoji: the business names the message as `id`, a customer as
/// `message_id`.
fn reaction(message: &MessageRecord) -> Option<(&str, &str)> {
    let content = &message.payload["reaction"];
    let target = content["id"]
        .as_str()
        .or_else(|| content["message_id"].as_str())?;
    Some((target, content["emoji"].as_str().unwrap_or_default()))
}

/// The id of the message this one quotes: a business reply's `reply_message_id`, a customer's
/// `context.id`.
fn quoted(message: &MessageRecord) -> Option<&str> {
    message.payload["reply_message_id"]
        .as_str()
        .or_else(|| message.payload["context"]["id"].as_str())
}

/// The view of `message`; `reactions` are those of its conversation.
pub fn view(state: &State, message: &MessageRecord, reactions: &Reactions<'_>) -> Value {
    let mut out = message.to_json();
    let kind = message.kind.as_str();
    let content = &message.payload[kind];
    out["preview"] = json!(preview::of(state, message));
    if media::KINDS.contains(&kind) {
        out["media"] = media::reference(state, kind, content);
    }
    if kind == "interactive" {
        let header = &content["header"];
        if let Some(header_kind) = header["type"].as_str().filter(|k| media::KINDS.contains(k)) {
            out["media"] = media::reference(state, header_kind, &header[header_kind]);
        }
    }
    if kind == "template" {
        out["template"] = template_view::render(state, content);
    }
    if kind == "reaction" {
        if let Some((target, _)) = reaction(message) {
            out["reaction_to"] = json!(target);
        }
    }
    let options: Vec<Value> = taps::options(state, message)
        .iter()
        .enumerate()
        .map(|(n, tap)| tap.to_json(n))
        .collect();
    if !options.is_empty() {
        out["options"] = json!(options);
    }
    if let Some(original) = quoted(message).and_then(|id| state.message(id)) {
        out["reply_to"] = json!({
            "id": original.id,
            "direction": original.direction,
            "preview": preview::of(state, original),
        });
    }
    let reactions = reactions.on(&message.id);
    if !reactions.is_empty() {
        out["reactions"] = json!(reactions);
    }
    out
}
