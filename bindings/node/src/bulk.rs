//! Bulk send: the core's job ([`botika::bulk`]) from one request of JavaScript, its outcomes
//! handed over in batches, its report, progress and cancellation. Validation, the 429 pause,
//! retries and the order of the report are the core's; this module only converts.
//!
//! [`NativeClient::bulk_job`] checks the request's shape on the calling thread, keeping the
//! messages as JSON text; [`NativeBulkJob::run`] reads them on a blocking thread (20,000 items
//! took 60 to 90 ms) and starts the job.
//!
//! Outcomes reach JavaScript in batches through a threadsafe function that
//! [`NativeBulkJob::run`] calls as they finish: measured cheaper on the event loop than polling
//! with an async call per batch (docs/node.md), and far cheaper than a call per outcome.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use botika::Error;
use botika::bulk::{
    BulkControl, BulkCounts, BulkItem, BulkJob, BulkOptions, BulkOutcome, SharedMessage,
};
use napi::Status;
use napi::threadsafe_function::ThreadsafeFunction;
use napi_derive::napi;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::client::NativeClient;
use crate::convert::{Blame, camel_keys, millis, parse, to_camel};
use crate::errors::{details, napi_result, to_napi};
use crate::messages::{read_message, split_message};

/// `sendBulk`'s request as JSON: `recipients` and one `message`, or `items`, and the job's
/// settings. Messages are written as for `send` ([`split_message`]); they are kept as JSON text
/// here and read off the event loop, when the job starts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BulkRequest {
    recipients: Option<Vec<String>>,
    message: Option<Box<RawValue>>,
    items: Option<Vec<ItemRequest>>,
    concurrency: Option<usize>,
    max_rate_limit_requeues: Option<u32>,
    max_pause_ms: Option<f64>,
}

/// One of `items`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemRequest {
    to: String,
    message: Box<RawValue>,
}

/// The recipients and their messages, not yet read.
enum Recipients {
    /// One message for all.
    Shared(Vec<String>, Box<RawValue>),
    Items(Vec<ItemRequest>),
}

impl Recipients {
    fn len(&self) -> usize {
        match self {
            Recipients::Shared(recipients, _) => recipients.len(),
            Recipients::Items(items) => items.len(),
        }
    }

    /// The core's items, each message read (a shared one once). Only a message that is not a
    /// message at all (such as `extra` that is not an object) fails the request; any other
    /// problem is its recipient's outcome.
    fn into_items(self) -> botika::Result<Vec<BulkItem>> {
        match self {
            Recipients::Shared(recipients, message) => {
                let shared = read(&message, "message")?;
                Ok(recipients.into_iter().map(|to| shared.item(to)).collect())
            }
            Recipients::Items(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    Ok(read(&item.message, &format!("items[{i}].message"))?.item(item.to))
                })
                .collect(),
        }
    }
}

/// A message read once for every recipient it goes to (`what` is its path in the request, for
/// errors). One the core cannot read is not an error here: it becomes each of its recipients'
/// outcome, like every other invalid message.
fn read(message: &RawValue, what: &str) -> botika::Result<SharedMessage> {
    let message = parse(message.get(), what, Blame::Argument)?;
    let (wire, extra) = split_message(message, what)?;
    Ok(SharedMessage::new(read_message(wire, extra)))
}

impl BulkRequest {
    /// The recipients and the options; an error names the field of the request that is wrong.
    fn check(self) -> botika::Result<(Recipients, BulkOptions)> {
        let recipients = match (self.recipients, self.message, self.items) {
            (Some(recipients), Some(message), None) => Recipients::Shared(recipients, message),
            (None, None, Some(items)) => Recipients::Items(items),
            (Some(_), None, None) => {
                return Err(Error::invalid_argument(
                    "message",
                    "is required with recipients",
                ));
            }
            _ => {
                return Err(Error::invalid_argument(
                    "recipients",
                    "give either recipients and one message, or items of {to, message}",
                ));
            }
        };
        let mut options = BulkOptions::default();
        if let Some(sends) = self.concurrency {
            options = options.concurrency(sends);
        }
        if let Some(requeues) = self.max_rate_limit_requeues {
            options = options.max_rate_limit_requeues(requeues);
        }
        if let Some(ms) = self.max_pause_ms {
            options = options.max_pause(millis(ms, "maxPauseMs")?);
        }
        Ok((recipients, options))
    }
}

/// Most outcomes one batch or report chunk carries, so that JavaScript handles even a flood
/// (every recipient refused by validation at once) in short turns of the event loop.
const BATCH: usize = 512;

/// How long a batch stays open for more outcomes after its first: a busy job then costs a few
/// crossings into JavaScript per second instead of one per outcome (docs/node.md).
const WINDOW: Duration = Duration::from_millis(10);

/// An outcome as JavaScript reads it: `status` in camelCase (`notAttempted`, like the key of
/// its counter) and the error with the same fields as a thrown one.
fn outcome_json(outcome: &BulkOutcome) -> Value {
    json!({
        "index": outcome.index(),
        "to": outcome.to(),
        "status": to_camel(outcome.status().as_str()),
        "id": outcome.id(),
        "error": outcome.error().map(details),
    })
}

/// A JSON array of outcomes.
fn outcomes_json(outcomes: &[BulkOutcome]) -> String {
    Value::Array(outcomes.iter().map(outcome_json).collect()).to_string()
}

/// The counters as JSON text with camelCase keys.
fn counts_json(counts: &BulkCounts) -> String {
    // A struct of integers always serializes.
    serde_json::to_value(counts)
        .map_or(Value::Null, |counts| camel_keys(counts, &[]))
        .to_string()
}

