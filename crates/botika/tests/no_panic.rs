//! Properties over arbitrary input: the webhook parser, the signature and challenge checks, the
//! MIME sniffer and every decoder the client runs on a response body (errors, sends, templates
//! and their pages, broadcasts, the profile, media answers) return a value or an error, never a
//! panic. Inputs are biased towards what each reads (envelope keys, magic bytes, each answer's
//! fields) so that the deep paths are exercised, not only the first rejection.

use std::time::Duration;

use botika::media::{MediaKind, MediaLocation, UploadResponse, detect_mime_type};
use botika::webhooks::{self, verify_challenge_query, verify_signature};
use botika::{
    ApiResponse, BroadcastCreated, Error, ErrorKind, LatestBroadcast, MessageTemplate, Profile,
    SentMessage, TemplateMessage, TemplatePage,
};
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use serde_json::Value;

const KEYS: &[&str] = &[
    "object",
    "entry",
    "id",
    "changes",
    "field",
    "value",
    "metadata",
    "phone_number_id",
    "contacts",
    "profile",
    "name",
    "wa_id",
    "messages",
    "statuses",
    "from",
    "timestamp",
    "type",
    "context",
    "text",
    "body",
    "image",
    "audio",
    "document",
    "sticker",
    "video",
    "location",
    "latitude",
    "longitude",
    "interactive",
    "button_reply",
    "list_reply",
    "title",
    "button",
    "payload",
    "reaction",
    "emoji",
    "message_id",
    "status",
    "recipient_id",
    "errors",
    "code",
    "error_data",
    "details",
    "event",
    "message_template_id",
    "reason",
    "phones",
    "phone",
    "formatted_name",
    "url",
    "sha256",
    "file_size",
    "data",
    "mime_type",
];

const WORDS: &[&str] = &[
    "whatsapp_business_account",
    "messages",
    "message_template_status_update",
    "text",
    "image",
    "interactive",
    "button_reply",
    "list_reply",
    "contacts",
    "location",
    "reaction",
    "button",
    "failed",
    "read",
    "NONE",
    "1764089402",
    "-7.5",
    "1e400",
    "",
];

fn json() -> impl Strategy<Value = Value> {
    tree_of(KEYS)
}

/// Any JSON value whose object keys come from `keys`.
fn tree_of(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 96, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(keys), inner), 0..6).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

/// The keys of every answer the client decodes, for the junk put where a field is expected.
const RESPONSE_KEYS: &[&str] = &[
    "data",
    "id",
    "message",
    "error",
    "errors",
    "title",
    "details",
    "name",
    "language",
    "category",
    "status",
    "components",
    "type",
    "format",
    "text",
    "buttons",
    "limited_time_offer",
    "links",
    "meta",
    "next",
    "current_page",
    "last_page",
    "hasBroadcast",
    "message_id",
    "content",
    "websites",
];

/// A value that is mostly `right` and sometimes anything at all.
fn or_junk(right: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![4 => right, 1 => tree_of(RESPONSE_KEYS)].boxed()
}

/// An object holding any subset of `fields`.
fn object(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    let members: Vec<_> = fields
        .into_iter()
        .map(|(key, value)| prop::option::of(value.prop_map(move |v| (key.to_owned(), v))))
        .collect();
    members
        .prop_map(|pairs| Value::Object(pairs.into_iter().flatten().collect()))
        .boxed()
}

/// `inner` as it is, under `data`, or as the only item of a list under `data`.
fn enveloped(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![
        inner.clone(),
        inner.clone().prop_map(|v| serde_json::json!({ "data": v })),
        inner.prop_map(|v| serde_json::json!({ "data": [v] })),
    ]
    .boxed()
}

/// Text, with template variables (`{{1}}`, huge or unclosed ones) and non-ASCII among it.
fn text() -> BoxedStrategy<Value> {
    prop_oneof![
        ".{0,16}".prop_map(Value::from),
        prop::sample::select(
            &[
                "Halo {{1}}, pesanan {{2}} dikirim",
                "{{0001}} {{1}} {{1}}",
                "{{99999999999999999999999}}",
                "{{1",
                "{{}}{{",
                "é {{1}} 😀",
                "",
                " ",
            ][..]
        )
        .prop_map(Value::from),
    ]
    .boxed()
}

/// An id or a count as the API may send it: a number of any kind, or digits in a string.
fn number() -> BoxedStrategy<Value> {
    prop_oneof![
        (0u64..20).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(&["3", " 7 ", "-1", "4294967296", "1e3", "NaN", ""][..])
            .prop_map(Value::from),
    ]
    .boxed()
}

fn word(words: &'static [&'static str]) -> BoxedStrategy<Value> {
    or_junk(prop::sample::select(words).prop_map(Value::from))
}

