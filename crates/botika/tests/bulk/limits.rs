//! 429 answers in a bulk send: the whole job pauses for `Retry-After` and the recipient is
//! re-queued; a recipient that keeps getting 429 ends after its re-queues; a `Retry-After` over
//! `max_pause` stops the job.

use std::time::Duration;

use botika::ErrorKind;
use botika::Text;
use botika::bulk::{BulkOptions, BulkStatus};

use crate::server::{Answer, Server};
use crate::{client_for, support};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_pauses_every_send_of_the_job_and_requeues_the_recipient() {
    let server = Server::start(|n| match n {
        3 => Answer::TooMany(Some(1)),
        _ => Answer::Accept(Duration::from_millis(5)),
    })
    .await;
    let report = client_for(&server)
        .send_bulk_to(
            support::recipients(20, 12),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(3),
        )
        .unwrap()
        .finish()
        .await;
    assert_eq!((report.counts.sent, report.counts.rate_limited), (12, 1));
    let arrivals = server.arrivals();
    assert_eq!(
        arrivals.len(),
        13,
        "the refused recipient was sent once more"
    );
    let refused = server.refusals()[0];
    // Sends already under way when the 429 came may still arrive just after it; after that,
    // nothing until the second of Retry-After is over.
    let during_pause = arrivals
        .iter()
        .filter(|t| {
            **t > refused + Duration::from_millis(300) && **t < refused + Duration::from_millis(990)
        })
        .count();
    assert_eq!(during_pause, 0);
    let after = arrivals
        .iter()
        .filter(|t| **t >= refused + Duration::from_millis(990))
        .count();
    assert!(
        after >= 1,
        "the re-queued recipient was sent after the pause"
    );
}

#[tokio::test]
async fn a_recipient_that_keeps_getting_429_ends_after_its_requeues() {
    let server = Server::start(|_| Answer::TooMany(Some(0))).await;
    let report = client_for(&server)
        .send_bulk_to(
            support::recipients(21, 3),
            Text::new("Halo!"),
            BulkOptions::default()
                .concurrency(1)
                .max_rate_limit_requeues(2),
        )
        .unwrap()
        .finish()
        .await;
    for outcome in &report.outcomes {
        assert_eq!(outcome.status(), BulkStatus::Failed);
        let error = outcome.error().unwrap();
        assert_eq!(
            (error.kind(), error.status()),
            (ErrorKind::RateLimited, Some(429))
        );
    }
    // Each recipient: the first send and two re-queued ones.
    assert_eq!(server.arrivals().len(), 9);
    assert_eq!(report.counts.rate_limited, 9);
}

#[tokio::test]
async fn a_bare_429_pauses_by_the_clients_backoff() {
    let server = Server::start(|n| match n {
        0 => Answer::TooMany(None),
        _ => Answer::Accept(Duration::ZERO),
    })
    .await;
    let client = botika::Client::builder()
        .token("TEST")
        .base_url(&server.base_url)
        .retry_policy(botika::RetryPolicy::default().base_delay(Duration::from_millis(400)))
        .build()
        .unwrap();
    let report = client
        .send_bulk_to(
            support::recipients(22, 2),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(1),
        )
        .unwrap()
        .finish()
        .await;
    assert_eq!(report.counts.sent, 2);
    let arrivals = server.arrivals();
    // The first backoff is half to all of the base delay.
    assert!(arrivals[1] - arrivals[0] >= Duration::from_millis(200));
}

#[tokio::test]
async fn a_retry_after_longer_than_max_pause_stops_the_job() {
    let server = Server::start(|_| Answer::TooMany(Some(120))).await;
    let started = std::time::Instant::now();
    let report = client_for(&server)
        .send_bulk_to(
            support::recipients(23, 5),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(1),
        )
        .unwrap()
        .finish()
        .await;
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(server.arrivals().len(), 1);
    let first = &report.outcomes[0];
    assert_eq!(first.status(), BulkStatus::Failed);
    assert_eq!(
        first.error().unwrap().retry_after(),
        Some(Duration::from_secs(120))
    );
    for outcome in &report.outcomes[1..] {
        assert_eq!(outcome.status(), BulkStatus::NotAttempted);
        assert_eq!(outcome.error().unwrap().kind(), ErrorKind::RateLimited);
    }
}
