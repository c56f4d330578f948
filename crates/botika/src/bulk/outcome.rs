//! What a bulk send reports: one [`BulkOutcome`] per recipient, the [`BulkCounts`] of a job in
//! progress or finished, and the final [`BulkReport`]. All of it serializes (snake_case) so the
//! Python and Node bindings can hand it over as plain dicts and objects.

use std::sync::Arc;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::error::Error;

/// Where one recipient ended up.
///
/// ```
/// use botika::bulk::BulkStatus;
/// assert_eq!(BulkStatus::Unknown.as_str(), "unknown");
/// assert!(BulkStatus::Unknown.may_have_been_sent());
/// assert!(!BulkStatus::Failed.may_have_been_sent());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BulkStatus {
    /// The API accepted the message; the outcome carries its id.
    Sent,
    /// Not delivered, for certain: refused by validation, by the API (4xx, including 429 once
    /// the recipient ran out of re-queues), or it never reached the server.
    Failed,
    /// The send failed after the request may have reached the server (timeout, 5xx, connection
    /// lost after sending): the message may have been delivered. Check before sending again.
    Unknown,
    /// The job stopped before trying this recipient (cancelled, or stopped by a `Retry-After`
    /// longer than [`BulkOptions::max_pause`](super::BulkOptions::max_pause)). Nothing was sent.
    NotAttempted,
}

impl BulkStatus {
    /// The stable string the bindings expose: `sent`, `failed`, `unknown`, `not_attempted`.
    ///
    /// ```
    /// assert_eq!(botika::bulk::BulkStatus::NotAttempted.as_str(), "not_attempted");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            BulkStatus::Sent => "sent",
            BulkStatus::Failed => "failed",
            BulkStatus::Unknown => "unknown",
            BulkStatus::NotAttempted => "not_attempted",
        }
    }

    /// True for [`BulkStatus::Sent`] and [`BulkStatus::Unknown`]: the recipient may have the
    /// message, so sending it again could duplicate it.
    ///
    /// ```
    /// assert!(botika::bulk::BulkStatus::Sent.may_have_been_sent());
    /// ```
    pub fn may_have_been_sent(self) -> bool {
        matches!(self, BulkStatus::Sent | BulkStatus::Unknown)
    }
}

impl Serialize for BulkStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The result of one recipient of a bulk send: its position in the input, the recipient, and the
/// message id or the error. Cloning is cheap (the recipient and the error are shared).
///
/// ```no_run
/// # async fn demo(mut job: botika::bulk::BulkJob) {
/// while let Some(outcome) = job.next_outcome().await {
///     match outcome.result() {
///         Ok(id) => println!("#{} sent: {id}", outcome.index()),
///         Err(error) => println!("#{} {}: {error}", outcome.index(), outcome.status().as_str()),
///     }
/// }
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct BulkOutcome {
    index: usize,
    to: Arc<str>,
    status: BulkStatus,
    result: Result<String, Arc<Error>>,
}

impl BulkOutcome {
    /// A recipient the API accepted.
    pub(crate) fn sent(index: usize, to: Arc<str>, id: String) -> BulkOutcome {
        BulkOutcome {
            index,
            to,
            status: BulkStatus::Sent,
            result: Ok(id),
        }
    }

    /// A recipient that ended with `error`: [`BulkStatus::Unknown`] when the error says the
    /// message may have been sent, else `status` (failed or not attempted).
    pub(crate) fn failed(
        index: usize,
        to: Arc<str>,
        status: BulkStatus,
        error: Arc<Error>,
    ) -> BulkOutcome {
        let status = if error.may_have_been_sent() {
            BulkStatus::Unknown
        } else {
            status
        };
        BulkOutcome {
            index,
            to,
            status,
            result: Err(error),
        }
    }

    /// The recipient's position in the input, from 0.
    ///
    /// ```no_run
    /// # fn demo(outcome: &botika::bulk::BulkOutcome) {
    /// println!("recipient #{}", outcome.index());
    /// # }
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// The recipient, exactly as given.
    ///
    /// ```no_run
    /// # fn demo(outcome: &botika::bulk::BulkOutcome) {
    /// let to: &str = outcome.to();
    /// # }
    /// ```
    pub fn to(&self) -> &str {
        &self.to
    }

