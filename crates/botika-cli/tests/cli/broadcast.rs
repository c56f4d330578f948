//! `botika broadcast`: a CSV of recipients sent with a template; invalid rows and sends that fail
//! at the API (the sandbox's injected faults) end up in the failures file, which can be sent again
//! as the next CSV, and nothing is sent twice. Also: `--rate-limit` spaces the sends, and the
//! progress bar never gets into stdout.

use std::path::Path;

use botika_sandbox::{FaultKind, FaultSpec};
use predicates::prelude::*;
use serde_json::Value;

use crate::common::Sandbox;

/// Two good customers, the sandbox's always-failing test recipient (its failure arrives later,
/// by webhook, so the send itself succeeds), and two numbers the SDK refuses.
const CSV: &str = "\
to,header,body_1,button_1
+62 812-3456-7890,#1,Budi,track-1
+15550100001,#2,Test,track-2
0812345678,#3,No country code,track-3
12,#4,Too short,track-4
+62 813-1111-2222,#5,Sari,track-5
";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn broadcast(sandbox: &Sandbox, csv: &str, extra: &[&str]) -> (Option<i32>, Value) {
    let output = sandbox
        .botika()
        .args(["--output", "json", "broadcast", "--csv", csv])
        .args([
            "--template",
            "order_update",
            "--language",
            "en_US",
            "--rate-limit",
            "50",
        ])
        .args(extra)
        .output()
        .unwrap();
    let summary = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "a JSON summary: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), summary)
}

#[test]
fn good_rows_are_sent_and_bad_ones_are_written_to_the_failures_file() {
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "customers.csv", CSV);

    let (code, summary) = broadcast(&sandbox, &csv, &[]);
    assert_eq!(code, Some(5), "{summary}");
    assert_eq!(
        (
            summary["total"].as_u64(),
            summary["sent"].as_u64(),
            summary["failed"].as_u64()
        ),
        (Some(5), Some(3), Some(2))
    );
    let lines: Vec<u64> = summary["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [4, 5]);
    assert_eq!(summary["failures"][0]["code"], "invalid_argument");

    let sent = sandbox.handle().sent_messages(None);
    assert_eq!(sent.len(), 3);
    let budi = &sandbox.sent_to("+62 812-3456-7890")[0]["content"]["template"];
    assert_eq!(budi["param"]["body"][0], "Budi", "{budi}");
    assert_eq!(budi["param"]["header"]["text"], "#1");
    assert_eq!(
        budi["param"]["button"][0],
        serde_json::json!({"type": "QUICK_REPLY", "value": "track-1"})
    );

    let failures_file = dir.path().join("customers.failures.csv");
    assert_eq!(
        summary["failures_file"],
        failures_file.display().to_string()
    );
    let written = std::fs::read_to_string(&failures_file).unwrap();
    let mut rows = written.lines();
    assert_eq!(
        rows.next(),
        Some("to,header,body_1,button_1,line,error_code,error")
    );
    let first = rows.next().unwrap();
    assert!(
        first.starts_with("0812345678,#3,No country code,track-3,4,invalid_argument,"),
        "{first}"
    );
    assert!(
        rows.next()
            .unwrap()
            .starts_with("12,#4,Too short,track-4,5,invalid_argument,")
    );
    assert_eq!(rows.next(), None);

    // The failures file is a valid CSV for the next run: its report columns are ignored.
    let (code, again) = broadcast(
        &sandbox,
        &failures_file.display().to_string(),
        &["--dry-run"],
    );
    assert_eq!(code, Some(5));
    assert_eq!(
        (again["total"].as_u64(), again["failed"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        sandbox.handle().sent_messages(None).len(),
        3,
        "a dry run sends nothing"
    );
}

#[test]
fn a_clean_csv_exits_0_with_a_text_summary() {
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "ok.csv",
        "to,header,body_1,button_1\n+62 812-3456-7890,#1,Budi,t\n",
    );
    sandbox
        .botika()
        .args([
            "broadcast",
            "--csv",
            &csv,
            "--template",
            "order_update",
            "--language",
            "en_US",
        ])
        .assert()
        .success()
        .stdout("sent 1 of 1 messages with template order_update (en_US)\n");
    assert!(!dir.path().join("ok.failures.csv").exists());
}

#[test]
fn columns_that_do_not_fit_the_template_stop_before_anything_is_sent() {
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "to,body_1\n+62 812-3456-7890,Budi\n",
            "template.param.header",
        ),
        (
            "to,header,body_1,bdy_2,button_1\n+62 812-3456-7890,#1,Budi,x,t\n",
            "unknown column \"bdy_2\"",
        ),
        ("header,body_1,button_1\n#1,Budi,t\n", "no `to` column"),
        (
            "to,header,body_2,button_1\n+62 812-3456-7890,#1,Budi,t\n",
            "no body_1",
        ),
    ];
    for (text, expected) in cases {
        let csv = write(dir.path(), "bad.csv", text);
        sandbox
            .botika()
            .args([
                "broadcast",
                "--csv",
                &csv,
                "--template",
                "order_update",
                "--language",
                "en_US",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected));
    }
    let csv = write(dir.path(), "ok.csv", "to\n+62 812-3456-7890\n");
    sandbox
        .botika()
        .args([
            "broadcast",
            "--csv",
            &csv,
            "--template",
            "nope",
            "--language",
            "en_US",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("templates list"));
    assert!(sandbox.handle().sent_messages(None).is_empty());
}

