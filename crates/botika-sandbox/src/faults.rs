//! Injected faults (latency, 5xx and the 4xx the API gives, 429, dropped connections, answers
//! that are not JSON) and the throughput limit: what the control API sets, and the per-request
//! decision the API's fault layer acts on.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::inbox::live::Revision;
use crate::rules::FieldErrors;

/// What a fault does to a request it fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Delays the answer by `latency_ms` (and lets other faults fire too). The request is
    /// handled first, so a client that gives up waiting leaves it processed, as a slow server
    /// would.
    Latency,
    /// Answers `status` (500 by default; 401, 403 and 404 too, see [`ERROR_4XX`]) without handling
    /// the request.
    Error,
    /// Answers 429 with `Retry-After: retry_after` without handling the request.
    RateLimit,
    /// Closes the connection before the request is handled: nothing is stored.
    DropBefore,
    /// Handles the request (it is stored), then closes the connection without answering.
    DropAfter,
    /// Handles the request (it is stored), then answers `200` with a JSON content type and a
    /// body cut short ([`MALFORMED_BODY`]), which no client can decode.
    Malformed,
}

/// The 4xx statuses an `error` fault may answer besides 500 to 599: those of contract 1.1 whose
/// body is a plain `{"message"}` (422 and 429 have their own shapes: send a bad body, or use a
/// `rate_limit` fault).
pub const ERROR_4XX: [u16; 3] = [401, 403, 404];

/// The body of a `malformed` answer: JSON cut off after its first key.
pub const MALFORMED_BODY: &str = "{\"data\":";

/// Laravel's message for an `error` fault's status.
pub fn error_message(status: u16) -> &'static str {
    match status {
        401 => "Unauthenticated.",
        403 => "This action is unauthorized.",
        404 => "Not found.",
        _ => "Server Error",
    }
}

/// A fault to inject, as the control API takes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// What it does.
    pub kind: FaultKind,
    /// The API path it applies to, relative to `/api/whatsapp/v1` (the prefix may be given too):
    /// exact (`/messages`), or a prefix ending in `*` (`/media/*`). Every API path when absent.
    #[serde(default)]
    pub path: Option<String>,
    /// The HTTP method it applies to; every method when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// Fires on the next `count` matching requests, then goes away. Without it the fault stays
    /// until removed.
    #[serde(default)]
    pub count: Option<u64>,
    /// Fires on this fraction of matching requests (0 < rate <= 1), evenly spread and
    /// deterministic: with 0.25 the 4th, 8th, 12th... match fires. Every match when absent.
    #[serde(default)]
    pub rate: Option<f64>,
    /// The delay of a `latency` fault.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// The status of an `error` fault: 500 to 599, or one of [`ERROR_4XX`].
    #[serde(default)]
    pub status: Option<u16>,
    /// The `Retry-After` seconds of a `rate_limit` fault (1 by default).
    #[serde(default)]
    pub retry_after: Option<u64>,
}

impl FaultSpec {
    /// A fault of that kind on every API request, until removed.
    pub fn new(kind: FaultKind) -> FaultSpec {
        FaultSpec {
            kind,
            path: None,
            method: None,
            count: None,
            rate: None,
            latency_ms: None,
            status: None,
            retry_after: None,
        }
    }

    /// Limits it to one path (see [`FaultSpec::path`]).
    pub fn path(mut self, path: impl Into<String>) -> FaultSpec {
        self.path = Some(path.into());
        self
    }

    /// Limits it to one method.
    pub fn method(mut self, method: impl Into<String>) -> FaultSpec {
        self.method = Some(method.into());
        self
    }

    /// Fires on the next `n` matching requests only.
    pub fn count(mut self, n: u64) -> FaultSpec {
        self.count = Some(n);
        self
    }

    /// Fires on that fraction of matching requests.
    pub fn rate(mut self, rate: f64) -> FaultSpec {
        self.rate = Some(rate);
        self
    }

    /// The delay of a latency fault.
    pub fn latency(mut self, delay: Duration) -> FaultSpec {
        self.latency_ms = Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
        self
    }

    /// The status of an error fault.
    pub fn status(mut self, status: u16) -> FaultSpec {
        self.status = Some(status);
        self
    }

    /// The `Retry-After` of a rate-limit fault.
    pub fn retry_after(mut self, seconds: u64) -> FaultSpec {
        self.retry_after = Some(seconds);
        self
    }

