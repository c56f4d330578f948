//! Retries: the policy (how many, how long to wait), the rule that decides whether a failed attempt
//! may be repeated without sending a message twice, and the loop that runs the attempts.
//!
//! Sends (`POST /messages`, `POST /broadcasts`, template creation) are retried only when the
//! request provably never reached the server: the connection could not be made, or the server
//! answered 429. Anything else (a timeout, a 5xx, a connection that broke after the request was
//! written) may have delivered the message, so the error is returned marked
//! [`Error::may_have_been_sent`] unless the caller opted into [`RequestOptions::retry_unsafe_sends`].

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Duration;

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::options::RequestOptions;
use crate::transport::{ApiRequest, Idempotency};

/// When and how often failed calls are retried.
///
/// The wait before retry `n` (1-based) is drawn uniformly from
/// `0..=min(max_delay, base_delay * 2^(n-1))` ("full jitter", so many clients that failed together
/// do not retry together). When the response carried `Retry-After`, that wait is used instead,
/// exactly; a `Retry-After` longer than [`RetryPolicy::retry_after_cap`] is not waited for: the
/// call fails at once with the error, whose [`Error::retry_after`] tells how long the server asked.
///
/// ```
/// use std::time::Duration;
/// let policy = botika::RetryPolicy::default()
///     .max_retries(4)
///     .base_delay(Duration::from_millis(200))
///     .max_delay(Duration::from_secs(5))
///     .retry_after_cap(Duration::from_secs(30));
/// let client = botika::Client::builder().token("t").retry_policy(policy).build()?;
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    retry_after_cap: Duration,
}

impl Default for RetryPolicy {
    /// 2 retries, 500 ms base delay, 8 s longest backoff, `Retry-After` honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            retry_after_cap: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    ///
    /// ```
    /// let client = botika::Client::builder()
    ///     .token("t")
    ///     .retry_policy(botika::RetryPolicy::none())
    ///     .build()?;
    /// assert_eq!(botika::RetryPolicy::none().retries(), 0);
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn none() -> RetryPolicy {
        RetryPolicy::default().max_retries(0)
    }

    /// How many times a failed call may be retried (so at most `n + 1` attempts).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The backoff ceiling of the first retry; it doubles for each further retry.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The largest backoff ceiling.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one ends the call with the error.
    pub fn retry_after_cap(mut self, cap: Duration) -> Self {
        self.retry_after_cap = cap;
        self
    }

