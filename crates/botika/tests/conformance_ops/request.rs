//! The generic request: `client.request(method, path, json=..., query=..., idempotent=...)`.
//!
//! Its dict form: `{"status", "headers" (lowercase names), "json" (the body as JSON, `null` when
//! empty or not JSON), "text" (the body as text), "request_id"}`.

use std::collections::BTreeMap;

use botika::{Client, Method};
use serde_json::{Value, json};

use super::{Args, Op, OpError, OpFuture};

pub const OPS: &[(&str, Op)] = &[("client.request", request)];

/// A query value: one string, or several for a repeated name.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum QueryValue {
    One(String),
    Many(Vec<String>),
}

fn request<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let method: String = args.required("method")?;
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| OpError::Case(format!("{method:?} is not an HTTP method")))?;
        let mut builder = client.request(method, args.required::<String>("path")?);
        if let Some(body) = args.get::<Value>("json")? {
            builder = builder.json(&body);
        }
        for (name, value) in args
            .get::<BTreeMap<String, QueryValue>>("query")?
            .unwrap_or_default()
        {
            let values = match value {
                QueryValue::One(value) => vec![value],
                QueryValue::Many(values) => values,
            };
            for value in values {
                builder = builder.query(name.clone(), value);
            }
        }
        if let Some(idempotent) = args.get::<bool>("idempotent")? {
            builder = builder.idempotent(idempotent);
        }
        let response = builder.send().await?;
        let headers: BTreeMap<&str, String> = response
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        Ok(json!({
            "status": response.status,
            "headers": headers,
            "json": response.json_value().unwrap_or(Value::Null),
            "text": String::from_utf8_lossy(&response.body),
            "request_id": response.request_id(),
        }))
    })
}
