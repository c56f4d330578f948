//! The task that runs a bulk job: validates every item up front, then keeps at most
//! `concurrency` sends going, pausing the whole job on 429 and re-queueing the refused recipient,
//! retrying only what provably never reached the server, and reporting each recipient once.
//!
//! Each send is one future with two phases. While it waits (for the job's pause or a retry's
//! backoff) cancelling ends it at once: nothing was sent. Once the request leaves, it runs to the
//! end, because dropping it would make its outcome unknown.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::sync::mpsc::UnboundedSender;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::pause::Pause;
use super::{BulkCounts, BulkItem, BulkOptions, BulkOutcome, BulkStatus};
use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::messages::{OutgoingMessage, SEND_PATH};
use crate::retry::{RetryEvent, RetryPolicy, millis};

/// What the job's handle and its task share.
#[derive(Debug)]
pub(super) struct Shared {
    /// Cancelled by the caller.
    pub cancel: CancellationToken,
    /// Cancelled by the caller or by the job itself (a `Retry-After` over `max_pause`).
    pub halt: CancellationToken,
    /// The `Retry-After` that stopped the job, when one did.
    pub stopped_by: OnceLock<Duration>,
    pub counts: Mutex<BulkCounts>,
}

impl Shared {
    pub(super) fn new(total: usize) -> Shared {
        let cancel = CancellationToken::new();
        Shared {
            halt: cancel.child_token(),
            cancel,
            stopped_by: OnceLock::new(),
            counts: Mutex::new(BulkCounts {
                total,
                ..BulkCounts::default()
            }),
        }
    }

    pub(super) fn counts(&self) -> std::sync::MutexGuard<'_, BulkCounts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A recipient waiting for its (next) send.
struct Pending {
    index: usize,
    /// Its message, validated.
    message: Arc<OutgoingMessage>,
    /// 429s this recipient got so far.
    requeues: u32,
    /// Sends made for this recipient so far (for the retry hook's `attempt`).
    attempts: u32,
    /// An earlier attempt may have delivered it (only with unsafe retries opted in).
    maybe_sent: bool,
}

/// How one send future ended.
enum Step {
    /// Sent (the id) or ended with an error.
    Finished(Pending, Result<String, Error>),
    /// Refused with 429: goes back to the queue.
    Requeue(Pending),
    /// Stopped while waiting; never sent in this attempt.
    Halted(Pending),
}

/// The job's settings and shared state, borrowed by every send future.
struct Job<'a> {
    /// The caller's client with request-level retries off: the job retries itself, so that a
    /// 429 pauses every send instead of one.
    client: Client,
    /// The recipients by input position. (Messages live in the queue, so a recipient's own
    /// message is freed as soon as it is done.)
    recipients: &'a [Arc<str>],
    options: &'a BulkOptions,
    policy: RetryPolicy,
    max_retries: u32,
    retry_unsafe_sends: bool,
    pause: Pause,
    shared: &'a Shared,
}

