//! `botika webhooks listen`: signed deliveries are printed, wrongly signed ones refused, the
//! handshake answered, and the sandbox's own webhooks arrive end to end.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::common::{CUSTOMER, Running, Sandbox, TOKEN, url_in};

const SECRET: &str = "listen-secret-91b4";

const INBOUND: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
"value":{"messaging_product":"whatsapp","contacts":[{"profile":{"name":"Sari"},"wa_id":"628123"}],
"messages":[{"from":"628123","id":"wamid.IN1","timestamp":"1764089402","type":"text","text":{"body":"Halo"}}]}}]}]}"#;

fn signature(body: &str, secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Posts `body` with `signature` (if any) and answers the status and body.
fn post(url: &str, body: &str, signature: Option<&str>) -> (u16, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut request = reqwest::Client::new().post(url).body(body.to_owned());
        if let Some(signature) = signature {
            request = request.header("X-Hub-Signature-256", signature);
        }
        let response = request.send().await.expect("the listener answers");
        (
            response.status().as_u16(),
            response.text().await.unwrap_or_default(),
        )
    })
}

fn get(url: &str) -> (u16, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let response = reqwest::get(url).await.expect("the listener answers");
        (
            response.status().as_u16(),
            response.text().await.unwrap_or_default(),
        )
    })
}

#[test]
fn signed_events_are_printed_and_wrongly_signed_ones_refused() {
    let mut listener = Running::start(&[
        "webhooks",
        "listen",
        "--port",
        "0",
        "--secret",
        SECRET,
        "--verify-token",
        "tok",
    ]);
    let url = url_in(&listener.line());
    let hook = format!("{url}/hook");

    assert_eq!(
        post(&hook, INBOUND, Some(&signature(INBOUND, SECRET))).0,
        200
    );
    assert_eq!(
        listener.line(),
        r#"message  wamid.IN1 from 628123 (Sari): text "Halo""#
    );

    let (status, answer) = post(&hook, INBOUND, Some(&signature(INBOUND, "another-secret")));
    assert_eq!(status, 401, "{answer}");
    assert!(answer.contains("does not match"), "{answer}");
    assert_eq!(post(&hook, INBOUND, None).0, 401);
    assert_eq!(
        listener.line_within(Duration::from_millis(300)),
        None,
        "nothing printed for refusals"
    );

    let (status, challenge) = get(&format!(
        "{url}/hook?hub.mode=subscribe&hub.verify_token=tok&hub.challenge=1158201444"
    ));
    assert_eq!((status, challenge.as_str()), (200, "1158201444"));
    let (status, _) = get(&format!(
        "{url}/hook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"
    ));
    assert_eq!(status, 403);

    let stderr = listener.stop();
    assert!(stderr.contains("refused a delivery"), "{stderr}");
    assert!(!stderr.contains(SECRET), "{stderr}");
}

#[test]
fn json_output_prints_one_event_per_line() {
    let mut listener = Running::start(&[
        "--output", "json", "webhooks", "listen", "--port", "0", "--secret", SECRET,
    ]);
    let started: serde_json::Value = serde_json::from_str(&listener.line()).unwrap();
    let url = started["listening"].as_str().unwrap().to_owned();
    assert_eq!(
        post(&url, INBOUND, Some(&signature(INBOUND, SECRET))).0,
        200
    );
    let event: serde_json::Value = serde_json::from_str(&listener.line()).unwrap();
    assert_eq!(event["event"], "message");
    assert_eq!(event["text"]["body"], "Halo", "{event}");
}

#[test]
fn the_sandbox_webhooks_reach_the_listener_end_to_end() {
    let mut listener = Running::start(&["webhooks", "listen", "--port", "0", "--secret", SECRET]);
    let url = url_in(&listener.line());
    let sandbox = Sandbox::start_with(|builder| {
        builder
            .webhook_url(format!("{url}/hook"))
            .webhook_secret(SECRET)
    });
    let sent = sandbox
        .botika()
        .args([
            "--output", "json", "send", "text", "--to", CUSTOMER, "--body", "Halo",
        ])
        .output()
        .unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&sent.stdout).unwrap();
    let id = sent["id"].as_str().unwrap();
    for status in ["sent", "delivered", "read"] {
        assert_eq!(
            listener.line(),
            format!("status   {id} {status} to 6281234567890")
        );
    }
    assert!(!listener.stop().contains(TOKEN));
}
