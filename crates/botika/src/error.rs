//! The SDK's one error type: a stable kind (with a string code every binding exposes) plus what the
//! API said, so callers can branch on the kind and still show the server's own words.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, as a stable category. [`ErrorKind::code`] gives the string the Python and Node
/// packages expose; those strings never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 401: the token is missing, wrong or revoked.
    Authentication,
    /// 403: the token is valid but may not do this.
    Permission,
    /// 404: the message, media or template does not exist.
    NotFound,
    /// 422: the API refused the request's content; see [`Error::field_errors`].
    Validation,
    /// 429: too many requests; see [`Error::retry_after`].
    RateLimited,
    /// Any other 4xx (400, 405, 409, 413, ...): the request was malformed for the server.
    BadRequest,
    /// 5xx: the server failed.
    Server,
    /// The request or the connection attempt took longer than allowed.
    Timeout,
    /// The connection could not be made, or broke before a response arrived.
    Connection,
    /// A response arrived but could not be read as the expected shape.
    Decode,
    /// Refused by the SDK before sending: the input breaks a rule of the API; see
    /// [`Error::field_errors`] for the field path and the rule.
    InvalidArgument,
    /// The client is misconfigured (no token, bad base URL, ...).
    Config,
    /// The caller cancelled the call (for example a bulk send stopped halfway).
    Cancelled,
}

