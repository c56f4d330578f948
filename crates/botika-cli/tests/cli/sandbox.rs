//! `botika sandbox` starts the sandbox library with its flags and serves until stopped.

use crate::common::{Running, TOKEN, botika_at};

#[test]
fn the_sandbox_starts_on_a_free_port_and_accepts_the_token_given() {
    let mut sandbox = Running::start(&[
        "sandbox",
        "--port",
        "0",
        "--token",
        TOKEN,
        "--quiet",
        "--review-delay-ms",
        "10",
    ]);
    let url = sandbox.line();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let api = format!("{url}/api/whatsapp/v1");
    let home = tempfile::tempdir().unwrap();
    botika_at(&home)
        .args(["--base-url", &api, "--token", TOKEN, "profile"])
        .assert()
        .success();
    botika_at(&home)
        .args(["--base-url", &api, "--token", "another", "profile"])
        .assert()
        .code(3);
    let stderr = sandbox.stop();
    assert!(stderr.contains("export BOTIKA_BASE_URL="), "{stderr}");
    assert!(
        !stderr.contains(TOKEN),
        "the token is never printed: {stderr}"
    );
}

#[test]
fn a_bad_flag_value_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    botika_at(&home)
        .args(["sandbox", "--status-schedule", "3,2,1"])
        .assert()
        .code(2);
}
