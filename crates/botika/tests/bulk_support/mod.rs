//! What the bulk-send tests share: an in-process sandbox whose delivery statuses never come
//! during a test (so thousands of sends cost no timers firing), a client for it, distinct
//! recipients, and the sandbox's record of what it stored, per recipient.

use std::collections::HashMap;
use std::time::Duration;

use botika::Client;
use botika::bulk::BulkReport;
use botika_sandbox::{Direction, MessageFilter, Sandbox, SandboxHandle, StatusSchedule};

/// A sandbox on 127.0.0.1:`port` (0: any free port) with statuses an hour away.
pub async fn sandbox(port: u16) -> SandboxHandle {
    let hour = Duration::from_secs(3600);
    Sandbox::builder()
        .port(port)
        .token("TEST")
        .status_schedule(StatusSchedule {
            sent: hour,
            delivered: hour,
            read: hour,
        })
        .start()
        .await
        .expect("the sandbox starts")
}

/// A client for the sandbox at `api_url` whose retries wait at most 20 ms.
pub fn client(api_url: &str) -> Client {
    Client::builder()
        .token("TEST")
        .base_url(api_url)
        .retry_policy(
            botika::RetryPolicy::default()
                .base_delay(Duration::from_millis(5))
                .max_delay(Duration::from_millis(20)),
        )
        .build()
        .expect("the client builds")
}

/// `n` distinct valid recipients; `batch` keeps runs of one test apart.
pub fn recipients(batch: u32, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("+62812{batch:02}{i:06}")).collect()
}

/// Message ids the sandbox stored, per recipient (as sent).
pub fn stored(sandbox: &SandboxHandle) -> HashMap<String, Vec<String>> {
    let mut by_recipient: HashMap<String, Vec<String>> = HashMap::new();
    let filter = MessageFilter {
        to: None,
        direction: Some(Direction::Outbound),
        kind: None,
    };
    for message in sandbox.messages(&filter) {
        let to = message["to"]
            .as_str()
            .expect("a stored message has a recipient");
        let id = message["id"].as_str().expect("a stored message has an id");
        by_recipient
            .entry(to.to_owned())
            .or_default()
            .push(id.to_owned());
    }
    by_recipient
}

/// Checks a report against what the sandbox stored: no recipient got two messages; every
/// reported success is stored, for that recipient, under the reported id; every recipient
/// reported as certainly not sent (failed, not attempted) has nothing stored; and only
/// recipients reported as unknown may have a message the report does not name.
pub fn assert_report_matches_sandbox(report: &BulkReport, sandbox: &SandboxHandle) {
    let stored = stored(sandbox);
    for (to, ids) in &stored {
        assert_eq!(ids.len(), 1, "{to} got {} messages: {ids:?}", ids.len());
    }
    let mut reported = 0;
    for outcome in &report.outcomes {
        let ids = stored.get(outcome.to());
        match outcome.id() {
            Some(id) => {
                assert_eq!(ids, Some(&vec![id.to_owned()]), "#{}", outcome.index());
                reported += 1;
            }
            None if outcome.status().may_have_been_sent() => reported += usize::from(ids.is_some()),
            None => assert_eq!(ids, None, "#{} {:?}", outcome.index(), outcome.error()),
        }
    }
    assert_eq!(
        reported,
        stored.len(),
        "the sandbox stored messages no outcome accounts for"
    );
}
