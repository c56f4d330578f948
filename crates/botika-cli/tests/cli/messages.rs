//! `botika send`: every message type with its flags, `--json`, `--raw` and `--reply-to`, each
//! checked against what the sandbox received.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{CUSTOMER, PNG, Sandbox, json};

/// Sends with `args` after `send`; answers the new message's id and the request body the
/// sandbox received for it.
fn send(sandbox: &Sandbox, args: &[&str]) -> (String, Value) {
    let mut command = sandbox.botika();
    command.arg("send").args(args);
    let sent = json(command);
    let id = sent["id"].as_str().expect("an id").to_owned();
    assert!(id.starts_with("wamid."), "{sent}");
    let stored = sandbox.handle().message(&id).expect("the sandbox has it");
    (id, stored["content"].clone())
}

#[test]
fn text_is_sent_with_its_flags_and_printed_for_people() {
    let sandbox = Sandbox::start();
    sandbox
        .botika()
        .args([
            "send",
            "text",
            "--to",
            CUSTOMER,
            "--body",
            "Halo!",
            "--preview-url",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"^sent text message wamid\.\S+ to \+62 812-3456-7890\n$")
                .unwrap(),
        );
    let body = &sandbox.sent_to(CUSTOMER)[0]["content"];
    assert_eq!(body["text"]["body"], "Halo!", "{body}");
    assert_eq!(body["text"]["preview_url"], true, "{body}");
}

#[test]
fn media_types_take_an_id_a_link_or_a_file() {
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("photo.png");
    std::fs::write(&photo, PNG).unwrap();
    let pdf = dir.path().join("invoice.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").unwrap();
    let (photo, pdf) = (photo.to_str().unwrap(), pdf.to_str().unwrap());

    let (_, image) = send(
        &sandbox,
        &[
            "image",
            "--to",
            CUSTOMER,
            "--file",
            photo,
            "--caption",
            "Receipt",
        ],
    );
    assert_eq!(image["image"]["caption"], "Receipt", "{image}");
    let uploaded = image["image"]["id"]
        .as_str()
        .expect("sent by the uploaded id");
    let (_, video) = send(
        &sandbox,
        &[
            "video",
            "--to",
            CUSTOMER,
            "--link",
            "https://example.com/clip.mp4",
        ],
    );
    assert_eq!(video["video"]["link"], "https://example.com/clip.mp4");
    let (_, again) = send(&sandbox, &["image", "--to", CUSTOMER, "--id", uploaded]);
    assert_eq!(again["image"]["id"], uploaded);
    let (_, audio) = send(
        &sandbox,
        &[
            "audio",
            "--to",
            CUSTOMER,
            "--link",
            "https://example.com/a.ogg",
        ],
    );
    assert_eq!(audio["audio"]["link"], "https://example.com/a.ogg");
    let (_, sticker) = send(
        &sandbox,
        &[
            "sticker",
            "--to",
            CUSTOMER,
            "--link",
            "https://example.com/s.webp",
        ],
    );
    assert_eq!(sticker["sticker"]["link"], "https://example.com/s.webp");
    let (_, document) = send(
        &sandbox,
        &[
            "document",
            "--to",
            CUSTOMER,
            "--file",
            pdf,
            "--filename",
            "invoice.pdf",
            "--caption",
            "Invoice",
        ],
    );
    assert_eq!(document["document"]["filename"], "invoice.pdf");
    assert_eq!(document["document"]["caption"], "Invoice");
}