/// An error body: Laravel's (`message`, `errors` by field), Meta's (`error.message`), or a
/// JSON:API-like list of `errors` with `title`/`details`.
fn error_body() -> BoxedStrategy<Value> {
    let by_field = prop::collection::btree_map(
        ".{0,8}",
        or_junk(prop::collection::vec(text(), 0..3).prop_map(Value::Array)),
        0..4,
    )
    .prop_map(|map| Value::Object(map.into_iter().collect()));
    let listed = prop::collection::vec(object(vec![("title", text()), ("details", text())]), 0..3)
        .prop_map(Value::Array);
    object(vec![
        ("message", or_junk(text())),
        (
            "error",
            or_junk(prop_oneof![
                text(),
                object(vec![("message", text()), ("code", number())])
            ]),
        ),
        ("errors", or_junk(prop_oneof![by_field, listed])),
    ])
}

fn button() -> BoxedStrategy<Value> {
    object(vec![
        (
            "type",
            word(&[
                "QUICK_REPLY",
                "URL",
                "PHONE_NUMBER",
                "COPY_CODE",
                "OTP",
                "quick_reply",
            ]),
        ),
        ("text", or_junk(text())),
        ("url", or_junk(text())),
        ("phone_number", or_junk(number())),
        ("example", tree_of(RESPONSE_KEYS).boxed()),
    ])
}

fn component() -> BoxedStrategy<Value> {
    let offer = object(vec![
        ("text", or_junk(text())),
        (
            "has_expiration",
            or_junk(any::<bool>().prop_map(Value::from)),
        ),
    ]);
    object(vec![
        (
            "type",
            word(&[
                "HEADER",
                "BODY",
                "FOOTER",
                "BUTTONS",
                "LIMITED_TIME_OFFER",
                "body",
                "CAROUSEL",
            ]),
        ),
        (
            "format",
            word(&[
                "TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION", "text", "GIF",
            ]),
        ),
        ("text", or_junk(text())),
        ("example", tree_of(RESPONSE_KEYS).boxed()),
        (
            "buttons",
            or_junk(prop::collection::vec(button(), 0..4).prop_map(Value::Array)),
        ),
        ("limited_time_offer", or_junk(offer)),
    ])
}

fn template() -> BoxedStrategy<Value> {
    object(vec![
        ("id", or_junk(number())),
        ("name", or_junk(text())),
        ("language", word(&["id", "en_US", "en"])),
        (
            "category",
            word(&["MARKETING", "UTILITY", "AUTHENTICATION", "marketing"]),
        ),
        (
            "status",
            word(&["APPROVED", "PENDING", "REJECTED", "PAUSED", "approved"]),
        ),
        (
            "components",
            or_junk(prop::collection::vec(component(), 0..5).prop_map(Value::Array)),
        ),
        ("rejected_reason", or_junk(text())),
        ("created_at", or_junk(text())),
    ])
}

/// A page of templates: Laravel's `data`/`links`/`meta`, or a bare list.
fn page() -> BoxedStrategy<Value> {
    let templates = prop::collection::vec(or_junk(template()), 0..4).prop_map(Value::Array);
    let url = prop_oneof![
        text(),
        (any::<u64>(), ".{0,6}").prop_map(|(n, q)| Value::from(format!("http://h/t?page={n}&{q}"))),
        (0u32..9).prop_map(|n| Value::from(format!("/message-templates?page={n}"))),
    ];
    let links = object(vec![("next", or_junk(url)), ("prev", text())]);
    let meta = object(vec![
        ("current_page", or_junk(number())),
        ("last_page", or_junk(number())),
    ]);
    prop_oneof![
        1 => templates.clone().boxed(),
        4 => object(vec![("data", or_junk(templates)), ("links", or_junk(links)), ("meta", or_junk(meta))]),
    ]
    .boxed()
}

fn sent() -> BoxedStrategy<Value> {
    enveloped(object(vec![
        ("id", or_junk(number())),
        ("message_status", or_junk(text())),
    ]))
}

fn broadcast_created() -> BoxedStrategy<Value> {
    enveloped(object(vec![
        ("id", or_junk(number())),
        ("name", or_junk(text())),
        ("type", word(&["contacts", "labels"])),
        ("total_recipients", or_junk(number())),
        ("status", or_junk(text())),
    ]))
}

fn latest_broadcast() -> BoxedStrategy<Value> {
    let flag = or_junk(prop_oneof![
        any::<bool>().prop_map(Value::from),
        number(),
        prop::sample::select(&["true", "1", " false "][..]).prop_map(Value::from),
    ]);
    let content = object(vec![
        ("from", or_junk(number())),
        ("type", or_junk(text())),
        ("content", tree_of(RESPONSE_KEYS).boxed()),
    ]);
    enveloped(object(vec![
        ("hasBroadcast", flag.clone()),
        ("has_broadcast", flag),
        ("message_id", or_junk(number())),
        ("content", or_junk(content)),
        ("message_created_at", or_junk(text())),
        ("latest_status", or_junk(text())),
    ]))
}

