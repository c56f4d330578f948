//! The sandbox (`botika-sandbox`) started in-process on the shared runtime, for
//! `botika.testing.Sandbox`. The control operations are the handle's own methods; this file
//! converts their arguments and answers, and maps the sandbox's refusals to the core's errors.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use botika_sandbox::{Envelope, FaultSpec, MessageFilter, SandboxHandle, StatusSchedule};
use pyo3::prelude::*;
use serde_json::Value;

use crate::client::seconds;
use crate::convert::{from_py, to_py};
use crate::errors::IntoPyResult;
use crate::runtime::{Shared, runtime};

/// A running sandbox.
#[pyclass(module = "botika._native", frozen)]
pub struct NativeSandbox {
    /// `None` once stopped.
    handle: Mutex<Option<SandboxHandle>>,
    runtime: Arc<Shared>,
    url: String,
    api_url: String,
    token: String,
}

/// A refusal of the control API as the core's error (same codes and fields as the API's).
fn refused(method: &str, path: &str, error: &botika_sandbox::ApiError) -> botika::Error {
    let body = error.body().map(Value::to_string).unwrap_or_default();
    let retry_after = error.retry_after().map(Duration::from_secs);
    botika::Error::from_response(
        method,
        path,
        error.status(),
        body.as_bytes(),
        None,
        retry_after,
    )
}

fn envelope(name: Option<&str>) -> botika::Result<Envelope> {
    name.map_or(Ok(Envelope::default()), |name| {
        Envelope::from_str(name).map_err(|rule| botika::Error::invalid_argument("envelope", rule))
    })
}

impl NativeSandbox {
    fn with_handle<T>(
        &self,
        f: impl FnOnce(&SandboxHandle) -> botika::Result<T>,
    ) -> botika::Result<T> {
        let handle = self.handle.lock().unwrap_or_else(PoisonError::into_inner);
        let handle = handle
            .as_ref()
            .ok_or_else(|| botika::Error::config("the sandbox is stopped"))?;
        f(handle)
    }
}

/// Converts the JSON the handle answered (with the GIL held).
fn json_out(py: Python<'_>, value: botika::Result<Value>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &value.or_raise(py)?)
}

