//! The control API's own reads and settings: sent and received messages, labels, test
//! recipients.

use serde_json::{Value, json};

use crate::config::Labels;
use crate::engine::Engine;
use crate::state::{Direction, wa_id};

/// Which messages to list.
#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    /// Only this customer's (any formatting of the number).
    pub to: Option<String>,
    /// Only one direction; outbound when listing "sent" messages.
    pub direction: Option<Direction>,
    /// Only one message type.
    pub kind: Option<String>,
}

impl Engine {
    /// Messages matching `filter`, oldest first.
    pub fn messages(&self, filter: &MessageFilter) -> Vec<Value> {
        let customer = filter.to.as_deref().map(wa_id);
        self.state()
            .messages
            .iter()
            .filter(|m| customer.as_ref().is_none_or(|c| &m.wa_id == c))
            .filter(|m| filter.direction.is_none_or(|d| m.direction == d))
            .filter(|m| filter.kind.as_ref().is_none_or(|k| &m.kind == k))
            .map(|m| m.to_json())
            .collect()
    }

    /// One message, either direction.
    pub fn message(&self, id: &str) -> Option<Value> {
        self.state().message(id).map(|m| m.to_json())
    }

    /// Replaces the labels (until the next reset, which restores the configured ones).
    pub fn set_labels(&self, labels: Labels) {
        self.state().labels = labels;
        self.touch();
    }

    /// The labels, `{"<id>": [numbers]}`.
    pub fn labels(&self) -> Value {
        json!(self.state().labels)
    }
}
