//! Templates against the sandbox: the list across pages (as a stream and page by page), search
//! and find, get, the review (`PENDING`, then `APPROVED`, or `REJECTED` for `reject_` names),
//! update while rejected only, delete by name, and the refusals on each side.

use botika::{
    BodyComponent, ButtonParam, MessageTemplate, NewTemplate, TemplateButton, TemplateCategory,
    TemplateMessage, TemplateStatus, TemplateUpdate,
};
use futures_util::TryStreamExt;

use crate::support::{self, CUSTOMER};

/// A template the sandbox approves: a body with one variable and its example, a quick reply.
pub fn approvable(name: &str) -> NewTemplate {
    NewTemplate::new(name, "id", TemplateCategory::Marketing)
        .body(BodyComponent::new("Halo {{1}}, diskon 20% hari ini!").example(["Sari"]))
        .footer("Botika")
        .button(TemplateButton::quick_reply("Stop promo"))
}

/// Polls the template until its review is done.
async fn reviewed(client: &botika::Client, id: &str) -> MessageTemplate {
    support::eventually("the template's review", || async {
        let template = client.templates().get(id).await.unwrap();
        (template.status != Some(TemplateStatus::Pending)).then_some(template)
    })
    .await
}

#[tokio::test]
async fn the_list_follows_every_page_and_search_narrows_it() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    for n in 1..=10 {
        let name = format!("promo_{n:02}");
        client.templates().create(approvable(&name)).await.unwrap();
    }

    let all: Vec<MessageTemplate> = client.templates().list(None).try_collect().await.unwrap();
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), 12);
    assert_eq!(names[..3], ["hello_world", "order_update", "promo_01"]);
    assert_eq!(names[11], "promo_10");
    // The stream asked for exactly the two pages there are.
    assert_eq!(support::processed(&sandbox, "GET", "/message-templates"), 2);

    let first = client.templates().list_page(1, None).await.unwrap();
    assert_eq!((first.templates.len(), first.next_page), (10, Some(2)));
    let second = client.templates().list_page(2, None).await.unwrap();
    assert_eq!((second.templates.len(), second.next_page), (2, None));

    let searched: Vec<MessageTemplate> = client
        .templates()
        .list(Some("promo_1"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(searched.len(), 1);
    assert_eq!(searched[0].name, "promo_10");

    let found = client.templates().find("promo_05", "id").await.unwrap();
    assert_eq!(found.map(|t| t.name), Some("promo_05".to_owned()));
    assert_eq!(
        client.templates().find("promo_05", "en_US").await.unwrap(),
        None
    );
}

#[tokio::test]
async fn a_template_is_reviewed_then_sent_and_deleted() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let created = client
        .templates()
        .create(approvable("spring_sale"))
        .await
        .unwrap();
    assert_eq!(created.status, Some(TemplateStatus::Pending));
    assert_eq!(
        created.body().map(|b| b.text.as_str()),
        Some("Halo {{1}}, diskon 20% hari ini!")
    );
    assert_eq!(created.buttons()[0].text.as_deref(), Some("Stop promo"));

    let approved = reviewed(&client, &created.id).await;
    assert_eq!(approved.status, Some(TemplateStatus::Approved));
    assert_eq!(approved.rejected_reason, None);

    let send = TemplateMessage::new("spring_sale", "id")
        .body(["Sari"])
        .button(ButtonParam::quick_reply("stop"));
    client
        .messages()
        .send_template_checked(CUSTOMER, send)
        .await
        .unwrap();

    // Only a rejected template may be edited.
    let update = TemplateUpdate::new().category(TemplateCategory::Utility);
    let error = client
        .templates()
        .update(&created.id, update)
        .await
        .unwrap_err();
    assert_eq!((error.code(), error.status()), ("validation", Some(422)));
    assert!(error.field_errors().contains_key("status"), "{error:?}");

    let again = client
        .templates()
        .create(approvable("spring_sale"))
        .await
        .unwrap_err();
    assert!(again.field_errors().contains_key("name"), "{again:?}");

    client.templates().delete("spring_sale").await.unwrap();
    for error in [
        client.templates().get(&created.id).await.unwrap_err(),
        client.templates().delete("spring_sale").await.unwrap_err(),
    ] {
        assert_eq!((error.code(), error.status()), ("not_found", Some(404)));
    }
}

#[tokio::test]
async fn a_rejected_template_can_be_updated_and_is_reviewed_again() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let created = client
        .templates()
        .create(approvable("reject_flash_sale"))
        .await
        .unwrap();
    let rejected = reviewed(&client, &created.id).await;
    assert_eq!(rejected.status, Some(TemplateStatus::Rejected));
    let reason = rejected.rejected_reason.unwrap_or_default();
    assert!(reason.contains("reject_"), "{reason}");

    let update = TemplateUpdate::new()
        .category(TemplateCategory::Utility)
        .component(BodyComponent::new("Pesanan Anda sudah dikirim."));
    let updated = client
        .templates()
        .update(&created.id, update)
        .await
        .unwrap();
    assert_eq!(updated.status, Some(TemplateStatus::Pending));
    assert_eq!(updated.category, Some(TemplateCategory::Utility));
    assert_eq!(
        updated.body().map(|b| b.text.as_str()),
        Some("Pesanan Anda sudah dikirim.")
    );
    let again = reviewed(&client, &created.id).await;
    assert_eq!(again.status, Some(TemplateStatus::Rejected));
}

#[tokio::test]
async fn the_sdk_refuses_a_template_that_breaks_the_creation_rules_before_sending() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let error = client
        .templates()
        .create(approvable("Spring Sale"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "invalid_argument");
    assert!(error.field_errors().contains_key("name"), "{error:?}");
    let no_body = NewTemplate::new("no_body", "id", TemplateCategory::Utility);
    let error = client.templates().create(no_body).await.unwrap_err();
    assert_eq!(error.code(), "invalid_argument");
    assert_eq!(
        support::processed(&sandbox, "POST", "/message-templates"),
        0
    );
}
