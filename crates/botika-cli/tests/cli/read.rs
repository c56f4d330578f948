//! `botika read` marks an inbound message read, and an unknown id is an API error.

use predicates::prelude::*;
use serde_json::json;

use crate::common::Sandbox;

#[test]
fn an_inbound_message_is_marked_read() {
    let sandbox = Sandbox::start();
    let id = sandbox
        .handle()
        .inbound(&json!({"from": "6281234567890", "type": "text", "text": {"body": "Halo"}}))
        .expect("an inbound message");
    sandbox
        .botika()
        .args(["read", &id])
        .assert()
        .success()
        .stdout(format!("marked {id} as read\n"));
    let message = sandbox.handle().message(&id).unwrap();
    assert_eq!(message["status"], "read", "{message}");
}

#[test]
fn an_unknown_id_is_an_api_error_with_exit_code_3() {
    let sandbox = Sandbox::start();
    sandbox
        .botika()
        .args(["read", "wamid.nope"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("404"))
        .stderr(predicate::str::contains("hint:"));
}
