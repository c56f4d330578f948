//! The raw reqwest peer: `POST /messages` with a JSON body and a bearer token, the answer's
//! `data.id` read back, and nothing else (no validation, retries or rate limit).

use harness::{Args, Mode, Sender};
use serde_json::{Value, json};

#[derive(Clone)]
struct Reqwest {
    http: reqwest::Client,
    url: String,
    auth: String,
}

impl Sender for Reqwest {
    async fn send(&self) -> Result<String, String> {
        let body = json!({"to": "+6282112345678", "type": "text", "text": {"body": "Halo!"}});
        let response = self
            .http
            .post(&self.url)
            .header("authorization", &self.auth)
            .json(&body)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| e.to_string())?;
        let answer: Value = response.json().await.map_err(|e| e.to_string())?;
        Ok(answer["data"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string())
    }
}

fn main() {
    let args = Args::parse();
    if args.mode == Mode::Rate {
        harness::unavailable("raw reqwest has no rate limiter");
    }
    let sender = Reqwest {
        http: reqwest::Client::new(),
        url: format!("{}/messages", args.url.trim_end_matches('/')),
        auth: format!("Bearer {}", args.token),
    };
    harness::run(&args, sender)
}