#[pymethods]
impl NativeSandbox {
    /// Starts a sandbox on 127.0.0.1 (`port` 0 picks a free port). Durations are in seconds.
    #[new]
    #[pyo3(signature = (*, token=None, port=0, webhook_url=None, webhook_secret=None, envelope=None,
        status_schedule=None, review_delay=None, service_window=false, service_window_length=None,
        labels=None, state_file=None, log_requests=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        token: Option<String>,
        port: u16,
        webhook_url: Option<String>,
        webhook_secret: Option<String>,
        envelope: Option<&str>,
        status_schedule: Option<(f64, f64, f64)>,
        review_delay: Option<f64>,
        service_window: bool,
        service_window_length: Option<f64>,
        labels: Option<BTreeMap<u64, Vec<String>>>,
        state_file: Option<PathBuf>,
        log_requests: bool,
    ) -> PyResult<NativeSandbox> {
        let mut builder = botika_sandbox::Sandbox::builder()
            .port(port)
            .service_window(service_window)
            .log_requests(log_requests)
            .envelope(self::envelope(envelope).or_raise(py)?);
        if let Some(token) = token {
            builder = builder.token(token);
        }
        if let Some(url) = webhook_url {
            builder = builder.webhook_url(url);
        }
        if let Some(secret) = webhook_secret {
            builder = builder.webhook_secret(secret);
        }
        if let Some((sent, delivered, read)) = status_schedule {
            let at = |field, s| seconds(field, Some(s)).map(Option::unwrap_or_default);
            let schedule = (|| {
                Ok::<_, botika::Error>(StatusSchedule {
                    sent: at("status_schedule[0]", sent)?,
                    delivered: at("status_schedule[1]", delivered)?,
                    read: at("status_schedule[2]", read)?,
                })
            })()
            .or_raise(py)?;
            builder = builder.status_schedule(schedule);
        }
        if let Some(delay) = seconds("review_delay", review_delay).or_raise(py)? {
            builder = builder.review_delay(delay);
        }
        // A length turns the window on, whatever `service_window` says.
        if let Some(length) =
            seconds("service_window_length", service_window_length).or_raise(py)?
        {
            builder = builder.service_window_length(length);
        }
        for (id, numbers) in labels.unwrap_or_default() {
            builder = builder.label(id, numbers);
        }
        if let Some(path) = state_file {
            builder = builder.state_file(path);
        }
        let shared = runtime().or_raise(py)?;
        let started = {
            let shared = Arc::clone(&shared);
            py.detach(move || shared.block_on(builder.start()))
        };
        let handle = started
            .map_err(|e| botika::Error::config(format!("the sandbox could not start: {e}")))
            .or_raise(py)?;
        Ok(NativeSandbox {
            url: handle.url().to_owned(),
            api_url: handle.api_url(),
            token: handle.token().to_owned(),
            handle: Mutex::new(Some(handle)),
            runtime: shared,
        })
    }

    /// The base URL, such as `http://127.0.0.1:41234`.
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    /// The API's base URL (`url` + `/api/whatsapp/v1`), for a client's `base_url`.
    #[getter]
    fn api_url(&self) -> &str {
        &self.api_url
    }

    /// The token it accepts.
    #[getter]
    fn token(&self) -> &str {
        &self.token
    }

    /// A customer writes to the business: `message` is `{"from", "type", "<type>": {...},
    /// "name"?, "context"?}`. Answers the inbound message's id.
    fn inbound(&self, py: Python<'_>, message: &Bound<'_, PyAny>) -> PyResult<String> {
        let message = from_py(message, "").or_raise(py)?;
        self.with_handle(|handle| {
            handle
                .inbound(&message)
                .map_err(|e| refused("POST", "/_sandbox/inbound", &e))
        })
        .or_raise(py)
    }

    /// Stored messages, oldest first, optionally only one customer's, direction or type.
    #[pyo3(signature = (*, to=None, direction=None, r#type=None))]
    fn messages<'py>(
        &self,
        py: Python<'py>,
        to: Option<String>,
        direction: Option<String>,
        r#type: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let listed = self.with_handle(|handle| {
            let direction = direction
                .map(|d| {
                    serde_json::from_value(Value::String(d.clone())).map_err(|_| {
                        botika::Error::invalid_argument(
                            "direction",
                            format!("must be inbound or outbound (got {d:?})"),
                        )
                    })
                })
                .transpose()?;
            Ok(Value::Array(handle.messages(&MessageFilter {
                to,
                direction,
                kind: r#type,
            })))
        });
        json_out(py, listed)
    }

    /// One stored message by id, or `None`.
    fn message<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        json_out(
            py,
            self.with_handle(|handle| Ok(handle.message(id).unwrap_or(Value::Null))),
        )
    }

    /// Every webhook delivery with its attempts, oldest first.
    fn webhook_log<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_out(
            py,
            self.with_handle(|handle| Ok(Value::Array(handle.webhook_log()))),
        )
    }

    /// Where webhooks go (`None`: only logged), their secret and envelope.
    #[pyo3(signature = (*, url=None, secret=None, envelope=None))]
    fn set_webhook(
        &self,
        py: Python<'_>,
        url: Option<&str>,
        secret: Option<&str>,
        envelope: Option<&str>,
    ) -> PyResult<()> {
        let envelope = self::envelope(envelope).or_raise(py)?;
        self.with_handle(|handle| {
            handle
                .set_webhook(url, secret, envelope)
                .map_err(|e| refused("PUT", "/_sandbox/webhook", &e))
        })
        .or_raise(py)
    }

    /// Injects a fault (`{"kind", "path"?, "method"?, "count"?, ...}`); answers its id.
    fn set_fault(&self, py: Python<'_>, fault: &Bound<'_, PyAny>) -> PyResult<u64> {
        let fault = from_py(fault, "fault").or_raise(py)?;
        let fault: FaultSpec = serde_json::from_value(fault)
            .map_err(|e| botika::Error::invalid_argument("fault", e.to_string()))
            .or_raise(py)?;
        self.with_handle(|handle| {
            handle
                .set_fault(fault)
                .map_err(|e| refused("POST", "/_sandbox/faults", &e))
        })
        .or_raise(py)
    }

    /// The active faults with their counts.
    fn faults<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_out(
            py,
            self.with_handle(|handle| Ok(Value::Array(handle.faults()))),
        )
    }

    /// Removes one fault; false when no fault has that id.
    fn remove_fault(&self, py: Python<'_>, id: u64) -> PyResult<bool> {
        self.with_handle(|handle| Ok(handle.remove_fault(id)))
            .or_raise(py)
    }

    /// Removes every fault.
    fn clear_faults(&self, py: Python<'_>) -> PyResult<()> {
        self.with_handle(|handle| {
            handle.clear_faults();
            Ok(())
        })
        .or_raise(py)
    }

    /// Limits `POST /messages` to this many per second (429 over it), or lifts the limit.
    #[pyo3(signature = (messages_per_second))]
    fn set_rate_limit(&self, py: Python<'_>, messages_per_second: Option<f64>) -> PyResult<()> {
        self.with_handle(|handle| {
            handle
                .set_rate_limit(messages_per_second)
                .map_err(|e| refused("PUT", "/_sandbox/rate-limit", &e))
        })
        .or_raise(py)
    }

    /// Approves a template now; answers the template.
    fn approve_template<'py>(&self, py: Python<'py>, id: u64) -> PyResult<Bound<'py, PyAny>> {
        let path = format!("/_sandbox/templates/{id}/approve");
        json_out(
            py,
            self.with_handle(|handle| {
                handle
                    .approve_template(id)
                    .map_err(|e| refused("POST", &path, &e))
            }),
        )
    }

    /// Rejects a template now, with a reason; answers the template.
    fn reject_template<'py>(
        &self,
        py: Python<'py>,
        id: u64,
        reason: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let path = format!("/_sandbox/templates/{id}/reject");
        json_out(
            py,
            self.with_handle(|handle| {
                handle
                    .reject_template(id, reason)
                    .map_err(|e| refused("POST", &path, &e))
            }),
        )
    }

    /// Replaces the labels (label id to phone numbers) until the next reset.
    fn set_labels(&self, py: Python<'_>, labels: BTreeMap<u64, Vec<String>>) -> PyResult<()> {
        self.with_handle(|handle| {
            handle.set_labels(labels);
            Ok(())
        })
        .or_raise(py)
    }

    /// Requests processed per route, and counts of what is stored.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_out(py, self.with_handle(|handle| Ok(handle.stats())))
    }

    /// Back to a fresh start: seeded templates; messages, media, log, faults cleared.
    fn reset(&self, py: Python<'_>) -> PyResult<()> {
        self.with_handle(|handle| {
            handle.reset();
            Ok(())
        })
        .or_raise(py)
    }

    /// Stops serving and waits for the background tasks (GIL released). Stopping twice is
    /// harmless.
    fn stop(&self, py: Python<'_>) -> PyResult<()> {
        let handle = self
            .handle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let Some(handle) = handle else { return Ok(()) };
        let runtime = Arc::clone(&self.runtime);
        py.detach(move || runtime.block_on(handle.stop()))
            .map_err(|e| botika::Error::config(format!("the sandbox did not stop cleanly: {e}")))
            .or_raise(py)
    }

    /// True once stopped.
    #[getter]
    fn stopped(&self) -> bool {
        self.handle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }
}
