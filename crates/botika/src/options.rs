//! Per-call options (timeout, retries, extra headers), layered over the client's defaults.

use std::time::Duration;

/// Options for one call, or defaults for every call of a client.
///
/// Unset fields fall back to the client's defaults. Use
/// [`Client::with_options`](crate::Client::with_options) to apply them:
///
/// ```
/// # fn demo(client: &botika::Client) {
/// use std::time::Duration;
/// let quick = client.with_options(botika::RequestOptions::new().timeout(Duration::from_secs(2)).max_retries(0));
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestOptions {
    /// Total time allowed for one attempt.
    pub timeout: Option<Duration>,
    /// How many times a failed call may be retried (0 disables retries).
    pub max_retries: Option<u32>,
    /// Headers added to the request (they override the client's headers of the same name).
    pub extra_headers: Vec<(String, String)>,
    /// Retry `POST /messages` and `POST /broadcasts` after a timeout or a 5xx too. This can
    /// deliver a message twice; off by default.
    pub retry_unsafe_sends: Option<bool>,
}

impl RequestOptions {
    /// Empty options: everything from the client's defaults.
    pub fn new() -> RequestOptions {
        RequestOptions::default()
    }

    /// Sets the total timeout of one attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets how many retries are allowed.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Adds a header to the request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    /// Allows retrying sends after a timeout or 5xx (may duplicate a message).
    pub fn retry_unsafe_sends(mut self, allow: bool) -> Self {
        self.retry_unsafe_sends = Some(allow);
        self
    }

    /// These options with every unset field taken from `defaults`.
    pub fn or(&self, defaults: &RequestOptions) -> RequestOptions {
        let mut extra_headers = defaults.extra_headers.clone();
        extra_headers.extend(self.extra_headers.iter().cloned());
        RequestOptions {
            timeout: self.timeout.or(defaults.timeout),
            max_retries: self.max_retries.or(defaults.max_retries),
            extra_headers,
            retry_unsafe_sends: self.retry_unsafe_sends.or(defaults.retry_unsafe_sends),
        }
    }
}
