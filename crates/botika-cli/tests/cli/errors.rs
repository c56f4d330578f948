//! Exit codes tell a usage error (2) from an API error (3) from a network error (4); errors say
//! what to do; the token is never printed, also not in JSON errors.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{CUSTOMER, Sandbox, TOKEN, botika_at};

#[test]
fn a_bad_flag_and_a_missing_token_are_usage_errors() {
    let home = tempfile::tempdir().unwrap();
    botika_at(&home)
        .args(["send", "text", "--nope"])
        .assert()
        .code(2);
    botika_at(&home)
        .args(["profile"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no API token"))
        .stderr(predicate::str::contains("botika config set token"));
}

#[test]
fn a_refused_input_names_the_field_and_sends_nothing() {
    let sandbox = Sandbox::start();
    sandbox
        .botika()
        .args(["send", "text", "--to", "0812345678", "--body", "Halo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("to: must"));
    assert!(sandbox.handle().sent_messages(None).is_empty());
}

#[test]
fn a_wrong_token_is_an_api_error_that_never_shows_the_token() {
    let sandbox = Sandbox::start();
    let wrong = "wrong-token-7c1e";
    let output = sandbox
        .botika()
        .args([
            "--token", wrong, "--output", "json", "send", "text", "--to", CUSTOMER, "--body", "x",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let everything = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !everything.contains(wrong) && !everything.contains(TOKEN),
        "{everything}"
    );
    let error: Value = serde_json::from_slice(&output.stderr).expect("a JSON error on stderr");
    assert_eq!(error["error"]["category"], "api");
    assert_eq!(error["error"]["code"], "authentication");
    assert_eq!(error["error"]["status"], 401);
    assert!(error["error"]["hint"].as_str().unwrap().contains("token"));
}

#[test]
fn an_unreachable_api_is_a_network_error() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let home = tempfile::tempdir().unwrap();
    botika_at(&home)
        .args([
            "--token",
            TOKEN,
            "--base-url",
            &format!("http://127.0.0.1:{port}/api"),
            "--max-retries",
            "0",
            "profile",
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("--base-url"));
}
