//! The generic request (contract rule 3): reaches any endpoint, including ones this SDK has no
//! typed call for, with the client's auth, headers, timeouts, retries and rate limit.

use reqwest::Method;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::transport::{ApiRequest, ApiResponse, Idempotency};

/// A request to any API path, built by [`Client::request`].
///
/// A `POST` counts as a send (retried only when it provably never reached the server, see
/// [`RetryPolicy`](crate::RetryPolicy)); every other method is retried on any transient failure.
/// [`RawRequest::idempotent`] overrides that.
///
/// ```no_run
/// # async fn demo(client: botika::Client) -> botika::Result<()> {
/// use botika::Method;
/// let response = client
///     .request(Method::GET, "/message-templates")
///     .query("page", "2")
///     .send()
///     .await?;
/// let page = response.json_value()?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest<'a> {
    client: &'a Client,
    request: ApiRequest,
    /// The first builder error (a body that cannot be serialized), returned by `send`.
    error: Option<Error>,
}

impl std::fmt::Debug for RawRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.request.method)
            .field("path", &self.request.path)
            .field("idempotency", &self.request.idempotency)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A request to `path` (relative to the base URL, such as `/profile`) with `method`; add a
    /// body or query and [`send`](RawRequest::send) it.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::Method;
    /// let response = client.request(Method::GET, "/profile").send().await?;
    /// println!("{} {}", response.status, response.json_value()?);
    /// # Ok(()) }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest<'_> {
        RawRequest {
            client: self,
            request: ApiRequest::new(method, path),
            error: None,
        }
    }
}

impl RawRequest<'_> {
    /// Sends `body` as JSON (`Content-Type: application/json`), exactly as it serializes.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::Method;
    /// let body = serde_json::json!({"to": "+62 812-3456-7890"});
    /// // A POST that only reads: safe to retry like a GET.
    /// let latest = client
    ///     .request(Method::POST, "/broadcasts/latest")
    ///     .json(&body)
    ///     .idempotent(true)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn json(mut self, body: &impl serde::Serialize) -> Self {
        match self.request.clone().json(body) {
            Ok(request) => self.request = request,
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
        self
    }

    /// Adds a query parameter (repeat the name to send it several times).
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::Method;
    /// let page = client
    ///     .request(Method::GET, "/message-templates")
    ///     .query("page", "2")
    ///     .query("search", "promo")
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.request = self.request.query(name, value);
        self
    }

    /// Declares whether repeating the request is harmless. `false` makes it a send: retried
    /// only when it provably never reached the server. By default only `POST` is a send.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::Method;
    /// // Deleting twice is harmless, so let timeouts and 5xx be retried too.
    /// client.request(Method::DELETE, "/media/1037543291543636").idempotent(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        let class = if idempotent {
            Idempotency::Safe
        } else {
            Idempotency::Send
        };
        self.request = self.request.idempotency(class);
        self
    }

    /// Sends the request; a 2xx answer comes back whole, anything else as an [`Error`].
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::Method;
    /// match client.request(Method::GET, "/media/1037543291543636").send().await {
    ///     Ok(response) => println!("{} bytes", response.body.len()),
    ///     Err(e) if e.status() == Some(404) => println!("already gone"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<ApiResponse> {
        match self.error {
            Some(error) => {
                Err(error.with_request(self.request.method.as_str(), &self.request.path))
            }
            None => self.client.execute(self.request).await,
        }
    }
}
