//! One HTTP exchange with the API: building the request (auth, headers, body), sending it, and
//! turning the answer into an [`ApiResponse`] or an [`Error`]. Resources build [`ApiRequest`]s and
//! call [`Client::execute`](crate::Client); retries and rate limiting wrap this layer.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind, Result};

/// How safe a request is to repeat, which decides when it may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// Reads, PUT, PATCH, DELETE and harmless POSTs (`/broadcasts/latest`, `/media`): retried on
    /// connection errors, timeouts, 429 and 5xx.
    Safe,
    /// `POST /messages`, `POST /broadcasts`, template creation: retried only when the request
    /// provably never reached the server (connection refused, 429), unless the caller opts in.
    Send,
}

/// Builds a multipart form afresh for every attempt (a form is consumed when sent).
pub(crate) type FormFactory = Arc<dyn Fn() -> Result<reqwest::multipart::Form> + Send + Sync>;

/// A request body.
#[derive(Clone)]
pub(crate) enum RequestBody {
    None,
    /// Serialized JSON, sent with `Content-Type: application/json`.
    Json(Bytes),
    Multipart(FormFactory),
}

/// A request to the API, relative to the base URL.
#[derive(Clone)]
pub(crate) struct ApiRequest {
    pub method: Method,
    /// Path below the base URL, starting with `/` (`/messages`).
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: RequestBody,
    pub idempotency: Idempotency,
}

impl ApiRequest {
    /// A request without a body; GET, PUT, PATCH and DELETE are [`Idempotency::Safe`].
    pub fn new(method: Method, path: impl Into<String>) -> ApiRequest {
        let idempotency = if method == Method::POST {
            Idempotency::Send
        } else {
            Idempotency::Safe
        };
        ApiRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            body: RequestBody::None,
            idempotency,
        }
    }

    /// Sets a JSON body.
    pub fn json(self, body: &impl serde::Serialize) -> Result<ApiRequest> {
        Ok(self.json_bytes(json_bytes(body)?))
    }

    /// Sets a JSON body that is serialized already.
    pub fn json_bytes(mut self, body: Vec<u8>) -> ApiRequest {
        self.body = RequestBody::Json(Bytes::from(body));
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> ApiRequest {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Overrides the idempotency class.
    pub fn idempotency(mut self, idempotency: Idempotency) -> ApiRequest {
        self.idempotency = idempotency;
        self
    }
}

/// `body` as JSON text; a body that cannot be (a map with keys that are not strings) is an
/// `invalid_argument` error.
pub(crate) fn json_bytes(body: &impl serde::Serialize) -> Result<Vec<u8>> {
    serde_json::to_vec(body).map_err(|e| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("the request body cannot be serialized: {e}"),
        )
    })
}

/// A response with a 2xx status, its body read into memory.
#[derive(Debug, Clone)]
pub struct ApiResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body (may be empty).
    pub body: Bytes,
}

impl ApiResponse {
    /// The body as JSON; an empty body reads as `null`.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// let response = client.request(botika::Method::GET, "/profile").send().await?;
    /// let about = response.json_value()?["data"]["about"].clone();
    /// # Ok(()) }
    /// ```
    pub fn json_value(&self) -> Result<serde_json::Value> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::decode(format!("the response body is not JSON: {e}")).with_source(e)
        })
    }

    /// The body decoded as `T`.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// #[derive(serde::Deserialize)]
    /// struct Page {
    ///     data: Vec<serde_json::Value>,
    /// }
    /// let response = client.request(botika::Method::GET, "/message-templates").send().await?;
    /// let page: Page = response.decode()?;
    /// # Ok(()) }
    /// ```
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        let value = self.json_value()?;
        serde_json::from_value(value)
            .map_err(|e| Error::decode(format!("unexpected response shape: {e}")).with_source(e))
    }

    /// The `X-Request-Id` header, when present.
    pub fn request_id(&self) -> Option<String> {
        request_id(&self.headers)
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The longest `Retry-After` read as given; a longer one (in seconds or as a date) reads as this.
/// The retry policy's own cap decides whether to wait at all.
const RETRY_AFTER_CEILING: Duration = Duration::from_secs(86_400);

/// `Retry-After` as seconds (integer or fractional) or an HTTP date, at most a day.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let raw = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = raw.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(RETRY_AFTER_CEILING.as_secs_f64())));
    }
    let when = httpdate::parse_http_date(raw).ok()?;
    let left = when
        .duration_since(std::time::SystemTime::now())
        .unwrap_or(Duration::ZERO);
    Some(left.min(RETRY_AFTER_CEILING))
}

/// Adds `extra` headers to `headers`, refusing names or values HTTP cannot carry.
pub(crate) fn merge_headers(headers: &mut HeaderMap, extra: &[(String, String)]) -> Result<()> {
    for (name, value) in extra {
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::invalid_argument(
                "extra_headers",
                format!("{name:?} is not a valid HTTP header name"),
            )
        })?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_argument(
                "extra_headers",
                format!("the value of {name} is not a valid HTTP header value"),
            )
        })?;
        headers.insert(header, value);
    }
    Ok(())
}

