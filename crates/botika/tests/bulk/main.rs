//! Bulk sends against the sandbox and a scripted server: results in input order, the concurrency
//! bound, validation per recipient, cancellation, 429 pauses and re-queues, unknown outcomes
//! never retried, the outcome stream, and a job whose runtime dies. The fault soak, cancelling a
//! large job and memory have their own test binaries (`bulk_soak`, `bulk_memory`).

#[path = "../bulk_support/mod.rs"]
mod support;

mod handle;
mod limits;
mod server;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use botika::bulk::{BulkItem, BulkJob, BulkOptions, BulkStatus};
use botika::{Client, ErrorKind, OutgoingMessage, Text};
use botika_sandbox::{FaultKind, FaultSpec};
use futures_util::StreamExt;

use server::{Answer, Server};

/// A client for the scripted server.
fn client_for(server: &Server) -> Client {
    Client::builder()
        .token("TEST")
        .base_url(&server.base_url)
        .build()
        .unwrap()
}

fn messages_fault(kind: FaultKind) -> FaultSpec {
    FaultSpec::new(kind).path("/messages").method("POST")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_come_back_in_input_order_with_each_recipients_own_message() {
    let sandbox = support::sandbox(0).await;
    // Every second send is slow, so sends finish out of input order.
    let slow = messages_fault(FaultKind::Latency)
        .rate(0.5)
        .latency(Duration::from_millis(200));
    sandbox.set_fault(slow).unwrap();
    let recipients = support::recipients(1, 60);
    let items = recipients
        .iter()
        .enumerate()
        .map(|(i, to)| (to.as_str(), Text::new(format!("Halo #{i}"))));
    let mut job = support::client(&sandbox.api_url())
        .send_bulk(items, BulkOptions::default().concurrency(8))
        .unwrap();
    let mut finished = Vec::new();
    while let Some(outcome) = job.next_outcome().await {
        finished.push(outcome.index());
    }
    assert_ne!(
        finished,
        (0..60).collect::<Vec<_>>(),
        "nothing finished out of order"
    );
    let report = job.finish().await;
    assert_eq!(report.counts.sent, 60);
    for (i, outcome) in report.outcomes.iter().enumerate() {
        assert_eq!((outcome.index(), outcome.to()), (i, recipients[i].as_str()));
        let stored = sandbox.message(outcome.id().unwrap()).unwrap();
        assert_eq!(stored["content"]["text"]["body"], format!("Halo #{i}"));
    }
    support::assert_report_matches_sandbox(&report, &sandbox);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_more_sends_in_the_server_than_the_concurrency_bound_and_each_outcome_called_back() {
    let server = Server::start(|_| Answer::Accept(Duration::from_millis(30))).await;
    let recipients = support::recipients(2, 40);
    let job = client_for(&server)
        .send_bulk_to(
            recipients,
            Text::new("Halo!"),
            BulkOptions::default().concurrency(5),
        )
        .unwrap();
    let mut called_back = BTreeSet::new();
    let report = job
        .finish_with(|o| assert!(called_back.insert(o.index())))
        .await;
    assert_eq!(called_back.len(), 40);
    assert_eq!(report.counts.sent, 40);
    assert_eq!(server.max_in_flight(), 5);
    let ids: BTreeSet<&str> = report.outcomes.iter().filter_map(|o| o.id()).collect();
    assert_eq!(ids.len(), 40, "every send got its own answer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_items_fail_alone_before_anything_is_sent() {
    let sandbox = support::sandbox(0).await;
    let to = support::recipients(3, 2);
    let items = vec![
        BulkItem::new(to[0].as_str(), Text::new("fine")),
        BulkItem::new("12", Text::new("no such number")),
        BulkItem::new("+62 812-0000-0002", Text::new("")),
        BulkItem::from_json("+62 812-0000-0003", serde_json::json!({"type": "text"})),
        BulkItem::new("abc", Text::new("")),
        BulkItem::new(to[1].as_str(), Text::new("fine too")),
    ];
    let report = support::client(&sandbox.api_url())
        .send_bulk(items, BulkOptions::default())
        .unwrap()
        .finish()
        .await;
    let fields = |i: usize| -> Vec<&str> {
        let error = report.outcomes[i].error().unwrap();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "#{i}");
        assert_eq!(report.outcomes[i].status(), BulkStatus::Failed);
        error.field_errors().keys().map(String::as_str).collect()
    };
    assert_eq!(fields(1), ["to"]);
    assert_eq!(fields(2), ["text.body"]);
    assert_eq!(fields(3), ["text"]);
    assert_eq!(fields(4), ["text.body", "to"]);
    assert_eq!(report.counts.sent, 2);
    assert_eq!(report.counts.failed, 4);
    assert_eq!(support::stored(&sandbox).len(), 2);
    support::assert_report_matches_sandbox(&report, &sandbox);
}

#[tokio::test]
async fn one_invalid_message_for_many_recipients_is_checked_once_and_shares_its_error() {
    let server = Server::start(|_| Answer::Accept(Duration::ZERO)).await;
    let report = client_for(&server)
        .send_bulk_to(
            support::recipients(4, 3),
            Text::new(""),
            BulkOptions::default(),
        )
        .unwrap()
        .finish()
        .await;
    let errors: Vec<_> = report
        .outcomes
        .iter()
        .map(|o| o.shared_error().unwrap())
        .collect();
    assert!(errors.iter().all(|e| Arc::ptr_eq(e, &errors[0])));
    assert_eq!(errors[0].kind(), ErrorKind::InvalidArgument);
    assert!(server.arrivals().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_from_another_task_finishes_sends_under_way_and_tries_no_more() {
    let sandbox = support::sandbox(0).await;
    sandbox
        .set_fault(messages_fault(FaultKind::Latency).latency(Duration::from_millis(40)))
        .unwrap();
    let job = support::client(&sandbox.api_url())
        .send_bulk_to(
            support::recipients(5, 300),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(4),
        )
        .unwrap();
    let control = job.control();
    let watcher = tokio::spawn(async move {
        // (It stops watching if the job ends first, so a broken job fails the asserts below.)
        while control.progress().sent < 20 && control.progress().done() < 300 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        control.cancel();
    });
    let report = job.finish().await;
    watcher.await.unwrap();
    let counts = report.counts;
    assert!(counts.sent >= 20 && counts.not_attempted > 0, "{counts:?}");
    assert_eq!(counts.sent + counts.not_attempted, 300, "{counts:?}");
    for outcome in report.with_status(BulkStatus::NotAttempted) {
        assert_eq!(outcome.error().unwrap().kind(), ErrorKind::Cancelled);
    }
    support::assert_report_matches_sandbox(&report, &sandbox);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_started_cancelled_sends_nothing_and_reports_every_recipient_not_attempted() {
    let sandbox = support::sandbox(0).await;
    let recipients = support::recipients(40, 200);
    // Many sends allowed at once, on a runtime whose other worker could start them at once:
    // only starting cancelled (not cancelling just after) keeps every one of them from leaving.
    let job = support::client(&sandbox.api_url())
        .send_bulk_to(
            recipients.clone(),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(64).start_cancelled(true),
        )
        .unwrap();
    let control = job.control();
    assert!(control.is_cancelled());
    let report = job.finish().await;
    let processed = &sandbox.stats()["requests"]["POST /api/whatsapp/v1/messages"];
    assert!(processed.is_null(), "the sandbox got {processed} sends");
    assert!(support::stored(&sandbox).is_empty());
    assert_eq!(report.counts.not_attempted, 200, "{:?}", report.counts);
    assert_eq!(report.counts.in_flight, 0);
    for (i, outcome) in report.outcomes.iter().enumerate() {
        assert_eq!((outcome.index(), outcome.to()), (i, recipients[i].as_str()));
        assert_eq!(outcome.status(), BulkStatus::NotAttempted);
        assert_eq!(outcome.error().unwrap().kind(), ErrorKind::Cancelled);
    }
    // The counter read above is the right one: a job not started cancelled moves it.
    let sent = support::client(&sandbox.api_url())
        .send_bulk_to(
            recipients[..1].to_vec(),
            Text::new("Halo!"),
            BulkOptions::default(),
        )
        .unwrap()
        .finish()
        .await;
    assert_eq!(sent.counts.sent, 1);
    assert_eq!(
        sandbox.stats()["requests"]["POST /api/whatsapp/v1/messages"],
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_that_may_have_arrived_are_unknown_and_never_retried() {
    let sandbox = support::sandbox(0).await;
    sandbox
        .set_fault(messages_fault(FaultKind::DropAfter).count(1))
        .unwrap();
    sandbox
        .set_fault(messages_fault(FaultKind::Error).status(503).count(1))
        .unwrap();
    let recipients = support::recipients(6, 4);
    let report = support::client(&sandbox.api_url())
        .send_bulk_to(
            recipients.clone(),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(1),
        )
        .unwrap()
        .finish()
        .await;
    let statuses: Vec<_> = report.outcomes.iter().map(|o| o.status()).collect();
    use BulkStatus::{Sent, Unknown};
    assert_eq!(statuses, [Unknown, Unknown, Sent, Sent]);
    let kinds: Vec<_> = report.outcomes[..2]
        .iter()
        .map(|o| o.error().unwrap().kind())
        .collect();
    assert_eq!(kinds, [ErrorKind::Connection, ErrorKind::Server]);
    let stored = support::stored(&sandbox);
    assert!(
        stored.contains_key(&recipients[0]),
        "dropped after processing: stored once"
    );
    assert!(
        !stored.contains_key(&recipients[1]),
        "a retry would have stored it"
    );
    support::assert_report_matches_sandbox(&report, &sandbox);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_opted_into_unsafe_retries_has_its_sends_retried() {
    let sandbox = support::sandbox(0).await;
    sandbox
        .set_fault(messages_fault(FaultKind::Error).status(503).count(1))
        .unwrap();
    let client = support::client(&sandbox.api_url())
        .with_options(botika::RequestOptions::new().retry_unsafe_sends(true));
    let report = client
        .send_bulk_to(
            support::recipients(11, 2),
            Text::new("Halo!"),
            BulkOptions::default().concurrency(1),
        )
        .unwrap()
        .finish()
        .await;
    assert_eq!(report.counts.sent, 2, "{report:?}");
    support::assert_report_matches_sandbox(&report, &sandbox);
}

#[tokio::test]
async fn a_refused_connection_is_a_certain_failure() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let client = Client::builder()
        .token("TEST")
        .base_url(format!("http://{address}/api/whatsapp/v1"))
        .retry_policy(botika::RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let report = client
        .send_bulk_to(
            support::recipients(7, 2),
            Text::new("Halo!"),
            BulkOptions::default(),
        )
        .unwrap()
        .finish()
        .await;
    for outcome in &report.outcomes {
        assert_eq!(outcome.status(), BulkStatus::Failed);
        assert_eq!(outcome.error().unwrap().kind(), ErrorKind::Connection);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outcome_stream_has_every_recipient_once_and_matches_the_report() {
    let sandbox = support::sandbox(0).await;
    let message = Arc::new(OutgoingMessage::from(Text::new("Halo!")));
    let items: Vec<BulkItem> = support::recipients(8, 50)
        .into_iter()
        .map(|to| BulkItem::shared(to, &message))
        .collect();
    let mut job = support::client(&sandbox.api_url())
        .send_bulk(items, BulkOptions::default().concurrency(6))
        .unwrap();
    let shown = format!("{job:?}");
    assert!(
        shown.contains("progress") && !shown.contains("62812"),
        "{shown}"
    );
    let streamed: Vec<_> = (&mut job).collect().await;
    let indices: BTreeSet<usize> = streamed.iter().map(|o| o.index()).collect();
    assert_eq!((streamed.len(), indices.len()), (50, 50));
    let counts = job.progress();
    assert_eq!((counts.done(), counts.sent, counts.in_flight), (50, 50, 0));
    let mut late = 0;
    let report = job.finish_with(|_| late += 1).await;
    assert_eq!(
        late, 0,
        "finish_with called back again for outcomes already streamed"
    );
    for outcome in &streamed {
        assert_eq!(report.outcomes[outcome.index()].id(), outcome.id());
    }
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["counts"]["sent"], 50);
    assert_eq!(json["outcomes"][7]["status"], "sent");
    assert_eq!(json["outcomes"][7]["index"], 7);
    support::assert_report_matches_sandbox(&report, &sandbox);
}

#[tokio::test]
async fn the_clients_rate_limit_paces_a_bulk_send() {
    let server = Server::start(|_| Answer::Accept(Duration::ZERO)).await;
    let client = Client::builder()
        .token("TEST")
        .base_url(&server.base_url)
        .rate_limit(40.0)
        .build()
        .unwrap();
    let started = Instant::now();
    let report = client
        .send_bulk_to(
            support::recipients(9, 21),
            Text::new("Halo!"),
            BulkOptions::default(),
        )
        .unwrap()
        .finish()
        .await;
    assert_eq!(report.counts.sent, 21);
    // 21 sends at 40/s: the first at once, the last 20 intervals (500 ms) later.
    let arrivals = server.arrivals();
    let span = arrivals[20] - arrivals[0];
    assert!(span >= Duration::from_millis(480), "{span:?}");
    assert!(started.elapsed() >= span);
}

#[test]
fn a_job_whose_runtime_shuts_down_reports_the_rest_as_unknown() {
    let servers = tokio::runtime::Runtime::new().unwrap();
    let server = servers.block_on(Server::start(|_| Answer::Accept(Duration::from_secs(30))));
    let client = client_for(&server);
    let doomed = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let job: BulkJob = doomed.block_on(async {
        let job = client
            .send_bulk_to(
                support::recipients(10, 5),
                Text::new("Halo!"),
                BulkOptions::default().concurrency(2),
            )
            .unwrap();
        while server.arrivals().len() < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        job
    });
    drop(doomed);
    let report = servers.block_on(job.finish());
    assert_eq!(report.counts.unknown, 5);
    for outcome in &report.outcomes {
        assert!(outcome.error().unwrap().may_have_been_sent());
    }
    assert_eq!(report.outcomes[4].to(), support::recipients(10, 5)[4]);
}

#[test]
fn starting_needs_a_runtime_and_a_positive_concurrency() {
    let client = Client::new("TEST").unwrap();
    let outside = client.send_bulk_to(
        ["+6281234567890"],
        Text::new("Halo!"),
        BulkOptions::default(),
    );
    assert_eq!(outside.unwrap_err().kind(), ErrorKind::Config);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _inside = runtime.enter();
    let zero = client.send_bulk_to(
        ["+6281234567890"],
        Text::new("Halo!"),
        BulkOptions::default().concurrency(0),
    );
    assert_eq!(zero.unwrap_err().kind(), ErrorKind::InvalidArgument);
}

/// The bindings hold a job across threads and hand it to their runtimes.
#[test]
fn jobs_and_their_controls_cross_threads() {
    fn send_static<T: Send + 'static>() {}
    fn send_sync<T: Send + Sync + 'static>() {}
    send_static::<BulkJob>();
    send_sync::<botika::bulk::BulkControl>();
    send_sync::<botika::bulk::BulkReport>();
}
