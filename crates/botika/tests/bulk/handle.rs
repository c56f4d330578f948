//! What the bindings build on: a job that ran to its end is not cancelled, the report can be
//! asked for without consuming the job (and survives being given up on), items can carry their
//! own error, and the client's retry hook sees the job's own re-sends and 429 pauses.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use botika::bulk::{BulkItem, BulkOptions, BulkStatus};
use botika::{Client, Error, ErrorKind, RetryEvent, Text};

use crate::server::{Answer, Server};
use crate::{client_for, support};

#[tokio::test]
async fn a_job_that_ran_to_its_end_is_not_cancelled() {
    let server = Server::start(|_| Answer::Accept(Duration::ZERO)).await;
    let client = client_for(&server);
    let job = client
        .send_bulk_to(
            support::recipients(30, 3),
            Text::new("Halo!"),
            BulkOptions::default(),
        )
        .unwrap();
    let control = job.control();
    assert_eq!(job.finish().await.counts.sent, 3);
    assert!(!control.is_cancelled(), "finish cancelled the job");

    // Every outcome read, then the handle dropped: nothing was left to cancel.
    let mut job = client
        .send_bulk_to(
            support::recipients(31, 3),
            Text::new("Halo!"),
            BulkOptions::default(),
        )
        .unwrap();
    let control = job.control();
    while job.next_outcome().await.is_some() {}
    drop(job);
    assert!(
        !control.is_cancelled(),
        "dropping a finished job cancelled it"
    );
    assert_eq!(control.progress().sent, 3);
}

#[tokio::test]
async fn a_job_dropped_or_cancelled_while_it_runs_is_cancelled() {
    let server = Server::start(|_| Answer::Accept(Duration::from_millis(200))).await;
    let client = client_for(&server);
    let start = || {
        client
            .send_bulk_to(
                support::recipients(32, 10),
                Text::new("Halo!"),
                BulkOptions::default().concurrency(1),
            )
            .unwrap()
    };
    let dropped = start();
    let control = dropped.control();
    drop(dropped);
    assert!(control.is_cancelled());

    let job = start();
    let control = job.control();
    control.cancel();
    let report = job.finish().await;
    assert!(control.is_cancelled());
    assert!(report.counts.not_attempted > 0, "{:?}", report.counts);
}

#[tokio::test]
async fn the_report_can_be_given_up_on_and_asked_for_again_without_losing_outcomes() {
    // Two at a time, 60 ms each: the 8 sends take at least 240 ms.
    let server = Server::start(|_| Answer::Accept(Duration::from_millis(60))).await;
    let recipients = support::recipients(33, 8);
    let mut job = client_for(&server)
        .send_bulk_to(
            recipients.clone(),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(2),
        )
        .unwrap();
    let control = job.control();
    let early = tokio::time::timeout(Duration::from_millis(100), job.report()).await;
    assert!(early.is_err(), "the report came before the sends could end");
    assert!(
        !control.is_cancelled(),
        "giving up on the report cancelled the job"
    );
    let streamed = job.next_outcome().await.unwrap();

    let report = job.report().await;
    assert_eq!(report.counts.sent, 8, "{:?}", report.counts);
    assert_eq!(report.outcomes.len(), 8);
    for (i, outcome) in report.outcomes.iter().enumerate() {
        assert_eq!((outcome.index(), outcome.to()), (i, recipients[i].as_str()));
        assert_eq!(outcome.status(), BulkStatus::Sent);
    }
    assert_eq!(
        report.outcomes[streamed.index()].id(),
        streamed.id(),
        "an outcome read on its own is in the report"
    );
    assert_eq!(server.arrivals().len(), 8, "every recipient sent once");

    let ids = |report: &botika::bulk::BulkReport| -> Vec<String> {
        report
            .outcomes
            .iter()
            .map(|o| o.id().unwrap_or_default().to_owned())
            .collect()
    };
    let again = job.report().await;
    assert_eq!((ids(&again), again.counts), (ids(&report), report.counts));
    let finished = job.finish().await;
    assert_eq!(
        (ids(&finished), finished.counts),
        (ids(&report), report.counts)
    );
    assert!(!control.is_cancelled());
}

