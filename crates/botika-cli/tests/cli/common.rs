//! A sandbox running on its own runtime for the length of a test, and the `botika` command
//! pointed at it (token and base URL in the environment, a private config file).

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
use botika_sandbox::{SandboxBuilder, SandboxHandle};
use serde_json::Value;

/// The sandbox's token in every test.
pub const TOKEN: &str = "cli-test-token-5f2a";

/// A recipient the sandbox treats normally.
pub const CUSTOMER: &str = "+62 812-3456-7890";

/// A 1x1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A sandbox for one test, stopped when dropped.
pub struct Sandbox {
    runtime: tokio::runtime::Runtime,
    handle: Option<SandboxHandle>,
    /// The API's base URL.
    pub api_url: String,
    /// Holds the test's config file.
    pub home: tempfile::TempDir,
}

impl Sandbox {
    /// A sandbox with fast statuses and reviews.
    pub fn start() -> Sandbox {
        Sandbox::start_with(|builder| builder)
    }

    /// A sandbox configured further by `configure`.
    pub fn start_with(configure: impl FnOnce(SandboxBuilder) -> SandboxBuilder) -> Sandbox {
        // The sandbox serves from this runtime's thread while the test blocks on the command.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let builder = botika_sandbox::Sandbox::builder()
            .token(TOKEN)
            .log_requests(false)
            .review_delay(std::time::Duration::from_secs(3600));
        let handle = runtime
            .block_on(configure(builder).start())
            .expect("the sandbox starts");
        Sandbox {
            api_url: handle.api_url(),
            handle: Some(handle),
            runtime,
            home: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The running sandbox, to look at what it received.
    pub fn handle(&self) -> &SandboxHandle {
        self.handle.as_ref().expect("running")
    }

    /// `botika` with this sandbox's URL and token in the environment.
    pub fn botika(&self) -> Command {
        let mut command = botika_at(&self.home);
        command
            .env("BOTIKA_BASE_URL", &self.api_url)
            .env("BOTIKA_API_TOKEN", TOKEN);
        command
    }

    /// What the business sent to `to`, oldest first.
    pub fn sent_to(&self, to: &str) -> Vec<Value> {
        self.handle().sent_messages(Some(to))
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            let _ = self.runtime.block_on(handle.stop());
        }
    }
}

/// `botika` with no token or base URL in the environment and a config file in `home`.
pub fn botika_at(home: &tempfile::TempDir) -> Command {
    let mut command = Command::cargo_bin("botika").expect("the botika binary");
    command
        .env_remove("BOTIKA_API_TOKEN")
        .env_remove("BOTIKA_BASE_URL")
        .env_remove("BOTIKA_WEBHOOK_SECRET")
        .env_remove("BOTIKA_WEBHOOK_VERIFY_TOKEN")
        .env("BOTIKA_CONFIG", home.path().join("config.toml"));
    command
}

/// Runs a command expected to succeed with `--output json`, and parses its stdout.
pub fn json(mut command: Command) -> Value {
    let output = command.arg("--output").arg("json").output().expect("runs");
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// A long-running `botika` (listener, sandbox) whose stdout is read line by line; killed when
/// dropped.
pub struct Running {
    child: Option<Child>,
    lines: mpsc::Receiver<String>,
}

impl Running {
    /// Starts `botika` with `args` (no token, base URL or secret from the environment).
    pub fn start(args: &[&str]) -> Running {
        Running::start_with_env(args, &[])
    }

    /// [`Running::start`] with these environment variables set.
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Running {
        let binary = assert_cmd::cargo::cargo_bin("botika");
        let mut child = std::process::Command::new(binary)
            .args(args)
            .env_remove("BOTIKA_API_TOKEN")
            .env_remove("BOTIKA_BASE_URL")
            .env_remove("BOTIKA_WEBHOOK_SECRET")
            .env_remove("BOTIKA_WEBHOOK_VERIFY_TOKEN")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("botika starts");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        // A thread reads stdout, so that waiting for a line can time out instead of hanging.
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child: Some(child),
            lines,
        }
    }

    /// The next line on stdout; panics when none comes within 20 seconds.
    pub fn line(&mut self) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(20))
            .expect("botika printed a line in time")
    }

    /// The next line on stdout within `wait`, if any.
    pub fn line_within(&mut self, wait: Duration) -> Option<String> {
        self.lines.recv_timeout(wait).ok()
    }

    /// Stops it and answers everything it wrote to stderr.
    pub fn stop(mut self) -> String {
        let Some(mut child) = self.child.take() else {
            return String::new();
        };
        let _ = child.kill();
        child
            .wait_with_output()
            .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
            .unwrap_or_default()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The first `http://...` in a line.
pub fn url_in(line: &str) -> String {
    let start = line.find("http://").expect("a URL in the line");
    line[start..]
        .split(|c: char| c.is_whitespace() || c == '"')
        .next()
        .unwrap_or_default()
        .to_owned()
}
