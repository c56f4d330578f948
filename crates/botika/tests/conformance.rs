//! The Rust runner of the language-neutral conformance cases in `tests/conformance/*.json`
//! (format: `tests/conformance/README.md`). Each case gets a fresh mock server and client; the
//! runner checks the exact requests the call made and the result or error it gave, and reports
//! every failing case at once. `CONFORMANCE_CASE=<text>` runs only the cases whose name contains it.

mod conformance_ops;
mod mock;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::extract::{FromRequest, Multipart};
use botika::{Client, RequestOptions, RetryPolicy};
use mock::{MockServer, Recorded, Reply};
use serde_json::{Map, Value, json};
use sha2::Digest;

use conformance_ops::{Args, OpError};

/// The token every runner configures; requests must carry it.
const TOKEN: &str = "test-token";

type Checked = Result<(), String>;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

#[tokio::test]
async fn conformance_cases() {
    let filter = std::env::var("CONFORMANCE_CASE").unwrap_or_default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/conformance exists")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut names = BTreeSet::new();
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in &files {
        let label = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(file).expect("a readable case file");
        let document: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{label}: not JSON: {e}"));
        let cases = document["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{label}: no \"cases\" array"));
        for case in cases {
            let name = case["name"]
                .as_str()
                .unwrap_or_else(|| panic!("{label}: a case without a name"));
            assert!(
                names.insert(name.to_owned()),
                "{label}: the case name {name:?} is used twice"
            );
            if !name.contains(&filter) {
                continue;
            }
            ran += 1;
            if let Err(why) = run_case(case).await {
                failures.push(format!("{label}: {name}: {why}"));
            }
        }
    }
    assert!(ran > 0, "no conformance case ran (filter {filter:?})");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn op_names_are_unique_and_follow_the_naming_rule() {
    let mut seen = BTreeSet::new();
    for name in conformance_ops::names() {
        assert!(seen.insert(name), "op {name:?} is registered twice");
        let (resource, method) = name
            .split_once('.')
            .unwrap_or_else(|| panic!("{name:?} is not <resource>.<method>"));
        let snake = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        assert!(
            snake(resource) && snake(method),
            "{name:?} is not snake_case"
        );
    }
}

async fn run_case(case: &Value) -> Checked {
    let replies = replies(case)?;
    let server = MockServer::start(replies).await;
    let client =
        client_for(case.get("client"), server.base_url())?.with_options(options(&case["call"])?);
    let op_name = case["call"]["op"].as_str().ok_or("call.op is missing")?;
    let op =
        conformance_ops::find(op_name).ok_or_else(|| format!("no op {op_name:?} is registered"))?;
    let args = Args::new(object(&case["call"], "args")?);
    let outcome = op(&client, &args).await;
    let unread = args.unread();
    if !unread.is_empty() {
        return Err(format!("the op never read the arguments {unread:?}"));
    }
    check_requests(case, &server.requests()).await?;
    check_outcome(&case["expect"], outcome)
}

/// An optional JSON object (absent or `null` reads as empty).
fn object_of(value: Option<&Value>, what: &str) -> Result<Map<String, Value>, String> {
    match value {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(other) => Err(format!("{what} must be an object, not {other}")),
    }
}

/// The optional object `parent[key]`.
fn object(parent: &Value, key: &str) -> Result<Map<String, Value>, String> {
    object_of(parent.get(key), key)
}

fn seconds(value: &Value, what: &str) -> Result<Duration, String> {
    value
        .as_f64()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| format!("{what} must be a number of seconds, not {value}"))
}

fn count(value: &Value, what: &str) -> Result<u32, String> {
    value
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| format!("{what} must be a whole number, not {value}"))
}

/// The canned replies: `responses` (in order) or `response`, none when no request is expected.
fn replies(case: &Value) -> Result<Vec<Reply>, String> {
    let list = match (case.get("response"), case.get("responses")) {
        (Some(one), None) => vec![one.clone()],
        (None, Some(Value::Array(many))) if !many.is_empty() => many.clone(),
        (None, None) if case.get("request").is_none() => Vec::new(),
        _ => return Err("give exactly one of response and responses (a non-empty array), or neither and no request".into()),
    };
    list.iter().map(reply).collect()
}

