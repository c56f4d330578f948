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
    /// `headers` plus `Content-Type: application/json`, for requests with a JSON body (made once
    /// here: adding it to every request's copy could grow that copy again).
    pub json_headers: HeaderMap,
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
    ///
    /// ```
    /// use std::time::Duration;
    /// let client = botika::Client::builder()
    ///     .token("my-token")
    ///     .timeout(Duration::from_secs(15))
    ///     .max_retries(3)
    ///     .build()?;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client with this token and everything else default (base URL from `BOTIKA_BASE_URL` or
    /// Botika's production URL).
    ///
    /// ```
    /// let client = botika::Client::new("my-token")?;
    /// // An empty token is refused here rather than as a 401 on the first call.
    /// assert_eq!(botika::Client::new(" ").unwrap_err().code(), "config");
    /// # let _ = client;
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn new(token: impl Into<String>) -> Result<Client> {
        Client::builder().token(token).build()
    }

    /// A client configured from `BOTIKA_API_TOKEN` and `BOTIKA_BASE_URL`.
    ///
    /// ```no_run
    /// // With BOTIKA_API_TOKEN (and, for a sandbox, BOTIKA_BASE_URL) set:
    /// let client = botika::Client::from_env()?;
    /// # Ok::<(), botika::Error>(())
    /// ```
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
        let mut json_headers = headers.clone();
        json_headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token,
                headers,
                json_headers,
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
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use std::time::Duration;
    /// use botika::RequestOptions;
    /// // A health check should fail fast instead of waiting through the client's retries.
    /// let quick = client.with_options(
    ///     RequestOptions::new().timeout(Duration::from_secs(2)).max_retries(0),
    /// );
    /// let profile = quick.profile().get().await?;
    /// # Ok(()) }
    /// ```
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            inner: self.inner.clone(),
            options: options.or(&self.options),
        }
    }

    /// The base URL every path is appended to.
    ///
    /// ```
    /// let client = botika::Client::builder()
    ///     .token("t")
    ///     .base_url("http://127.0.0.1:8080/api/whatsapp/v1/")
    ///     .build()?;
    /// // The trailing slash is dropped: paths are appended after exactly one.
    /// assert_eq!(client.base_url(), "http://127.0.0.1:8080/api/whatsapp/v1");
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// The full URL of an API path.
    pub(crate) fn url(&self, path: &str) -> Result<Url> {
        join_path(&self.inner.base_url, path)
    }

    /// Sends `request` (retrying as the policy allows) and returns its 2xx response with the body
    /// read, or the error.
    pub(crate) async fn execute(&self, request: ApiRequest) -> Result<ApiResponse> {
        let request = &request;
        self.with_retries(request, |number| async move {
            let mut response = self.attempt(request, number).await?;
            let status = response.status().as_u16();
            // Taken, not cloned: reading the body consumes the response anyway.
            let headers = std::mem::take(response.headers_mut());
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
        let mut headers = match request.body {
            RequestBody::Json(_) => self.inner.json_headers.clone(),
            RequestBody::None | RequestBody::Multipart(_) => self.inner.headers.clone(),
        };
        merge_headers(&mut headers, &self.options.extra_headers)?;
        let timeout = self.options.timeout.unwrap_or(self.inner.timeout);
        // `RequestBuilder::headers` would re-insert every header one by one into the request's
        // empty map; the finished map is moved in whole instead. Going through the client's
        // builder first keeps what it does to the URL (credentials in it become basic auth,
        // which the token's Authorization then replaces, as it always did).
        let (http, built) = self
            .inner
            .http
            .request(request.method.clone(), self.url(&request.path)?)
            .build_split();
        let mut built = built.map_err(|e| transport_error(e, &request.method, &request.path))?;
        *built.headers_mut() = headers;
        *built.timeout_mut() = Some(timeout);
        let mut builder = reqwest::RequestBuilder::from_parts(http, built);
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

/// `base` (which has no trailing slash, no query and no fragment) with `path` appended after one
/// slash, as `Url::parse("{base}/{path}")` reads it.
///
/// Parsing a whole URL (scheme, host, port) costs about as much as the rest of building a
/// request, so a path of plain characters, the only kind the SDK's own requests use, is parsed on
/// its own into a copy of the base. Anything else (a query, spaces, non-ASCII, ...) takes the full
/// parse, whose edge cases (trimming, `?` and `#`) `set_path` would treat differently.
fn join_path(base: &Url, path: &str) -> Result<Url> {
    let path = path.trim_start_matches('/');
    if path.bytes().all(is_plain_path_byte) {
        let base_path = base.path().trim_end_matches('/');
        let mut joined = String::with_capacity(base_path.len() + 1 + path.len());
        joined.push_str(base_path);
        joined.push('/');
        joined.push_str(path);
        let mut url = base.clone();
        url.set_path(&joined);
        return Ok(url);
    }
    parse_joined(base, path)
}

/// The full parse of `{base}/{path}`.
fn parse_joined(base: &Url, path: &str) -> Result<Url> {
    let base = base.as_str().trim_end_matches('/');
    Url::parse(&format!("{base}/{path}")).map_err(|e| {
        Error::invalid_argument("path", format!("{path:?} does not form a valid URL: {e}"))
    })
}

/// RFC 3986's unreserved characters, `/` and `%`: what `path_with_id` produces.
fn is_plain_path_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/' | b'%')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn base(raw: &str) -> Url {
        Client::builder()
            .token("t")
            .base_url(raw)
            .build()
            .unwrap()
            .inner
            .base_url
            .clone()
    }

    const BASES: [&str; 4] = [
        "http://127.0.0.1:8080",
        "https://api.example.com/",
        "https://api.example.com/api/whatsapp/v1/",
        "https://user:pw@h.example:444/a%20b/c",
    ];

    proptest! {
        // The shortcut must give exactly the URL the full parse gives, dot segments and
        // percent signs included.
        #[test]
        fn plain_paths_join_as_the_full_parse_reads_them(
            base_index in 0..BASES.len(),
            segments in proptest::collection::vec(
                prop_oneof![
                    Just(String::new()),
                    Just(".".to_owned()),
                    Just("..".to_owned()),
                    Just("%2e".to_owned()),
                    Just("%2E%2E".to_owned()),
                    Just(".%2e".to_owned()),
                    Just("%zz".to_owned()),
                    "[A-Za-z0-9._~%-]{1,12}",
                ],
                0..6,
            ),
            leading in 0..3usize,
        ) {
            let base = base(BASES[base_index]);
            let path = format!("{}{}", "/".repeat(leading), segments.join("/"));
            prop_assert!(path.bytes().all(is_plain_path_byte));
            let expected = parse_joined(&base, path.trim_start_matches('/')).unwrap();
            prop_assert_eq!(join_path(&base, &path).unwrap(), expected);
        }
    }

    #[test]
    fn other_paths_are_parsed_whole() {
        let base = base("https://api.example.com/v1");
        let url = join_path(&base, "/media?x=1#f").unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/media?x=1#f");
        let url = join_path(&base, "messages/a b ").unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/messages/a%20b");
        let url = join_path(&base, "/messages/wamid.HBg%3D").unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.example.com/v1/messages/wamid.HBg%3D"
        );
    }
}