#[test]
fn a_media_message_needs_exactly_one_source() {
    let sandbox = Sandbox::start();
    sandbox
        .botika()
        .args([
            "send",
            "image",
            "--to",
            CUSTOMER,
            "--id",
            "1",
            "--link",
            "https://example.com/a.png",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    assert!(sandbox.sent_to(CUSTOMER).is_empty());
}

#[test]
fn location_contacts_and_reactions() {
    let sandbox = Sandbox::start();
    let (target, location) = send(
        &sandbox,
        &[
            "location",
            "--to",
            CUSTOMER,
            "--latitude",
            "-6.1754",
            "--longitude",
            "106.8272",
            "--name",
            "Monas",
            "--address",
            "Jakarta",
        ],
    );
    assert_eq!(location["location"]["latitude"], -6.1754);
    assert_eq!(location["location"]["name"], "Monas");
    let (_, contacts) = send(
        &sandbox,
        &[
            "contacts",
            "--to",
            CUSTOMER,
            "--contact",
            "Budi=+62 812-1111-2222",
            "--contact",
            "Sari=+62 813-3333-4444",
        ],
    );
    assert_eq!(contacts["contacts"][1]["name"], "Sari");
    assert_eq!(contacts["contacts"][0]["phone"], "+62 812-1111-2222");
    let (_, reaction) = send(
        &sandbox,
        &[
            "reaction",
            "--to",
            CUSTOMER,
            "--message-id",
            &target,
            "--emoji",
            "👍",
        ],
    );
    assert_eq!(
        reaction["reaction"],
        serde_json::json!({"id": target, "emoji": "👍"})
    );
    let (_, removed) = send(
        &sandbox,
        &[
            "reaction",
            "--to",
            CUSTOMER,
            "--message-id",
            &target,
            "--remove",
        ],
    );
    assert_eq!(removed["reaction"]["emoji"], "");
}

#[test]
fn interactive_buttons_lists_and_products() {
    let sandbox = Sandbox::start();
    let (_, buttons) = send(
        &sandbox,
        &[
            "interactive",
            "buttons",
            "--to",
            CUSTOMER,
            "--body",
            "Confirm?",
            "--button",
            "yes=Yes",
            "--button",
            "no=No",
            "--header-image",
            "https://example.com/banner.png",
            "--footer",
            "Botika Store",
        ],
    );
    let content = &buttons["interactive"];
    assert_eq!(content["type"], "button");
    assert_eq!(content["action"]["buttons"][1]["reply"]["id"], "no");
    assert_eq!(
        content["header"]["image"]["link"],
        "https://example.com/banner.png"
    );
    assert_eq!(content["footer"]["text"], "Botika Store");

    let (_, list) = send(
        &sandbox,
        &[
            "interactive",
            "list",
            "--to",
            CUSTOMER,
            "--body",
            "Pick",
            "--label",
            "Menu",
            "--section",
            "Hot",
            "--row",
            "tea=Tea",
            "--row",
            "coffee=Coffee=Fresh every morning",
            "--section",
            "Cold",
            "--row",
            "ice=Iced tea",
        ],
    );
    let sections = &list["interactive"]["action"]["sections"];
    assert_eq!(sections[0]["title"], "Hot");
    assert_eq!(sections[0]["rows"][1]["description"], "Fresh every morning");
    assert_eq!(sections[1]["rows"][0]["title"], "Iced tea");

    let (_, product) = send(
        &sandbox,
        &[
            "interactive",
            "product",
            "--to",
            CUSTOMER,
            "--catalog-id",
            "123",
            "--product",
            "sku-1",
            "--body",
            "Back",
        ],
    );
    assert_eq!(
        product["interactive"]["action"]["product_retailer_id"],
        "sku-1"
    );
    let (_, products) = send(
        &sandbox,
        &[
            "interactive",
            "product-list",
            "--to",
            CUSTOMER,
            "--header",
            "Phones",
            "--body",
            "New",
            "--catalog-id",
            "123",
            "--section",
            "Android",
            "--product",
            "sku-1",
            "--product",
            "sku-2",
        ],
    );
    let items = &products["interactive"]["action"]["sections"][0]["product_items"];
    assert_eq!(items[1]["product_retailer_id"], "sku-2");
}

#[test]
fn a_template_is_sent_with_its_values_and_checked_when_asked() {
    let sandbox = Sandbox::start();
    let (_, sent) = send(
        &sandbox,
        &[
            "template",
            "--to",
            CUSTOMER,
            "--name",
            "order_update",
            "--language",
            "en_US",
            "--header-text",
            "#1024",
            "--body-value",
            "Budi",
            "--button",
            "quick_reply=track",
            "--check",
        ],
    );
    let param = &sent["template"]["param"];
    assert_eq!(param["body"][0], "Budi", "{sent}");
    assert_eq!(param["header"]["text"], "#1024");
    assert_eq!(param["button"][0]["type"], "QUICK_REPLY");

    sandbox
        .botika()
        .args([
            "send",
            "template",
            "--to",
            CUSTOMER,
            "--name",
            "order_update",
            "--language",
            "en_US",
        ])
        .args(["--body-value", "Budi", "--check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("template.param.header"))
        .stderr(predicate::str::contains("template.param.button"));
    assert_eq!(
        sandbox.sent_to(CUSTOMER).len(),
        1,
        "the misfit was not sent"
    );
}

#[test]
fn json_messages_take_the_recipient_from_the_flag_or_the_json_and_can_reply() {
    let sandbox = Sandbox::start();
    let (first, _) = send(
        &sandbox,
        &[
            "--to",
            CUSTOMER,
            "--json",
            r#"{"type":"text","text":{"body":"one"}}"#,
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("message.json");
    let message = format!(r#"{{"to":"{CUSTOMER}","type":"text","text":{{"body":"two"}}}}"#);
    std::fs::write(&file, message).unwrap();
    let (_, second) = send(
        &sandbox,
        &[
            "--json",
            &format!("@{}", file.display()),
            "--reply-to",
            &first,
        ],
    );
    assert_eq!(second["text"]["body"], "two");
    assert_eq!(second["reply_message_id"], first.as_str(), "{second}");
    let raw = r#"{"type":"text","text":{"body":"three"},"biz_opaque_callback_data":"x"}"#;
    let (_, raw) = send(&sandbox, &["--to", CUSTOMER, "--raw", "--json", raw]);
    assert_eq!(raw["biz_opaque_callback_data"], "x");

    sandbox
        .botika()
        .args([
            "send",
            "--to",
            CUSTOMER,
            "--json",
            r#"{"type":"text","text":{"body":""}}"#,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("text.body"));
}

#[test]
fn a_typed_message_can_reply_to_another() {
    let sandbox = Sandbox::start();
    let (first, _) = send(&sandbox, &["text", "--to", CUSTOMER, "--body", "first"]);
    let (_, reply) = send(
        &sandbox,
        &[
            "text",
            "--to",
            CUSTOMER,
            "--body",
            "second",
            "--reply-to",
            &first,
        ],
    );
    assert_eq!(reply["reply_message_id"], first.as_str(), "{reply}");
}