impl ErrorKind {
    /// The stable string code of this kind, as the bindings expose it.
    ///
    /// ```
    /// use botika::ErrorKind;
    /// assert_eq!(ErrorKind::RateLimited.code(), "rate_limited");
    /// assert_eq!(ErrorKind::InvalidArgument.to_string(), "invalid_argument");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Authentication => "authentication",
            ErrorKind::Permission => "permission",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Validation => "validation",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Server => "server",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Connection => "connection",
            ErrorKind::Decode => "decode",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Config => "config",
            ErrorKind::Cancelled => "cancelled",
        }
    }

    /// Every kind, in declaration order (for bindings that build one class per kind).
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::Authentication,
        ErrorKind::Permission,
        ErrorKind::NotFound,
        ErrorKind::Validation,
        ErrorKind::RateLimited,
        ErrorKind::BadRequest,
        ErrorKind::Server,
        ErrorKind::Timeout,
        ErrorKind::Connection,
        ErrorKind::Decode,
        ErrorKind::InvalidArgument,
        ErrorKind::Config,
        ErrorKind::Cancelled,
    ];

    /// The kind an HTTP error status maps to (contract section 1.1).
    ///
    /// ```
    /// use botika::ErrorKind;
    /// assert_eq!(ErrorKind::from_status(422), ErrorKind::Validation);
    /// assert_eq!(ErrorKind::from_status(409), ErrorKind::BadRequest);
    /// assert_eq!(ErrorKind::from_status(503), ErrorKind::Server);
    /// ```
    pub fn from_status(status: u16) -> ErrorKind {
        match status {
            401 => ErrorKind::Authentication,
            403 => ErrorKind::Permission,
            404 => ErrorKind::NotFound,
            422 => ErrorKind::Validation,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::BadRequest,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An error from the SDK or from the API.
///
/// API errors carry the HTTP status, method, path, the server's message, per-field messages, the
/// raw body and the request id. Errors on `POST /messages` or `POST /broadcasts` whose outcome is
/// unknown (a timeout or a 5xx after the request was sent) say so through
/// [`Error::may_have_been_sent`]. No error ever contains the API token.
///
/// ```no_run
/// use botika::{ErrorKind, Text};
/// # async fn demo(client: &botika::Client) -> botika::Result<()> {
/// match client.messages().send("+62 812-3456-7890", Text::new("Halo!")).await {
///     Ok(sent) => println!("sent {}", sent.id),
///     Err(e) if e.kind() == ErrorKind::InvalidArgument => println!("fix: {:?}", e.field_errors()),
///     Err(e) if e.kind() == ErrorKind::RateLimited => println!("wait {:?}", e.retry_after()),
///     Err(e) => return Err(e),
/// }
/// # Ok(()) }
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    method: Option<String>,
    path: Option<String>,
    field_errors: BTreeMap<String, Vec<String>>,
    body: Option<String>,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    may_have_been_sent: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    /// A new error of `kind` with `message` and no other detail.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                status: None,
                method: None,
                path: None,
                field_errors: BTreeMap::new(),
                body: None,
                request_id: None,
                retry_after: None,
                may_have_been_sent: false,
                source: None,
            }),
        }
    }

    /// A request refused before sending: `field` is the path of the offending field in the API's
    /// JSON (`interactive.action.buttons[3].reply.title`), `rule` says what it must be.
    ///
    /// ```
    /// let e = botika::Error::invalid_argument("to", "must have a country code");
    /// assert_eq!(e.code(), "invalid_argument");
    /// assert_eq!(e.message(), "to: must have a country code");
    /// assert_eq!(e.field_errors()["to"], ["must have a country code"]);
    /// ```
    pub fn invalid_argument(field: impl Into<String>, rule: impl Into<String>) -> Error {
        let field = field.into();
        let rule = rule.into();
        let mut error = Error::new(ErrorKind::InvalidArgument, format!("{field}: {rule}"));
        error.inner.field_errors.insert(field, vec![rule]);
        error
    }

    /// Several refusals at once, one per field; the message lists them all.
    pub fn invalid_arguments(fields: BTreeMap<String, Vec<String>>) -> Error {
        let message = fields
            .iter()
            .flat_map(|(field, rules)| rules.iter().map(move |rule| format!("{field}: {rule}")))
            .collect::<Vec<_>>()
            .join("; ");
        let mut error = Error::new(ErrorKind::InvalidArgument, message);
        error.inner.field_errors = fields;
        error
    }

    /// The client is misconfigured.
    pub fn config(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config, message)
    }

    /// A response that could not be read as the expected shape.
    pub fn decode(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Decode, message)
    }

    /// An error built from an API response with a non-2xx `status`.
    ///
    /// The message is the first of `message`, `error` (a string or its `message`),
    /// `errors[0].title`/`errors[0].details`, or else the status line; Laravel's `errors` object
    /// becomes [`Error::field_errors`]. Any body, JSON or not, is accepted.
    ///
    /// ```
    /// let body = br#"{"message": "The given data was invalid.", "errors": {"to": ["The to field is required."]}}"#;
    /// let e = botika::Error::from_response("POST", "/messages", 422, body, None, None);
    /// assert_eq!(e.code(), "validation");
    /// assert_eq!(e.message(), "The given data was invalid.");
    /// assert_eq!(e.field_errors()["to"], ["The to field is required."]);
    /// ```
    pub fn from_response(
        method: &str,
        path: &str,
        status: u16,
        body: &[u8],
        request_id: Option<String>,
        retry_after: Option<Duration>,
    ) -> Error {
        let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let message = json
            .as_ref()
            .and_then(message_from_body)
            .unwrap_or_else(|| status_line(status));
        let mut error = Error::new(ErrorKind::from_status(status), message);
        if let Some(serde_json::Value::Object(errors)) = json.as_ref().and_then(|j| j.get("errors"))
        {
            for (field, messages) in errors {
                let list = match messages {
                    serde_json::Value::Array(items) => items.iter().map(value_text).collect(),
                    other => vec![value_text(other)],
                };
                error.inner.field_errors.insert(field.clone(), list);
            }
        }
        let inner = &mut error.inner;
        inner.status = Some(status);
        inner.method = Some(method.to_owned());
        inner.path = Some(path.to_owned());
        inner.body = (!body.is_empty()).then(|| String::from_utf8_lossy(body).into_owned());
        inner.request_id = request_id;
        inner.retry_after = retry_after;
        error
    }

    /// Attaches the request this error belongs to (method and path, never the full URL's secrets).
    pub fn with_request(mut self, method: &str, path: &str) -> Error {
        self.inner.method = Some(method.to_owned());
        self.inner.path = Some(path.to_owned());
        self
    }

    /// Attaches the underlying cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.inner.source = Some(Box::new(source));
        self
    }

    /// Marks a send whose outcome is unknown: the request reached (or may have reached) the
    /// server, so the message may have been delivered even though this call failed.
    pub fn with_may_have_been_sent(mut self) -> Error {
        if !self.inner.may_have_been_sent {
            self.inner.may_have_been_sent = true;
            self.inner.message.push_str(
                " (the request may have reached the server, so the message may have been sent)",
            );
        }
        self
    }

    /// The stable category.
    ///
    /// ```
    /// use botika::ErrorKind;
    /// let e = botika::validate_recipient("0812345678").unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The stable string code of [`Error::kind`].
    ///
    /// ```
    /// // The same strings the Python and Node packages use, handy for metrics and logs.
    /// let e = botika::Error::from_response("GET", "/media/1", 404, b"", None, None);
    /// assert_eq!(e.code(), "not_found");
    /// ```
    pub fn code(&self) -> &'static str {
        self.inner.kind.code()
    }

    /// The human-readable message (the server's own words for API errors).
    ///
    /// ```
    /// let body = br#"{"message": "Unauthenticated."}"#;
    /// let e = botika::Error::from_response("GET", "/profile", 401, body, None, None);
    /// assert_eq!(e.message(), "Unauthenticated.");
    /// // Without a message in the body, the status line stands in.
    /// let e = botika::Error::from_response("GET", "/profile", 502, b"<html>", None, None);
    /// assert_eq!(e.message(), "HTTP 502 Bad Gateway");
    /// ```
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The HTTP status, for errors the API answered.
    ///
    /// ```
    /// let api = botika::Error::from_response("DELETE", "/media/1", 404, b"", None, None);
    /// assert_eq!(api.status(), Some(404));
    /// // Refused before sending: no status.
    /// assert_eq!(botika::validate_recipient("12").unwrap_err().status(), None);
    /// ```
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The HTTP method of the failed request.
    pub fn method(&self) -> Option<&str> {
        self.inner.method.as_deref()
    }

    /// The path of the failed request, relative to the base URL (`/messages`).
    ///
    /// ```
    /// let e = botika::Error::from_response("DELETE", "/media/1", 404, b"", None, None);
    /// assert_eq!((e.method(), e.path()), (Some("DELETE"), Some("/media/1")));
    /// ```
    pub fn path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }

    /// Per-field messages: from a 422's `errors` object, or the SDK's own refusal
    /// (field path -> rules broken).
    ///
    /// ```
    /// use botika::{Interactive, OutgoingMessage};
    /// let menu = Interactive::buttons("Pick one").button("a", "A label far over twenty characters");
    /// let e = OutgoingMessage::from(menu).validate().unwrap_err();
    /// for (field, rules) in e.field_errors() {
    ///     println!("{field}: {}", rules.join("; "));
    /// }
    /// assert!(e.field_errors().contains_key("interactive.action.buttons[0].reply.title"));
    /// ```
    pub fn field_errors(&self) -> &BTreeMap<String, Vec<String>> {
        &self.inner.field_errors
    }

    /// The raw response body, when there was one.
    ///
    /// ```
    /// let e = botika::Error::from_response("POST", "/media", 413, b"Payload Too Large", None, None);
    /// assert_eq!(e.body(), Some("Payload Too Large"));
    /// ```
    pub fn body(&self) -> Option<&str> {
        self.inner.body.as_deref()
    }

    /// The response's `X-Request-Id`, when the server sent one.
    ///
    /// ```
    /// let id = Some("9f2c1e7a".to_owned());
    /// let e = botika::Error::from_response("POST", "/messages", 500, b"", id, None);
    /// // Quote it when asking Botika's support about a failed call.
    /// assert_eq!(e.request_id(), Some("9f2c1e7a"));
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// How long the server asked the caller to wait (429 `Retry-After`).
    ///
    /// ```
    /// use std::time::Duration;
    /// let wait = Some(Duration::from_secs(90));
    /// let e = botika::Error::from_response("POST", "/messages", 429, b"", None, wait);
    /// assert_eq!(e.retry_after(), Some(Duration::from_secs(90)));
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// True when a send failed after the request may have reached the server.
    ///
    /// ```no_run
    /// use botika::Text;
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// let to = "+62 812-3456-7890";
    /// match client.messages().send(to, Text::new("Your order shipped")).await {
    ///     Ok(sent) => println!("sent {}", sent.id),
    ///     // Sending again could deliver it twice; its status webhooks will tell.
    ///     Err(e) if e.may_have_been_sent() => eprintln!("{to}: outcome unknown: {e}"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn may_have_been_sent(&self) -> bool {
        self.inner.may_have_been_sent
    }

    /// True for errors worth retrying on an idempotent request: connection failures, timeouts,
    /// 429 and 5xx.
    ///
    /// ```
    /// let busy = botika::Error::from_response("GET", "/profile", 503, b"", None, None);
    /// let gone = botika::Error::from_response("GET", "/profile", 404, b"", None, None);
    /// assert!(busy.is_transient() && !gone.is_transient());
    /// ```
    pub fn is_transient(&self) -> bool {
        matches!(
            self.inner.kind,
            ErrorKind::Connection | ErrorKind::Timeout | ErrorKind::RateLimited | ErrorKind::Server
        )
    }
}