    /// The configured number of retries.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The backoff ceiling before retry `retry` (1-based): `min(max_delay, base_delay * 2^(retry-1))`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = botika::RetryPolicy::default(); // 500 ms doubling, at most 8 s
    /// assert_eq!(policy.backoff_ceiling(1), Duration::from_millis(500));
    /// assert_eq!(policy.backoff_ceiling(3), Duration::from_secs(2));
    /// assert_eq!(policy.backoff_ceiling(10), Duration::from_secs(8));
    /// ```
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        self.base_delay
            .checked_mul(1u32 << doublings)
            .map_or(self.max_delay, |d| d.min(self.max_delay))
    }

    /// The wait before retry `retry`, with `unit` in `0.0..=1.0` the random draw (full jitter).
    fn backoff(&self, retry: u32, unit: f64) -> Duration {
        self.backoff_ceiling(retry).mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// What an [`on_retry`](crate::ClientBuilder::on_retry) hook is told before each retry.
///
/// ```
/// use botika::{ErrorKind, RetryEvent};
/// fn log_retry(event: &RetryEvent) {
///     let why = match (event.kind, event.status) {
///         (ErrorKind::RateLimited, _) => "rate limited".to_owned(),
///         (_, Some(status)) => format!("HTTP {status}"),
///         (kind, None) => kind.to_string(),
///     };
///     eprintln!(
///         "{} {} attempt {} failed ({why}); attempt {} in {:?}",
///         event.method, event.path, event.attempt, event.attempt + 1, event.delay
///     );
/// }
/// let client = botika::Client::builder().token("t").on_retry(log_retry).build()?;
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryEvent {
    /// The attempt that failed, from 1 (so the retry about to happen is attempt `attempt + 1`).
    pub attempt: u32,
    /// The HTTP method (`GET`, `POST`, ...).
    pub method: String,
    /// The path below the base URL (`/messages`).
    pub path: String,
    /// The kind of error the attempt ended with.
    pub kind: ErrorKind,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// How long the client waits before the retry.
    pub delay: Duration,
}

/// A hook called before each retry.
pub(crate) type RetryHook = Arc<dyn Fn(&RetryEvent) + Send + Sync>;

/// The failure of one attempt, with what is known about whether the request reached the server.
pub(crate) struct Failure {
    pub error: Error,
    /// True only when the request provably never left the client (the connection could not be
    /// made), so repeating it cannot duplicate anything.
    pub never_reached: bool,
}

impl From<Error> for Failure {
    /// An error raised before anything was sent (building the request failed).
    fn from(error: Error) -> Failure {
        Failure {
            error,
            never_reached: true,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// Try again after this long.
    Retry(Duration),
    /// Return the error.
    Stop,
}

/// True when repeating the attempt cannot deliver a send twice: it never reached the server, or
/// the server refused it with 429 before doing anything.
fn provably_not_delivered(failure: &Failure) -> bool {
    failure.never_reached || failure.error.status() == Some(429)
}

/// True when the attempt may have been acted on: the request may have reached the server and no
/// 4xx answer said it was refused.
fn maybe_delivered(failure: &Failure) -> bool {
    !failure.never_reached && !matches!(failure.error.status(), Some(400..=499))
}

/// Decides whether attempt `attempt` (1-based), which failed with `failure`, is retried.
fn verdict(
    policy: &RetryPolicy,
    max_retries: u32,
    idempotency: Idempotency,
    retry_unsafe_sends: bool,
    attempt: u32,
    failure: &Failure,
    unit: f64,
) -> Verdict {
    if attempt > max_retries || !failure.error.is_transient() {
        return Verdict::Stop;
    }
    let repeatable = match idempotency {
        Idempotency::Safe => true,
        Idempotency::Send => retry_unsafe_sends || provably_not_delivered(failure),
    };
    if !repeatable {
        return Verdict::Stop;
    }
    match failure.error.retry_after() {
        Some(wait) if wait > policy.retry_after_cap => Verdict::Stop,
        Some(wait) => Verdict::Retry(wait),
        None => Verdict::Retry(policy.backoff(attempt, unit)),
    }
}

impl Client {
    /// Runs `attempt` (given the attempt's number, from 1) until it succeeds or the policy says
    /// stop; `attempt` performs one complete exchange (rate limiting, sending, reading what the
    /// caller needs of the response) and logs it.
    pub(crate) async fn with_retries<T, F, Fut>(
        &self,
        request: &ApiRequest,
        mut attempt: F,
    ) -> Result<T>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = std::result::Result<T, Failure>>,
    {
        let options: &RequestOptions = &self.options;
        let policy = &self.inner.retry;
        let max_retries = options.max_retries.unwrap_or(policy.max_retries);
        let retry_unsafe_sends = options.retry_unsafe_sends.unwrap_or(false);
        let method = request.method.as_str();
        let path = request.path.as_str();
        let mut may_have_been_sent = false;
        let mut number: u32 = 0;
        loop {
            number = number.saturating_add(1);
            let failure = match attempt(number).await {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            may_have_been_sent |= maybe_delivered(&failure);
            let unit = fastrand::f64();
            let decision = verdict(
                policy,
                max_retries,
                request.idempotency,
                retry_unsafe_sends,
                number,
                &failure,
                unit,
            );
            let Failure { error, .. } = failure;
            let Verdict::Retry(delay) = decision else {
                tracing::debug!(
                    method,
                    path,
                    attempts = number,
                    code = error.code(),
                    status = error.status(),
                    "botika request failed"
                );
                return Err(
                    if request.idempotency == Idempotency::Send && may_have_been_sent {
                        error.with_may_have_been_sent()
                    } else {
                        error
                    },
                );
            };
            tracing::info!(
                method,
                path,
                attempt = number,
                code = error.code(),
                status = error.status(),
                delay_ms = millis(delay),
                "botika request failed; retrying"
            );
            self.notify_retry(|| RetryEvent {
                attempt: number,
                method: method.to_owned(),
                path: path.to_owned(),
                kind: error.kind(),
                status: error.status(),
                delay,
            });
            tokio::time::sleep(delay).await;
        }
    }

    /// Tells the client's [`on_retry`](crate::ClientBuilder::on_retry) hook, if it has one,
    /// about a retry (`event` is built only then). A bulk job, which retries on its own, calls
    /// it too.
    pub(crate) fn notify_retry(&self, event: impl FnOnce() -> RetryEvent) {
        let Some(hook) = &self.inner.on_retry else {
            return;
        };
        let event = event();
        // A panicking hook must not abort the call half-way (or unwind across a binding).
        if catch_unwind(AssertUnwindSafe(|| hook(&event))).is_err() {
            tracing::warn!(
                method = event.method.as_str(),
                path = event.path.as_str(),
                "the on_retry hook panicked; the panic was ignored"
            );
        }
    }
}

/// Whole milliseconds, for log fields.
pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_failure(status: u16, retry_after: Option<Duration>) -> Failure {
        Failure {
            error: Error::from_response("POST", "/messages", status, b"", None, retry_after),
            never_reached: false,
        }
    }

    fn transport_failure(kind: ErrorKind, never_reached: bool) -> Failure {
        Failure {
            error: Error::new(kind, "boom"),
            never_reached,
        }
    }

    fn decide(
        idempotency: Idempotency,
        unsafe_ok: bool,
        attempt: u32,
        failure: &Failure,
    ) -> Verdict {
        verdict(
            &RetryPolicy::default(),
            2,
            idempotency,
            unsafe_ok,
            attempt,
            failure,
            1.0,
        )
    }

    #[test]
    fn backoff_doubles_up_to_the_ceiling_and_jitter_stays_below_it() {
        let policy = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(700));
        let ceilings: Vec<u128> = (1..=5)
            .map(|n| policy.backoff_ceiling(n).as_millis())
            .collect();
        assert_eq!(ceilings, [100, 200, 400, 700, 700]);
        assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_millis(700));
        assert_eq!(policy.backoff(3, 0.0), Duration::ZERO);
        assert_eq!(policy.backoff(3, 0.5), Duration::from_millis(200));
        assert_eq!(policy.backoff(3, 7.0), Duration::from_millis(400));
    }

    #[test]
    fn safe_requests_retry_every_transient_failure() {
        for failure in [
            api_failure(503, None),
            api_failure(429, None),
            transport_failure(ErrorKind::Timeout, false),
            transport_failure(ErrorKind::Connection, false),
        ] {
            assert_eq!(
                decide(Idempotency::Safe, false, 1, &failure),
                Verdict::Retry(Duration::from_millis(500))
            );
        }
        assert_eq!(
            decide(Idempotency::Safe, false, 1, &api_failure(404, None)),
            Verdict::Stop
        );
        assert_eq!(
            decide(Idempotency::Safe, false, 3, &api_failure(503, None)),
            Verdict::Stop
        );
    }

    #[test]
    fn sends_retry_only_what_provably_never_arrived() {
        assert_eq!(
            decide(Idempotency::Send, false, 1, &api_failure(503, None)),
            Verdict::Stop
        );
        assert_eq!(
            decide(
                Idempotency::Send,
                false,
                1,
                &transport_failure(ErrorKind::Timeout, false)
            ),
            Verdict::Stop
        );
        assert_eq!(
            decide(
                Idempotency::Send,
                false,
                1,
                &transport_failure(ErrorKind::Connection, false)
            ),
            Verdict::Stop
        );
        let refused = transport_failure(ErrorKind::Connection, true);
        assert!(matches!(
            decide(Idempotency::Send, false, 1, &refused),
            Verdict::Retry(_)
        ));
        assert!(matches!(
            decide(Idempotency::Send, false, 1, &api_failure(429, None)),
            Verdict::Retry(_)
        ));
        assert!(matches!(
            decide(Idempotency::Send, true, 1, &api_failure(503, None)),
            Verdict::Retry(_)
        ));
    }

    #[test]
    fn retry_after_is_used_exactly_up_to_the_cap() {
        let wait = Duration::from_secs(3);
        assert_eq!(
            decide(Idempotency::Safe, false, 1, &api_failure(429, Some(wait))),
            Verdict::Retry(wait)
        );
        let long = api_failure(429, Some(Duration::from_secs(61)));
        assert_eq!(decide(Idempotency::Safe, false, 1, &long), Verdict::Stop);
    }

    #[test]
    fn delivery_is_uncertain_unless_refused_or_never_sent() {
        assert!(maybe_delivered(&api_failure(503, None)));
        assert!(maybe_delivered(&transport_failure(
            ErrorKind::Timeout,
            false
        )));
        assert!(!maybe_delivered(&api_failure(429, None)));
        assert!(!maybe_delivered(&api_failure(422, None)));
        assert!(!maybe_delivered(&transport_failure(
            ErrorKind::Connection,
            true
        )));
    }
}
