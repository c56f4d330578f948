//! `botika broadcast`: a CSV of recipients sent with a template; invalid rows and failed sends
//! end up in the failures file, which can be sent again as the next CSV.

use std::path::Path;

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