/// Runs the job to the end, sending every outcome to `outcomes` as it is known.
pub(super) async fn run(
    client: Client,
    items: Vec<BulkItem>,
    options: BulkOptions,
    shared: Arc<Shared>,
    outcomes: UnboundedSender<BulkOutcome>,
) {
    let report = |outcome: BulkOutcome| {
        shared.counts().record(outcome.status());
        // The receiver is gone only when the job's handle was dropped (which cancels the job);
        // the sends under way still run to their end.
        let _ = outcomes.send(outcome);
    };
    let mut queue = VecDeque::with_capacity(items.len());
    let mut recipients = Vec::with_capacity(items.len());
    let mut checked: Option<(Arc<OutgoingMessage>, Option<Arc<Error>>)> = None;
    for (index, item) in items.into_iter().enumerate() {
        recipients.push(item.to.clone());
        match check(&item, &mut checked) {
            Ok(message) => queue.push_back(Pending {
                index,
                message,
                requeues: 0,
                attempts: 0,
                maybe_sent: false,
            }),
            Err(error) => report(BulkOutcome::failed(
                index,
                item.to.clone(),
                BulkStatus::Failed,
                error,
            )),
        }
    }
    drop(checked);
    let job = Job {
        max_retries: client
            .options
            .max_retries
            .unwrap_or(client.inner.retry.retries()),
        retry_unsafe_sends: client.options.retry_unsafe_sends.unwrap_or(false),
        policy: client.inner.retry,
        client: client.with_options(crate::RequestOptions::new().max_retries(0)),
        recipients: &recipients,
        options: &options,
        pause: Pause::new(),
        shared: &shared,
    };
    let mut running = FuturesUnordered::new();
    loop {
        while running.len() < options.concurrency && !shared.halt.is_cancelled() {
            let Some(pending) = queue.pop_front() else {
                break;
            };
            running.push(job.send(pending));
        }
        let Some(step) = running.next().await else {
            break;
        };
        match step {
            Step::Finished(pending, Ok(id)) => {
                report(BulkOutcome::sent(pending.index, job.to(&pending), id))
            }
            Step::Finished(pending, Err(error)) => report(BulkOutcome::failed(
                pending.index,
                job.to(&pending),
                BulkStatus::Failed,
                Arc::new(error),
            )),
            // Back to the front: it was next in line before the 429.
            Step::Requeue(pending) => queue.push_front(pending),
            // An earlier attempt may have delivered it (unsafe retries): not "not attempted".
            Step::Halted(pending) if pending.maybe_sent => report(BulkOutcome::failed(
                pending.index,
                job.to(&pending),
                BulkStatus::Unknown,
                Arc::new(job.halt_error().with_may_have_been_sent()),
            )),
            Step::Halted(pending) => queue.push_front(pending),
        }
    }
    // Only a halt leaves recipients queued; they share one error.
    if !queue.is_empty() {
        let error = Arc::new(job.halt_error());
        for pending in queue {
            report(BulkOutcome::failed(
                pending.index,
                job.to(&pending),
                BulkStatus::NotAttempted,
                error.clone(),
            ));
        }
    }
}

/// Validates one item like a single send would (recipient and message, every failure in one
/// error) and answers its message. Consecutive items sharing one message validate it once and
/// share its error.
fn check(
    item: &BulkItem,
    checked: &mut Option<(Arc<OutgoingMessage>, Option<Arc<Error>>)>,
) -> Result<Arc<OutgoingMessage>, Arc<Error>> {
    let message = match &item.message {
        Err(error) => Err(error.clone()),
        Ok(message) => match checked {
            Some((seen, error)) if Arc::ptr_eq(seen, message) => {
                error.clone().map_or(Ok(message), Err)
            }
            _ => {
                let error = message.validate().err().map(Arc::new);
                *checked = Some((message.clone(), error.clone()));
                error.map_or(Ok(message), Err)
            }
        },
    };
    match (crate::validate_recipient(&item.to), message) {
        (Ok(()), Ok(message)) => Ok(message.clone()),
        (Err(to), Ok(_)) => Err(Arc::new(to)),
        // An error without fields (one a binding gave, see `BulkItem::failed`) cannot take the
        // number's problems in: it is reported as given.
        (Ok(()), Err(error)) => Err(error),
        (Err(_), Err(error)) if error.field_errors().is_empty() => Err(error),
        (Err(to), Err(message)) => {
            let mut fields = to.field_errors().clone();
            for (field, rules) in message.field_errors() {
                fields
                    .entry(field.clone())
                    .or_default()
                    .extend(rules.clone());
            }
            Err(Arc::new(Error::invalid_arguments(fields)))
        }
    }
}

