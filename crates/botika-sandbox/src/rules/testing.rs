//! Test support for the rules: assertions on field errors, editing a request by JSON pointer, and
//! one valid request of every kind to break a field at a time.

use serde_json::{Value, json};

use super::FieldErrors;

/// Asserts that the request passed.
pub(super) fn passes(errors: &FieldErrors) {
    assert!(
        errors.is_empty(),
        "expected no errors, got {:#?}",
        errors.fields()
    );
}

/// Asserts that `path` failed with `message` (other failures may be present too).
pub(super) fn fails(errors: &FieldErrors, path: &str, message: &str) {
    let found = errors
        .fields()
        .get(path)
        .is_some_and(|all| all.iter().any(|m| m == message));
    assert!(
        found,
        "expected {path}: {message:?}, got {:#?}",
        errors.fields()
    );
}

/// Asserts that `path` failed with `message` and nothing else failed.
pub(super) fn only(errors: &FieldErrors, path: &str, message: &str) {
    let fields = errors.fields();
    let alone = fields.len() == 1 && fields.get(path).is_some_and(|all| all == &[message]);
    assert!(alone, "expected only {path}: {message:?}, got {fields:#?}");
}

/// `value` with the node at JSON pointer `pointer` set to `new` (an object key is added when
/// absent, an array entry when the index is the array's length).
pub(super) fn with(mut value: Value, pointer: &str, new: Value) -> Value {
    let (parent, last) = pointer.rsplit_once('/').expect("a pointer starts with /");
    match value.pointer_mut(parent).expect("the parent exists") {
        Value::Object(fields) => {
            fields.insert(last.to_owned(), new);
        }
        Value::Array(items) => match last.parse::<usize>().expect("an index") {
            end if end == items.len() => items.push(new),
            index => items[index] = new,
        },
        other => panic!("cannot set {pointer} inside {other}"),
    }
    value
}

/// `value` without the object key at JSON pointer `pointer`.
pub(super) fn without(mut value: Value, pointer: &str) -> Value {
    let (parent, last) = pointer.rsplit_once('/').expect("a pointer starts with /");
    let fields = value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("an object");
    assert!(fields.shift_remove(last).is_some(), "{pointer} was absent");
    value
}

/// A valid `POST /messages` body of type `kind`, a reply where the type allows it.
pub(super) fn message_of(kind: &str) -> Value {
    let payload = match kind {
        "text" => json!({"body": "Halo!", "preview_url": true}),
        "image" => json!({"id": "media-1", "caption": "a cat"}),
        "video" => json!({"link": "https://example.com/v.mp4", "caption": "clip"}),
        "audio" => json!({"id": "media-2"}),
        "document" => {
            json!({"link": "http://example.com/a.pdf", "caption": "invoice", "filename": "a.pdf"})
        }
        "sticker" => json!({"id": "media-3"}),
        "location" => {
            json!({"latitude": -6.2, "longitude": 106.8, "name": "Monas", "address": "Jakarta"})
        }
        "contacts" => json!([{"name": "Budi", "phone": "+62 812 3456 7890"}]),
        "reaction" => json!({"id": "wamid.1", "emoji": "👍"}),
        "interactive" => interactive_of("button"),
        "template" => json!({"name": "hello_world", "language": "en_US"}),
        other => panic!("no fixture for {other}"),
    };
    let message = json!({"to": "+62 812-3456-7890", "type": kind, kind: payload});
    // Every type but a reaction may reply to a message.
    if kind == "reaction" {
        message
    } else {
        with(message, "/reply_message_id", json!("wamid.0"))
    }
}

/// A valid `interactive` object of type `kind`.
pub(super) fn interactive_of(kind: &str) -> Value {
    match kind {
        "button" => json!({
            "type": "button",
            "header": {"type": "image", "image": {"id": "media-1"}},
            "body": {"text": "Pick one"},
            "footer": {"text": "botika"},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                {"type": "reply", "reply": {"id": "no", "title": "No"}},
            ]},
        }),
        "list" => json!({
            "type": "list",
            "header": {"type": "text", "text": "Menu"},
            "body": {"text": "What would you like?"},
            "action": {"button": "See menu", "sections": [
                {"title": "Drinks", "rows": [{"id": "tea", "title": "Tea", "description": "Hot"}]},
                {"title": "Food", "rows": [{"id": "rice", "title": "Rice"}]},
            ]},
        }),
        "product" => json!({
            "type": "product",
            "action": {"catalog_id": "cat-1", "product_retailer_id": "sku-1"},
        }),
        "product_list" => json!({
            "type": "product_list",
            "header": {"type": "text", "text": "Our shoes"},
            "body": {"text": "Take a look"},
            "action": {"catalog_id": "cat-1", "sections": [
                {"title": "Running", "product_items": [{"product_retailer_id": "sku-1"}]},
            ]},
        }),
        other => panic!("no fixture for {other}"),
    }
}

/// A valid `POST /broadcasts` body to contacts.
pub(super) fn broadcast_body() -> Value {
    json!({
        "name": "promo",
        "type": "contact",
        "to": ["+62 812-3456-7890", "6281234567891"],
        "template": {
            "name": "promo",
            "language": {"code": "id"},
            "param": {
                "header": [{"type": "text", "text": "Halo"}],
                "body": ["Budi", "10%"],
                "button": [{"type": "QUICK_REPLY", "value": "stop"}],
                "limited_time_offer": {"expiration_time": 1_767_225_600_000_u64},
            },
        },
    })
}

/// A valid `POST /message-templates` body with every component.
pub(super) fn template_body() -> Value {
    json!({
        "name": "order_update_2",
        "language": "en_US",
        "category": "UTILITY",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}",
             "example": {"header_text": ["A-17"]}},
            {"type": "BODY", "text": "Hi {{1}}, your order ships on {{2}}. Thanks {{1}}!",
             "example": {"body_text": [["Budi", "Monday"]]}},
            {"type": "FOOTER", "text": "botika"},
            {"type": "BUTTONS", "buttons": [
                {"type": "QUICK_REPLY", "text": "Stop"},
                {"type": "URL", "text": "Track", "url": "https://example.com/t/{{1}}",
                 "example": ["https://example.com/t/A-17"]},
                {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+62 21 555 0100"},
                {"type": "COPY_CODE", "example": "SAVE10"},
            ]},
            {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": "Ends soon", "has_expiration": true}},
        ],
    })
}

/// A valid `POST /_sandbox/inbound` body of type `kind`.
pub(super) fn inbound_of(kind: &str) -> Value {
    let payload = match kind {
        "text" => json!({"body": "hi"}),
        "image" | "video" | "audio" | "sticker" => {
            json!({"id": "media-1", "mime_type": "image/jpeg"})
        }
        "document" => json!({"link": "https://example.com/a.pdf", "filename": "a.pdf"}),
        "location" => json!({"latitude": "-6.2", "longitude": "106.8"}),
        "contacts" => json!([{"name": "Sari", "phone": "+62 811 000 111"}]),
        "interactive" => {
            json!({"type": "button_reply", "button_reply": {"id": "yes", "title": "Yes"}})
        }
        "button" => json!({"text": "Stop", "payload": "stop"}),
        "reaction" => json!({"message_id": "wamid.1", "emoji": "❤"}),
        other => panic!("no fixture for {other}"),
    };
    json!({"from": "+6281234567890", "type": kind, kind: payload, "context": {"id": "wamid.0"}})
}
