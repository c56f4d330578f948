//! `botika sandbox` starts the sandbox library with the flags and environment variables the
//! `botika-sandbox` binary has, and serves until stopped.

use predicates::prelude::*;

use crate::common::{Running, TOKEN, botika_at, json};

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
        stderr.contains(&format!("web inbox at {url}/ ")),
        "{stderr}"
    );
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

#[test]
fn the_sandbox_settings_come_from_its_flags_and_environment_variables() {
    let mut sandbox = Running::start_with_env(
        &[
            "sandbox",
            "--port",
            "0",
            "--token",
            TOKEN,
            "--max-body-bytes",
            "2000",
        ],
        &[
            ("BOTIKA_SANDBOX_LABELS", "1=+6281111111111,+6282222222222"),
            ("BOTIKA_SANDBOX_QUIET", "true"),
        ],
    );
    let api = format!("{}/api/whatsapp/v1", sandbox.line());
    let home = tempfile::tempdir().unwrap();
    let botika = || {
        let mut command = botika_at(&home);
        command.args(["--base-url", &api, "--token", TOKEN]);
        command
    };
    let mut broadcast = botika();
    broadcast.args(["broadcasts", "send", "--name", "Digest", "--labels", "1"]);
    broadcast.args(["--template", "hello_world", "--language", "en_US"]);
    assert_eq!(json(broadcast)["total_recipients"], 2);
    // A text of 3000 characters is a body over the 2000 bytes allowed: the sandbox answers 413.
    botika()
        .args([
            "send",
            "text",
            "--to",
            "+6281111111111",
            "--body",
            &"a".repeat(3000),
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("413"));
    let stderr = sandbox.stop();
    assert!(
        !stderr.contains("POST /api"),
        "--quiet from the environment: {stderr}"
    );
}

#[test]
fn the_help_shows_the_fixed_default_port_and_the_environment_variables() {
    let home = tempfile::tempdir().unwrap();
    botika_at(&home)
        .args(["sandbox", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("[default: 8080]")
                .and(predicate::str::contains("BOTIKA_SANDBOX_PORT"))
                .and(predicate::str::contains("--max-body-bytes")),
        );
}
