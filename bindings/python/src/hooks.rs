//! The `on_retry` hook of the Python clients.
//!
//! The core calls its hook on the request path, inside the runtime. Taking the GIL there could
//! wait as long as some Python thread keeps it (a long computation, a C extension), stalling
//! that request and, on the current_thread runtime, every other one. So the hook only queues the
//! event; the process's Python thread ([`crate::runtime::in_python`]) takes the GIL and calls
//! Python, in the order the events came.
//! The hook therefore runs shortly after the failure (usually during the backoff before the
//! retry), possibly after the call it belongs to has returned.

use std::sync::{Arc, Mutex, PoisonError};

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::runtime::in_python;

/// The Python callable a client's retries are reported to. Emptied when the client closes, so
/// a closed client no longer keeps the callable (and whatever it refers to, often the object
/// owning the client) alive.
pub(crate) struct RetryHook {
    callback: Mutex<Option<Py<PyAny>>>,
}

impl RetryHook {
    pub(crate) fn new(callback: Py<PyAny>) -> Arc<RetryHook> {
        Arc::new(RetryHook {
            callback: Mutex::new(Some(callback)),
        })
    }

    fn callback(&self) -> std::sync::MutexGuard<'_, Option<Py<PyAny>>> {
        self.callback.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets the callable (the client closed).
    pub(crate) fn clear(&self) {
        let callback = self.callback().take();
        drop(callback);
    }

    /// Queues `event` for the Python thread; never waits for the GIL.
    pub(crate) fn queue(self: &Arc<RetryHook>, event: &botika::RetryEvent) {
        let event = Event {
            hook: Arc::clone(self),
            attempt: event.attempt,
            method: event.method.clone(),
            path: event.path.clone(),
            code: event.kind.code(),
            status: event.status,
            delay: event.delay.as_secs_f64(),
        };
        // Lost when the interpreter is exiting or the system refused a thread; the request goes
        // on either way.
        in_python(move |py| event.deliver(py));
    }
}

/// One retry, as the Python thread hands it to Python.
struct Event {
    hook: Arc<RetryHook>,
    attempt: u32,
    method: String,
    path: String,
    code: &'static str,
    status: Option<u16>,
    delay: f64,
}

impl Event {
    /// Calls the hook with the event's fields as a dict. The Python side wraps the user's
    /// callable so that its exceptions are logged; anything still raised is reported as
    /// unraisable (as an exception in a `__del__` is), never propagated.
    fn deliver(self, py: Python<'_>) {
        // Taken with the GIL held, and the lock released before Python runs.
        let Some(callback) = self.hook.callback().as_ref().map(|c| c.clone_ref(py)) else {
            return;
        };
        let call = || -> PyResult<()> {
            let fields = PyDict::new(py);
            fields.set_item("attempt", self.attempt)?;
            fields.set_item("method", &self.method)?;
            fields.set_item("path", &self.path)?;
            fields.set_item("code", self.code)?;
            fields.set_item("status", self.status)?;
            fields.set_item("delay", self.delay)?;
            callback.call1(py, (fields,)).map(drop)
        };
        if let Err(error) = call() {
            error.write_unraisable(py, Some(callback.bind(py)));
        }
    }
}