/// Six good customers, one per line 2 to 7 of the CSV.
fn six_customers() -> (String, Vec<String>) {
    let numbers: Vec<String> = (1..=6).map(|n| format!("+62 812-3456-70{n:02}")).collect();
    let mut csv = String::from("to,header,body_1,button_1\n");
    for (at, number) in numbers.iter().enumerate() {
        csv.push_str(&format!("{number},#{at},Name {at},track-{at}\n"));
    }
    (csv, numbers)
}

/// How many messages the sandbox stored for each number, in the same order.
fn stored_counts(sandbox: &Sandbox, numbers: &[String]) -> Vec<usize> {
    numbers.iter().map(|n| sandbox.sent_to(n).len()).collect()
}

/// The lines and error codes of the summary's failures.
fn failed_lines(summary: &Value) -> Vec<(u64, String)> {
    summary["failures"]
        .as_array()
        .expect("a failures array")
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Broadcasts the six customers one send at a time while `fault` applies to `POST /messages`,
/// and checks the run ends with exit code 5 (some rows failed). Answers the sandbox, the folder
/// holding the CSV and its failures file, the customers' numbers and the JSON summary.
fn broadcast_with_a_fault(fault: FaultSpec) -> (Sandbox, tempfile::TempDir, Vec<String>, Value) {
    let sandbox = Sandbox::start();
    sandbox
        .handle()
        .set_fault(fault.method("POST").path("/messages"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (text, numbers) = six_customers();
    let csv = write(dir.path(), "customers.csv", &text);
    let (code, summary) = broadcast(&sandbox, &csv, &["--concurrency", "1"]);
    assert_eq!(code, Some(5), "{summary}");
    (sandbox, dir, numbers, summary)
}

/// An ISO time as the sandbox writes it (`2026-06-01T10:20:30.123000Z`), in Unix milliseconds.
fn unix_ms(iso: &str) -> i64 {
    let number = |range: std::ops::Range<usize>| -> i64 { iso[range].parse().expect(iso) };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let seconds = number(11..13) * 3600 + number(14..16) * 60 + number(17..19);
    (days * 86_400 + seconds) * 1000 + number(20..23)
}

#[test]
fn sends_answered_with_a_5xx_are_listed_and_not_sent_again() {
    // Every second POST /messages gets a 503 without being handled: with one send at a time,
    // those are rows 2, 4 and 6 (lines 3, 5 and 7).
    let (sandbox, dir, numbers, summary) =
        broadcast_with_a_fault(FaultSpec::new(FaultKind::Error).status(503).rate(0.5));
    assert_eq!(
        (
            summary["total"].as_u64(),
            summary["sent"].as_u64(),
            summary["failed"].as_u64()
        ),
        (Some(6), Some(3), Some(3))
    );
    let server = |line| (line, "server".to_owned());
    assert_eq!(failed_lines(&summary), [server(3), server(5), server(7)]);
    for failure in summary["failures"].as_array().unwrap() {
        let error = failure["error"].as_str().unwrap();
        assert!(error.contains("503"), "{error}");
        assert!(error.contains("may have been sent"), "{error}");
    }
    let sent: Vec<u64> = summary["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["line"].as_u64().unwrap())
        .collect();
    assert_eq!(sent, [2, 4, 6]);

    // The send-safety rule: a send answered with a 5xx is not tried again (a second try would
    // have got through, as only every second request fails), and each sent row is stored once.
    assert_eq!(stored_counts(&sandbox, &numbers), [1, 0, 1, 0, 1, 0]);
    for message in summary["messages"].as_array().unwrap() {
        let to = message["to"].as_str().unwrap();
        assert_eq!(sandbox.sent_to(to)[0]["id"], message["id"], "{message}");
    }

    // The failures file lists exactly those rows, with their error.
    let failures_file = dir.path().join("customers.failures.csv");
    let written = std::fs::read_to_string(&failures_file).unwrap();
    let rows: Vec<&str> = written.lines().collect();
    assert_eq!(rows.len(), 4, "{written}");
    assert_eq!(rows[0], "to,header,body_1,button_1,line,error_code,error");
    for (row, (at, line)) in rows[1..].iter().zip([(1, 3), (3, 5), (5, 7)]) {
        let start = format!("{},#{at},Name {at},track-{at},{line},server,", numbers[at]);
        assert!(row.starts_with(&start), "{row}");
        assert!(row.contains("may have been sent"), "{row}");
    }

    // Once the API is well again, the failures file sends exactly the rows that failed.
    sandbox.handle().clear_faults();
    let (code, again) = broadcast(
        &sandbox,
        &failures_file.display().to_string(),
        &["--concurrency", "1"],
    );
    assert_eq!(code, Some(0), "{again}");
    assert_eq!(
        (again["total"].as_u64(), again["sent"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(stored_counts(&sandbox, &numbers), [1; 6]);
}

#[test]
fn a_send_whose_answer_is_lost_is_reported_unknown_and_stored_once() {
    // The sandbox stores the second send, then closes the connection without answering.
    let (sandbox, dir, numbers, summary) =
        broadcast_with_a_fault(FaultSpec::new(FaultKind::DropAfter).rate(0.5).count(1));
    assert_eq!(
        (summary["sent"].as_u64(), summary["failed"].as_u64()),
        (Some(5), Some(1))
    );
    let failures = summary["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0]["line"], 3, "{summary}");
    assert_eq!(failures[0]["to"], numbers[1].as_str());
    let error = failures[0]["error"].as_str().unwrap();
    assert!(error.contains("may have been sent"), "{error}");
    assert_eq!(failures[0]["code"], "connection");

    // It was stored, and only once: the lost answer was not followed by a second send.
    assert_eq!(stored_counts(&sandbox, &numbers), [1; 6]);

    let written = std::fs::read_to_string(dir.path().join("customers.failures.csv")).unwrap();
    let rows: Vec<&str> = written.lines().collect();
    assert_eq!(rows.len(), 2, "{written}");
    let start = format!(
        "{},#1,Name 1,track-1,3,{},",
        numbers[1],
        failures[0]["code"].as_str().unwrap()
    );
    assert!(rows[1].starts_with(&start), "{}", rows[1]);
}

#[test]
fn the_rate_limit_spaces_the_sends() {
    // Six rows at 4 per second, eight in flight: the sends leave at least 1/4 s apart, so the
    // sandbox stores them over 5/4 s at least (less a little for the network; no upper bound).
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let (text, numbers) = six_customers();
    let csv = write(dir.path(), "customers.csv", &text);

    let output = sandbox
        .botika()
        .args(["--output", "json", "broadcast", "--csv", &csv])
        .args(["--template", "order_update", "--language", "en_US"])
        .args(["--rate-limit", "4", "--concurrency", "8"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // No progress bar in JSON mode: stdout is one JSON document, stderr is empty.
    let summary: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(summary["sent"], 6);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    assert_eq!(stored_counts(&sandbox, &numbers), [1; 6]);
    let mut times: Vec<i64> = sandbox
        .handle()
        .sent_messages(None)
        .iter()
        .map(|m| unix_ms(m["created_at"].as_str().expect("created_at")))
        .collect();
    times.sort_unstable();
    let span = times[5] - times[0];
    assert!(span >= 1250 - 100, "6 sends at 4/s stored over {span} ms");
}

#[test]
fn without_a_terminal_the_output_is_only_the_summary() {
    // A row failing at the API, in text and in JSON: when stdout and stderr are pipes, neither
    // carries a progress bar, so stdout is exactly the summary.
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "two.csv",
        "to,header,body_1,button_1\n+62 812-3456-7001,#1,Budi,t1\n+62 812-3456-7002,#2,Sari,t2\n",
    );
    let run = |json: bool| {
        // The first send of each run gets a 500.
        let fault = FaultSpec::new(FaultKind::Error)
            .method("POST")
            .path("/messages")
            .count(1);
        sandbox.handle().set_fault(fault).unwrap();
        let mut command = sandbox.botika();
        if json {
            command.args(["--output", "json"]);
        }
        let output = command
            .args(["broadcast", "--csv", &csv])
            .args(["--template", "order_update", "--language", "en_US"])
            .args(["--concurrency", "1"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(5));
        (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };

    let (stdout, stderr) = run(false);
    let failures_file = dir.path().join("two.failures.csv").display().to_string();
    let mut lines = stdout.lines();
    let counts = format!(
        "sent 1 of 2 messages with template order_update (en_US); 1 failed, listed in {failures_file}"
    );
    assert_eq!(lines.next(), Some(counts.as_str()), "{stdout}");
    let failure = lines.next().unwrap_or_default();
    assert!(
        failure.starts_with("  line 2 (+62 812-3456-7001): ") && failure.contains("500"),
        "{stdout}"
    );
    assert_eq!(lines.next(), None, "{stdout}");
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "no progress bar: {stderr:?}"
    );
    assert!(stderr.starts_with("error: 1 of 2 rows failed"), "{stderr}");

    let (stdout, stderr) = run(true);
    let summary: Value = serde_json::from_str(&stdout).expect("stdout is one JSON document");
    assert_eq!(
        (summary["sent"].as_u64(), summary["failed"].as_u64()),
        (Some(1), Some(1))
    );
    let error: Value = serde_json::from_str(&stderr).expect("stderr is one JSON document");
    assert_eq!(error["error"]["category"], "partial", "{error}");
}

/// On a terminal the progress bar is drawn on stderr, and stdout, sent to a file, still holds
/// only the summary. `script` (util-linux, in every Debian install) gives the command a terminal
/// for its stderr; without it the test fails rather than passing unchecked.
#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_the_bar_stays_on_stderr() {
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = six_customers();
    let csv = write(dir.path(), "customers.csv", &text);
    let out = dir.path().join("stdout.txt");
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let botika = assert_cmd::cargo::cargo_bin("botika");
    // 4 per second: the run lasts over a second, long enough for the bar to be drawn.
    let line = format!(
        "{} broadcast --csv {} --template order_update --language en_US --rate-limit 4 > {}",
        quote(&botika.display().to_string()),
        quote(&csv),
        quote(&out.display().to_string()),
    );
    let terminal = std::process::Command::new("script")
        .args(["--quiet", "--return", "--command", &line, "/dev/null"])
        .env("SHELL", "/bin/sh")
        .env("TERM", "xterm")
        .env("BOTIKA_CONFIG", sandbox.home.path().join("config.toml"))
        .env("BOTIKA_BASE_URL", &sandbox.api_url)
        .env("BOTIKA_API_TOKEN", crate::common::TOKEN)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let drawn = String::from_utf8_lossy(&terminal.stdout);
    assert!(terminal.status.success(), "{drawn}");
    assert!(drawn.contains("/6 sent"), "the bar was drawn: {drawn:?}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "sent 6 of 6 messages with template order_update (en_US)\n"
    );
}
