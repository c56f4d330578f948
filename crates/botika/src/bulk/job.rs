//! [`BulkJob`]: the handle of a running bulk send. The job runs in its own task on the runtime it
//! was started from, so it makes progress whether or not anyone is reading its outcomes; the
//! handle streams the outcomes, shows the counters, cancels, and collects the final report.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::Stream;
use tokio::sync::mpsc::UnboundedReceiver;

use super::driver::Shared;
use super::{BulkCounts, BulkOutcome, BulkReport, BulkStatus};
use crate::error::{Error, ErrorKind};

/// A bulk send under way, started by [`Client::send_bulk`](crate::Client::send_bulk) or
/// [`Client::send_bulk_to`](crate::Client::send_bulk_to).
///
/// Outcomes come out as recipients finish, through [`BulkJob::next_outcome`] or the [`Stream`]
/// implementation; [`BulkJob::finish`] waits for the end and answers every outcome in input order,
/// including the ones already streamed. The job is `Send + 'static`: it owns a clone of the client.
///
/// Dropping the handle while the job runs cancels it (sends under way still finish in the
/// background).
///
/// ```no_run
/// use botika::bulk::BulkOptions;
/// use botika::Text;
/// # async fn demo(client: botika::Client) -> botika::Result<()> {
/// let recipients = ["+62 812-3456-7890", "+62 812-3456-7891"];
/// let mut job = client.send_bulk_to(recipients, Text::new("Halo!"), BulkOptions::default())?;
/// let control = job.control();
/// tokio::spawn(async move {
///     tokio::time::sleep(std::time::Duration::from_secs(60)).await;
///     control.cancel(); // stop starting new sends after a minute
/// });
/// while let Some(outcome) = job.next_outcome().await {
///     println!("{}/{}: {}", job.progress().done(), job.progress().total, outcome.status().as_str());
/// }
/// let report = job.finish().await;
/// # Ok(()) }
/// ```
pub struct BulkJob {
    shared: Arc<Shared>,
    outcomes: UnboundedReceiver<BulkOutcome>,
    /// The recipients in input order (shared with the task), to report any the task never did.
    recipients: Vec<Arc<str>>,
    /// Every outcome received so far, by input position (the report needs them all, including
    /// the ones handed out by `next_outcome`).
    received: Vec<Option<BulkOutcome>>,
}

impl BulkJob {
    pub(super) fn new(
        shared: Arc<Shared>,
        outcomes: UnboundedReceiver<BulkOutcome>,
        recipients: Vec<Arc<str>>,
    ) -> BulkJob {
        BulkJob {
            shared,
            outcomes,
            received: vec![None; recipients.len()],
            recipients,
        }
    }

    /// The next recipient to finish, or `None` once every recipient has an outcome.
    ///
    /// ```no_run
    /// # async fn demo(mut job: botika::bulk::BulkJob) {
    /// while let Some(outcome) = job.next_outcome().await {
    ///     println!("#{}: {}", outcome.index(), outcome.status().as_str());
    /// }
    /// # }
    /// ```
    pub async fn next_outcome(&mut self) -> Option<BulkOutcome> {
        std::future::poll_fn(|cx| self.poll_outcome(cx)).await
    }

    fn poll_outcome(&mut self, cx: &mut Context<'_>) -> Poll<Option<BulkOutcome>> {
        self.outcomes.poll_recv(cx).map(|outcome| {
            let outcome = outcome?;
            if let Some(slot) = self.received.get_mut(outcome.index()) {
                *slot = Some(outcome.clone());
            }
            Some(outcome)
        })
    }

    /// The counters right now.
    ///
    /// ```no_run
    /// # fn demo(job: &botika::bulk::BulkJob) {
    /// let counts = job.progress();
    /// println!("{} of {} sent, {} paused by 429s", counts.sent, counts.total, counts.rate_limited);
    /// # }
    /// ```
    pub fn progress(&self) -> BulkCounts {
        *self.shared.counts()
    }

    /// Stops starting new sends. Sends already under way finish and are reported; every
    /// recipient not yet tried ends as [`BulkStatus::NotAttempted`] with a `cancelled` error.
    /// Idempotent.
    ///
    /// ```no_run
    /// # async fn demo(job: botika::bulk::BulkJob) {
    /// job.cancel();
    /// let report = job.finish().await; // returns once the sends under way are done
    /// # }
    /// ```
    pub fn cancel(&self) {
        self.shared.cancel.cancel();
    }

    /// A handle that watches and cancels this job from another task or thread, while this one
    /// is busy reading outcomes.
    ///
    /// ```no_run
    /// # fn demo(job: &botika::bulk::BulkJob) {
    /// let control = job.control();
    /// std::thread::spawn(move || {
    ///     if control.progress().failed > 100 {
    ///         control.cancel();
    ///     }
    /// });
    /// # }
    /// ```
    pub fn control(&self) -> BulkControl {
        BulkControl {
            shared: self.shared.clone(),
        }
    }

    /// Waits for every recipient's outcome and answers them in input order, with the totals.
    ///
    /// If the job's task was dropped before the end (its runtime shut down), the recipients it
    /// did not report are [`BulkStatus::Unknown`]: they may have been sent.
    ///
    /// ```no_run
    /// # async fn demo(job: botika::bulk::BulkJob) {
    /// let report = job.finish().await;
    /// assert_eq!(report.outcomes.len(), report.counts.total);
    /// # }
    /// ```
    pub async fn finish(self) -> BulkReport {
        self.finish_with(|_| {}).await
    }

