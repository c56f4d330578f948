//! The `botika-sandbox` binary: flags and environment variables, the base URL as the first
//! line, a clean stop on SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::client;

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and reads its first line.
fn run(args: &[&str], env: &[(&str, &str)]) -> (Running, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_botika-sandbox"));
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    (Running(child), line.trim().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prints_its_url_and_serves_with_the_given_tokens() {
    let (_running, url) = tokio::task::spawn_blocking(|| {
        run(
            &["--port", "0", "--token", "T1", "--token", "T2", "--quiet"],
            &[],
        )
    })
    .await
    .unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let http = client();
    for token in ["T1", "T2"] {
        let answer = http
            .get(format!("{url}/api/whatsapp/v1/profile"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
    }
    let answer = http
        .get(format!("{url}/api/whatsapp/v1/profile"))
        .bearer_auth("T3")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_its_settings_from_the_environment() {
    let env = [
        ("BOTIKA_SANDBOX_TOKEN", "E1,E2"),
        (
            "BOTIKA_SANDBOX_LABELS",
            "1=+6281111111111,+6282222222222;2=+6283333333333",
        ),
        ("BOTIKA_SANDBOX_QUIET", "1"),
        ("BOTIKA_SANDBOX_SERVICE_WINDOW", "yes"),
        ("BOTIKA_SANDBOX_STATUS_SCHEDULE", "1,2,3"),
    ];
    let (_running, url) = tokio::task::spawn_blocking(move || run(&[], &env))
        .await
        .unwrap();
    let labels: serde_json::Value = client()
        .get(format!("{url}/_sandbox/labels"))
        .bearer_auth("E2")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        labels["data"],
        serde_json::json!({"1": ["+6281111111111", "+6282222222222"], "2": ["+6283333333333"]})
    );
    // The service window is on: a free-form message to a silent customer fails.
    let http = client();
    let id = send_text(&http, &url, "E1", "hi").await;
    settles(&http, &url, "E1", &id, "failed").await;
}

/// Sends a text to +6281234567890 through the API; answers its message id.
async fn send_text(http: &reqwest::Client, url: &str, token: &str, body: &str) -> String {
    let sent: serde_json::Value = http
        .post(format!("{url}/api/whatsapp/v1/messages"))
        .bearer_auth(token)
        .json(&serde_json::json!({"to": "+6281234567890", "type": "text", "text": {"body": body}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    sent["data"]["id"].as_str().unwrap().to_owned()
}

/// Waits until the message with this id has the status given.
async fn settles(http: &reqwest::Client, url: &str, token: &str, id: &str, status: &str) {
    common::eventually_async(status, || async {
        let message: serde_json::Value = http
            .get(format!("{url}/_sandbox/messages/{id}"))
            .bearer_auth(token)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        (message["data"]["status"] == status).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_length_from_the_environment_turns_the_window_on() {
    let env = [
        ("BOTIKA_SANDBOX_TOKEN", "E1"),
        ("BOTIKA_SANDBOX_QUIET", "1"),
        ("BOTIKA_SANDBOX_SERVICE_WINDOW_MS", "1000"),
        ("BOTIKA_SANDBOX_STATUS_SCHEDULE", "1,2,3"),
    ];
    let (_running, url) = tokio::task::spawn_blocking(move || run(&[], &env))
        .await
        .unwrap();
    let http = client();
    let inbound = http
        .post(format!("{url}/_sandbox/inbound"))
        .bearer_auth("E1")
        .json(
            &serde_json::json!({"from": "6281234567890", "type": "text", "text": {"body": "halo"}}),
        )
        .send()
        .await
        .unwrap();
    assert!(inbound.status().is_success());
    let open = send_text(&http, &url, "E1", "hi").await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let late = send_text(&http, &url, "E1", "hi").await;
    settles(&http, &url, "E1", &open, "read").await;
    settles(&http, &url, "E1", &late, "failed").await;
}

#[test]
fn refuses_bad_flags() {
    let output = Command::new(env!("CARGO_BIN_EXE_botika-sandbox"))
        .args(["--status-schedule", "3,2,1"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("must not decrease"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_it_cleanly_with_the_state_file_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let path = file.to_str().unwrap().to_owned();
    let (running, url) = tokio::task::spawn_blocking(move || {
        run(&["--token", "T", "--quiet", "--state-file", &path], &[])
    })
    .await
    .unwrap();
    let id = send_text(&client(), &url, "T", "keep me").await;

    let mut running = running;
    let pid = running.0.id().to_string();
    let status = tokio::task::spawn_blocking(move || {
        let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(killed.success());
        running.0.wait().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(status.code(), Some(0), "a clean exit, not death by signal");
    let saved = std::fs::read_to_string(&file).expect("the state file was written");
    let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
    assert!(saved.to_string().contains(&id), "{saved}");
    assert!(saved.to_string().contains("keep me"));
}