    fn validate(&self) -> Result<(), ApiError> {
        let mut errors = FieldErrors::new();
        if self.rate.is_some_and(|r| !(r > 0.0 && r <= 1.0)) {
            errors.add("rate", "The rate must be greater than 0 and at most 1.");
        }
        if self.count == Some(0) {
            errors.add("count", "The count must be at least 1.");
        }
        if self.kind == FaultKind::Latency && self.latency_ms.is_none() {
            errors.add(
                "latency_ms",
                "The latency ms field is required for a latency fault.",
            );
        }
        if self
            .status
            .is_some_and(|s| !(500..=599).contains(&s) && !ERROR_4XX.contains(&s))
        {
            errors.add(
                "status",
                "The status must be 401, 403, 404 or between 500 and 599.",
            );
        }
        ApiError::check(errors)
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        let path_ok = match self.path.as_deref().map(api_relative) {
            None | Some("*") => true,
            Some(pattern) => match pattern.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => pattern.trim_end_matches('/') == path.trim_end_matches('/'),
            },
        };
        method_ok && path_ok
    }
}

/// A path without the API prefix.
pub fn api_relative(path: &str) -> &str {
    path.strip_prefix(crate::API_PREFIX).unwrap_or(path)
}

#[derive(Debug)]
struct Active {
    id: u64,
    spec: FaultSpec,
    matched: u64,
    fired: u64,
}

impl Active {
    /// Whether this match fires: an even, deterministic spread for a rate.
    fn fires(&mut self) -> bool {
        self.matched += 1;
        let selected = match self.spec.rate {
            None => true,
            Some(rate) => {
                ((self.matched as f64) * rate).floor()
                    > (((self.matched - 1) as f64) * rate).floor()
            }
        };
        let fires = selected && self.spec.count.is_none_or(|count| self.fired < count);
        if fires {
            self.fired += 1;
        }
        fires
    }

    fn spent(&self) -> bool {
        self.spec.count.is_some_and(|count| self.fired >= count)
    }

    fn to_json(&self) -> Value {
        let mut out = serde_json::to_value(&self.spec).unwrap_or_else(|_| json!({}));
        out["id"] = json!(self.id);
        out["matched"] = json!(self.matched);
        out["fired"] = json!(self.fired);
        out
    }
}

/// What the fault layer does to one request.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    /// Total injected delay, waited after the request was handled (or refused).
    pub latency: Duration,
    /// The fault that ends the request, if any.
    pub action: Option<Action>,
}

/// A fault that ends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Error(u16),
    RateLimit(u64),
    DropBefore,
    DropAfter,
    Malformed,
}

/// The active faults.
#[derive(Debug, Default)]
pub struct Faults {
    inner: Mutex<(u64, Vec<Active>)>,
    /// Bumped by every change to the list or its counts, for the inbox's live updates.
    pub(crate) revision: Revision,
}

impl Faults {
    /// Adds a fault; answers its id.
    pub fn add(&self, spec: FaultSpec) -> Result<u64, ApiError> {
        spec.validate()?;
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        guard.0 += 1;
        let id = guard.0;
        guard.1.push(Active {
            id,
            spec,
            matched: 0,
            fired: 0,
        });
        drop(guard);
        self.revision.bump();
        Ok(id)
    }

    /// Removes one fault; false when there was none with that id.
    pub fn remove(&self, id: u64) -> bool {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let before = guard.1.len();
        guard.1.retain(|f| f.id != id);
        let removed = guard.1.len() != before;
        drop(guard);
        if removed {
            self.revision.bump();
        }
        removed
    }

    /// Removes every fault.
    pub fn clear(&self) {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clear();
        self.revision.bump();
    }

    /// The active faults with how often each matched and fired.
    pub fn list(&self) -> Vec<Value> {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .iter()
            .map(Active::to_json)
            .collect()
    }

    /// Decides what happens to a request (`path` relative to the API prefix). Latency faults add
    /// up; the first ending fault that fires wins, and later ones are not consulted, so a
    /// count is only used up by requests it really affected.
    pub fn plan(&self, method: &str, path: &str) -> Plan {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut plan = Plan::default();
        let mut counted = false;
        for fault in guard.1.iter_mut() {
            if plan.action.is_some() {
                break;
            }
            if !fault.spec.matches(method, path) {
                continue;
            }
            counted = true;
            if !fault.fires() {
                continue;
            }
            match fault.spec.kind {
                FaultKind::Latency => {
                    let delay = Duration::from_millis(fault.spec.latency_ms.unwrap_or(0));
                    plan.latency = plan.latency.saturating_add(delay);
                }
                FaultKind::Error => {
                    plan.action = Some(Action::Error(fault.spec.status.unwrap_or(500)))
                }
                FaultKind::RateLimit => {
                    plan.action = Some(Action::RateLimit(fault.spec.retry_after.unwrap_or(1)))
                }
                FaultKind::DropBefore => plan.action = Some(Action::DropBefore),
                FaultKind::DropAfter => plan.action = Some(Action::DropAfter),
                FaultKind::Malformed => plan.action = Some(Action::Malformed),
            }
        }
        guard.1.retain(|f| !f.spent());
        drop(guard);
        if counted {
            self.revision.bump();
        }
        plan
    }
}

