//! A guided tour of the sandbox: starts it in-process with a webhook receiver, walks through
//! Botika's API with real HTTP requests, and prints what each call answered and which webhooks
//! arrived. Run it with `cargo run -p botika-sandbox --example tour` (or `make demo`).

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use botika_sandbox::config::Secret;
use botika_sandbox::{FaultKind, FaultSpec, Sandbox, StatusSchedule, signature};
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::mpsc;

const SECRET: &str = "tour-secret";
const CUSTOMER: &str = "+62 812-3456-7890";

type Webhooks = mpsc::UnboundedReceiver<(bool, Value)>;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (hook_url, mut webhooks) = start_receiver().await?;
    let sandbox = Sandbox::builder()
        .token("TOUR")
        .webhook_url(&hook_url)
        .webhook_secret(SECRET)
        .status_schedule(StatusSchedule {
            sent: Duration::from_millis(50),
            delivered: Duration::from_millis(100),
            read: Duration::from_millis(200),
        })
        .review_delay(Duration::from_millis(300))
        .label(1, ["+6281111111111", "+6282222222222"])
        .start()
        .await?;
    let api = Client {
        http: reqwest::Client::builder().no_proxy().build()?,
        base: sandbox.url().to_owned(),
    };
    println!("botika-sandbox tour");
    println!(
        "  API:      {}  (token {})",
        sandbox.api_url(),
        sandbox.token()
    );
    println!("  webhooks: {hook_url}  (signed with X-Hub-Signature-256)");

    step("Business profile");
    api.call(Method::GET, "/profile", None).await?;

    step("Upload an image, then read it back");
    let form = reqwest::multipart::Form::new().part(
        "image",
        reqwest::multipart::Part::bytes(b"\x89PNG\r\n\x1a\n...".to_vec())
            .file_name("logo.png")
            .mime_str("image/png")?,
    );
    println!("→ POST /media (multipart: image=logo.png)");
    let uploaded: Value = api
        .request(Method::POST, "/media")
        .multipart(form)
        .send()
        .await?
        .json()
        .await?;
    println!("← {}", compact(&uploaded));
    let media_id = uploaded["image"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let got = api
        .request(Method::GET, &format!("/media/{media_id}"))
        .send()
        .await?;
    let header = |name: &str| {
        got.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-")
            .to_owned()
    };
    println!("→ GET /media/{media_id}");
    println!(
        "← {} Content-Type: {}, Content-Length: {}, Content-Disposition: {}",
        got.status(),
        header("content-type"),
        header("content-length"),
        header("content-disposition")
    );

    step("Send a text message: sent, delivered and read arrive by webhook");
    let text = api.call(Method::POST, "/messages", Some(json!({"to": CUSTOMER, "type": "text", "text": {"body": "Halo! Your order has shipped."}}))).await?;
    wait(&mut webhooks, 3).await;

    step("Send the image, by its media id");
    api.call(Method::POST, "/messages", Some(json!({"to": CUSTOMER, "type": "image", "image": {"id": media_id, "caption": "Our logo"}, "reply_message_id": text["data"]["id"]}))).await?;
    wait(&mut webhooks, 3).await;

    step("Templates: find one, send it with its parameters");
    api.call(Method::GET, "/message-templates?seacrh=order", None)
        .await?;
    let param = json!({"header": {"type": "text", "text": "#1024"}, "body": ["Budi"], "button": [{"type": "QUICK_REPLY", "value": "track-1024"}]});
    api.call(Method::POST, "/messages", Some(json!({"to": CUSTOMER, "type": "template", "template": {"name": "order_update", "language": "en_US", "param": param}}))).await?;
    wait(&mut webhooks, 3).await;

    step("Create a template: PENDING now, reviewed by webhook shortly");
    let components = json!([{"type": "BODY", "text": "Hi {{1}}, thanks for shopping!", "example": {"body_text": [["Sari"]]}}]);
    api.call(Method::POST, "/message-templates", Some(json!({"name": "thank_you", "language": "id", "category": "MARKETING", "components": components}))).await?;
    wait(&mut webhooks, 1).await;

    step("Bad requests get Laravel's 422, naming the field");
    api.call(
        Method::POST,
        "/messages",
        Some(json!({"to": "12", "type": "text", "text": {"body": ""}})),
    )
    .await?;
    api.call(Method::POST, "/messages", Some(json!({"to": CUSTOMER, "type": "template", "template": {"name": "order_update", "language": "en_US", "param": {"body": []}}}))).await?;

    step("A customer writes in (control API); the bot marks it read");
    let inbound = api.call(Method::POST, "/_sandbox/inbound", Some(json!({"from": CUSTOMER, "name": "Budi", "type": "text", "text": {"body": "Where is my order?"}}))).await?;
    wait(&mut webhooks, 1).await;
    let inbound_id = inbound["data"]["id"].as_str().unwrap_or_default();
    api.call(
        Method::PUT,
        &format!("/messages/{inbound_id}"),
        Some(json!({"status": "read"})),
    )
    .await?;

    step("Test recipients: +15550100020 taps the first button; +15550100001 always fails");
    let buttons = json!({"type": "button", "body": {"text": "Did it arrive?"}, "action": {"buttons": [
        {"type": "reply", "reply": {"id": "yes", "title": "Yes"}}, {"type": "reply", "reply": {"id": "no", "title": "No"}}]}});
    api.call(
        Method::POST,
        "/messages",
        Some(json!({"to": "+15550100020", "type": "interactive", "interactive": buttons})),
    )
    .await?;
    wait(&mut webhooks, 4).await;
    api.call(
        Method::POST,
        "/messages",
        Some(json!({"to": "+15550100001", "type": "text", "text": {"body": "Hello?"}})),
    )
    .await?;
    wait(&mut webhooks, 1).await;

    step("Broadcast to label 1, then ask for a recipient's latest broadcast");
    api.call(Method::POST, "/broadcasts", Some(json!({"name": "Weekend promo", "type": "label", "to": [1], "template": {"name": "hello_world", "language": "en_US", "param": {}}}))).await?;
    api.call(
        Method::POST,
        "/broadcasts/latest",
        Some(json!({"to": "+6281111111111"})),
    )
    .await?;
    api.call(
        Method::POST,
        "/broadcasts/latest",
        Some(json!({"to": "+6289999999999"})),
    )
    .await?;
    wait(&mut webhooks, 6).await;

    step("Faults: the next send is processed but its connection drops before the answer");
    sandbox.set_fault(
        FaultSpec::new(FaultKind::DropAfter)
            .path("/messages")
            .count(1),
    )?;
    let dropped = api
        .request(Method::POST, "/messages")
        .json(
            &json!({"to": "+6287700000000", "type": "text", "text": {"body": "Did this arrive?"}}),
        )
        .send()
        .await;
    println!(
        "→ POST /messages\n← {}",
        match dropped {
            Ok(r) => r.status().to_string(),
            Err(e) => format!("no answer ({e})"),
        }
    );
    println!(
        "  the sandbox stored it anyway: {} message(s) to +6287700000000",
        sandbox.sent_messages(Some("+6287700000000")).len()
    );
    wait(&mut webhooks, 3).await;

    step("The webhook delivery log");
    // Give the last deliveries a moment to settle, then count them by outcome.
    let mut log = sandbox.webhook_log();
    for _ in 0..100 {
        if log
            .iter()
            .all(|e| e["state"] != "pending" && e["state"] != "retrying")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        log = sandbox.webhook_log();
    }
    let mut outcomes = std::collections::BTreeMap::new();
    for entry in &log {
        *outcomes
            .entry(entry["state"].as_str().unwrap_or("?").to_owned())
            .or_insert(0) += 1;
    }
    println!("  {} deliveries: {outcomes:?}", log.len());
    sandbox.stop().await?;
    println!("\nDone. Point any HTTP client at the sandbox the same way: docs/sandbox.md.");
    Ok(())
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let prefix = if path.starts_with("/_sandbox") {
            ""
        } else {
            botika_sandbox::API_PREFIX
        };
        self.http
            .request(method, format!("{}{prefix}{path}", self.base))
            .bearer_auth("TOUR")
    }

    /// Sends a JSON request and prints it and its answer.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, reqwest::Error> {
        println!(
            "→ {method} {path}{}",
            body.as_ref()
                .map(|b| format!(" {}", compact(b)))
                .unwrap_or_default()
        );
        let mut request = self.request(method, path);
        if let Some(body) = &body {
            request = request.json(body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        println!(
            "← {status} {}",
            if text.is_empty() {
                "(no body)".into()
            } else {
                compact(&value)
            }
        );
        Ok(value)
    }
}

