//! The [`Client`]: one connection pool and configuration, cheap to clone, with an accessor per
//! API resource.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use url::Url;

use crate::config::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Secret};
use crate::error::{Error, Result};
use crate::options::RequestOptions;
use crate::rate_limit::RateLimiter;
use crate::retry::{Failure, RetryHook, RetryPolicy, millis};
use crate::transport::{
    self, ApiRequest, ApiResponse, RequestBody, merge_headers, transport_error,
};

/// The SDK's version, as sent in the `User-Agent`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A client for Botika's WhatsApp Business API.
///
/// Cloning is cheap and shares the connection pool, rate limiter and settings. The client is
/// async and runtime-agnostic: it never starts a runtime of its own (run it on tokio).
///
/// ```no_run
/// # async fn demo() -> botika::Result<()> {
/// let client = botika::Client::from_env()?;
/// let profile = client.profile().get().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    pub(crate) options: RequestOptions,
}

pub(crate) struct Inner {
    pub http: reqwest::Client,
    pub base_url: Url,
    pub token: Secret,
    /// Authorization, Accept, User-Agent and the builder's headers, ready to send.
    pub headers: HeaderMap,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub on_retry: Option<RetryHook>,
    /// Gates `POST /messages`; one per client, shared by its clones.
    pub rate_limiter: Option<RateLimiter>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("token", &self.inner.token)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("rate_limit", &self.inner.rate_limiter)
            .field("on_retry", &self.inner.on_retry.is_some())
            .field("options", &self.options)
            .finish()
    }
}

impl Client {
    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client with this token and everything else default (base URL from `BOTIKA_BASE_URL` or
    /// Botika's production URL).
    pub fn new(token: impl Into<String>) -> Result<Client> {
        Client::builder().token(token).build()
    }

    /// A client configured from `BOTIKA_API_TOKEN` and `BOTIKA_BASE_URL`.
    pub fn from_env() -> Result<Client> {
        Client::builder().build()
    }

    pub(crate) fn from_builder(builder: ClientBuilder) -> Result<Client> {
        let token = builder.resolved_token()?;
        let base_url = builder.resolved_base_url()?;
        let timeout = builder.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let rate_limiter = builder.rate_limit.map(RateLimiter::new).transpose()?;
        let http = match (builder.http_client.clone(), builder.connect_timeout) {
            (Some(_), Some(_)) => {
                return Err(Error::config(
                    "a connect timeout cannot be applied to a custom http_client: set it on that reqwest client",
                ));
            }
            (Some(http), None) => http,
            (None, connect_timeout) => reqwest::Client::builder()
                .connect_timeout(connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .tcp_nodelay(true)
                .build()
                .map_err(|e| {
                    Error::config(format!("cannot build the HTTP client: {e}")).with_source(e)
                })?,
        };
        let mut headers = builder.headers.clone();
        let mut auth =
            HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                Error::config(
                    "the API token contains characters that cannot be sent in an HTTP header",
                )
            })?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let user_agent = match &builder.user_agent_suffix {
            Some(suffix) => format!("{suffix} botika-rust/{VERSION}"),
            None => format!("botika-rust/{VERSION}"),
        };
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(&user_agent)
                .map_err(|_| Error::config("the user agent is not a valid HTTP header value"))?,
        );
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token,
                headers,
                timeout,
                retry: builder.retry,
                on_retry: builder.on_retry,
                rate_limiter,
            }),
            options: builder.defaults,
        })
    }

    /// A client sharing this one's pool and settings, with `options` layered over its defaults.
    /// Use it for per-call timeouts, retries or headers.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            inner: self.inner.clone(),
            options: options.or(&self.options),
        }
    }

    /// The base URL every path is appended to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// The full URL of an API path.
    pub(crate) fn url(&self, path: &str) -> Result<Url> {
        let base = self.inner.base_url.as_str().trim_end_matches('/');
        let path = path.trim_start_matches('/');
        Url::parse(&format!("{base}/{path}")).map_err(|e| {
            Error::invalid_argument("path", format!("{path:?} does not form a valid URL: {e}"))
        })
    }

    /// Sends `request` (retrying as the policy allows) and returns its 2xx response with the body
    /// read, or the error.
    pub(crate) async fn execute(&self, request: ApiRequest) -> Result<ApiResponse> {
        let request = &request;
        self.with_retries(request, |number| async move {
            let response = self.attempt(request, number).await?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            // A body that breaks off may still mean the request was acted on (the status was 2xx).
            let body = response.bytes().await.map_err(|e| Failure {
                error: transport_error(e, &request.method, &request.path),
                never_reached: false,
            })?;
            Ok(ApiResponse {
                status,
                headers,
                body,
            })
        })
        .await
    }

    /// Sends `request` (retrying as the policy allows until response headers arrive) and returns
    /// the response with its body unread, for streaming downloads; a non-2xx status is read and
    /// returned as an error. The call's total timeout keeps running while the body is read.
    pub(crate) async fn execute_streaming(&self, request: ApiRequest) -> Result<reqwest::Response> {
        self.with_retries(&request, |number| self.attempt(&request, number))
            .await
    }

    /// One attempt: waits for the rate limiter when the request is a send it gates, sends, and
    /// turns a non-2xx answer into an error.
    async fn attempt(
        &self,
        request: &ApiRequest,
        number: u32,
    ) -> std::result::Result<reqwest::Response, Failure> {
        let builder = self.build(request)?;
        if let Some(limiter) = &self.inner.rate_limiter
            && is_rate_limited(request)
        {
            limiter.acquire().await;
        }
        let method = request.method.as_str();
        let path = request.path.as_str();
        let started = Instant::now();
        let response = builder.send().await.map_err(|e| {
            let never_reached = transport::never_reached_server(&e);
            let error = transport_error(e, &request.method, &request.path);
            tracing::debug!(
                method,
                path,
                attempt = number,
                code = error.code(),
                elapsed_ms = millis(started.elapsed()),
                "botika request got no response"
            );
            Failure {
                error,
                never_reached,
            }
        })?;
        let status = response.status().as_u16();
        tracing::debug!(
            method,
            path,
            attempt = number,
            status,
            elapsed_ms = millis(started.elapsed()),
            "botika response"
        );
        if response.status().is_success() {
            return Ok(response);
        }
        let request_id = transport::request_id(response.headers());
        let retry_after = transport::retry_after(response.headers());
        let body = response.bytes().await.unwrap_or_default();
        Err(Failure {
            error: Error::from_response(method, path, status, &body, request_id, retry_after),
            never_reached: false,
        })
    }

    fn build(&self, request: &ApiRequest) -> Result<reqwest::RequestBuilder> {
        let mut headers = self.inner.headers.clone();
        if let RequestBody::Json(_) = request.body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        merge_headers(&mut headers, &self.options.extra_headers)?;
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), self.url(&request.path)?)
            .headers(headers)
            .timeout(self.options.timeout.unwrap_or(self.inner.timeout));
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        builder = match &request.body {
            RequestBody::None => builder,
            RequestBody::Json(bytes) => builder.body(bytes.clone()),
            RequestBody::Multipart(factory) => builder.multipart(factory()?),
        };
        Ok(builder)
    }
}

/// True for the requests the rate limiter gates: `POST /messages` (however the path is slashed).
fn is_rate_limited(request: &ApiRequest) -> bool {
    request.method == reqwest::Method::POST && request.path.trim_matches('/') == "messages"
}