fn reply(spec: &Value) -> Result<Reply, String> {
    let status = spec["status"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .ok_or("response.status is missing")?;
    let mut reply = match (spec.get("body"), spec.get("body_text")) {
        (Some(body), None) => Reply::json(status, body),
        (None, Some(Value::String(text))) => Reply::status(status).body(text.clone()),
        (None, None) => Reply::status(status),
        _ => {
            return Err(
                "a response has at most one of body (JSON) and body_text (a string)".into(),
            );
        }
    };
    for (name, value) in object(spec, "headers")? {
        let value = value
            .as_str()
            .ok_or_else(|| format!("response header {name} must be a string"))?;
        reply = reply.header(&name, value);
    }
    if let Some(delay) = spec.get("delay_ms") {
        reply = reply.delay(Duration::from_millis(u64::from(count(delay, "delay_ms")?)));
    }
    Ok(reply)
}

/// The runner's client: the fixed token, the mock's base URL, retries fast enough for tests
/// (1 ms base delay, 10 ms ceiling), and the case's `client` settings.
fn client_for(settings: Option<&Value>, base_url: &str) -> Result<Client, String> {
    let mut policy = RetryPolicy::default()
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(10));
    let mut builder = Client::builder().token(TOKEN).base_url(base_url);
    for (key, value) in object_of(settings, "client")? {
        match key.as_str() {
            "max_retries" => policy = policy.max_retries(count(&value, "client.max_retries")?),
            "retry_after_cap" => {
                policy = policy.retry_after_cap(seconds(&value, "client.retry_after_cap")?)
            }
            "timeout" => builder = builder.timeout(seconds(&value, "client.timeout")?),
            "headers" => {
                for (name, value) in object_of(Some(&value), "client.headers")? {
                    let value = value
                        .as_str()
                        .ok_or("client.headers values must be strings")?;
                    builder = builder.header(&name, value).map_err(|e| e.to_string())?;
                }
            }
            other => return Err(format!("unknown client setting {other:?}")),
        }
    }
    builder
        .retry_policy(policy)
        .build()
        .map_err(|e| format!("the client could not be built: {e}"))
}

/// The per-call options of `call.options`.
fn options(call: &Value) -> Result<RequestOptions, String> {
    let mut options = RequestOptions::new();
    for (key, value) in object(call, "options")? {
        options = match key.as_str() {
            "timeout" => options.timeout(seconds(&value, "options.timeout")?),
            "max_retries" => options.max_retries(count(&value, "options.max_retries")?),
            "retry_unsafe_sends" => {
                options.retry_unsafe_sends(value.as_bool().ok_or("retry_unsafe_sends is a bool")?)
            }
            "extra_headers" => object_of(Some(&value), "options.extra_headers")?
                .into_iter()
                .try_fold(options, |options, (name, value)| {
                    let value = value
                        .as_str()
                        .ok_or("extra_headers values must be strings")?;
                    Ok::<_, String>(options.header(name, value))
                })?,
            other => return Err(format!("unknown call option {other:?}")),
        };
    }
    Ok(options)
}

/// Every request must match the case's `request`, and there must be `expect.attempts` of them
/// (default 1, or 0 when no request is expected).
async fn check_requests(case: &Value, recorded: &[Recorded]) -> Checked {
    let spec = case.get("request");
    let expected = match case["expect"].get("attempts") {
        Some(attempts) => count(attempts, "expect.attempts")? as usize,
        None => usize::from(spec.is_some()),
    };
    if recorded.len() != expected {
        let seen: Vec<String> = recorded
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        return Err(format!(
            "expected {expected} request(s), the server got {}: {seen:?}",
            recorded.len()
        ));
    }
    for (number, request) in recorded.iter().enumerate() {
        if let Some(spec) = spec {
            check_request(spec, request)
                .await
                .map_err(|why| format!("request {}: {why}", number + 1))?;
        }
    }
    Ok(())
}