fn profile() -> BoxedStrategy<Value> {
    enveloped(object(vec![
        ("about", or_junk(text())),
        ("address", or_junk(text())),
        ("description", or_junk(text())),
        ("email", or_junk(text())),
        ("vertical", or_junk(text())),
        (
            "websites",
            or_junk(prop::collection::vec(or_junk(text()), 0..3).prop_map(Value::Array)),
        ),
        ("profile_picture_url", or_junk(text())),
        ("messaging_product", or_junk(text())),
    ]))
}

/// Any of the answers above, for the test that feeds every decoder every shape.
fn any_answer() -> BoxedStrategy<Value> {
    prop_oneof![
        error_body(),
        sent(),
        enveloped(template()),
        page(),
        broadcast_created(),
        latest_broadcast(),
        profile(),
        tree_of(RESPONSE_KEYS).boxed(),
    ]
    .boxed()
}

/// What the client does with a 2xx body, for every resource, as it does it (an unreadable body
/// of a send is kept as text); each result is serialized and its accessors called.
fn decode_success(body: &[u8]) {
    let response = ApiResponse {
        status: 200,
        headers: Default::default(),
        body: body.to_vec().into(),
    };
    let _ = response.decode::<Value>();
    let _ = response.decode::<MediaLocation>();
    let lenient = response
        .json_value()
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()));
    decode_value(lenient);
}

fn decode_value(value: Value) {
    let check = TemplateMessage::new("order_shipped", "id").body(["Budi"]);
    let sent = SentMessage::from_json(value.clone());
    serde_json::to_vec(&sent).unwrap();
    serde_json::to_vec(&BroadcastCreated::from_json(value.clone())).unwrap();
    serde_json::to_vec(&LatestBroadcast::from_json(value.clone())).unwrap();
    if let Ok(profile) = Profile::from_json(value.clone()) {
        serde_json::to_vec(&profile).unwrap();
    }
    let payload = value.get("data").unwrap_or(&value).clone();
    let mut templates = Vec::new();
    if let Ok(template) = MessageTemplate::from_json(payload) {
        templates.push(template);
    }
    for requested in [1, u32::MAX] {
        if let Ok(page) = TemplatePage::from_json(value.clone(), requested) {
            serde_json::to_vec(&page).unwrap();
            templates.extend(page.templates);
        }
    }
    for template in templates {
        serde_json::to_vec(&template).unwrap();
        let _ = (template.header(), template.body(), template.buttons());
        let _ = template.limited_time_offer();
        let _ = check.check_against(&template);
    }
    let upload = UploadResponse::from_json(value.clone());
    for kind in MediaKind::ALL {
        let _ = upload.id(kind);
    }
    let _ = serde_json::from_value::<MediaLocation>(value);
}

/// What the client does with a non-2xx body.
fn decode_failure(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
    retry_after: Option<Duration>,
) -> Error {
    let err = Error::from_response("POST", "/messages", status, body, request_id, retry_after);
    let _ = (
        err.to_string(),
        format!("{err:?}"),
        err.is_transient(),
        err.body(),
    );
    err
}

const MAGIC: &[&[u8]] = &[
    b"",
    b"PK\x03\x04",
    b"PK\x01\x02",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    b"OggS",
    b"\0\0\0\x18ftypisom",
    b"\0\0\0\x18ftyp3gp4",
    b"#!AMR\n",
    b"#!AMR-WB\n",
    b"RIFF\0\0\0\0WEBPVP8L",
    b"\x89PNG\r\n\x1a\n",
    b"%PDF-",
    b"ID3",
    b"\xFF\xD8\xFF",
    b"\xFF\xF1",
    b"\xEF\xBB\xBF",
    b"<?xml",
];

