//! Bulk sending: one message to many recipients, or many (recipient, message) pairs, with a bound
//! on concurrent sends, under the client's rate limit, with one result per recipient.
//!
//! ```no_run
//! use botika::bulk::{BulkOptions, BulkStatus};
//! use botika::Text;
//! # async fn demo() -> botika::Result<()> {
//! let client = botika::Client::builder().rate_limit(80.0).build()?; // 80 messages per second
//! let customers = vec!["+62 812-3456-7890".to_owned(), "+62 812-3456-7891".to_owned()];
//! let job = client.send_bulk_to(customers, Text::new("Our shop opens at 9."), BulkOptions::default())?;
//! let report = job.finish().await;
//! for outcome in report.with_status(BulkStatus::Unknown) {
//!     println!("{} may or may not have the message: check before resending", outcome.to());
//! }
//! # Ok(()) }
//! ```
//!
//! How a job behaves:
//!
//! - **Validation first.** Every recipient and message is checked before anything is sent; an
//!   invalid one ends as that recipient's `invalid_argument` error and the others go ahead.
//! - **Concurrency and rate.** At most [`BulkOptions::concurrency`] sends are under way at once,
//!   and each one waits for the client's rate limiter (`ClientBuilder::rate_limit`), which every
//!   `POST /messages` of the client shares.
//! - **429 slows the job, never fails it early.** A 429 pauses every send of the job until its
//!   `Retry-After` (or a backoff from the client's [`RetryPolicy`](crate::RetryPolicy) when
//!   absent) and puts the recipient back in the queue: a 429 proves nothing was sent. After
//!   [`BulkOptions::max_rate_limit_requeues`] re-queues a recipient ends with the 429 error. A
//!   `Retry-After` longer than [`BulkOptions::max_pause`] stops the job: that recipient fails
//!   with the 429, and the ones not yet tried end as not attempted with a `rate_limited` error.
//! - **Nothing is sent twice.** Other failures follow the client's retry rules for sends: only a
//!   request that provably never reached the server (the connection was refused) is retried, up
//!   to the policy's retry count. A timeout, a 5xx or a connection lost after sending ends the
//!   recipient as [`BulkStatus::Unknown`] (the error says it may have been sent), unless the
//!   client opted into `RequestOptions::retry_unsafe_sends`.
//! - **Clean cancellation.** [`BulkJob::cancel`] stops starting sends; sends already under way
//!   finish and are reported, and every recipient not tried ends as
//!   [`BulkStatus::NotAttempted`] with a `cancelled` error. A send waiting for the rate limiter
//!   counts as under way, so with a low rate cancelling takes up to `concurrency / rate` seconds.
//!   A job started with [`BulkOptions::start_cancelled`] sends nothing at all.
//!
//! The job runs in a task on the tokio runtime it was started from; read its outcomes as they
//! come ([`BulkJob::next_outcome`], or as a [`Stream`](futures_util::Stream)), watch its counters
//! ([`BulkJob::progress`]) and collect the report ([`BulkJob::finish`]). Outcomes, counters and
//! reports serialize to plain snake_case JSON for the Python and Node packages.

mod driver;
mod job;
mod outcome;
mod pause;

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::messages::OutgoingMessage;

pub use job::{BulkControl, BulkJob};
pub use outcome::{BulkCounts, BulkOutcome, BulkReport, BulkStatus};

/// How a bulk job runs.
///
/// ```
/// use std::time::Duration;
/// let options = botika::bulk::BulkOptions::default()
///     .concurrency(32)
///     .max_rate_limit_requeues(5)
///     .max_pause(Duration::from_secs(30));
/// assert_eq!(options.concurrency, 32);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BulkOptions {
    /// Most sends under way at once (at least 1). Default 16.
    pub concurrency: usize,
    /// How many times one recipient may be put back in the queue after a 429 before it ends
    /// with the 429 error. Default 10.
    pub max_rate_limit_requeues: u32,
    /// The longest `Retry-After` the job pauses for; a longer one stops the job. Default 60 s.
    pub max_pause: Duration,
    /// Start the job already cancelled: it sends nothing. Default false.
    pub start_cancelled: bool,
}