async fn check_request(spec: &Value, request: &Recorded) -> Checked {
    let method = spec["method"].as_str().ok_or("request.method is missing")?;
    let path = spec["path"].as_str().ok_or("request.path is missing")?;
    if request.method.as_str() != method || request.path != path {
        return Err(format!(
            "expected {method} {path}, got {} {}",
            request.method, request.path
        ));
    }
    check_query(spec.get("query"), &request.query)?;
    // What every request carries, whatever the case (contract section 1).
    let mut headers =
        json!({"authorization": format!("Bearer {TOKEN}"), "accept": "application/json"});
    if !request
        .header("user-agent")
        .is_some_and(|ua| ua.contains("botika-"))
    {
        return Err(format!(
            "the User-Agent {:?} does not name botika",
            request.header("user-agent")
        ));
    }
    let content_type = request.header("content-type").unwrap_or("");
    match (
        spec.get("json"),
        spec.get("multipart"),
        spec.get("body_text"),
    ) {
        (Some(want), None, None) => {
            headers["content-type"] = json!("application/json");
            let got: Value = serde_json::from_slice(&request.body)
                .map_err(|e| format!("the body is not JSON: {e}"))?;
            if &got != want {
                return Err(format!(
                    "the JSON body differs:\n  expected {want}\n  got      {got}"
                ));
            }
        }
        (None, Some(parts), None) => check_multipart(parts, content_type, request).await?,
        (None, None, Some(want)) => {
            if request.body != want.as_str().unwrap_or_default().as_bytes() {
                return Err(format!(
                    "the body differs: got {:?}",
                    String::from_utf8_lossy(&request.body)
                ));
            }
        }
        (None, None, None) => {
            headers["content-type"] = Value::Null;
            if !request.body.is_empty() {
                return Err(format!(
                    "expected no body, got {:?}",
                    String::from_utf8_lossy(&request.body)
                ));
            }
        }
        _ => return Err("request has at most one of json, multipart and body_text".into()),
    }
    for (name, want) in object(spec, "headers")? {
        headers[name.to_ascii_lowercase()] = want;
    }
    for (name, want) in headers.as_object().into_iter().flatten() {
        let got = request.header(name);
        let matches = match want {
            Value::Null => got.is_none(),
            Value::String(want) => got == Some(want.as_str()),
            other => {
                return Err(format!(
                    "header {name} must be a string or null, not {other}"
                ));
            }
        };
        if !matches {
            return Err(format!("header {name}: expected {want}, got {got:?}"));
        }
    }
    Ok(())
}

/// `query` is an object of name -> value (or list of values); absent means no query at all.
fn check_query(spec: Option<&Value>, got: &[(String, String)]) -> Checked {
    let mut want = Vec::new();
    for (name, value) in object_of(spec, "request.query")? {
        match value {
            Value::String(one) => want.push((name, one)),
            Value::Array(many) => {
                for one in many {
                    want.push((
                        name.clone(),
                        one.as_str()
                            .ok_or("query values must be strings")?
                            .to_owned(),
                    ));
                }
            }
            other => {
                return Err(format!(
                    "query value {other} must be a string or a list of strings"
                ));
            }
        }
    }
    let mut got = got.to_vec();
    want.sort();
    got.sort();
    if want != got {
        return Err(format!("query: expected {want:?}, got {got:?}"));
    }
    Ok(())
}

/// `multipart` is the list of parts in order: `name` and any of `filename`, `content_type`,
/// `size`, `sha256` (hex of the part's bytes), `text` (the part's bytes as UTF-8).
async fn check_multipart(parts: &Value, content_type: &str, request: &Recorded) -> Checked {
    let specs = parts
        .as_array()
        .ok_or("request.multipart must be a list of parts")?;
    if !content_type.starts_with("multipart/form-data") {
        return Err(format!(
            "expected a multipart/form-data body, got Content-Type {content_type:?}"
        ));
    }
    let http = axum::http::Request::builder()
        .header("content-type", content_type)
        .body(axum::body::Body::from(request.body.clone()))
        .map_err(|e| e.to_string())?;
    let mut form = Multipart::from_request(http, &())
        .await
        .map_err(|e| format!("not multipart: {e}"))?;
    let mut got = Vec::new();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| format!("a broken part: {e}"))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| format!("part {name}: {e}"))?;
        got.push(json!({
            "name": name, "filename": filename, "content_type": content_type, "size": bytes.len(),
            "sha256": hex::encode(sha2::Sha256::digest(&bytes)), "text": String::from_utf8_lossy(&bytes),
        }));
    }
    if got.len() != specs.len() {
        return Err(format!(
            "expected {} multipart part(s), got {}",
            specs.len(),
            got.len()
        ));
    }
    for (want, got) in specs.iter().zip(&got) {
        contains(got, want, "part").map_err(|why| format!("multipart {why}"))?;
    }
    Ok(())
}

/// The error's dict form, as every binding exposes it.
fn error_dict(error: &botika::Error) -> Value {
    json!({
        "code": error.code(),
        "status": error.status(),
        "message": error.message(),
        "method": error.method(),
        "path": error.path(),
        "field_errors": error.field_errors(),
        "body": error.body(),
        "request_id": error.request_id(),
        "retry_after": error.retry_after().map(|d| d.as_secs_f64()),
        "may_have_been_sent": error.may_have_been_sent(),
    })
}

