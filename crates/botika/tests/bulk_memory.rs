//! Memory across repeated bulk sends: the process's resident set does not grow from one job to
//! the next. Alone in its own test binary, so no other test's allocations move the figure.
//!
//! Each job sends 1,000 distinct messages of about 3 KB (some 3 MB of input per job), so a job
//! whose inputs or state outlived it would add that much per run, well past the bound below.
//! The sandbox is restarted on the same port for every job, so what it stores is freed too.

#[path = "bulk_support/mod.rs"]
mod support;

use botika::Text;
use botika::bulk::{BulkItem, BulkOptions};

/// The resident set size in bytes (`VmRSS` of /proc/self/status).
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line in kB");
    kib * 1024
}

/// One job of 1,000 recipients, each with its own ~3 KB message, checked against the sandbox.
async fn run(client: &botika::Client, port: u16, batch: u32) {
    let sandbox = support::sandbox(port).await;
    let items: Vec<BulkItem> = support::recipients(batch, 1_000)
        .into_iter()
        .enumerate()
        .map(|(i, to)| BulkItem::new(to, Text::new(format!("{i:04} {}", "x".repeat(3_000)))))
        .collect();
    let report = client
        .send_bulk(items, BulkOptions::default().concurrency(32))
        .unwrap()
        .finish()
        .await;
    assert_eq!(report.counts.sent, 1_000);
    support::assert_report_matches_sandbox(&report, &sandbox);
    sandbox.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_bulk_sends_do_not_grow_the_resident_set() {
    let first = support::sandbox(0).await;
    let port = first.addr().port();
    first.stop().await.unwrap();
    let client = support::client(&format!(
        "http://127.0.0.1:{port}{}",
        botika_sandbox::API_PREFIX
    ));
    // A warm-up job fills the allocator's pools and the connection pool.
    run(&client, port, 0).await;
    let before = rss();
    eprintln!("after the warm-up: RSS {} KiB", before / 1024);
    let mut after = before;
    for batch in 1..11 {
        run(&client, port, batch).await;
        after = rss();
        eprintln!("after job {batch}: RSS {} KiB", after / 1024);
    }
    let grown = after.saturating_sub(before);
    assert!(
        grown < 16 * 1024 * 1024,
        "RSS grew by {} KiB over 10 jobs ({} -> {} KiB)",
        grown / 1024,
        before / 1024,
        after / 1024
    );
}