/// The throughput limit on `POST /messages`: a token bucket holding one second's worth.
#[derive(Debug, Default)]
pub struct Throughput {
    bucket: Mutex<Option<Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    per_second: f64,
    tokens: f64,
    refilled: Instant,
}

impl Throughput {
    /// Sets the limit in messages per second, or lifts it.
    pub fn set(&self, per_second: Option<f64>) -> Result<(), ApiError> {
        if per_second.is_some_and(|r| !(r > 0.0 && r.is_finite())) {
            return Err(ApiError::field(
                "messages_per_second",
                "The messages per second must be greater than 0.",
            ));
        }
        let bucket = per_second.map(|r| Bucket {
            per_second: r,
            tokens: r.max(1.0),
            refilled: Instant::now(),
        });
        *self.bucket.lock().unwrap_or_else(|e| e.into_inner()) = bucket;
        Ok(())
    }

    /// The limit, if one is set.
    pub fn get(&self) -> Option<f64> {
        self.bucket
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|b| b.per_second)
    }

    /// Takes one message's worth; over the limit, a 429 with the seconds until one is free.
    pub fn take(&self) -> Result<(), ApiError> {
        let mut guard = self.bucket.lock().unwrap_or_else(|e| e.into_inner());
        let Some(bucket) = guard.as_mut() else {
            return Ok(());
        };
        let now = Instant::now();
        let elapsed = now.duration_since(bucket.refilled).as_secs_f64();
        bucket.tokens =
            (bucket.tokens + elapsed * bucket.per_second).min(bucket.per_second.max(1.0));
        bucket.refilled = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - bucket.tokens) / bucket.per_second;
        Err(ApiError::too_many(wait.ceil().max(1.0) as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_fires_exactly_n_times_then_goes_away() {
        let faults = Faults::default();
        faults
            .add(
                FaultSpec::new(FaultKind::Error)
                    .path("/messages")
                    .method("POST")
                    .count(2),
            )
            .unwrap();
        assert_eq!(faults.plan("GET", "/messages").action, None);
        assert_eq!(
            faults.plan("POST", "/messages").action,
            Some(Action::Error(500))
        );
        assert_eq!(
            faults.plan("post", "/messages/").action,
            Some(Action::Error(500))
        );
        assert_eq!(faults.plan("POST", "/messages").action, None);
        assert!(faults.list().is_empty());
    }

    #[test]
    fn a_rate_is_evenly_spread() {
        let faults = Faults::default();
        faults
            .add(
                FaultSpec::new(FaultKind::DropBefore)
                    .path("/api/whatsapp/v1/media/*")
                    .rate(0.25),
            )
            .unwrap();
        let fired: Vec<bool> = (0..8)
            .map(|_| faults.plan("GET", "/media/1").action.is_some())
            .collect();
        assert_eq!(
            fired,
            [false, false, false, true, false, false, false, true]
        );
    }

    #[test]
    fn latency_adds_up_and_bad_specs_are_refused() {
        let faults = Faults::default();
        faults
            .add(FaultSpec::new(FaultKind::Latency).latency(Duration::from_millis(5)))
            .unwrap();
        faults
            .add(FaultSpec::new(FaultKind::RateLimit).retry_after(3))
            .unwrap();
        let plan = faults.plan("GET", "/profile");
        assert_eq!(
            plan,
            Plan {
                latency: Duration::from_millis(5),
                action: Some(Action::RateLimit(3))
            }
        );
        assert_eq!(
            faults
                .add(FaultSpec::new(FaultKind::Latency))
                .unwrap_err()
                .status(),
            422
        );
        for refused in [400, 402, 422, 429, 499, 600] {
            assert_eq!(
                faults
                    .add(FaultSpec::new(FaultKind::Error).status(refused))
                    .unwrap_err()
                    .status(),
                422,
                "{refused}"
            );
        }
        for allowed in [401, 403, 404, 500, 599] {
            assert!(
                faults
                    .add(FaultSpec::new(FaultKind::Error).status(allowed))
                    .is_ok()
            );
        }
    }

    #[test]
    fn throughput_refuses_over_the_limit() {
        let limit = Throughput::default();
        limit.set(Some(2.0)).unwrap();
        assert!(limit.take().is_ok());
        assert!(limit.take().is_ok());
        let refused = limit.take().unwrap_err();
        assert_eq!((refused.status(), refused.retry_after()), (429, Some(1)));
        limit.set(None).unwrap();
        assert!(limit.take().is_ok());
    }
}