fn check_outcome(expect: &Value, outcome: Result<Value, OpError>) -> Checked {
    match (expect.get("result"), expect.get("error"), outcome) {
        (_, _, Err(OpError::Case(why))) => Err(format!("the case is wrong: {why}")),
        (Some(want), None, Ok(got)) => contains(&got, want, "result"),
        (None, Some(want), Err(OpError::Sdk(error))) => {
            let mut want = want
                .as_object()
                .cloned()
                .ok_or("expect.error must be an object")?;
            let got = error_dict(&error);
            if let Some(part) = want.remove("message_contains") {
                let part = part.as_str().ok_or("message_contains must be a string")?;
                if !error.message().contains(part) {
                    return Err(format!(
                        "the message {:?} does not contain {part:?}",
                        error.message()
                    ));
                }
            }
            // An unexpected "may have been sent" is a bug too, so it is always checked.
            want.entry("may_have_been_sent")
                .or_insert(Value::Bool(false));
            let field_errors = want.remove("field_errors");
            contains(&got, &Value::Object(want), "error")?;
            match field_errors {
                Some(want) if want != got["field_errors"] => Err(format!(
                    "error.field_errors: expected {want}, got {}",
                    got["field_errors"]
                )),
                _ => Ok(()),
            }
        }
        (None, Some(_), Ok(got)) => Err(format!("expected an error, got the result {got}")),
        (Some(_), None, Err(OpError::Sdk(error))) => {
            Err(format!("expected a result, got the error {error:?}"))
        }
        (None, None, Ok(_)) => Ok(()),
        (None, None, Err(OpError::Sdk(error))) => {
            Err(format!("expected success, got the error {error:?}"))
        }
        (Some(_), Some(_), _) => Err("expect has both result and error".into()),
    }
}

/// `got` contains `want`: objects by subset (recursively), arrays element by element with equal
/// lengths, numbers by value (2 equals 2.0), everything else exactly.
fn contains(got: &Value, want: &Value, at: &str) -> Checked {
    match (got, want) {
        (Value::Object(got), Value::Object(want)) => want.iter().try_for_each(|(key, want)| {
            let got = got
                .get(key)
                .ok_or_else(|| format!("{at}.{key} is missing"))?;
            contains(got, want, &format!("{at}.{key}"))
        }),
        (Value::Array(got), Value::Array(want)) if got.len() == want.len() => got
            .iter()
            .zip(want)
            .enumerate()
            .try_for_each(|(i, (got, want))| contains(got, want, &format!("{at}[{i}]"))),
        (Value::Number(got), Value::Number(want)) if got.as_f64() == want.as_f64() => Ok(()),
        (got, want) if got == want => Ok(()),
        (got, want) => Err(format!("{at}: expected {want}, got {got}")),
    }
}

#[test]
fn contains_matches_subsets_and_numbers_by_value() {
    let got = json!({"a": 1, "b": {"c": [1.0, {"d": "x", "e": null}]}, "f": "y"});
    assert!(contains(&got, &json!({"b": {"c": [1, {"d": "x"}]}}), "r").is_ok());
    assert!(
        contains(&got, &json!({"b": {"c": [1]}}), "r").is_err(),
        "array lengths must match"
    );
    assert!(
        contains(&got, &json!({"g": null}), "r").is_err(),
        "a missing key is not null"
    );
    assert!(contains(&got, &json!({"a": "1"}), "r").is_err());
    assert_eq!(
        contains(&got, &json!({"b": {"c": [1, {"d": "z"}]}}), "r").unwrap_err(),
        r#"r.b.c[1].d: expected "z", got "x""#
    );
}

#[tokio::test]
async fn multipart_parts_are_checked_by_name_filename_type_size_and_hash() {
    let server = MockServer::start(vec![Reply::status(200)]).await;
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec())
        .file_name("a.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .part("document", part)
        .text("note", "hi");
    reqwest::Client::new()
        .post(server.base_url())
        .multipart(form)
        .send()
        .await
        .unwrap();
    let request = &server.requests()[0];
    let content_type = request.header("content-type").unwrap();
    let sha = hex::encode(sha2::Sha256::digest(b"%PDF-1.4"));
    let good = json!([{"name": "document", "filename": "a.pdf", "content_type": "application/pdf", "size": 8, "sha256": sha},
        {"name": "note", "text": "hi"}]);
    assert_eq!(check_multipart(&good, content_type, request).await, Ok(()));
    for bad in [
        json!([{"name": "document"}]),
        json!([{"name": "image"}, {"name": "note"}]),
        json!([{"name": "document", "size": 9}, {"name": "note"}]),
    ] {
        assert!(
            check_multipart(&bad, content_type, request).await.is_err(),
            "{bad}"
        );
    }
}
