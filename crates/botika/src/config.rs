//! Client configuration: the builder, defaults, environment variables and the redacted token.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::options::RequestOptions;
use crate::retry::{RetryEvent, RetryHook, RetryPolicy};

/// Botika's production base URL (contract section 1).
pub const DEFAULT_BASE_URL: &str = "https://waofficial.botika.online/api/whatsapp/v1";
/// Environment variable read for the token when none is given.
pub const ENV_TOKEN: &str = "BOTIKA_API_TOKEN";
/// Environment variable read for the base URL when none is given.
pub const ENV_BASE_URL: &str = "BOTIKA_BASE_URL";
/// Default total timeout of one attempt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A secret string (API token) whose `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself; call only where it must be sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Builds a [`Client`]. Every setting has a default; the token and base URL fall back to
/// `BOTIKA_API_TOKEN` and `BOTIKA_BASE_URL`.
///
/// ```
/// let client = botika::Client::builder()
///     .token("my-token")
///     .base_url("http://127.0.0.1:8080/api/whatsapp/v1")
///     .timeout(std::time::Duration::from_secs(10))
///     .build()?;
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    pub(crate) token: Option<Secret>,
    pub(crate) base_url: Option<String>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) user_agent_suffix: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) http_client: Option<reqwest::Client>,
    pub(crate) defaults: RequestOptions,
    pub(crate) retry: RetryPolicy,
    pub(crate) on_retry: Option<RetryHook>,
    pub(crate) rate_limit: Option<f64>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API token (`Authorization: Bearer <token>`).
    ///
    /// ```
    /// let token = std::env::var("MY_APP_BOTIKA_TOKEN").unwrap_or_else(|_| "my-token".into());
    /// let client = botika::Client::builder().token(token).build()?;
    /// // The token never shows in Debug output or logs.
    /// assert!(!format!("{client:?}").contains("my-token"));
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret::new(token));
        self
    }

    /// The base URL, e.g. `http://127.0.0.1:8080/api/whatsapp/v1` for a local sandbox.
    ///
    /// ```
    /// let local = botika::Client::builder()
    ///     .token("t")
    ///     .base_url("http://127.0.0.1:8080/api/whatsapp/v1")
    ///     .build()?;
    /// let wrong = botika::Client::builder().token("t").base_url("ftp://example.com").build();
    /// assert_eq!(wrong.unwrap_err().code(), "config");
    /// # let _ = local;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Total time allowed for one attempt (connect, send, and read the whole response).
    ///
    /// ```
    /// use std::time::Duration;
    /// // Large media downloads need longer than the 30 s default.
    /// let client = botika::Client::builder()
    ///     .token("t")
    ///     .timeout(Duration::from_secs(120))
    ///     .build()?;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to establish a connection (per client only: reqwest sets it on the pool).
    /// Cannot be combined with [`ClientBuilder::http_client`]; set it on that client instead.
    ///
    /// ```
    /// use std::time::Duration;
    /// let client = botika::Client::builder()
    ///     .token("t")
    ///     .connect_timeout(Duration::from_secs(3))
    ///     .build()?;
    /// // A custom reqwest client owns its pool, so the two do not combine.
    /// let both = botika::Client::builder()
    ///     .token("t")
    ///     .connect_timeout(Duration::from_secs(3))
    ///     .http_client(reqwest::Client::new())
    ///     .build();
    /// assert_eq!(both.unwrap_err().code(), "config");
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Appended to the `User-Agent` (each binding adds `botika-python/<v>` or `botika-node/<v>`).
    ///
    /// ```
    /// // Sent as `User-Agent: order-service/2.1 botika-rust/<version>`.
    /// let client = botika::Client::builder()
    ///     .token("t")
    ///     .user_agent("order-service/2.1")
    ///     .build()?;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(product.into());
        self
    }

    /// A header sent on every request.
    ///
    /// ```
    /// let client = botika::Client::builder()
    ///     .token("t")
    ///     .header("X-Tenant", "store-42")?
    ///     .build()?;
    /// // Checked when added, not when the first request fails.
    /// let bad = botika::Client::builder().header("X Tenant", "store-42");
    /// assert_eq!(bad.unwrap_err().code(), "config");
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn header(mut self, name: &str, value: &str) -> Result<Self> {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::config(format!(
                "header name {name:?} is not a valid HTTP header name"
            ))
        })?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::config(format!(
                "the value of header {name} is not a valid HTTP header value"
            ))
        })?;
        self.headers.insert(name, value);
        Ok(self)
    }

    /// Uses this reqwest client (its pool, proxy and TLS settings) instead of building one;
    /// the builder's timeouts then apply per request.
    ///
    /// ```
    /// use std::time::Duration;
    /// // For a proxy, or to share one pool with the rest of the application.
    /// let http = reqwest::Client::builder()
    ///     .connect_timeout(Duration::from_secs(5))
    ///     .build()
    ///     .expect("a reqwest client");
    /// let client = botika::Client::builder().token("t").http_client(http).build()?;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// How many times a failed call may be retried (default 2); shorthand for the
    /// [`RetryPolicy`]'s [`max_retries`](RetryPolicy::max_retries). Per call:
    /// [`RequestOptions::max_retries`].
    ///
    /// ```
    /// // A batch job that reports failures itself may prefer not to wait on retries.
    /// let client = botika::Client::builder().token("t").max_retries(0).build()?;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry = self.retry.max_retries(retries);
        self
    }

    /// The whole retry policy: retries, backoff and the `Retry-After` cap.
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = botika::RetryPolicy::default()
    ///     .max_retries(5)
    ///     .retry_after_cap(Duration::from_secs(10));
    /// let client = botika::Client::builder().token("t").retry_policy(policy).build()?;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Calls `hook` before every retry, with what failed and how long the client will wait.
    /// A panic in the hook is caught and ignored.
    ///
    /// Bulk jobs, which retry their sends themselves, call it too: before re-sending a request
    /// that never reached the server, and for each 429 that puts a recipient back in the queue
    /// (`kind` is `rate_limited`, `delay` how long the job now pauses). `attempt` counts that
    /// recipient's sends.
    ///
    /// ```
    /// let client = botika::Client::builder()
    ///     .token("t")
    ///     .on_retry(|event| eprintln!("retry {} of {} {}: {} in {:?}",
    ///         event.attempt, event.method, event.path, event.kind, event.delay))
    ///     .build()?;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn on_retry(mut self, hook: impl Fn(&RetryEvent) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(std::sync::Arc::new(hook));
        self
    }

    /// Limits sends to `messages_per_second` (fractions allowed), shared by every clone of the
    /// client and every call made through it.
    ///
    /// It gates each attempt of `POST /messages`, retries included, just before the request is
    /// sent: attempts leave evenly spaced, `1 / messages_per_second` apart, however many tasks
    /// send at once. Waiting is asynchronous (tokio's timer) and does not count against the
    /// call's timeout. Other requests (broadcasts, media, reads) are not limited.
    ///
    /// ```
    /// // Every clone shares the one limiter, so concurrent tasks stay under 20 sends a second.
    /// let client = botika::Client::builder().token("t").rate_limit(20.0).build()?;
    /// let worker = client.clone();
    /// assert_eq!(
    ///     botika::Client::builder().token("t").rate_limit(0.0).build().unwrap_err().code(),
    ///     "config"
    /// );
    /// # let _ = worker;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn rate_limit(mut self, messages_per_second: f64) -> Self {
        self.rate_limit = Some(messages_per_second);
        self
    }

    /// Options applied to every call unless a call overrides them.
    ///
    /// ```
    /// use botika::RequestOptions;
    /// // Notifications where a duplicate is harmless: retry sends after timeouts and 5xx too.
    /// let client = botika::Client::builder()
    ///     .token("t")
    ///     .default_options(RequestOptions::new().retry_unsafe_sends(true))
    ///     .build()?;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn default_options(mut self, options: RequestOptions) -> Self {
        self.defaults = options;
        self
    }

    /// Builds the client, reading `BOTIKA_API_TOKEN` / `BOTIKA_BASE_URL` for what was not set.
    ///
    /// ```
    /// let client = botika::Client::builder().token("t").build()?;
    /// assert!(botika::Client::builder().token("").build().is_err());
    /// # let _ = client;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn build(self) -> Result<Client> {
        Client::from_builder(self)
    }

    pub(crate) fn resolved_token(&self) -> Result<Secret> {
        match &self.token {
            Some(token) => Ok(token.clone()),
            None => std::env::var(ENV_TOKEN).map(Secret::new).map_err(|_| {
                Error::config(format!(
                    "no API token: pass one to the client or set {ENV_TOKEN} (create it in the Botika dashboard under Phone Numbers > Detail > Api)"
                ))
            }),
        }
        .and_then(|token| {
            if token.expose().trim().is_empty() {
                Err(Error::config("the API token is empty"))
            } else if HeaderValue::from_str(&format!("Bearer {}", token.expose())).is_err() {
                Err(Error::config("the API token contains characters that cannot be sent in an HTTP header"))
            } else {
                Ok(token)
            }
        })
    }

    pub(crate) fn resolved_base_url(&self) -> Result<Url> {
        let raw = match &self.base_url {
            Some(url) => url.clone(),
            None => std::env::var(ENV_BASE_URL).unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned()),
        };
        let mut url = Url::parse(raw.trim())
            .map_err(|e| Error::config(format!("base URL {raw:?} is not a valid URL: {e}")))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(Error::config(format!(
                "base URL {raw:?} must start with http:// or https://"
            )));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::config(format!(
                "base URL {raw:?} must not have a query or fragment"
            )));
        }
        // Paths are appended as `<base>/<path>`: keep exactly one slash between them.
        let trimmed = url.path().trim_end_matches('/').to_owned();
        url.set_path(&trimmed);
        Ok(url)
    }
}