    /// [`BulkJob::finish`], calling `on_outcome` with each outcome not yet read as it arrives
    /// (how the Node package hands outcomes to a JavaScript callback).
    ///
    /// ```no_run
    /// # async fn demo(job: botika::bulk::BulkJob) {
    /// let report = job
    ///     .finish_with(|outcome| println!("#{} {}", outcome.index(), outcome.status().as_str()))
    ///     .await;
    /// # }
    /// ```
    pub async fn finish_with(mut self, mut on_outcome: impl FnMut(&BulkOutcome)) -> BulkReport {
        while let Some(outcome) = self.next_outcome().await {
            on_outcome(&outcome);
        }
        let received = std::mem::take(&mut self.received);
        self.assemble(received)
    }

    /// [`BulkJob::finish`] that keeps the handle: waits for every outcome not yet read, then
    /// answers all of them in input order (the ones already read included), with the totals.
    ///
    /// It can be asked again, and it is cancel-safe: dropped while it waits (a timeout, a
    /// binding's caller giving up), it neither cancels the job nor loses an outcome, and a later
    /// call (or [`BulkJob::next_outcome`], or [`BulkJob::finish`]) carries on from there.
    ///
    /// ```no_run
    /// # async fn demo(mut job: botika::bulk::BulkJob) {
    /// use std::time::Duration;
    /// let report = loop {
    ///     match tokio::time::timeout(Duration::from_secs(5), job.report()).await {
    ///         Ok(report) => break report,
    ///         Err(_) => println!("{} done so far", job.progress().done()),
    ///     }
    /// };
    /// # }
    /// ```
    pub async fn report(&mut self) -> BulkReport {
        while self.next_outcome().await.is_some() {}
        self.assemble(self.received.clone())
    }

    /// The report from the outcomes `received` by input position, once the task is over.
    fn assemble(&self, received: Vec<Option<BulkOutcome>>) -> BulkReport {
        let mut counts = self.progress();
        let mut lost: Option<Arc<Error>> = None;
        let outcomes = received
            .into_iter()
            .zip(&self.recipients)
            .enumerate()
            .map(|(index, (outcome, to))| {
                outcome.unwrap_or_else(|| {
                    let error = lost.get_or_insert_with(|| Arc::new(lost_error())).clone();
                    let outcome =
                        BulkOutcome::failed(index, to.clone(), BulkStatus::Unknown, error);
                    counts.record(outcome.status());
                    outcome
                })
            })
            .collect();
        counts.in_flight = 0;
        BulkReport { outcomes, counts }
    }
}

fn lost_error() -> Error {
    Error::new(
        ErrorKind::Cancelled,
        "the bulk job stopped before reporting this recipient (its runtime shut down)",
    )
    .with_may_have_been_sent()
}

impl std::fmt::Debug for BulkJob {
    /// The counters only: the recipients are customers' phone numbers, and there may be many.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkJob")
            .field("progress", &self.progress())
            .field("cancelled", &self.shared.cancel.is_cancelled())
            .finish()
    }
}

impl Drop for BulkJob {
    /// Nobody can read the outcomes any more: stop starting sends. A job whose task is over
    /// (every outcome was sent) has nothing left to stop, and stays not cancelled.
    fn drop(&mut self) {
        if !self.outcomes.is_closed() {
            self.shared.cancel.cancel();
        }
    }
}

impl Stream for BulkJob {
    type Item = BulkOutcome;

    /// The same outcomes as [`BulkJob::next_outcome`].
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<BulkOutcome>> {
        self.get_mut().poll_outcome(cx)
    }
}

/// Watches and cancels a [`BulkJob`] from anywhere; cheap to clone, `Send + Sync`. It stays
/// usable after the job finished (its counters are then final).
///
/// ```no_run
/// # fn demo(job: &botika::bulk::BulkJob) {
/// let control = job.control();
/// assert!(!control.is_cancelled());
/// control.cancel();
/// assert!(control.is_cancelled());
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct BulkControl {
    shared: Arc<Shared>,
}

impl BulkControl {
    /// Same as [`BulkJob::progress`].
    ///
    /// ```no_run
    /// # fn demo(control: botika::bulk::BulkControl) {
    /// println!("{} in flight", control.progress().in_flight);
    /// # }
    /// ```
    pub fn progress(&self) -> BulkCounts {
        *self.shared.counts()
    }

    /// Same as [`BulkJob::cancel`].
    ///
    /// ```no_run
    /// # fn demo(control: botika::bulk::BulkControl) {
    /// control.cancel();
    /// # }
    /// ```
    pub fn cancel(&self) {
        self.shared.cancel.cancel();
    }

    /// True once [`BulkControl::cancel`] or [`BulkJob::cancel`] was called, or the job's
    /// handle was dropped while the job still ran; a job that ran to its end is not cancelled.
    ///
    /// ```no_run
    /// # fn demo(control: botika::bulk::BulkControl) {
    /// if control.is_cancelled() { /* ... */ }
    /// # }
    /// ```
    pub fn is_cancelled(&self) -> bool {
        self.shared.cancel.is_cancelled()
    }
}
