//! Webhooks from the sandbox to a receiver on 127.0.0.1: every delivery verifies with
//! `verify_signature` (and fails with another secret or a changed body) and parses with `parse`
//! into the typed events the sandbox's behaviour implies: statuses of messages to the test
//! recipients, the auto-replying recipient's answers, inbound messages made through the handle,
//! and template review results, in both envelopes.

use botika::webhooks::{
    self, ButtonPress, DeliveryStatus, Envelope, Event, InboundMessage, MessageContent, Reply,
    StatusUpdate, TemplateStatusUpdate,
};
use botika::{Client, Interactive, OutgoingMessage, Row, Section, Text};
use botika_sandbox::SandboxHandle;
use serde_json::json;

use crate::messages::order_update;
use crate::support::{self, CUSTOMER, REPLIER, Receiver, SECRET, UNDELIVERABLE};
use crate::templates::approvable;

/// A receiver, and a sandbox that posts signed webhooks of `envelope` to it.
async fn wired(envelope: botika_sandbox::Envelope) -> (Receiver, SandboxHandle, Client) {
    let receiver = Receiver::start().await;
    let sandbox = support::builder()
        .webhook_url(receiver.url())
        .webhook_secret(SECRET)
        .envelope(envelope)
        .start()
        .await
        .unwrap();
    let client = support::client(&sandbox);
    (receiver, sandbox, client)
}

async fn send(client: &Client, to: &str, message: impl Into<OutgoingMessage>) -> String {
    client.messages().send(to, message).await.unwrap().id
}

/// The status updates of message `id`, in arrival order.
fn statuses<'a>(events: &'a [Event], id: &str) -> Vec<&'a StatusUpdate> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Status(s) if s.message_id == id => Some(s),
            _ => None,
        })
        .collect()
}

/// The customer's message that answers the business's message `id`.
fn answer_to(events: &[Event], id: &str) -> Option<InboundMessage> {
    events.iter().find_map(|e| match e {
        Event::Message(m)
            if m.context.as_ref().and_then(|c| c.message_id.as_deref()) == Some(id) =>
        {
            Some(m.clone())
        }
        _ => None,
    })
}

fn review_of(events: &[Event], name: &str) -> Option<TemplateStatusUpdate> {
    events.iter().find_map(|e| match e {
        Event::TemplateStatus(t) if t.template_name.as_deref() == Some(name) => Some(t.clone()),
        _ => None,
    })
}

#[tokio::test]
async fn statuses_arrive_signed_and_typed_for_each_test_recipient() {
    let (receiver, _sandbox, client) = wired(botika_sandbox::Envelope::Cloud).await;
    let delivered = send(&client, CUSTOMER, Text::new("Your order shipped")).await;
    let failed = send(&client, UNDELIVERABLE, Text::new("Your order shipped")).await;

    let history = receiver
        .wait_for("sent, delivered and read", |events| {
            let found = statuses(events, &delivered);
            (found.len() == 3).then(|| found.into_iter().cloned().collect::<Vec<_>>())
        })
        .await;
    let states: Vec<&DeliveryStatus> = history.iter().map(|s| &s.status).collect();
    assert_eq!(
        states,
        [
            &DeliveryStatus::Sent,
            &DeliveryStatus::Delivered,
            &DeliveryStatus::Read
        ]
    );
    for status in &history {
        assert_eq!(status.recipient.as_deref(), Some("6281234567890"));
        assert!(status.timestamp.is_some_and(|t| t > 1_700_000_000));
        assert_eq!(
            status.metadata.phone_number_id.as_deref(),
            Some("100000000000002")
        );
    }

    let failure = receiver
        .wait_for("the failed status", |events| {
            statuses(events, &failed)
                .into_iter()
                .find(|s| s.status == DeliveryStatus::Failed)
                .cloned()
        })
        .await;
    assert_eq!(failure.errors.len(), 1);
    assert_eq!(failure.errors[0].code, Some(131_026));
    assert_eq!(
        failure.errors[0].title.as_deref(),
        Some("Message undeliverable")
    );

    // The signature is really checked: another secret, or one changed byte, fails.
    let deliveries = receiver.deliveries();
    assert!(deliveries.len() >= 4);
    for delivery in &deliveries {
        let signature = delivery.signature.as_deref();
        assert!(signature.is_some_and(|s| s.starts_with("sha256=")));
        let wrong = webhooks::verify_signature(&delivery.body, signature, "another-secret");
        assert_eq!(wrong.unwrap_err().code(), "invalid_argument");
        let mut changed = delivery.body.to_vec();
        changed.push(b' ');
        assert!(webhooks::verify_signature(&changed, signature, SECRET).is_err());
    }
}