impl Job<'_> {
    fn to(&self, pending: &Pending) -> Arc<str> {
        self.recipients[pending.index].clone()
    }

    /// Sends one recipient: waits its turn, sends, and on failure retries what provably never
    /// reached the server (as the client's policy allows) or hands a 429 back for re-queueing.
    async fn send(&self, mut pending: Pending) -> Step {
        let to = &self.recipients[pending.index];
        let mut retries = 0;
        let mut backoff = Duration::ZERO;
        loop {
            if !self.wait_turn(backoff).await {
                return Step::Halted(pending);
            }
            let epoch = self.pause.epoch();
            pending.attempts += 1;
            self.shared.counts().in_flight += 1;
            let result = self
                .client
                .messages()
                .send_checked(to, &pending.message)
                .await;
            self.shared.counts().in_flight -= 1;
            let error = match result {
                Ok(sent) => {
                    self.pause.succeeded();
                    return Step::Finished(pending, Ok(sent.id));
                }
                Err(error) => error,
            };
            if error.kind() == ErrorKind::RateLimited {
                return self.rate_limited(pending, epoch, error);
            }
            pending.maybe_sent |= error.may_have_been_sent();
            let repeatable =
                error.is_transient() && (self.retry_unsafe_sends || !error.may_have_been_sent());
            if repeatable && retries < self.max_retries {
                retries += 1;
                backoff = self
                    .policy
                    .backoff_ceiling(retries)
                    .mul_f64(fastrand::f64());
                self.notify_retry(&pending, &error, backoff);
                continue;
            }
            let error = mark(&pending, error);
            return Step::Finished(pending, Err(error));
        }
    }

    /// Waits `backoff` and for the job's pause to end; false when the job halted meanwhile (or
    /// before), so nothing may be sent.
    async fn wait_turn(&self, backoff: Duration) -> bool {
        let ready = Instant::now() + backoff;
        loop {
            if self.shared.halt.is_cancelled() {
                return false;
            }
            // The pause may have grown while this send slept: look again after every wake-up.
            let start = ready.max(self.pause.until());
            if start <= Instant::now() {
                return true;
            }
            tokio::select! {
                biased;
                () = self.shared.halt.cancelled() => return false,
                () = tokio::time::sleep_until(start) => {}
            }
        }
    }

    /// A 429: pauses the job and re-queues the recipient, or ends it when it ran out of
    /// re-queues, or stops the job when the server asks for a longer wait than allowed.
    fn rate_limited(&self, mut pending: Pending, epoch: u64, error: Error) -> Step {
        self.shared.counts().rate_limited += 1;
        if let Some(wait) = error.retry_after().filter(|w| *w > self.options.max_pause) {
            if self.shared.stopped_by.set(wait).is_ok() {
                tracing::warn!(
                    retry_after_ms = millis(wait),
                    max_pause_ms = millis(self.options.max_pause),
                    "bulk send stopped: the server asked to wait longer than max_pause"
                );
            }
            self.shared.halt.cancel();
            let error = mark(&pending, error);
            return Step::Finished(pending, Err(error));
        }
        let wait =
            self.pause
                .rate_limited(epoch, error.retry_after(), &self.policy, fastrand::f64());
        pending.requeues += 1;
        if pending.requeues > self.options.max_rate_limit_requeues {
            let error = mark(&pending, error);
            return Step::Finished(pending, Err(error));
        }
        tracing::debug!(
            pause_ms = millis(wait),
            requeues = pending.requeues,
            "bulk send got 429: pausing the job and re-queueing the recipient"
        );
        self.notify_retry(&pending, &error, wait);
        Step::Requeue(pending)
    }

    /// Tells the client's retry hook that `pending`'s last send failed with `error` and that it
    /// is sent again in `delay` at the earliest.
    fn notify_retry(&self, pending: &Pending, error: &Error, delay: Duration) {
        self.client.notify_retry(|| RetryEvent {
            attempt: pending.attempts,
            method: "POST".to_owned(),
            path: SEND_PATH.to_owned(),
            kind: error.kind(),
            status: error.status(),
            delay,
        });
    }

    /// The error of a recipient the job stopped before trying.
    fn halt_error(&self) -> Error {
        match self.shared.stopped_by.get() {
            Some(wait) => Error::new(
                ErrorKind::RateLimited,
                format!(
                    "not sent: the server asked to wait {:.1} s (Retry-After), longer than the bulk job's max_pause of {:.1} s",
                    wait.as_secs_f64(),
                    self.options.max_pause.as_secs_f64()
                ),
            ),
            None => Error::new(ErrorKind::Cancelled, "not sent: the bulk job was cancelled"),
        }
    }
}

/// A recipient's final error, marked when an earlier attempt may have delivered it.
fn mark(pending: &Pending, error: Error) -> Error {
    if pending.maybe_sent {
        error.with_may_have_been_sent()
    } else {
        error
    }
}
