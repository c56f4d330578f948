//! What happens to a message after the API accepted it: its statuses on the configured schedule
//! (or a failure, for test recipients and outside the service window), automatic replies, and
//! the end of a template's review.

use std::time::Duration;

use serde_json::{Value, json};

use crate::clock;
use crate::engine::Engine;
use crate::recipients::{self, Behaviour};
use crate::rules;
use crate::scheduler::Timed;
use crate::state::{MessageRecord, State, StatusEntry, TemplateRecord};
use crate::webhooks::{Event, payload};

/// A manual or scheduled review decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    /// The template becomes `APPROVED`.
    Approve,
    /// The template becomes `REJECTED` with this reason.
    Reject(String),
}

fn rank(status: &str) -> u8 {
    match status {
        "sent" => 1,
        "delivered" => 2,
        "read" => 3,
        "failed" => 4,
        _ => 0,
    }
}

impl Engine {
    /// Schedules the statuses (and replies) of a message just accepted.
    pub(crate) fn plan_outbound(&self, id: &str, wa_id: &str, kind: &str) {
        let mut behaviour = recipients::behaviour(wa_id);
        let free_form = kind != "template";
        if self.config.service_window && free_form && !matches!(behaviour, Behaviour::Fail { .. }) {
            let now = clock::now_ms();
            let window =
                u64::try_from(self.config.service_window_length.as_millis()).unwrap_or(u64::MAX);
            let open = self
                .state()
                .last_inbound
                .get(wa_id)
                .is_some_and(|&at| now.saturating_sub(at) < window);
            if !open {
                behaviour = recipients::REENGAGEMENT;
            }
        }
        let s = self.config.statuses;
        let status = |delay: Duration, status: &'static str| {
            self.schedule(
                delay,
                Timed::Status {
                    id: id.to_owned(),
                    status,
                    errors: None,
                },
            );
        };
        match behaviour {
            Behaviour::Fail {
                code,
                title,
                details,
            } => {
                let errors = Some(payload::error(code, title, details));
                self.schedule(
                    s.sent,
                    Timed::Status {
                        id: id.to_owned(),
                        status: "failed",
                        errors,
                    },
                );
            }
            Behaviour::NeverDelivered => status(s.sent, "sent"),
            Behaviour::NeverRead => {
                status(s.sent, "sent");
                status(s.delivered, "delivered");
            }
            Behaviour::Normal | Behaviour::AutoReply => {
                status(s.sent, "sent");
                status(s.delivered, "delivered");
                status(s.read, "read");
                if behaviour == Behaviour::AutoReply && kind != "reaction" {
                    self.schedule(s.read, Timed::Reply { id: id.to_owned() });
                }
            }
        }
    }

    /// Runs a timer that came due.
    pub(crate) fn fire(&self, timed: Timed) {
        match timed {
            Timed::Status { id, status, errors } => self.advance(&id, status, errors),
            Timed::Reply { id } => self.auto_reply(&id),
            Timed::Review {
                template_id,
                revision,
            } => {
                let decision = {
                    let state = self.state();
                    let Some(t) = state.templates.iter().find(|t| t.id == template_id) else {
                        return;
                    };
                    if t.revision != revision || t.status != "PENDING" {
                        return;
                    }
                    match rules::review(&t.to_json()) {
                        Ok(()) => Review::Approve,
                        Err(reason) => Review::Reject(reason),
                    }
                };
                // The template can only be gone if it was deleted in between; nothing to report.
                let _ = self.review_template(template_id, decision);
            }
        }
    }

    /// Moves an outbound message forward to `status` (never backwards, never past `failed`)
    /// and reports it by webhook.
    fn advance(&self, id: &str, status: &'static str, errors: Option<serde_json::Value>) {
        let now = clock::now_ms();
        let wa_id = {
            let mut state = self.state();
            let Some(message) = state.message_mut(id) else {
                return;
            };
            if rank(status) <= rank(&message.status) || message.status == "failed" {
                return;
            }
            message.status = status.to_owned();
            message.history.push(StatusEntry {
                status: status.to_owned(),
                at: now,
            });
            message.errors.clone_from(&errors);
            message.wa_id.clone()
        };
        self.touch();
        self.webhooks.send(
            &wa_id,
            Event::Status(payload::status(id, status, &wa_id, now, errors.as_ref())),
        );
    }

    /// A test recipient answers an outbound message.
    fn auto_reply(&self, id: &str) {
        let reply = {
            let state = self.state();
            let Some(original) = state.message(id) else {
                return;
            };
            (original.customer.clone(), reply_to(&state, original))
        };
        let (customer, (kind, content)) = reply;
        self.receive(
            &customer,
            &kind,
            content,
            Some(id),
            Some("Auto Reply (test recipient)"),
        );
    }

    /// Decides a template's review and reports it by webhook. Any status can be overridden.
    pub fn review_template(
        &self,
        id: u64,
        decision: Review,
    ) -> Result<serde_json::Value, crate::ApiError> {
        let (template, event) = {
            let mut state = self.state();
            let Some(t) = state.template_mut(id) else {
                return Err(crate::ApiError::not_found("Message template not found."));
            };
            apply(t, &decision);
            let event = payload::template_status(
                t.id,
                &t.name,
                &t.language,
                &t.status,
                t.rejected_reason.as_deref(),
            );
            (t.to_json(), event)
        };
        self.touch();
        let key = format!("template:{}", template["name"].as_str().unwrap_or_default());
        self.webhooks.send(&key, Event::TemplateStatus(event));
        Ok(template)
    }
}

