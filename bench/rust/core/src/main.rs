//! The Rust core: `botika::Client` sending `POST /messages`.
//!
//! `--client request` uses the generic `client.request(POST, "/messages")`, which exists today;
//! `--client send` the typed `client.messages().send(to, Text)` (feature `typed-send`);
//! `--client bulk` the bulk send (feature `bulk`). bench/setup/rust.sh enables each feature whose
//! code compiles against the core as it is now, and reports the others as not available yet.

#[cfg(feature = "bulk")]
mod bulk;

use botika::{Client, Method};
use harness::{Args, Sender};
use serde_json::json;

const TO: &str = "+6282112345678";

#[derive(Clone)]
struct Request(Client);

impl Sender for Request {
    async fn send(&self) -> Result<String, String> {
        let body = json!({"to": TO, "type": "text", "text": {"body": "Halo!"}});
        let response = self
            .0
            .request(Method::POST, "/messages")
            .json(&body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let answer = response.json_value().map_err(|e| e.to_string())?;
        Ok(answer["data"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string())
    }
}

#[cfg(feature = "typed-send")]
#[derive(Clone)]
struct TypedSend(Client);

#[cfg(feature = "typed-send")]
impl Sender for TypedSend {
    async fn send(&self) -> Result<String, String> {
        let sent = self.0.messages().send(TO, botika::Text::new("Halo!")).await;
        sent.map(|sent| sent.id).map_err(|e| e.to_string())
    }
}

fn client(args: &Args) -> Client {
    let mut builder = Client::builder().token(&args.token).base_url(&args.url);
    if args.mode == harness::Mode::Rate {
        builder = builder.rate_limit(args.rate);
    }
    builder.build().expect("a botika client")
}

fn main() {
    let args = Args::parse();
    let client = client(&args);
    match args.client.as_str() {
        "request" => harness::run(&args, Request(client)),
        #[cfg(feature = "typed-send")]
        "send" => harness::run(&args, TypedSend(client)),
        #[cfg(feature = "bulk")]
        "bulk" => bulk::run(&args, client),
        other => harness::unavailable(&missing(other)),
    }
}

/// Why this binary has no `client`: the line bench/setup/rust.sh wrote for its feature.
fn missing(client: &str) -> String {
    let feature = if client == "send" {
        "typed-send"
    } else {
        client
    };
    let note = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.build/rust.txt");
    let reason = std::fs::read_to_string(note).ok().and_then(|text| {
        let prefix = format!("{feature}: ");
        text.lines()
            .find_map(|line| line.strip_prefix(&prefix).map(str::to_string))
    });
    match reason {
        Some(error) => {
            format!("the core has no {client} yet (bench-core does not compile with it: {error})")
        }
        None => format!("bench-core was built without feature {feature}"),
    }
}