    /// Where the recipient ended up.
    ///
    /// ```no_run
    /// # fn demo(outcome: &botika::bulk::BulkOutcome) {
    /// if outcome.status() == botika::bulk::BulkStatus::Unknown {
    ///     println!("check whether {} got the message before sending again", outcome.to());
    /// }
    /// # }
    /// ```
    pub fn status(&self) -> BulkStatus {
        self.status
    }

    /// The message id when sent, else the error.
    ///
    /// ```no_run
    /// # fn demo(outcome: &botika::bulk::BulkOutcome) {
    /// if let Err(error) = outcome.result() {
    ///     eprintln!("{}: {}", error.code(), error.message());
    /// }
    /// # }
    /// ```
    pub fn result(&self) -> Result<&str, &Error> {
        match &self.result {
            Ok(id) => Ok(id),
            Err(error) => Err(error),
        }
    }

    /// The message id, when the API accepted the message.
    ///
    /// ```no_run
    /// # fn demo(outcome: &botika::bulk::BulkOutcome) {
    /// let id: Option<&str> = outcome.id();
    /// # }
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.result().ok()
    }

    /// The error, when the recipient was not sent (or may not have been).
    ///
    /// ```no_run
    /// # fn demo(outcome: &botika::bulk::BulkOutcome) {
    /// let may_have_been_sent = outcome.error().is_some_and(|e| e.may_have_been_sent());
    /// # }
    /// ```
    pub fn error(&self) -> Option<&Error> {
        self.result().err()
    }

    /// The error as a shared handle, for bindings that keep it beyond the outcome.
    ///
    /// ```no_run
    /// # fn demo(outcome: &botika::bulk::BulkOutcome) {
    /// let kept: Option<std::sync::Arc<botika::Error>> = outcome.shared_error();
    /// # }
    /// ```
    pub fn shared_error(&self) -> Option<Arc<Error>> {
        self.result.as_ref().err().cloned()
    }
}

impl Serialize for BulkOutcome {
    /// `{"index", "to", "status", "id": string|null, "error": {...}|null}`; the error is
    /// `{"code", "message", "status", "may_have_been_sent", "retry_after_ms", "request_id",
    /// "field_errors"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("BulkOutcome", 5)?;
        out.serialize_field("index", &self.index)?;
        out.serialize_field("to", &*self.to)?;
        out.serialize_field("status", &self.status)?;
        out.serialize_field("id", &self.id())?;
        out.serialize_field("error", &self.error().map(ErrorFields))?;
        out.end()
    }
}

/// An [`Error`]'s fields as the bindings need them to rebuild their own error classes.
struct ErrorFields<'a>(&'a Error);

impl Serialize for ErrorFields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let error = self.0;
        let retry_after_ms = error
            .retry_after()
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let mut out = serializer.serialize_struct("Error", 7)?;
        out.serialize_field("code", error.code())?;
        out.serialize_field("message", error.message())?;
        out.serialize_field("status", &error.status())?;
        out.serialize_field("may_have_been_sent", &error.may_have_been_sent())?;
        out.serialize_field("retry_after_ms", &retry_after_ms)?;
        out.serialize_field("request_id", &error.request_id())?;
        out.serialize_field("field_errors", error.field_errors())?;
        out.end()
    }
}

/// Counters of a bulk job: how many recipients ended each way so far, and what is happening now.
///
/// ```no_run
/// # fn demo(job: &botika::bulk::BulkJob) {
/// let counts = job.progress();
/// println!("{}/{} done, {} in flight", counts.done(), counts.total, counts.in_flight);
/// # }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct BulkCounts {
    /// Recipients in the job.
    pub total: usize,
    /// Accepted by the API.
    pub sent: usize,
    /// Certainly not delivered ([`BulkStatus::Failed`]).
    pub failed: usize,
    /// Possibly delivered ([`BulkStatus::Unknown`]).
    pub unknown: usize,
    /// Never tried ([`BulkStatus::NotAttempted`]).
    pub not_attempted: usize,
    /// Sends under way right now (including the wait for the client's rate limiter).
    pub in_flight: usize,
    /// 429 answers received so far (each one paused the job and re-queued its recipient).
    pub rate_limited: usize,
}

