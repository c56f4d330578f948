//! Every builder produces exactly the contract's wire JSON, with nothing the contract does not
//! name unless the caller added it.

use serde_json::{Value, json};

use crate::messages::*;

const TO: &str = "+62 812-3456-7890";

fn wire(message: impl Into<OutgoingMessage>) -> Value {
    message.into().to_json(TO)
}

#[test]
fn text_with_and_without_preview_and_reply() {
    assert_eq!(
        wire(Text::new("Halo!")),
        json!({"to": TO, "type": "text", "text": {"body": "Halo!"}})
    );
    assert_eq!(
        wire(
            Text::new("Hello https://example.com")
                .preview_url(true)
                .reply_to("wamid.1")
        ),
        json!({
            "to": TO, "reply_message_id": "wamid.1", "type": "text",
            "text": {"body": "Hello https://example.com", "preview_url": true}
        })
    );
}

#[test]
fn keys_follow_the_documented_order() {
    let body = wire(Text::new("x").reply_to("m"));
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["to", "reply_message_id", "type", "text"]);
}

#[test]
fn media_messages() {
    assert_eq!(
        wire(Image::from_id("MEDIA_1").caption("Receipt")),
        json!({"to": TO, "type": "image", "image": {"id": "MEDIA_1", "caption": "Receipt"}})
    );
    assert_eq!(
        wire(Video::from_link("https://e.com/v.mp4").caption("Tour")),
        json!({"to": TO, "type": "video", "video": {"link": "https://e.com/v.mp4", "caption": "Tour"}})
    );
    assert_eq!(
        wire(Audio::from_id("A")),
        json!({"to": TO, "type": "audio", "audio": {"id": "A"}})
    );
    assert_eq!(
        wire(
            Document::from_id("{{ MEDIA_ID }}")
                .caption("DOCUMENT_CAPTION")
                .filename("Example.pdf")
                .reply_to("{{ MESSAGE_ID }}")
        ),
        json!({
            "to": TO, "reply_message_id": "{{ MESSAGE_ID }}", "type": "document",
            "document": {"id": "{{ MEDIA_ID }}", "caption": "DOCUMENT_CAPTION", "filename": "Example.pdf"}
        })
    );
    assert_eq!(
        wire(Sticker::from_link("https://e.com/s.webp")),
        json!({"to": TO, "type": "sticker", "sticker": {"link": "https://e.com/s.webp"}})
    );
}

#[test]
fn location_contacts_and_reactions() {
    assert_eq!(
        wire(
            Location::new(-6.2, 106.816666)
                .name("Monas")
                .address("Jakarta")
        ),
        json!({"to": TO, "type": "location", "location": {
            "latitude": -6.2, "longitude": 106.816666, "name": "Monas", "address": "Jakarta"}})
    );
    assert_eq!(
        wire(vec![
            Contact::new("Budi", "+62 811"),
            Contact::new("Sari", "+62 812")
        ]),
        json!({"to": TO, "type": "contacts", "contacts": [
            {"name": "Budi", "phone": "+62 811"}, {"name": "Sari", "phone": "+62 812"}]})
    );
    assert_eq!(
        wire(Contact::new("Budi", "+62 811")),
        json!({"to": TO, "type": "contacts", "contacts": [{"name": "Budi", "phone": "+62 811"}]})
    );
    let pair: OutgoingMessage = [Contact::new("A", "1"), Contact::new("B", "2")].into();
    assert_eq!(pair.to_json(TO)["contacts"].as_array().unwrap().len(), 2);
    assert_eq!(
        wire(Reaction::new("{{ MESSAGE_ID }}", "😁")),
        json!({"to": TO, "type": "reaction", "reaction": {"id": "{{ MESSAGE_ID }}", "emoji": "😁"}})
    );
    assert_eq!(
        wire(Reaction::remove("wamid.9")),
        json!({"to": TO, "type": "reaction", "reaction": {"id": "wamid.9", "emoji": ""}})
    );
}

#[test]
fn interactive_buttons() {
    let message = Interactive::buttons("Confirm?")
        .header(Header::image(Image::from_id("IMG")))
        .button("yes", "Yes")
        .button("no", "No")
        .footer("Thanks");
    assert_eq!(
        wire(message),
        json!({"to": TO, "type": "interactive", "interactive": {
            "type": "button",
            "header": {"type": "image", "image": {"id": "IMG"}},
            "body": {"text": "Confirm?"},
            "footer": {"text": "Thanks"},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                {"type": "reply", "reply": {"id": "no", "title": "No"}}
            ]}
        }})
    );
}

#[test]
fn interactive_list() {
    let message = Interactive::list("Pick a drink", "Menu")
        .header(Header::text("Drinks"))
        .section(Section::titled("Tea").row(Row::new("t1", "Iced tea").description("Less sugar")))
        .section(Section::titled("Coffee").row(Row::new("c1", "Latte")));
    assert_eq!(
        wire(message)["interactive"],
        json!({
            "type": "list",
            "header": {"type": "text", "text": "Drinks"},
            "body": {"text": "Pick a drink"},
            "action": {"button": "Menu", "sections": [
                {"title": "Tea", "rows": [{"id": "t1", "title": "Iced tea", "description": "Less sugar"}]},
                {"title": "Coffee", "rows": [{"id": "c1", "title": "Latte"}]}
            ]}
        })
    );
    let untitled = Interactive::list("b", "l").section(Section::new().row(Row::new("r", "R")));
    assert_eq!(
        wire(untitled)["interactive"]["action"]["sections"],
        json!([{"rows": [{"id": "r", "title": "R"}]}])
    );
}

