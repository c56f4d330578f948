//! The [`Client`]: one connection pool and configuration, cheap to clone, with an accessor per
//! API resource.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use url::Url;

use crate::config::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Secret};
use crate::error::{Error, Result};
use crate::options::RequestOptions;
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
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("token", &self.inner.token)
            .field("timeout", &self.inner.timeout)
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
        let connect_timeout = builder.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let http = match builder.http_client.clone() {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .tcp_nodelay(true)
                .build()
                .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")).with_source(e))?,
        };
        let mut headers = builder.headers.clone();
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .map_err(|_| Error::config("the API token contains characters that cannot be sent in an HTTP header"))?;
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
            inner: Arc::new(Inner { http, base_url, token, headers, timeout }),
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
        Url::parse(&format!("{base}/{path}"))
            .map_err(|e| Error::invalid_argument("path", format!("{path:?} does not form a valid URL: {e}")))
    }

    /// Sends `request` and returns its 2xx response, or the error.
    pub(crate) async fn execute(&self, request: ApiRequest) -> Result<ApiResponse> {
        let response = self.execute_streaming(request.clone()).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(e, &request.method, &request.path))?;
        Ok(ApiResponse { status, headers, body })
    }

    /// Sends `request` and returns the response with its body unread (for streaming downloads);
    /// a non-2xx status is read and returned as an error.
    pub(crate) async fn execute_streaming(&self, request: ApiRequest) -> Result<reqwest::Response> {
        let method = request.method.clone();
        let path = request.path.clone();
        let response = self
            .build(&request)?
            .send()
            .await
            .map_err(|e| transport_error(e, &method, &path))?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status().as_u16();
        let request_id = transport::request_id(response.headers());
        let retry_after = transport::retry_after(response.headers());
        let body = response.bytes().await.unwrap_or_default();
        Err(Error::from_response(method.as_str(), &path, status, &body, request_id, retry_after))
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
