//! Why a command failed, in the categories the exit code reports, with a hint that says what to
//! do next. Every error of the core maps here; no failure ever carries the API token.

use std::collections::BTreeMap;
use std::process::ExitCode;

use botika::ErrorKind;
use serde::Serialize;

/// The category of a failure; each has its own exit code (documented in `docs/cli.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Anything else: a local file could not be read or written, a server could not start.
    Other,
    /// The command line or its input is wrong (clap uses the same code for bad flags).
    Usage,
    /// The API answered with an error (4xx, 5xx) or with something unreadable.
    Api,
    /// The API could not be reached, or did not answer in time.
    Network,
    /// A broadcast ran to its end, but some recipients failed.
    Partial,
}

impl Category {
    /// The process exit code of this category.
    pub fn code(self) -> u8 {
        match self {
            Category::Other => 1,
            Category::Usage => 2,
            Category::Api => 3,
            Category::Network => 4,
            Category::Partial => 5,
        }
    }

    fn of(kind: ErrorKind) -> Category {
        match kind {
            ErrorKind::InvalidArgument | ErrorKind::Config => Category::Usage,
            ErrorKind::Timeout | ErrorKind::Connection => Category::Network,
            ErrorKind::Cancelled => Category::Other,
            _ => Category::Api,
        }
    }
}

/// A failed command: what went wrong and what to do about it.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The exit code's category.
    pub category: Category,
    /// The core's stable error code (`not_found`, `validation`, ...), when the core failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// What went wrong.
    pub message: String,
    /// The HTTP status, for errors the API answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Field path -> the rules it breaks.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, Vec<String>>,
    /// The API's request id, to quote to Botika's support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// What to do next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Failure {
    fn new(category: Category, message: impl Into<String>) -> Failure {
        Failure {
            category,
            code: None,
            message: message.into(),
            status: None,
            fields: BTreeMap::new(),
            request_id: None,
            hint: None,
        }
    }

    /// The command line or its input is wrong.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::new(Category::Usage, message)
    }

    /// A local failure (files, sockets).
    pub fn other(message: impl Into<String>) -> Failure {
        Failure::new(Category::Other, message)
    }

    /// A broadcast that finished with failed recipients.
    pub fn partial(message: impl Into<String>) -> Failure {
        Failure::new(Category::Partial, message)
    }

    /// Adds advice on what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }

    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.category.code())
    }
}

impl From<botika::Error> for Failure {
    fn from(error: botika::Error) -> Failure {
        // A refusal's message repeats every field rule, which are printed one per line anyway.
        let message =
            if error.kind() == ErrorKind::InvalidArgument && !error.field_errors().is_empty() {
                "the input breaks the API's rules, so nothing was sent".to_owned()
            } else {
                error.to_string()
            };
        let mut failure = Failure::new(Category::of(error.kind()), message);
        failure.code = Some(error.code());
        failure.status = error.status();
        failure.fields = error.field_errors().clone();
        failure.request_id = error.request_id().map(str::to_owned);
        failure.hint = hint(&error);
        failure
    }
}

/// Advice for the errors a user can act on.
fn hint(error: &botika::Error) -> Option<String> {
    let text = match error.kind() {
        ErrorKind::Authentication => {
            "check the API token: pass --token, set BOTIKA_API_TOKEN, or run `botika config set token`"
                .to_owned()
        }
        ErrorKind::Permission => "this token may not do that; check the number's plan and permissions in the Botika dashboard".to_owned(),
        ErrorKind::NotFound => "check the id or name; `botika templates list` shows the templates".to_owned(),
        ErrorKind::RateLimited => match error.retry_after() {
            Some(wait) => format!("wait {} s and try again, or send more slowly (--rate-limit)", wait.as_secs().max(1)),
            None => "wait a moment and try again, or send more slowly (--rate-limit)".to_owned(),
        },
        ErrorKind::Server if error.may_have_been_sent() => {
            "the message may have been delivered: check before sending it again".to_owned()
        }
        ErrorKind::Server => "the API failed; try again later".to_owned(),
        ErrorKind::Connection => "check that the API is reachable at the base URL (--base-url, BOTIKA_BASE_URL); for a local sandbox run `botika sandbox`".to_owned(),
        ErrorKind::Timeout if error.may_have_been_sent() => {
            "the message may have been delivered: check before sending it again".to_owned()
        }
        ErrorKind::Timeout => "the API did not answer in time; try again or raise --timeout".to_owned(),
        ErrorKind::Config => "see `botika --help` for the token and base URL settings".to_owned(),
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_fall_into_the_documented_exit_codes() {
        let cases = [
            (botika::Error::invalid_argument("to", "is required"), 2),
            (botika::Error::config("no API token"), 2),
            (
                botika::Error::from_response("GET", "/profile", 401, b"", None, None),
                3,
            ),
            (
                botika::Error::from_response("GET", "/profile", 503, b"", None, None),
                3,
            ),
            (botika::Error::new(ErrorKind::Connection, "refused"), 4),
            (botika::Error::new(ErrorKind::Timeout, "slow"), 4),
        ];
        for (error, code) in cases {
            let failure = Failure::from(error);
            assert_eq!(failure.category.code(), code, "{}", failure.message);
        }
    }

    #[test]
    fn field_errors_and_request_ids_are_kept() {
        let body = br#"{"message":"The to field is required.","errors":{"to":["The to field is required."]}}"#;
        let error =
            botika::Error::from_response("POST", "/messages", 422, body, Some("r-1".into()), None);
        let failure = Failure::from(error);
        assert_eq!(failure.code, Some("validation"));
        assert_eq!(failure.fields["to"], ["The to field is required."]);
        assert_eq!(failure.request_id.as_deref(), Some("r-1"));
    }
}