#[tokio::test]
async fn items_that_carry_an_error_end_with_it_and_are_never_sent() {
    let server = Server::start(|_| Answer::Accept(Duration::ZERO)).await;
    let recipients = support::recipients(34, 3);
    let unreadable = Arc::new(Error::invalid_argument("message", "must be a dict"));
    let items = vec![
        BulkItem::new(recipients[0].as_str(), Text::new("Halo!")),
        BulkItem::failed(recipients[1].as_str(), unreadable.clone()),
        BulkItem::failed(recipients[2].as_str(), unreadable.clone()),
        // An invalid number too: both problems, in one error.
        BulkItem::failed("12", Error::invalid_argument("message", "must be a dict")),
        // An error without fields is reported as given, whatever the number.
        BulkItem::failed("12", Error::config("the binding lost the message")),
        BulkItem::failed(
            recipients[0].as_str(),
            Error::new(ErrorKind::Timeout, "it may have left").with_may_have_been_sent(),
        ),
    ];
    let report = client_for(&server)
        .send_bulk(items, BulkOptions::default())
        .unwrap()
        .finish()
        .await;
    let statuses: Vec<BulkStatus> = report.outcomes.iter().map(|o| o.status()).collect();
    use BulkStatus::{Failed, Sent, Unknown};
    assert_eq!(statuses, [Sent, Failed, Failed, Failed, Failed, Unknown]);
    for outcome in &report.outcomes[1..3] {
        let error = outcome.shared_error().unwrap();
        assert!(Arc::ptr_eq(&error, &unreadable), "the error was copied");
    }
    let both = report.outcomes[3].error().unwrap();
    assert_eq!(
        both.field_errors().keys().collect::<Vec<_>>(),
        ["message", "to"]
    );
    let given = report.outcomes[4].error().unwrap();
    assert_eq!(
        (given.kind(), given.message()),
        (ErrorKind::Config, "the binding lost the message")
    );
    assert_eq!(server.arrivals().len(), 1, "only the first item was sent");
}

/// A retry hook that records every event, and what it recorded.
fn recorder() -> (
    Arc<Mutex<Vec<RetryEvent>>>,
    impl Fn(&RetryEvent) + Send + Sync + 'static,
) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    (events, move |event: &RetryEvent| {
        sink.lock().unwrap().push(event.clone())
    })
}

#[tokio::test]
async fn the_retry_hook_sees_each_429_that_requeues_a_recipient() {
    let server = Server::start(|_| Answer::TooMany(Some(0))).await;
    let (events, hook) = recorder();
    let client = Client::builder()
        .token("TEST")
        .base_url(&server.base_url)
        .on_retry(hook)
        .build()
        .unwrap();
    let report = client
        .send_bulk_to(
            support::recipients(35, 1),
            Text::new("Halo!"),
            BulkOptions::default().max_rate_limit_requeues(2),
        )
        .unwrap()
        .finish()
        .await;
    assert_eq!(report.counts.failed, 1);
    assert_eq!(server.arrivals().len(), 3);
    let events = events.lock().unwrap().clone();
    // Two re-queues, then the third 429 ends the recipient: no retry, no event.
    let attempts: Vec<u32> = events.iter().map(|e| e.attempt).collect();
    assert_eq!(attempts, [1, 2]);
    for event in &events {
        assert_eq!(
            (event.method.as_str(), event.path.as_str()),
            ("POST", "/messages")
        );
        assert_eq!(
            (event.kind, event.status),
            (ErrorKind::RateLimited, Some(429))
        );
        assert_eq!(event.delay, Duration::ZERO, "Retry-After: 0");
    }
}

#[tokio::test]
async fn the_retry_hook_sees_re_sends_after_a_refused_connection() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let (events, hook) = recorder();
    let client = Client::builder()
        .token("TEST")
        .base_url(format!("http://{address}/api/whatsapp/v1"))
        .retry_policy(
            botika::RetryPolicy::default()
                .max_retries(2)
                .base_delay(Duration::from_millis(1)),
        )
        .on_retry(hook)
        .build()
        .unwrap();
    let report = client
        .send_bulk_to(
            support::recipients(36, 2),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(1),
        )
        .unwrap()
        .finish()
        .await;
    assert_eq!(report.counts.failed, 2);
    let events = events.lock().unwrap().clone();
    let attempts: Vec<u32> = events.iter().map(|e| e.attempt).collect();
    assert_eq!(attempts, [1, 2, 1, 2], "two retries per recipient");
    for event in &events {
        assert_eq!((event.kind, event.status), (ErrorKind::Connection, None));
        assert!(event.delay <= Duration::from_millis(2), "{:?}", event.delay);
    }
}
