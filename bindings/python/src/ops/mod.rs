//! The API operations of [`NativeClient`], one per core call, each returning a [`Call`]; one
//! file per resource, as in the core.
//! Arguments arrive already shaped like the wire JSON (the Python wrappers build it); the core
//! reads and validates them, and its serialized results go back as dicts the wrappers turn into
//! models.

use std::str::FromStr;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use serde::Serialize;
use serde_json::Value;

use crate::call::Call;
use crate::client::NativeClient;
use crate::convert::{from_py, query_pairs, to_py};
use crate::errors::IntoPyResult;

mod broadcasts;
mod bulk;
mod media;
mod messages;
mod templates;

pub(crate) use bulk::NativeBulkJob;
pub(crate) use templates::TemplateCursor;

/// The dict form of a core result.
pub(crate) fn serialized<T: Serialize>(model: &T) -> botika::Result<Value> {
    serde_json::to_value(model).map_err(unconvertible)
}

/// The error of a result that has no dict form.
pub(crate) fn unconvertible(error: serde_json::Error) -> botika::Error {
    botika::Error::decode(format!(
        "the result could not be converted for Python: {error}"
    ))
}

/// Converts a `Value` result with the GIL held.
pub(crate) fn to_python(py: Python<'_>, value: Value) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &value)
}

/// A call whose core future needs the client; a closed client fails the call.
pub(crate) fn call_with<T, F, Fut, C>(native: &NativeClient, op: F, convert: C) -> Call
where
    F: FnOnce(botika::Client) -> Fut,
    Fut: Future<Output = botika::Result<T>> + Send + 'static,
    T: Send + 'static,
    C: for<'py> FnOnce(Python<'py>, T) -> PyResult<Bound<'py, PyAny>> + Send + 'static,
{
    match native.core() {
        Ok(client) => Call::new(op(client), convert),
        Err(error) => Call::failed(error),
    }
}

/// A call whose result is a serializable model, returned as its dict form. Serialized with the
/// GIL, on the thread that takes the result, rather than on the runtime's thread, which drives
/// every other call meanwhile.
pub(crate) fn model_call<T, F, Fut>(native: &NativeClient, op: F) -> Call
where
    F: FnOnce(botika::Client) -> Fut,
    Fut: Future<Output = botika::Result<T>> + Send + 'static,
    T: Serialize + Send + 'static,
{
    call_with(native, op, |py, model| {
        to_python(py, serialized(&model).or_raise(py)?)
    })
}

#[pymethods]
impl NativeClient {
    /// `client.request(...)`: any method and path, with an optional JSON body and query pairs.
    /// The result: `{"status", "headers" (lowercase names), "content" (bytes), "json" (the body
    /// as JSON, `None` when empty or not JSON), "request_id"}`.
    #[pyo3(signature = (method, path, *, json=None, query=None, idempotent=None))]
    fn request(
        &self,
        method: &str,
        path: String,
        json: Option<&Bound<'_, PyAny>>,
        query: Option<&Bound<'_, PyAny>>,
        idempotent: Option<bool>,
    ) -> Call {
        let converted = json
            .map(|body| from_py(body, "json"))
            .transpose()
            .and_then(|body| Ok((body, query_pairs(query)?)));
        let (body, query) = match converted {
            Ok(converted) => converted,
            Err(error) => return Call::failed(error),
        };
        let method = match botika::Method::from_str(&method.to_ascii_uppercase()) {
            Ok(method) => method,
            Err(_) => {
                return Call::failed(botika::Error::invalid_argument(
                    "method",
                    format!("{method:?} is not an HTTP method"),
                ));
            }
        };
        call_with(
            self,
            move |client| async move {
                let mut request = client.request(method, path);
                if let Some(body) = &body {
                    request = request.json(body);
                }
                for (name, value) in query {
                    request = request.query(name, value);
                }
                if let Some(idempotent) = idempotent {
                    request = request.idempotent(idempotent);
                }
                request.send().await
            },
            |py, response| {
                let headers = PyDict::new(py);
                for name in response.headers.keys() {
                    let values: Vec<String> = response
                        .headers
                        .get_all(name)
                        .iter()
                        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                        .collect();
                    headers.set_item(name.as_str(), values.join(", "))?;
                }
                let result = PyDict::new(py);
                result.set_item("status", response.status)?;
                result.set_item("headers", headers)?;
                result.set_item("content", PyBytes::new(py, &response.body))?;
                result.set_item(
                    "json",
                    to_py(py, &response.json_value().unwrap_or(Value::Null))?,
                )?;
                result.set_item("request_id", response.request_id())?;
                Ok(result.into_any())
            },
        )
    }

    /// `GET /profile`.
    fn profile_get(&self) -> Call {
        model_call(self, |client| async move { client.profile().get().await })
    }
}

/// The result of a call that answers nothing: `None`.
pub(crate) fn to_none(py: Python<'_>, (): ()) -> PyResult<Bound<'_, PyAny>> {
    Ok(py.None().into_bound(py))
}

/// The call `build` makes, or a call failing with the error it returned (an argument that
/// could not be converted), so that every error surfaces when the call runs.
pub(crate) fn try_call(build: impl FnOnce() -> botika::Result<Call>) -> Call {
    build().unwrap_or_else(Call::failed)
}
