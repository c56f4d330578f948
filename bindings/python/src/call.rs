//! One native call, run either way: [`Call::wait`] blocks the calling thread with the GIL
//! released (the sync `Client`), [`Call::future`] gives an `asyncio.Future` (the `AsyncClient`).
//! Every operation of the native client returns a `Call`, so the runtime bridge, panic
//! catching and error mapping live here once.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

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
    /// Polled once on the event loop's thread before it goes to the runtime (see
    /// [`ready_now`]); a blocking wait polls every call on its own thread anyway.
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
    /// finished outcomes). Not for requests: a send polled on the event loop's thread first
    /// hands its request to the connection's task, which costs the runtime thread one more
    /// wake-up than the whole call running there.
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
/// finishes it, as reading a bulk job's already finished outcomes does; such an asyncio call
/// then ends without a hand-off to the runtime thread and back. Otherwise the job goes on as a
/// task, which polls it again (and so registers its own waker; the one used here wakes
/// nothing).
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

/// Wakes the thread waiting in [`run_here`].
struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs the job on this thread (called without the GIL), parked while it waits; the runtime's
/// thread drives the connection meanwhile. Polling here rather than running the job as a task
/// lets this thread take its answer apart while the runtime thread finishes with the
/// connection: one call after another, a third more calls per second for no more CPU
/// (docs/python.md). Every [`SIGNAL_CHECK`] the GIL is taken to run pending signal handlers; when
/// one raises (`KeyboardInterrupt` on Ctrl-C), the job is dropped, which cancels the request,
/// and the handler's exception is returned. No tokio timer is involved: registering one from
/// this thread cost the runtime thread a wake-up per call.
fn run_here(shared: &Shared, mut job: Job) -> PyResult<Result<Convert, Failure>> {
    let _entered = shared.enter();
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut check = Instant::now() + SIGNAL_CHECK;
    loop {
        match std::panic::catch_unwind(AssertUnwindSafe(|| job.as_mut().poll(&mut context))) {
            Ok(Poll::Ready(result)) => return Ok(result),
            Ok(Poll::Pending) => {}
            Err(payload) => return Ok(Err(Failure::from_panic(payload.as_ref()))),
        }
        // Woken, timed out or neither (parking may end spuriously): polling again is right
        // in every case.
        std::thread::park_timeout(check.saturating_duration_since(Instant::now()));
        if Instant::now() >= check {
            Python::attach(|py| py.check_signals())?;
            check = Instant::now() + SIGNAL_CHECK;
        }
    }
}

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
    /// Runs the call and blocks until it ends, with the GIL released so other Python threads
    /// keep running; Ctrl-C interrupts it (see [`run_here`]).
    fn wait<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let job = self.take()?;
        let shared = runtime().or_raise(py)?;
        let result = py.detach(move || run_here(&shared, job))?;
        finish(py, result)
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
