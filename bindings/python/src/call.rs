//! One native call, run either way: [`Call::wait`] blocks the calling thread with the GIL
//! released (the sync `Client`), [`Call::future`] gives an `asyncio.Future` (the `AsyncClient`).
//! Every operation of the native client returns a `Call`, so the runtime bridge, panic
//! catching and error mapping live here once.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use futures_util::FutureExt;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::errors::{Failure, IntoPyResult};
use crate::runtime::{ForkSafe, runtime};

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

/// Runs the job, looking for pending signals every [`SIGNAL_CHECK`]: when a signal handler
/// raises (`KeyboardInterrupt` on Ctrl-C), the job is dropped, which cancels the request, and
/// the handler's exception is returned. Called with the GIL released; it is taken back only
/// for the check itself.
async fn interruptible(job: Job) -> PyResult<Result<Convert, Failure>> {
    let job = guarded(job);
    tokio::pin!(job);
    loop {
        tokio::select! {
            result = &mut job => return Ok(result),
            () = tokio::time::sleep(SIGNAL_CHECK) => Python::attach(|py| py.check_signals())?,
        }
    }
}

/// The Python result of a finished job (called with the GIL).
fn finish(py: Python<'_>, result: Result<Convert, Failure>) -> PyResult<Bound<'_, PyAny>> {
    let convert = result.or_raise(py)?;
    match std::panic::catch_unwind(AssertUnwindSafe(|| convert(py))) {
        Ok(object) => object,
        Err(payload) => Err(Failure::from_panic(payload.as_ref()).into_pyerr(py)),
    }
}

/// A finished job on its way to an `asyncio.Future`: pyo3-async-runtimes converts it with the
/// GIL held, which is where the result or the exception is built.
struct Outcome(Result<Convert, Failure>);

impl<'py> IntoPyObject<'py> for Outcome {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        finish(py, self.0)
    }
}

#[pymethods]
impl Call {
    /// Runs the call on the runtime and blocks until it ends, with the GIL released so other
    /// Python threads keep running; Ctrl-C interrupts it.
    fn wait<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let job = self.take()?;
        let shared = runtime().or_raise(py)?;
        let result = py.detach(move || shared.block_on(interruptible(job)))?;
        finish(py, result)
    }

    /// Starts the call on the runtime and returns an `asyncio.Future` of its result, bound to
    /// the running event loop. Cancelling that future drops (cancels) the Rust call.
    fn future<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let job = self.take()?;
        let shared = runtime().or_raise(py)?;
        let _entered = shared.enter();
        pyo3_async_runtimes::generic::future_into_py::<ForkSafe, _, _>(py, async move {
            Ok(Outcome(guarded(job).await))
        })
    }
}