#[tokio::test]
async fn the_replying_recipient_answers_each_kind_and_inbound_messages_arrive() {
    let (receiver, sandbox, client) = wired(botika_sandbox::Envelope::Cloud).await;
    let buttons = Interactive::buttons("Was the delivery on time?")
        .button("yes", "Yes")
        .button("no", "No");
    let list = Interactive::list("Pick a size", "Sizes").section(
        Section::new()
            .row(Row::new("s", "Small").description("Chest 90 cm"))
            .row(Row::new("m", "Medium")),
    );
    let buttons = send(&client, REPLIER, buttons).await;
    let list = send(&client, REPLIER, list).await;
    let text = send(&client, REPLIER, Text::new("ping")).await;
    let template = send(&client, REPLIER, order_update()).await;
    let inbound = sandbox
        .inbound(
            &json!({"from": CUSTOMER, "name": "Sari", "type": "text", "text": {"body": "Halo"}}),
        )
        .unwrap();

    let tap = receiver
        .wait_for("the button tap", |e| answer_to(e, &buttons))
        .await;
    assert_eq!(tap.from, "15550100020");
    assert_eq!(
        tap.profile_name.as_deref(),
        Some("Auto Reply (test recipient)")
    );
    let expected = Reply {
        id: "yes".into(),
        title: "Yes".into(),
        description: None,
    };
    assert_eq!(tap.content, MessageContent::ButtonReply(expected));

    let row = receiver
        .wait_for("the list choice", |e| answer_to(e, &list))
        .await;
    let expected = Reply {
        id: "s".into(),
        title: "Small".into(),
        description: Some("Chest 90 cm".into()),
    };
    assert_eq!(row.content, MessageContent::ListReply(expected));

    let said = receiver
        .wait_for("the text answer", |e| answer_to(e, &text))
        .await;
    let MessageContent::Text(said_text) = &said.content else {
        panic!("a text answer, got {said:?}");
    };
    assert_eq!(said_text.body, "You said: ping");

    let pressed = receiver
        .wait_for("the quick reply", |e| answer_to(e, &template))
        .await;
    let expected = ButtonPress {
        text: "Track order".into(),
        payload: Some("track-1024".into()),
    };
    assert_eq!(pressed.content, MessageContent::Button(expected));

    let customer = receiver
        .wait_for("the inbound message", |events| {
            events.iter().find_map(|e| match e {
                Event::Message(m) if m.id == inbound => Some(m.clone()),
                _ => None,
            })
        })
        .await;
    assert_eq!(
        (customer.from.as_str(), customer.profile_name.as_deref()),
        ("6281234567890", Some("Sari"))
    );
    assert_eq!(customer.content.kind(), "text");

    // Ids from webhooks work with the API: the business reads the answers.
    for id in [&tap.id, &customer.id] {
        client.messages().mark_read(id).await.unwrap();
    }
}

#[tokio::test]
async fn template_reviews_arrive_as_template_status_events() {
    let (receiver, _sandbox, client) = wired(botika_sandbox::Envelope::Cloud).await;
    let approved = client
        .templates()
        .create(approvable("summer_sale"))
        .await
        .unwrap();
    client
        .templates()
        .create(approvable("reject_summer_sale"))
        .await
        .unwrap();

    let yes = receiver
        .wait_for("the approval", |e| review_of(e, "summer_sale"))
        .await;
    assert_eq!(yes.status, "APPROVED");
    assert_eq!(yes.template_id.as_deref(), Some(approved.id.as_str()));
    assert_eq!((yes.language.as_deref(), yes.reason), (Some("id"), None));

    let no = receiver
        .wait_for("the rejection", |e| review_of(e, "reject_summer_sale"))
        .await;
    assert_eq!(no.status, "REJECTED");
    assert!(no.reason.is_some_and(|r| r.contains("reject_")));
}

#[tokio::test]
async fn the_flat_envelope_parses_into_the_same_events() {
    let (receiver, _sandbox, client) = wired(botika_sandbox::Envelope::Flat).await;
    let text = send(&client, REPLIER, Text::new("ping")).await;
    let answer = receiver
        .wait_for("the text answer", |e| answer_to(e, &text))
        .await;
    assert_eq!(answer.content.kind(), "text");
    receiver
        .wait_for("the read status", |e| {
            statuses(e, &text)
                .into_iter()
                .find(|s| s.status == DeliveryStatus::Read)
                .cloned()
        })
        .await;
    for delivery in receiver.deliveries() {
        let payload =
            webhooks::verify_and_parse(&delivery.body, delivery.signature.as_deref(), SECRET)
                .unwrap();
        assert_eq!(payload.envelope, Envelope::Flat);
    }
}
