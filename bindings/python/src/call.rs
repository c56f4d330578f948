//! One native call, run either way: [`Call::wait`] blocks the calling thread with the GIL
//! released (the sync `Client`), [`Call::future`] gives an `asyncio.Future` (the `AsyncClient`).
//! Every operation of the native client returns a `Call`, so the runtime bridge, panic
//! catching and error mapping live here once.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use futures_util::FutureExt;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::aio;
use crate::errors::{Failure, IntoPyResult};
use crate::runtime::runtime;

/// Builds the Python result from what the Rust future produced, once the GIL is held.
pub(crate) type Convert =
    Box<dyn for<'py> FnOnce(Python<'py>) -> PyResult<Bound<'py, PyAny>> + Send>;

type Job = Pin<Box<dyn Future<Output = Result<Convert, Failure>> + Send>>;

/// A call to the API, not started yet. Run it once, with `wait()` or `future()`.
#[pyclass(module = "botika._native", frozen)]
pub struct Call {
    job: Mutex<Option<Job>>,
}

impl Call {
    /// A call running `future`, whose output `convert` turns into a Python object.
    pub(crate) fn new<T, F, C>(future: F, convert: C) -> Call
    where
        F: Future<Output = Result<T, botika::Error>> + Send + 'static,
        T: Send + 'static,
        C: for<'py> FnOnce(Python<'py>, T) -> PyResult<Bound<'py, PyAny>> + Send + 'static,
    {
        // Boxed on its own: the core's futures are large (a send is about 11 KB), and an async
        // block holding one unboxed is twice that (the captured future and the slot it is
        // awaited in), so boxing the block would allocate and copy 22 KB for every call.
        let future = Box::pin(future);
        let job = async move {
            let output = future.await?;
            let convert: Convert = Box::new(move |py| convert(py, output));
            Ok(convert)
        };
        Call {
            job: Mutex::new(Some(Box::pin(job))),
        }
    }

    /// A call that fails at once (an argument could not be converted), so the error surfaces
    /// the same way as the API's, whether the caller waits or awaits.
    pub(crate) fn failed(error: botika::Error) -> Call {
        let job = async move { Err(Failure::Core(error)) };
        Call {
            job: Mutex::new(Some(Box::pin(job))),
        }
    }

    fn take(&self) -> PyResult<Job> {
        self.job
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("this call has already run"))
    }
}

/// Runs the job with panics caught: a panic becomes a [`Failure`], never an unwind into Python.
async fn guarded(job: Job) -> Result<Convert, Failure> {
    match AssertUnwindSafe(job).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => Err(Failure::from_panic(payload.as_ref())),
    }
}

/// How often a blocking call looks for pending signals (Ctrl-C) while it waits.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// The Python result of a finished job (called with the GIL).
pub(crate) fn finish(
    py: Python<'_>,
    result: Result<Convert, Failure>,
) -> PyResult<Bound<'_, PyAny>> {
    let convert = result.or_raise(py)?;
    match std::panic::catch_unwind(AssertUnwindSafe(|| convert(py))) {
        Ok(object) => object,
        Err(payload) => Err(Failure::from_panic(payload.as_ref()).into_pyerr(py)),
    }
}

#[pymethods]
impl Call {
    /// Runs the call on the runtime and blocks until it ends, with the GIL released so other
    /// Python threads keep running. Ctrl-C interrupts it: the handler's exception
    /// (`KeyboardInterrupt`) is raised and the call's task aborted, which cancels the request.
    ///
    /// The job runs as a task of the runtime rather than on this thread: the connection it uses
    /// is driven by a runtime thread, and a request, its answer and its body each crossing
    /// between the two threads cost a wake-up each; this way only the outcome crosses.
    fn wait<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let job = self.take()?;
        let shared = runtime().or_raise(py)?;
        let (sender, mut outcome) = mpsc::sync_channel(1);
        let task = shared.spawn(async move {
            // Refused only when the caller stopped waiting (Ctrl-C).
            let _ = sender.send(guarded(job).await);
        });
        loop {
            // The receiver goes into the closure (a shared one cannot cross to a thread
            // without the GIL) and comes back with what it received.
            let received;
            (outcome, received) = py.detach(move || {
                let received = outcome.recv_timeout(SIGNAL_CHECK);
                (outcome, received)
            });
            match received {
                Ok(result) => return finish(py, result),
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(interrupted) = py.check_signals() {
                        task.abort();
                        return Err(interrupted);
                    }
                }
                // The task ended without sending: only a runtime shutting down drops a task.
                Err(RecvTimeoutError::Disconnected) => {
                    let failure = Failure::Panic("the call's task ended without an outcome".into());
                    return Err(failure.into_pyerr(py));
                }
            }
        }
    }

    /// Starts the call on the runtime and returns an `asyncio.Future` of its result, bound to
    /// the running event loop. Cancelling that future drops (cancels) the Rust call.
    fn future<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let job = self.take()?;
        let shared = runtime().or_raise(py)?;
        aio::future(py, &shared, guarded(job))
    }
}
