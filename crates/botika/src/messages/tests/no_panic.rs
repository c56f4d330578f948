//! Property tests: no JSON, arbitrary or a valid message with one node replaced by arbitrary
//! JSON, makes reading, validating, serializing or the template fit check panic.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::messages::*;
use crate::templates::{MessageTemplate, NewTemplate, TemplateUpdate};

/// Keys and strings the models know, so that generated JSON reaches deep into them.
const WORDS: &[&str] = &[
    "type",
    "text",
    "body",
    "id",
    "link",
    "caption",
    "filename",
    "latitude",
    "longitude",
    "name",
    "phone",
    "emoji",
    "interactive",
    "header",
    "footer",
    "action",
    "buttons",
    "button",
    "reply",
    "title",
    "sections",
    "rows",
    "description",
    "product_items",
    "catalog_id",
    "product_retailer_id",
    "template",
    "language",
    "param",
    "value",
    "limited_time_offer",
    "expiration_time",
    "code",
    "image",
    "video",
    "document",
    "list",
    "product",
    "product_list",
    "QUICK_REPLY",
    "URL",
    "COPY_CODE",
    "HEADER",
    "BODY",
    "FOOTER",
    "BUTTONS",
    "LIMITED_TIME_OFFER",
    "format",
    "TEXT",
    "IMAGE",
    "components",
    "has_expiration",
    "example",
    "data",
    "hasBroadcast",
    "message_id",
    "content",
    "links",
    "next",
    "meta",
    "current_page",
    "contacts",
    "reaction",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![3 => proptest::sample::select(WORDS).prop_map(str::to_owned), 1 => "\\PC{0,12}"]
}

/// Arbitrary JSON, biased towards the models' own keys and values.
pub(crate) fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        word().prop_map(Value::from),
        "\\{\\{[0-9]{0,3}\\}\\}\\PC{0,5}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((word(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Valid examples of every shape, to be mutated.
fn seeds() -> Vec<Value> {
    let to = "+62 812-3456-7890";
    let messages: Vec<OutgoingMessage> = vec![
        Text::new("a").preview_url(true).reply_to("m"),
        Image::from_id("i").caption("c").into(),
        Document::from_link("https://e.com/a.pdf")
            .filename("a")
            .into(),
        Location::new(1.0, 2.0).name("n").into(),
        vec![Contact::new("a", "1")].into(),
        Reaction::new("m", "x").into(),
        Interactive::buttons("b")
            .header(Header::image(Image::from_id("i")))
            .button("a", "A")
            .footer("f")
            .into(),
        Interactive::list("b", "l")
            .section(Section::titled("s").row(Row::new("r", "R").description("d")))
            .into(),
        Interactive::product("c", "p").into(),
        Interactive::product_list("h", "b", "c")
            .section(Section::titled("s").product("p"))
            .into(),
        TemplateMessage::new("t", "id")
            .header_text("h")
            .body(["a"])
            .button(ButtonParam::url("u"))
            .limited_time_offer(5)
            .into(),
    ];
    let mut seeds: Vec<Value> = messages.iter().map(|m| m.to_json(to)).collect();
    seeds.push(json!({"id": 1, "name": "t", "language": "id", "category": "MARKETING", "status": "APPROVED",
        "components": [{"type": "HEADER", "format": "TEXT", "text": "{{1}}"}, {"type": "BODY", "text": "{{1}} {{2}}"},
        {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "t", "url": "u"}, {"type": "COPY_CODE", "example": "c"}]},
        {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"has_expiration": true}}]}));
    seeds
}

/// How many nodes `value` has (itself included).
fn node_count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(node_count).sum(),
        Value::Object(map) => map.values().map(node_count).sum(),
        _ => 0,
    }
}

/// Replaces the `n`-th node (pre-order) of `value` with `with`.
fn replace_node(value: &mut Value, n: &mut usize, with: &Value) -> bool {
    if *n == 0 {
        *value = with.clone();
        return true;
    }
    *n -= 1;
    let children: Vec<&mut Value> = match value {
        Value::Array(items) => items.iter_mut().collect(),
        Value::Object(map) => map.values_mut().collect(),
        _ => Vec::new(),
    };
    children
        .into_iter()
        .any(|child| replace_node(child, n, with))
}

/// A valid message (or template) with one node replaced by arbitrary JSON.
pub(crate) fn mutated() -> impl Strategy<Value = Value> {
    (
        proptest::sample::select(seeds()),
        any::<proptest::sample::Index>(),
        arbitrary_json(),
    )
        .prop_map(|(mut seed, at, with)| {
            let mut n = at.index(node_count(&seed));
            replace_node(&mut seed, &mut n, &with);
            seed
        })
}

/// Everything a message value can go through.
fn exercise(value: Value) {
    let mut without_to = value.clone();
    if let Value::Object(map) = &mut without_to {
        map.remove("to");
    }
    if let Ok(message) = OutgoingMessage::from_json(without_to) {
        let _ = message.validate();
        let _ = message.to_json("1");
    }
    for kind in [
        "text",
        "location",
        "contacts",
        "interactive",
        "template",
        "image",
        "reaction",
    ] {
        if let Ok(content) =
            MessageContent::from_json(kind, value.get(kind).cloned().unwrap_or(value.clone()))
        {
            let _ = content.validate();
            let _ = serde_json::to_value(&content);
        }
    }
    let _ = validate_recipient(value.get("to").and_then(Value::as_str).unwrap_or(""));
}

/// Everything a template value can go through, including fitting sends against it.
fn exercise_template(value: Value, send: &Value) {
    if let Ok(template) = MessageTemplate::from_json(value.clone()) {
        let _ = serde_json::to_value(&template);
        if let Ok(MessageContent::Template(t)) = MessageContent::from_json("template", send.clone())
        {
            let _ = t.check_against(&template);
        }
    }
    if let Ok(new) = NewTemplate::from_json(value.clone()) {
        let _ = new.validate();
        let _ = serde_json::to_value(&new);
    }
    if let Ok(update) = TemplateUpdate::from_json(value) {
        let _ = update.validate();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json(), send in arbitrary_json()) {
        exercise(value.clone());
        exercise_template(value, &send);
    }

    #[test]
    fn mutated_valid_messages_never_panic(value in mutated(), send in mutated()) {
        exercise(value.clone());
        let template_send = send.get("template").cloned().unwrap_or(Value::Object(Map::new()));
        exercise_template(value, &template_send);
    }
}