/// The outcomes to hand over with `first`: those that finish within [`WINDOW`] of it, up to
/// [`BATCH`].
async fn gather(job: &mut BulkJob, first: BulkOutcome) -> Vec<BulkOutcome> {
    let mut outcomes = vec![first];
    let deadline = Instant::now() + WINDOW;
    while outcomes.len() < BATCH {
        match tokio::time::timeout_at(deadline, job.next_outcome()).await {
            Ok(Some(outcome)) => outcomes.push(outcome),
            // The window closed, or every outcome is out.
            Ok(None) | Err(_) => break,
        }
    }
    outcomes
}

/// The end of a job: the final counters and every outcome in input order, in chunks of at most
/// [`BATCH`] (JSON text each).
#[napi(object)]
pub struct NativeReport {
    pub counts: String,
    pub outcomes: Vec<String>,
}

/// What [`NativeBulkJob::run`] starts the job from.
struct Request {
    client: botika::Client,
    recipients: Recipients,
    options: BulkOptions,
}

/// Where the job is: waiting for `run` (counters all zero), or started.
enum Phase {
    Waiting { total: usize, cancelled: bool },
    Started(BulkControl),
}

/// The bulk job of one JavaScript `BulkJob`.
#[napi]
pub struct NativeBulkJob {
    /// Taken by [`NativeBulkJob::run`].
    request: Mutex<Option<Request>>,
    phase: Mutex<Phase>,
}

#[napi]
impl NativeClient {
    /// A bulk send (`request` as JSON text: see [`BulkRequest`]) with this call's options, to
    /// start with [`NativeBulkJob::run`]. A request of the wrong shape fails here; a message
    /// that is not one fails `run`; problems with recipients and messages are their outcomes.
    #[napi]
    pub fn bulk_job(
        &self,
        request: String,
        options: Option<String>,
    ) -> napi::Result<NativeBulkJob> {
        let client = napi_result(self.with_call(options.as_deref()))?;
        let (recipients, options) = napi_result(
            parse::<BulkRequest>(&request, "", Blame::Argument).and_then(BulkRequest::check),
        )?;
        Ok(NativeBulkJob {
            phase: Mutex::new(Phase::Waiting {
                total: recipients.len(),
                cancelled: false,
            }),
            request: Mutex::new(Some(Request {
                client,
                recipients,
                options,
            })),
        })
    }
}

#[napi]
impl NativeBulkJob {
    /// Starts the job, runs it to its end and answers the report; once only. With `onOutcomes`,
    /// every outcome is handed to it as it finishes, in batches (`{outcomes, counts}` as JSON
    /// text, the counters as they are then); the report comes after the last batch was taken.
    #[napi]
    pub async fn run(
        &self,
        // Spelled out, not an alias: napi's type generation prints an alias's name as is.
        on_outcomes: Option<ThreadsafeFunction<String, (), String, Status, false>>,
    ) -> napi::Result<NativeReport> {
        let mut job = self.start().await?;
        if let Some(on_outcomes) = on_outcomes {
            while let Some(first) = job.next_outcome().await {
                let outcomes = gather(&mut job, first).await;
                let batch = format!(
                    r#"{{"outcomes":{},"counts":{}}}"#,
                    outcomes_json(&outcomes),
                    counts_json(&job.progress())
                );
                // Waiting for JavaScript to take each batch keeps every batch ahead of the
                // report, and lets the next batch grow while JavaScript works. If the callback
                // fails, the job is dropped, which cancels it.
                on_outcomes.call_async_catch(batch).await?;
            }
        }
        let report = job.finish().await;
        Ok(NativeReport {
            counts: counts_json(&report.counts),
            outcomes: report.outcomes.chunks(BATCH).map(outcomes_json).collect(),
        })
    }

    /// Reads the messages (on a blocking thread), then starts the job, already cancelled if
    /// `cancel` came first (cancelling it just after starting could let sends begin on another
    /// worker thread first).
    async fn start(&self) -> napi::Result<BulkJob> {
        let request = self
            .request
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let Some(Request {
            client,
            recipients,
            options,
        }) = request
        else {
            return Err(to_napi(Error::invalid_argument(
                "job",
                "runs once: it already ran",
            )));
        };
        let items = tokio::task::spawn_blocking(move || recipients.into_items())
            .await
            .map_err(|e| {
                napi::Error::from_reason(format!("reading the bulk request failed: {e}"))
            })?;
        // Held while the job starts, so a `cancel` either comes first or finds it started.
        let mut phase = self.phase.lock().unwrap_or_else(PoisonError::into_inner);
        let cancelled = matches!(
            *phase,
            Phase::Waiting {
                cancelled: true,
                ..
            }
        );
        let options = options.start_cancelled(cancelled);
        let job = napi_result(items.and_then(|items| client.send_bulk(items, options)))?;
        *phase = Phase::Started(job.control());
        Ok(job)
    }

    /// The counters right now, as JSON text.
    #[napi]
    pub fn progress(&self) -> String {
        let counts = match &*self.phase.lock().unwrap_or_else(PoisonError::into_inner) {
            Phase::Waiting { total, .. } => {
                let mut counts = BulkCounts::default();
                counts.total = *total;
                counts
            }
            Phase::Started(control) => control.progress(),
        };
        counts_json(&counts)
    }

    /// Stops starting sends (before the job started: it starts cancelled); the ones under way
    /// finish and every recipient not tried ends as not attempted.
    #[napi]
    pub fn cancel(&self) {
        match &mut *self.phase.lock().unwrap_or_else(PoisonError::into_inner) {
            Phase::Waiting { cancelled, .. } => *cancelled = true,
            Phase::Started(control) => control.cancel(),
        }
    }
}