fn apply(t: &mut TemplateRecord, decision: &Review) {
    // A new revision cancels any review still scheduled for this one.
    t.revision += 1;
    match decision {
        Review::Approve => {
            t.status = "APPROVED".into();
            t.rejected_reason = None;
        }
        Review::Reject(reason) => {
            t.status = "REJECTED".into();
            t.rejected_reason = Some(reason.clone());
        }
    }
}

/// What a replying test recipient sends back: a tap on the first button or list row, a tap on
/// a template's first quick reply, or a text.
fn reply_to(state: &State, original: &MessageRecord) -> (String, Value) {
    let content = &original.payload;
    let interactive = &content["interactive"];
    match (original.kind.as_str(), interactive["type"].as_str()) {
        ("interactive", Some("button")) => {
            if let Some(reply) = interactive["action"]["buttons"].get(0).map(|b| &b["reply"]) {
                let tap = json!({ "type": "button_reply", "button_reply": { "id": reply["id"], "title": reply["title"] } });
                return ("interactive".into(), tap);
            }
        }
        ("interactive", Some("list")) => {
            if let Some(row) = interactive["action"]["sections"]
                .get(0)
                .and_then(|s| s["rows"].get(0))
            {
                let mut tap = json!({ "id": row["id"], "title": row["title"] });
                if let Some(description) = row.get("description") {
                    tap["description"] = description.clone();
                }
                return (
                    "interactive".into(),
                    json!({ "type": "list_reply", "list_reply": tap }),
                );
            }
        }
        ("template", _) => {
            if let Some(tap) = template_quick_reply(state, &content["template"]) {
                return ("button".into(), tap);
            }
        }
        _ => {}
    }
    let text = match content["text"]["body"].as_str() {
        Some(body) if original.kind == "text" => format!("You said: {body}"),
        _ => format!("Thanks for the {} message!", original.kind),
    };
    ("text".into(), json!({ "body": text }))
}

fn template_quick_reply(state: &State, sent: &Value) -> Option<Value> {
    let name = sent["name"].as_str()?;
    let template = state.template(name, super::language(sent)?)?;
    let buttons = template
        .components
        .as_array()?
        .iter()
        .find(|c| c["type"] == "BUTTONS")?["buttons"]
        .as_array()?;
    // `param.button` has one entry per QUICK_REPLY/URL/COPY_CODE button, in order.
    let parametrised = buttons.iter().filter(|b| b["type"] != "PHONE_NUMBER");
    let (index, button) = parametrised
        .enumerate()
        .find(|(_, b)| b["type"] == "QUICK_REPLY")?;
    let text = button["text"].as_str().unwrap_or_default();
    let payload = sent["param"]["button"]
        .get(index)
        .and_then(|b| b["value"].as_str())
        .unwrap_or(text);
    Some(json!({ "text": text, "payload": payload }))
}