/// Maps a reqwest failure (no HTTP answer) to a connection or timeout error.
pub(crate) fn transport_error(err: reqwest::Error, method: &Method, path: &str) -> Error {
    let kind = if err.is_timeout() {
        ErrorKind::Timeout
    } else if err.is_decode() {
        ErrorKind::Decode
    } else {
        ErrorKind::Connection
    };
    let message = match kind {
        ErrorKind::Timeout => "the request timed out".to_owned(),
        ErrorKind::Decode => "the response body could not be read".to_owned(),
        _ if err.is_connect() => "could not connect to the API".to_owned(),
        _ => "the connection failed before a response arrived".to_owned(),
    };
    // reqwest's own message includes the URL, which never holds the token (it is a header).
    Error::new(kind, message)
        .with_request(method.as_str(), path)
        .with_source(err.without_url())
}

/// True when `err` proves the request never reached the server (so a send can be retried).
pub(crate) fn never_reached_server(err: &reqwest::Error) -> bool {
    err.is_connect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        headers.insert("retry-after", HeaderValue::from_static("0.5"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(500)));
        headers.insert(
            "retry-after",
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
        headers.insert("retry-after", HeaderValue::from_static("-3"));
        assert_eq!(retry_after(&headers), None);
    }

    fn retry_after_of(value: HeaderValue) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, value);
        retry_after(&headers)
    }

    /// The longest wait a number of seconds can ask for (a day).
    const CAP: Duration = RETRY_AFTER_CEILING;

    #[test]
    fn retry_after_edge_values_neither_panic_nor_go_negative() {
        for (raw, expected) in [
            ("-0", Some(Duration::ZERO)),
            ("0", Some(Duration::ZERO)),
            (" 7 ", Some(Duration::from_secs(7))),
            ("+7", Some(Duration::from_secs(7))),
            ("86401", Some(CAP)),
            ("1e300", Some(CAP)),
            ("inf", None),
            ("NaN", None),
            ("-0.0001", None),
            ("", None),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(Duration::ZERO)),
        ] {
            let value = HeaderValue::from_str(raw).unwrap();
            assert_eq!(retry_after_of(value), expected, "{raw:?}");
        }
        // The latest date HTTP can write is capped like a number of seconds.
        let last = HeaderValue::from_static("Fri, 31 Dec 9999 23:59:59 GMT");
        assert_eq!(retry_after_of(last), Some(CAP));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        // Any header value at all (non-UTF-8 bytes included) is read without a panic, and
        // whatever comes out is a wait no number of seconds could exceed the cap with.
        #[test]
        fn retry_after_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..48)) {
            if let Ok(value) = HeaderValue::from_bytes(&bytes) {
                let wait = retry_after_of(value);
                if std::str::from_utf8(&bytes).is_err() {
                    proptest::prop_assert_eq!(wait, None);
                }
            }
        }

        // Text that looks like a number or a date, near the shapes the parser accepts.
        #[test]
        fn retry_after_near_misses_never_panic(raw in r"[ \t]?[-+]?[0-9.eEinfNa]{0,12}[ \t]?|[A-Za-z]{3}, [0-9]{1,2} [A-Za-z]{3} [0-9]{1,5} [0-9:]{0,9} GMT") {
            if let Ok(value) = HeaderValue::from_str(&raw) {
                if let Some(wait) = retry_after_of(value) {
                    let is_number = raw.trim().parse::<f64>().is_ok();
                    proptest::prop_assert!(!is_number || wait <= CAP, "{:?} gave {:?}", raw, wait);
                }
            }
        }

        // A whole number of seconds `n` is a wait of `n` seconds, capped at a day.
        #[test]
        fn whole_seconds_are_waited_up_to_a_day(seconds in 0u64..10_000_000, pad in "[ \t]{0,2}") {
            let value = HeaderValue::from_str(&format!("{pad}{seconds}{pad}")).unwrap();
            proptest::prop_assert_eq!(
                retry_after_of(value),
                Some(Duration::from_secs(seconds).min(CAP))
            );
        }

        // A fractional number of seconds is waited for as given (capped), a negative one not at all.
        #[test]
        fn fractional_seconds_are_read_exactly(seconds in 0.0f64..200_000.0, negative in proptest::prelude::any::<bool>()) {
            let text = if negative { format!("-{}", seconds.max(1e-6)) } else { seconds.to_string() };
            let expected = (!negative).then(|| Duration::from_secs_f64(seconds.min(86_400.0)));
            proptest::prop_assert_eq!(retry_after_of(HeaderValue::from_str(&text).unwrap()), expected);
        }

        // An HTTP date in the past means retry now; one ahead is the time left until it, at most a day.
        #[test]
        fn http_dates_give_the_time_left(offset in -3_000_000_000i64..3_000_000_000) {
            let now = std::time::SystemTime::now();
            let step = Duration::from_secs(offset.unsigned_abs());
            let Some(when) = (if offset < 0 { now.checked_sub(step) } else { now.checked_add(step) }) else {
                return Ok(());
            };
            if when < std::time::UNIX_EPOCH {
                return Ok(());
            }
            let value = HeaderValue::from_str(&httpdate::fmt_http_date(when)).unwrap();
            let wait = retry_after_of(value).expect("an HTTP date is read");
            if offset <= 0 {
                proptest::prop_assert_eq!(wait, Duration::ZERO);
            } else {
                // The date has whole seconds and the clock moved on since `now`.
                let step = step.min(CAP);
                proptest::prop_assert!(wait <= step, "{:?} > {:?}", wait, step);
                proptest::prop_assert!(wait + Duration::from_secs(2) >= step, "{:?} << {:?}", wait, step);
            }
        }
    }
}
