//! Proofs of reliability for bulk sends, through the sandbox: 10,000 sends under dropped
//! connections, 5xx and bursts of 429 lose nothing and duplicate nothing; cancelling a large job
//! halfway reports exactly what the sandbox stored.

#[path = "bulk_support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use botika::Text;
use botika::bulk::{BulkOptions, BulkStatus};
use botika_sandbox::{FaultKind, FaultSpec};

fn messages_fault(kind: FaultKind) -> FaultSpec {
    FaultSpec::new(kind).path("/messages").method("POST")
}

/// Far longer than a healthy run takes on a loaded machine: reaching it means a hang.
const HANG: Duration = Duration::from_secs(240);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_sends_through_faults_are_all_accounted_for_and_never_duplicated() {
    const TOTAL: usize = 10_000;
    let sandbox = support::sandbox(0).await;
    // 5% of connections dropped (half before processing, half after), 5% answered 5xx.
    for fault in [
        messages_fault(FaultKind::DropBefore).rate(0.025),
        messages_fault(FaultKind::DropAfter).rate(0.025),
        messages_fault(FaultKind::Error).status(503).rate(0.05),
    ] {
        sandbox.set_fault(fault).unwrap();
    }
    let recipients = support::recipients(30, TOTAL);
    let started = Instant::now();
    let job = support::client(&sandbox.api_url())
        .send_bulk_to(
            recipients.clone(),
            Text::new("Flash sale!"),
            BulkOptions::default().concurrency(32),
        )
        .unwrap();
    // Three bursts of 40 straight 429s (Retry-After 1 s), at 20%, 50% and 80% of the job.
    let control = job.control();
    let bursts = async {
        for threshold in [TOTAL / 5, TOTAL / 2, TOTAL * 4 / 5] {
            while control.progress().done() < threshold {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            let burst = messages_fault(FaultKind::RateLimit)
                .retry_after(1)
                .count(40);
            sandbox.set_fault(burst).unwrap();
        }
    };
    let (report, ()) = tokio::time::timeout(HANG, futures_util::future::join(job.finish(), bursts))
        .await
        .expect("the bulk send hung");
    let elapsed = started.elapsed();

    let counts = report.counts;
    eprintln!("soak: {counts:?} in {elapsed:?}");
    assert_eq!(report.outcomes.len(), TOTAL);
    for (i, outcome) in report.outcomes.iter().enumerate() {
        assert_eq!((outcome.index(), outcome.to()), (i, recipients[i].as_str()));
    }
    // Every 429 was absorbed by a pause and a re-queue; nothing was left untried.
    assert_eq!(counts.rate_limited, 120);
    assert_eq!((counts.failed, counts.not_attempted), (0, 0));
    assert_eq!(counts.sent + counts.unknown, TOTAL);
    // About one send in ten hit a drop or a 5xx; each such recipient is unknown, never retried.
    assert!((800..1200).contains(&counts.unknown), "{counts:?}");
    for outcome in report.with_status(BulkStatus::Unknown) {
        assert!(outcome.error().unwrap().may_have_been_sent());
    }
    support::assert_report_matches_sandbox(&report, &sandbox);
    let stored = support::stored(&sandbox).len();
    assert!(
        stored > counts.sent,
        "drop_after stores messages the client never heard of"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_halfway_reports_exactly_what_the_sandbox_stored() {
    const TOTAL: usize = 2_000;
    let sandbox = support::sandbox(0).await;
    // A little latency keeps many sends under way at the moment of cancelling.
    sandbox
        .set_fault(messages_fault(FaultKind::Latency).latency(Duration::from_millis(5)))
        .unwrap();
    let job = support::client(&sandbox.api_url())
        .send_bulk_to(
            support::recipients(31, TOTAL),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(32),
        )
        .unwrap();
    let control = job.control();
    let cancel = async {
        while control.progress().done() < TOTAL / 2 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let in_flight = control.progress().in_flight;
        control.cancel();
        in_flight
    };
    let (report, in_flight) =
        tokio::time::timeout(HANG, futures_util::future::join(job.finish(), cancel))
            .await
            .expect("the cancelled bulk send hung");
    let counts = report.counts;
    eprintln!("cancel halfway: {counts:?}, {in_flight} in flight at cancel");
    assert!(in_flight > 0, "nothing was under way when cancelling");
    assert!(
        counts.sent >= TOTAL / 2 && counts.not_attempted > 0,
        "{counts:?}"
    );
    assert_eq!(counts.sent + counts.not_attempted, TOTAL, "{counts:?}");
    let reported: BTreeMap<&str, &str> = report
        .with_status(BulkStatus::Sent)
        .map(|o| (o.to(), o.id().unwrap()))
        .collect();
    let stored = support::stored(&sandbox);
    let stored: BTreeMap<&str, &str> = stored
        .iter()
        .map(|(to, ids)| {
            assert_eq!(ids.len(), 1, "{to}");
            (to.as_str(), ids[0].as_str())
        })
        .collect();
    assert_eq!(reported, stored);
}
