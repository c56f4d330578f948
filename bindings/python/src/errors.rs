//! Errors across the boundary: every core [`botika::Error`] becomes an instance of the class
//! `botika/errors.py` defines for its code, built by that module's `_from_native` from the
//! error's fields. A Rust panic is caught before it reaches Python and raised the same way.

use std::any::Any;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// What a native call can fail with.
pub(crate) enum Failure {
    /// An error of the core, with its stable code.
    Core(botika::Error),
    /// A bug: Rust code panicked. Caught so the interpreter keeps running.
    Panic(String),
}

impl From<botika::Error> for Failure {
    fn from(error: botika::Error) -> Failure {
        Failure::Core(error)
    }
}

impl Failure {
    /// The failure of a caught panic, with the panic's message when it has one.
    pub(crate) fn from_panic(payload: &(dyn Any + Send)) -> Failure {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Failure::Panic(message)
    }

    /// The Python exception for this failure.
    pub(crate) fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match build_exception(py, self) {
            Ok(exception) => PyErr::from_value(exception),
            // Only reachable when botika.errors itself cannot be imported or fails.
            Err(err) => err,
        }
    }
}

/// `botika.errors._from_native`, looked up once.
static FROM_NATIVE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn build_exception(py: Python<'_>, failure: Failure) -> PyResult<Bound<'_, PyAny>> {
    match failure {
        Failure::Core(error) => exception(py, &error),
        Failure::Panic(message) => {
            let fields = PyDict::new(py);
            fields.set_item("code", "internal")?;
            fields.set_item(
                "message",
                format!(
                    "botika's native code failed unexpectedly (please report this bug): {message}"
                ),
            )?;
            from_native(py, fields)
        }
    }
}

/// The instance of the `botika.errors` class for `error`'s code: what a failed call raises,
/// and what a bulk outcome carries.
pub(crate) fn exception<'py>(
    py: Python<'py>,
    error: &botika::Error,
) -> PyResult<Bound<'py, PyAny>> {
    let fields = PyDict::new(py);
    fields.set_item("code", error.code())?;
    fields.set_item("message", error.message())?;
    fields.set_item("status", error.status())?;
    fields.set_item("method", error.method())?;
    fields.set_item("path", error.path())?;
    fields.set_item("field_errors", error.field_errors())?;
    fields.set_item("body", error.body())?;
    fields.set_item("request_id", error.request_id())?;
    fields.set_item("retry_after", error.retry_after().map(|d| d.as_secs_f64()))?;
    fields.set_item("may_have_been_sent", error.may_have_been_sent())?;
    // The core's own rendering, with the request and its id: what `str(error)` shows.
    fields.set_item("text", error.to_string())?;
    from_native(py, fields)
}

fn from_native<'py>(py: Python<'py>, fields: Bound<'py, PyDict>) -> PyResult<Bound<'py, PyAny>> {
    let factory = FROM_NATIVE.get_or_try_init(py, || {
        py.import("botika.errors")?
            .getattr("_from_native")
            .map(Bound::unbind)
    })?;
    factory.bind(py).call1((fields,))
}

/// Converts core results into `PyResult`s where a call has the GIL at hand.
pub(crate) trait IntoPyResult<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T, E: Into<Failure>> IntoPyResult<T> for Result<T, E> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| e.into().into_pyerr(py))
    }
}
