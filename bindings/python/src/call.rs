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
use crate::runtime::{Shared, runtime};

/// Builds the Python result from what the Rust future produced, once the GIL is held.
pub(crate) type Convert =
    Box<dyn for<'py> FnOnce(Python<'py>) -> PyResult<Bound<'py, PyAny>> + Send>;

type Job = Pin<Box<dyn Future<Output = Result<Convert, Failure>> + Send>>;

/// A call to the API, not started yet. Run it once, with `wait()` or `future()`.
#[pyclass(module = "botika._native", frozen)]
pub struct Call {
    job: Mutex<Option<Job>>,
    /// Polled once on the calling thread before it goes to the runtime (see [`ready_now`]).
    often_ready: bool,
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
            often_ready: false,
        }
    }

    /// A call that fails at once (an argument could not be converted), so the error surfaces
    /// the same way as the API's, whether the caller waits or awaits.
    pub(crate) fn failed(error: botika::Error) -> Call {
        let job = async move { Err(Failure::Core(error)) };
        Call {
            job: Mutex::new(Some(Box::pin(job))),
            often_ready: true,
        }
    }

    /// This call, marked as one whose outcome is often ready when it runs (a bulk job's
    /// finished outcomes). Not for requests: a send polled here first hands its request to the
    /// connection's task, which costs the runtime thread one more wake-up than the whole call
    /// running there.
    pub(crate) fn often_ready(self) -> Call {
        Call {
            often_ready: true,
            ..self
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

/// The job's outcome if one poll on this thread (in the runtime's context, panics caught)
/// finishes it, as reading a bulk job's already finished outcomes does; such a call then ends
/// without a hand-off to a runtime thread and back. Otherwise the job goes on as a task, which
/// polls it again (and so registers its own waker; the one used here wakes nothing).
fn ready_now(shared: &Shared, job: &mut Job) -> Option<Result<Convert, Failure>> {
    let _entered = shared.enter();
    match AssertUnwindSafe(job.as_mut())
        .catch_unwind()
        .now_or_never()?
    {
        Ok(result) => Some(result),
        Err(payload) => Some(Err(Failure::from_panic(payload.as_ref()))),
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
        let mut job = self.take()?;
        let shared = runtime().or_raise(py)?;
        if self.often_ready
            && let Some(result) = py.detach(|| ready_now(&shared, &mut job))
        {
            return finish(py, result);
        }
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
        let mut job = self.take()?;
        let shared = runtime().or_raise(py)?;
        if self.often_ready
            && let Some(result) = ready_now(&shared, &mut job)
        {
            return aio::completed(py, result);
        }
        aio::future(py, &shared, guarded(job))
    }
}
