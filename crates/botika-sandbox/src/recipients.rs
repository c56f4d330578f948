//! Test recipients: numbers with a fixed behaviour, like a payment sandbox's test cards, so a
//! bot's handling of failures, unread messages and replies can be tested on purpose. Matched on
//! digits, so any formatting of the number works (`+1 555-010-0001` is `15550100001`).

use serde_json::{Value, json};

/// What happens to an outbound message after it is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// `sent`, `delivered`, `read`.
    Normal,
    /// `failed` with this WhatsApp error instead of `sent`.
    Fail {
        code: u32,
        title: &'static str,
        details: &'static str,
    },
    /// `sent`, `delivered`, never `read`.
    NeverRead,
    /// `sent` only: the phone is off.
    NeverDelivered,
    /// `sent`, `delivered`, `read`, then the customer answers (see `ops::lifecycle`).
    AutoReply,
}

/// The error of a free-form message outside the customer-service window.
pub const REENGAGEMENT: Behaviour = Behaviour::Fail {
    code: 131_047,
    title: "Re-engagement message",
    details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
};

/// One documented test number.
struct TestRecipient {
    number: &'static str,
    behaviour: Behaviour,
    description: &'static str,
}

/// The `+1 555 01xx` range is reserved for fiction, so no real customer is ever one of these.
const TEST_RECIPIENTS: &[TestRecipient] = &[
    TestRecipient {
        number: "+15550100001",
        behaviour: Behaviour::Fail {
            code: 131_026,
            title: "Message undeliverable",
            details: "The recipient cannot receive this message (test recipient).",
        },
        description: "every message fails: 131026 Message undeliverable",
    },
    TestRecipient {
        number: "+15550100002",
        behaviour: REENGAGEMENT,
        description: "every message fails: 131047 Re-engagement message",
    },
    TestRecipient {
        number: "+15550100003",
        behaviour: Behaviour::Fail {
            code: 131_049,
            title: "This message was not delivered to maintain healthy ecosystem engagement.",
            details: "The recipient has received too many marketing messages (test recipient).",
        },
        description: "every message fails: 131049 healthy ecosystem engagement",
    },
    TestRecipient {
        number: "+15550100010",
        behaviour: Behaviour::NeverRead,
        description: "sent and delivered, never read",
    },
    TestRecipient {
        number: "+15550100011",
        behaviour: Behaviour::NeverDelivered,
        description: "sent, never delivered (the phone is off)",
    },
    TestRecipient {
        number: "+15550100020",
        behaviour: Behaviour::AutoReply,
        description: "reads every message and replies to all but reactions: taps the first button or list row, else answers with text",
    },
];

/// The behaviour of messages to `wa_id` (digits).
pub fn behaviour(wa_id: &str) -> Behaviour {
    TEST_RECIPIENTS
        .iter()
        .find(|r| r.number.trim_start_matches('+') == wa_id)
        .map_or(Behaviour::Normal, |r| r.behaviour)
}

/// The table, for the control API and the docs.
pub fn list() -> Vec<Value> {
    TEST_RECIPIENTS
        .iter()
        .map(|r| json!({ "number": r.number, "behaviour": r.description }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_on_digits_only() {
        assert_eq!(behaviour("15550100010"), Behaviour::NeverRead);
        assert_eq!(behaviour("6281234567890"), Behaviour::Normal);
        assert!(matches!(
            behaviour("15550100002"),
            Behaviour::Fail { code: 131_047, .. }
        ));
    }
}
