//! Messages against the sandbox: every type arrives exactly as the SDK serialized it (the
//! sandbox validates each strictly and stores the body it accepted), replies and reactions name
//! stored messages, templates fit the seeded ones, `send_template_checked` refuses a misfit
//! before sending, and mark-as-read reaches inbound messages only.

use botika::media::{MediaSource, UploadOptions};
use botika::{
    Audio, ButtonParam, Contact, Document, Image, Interactive, Location, OutgoingMessage, Reaction,
    Row, Section, Sticker, TemplateMessage, Text, Video,
};
use serde_json::json;

use crate::support::{self, CUSTOMER, files};

/// The seeded template with a text header, one body variable and a quick-reply button.
pub fn order_update() -> TemplateMessage {
    TemplateMessage::new("order_update", "en_US")
        .header_text("#1024")
        .body(["Sari"])
        .button(ButtonParam::quick_reply("track-1024"))
}

#[tokio::test]
async fn every_message_type_is_accepted_and_stored_as_sent() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let upload = |bytes: &'static [u8], name: &str| {
        let options = UploadOptions::new().filename(name);
        let client = client.clone();
        async move {
            client
                .media()
                .upload(MediaSource::bytes(bytes), options)
                .await
                .unwrap()
                .id
        }
    };
    let image = upload(files::PNG, "photo.png").await;
    let video = upload(files::MP4, "clip.mp4").await;
    let audio = upload(files::MP3, "voice.mp3").await;
    let document = upload(files::PDF, "invoice.pdf").await;
    let sticker = upload(files::WEBP, "smile.webp").await;

    let first = client
        .messages()
        .send(
            CUSTOMER,
            Text::new("Halo! https://example.com").preview_url(true),
        )
        .await
        .unwrap();
    let messages: Vec<OutgoingMessage> = vec![
        Image::from_id(&image).caption("Our store").into(),
        Video::from_id(&video).caption("A tour").into(),
        Audio::from_id(&audio).into(),
        Document::from_id(&document)
            .filename("invoice.pdf")
            .caption("Your invoice")
            .into(),
        Sticker::from_id(&sticker).into(),
        Image::from_link("https://example.com/banner.png").into(),
        Location::new(-7.7956, 110.3695)
            .name("Tugu Jogja")
            .address("Jl. Jend. Sudirman, Yogyakarta")
            .into(),
        [
            Contact::new("Budi", "+62 811-0000-0001"),
            Contact::new("Sari", "+62 811-0000-0002"),
        ]
        .into(),
        Reaction::new(&first.id, "👍").into(),
        Reaction::remove(&first.id).into(),
        Text::new("Thanks for your order").reply_to(&first.id),
        Interactive::buttons("Was the delivery on time?")
            .button("yes", "Yes")
            .button("no", "No")
            .footer("Botika")
            .reply_to(&first.id),
        Interactive::list("Pick a size", "Sizes")
            .section(
                Section::titled("Shirts")
                    .row(Row::new("s", "Small").description("Chest 90 cm"))
                    .row(Row::new("m", "Medium")),
            )
            .into(),
        Interactive::product("catalog-1", "sku-1")
            .body("Back in stock")
            .into(),
        Interactive::product_list("New arrivals", "This week's picks", "catalog-1")
            .section(Section::titled("Shirts").product("sku-1").product("sku-2"))
            .into(),
        TemplateMessage::new("hello_world", "en_US").into(),
        order_update().into(),
    ];
    for message in messages {
        let sent = client
            .messages()
            .send(CUSTOMER, message.clone())
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", message.content.type_name()));
        let stored = sandbox.message(&sent.id).expect("the sandbox stored it");
        assert_eq!(stored["content"], message.to_json(CUSTOMER));
        assert_eq!(stored["type"], message.content.type_name());
        assert_eq!(sent.raw["data"]["id"], sent.id.as_str());
    }
    assert_eq!(support::outbound(&sandbox, Some(CUSTOMER)).len(), 18);
}

#[tokio::test]
async fn references_to_unknown_messages_and_media_are_refused_by_the_api() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let cases: [(OutgoingMessage, &str); 3] = [
        (Text::new("Hi").reply_to("wamid.nope"), "reply_message_id"),
        (Reaction::new("wamid.nope", "😀").into(), "reaction.id"),
        (Image::from_id("424242").into(), "image.id"),
    ];
    for (message, field) in cases {
        let error = client.messages().send(CUSTOMER, message).await.unwrap_err();
        assert_eq!((error.code(), error.status()), ("validation", Some(422)));
        assert!(error.field_errors().contains_key(field), "{error:?}");
        // A 4xx says the API refused it: nothing was sent.
        assert!(!error.may_have_been_sent());
    }
    assert!(support::outbound(&sandbox, None).is_empty());
}

#[tokio::test]
async fn a_checked_template_send_fits_the_fetched_template_or_sends_nothing() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);

    let sent = client
        .messages()
        .send_template_checked(CUSTOMER, order_update())
        .await
        .unwrap();
    assert_eq!(
        sandbox.message(&sent.id).unwrap()["content"]["template"]["name"],
        "order_update"
    );

    let misfit = TemplateMessage::new("order_update", "en_US").header_text("#1");
    let error = client
        .messages()
        .send_template_checked(CUSTOMER, misfit.clone())
        .await
        .unwrap_err();
    assert_eq!(error.code(), "invalid_argument");
    let fields: Vec<&str> = error.field_errors().keys().map(String::as_str).collect();
    assert_eq!(fields, ["template.param.body", "template.param.button"]);

    let unknown = TemplateMessage::new("no_such_template", "en_US");
    let error = client
        .messages()
        .send_template_checked(CUSTOMER, unknown)
        .await
        .unwrap_err();
    assert!(
        error.field_errors().contains_key("template.name"),
        "{error:?}"
    );

    // Only the first send reached POST /messages; the unchecked misfit is the API's to refuse.
    assert_eq!(support::processed(&sandbox, "POST", "/messages"), 1);
    let refused = client.messages().send(CUSTOMER, misfit).await.unwrap_err();
    assert_eq!(refused.code(), "validation");
}

#[tokio::test]
async fn mark_as_read_reaches_inbound_messages_only() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    let inbound = sandbox
        .inbound(&json!({"from": CUSTOMER, "type": "text", "text": {"body": "Is my order ready?"}}))
        .unwrap();

    client.messages().mark_read(&inbound).await.unwrap();
    assert_eq!(sandbox.message(&inbound).unwrap()["status"], "read");

    let outbound = client
        .messages()
        .send(CUSTOMER, Text::new("Yes"))
        .await
        .unwrap();
    for id in [outbound.id.as_str(), "wamid.unknown"] {
        let error = client.messages().mark_read(id).await.unwrap_err();
        assert_eq!(
            (error.code(), error.status()),
            ("not_found", Some(404)),
            "{id}"
        );
    }
}
