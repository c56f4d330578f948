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
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = botika::RequestOptions::new().timeout(Duration::from_secs(5));
    /// assert_eq!(options.max_retries, None); // still the client's
    /// ```
    pub fn new() -> RequestOptions {
        RequestOptions::default()
    }

    /// Sets the total timeout of one attempt.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use std::time::Duration;
    /// use botika::RequestOptions;
    /// let slow = client.with_options(RequestOptions::new().timeout(Duration::from_secs(300)));
    /// slow.media().download_to("1037543291543636", "video.mp4").await?;
    /// # Ok(()) }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets how many retries are allowed.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::RequestOptions;
    /// // In a request handler the user is waiting: fail at once and let them retry.
    /// let once = client.with_options(RequestOptions::new().max_retries(0));
    /// once.profile().get().await?;
    /// # Ok(()) }
    /// ```
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Adds a header to the request.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::{RequestOptions, Text};
    /// let traced = client.with_options(RequestOptions::new().header("X-Trace-Id", "order-1024"));
    /// traced.messages().send("+62 812-3456-7890", Text::new("Your order shipped")).await?;
    /// # Ok(()) }
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    /// Allows retrying sends after a timeout or 5xx (may duplicate a message).
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::{RequestOptions, Text};
    /// // A one-time code sent twice does no harm; one that never arrives does.
    /// let persistent = client.with_options(RequestOptions::new().retry_unsafe_sends(true));
    /// persistent.messages().send("+62 812-3456-7890", Text::new("Your code is 481 516")).await?;
    /// # Ok(()) }
    /// ```
    pub fn retry_unsafe_sends(mut self, allow: bool) -> Self {
        self.retry_unsafe_sends = Some(allow);
        self
    }

    /// These options with every unset field taken from `defaults`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use botika::RequestOptions;
    /// let defaults = RequestOptions::new().timeout(Duration::from_secs(30)).max_retries(2);
    /// let call = RequestOptions::new().max_retries(0).or(&defaults);
    /// assert_eq!((call.timeout, call.max_retries), (Some(Duration::from_secs(30)), Some(0)));
    /// ```
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
