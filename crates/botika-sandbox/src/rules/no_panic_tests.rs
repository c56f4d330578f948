//! Property tests: no rule panics on any JSON, and every failure is a keyed Laravel sentence.
//!
//! Random JSON rarely reaches deep fields, so two generators are used: JSON built from the rules'
//! own field names and values, and valid requests with one node replaced by arbitrary JSON.

use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde_json::{Map, Value};

use super::testing::{broadcast_body, inbound_of, interactive_of, message_of, template_body};
use super::*;

/// Field names and values the rules look for, so that generated JSON takes their paths.
const WORDS: &[&str] = &[
    "to",
    "from",
    "type",
    "text",
    "body",
    "preview_url",
    "image",
    "video",
    "audio",
    "document",
    "sticker",
    "location",
    "contacts",
    "reaction",
    "interactive",
    "template",
    "button",
    "id",
    "link",
    "caption",
    "filename",
    "mime_type",
    "latitude",
    "longitude",
    "name",
    "phone",
    "emoji",
    "header",
    "footer",
    "action",
    "buttons",
    "reply",
    "title",
    "sections",
    "rows",
    "description",
    "list",
    "product",
    "product_list",
    "catalog_id",
    "product_retailer_id",
    "product_items",
    "language",
    "code",
    "param",
    "limited_time_offer",
    "expiration_time",
    "value",
    "QUICK_REPLY",
    "URL",
    "COPY_CODE",
    "PHONE_NUMBER",
    "status",
    "read",
    "contact",
    "label",
    "category",
    "components",
    "HEADER",
    "BODY",
    "FOOTER",
    "BUTTONS",
    "LIMITED_TIME_OFFER",
    "format",
    "TEXT",
    "IMAGE",
    "example",
    "body_text",
    "header_text",
    "url",
    "phone_number",
    "has_expiration",
    "context",
    "button_reply",
    "list_reply",
    "payload",
    "message_id",
    "reply_message_id",
    "+6281234567890",
    "https://example.com/a",
    "{{1}}",
    "{{2}} {{x}}",
    "reject_x",
    "",
];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        select(WORDS).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..12).prop_map(Value::Array),
            prop::collection::vec((select(WORDS), inner), 0..8).prop_map(|fields| {
                Value::Object(
                    fields
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// Every valid request the tests know, to be broken one node at a time.
fn valid_requests() -> Vec<Value> {
    let mut all = vec![broadcast_body(), template_body()];
    for kind in [
        "text", "image", "document", "location", "contacts", "reaction", "template",
    ] {
        all.push(message_of(kind));
    }
    for kind in ["button", "list", "product", "product_list"] {
        all.push(serde_json::json!({"to": "+6281234567890", "type": "interactive", "interactive": interactive_of(kind)}));
    }
    for kind in ["text", "image", "interactive", "button", "reaction"] {
        all.push(inbound_of(kind));
    }
    all
}

/// The JSON pointers of every node of `value`.
fn pointers(value: &Value, at: String, into: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (key, child) in fields {
                pointers(child, format!("{at}/{key}"), into);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), into);
            }
        }
        _ => {}
    }
    into.push(at);
}

/// Runs every rule on `value` (and on `other` where a rule takes two) and checks the errors' form.
fn run_all(value: &Value, other: &Value) {
    for errors in [
        message(value),
        mark_read(value),
        broadcast(value),
        latest(value),
        template_create(value),
        template_update(value),
        inbound(value),
        template_param_fits(value, Some(other), "template", false),
        template_param_fits(other, Some(value), "template", true),
        template_param_fits(value, None, "template", true),
    ] {
        for (path, messages) in errors.fields() {
            assert!(!path.is_empty());
            for message in messages {
                assert!(
                    message.starts_with("The ") && message.ends_with('.'),
                    "{path}: {message}"
                );
            }
        }
    }
    if let Err(reason) = review(value) {
        assert!(reason.starts_with("INVALID_FORMAT: "), "{reason}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_rule_panics_on_arbitrary_json(value in json(), other in json()) {
        run_all(&value, &other);
    }

    #[test]
    fn no_rule_panics_on_a_valid_request_with_one_node_replaced(
        which in any::<Index>(),
        node in any::<Index>(),
        new in json(),
    ) {
        let requests = valid_requests();
        let mut request = which.get(&requests).clone();
        let mut all = Vec::new();
        pointers(&request, String::new(), &mut all);
        let pointer = node.get(&all).clone();
        if let Some(slot) = request.pointer_mut(&pointer) {
            *slot = new;
        }
        run_all(&request, &template_body());
    }

    #[test]
    fn media_part_never_panics(kind in "\\PC{0,10}", mime in "\\PC{0,30}", size in any::<usize>()) {
        if let Err(message) = media_part(&kind, &mime, size) {
            prop_assert!(message.starts_with("The ") && message.ends_with('.'));
        }
    }
}