fn sign(body: &[u8], secret: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics_on_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = webhooks::parse(&body);
    }

    #[test]
    fn parse_reads_every_json_object_and_its_events_serialize(tree in json()) {
        let body = serde_json::to_vec(&tree).unwrap();
        match webhooks::parse(&body) {
            Ok(payload) => {
                prop_assert!(tree.is_object());
                let value = serde_json::to_value(&payload);
                prop_assert!(value.is_ok());
                // The moving conversion gives the very same JSON.
                prop_assert_eq!(payload.into_value().ok(), value.ok());
            }
            Err(err) => {
                prop_assert!(!tree.is_object());
                prop_assert_eq!(err.code(), "decode");
            }
        }
    }

    #[test]
    fn signatures_never_panic_and_only_the_right_one_passes(
        body in prop::collection::vec(any::<u8>(), 0..256),
        header in prop::option::of(".{0,80}"),
        secret in prop::collection::vec(any::<u8>(), 1..48),
        flip in any::<prop::sample::Index>(),
    ) {
        let _ = verify_signature(&body, header.as_deref(), &secret);
        let good = sign(&body, &secret);
        prop_assert!(verify_signature(&body, Some(&good), &secret).is_ok());
        if !body.is_empty() {
            let mut changed = body.clone();
            changed[flip.index(body.len())] ^= 1;
            prop_assert!(verify_signature(&changed, Some(&good), &secret).is_err());
        }
    }

    #[test]
    fn challenge_queries_never_panic(query in ".{0,120}", token in ".{0,12}") {
        let _ = verify_challenge_query(&query, &token);
    }

    #[test]
    fn the_sniffer_never_panics(
        magic in prop::sample::select(MAGIC),
        tail in prop::collection::vec(any::<u8>(), 0..2048),
        name in prop::option::of(".{0,16}"),
    ) {
        let mut content = magic.to_vec();
        content.extend(tail);
        if let Some(mime) = detect_mime_type(&content, name.as_deref()) {
            let _ = MediaKind::from_mime_type(mime).check(mime, content.len() as u64);
        }
    }

    #[test]
    fn media_decoders_never_panic(body in prop::collection::vec(any::<u8>(), 0..256), tree in json()) {
        let _ = serde_json::from_slice::<UploadResponse>(&body);
        let _ = serde_json::from_slice::<MediaLocation>(&body);
        let _ = serde_json::from_value::<MediaLocation>(tree.clone());
        let answer = UploadResponse::from_json(tree);
        for kind in MediaKind::ALL {
            let _ = answer.id(kind);
        }
    }
    #[test]
    fn error_bodies_never_panic(
        status in prop_oneof![400u16..600, any::<u16>()],
        bytes in prop::collection::vec(any::<u8>(), 0..256),
        tree in error_body(),
        request_id in prop::option::of(".{0,8}"),
        retry_after in prop::option::of(0u64..100_000),
    ) {
        let retry_after = retry_after.map(Duration::from_millis);
        for body in [bytes, serde_json::to_vec(&tree).unwrap()] {
            let err = decode_failure(status, &body, request_id.clone(), retry_after);
            prop_assert_eq!(err.kind(), ErrorKind::from_status(status));
            prop_assert_eq!(err.status(), Some(status));
            prop_assert!(!err.message().trim().is_empty());
            prop_assert_eq!(err.body().is_some(), !body.is_empty());
        }
        // Laravel's `errors` object is read field by field.
        if let Some(Value::Object(fields)) = tree.get("errors") {
            let err = decode_failure(422, &serde_json::to_vec(&tree).unwrap(), None, None);
            prop_assert_eq!(err.field_errors().len(), fields.len());
        }
    }

    #[test]
    fn success_decoders_never_panic_on_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_success(&body);
    }

    #[test]
    fn success_decoders_never_panic_on_any_answer(tree in any_answer()) {
        decode_success(&serde_json::to_vec(&tree).unwrap());
    }

    #[test]
    fn sends_and_broadcasts_read_their_ids(tree in sent(), created in broadcast_created(), latest in latest_broadcast()) {
        let id = |value: &Value| match value.get("data").unwrap_or(value).get("id") {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            // Ids are read leniently: a boolean as its text too.
            Some(Value::Bool(b)) => Some(b.to_string()),
            _ => None,
        };
        prop_assert_eq!(Some(SentMessage::from_json(tree.clone()).id), id(&tree).or(Some(String::new())));
        prop_assert_eq!(Some(BroadcastCreated::from_json(created.clone()).id), id(&created).or(Some(String::new())));
        let read = LatestBroadcast::from_json(latest.clone());
        serde_json::to_vec(&read).unwrap();
    }

    #[test]
    fn template_pages_never_panic_and_keep_every_template(tree in page(), requested in prop_oneof![1u32..10, any::<u32>()]) {
        if let Ok(page) = TemplatePage::from_json(tree.clone(), requested) {
            serde_json::to_vec(&page).unwrap();
            let listed = match tree.get("data").unwrap_or(&tree) {
                Value::Array(items) => items.len(),
                _ => 0,
            };
            prop_assert_eq!(page.templates.len(), listed);
        }
    }

    #[test]
    fn templates_and_profiles_never_panic(template in enveloped(template()), profile in profile()) {
        decode_value(template);
        if let Ok(read) = Profile::from_json(profile) {
            serde_json::to_vec(&read).unwrap();
        }
    }
}