fn step(title: &str) {
    println!("\n== {title}");
}

/// One-line JSON, cut at 200 characters.
fn compact(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Prints the next `n` webhooks (or what arrives within two seconds).
async fn wait(webhooks: &mut Webhooks, n: usize) {
    for _ in 0..n {
        match tokio::time::timeout(Duration::from_secs(2), webhooks.recv()).await {
            Ok(Some((signed, body))) => println!(
                "  ⇠ webhook {}{}",
                describe(&body),
                if signed {
                    "  [signature ok]"
                } else {
                    "  [BAD SIGNATURE]"
                }
            ),
            _ => return,
        }
    }
}

/// A one-line summary of a cloud-envelope webhook.
fn describe(body: &Value) -> String {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let change = &body["entry"][0]["changes"][0];
    let value = &change["value"];
    if change["field"] == "message_template_status_update" {
        let (name, language) = (
            text(&value["message_template_name"]),
            text(&value["message_template_language"]),
        );
        return format!("template {name} ({language}): {}", text(&value["event"]));
    }
    if let Some(status) = value["statuses"].get(0) {
        let error = status["errors"]
            .get(0)
            .map(|e| format!(" (error {} {})", e["code"], text(&e["title"])));
        let (state, id, to) = (
            text(&status["status"]),
            text(&status["id"]),
            text(&status["recipient_id"]),
        );
        return format!(
            "status {state} for {id} to {to}{}",
            error.unwrap_or_default()
        );
    }
    if let Some(message) = value["messages"].get(0) {
        let kind = text(&message["type"]);
        return format!(
            "message from {}: {kind} {}",
            text(&message["from"]),
            compact(&message[kind.as_str()])
        );
    }
    compact(body)
}

/// A webhook receiver on 127.0.0.1:0 that checks each signature and passes bodies on.
async fn start_receiver() -> std::io::Result<(String, Webhooks)> {
    let (sender, receiver) = mpsc::unbounded_channel();
    async fn hook(
        State(sender): State<mpsc::UnboundedSender<(bool, Value)>>,
        headers: HeaderMap,
        body: Bytes,
    ) {
        let expected = signature(&Secret::new(SECRET), &body);
        let signed = headers
            .get("x-hub-signature-256")
            .is_some_and(|v| v.as_bytes() == expected.as_bytes());
        let _ = sender.send((signed, serde_json::from_slice(&body).unwrap_or(Value::Null)));
    }
    let app = axum::Router::new()
        .route("/webhook", post(hook))
        .with_state(sender);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhook", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((url, receiver))
}