fn status_line(status: u16) -> String {
    match reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn non_empty_str(value: Option<&serde_json::Value>) -> Option<String> {
    value
        .and_then(|v| v.as_str())
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

fn message_from_body(body: &serde_json::Value) -> Option<String> {
    if let Some(message) = non_empty_str(body.get("message")) {
        return Some(message);
    }
    match body.get("error") {
        Some(serde_json::Value::String(text)) if !text.trim().is_empty() => {
            return Some(text.clone());
        }
        Some(error @ serde_json::Value::Object(_)) => {
            if let Some(message) = non_empty_str(error.get("message")) {
                return Some(message);
            }
        }
        _ => {}
    }
    let first = body.get("errors")?.as_array()?.first()?;
    non_empty_str(first.get("title")).or_else(|| non_empty_str(first.get("details")))
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        write!(f, "{}", inner.message)?;
        match (&inner.method, &inner.path, inner.status) {
            (Some(method), Some(path), Some(status)) => write!(f, " [{method} {path} -> {status}")?,
            (Some(method), Some(path), None) => write!(f, " [{method} {path}")?,
            _ => return Ok(()),
        }
        if let Some(id) = &inner.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str("]")
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &inner.kind)
            .field("message", &inner.message);
        if let Some(status) = inner.status {
            d.field("status", &status);
        }
        if let (Some(method), Some(path)) = (&inner.method, &inner.path) {
            d.field("request", &format_args!("{method} {path}"));
        }
        if !inner.field_errors.is_empty() {
            d.field("field_errors", &inner.field_errors);
        }
        if let Some(id) = &inner.request_id {
            d.field("request_id", id);
        }
        if let Some(retry_after) = inner.retry_after {
            d.field("retry_after", &retry_after);
        }
        if inner.may_have_been_sent {
            d.field("may_have_been_sent", &true);
        }
        if let Some(source) = &inner.source {
            d.field("source", &format_args!("{source}"));
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laravel_validation_body_gives_message_and_field_errors() {
        let body = br#"{"message":"The to field is required.","errors":{"to":["The to field is required."]}}"#;
        let err = Error::from_response("POST", "/messages", 422, body, Some("req-1".into()), None);
        assert_eq!(err.kind(), ErrorKind::Validation);
        assert_eq!(err.code(), "validation");
        assert_eq!(err.message(), "The to field is required.");
        assert_eq!(err.field_errors()["to"], vec!["The to field is required."]);
        assert_eq!(err.request_id(), Some("req-1"));
        assert_eq!(
            err.to_string(),
            "The to field is required. [POST /messages -> 422, request id req-1]"
        );
    }

    #[test]
    fn message_falls_back_through_error_and_errors_then_status_line() {
        let cases: [(&[u8], &str); 6] = [
            (br#"{"error":"bad token"}"#, "bad token"),
            (br#"{"error":{"message":"nested","code":190}}"#, "nested"),
            (
                br#"{"errors":[{"code":1,"title":"Meta title"}]}"#,
                "Meta title",
            ),
            (
                br#"{"errors":[{"code":1,"details":"on-prem details"}]}"#,
                "on-prem details",
            ),
            (b"<html>gateway</html>", "HTTP 502 Bad Gateway"),
            (b"", "HTTP 502 Bad Gateway"),
        ];
        for (body, want) in cases {
            let err = Error::from_response("GET", "/profile", 502, body, None, None);
            assert_eq!(
                err.message(),
                want,
                "body {:?}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(err.kind(), ErrorKind::Server);
        }
    }

    #[test]
    fn statuses_map_to_the_contract_kinds() {
        let kinds = [401, 403, 404, 422, 429, 500, 503, 400, 413].map(ErrorKind::from_status);
        assert_eq!(
            kinds.map(ErrorKind::code),
            [
                "authentication",
                "permission",
                "not_found",
                "validation",
                "rate_limited",
                "server",
                "server",
                "bad_request",
                "bad_request"
            ]
        );
    }

    #[test]
    fn may_have_been_sent_is_said_in_the_message_once() {
        let err = Error::from_response("POST", "/messages", 503, b"", None, None)
            .with_may_have_been_sent()
            .with_may_have_been_sent();
        assert!(err.may_have_been_sent());
        assert_eq!(err.message().matches("may have been sent").count(), 1);
    }

    #[test]
    fn invalid_argument_names_the_field_and_the_rule() {
        let err = Error::invalid_argument("text.body", "must be 1 to 4096 characters");
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert_eq!(err.message(), "text.body: must be 1 to 4096 characters");
        assert_eq!(
            err.field_errors()["text.body"],
            vec!["must be 1 to 4096 characters"]
        );
    }
}