#[test]
fn interactive_products() {
    assert_eq!(
        wire(Interactive::product("CAT", "SKU-1"))["interactive"],
        json!({"type": "product", "action": {"catalog_id": "CAT", "product_retailer_id": "SKU-1"}})
    );
    assert_eq!(
        wire(
            Interactive::product("CAT", "SKU-1")
                .body("Our best seller")
                .footer("Free shipping")
        )["interactive"],
        json!({"type": "product", "body": {"text": "Our best seller"}, "footer": {"text": "Free shipping"},
               "action": {"catalog_id": "CAT", "product_retailer_id": "SKU-1"}})
    );
    let list = Interactive::product_list("Phones", "New arrivals", "CAT")
        .section(Section::titled("Android").product("A1").product("A2"));
    assert_eq!(
        wire(list)["interactive"],
        json!({
            "type": "product_list",
            "header": {"type": "text", "text": "Phones"},
            "body": {"text": "New arrivals"},
            "action": {"catalog_id": "CAT", "sections": [
                {"title": "Android", "product_items": [{"product_retailer_id": "A1"}, {"product_retailer_id": "A2"}]}
            ]}
        })
    );
}

#[test]
fn template_with_every_parameter() {
    let message = TemplateMessage::new("flash_sale", "id")
        .header_image(Image::from_link("https://e.com/sale.png"))
        .body(["Budi", "50%"])
        .button(ButtonParam::quick_reply("stop"))
        .button(ButtonParam::url("sale-2024"))
        .button(ButtonParam::copy_code("HEMAT50"))
        .limited_time_offer(1_767_225_600_000);
    assert_eq!(
        wire(message),
        json!({"to": TO, "type": "template", "template": {
            "name": "flash_sale",
            "language": "id",
            "param": {
                "header": {"type": "image", "image": {"link": "https://e.com/sale.png"}},
                "body": ["Budi", "50%"],
                "button": [
                    {"type": "QUICK_REPLY", "value": "stop"},
                    {"type": "URL", "value": "sale-2024"},
                    {"type": "COPY_CODE", "value": "HEMAT50"}
                ],
                "limited_time_offer": {"expiration_time": 1_767_225_600_000_i64}
            }
        }})
    );
}

#[test]
fn template_without_param_and_each_header_kind() {
    assert_eq!(
        wire(TemplateMessage::new("hello_world", "en_US"))["template"],
        json!({"name": "hello_world", "language": "en_US"})
    );
    let cases = [
        (
            TemplateMessage::new("t", "id").header_text("Budi"),
            json!({"type": "text", "text": "Budi"}),
        ),
        (
            TemplateMessage::new("t", "id").header_video(Video::from_id("V")),
            json!({"type": "video", "video": {"id": "V"}}),
        ),
        (
            TemplateMessage::new("t", "id")
                .header_document(Document::from_id("D").filename("a.pdf")),
            json!({"type": "document", "document": {"id": "D", "filename": "a.pdf"}}),
        ),
    ];
    for (message, header) in cases {
        assert_eq!(
            wire(message)["template"]["param"],
            json!({"header": header})
        );
    }
    let replaced =
        TemplateMessage::new("t", "id").param(TemplateParam::default().extra("custom", 1));
    assert_eq!(wire(replaced)["template"]["param"], json!({"custom": 1}));
}

#[test]
fn extra_fields_at_every_level() {
    let message = Interactive::buttons("b")
        .button("a", "A")
        .extra("x_interactive", true)
        .reply_to("m")
        .extra("biz_opaque_callback_data", "order-7");
    let body = wire(message);
    assert_eq!(body["biz_opaque_callback_data"], "order-7");
    assert_eq!(body["interactive"]["x_interactive"], true);
    let template = TemplateMessage::new("t", "id").extra("language", json!({"code": "id"}));
    assert_eq!(
        wire(template)["template"],
        json!({"name": "t", "language": {"code": "id"}}),
        "an extra field replaces the modelled one, without a duplicate key"
    );
    let text = serde_json::to_string(&wire(Text::new("a").extra("body", "b"))).unwrap();
    assert_eq!(text.matches("\"body\"").count(), 1);
}

#[test]
fn content_reports_its_type_and_reply_works_on_content() {
    let content: MessageContent = Location::new(1.0, 2.0).into();
    assert_eq!(content.type_name(), "location");
    let reply = content.reply_to("wamid.5");
    assert_eq!(reply.reply_message_id.as_deref(), Some("wamid.5"));
    let types = [
        MessageContent::from(Text::new("a")),
        Image::from_id("1").into(),
        Video::from_id("1").into(),
        Audio::from_id("1").into(),
        Document::from_id("1").into(),
        Sticker::from_id("1").into(),
        Contact::new("a", "b").into(),
        Reaction::new("m", "x").into(),
        Interactive::buttons("b").into(),
        TemplateMessage::new("t", "id").into(),
    ];
    let names: Vec<&str> = types.iter().map(MessageContent::type_name).collect();
    assert_eq!(
        names,
        [
            "text",
            "image",
            "video",
            "audio",
            "document",
            "sticker",
            "contacts",
            "reaction",
            "interactive",
            "template"
        ]
    );
}