impl BulkCounts {
    /// Recipients with a final outcome.
    ///
    /// ```
    /// let counts = botika::bulk::BulkCounts::default();
    /// assert_eq!(counts.done(), 0);
    /// ```
    pub fn done(&self) -> usize {
        self.sent + self.failed + self.unknown + self.not_attempted
    }

    /// Counts one final outcome.
    pub(crate) fn record(&mut self, status: BulkStatus) {
        let counter = match status {
            BulkStatus::Sent => &mut self.sent,
            BulkStatus::Failed => &mut self.failed,
            BulkStatus::Unknown => &mut self.unknown,
            BulkStatus::NotAttempted => &mut self.not_attempted,
        };
        *counter += 1;
    }
}

/// The end of a bulk job: one outcome per recipient, in input order, and the totals.
///
/// ```no_run
/// # async fn demo(job: botika::bulk::BulkJob) {
/// let report = job.finish().await;
/// println!("{} sent, {} unknown", report.counts.sent, report.counts.unknown);
/// for outcome in report.with_status(botika::bulk::BulkStatus::Failed) {
///     println!("{} failed: {:?}", outcome.to(), outcome.error());
/// }
/// # }
/// ```
#[derive(Debug, Clone, serde::Serialize)]
#[non_exhaustive]
pub struct BulkReport {
    /// One outcome per recipient; `outcomes[i]` belongs to the `i`-th input.
    pub outcomes: Vec<BulkOutcome>,
    /// The totals (`in_flight` is 0).
    pub counts: BulkCounts,
}

impl BulkReport {
    /// The outcomes with this status, in input order.
    ///
    /// ```no_run
    /// # fn demo(report: &botika::bulk::BulkReport) {
    /// let retry_later: Vec<&str> = report
    ///     .with_status(botika::bulk::BulkStatus::NotAttempted)
    ///     .map(|o| o.to())
    ///     .collect();
    /// # }
    /// ```
    pub fn with_status(&self, status: BulkStatus) -> impl Iterator<Item = &BulkOutcome> {
        self.outcomes.iter().filter(move |o| o.status == status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn outcomes_serialize_as_plain_snake_case_objects() {
        let sent = BulkOutcome::sent(0, Arc::from("+6281234567890"), "wamid.1".into());
        assert_eq!(
            serde_json::to_value(&sent).unwrap(),
            serde_json::json!({"index": 0, "to": "+6281234567890", "status": "sent", "id": "wamid.1", "error": null})
        );
        let error = Error::from_response(
            "POST",
            "/messages",
            429,
            br#"{"message":"Too Many Attempts."}"#,
            Some("req-9".into()),
            Some(std::time::Duration::from_millis(1500)),
        );
        let failed = BulkOutcome::failed(3, Arc::from("+62"), BulkStatus::Failed, Arc::new(error));
        let json = serde_json::to_value(&failed).unwrap();
        assert_eq!(json["status"], "failed");
        assert_eq!(json["id"], serde_json::Value::Null);
        assert_eq!(
            json["error"],
            serde_json::json!({"code": "rate_limited", "message": "Too Many Attempts.", "status": 429,
                "may_have_been_sent": false, "retry_after_ms": 1500, "request_id": "req-9", "field_errors": {}})
        );
    }

    #[test]
    fn an_error_that_may_have_been_sent_makes_the_status_unknown() {
        let error = Error::new(ErrorKind::Timeout, "slow").with_may_have_been_sent();
        let outcome = BulkOutcome::failed(1, Arc::from("+1"), BulkStatus::Failed, Arc::new(error));
        assert_eq!(outcome.status(), BulkStatus::Unknown);
        let mut counts = BulkCounts::default();
        counts.record(outcome.status());
        counts.record(BulkStatus::Sent);
        assert_eq!((counts.unknown, counts.sent, counts.done()), (1, 1, 2));
    }
}
