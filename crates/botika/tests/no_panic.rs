//! Properties over arbitrary input: the webhook parser, the signature and challenge checks, the
//! MIME sniffer and the media response decoders return a value or an error, never a panic.
//! Inputs are biased towards what each reads (envelope keys, magic bytes) so that the deep
//! paths are exercised, not only the first rejection.

use botika::media::{MediaKind, MediaLocation, UploadResponse, detect_mime_type};
use botika::webhooks::{self, verify_challenge_query, verify_signature};
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
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
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
}
