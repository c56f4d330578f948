//! Broadcasts against the sandbox: to contacts (a number given twice counts once) and to the
//! labels set at start, each fanned out to one stored template message per recipient, and the
//! latest broadcast in both of its shapes.

use botika::{Broadcast, TemplateMessage};

use crate::support::{self, CUSTOMER};

#[tokio::test]
async fn broadcasts_reach_contacts_and_labels_once_each() {
    let label_members = [
        "+62 811-1000-0001",
        "+62 811-1000-0002",
        "+62 811-1000-0003",
    ];
    let sandbox = support::builder()
        .label(7, label_members[..2].iter().copied())
        .label(8, label_members[2..].iter().copied())
        .start()
        .await
        .unwrap();
    let client = support::client(&sandbox);
    let hello = TemplateMessage::new("hello_world", "en_US");

    // The same customer written two ways, and one other.
    let contacts = [CUSTOMER, "+6281234567890", "+62 813-1111-2222"];
    let to_contacts = Broadcast::to_contacts("June promo", contacts, hello.clone());
    let created = client.broadcasts().send(to_contacts).await.unwrap();
    assert_eq!(
        (created.kind.as_str(), created.total_recipients),
        ("contact", 2)
    );
    assert_eq!(
        (created.name.as_str(), created.status.as_str()),
        ("June promo", "queued")
    );
    let fanned_out: Vec<_> = support::outbound(&sandbox, None)
        .into_iter()
        .filter(|m| m["broadcast_id"] == created.id.as_str())
        .collect();
    assert_eq!(fanned_out.len(), 2);
    assert!(fanned_out.iter().all(|m| m["type"] == "template"));

    let to_labels = Broadcast::to_labels("June promo (VIP)", [7, 8], hello);
    let created = client.broadcasts().send(to_labels).await.unwrap();
    assert_eq!(
        (created.kind.as_str(), created.total_recipients),
        ("label", 3)
    );
    for member in label_members {
        let got = support::outbound(&sandbox, Some(member));
        assert_eq!(got.len(), 1, "{member}");
        assert_eq!(got[0]["broadcast_id"], created.id.as_str());
    }
}

#[tokio::test]
async fn latest_reports_todays_broadcast_or_its_absence() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let promo = TemplateMessage::new("order_update", "en_US")
        .header_text("#7")
        .body(["Budi"])
        .button(botika::ButtonParam::quick_reply("track-7"));
    client
        .broadcasts()
        .send(Broadcast::to_contacts("Orders", [CUSTOMER], promo))
        .await
        .unwrap();
    let stored = support::outbound(&sandbox, Some(CUSTOMER));

    let latest = client.broadcasts().latest(CUSTOMER).await.unwrap();
    assert!(latest.has_broadcast);
    assert_eq!(latest.message_id.as_deref(), stored[0]["id"].as_str());
    let content = latest.content.expect("a broadcast's content");
    assert_eq!(content.kind.as_deref(), Some("template"));
    assert!(latest.latest_status.is_some());

    let none = client
        .broadcasts()
        .latest("+62 899-0000-0000")
        .await
        .unwrap();
    assert!(!none.has_broadcast);
    assert_eq!((none.message_id, none.content), (None, None));
}
