//! The fuzz targets' bodies, shared by the libFuzzer binaries (`fuzz_targets/`) and the
//! libFuzzer-free `replay` example. Each takes arbitrary bytes and must return without panicking;
//! the few properties that hold for every input are asserted too.

use botika::media::{MediaKind, MediaLocation, UploadResponse, detect_mime_type};
use botika::webhooks;
use botika::{
    ApiResponse, BroadcastCreated, Error, LatestBroadcast, MessageTemplate, NewTemplate,
    OutgoingMessage, Profile, SentMessage, TemplateComponent, TemplateMessage, TemplatePage,
    TemplateUpdate,
};
use hmac::{Hmac, Mac};
use serde_json::Value;

/// A fixed secret: the target checks that a body signed with it verifies, whatever the body.
const SECRET: &[u8] = b"fuzz-secret";

/// The names of the targets, in the order `run` knows them.
pub const TARGETS: [&str; 3] = ["webhook", "decoders", "mime"];

/// Runs the target called `name` on `data`; `false` for an unknown name.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "webhook" => webhook(data),
        "decoders" => decoders(data),
        "mime" => mime(data),
        _ => return false,
    }
    true
}

/// The webhook side: parsing, the signature check (with the input also read as a header), and
/// the challenge handshake (with the input read as a query string).
pub fn webhook(data: &[u8]) {
    if let Ok(payload) = webhooks::parse(data) {
        serde_json::to_vec(&payload).expect("a parsed payload always serializes");
    }
    let text = String::from_utf8_lossy(data);
    let _ = webhooks::verify_signature(data, Some(&text), SECRET);
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET).expect("any key length");
    mac.update(data);
    let header = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    assert!(
        webhooks::verify_and_parse(data, Some(&header), SECRET).is_ok()
            == webhooks::parse(data).is_ok()
    );
    let _ = webhooks::verify_challenge_query(&text, "token");
}

/// Every public decoder the client runs on a response body, decoded from the input as the client
/// does it: an error answer (`Error::from_response`, for several statuses), a success answer of
/// each resource (a send, a broadcast and the latest one, a template and a page of them, the
/// profile, the media answers; an unreadable send or broadcast answer kept as text), and the
/// request models the bindings build from their users' dicts (messages, template creation and
/// update). Whatever decodes is serialized again. Resources that add such a decoder add it here.
pub fn decoders(data: &[u8]) {
    let derived = u16::try_from(data.len() % 1000).expect("below 1000");
    for status in [0, 400, 404, 422, 429, 503, derived] {
        let err = Error::from_response("POST", "/messages", status, data, None, None);
        assert!(!err.message().trim().is_empty());
        assert_eq!(err.status(), Some(status));
        let _ = (err.to_string(), format!("{err:?}"), err.field_errors());
    }
    if let Ok(answer) = serde_json::from_slice::<UploadResponse>(data) {
        for kind in MediaKind::ALL {
            let _ = answer.id(kind);
        }
        serde_json::to_vec(&answer).expect("serializes");
    }
    if let Ok(location) = serde_json::from_slice::<MediaLocation>(data) {
        assert!(!location.url.trim().is_empty());
        serde_json::to_vec(&location).expect("serializes");
    }
    let response = ApiResponse {
        status: 200,
        headers: Default::default(),
        body: data.to_vec().into(),
    };
    let _ = response.decode::<MediaLocation>();
    // What a send or a broadcast does with an answer that is not JSON.
    let value = response
        .json_value()
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(data).into_owned()));
    serde_json::to_vec(&SentMessage::from_json(value.clone())).expect("serializes");
    serde_json::to_vec(&BroadcastCreated::from_json(value.clone())).expect("serializes");
    serde_json::to_vec(&LatestBroadcast::from_json(value.clone())).expect("serializes");
    if let Ok(profile) = Profile::from_json(value.clone()) {
        serde_json::to_vec(&profile).expect("serializes");
    }
    let mut templates = Vec::new();
    // A single template answer is read from its `data` envelope; the bare object is tried too.
    for one in [value.get("data"), Some(&value)].into_iter().flatten() {
        if let Ok(template) = MessageTemplate::from_json(one.clone()) {
            templates.push(template);
        }
    }
    for requested in [1, u32::MAX] {
        if let Ok(page) = TemplatePage::from_json(value.clone(), requested) {
            serde_json::to_vec(&page).expect("serializes");
            templates.extend(page.templates);
        }
    }
    let send = TemplateMessage::new("order_shipped", "id").body(["Budi"]);
    for template in &templates {
        serde_json::to_vec(template).expect("serializes");
        let _ = (template.header(), template.body(), template.buttons());
        let _ = template.limited_time_offer();
        let _ = send.check_against(template);
    }
    let _ = serde_json::from_value::<TemplateComponent>(value.clone());
    let _ = OutgoingMessage::from_json(value.clone());
    let _ = TemplateMessage::from_json(value.clone());
    let _ = NewTemplate::from_json(value.clone());
    let _ = TemplateUpdate::from_json(value);
}

/// The MIME sniffer, with the first line of the input used as a file name, then the table check.
pub fn mime(data: &[u8]) {
    let split = data.iter().position(|&b| b == b'\n');
    let (name, content) = match split {
        Some(at) => (
            Some(String::from_utf8_lossy(&data[..at]).into_owned()),
            &data[at + 1..],
        ),
        None => (None, data),
    };
    for name in [None, name.as_deref()] {
        if let Some(found) = detect_mime_type(content, name) {
            let _ = MediaKind::from_mime_type(found).check(found, content.len() as u64);
        }
    }
}