impl Default for BulkOptions {
    fn default() -> BulkOptions {
        BulkOptions {
            concurrency: 16,
            max_rate_limit_requeues: 10,
            max_pause: Duration::from_secs(60),
            start_cancelled: false,
        }
    }
}

impl BulkOptions {
    /// Sets [`BulkOptions::concurrency`].
    ///
    /// ```
    /// let options = botika::bulk::BulkOptions::default().concurrency(64);
    /// ```
    pub fn concurrency(mut self, sends: usize) -> Self {
        self.concurrency = sends;
        self
    }

    /// Sets [`BulkOptions::max_rate_limit_requeues`].
    ///
    /// ```
    /// let options = botika::bulk::BulkOptions::default().max_rate_limit_requeues(3);
    /// ```
    pub fn max_rate_limit_requeues(mut self, requeues: u32) -> Self {
        self.max_rate_limit_requeues = requeues;
        self
    }

    /// Sets [`BulkOptions::max_pause`].
    ///
    /// ```
    /// let options = botika::bulk::BulkOptions::default().max_pause(std::time::Duration::from_secs(5));
    /// ```
    pub fn max_pause(mut self, wait: Duration) -> Self {
        self.max_pause = wait;
        self
    }

    /// Sets [`BulkOptions::start_cancelled`]: with `true` the job is cancelled before its task
    /// starts, so no send can begin. Every recipient ends as [`BulkStatus::NotAttempted`] with a
    /// `cancelled` error, as after [`BulkJob::cancel`] (one that fails validation still ends
    /// `failed` with its own error). For a caller that learns of a cancellation before the job
    /// starts (an `AbortSignal` already aborted, say): calling [`BulkJob::cancel`] just after
    /// starting would race with the job's first sends on a multi-thread runtime.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> botika::Result<()> {
    /// use botika::bulk::{BulkOptions, BulkStatus};
    /// let client = botika::Client::builder().token("TEST").build()?;
    /// let aborted = true; // the caller gave up before the job started
    /// let options = BulkOptions::default().start_cancelled(aborted);
    /// let job = client.send_bulk_to(["+62 812-3456-7890"], botika::Text::new("Halo!"), options)?;
    /// let report = job.finish().await;
    /// assert_eq!(report.counts.not_attempted, 1);
    /// assert_eq!(report.outcomes[0].status(), BulkStatus::NotAttempted);
    /// # Ok(()) }
    /// ```
    pub fn start_cancelled(mut self, cancelled: bool) -> Self {
        self.start_cancelled = cancelled;
        self
    }
}

/// One recipient of a bulk send and its message.
///
/// Items built from one `Arc` share the message (20,000 recipients of one message hold one copy);
/// [`Client::send_bulk_to`] does that for you.
///
/// ```
/// use std::sync::Arc;
/// use botika::bulk::BulkItem;
/// use botika::{OutgoingMessage, Text};
/// let promo = Arc::new(OutgoingMessage::from(Text::new("20% off today")));
/// let items = vec![
///     BulkItem::shared("+62 812-3456-7890", &promo),
///     BulkItem::new("+62 812-3456-7891", Text::new("Your order shipped")),
///     ("+62 812-3456-7892", Text::new("Welcome!")).into(),
///     BulkItem::from_json("+62 812-3456-7893", serde_json::json!({"type": "text", "text": {"body": "Hi"}})),
/// ];
/// assert_eq!(items[0].to(), "+62 812-3456-7890");
/// ```
#[derive(Debug, Clone)]
pub struct BulkItem {
    pub(crate) to: Arc<str>,
    /// The message, or why it could not be read (reported as this recipient's error).
    pub(crate) message: std::result::Result<Arc<OutgoingMessage>, Arc<Error>>,
}

impl BulkItem {
    /// `message` for `to`.
    ///
    /// ```
    /// let item = botika::bulk::BulkItem::new("+62 812-3456-7890", botika::Text::new("Halo!"));
    /// ```
    pub fn new(to: impl Into<Arc<str>>, message: impl Into<OutgoingMessage>) -> BulkItem {
        BulkItem {
            to: to.into(),
            message: Ok(Arc::new(message.into())),
        }
    }

    /// A shared `message` for `to` (no copy of the message is made).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// let message = Arc::new(botika::OutgoingMessage::from(botika::Text::new("Halo!")));
    /// let item = botika::bulk::BulkItem::shared("+62 812-3456-7890", &message);
    /// ```
    pub fn shared(to: impl Into<Arc<str>>, message: &Arc<OutgoingMessage>) -> BulkItem {
        BulkItem {
            to: to.into(),
            message: Ok(message.clone()),
        }
    }

    /// A message in its wire JSON without `to` (what [`OutgoingMessage::from_json`] reads), for
    /// bindings that receive dicts or objects. A message that cannot be read is not an error
    /// here: it becomes this recipient's `invalid_argument` outcome, and the others still go.
    ///
    /// ```
    /// let item = botika::bulk::BulkItem::from_json(
    ///     "+62 812-3456-7890",
    ///     serde_json::json!({"type": "text", "text": {"body": "Halo!"}}),
    /// );
    /// ```
    pub fn from_json(to: impl Into<Arc<str>>, message: Value) -> BulkItem {
        SharedMessage::new(OutgoingMessage::from_json(message)).item(to)
    }

    /// A recipient whose message could not be made (a binding that could not convert what it
    /// was given, say): the job sends it nothing, and reports `error` as its outcome
    /// ([`BulkStatus::Failed`], or [`BulkStatus::Unknown`] if the error says it may have been
    /// sent). Its number is still checked: when the number is invalid as well and `error` names
    /// fields (as `invalid_argument` errors do), the outcome lists the problems of both.
    ///
    /// Pass an `Arc<Error>` to share one error between many recipients (a message for all of
    /// them that could not be read): it is read once, and their outcomes hold the same error.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use botika::bulk::BulkItem;
    /// let unreadable = Arc::new(botika::Error::invalid_argument("message", "must be a dict"));
    /// let items: Vec<BulkItem> = ["+62 812-3456-7890", "+62 812-3456-7891"]
    ///     .into_iter()
    ///     .map(|to| BulkItem::failed(to, unreadable.clone()))
    ///     .collect();
    /// ```
    pub fn failed(to: impl Into<Arc<str>>, error: impl Into<Arc<Error>>) -> BulkItem {
        BulkItem {
            to: to.into(),
            message: Err(error.into()),
        }
    }

    /// The recipient.
    ///
    /// ```
    /// let item = botika::bulk::BulkItem::new("+62 812-3456-7890", botika::Text::new("Halo!"));
    /// assert_eq!(item.to(), "+62 812-3456-7890");
    /// ```
    pub fn to(&self) -> &str {
        &self.to
    }
}

/// A message read once for any number of recipients, or why it could not be read: every item
/// made from it shares the one message (or the one error, reported as each recipient's outcome).
/// For callers that read messages from JSON or another language's objects, where one message
/// often goes to thousands of recipients.
///
/// ```
/// use botika::bulk::SharedMessage;
/// let read = botika::OutgoingMessage::from_json(serde_json::json!({"type": "text", "text": {"body": "Hi"}}));
/// let message = SharedMessage::new(read);
/// let items: Vec<_> = ["+62 812-3456-7890", "+62 812-3456-7891"].map(|to| message.item(to)).into();
/// assert_eq!(items[1].to(), "+62 812-3456-7891");
/// ```
#[derive(Debug, Clone)]
pub struct SharedMessage(std::result::Result<Arc<OutgoingMessage>, Arc<Error>>);

impl SharedMessage {
    /// The outcome of reading a message (with [`OutgoingMessage::from_json`], say).
    pub fn new(read: Result<OutgoingMessage>) -> SharedMessage {
        SharedMessage(read.map(Arc::new).map_err(Arc::new))
    }

    /// The item that sends this message to `to`, or reports why it cannot.
    pub fn item(&self, to: impl Into<Arc<str>>) -> BulkItem {
        BulkItem {
            to: to.into(),
            message: self.0.clone(),
        }
    }
}

impl<S: Into<Arc<str>>, M: Into<OutgoingMessage>> From<(S, M)> for BulkItem {
    /// `(to, message)`.
    fn from((to, message): (S, M)) -> BulkItem {
        BulkItem::new(to, message)
    }
}

impl Client {
    /// Starts sending each item's message to its recipient, and answers the job's handle at once.
    /// See the [`bulk`](crate::bulk) module for how the job behaves.
    ///
    /// Fails only when the options are invalid (`concurrency` 0) or when called outside a tokio
    /// runtime; problems with the items are reported per recipient.
    ///
    /// ```no_run
    /// use botika::bulk::BulkOptions;
    /// use botika::{Image, Text};
    /// # async fn demo(client: botika::Client) -> botika::Result<()> {
    /// let job = client.send_bulk(
    ///     [
    ///         ("+62 812-3456-7890", botika::OutgoingMessage::from(Text::new("Your code is 4711"))),
    ///         ("+62 812-3456-7891", Image::from_id("1234").caption("Your receipt").into()),
    ///     ],
    ///     BulkOptions::default().concurrency(8),
    /// )?;
    /// let report = job.finish().await;
    /// for outcome in &report.outcomes {
    ///     println!("{}: {:?}", outcome.to(), outcome.result());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn send_bulk<I>(&self, items: I, options: BulkOptions) -> Result<BulkJob>
    where
        I: IntoIterator,
        I::Item: Into<BulkItem>,
    {
        self.start_bulk(items.into_iter().map(Into::into).collect(), options)
    }

    /// Starts sending one `message` to every recipient (the message is shared, not copied), and
    /// answers the job's handle at once. See [`Client::send_bulk`].
    ///
    /// ```no_run
    /// use botika::bulk::BulkOptions;
    /// use botika::TemplateMessage;
    /// # async fn demo(client: botika::Client, customers: Vec<String>) -> botika::Result<()> {
    /// let reminder = TemplateMessage::new("hello_world", "en_US");
    /// let report = client
    ///     .send_bulk_to(customers, reminder, BulkOptions::default())?
    ///     .finish()
    ///     .await;
    /// println!("{} sent, {} failed", report.counts.sent, report.counts.failed);
    /// # Ok(()) }
    /// ```
    pub fn send_bulk_to<R>(
        &self,
        recipients: R,
        message: impl Into<OutgoingMessage>,
        options: BulkOptions,
    ) -> Result<BulkJob>
    where
        R: IntoIterator,
        R::Item: Into<Arc<str>>,
    {
        let message = Arc::new(message.into());
        let items = recipients
            .into_iter()
            .map(|to| BulkItem::shared(to, &message))
            .collect();
        self.start_bulk(items, options)
    }

    fn start_bulk(&self, items: Vec<BulkItem>, options: BulkOptions) -> Result<BulkJob> {
        if options.concurrency == 0 {
            return Err(Error::invalid_argument("concurrency", "must be at least 1"));
        }
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            Error::config("a bulk send runs on a tokio runtime: start it from inside one")
        })?;
        let shared = Arc::new(driver::Shared::new(items.len()));
        if options.start_cancelled {
            // Before the task exists, so it never sees the job running.
            shared.cancel.cancel();
        }
        let recipients = items.iter().map(|item| item.to.clone()).collect();
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        runtime.spawn(driver::run(
            self.clone(),
            items,
            options,
            shared.clone(),
            sender,
        ));
        Ok(BulkJob::new(shared, receiver, recipients))
    }
}
