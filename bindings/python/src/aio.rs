//! asyncio results: how a finished call reaches the `asyncio.Future` its coroutine awaits.
//!
//! No runtime thread takes the GIL to deliver a result. The call's task puts its outcome in the
//! inbox of the event loop that awaits it and rings the loop's bell: one byte on a socket the
//! loop watches (`loop.add_reader`), written only when the inbox was empty. The loop wakes as
//! it would for its own I/O and calls [`Drain`] on its own thread, already holding the GIL,
//! which completes every future whose result is in the inbox. With many calls in flight one
//! wake-up carries every result that finished meanwhile.
//!
//! The bridge this replaced (pyo3-async-runtimes' `future_into_py`) gave each result a tokio
//! blocking-pool thread that waited for the GIL and then woke the loop with
//! `call_soon_threadsafe`: three or more thread switches per call, about 70 threads at 64 calls
//! in flight, and a thread that could still be inside the interpreter when it finalized.
//!
//! A loop that cannot watch a socket (`add_reader` raising `NotImplementedError`, as Windows'
//! proactor loop does) is rung with `call_soon_threadsafe` from the process's Python thread
//! instead, still once per batch.
//!
//! Cancelling the future (the task was cancelled, `asyncio.wait_for` timed out) aborts the Rust
//! task, which drops the call and closes its connection.

use std::cell::RefCell;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::future::{AbortHandle, Abortable};
use pyo3::exceptions::PyNotImplementedError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyWeakrefReference;

use crate::call::{Convert, finish};
use crate::errors::Failure;
use crate::runtime::{Shared, in_python};

/// What a call's task produces: the conversion to run with the GIL, or why it failed.
pub(crate) type Outcome = Result<Convert, Failure>;

/// The running event loop (there must be one: this is called from a coroutine).
fn running_loop(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    GET_RUNNING_LOOP
        .import(py, "asyncio", "get_running_loop")?
        .call0()
}

/// A future of the running loop, already holding `outcome` (which was ready at once): awaiting
/// it returns without a turn of the loop.
pub(crate) fn completed(py: Python<'_>, outcome: Outcome) -> PyResult<Bound<'_, PyAny>> {
    let future = running_loop(py)?.call_method0(intern!(py, "create_future"))?;
    match finish(py, outcome) {
        Ok(value) => future.call_method1(intern!(py, "set_result"), (value,))?,
        Err(error) => future.call_method1(intern!(py, "set_exception"), (error.into_value(py),))?,
    };
    Ok(future)
}

/// Starts `job` on the runtime and returns the `asyncio.Future` of its result, created on the
/// running event loop.
pub(crate) fn future<'py>(
    py: Python<'py>,
    shared: &Shared,
    job: impl Future<Output = Outcome> + Send + 'static,
) -> PyResult<Bound<'py, PyAny>> {
    let event_loop = running_loop(py)?;
    let inbox = inbox(py, &event_loop)?;
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let (abort, registration) = AbortHandle::new_pair();
    let canceller = Bound::new(py, Canceller(abort))?;
    future.call_method1(intern!(py, "add_done_callback"), (&canceller,))?;
    let ready = Ready {
        future: future.clone().unbind(),
        canceller: canceller.unbind(),
    };
    shared.spawn(async move {
        // Aborted: the future was cancelled, nobody waits for the outcome.
        if let Ok(outcome) = Abortable::new(job, registration).await {
            inbox.push(ready, outcome);
        }
    });
    Ok(future)
}

/// The future's done callback: cancelling the future aborts the call's task. It is removed
/// before the result is set, so it runs only when something else completed the future first
/// (in practice, a cancel).
#[pyclass(module = "botika._native", frozen)]
struct Canceller(AbortHandle);

#[pymethods]
impl Canceller {
    fn __call__(&self, _future: &Bound<'_, PyAny>) {
        self.0.abort();
    }
}

/// A future waiting for its call's outcome.
struct Ready {
    future: Py<PyAny>,
    canceller: Py<Canceller>,
}

impl Ready {
    /// Sets the future's result or exception (on the loop's thread). A future already done
    /// (cancelled meanwhile) is left as it is.
    fn complete(self, py: Python<'_>, outcome: Outcome) {
        let future = self.future.bind(py);
        let complete = || -> PyResult<()> {
            if future.call_method0(intern!(py, "done"))?.is_truthy()? {
                return Ok(());
            }
            // Left in place, it would be scheduled as one more loop callback per call.
            future.call_method1(intern!(py, "remove_done_callback"), (&self.canceller,))?;
            match finish(py, outcome) {
                Ok(value) => future.call_method1(intern!(py, "set_result"), (value,))?,
                Err(error) => {
                    future.call_method1(intern!(py, "set_exception"), (error.into_value(py),))?
                }
            };
            Ok(())
        };
        // Only a broken future or loop gets here; the other results of the batch still go out.
        if let Err(error) = complete() {
            error.write_unraisable(py, Some(future));
        }
    }
}

/// The outcomes waiting for one event loop, and how to wake it.
struct Inbox {
    /// The process that made it: a forked child makes its own.
    pid: u32,
    waiting: Mutex<Vec<(Ready, Outcome)>>,
    bell: Bell,
}

enum Bell {
    /// A connected socket pair: the loop watches `hear`; `ring` gets a byte per batch.
    #[cfg(unix)]
    Socket {
        ring: std::os::unix::net::UnixStream,
        hear: std::os::unix::net::UnixStream,
    },
    /// A loop that cannot watch a socket (held weakly: an inbox must not keep its loop alive).
    Threadsafe(Py<PyWeakrefReference>),
}

impl Inbox {
    /// An inbox whose bell `event_loop` hears.
    fn open(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> PyResult<Arc<Inbox>> {
        let pid = std::process::id();
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;

            let (ring, hear) = std::os::unix::net::UnixStream::pair()?;
            ring.set_nonblocking(true)?;
            hear.set_nonblocking(true)?;
            let fd = hear.as_raw_fd();
            let inbox = Arc::new(Inbox {
                pid,
                waiting: Mutex::default(),
                bell: Bell::Socket { ring, hear },
            });
            // The loop keeps the drain (so the inbox) as long as it watches the socket; a closed
            // loop lets go of both.
            let drain = Drain(Arc::clone(&inbox));
            match event_loop.call_method1(intern!(py, "add_reader"), (fd, drain)) {
                Ok(_) => return Ok(inbox),
                Err(error) if error.is_instance_of::<PyNotImplementedError>(py) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(Arc::new(Inbox {
            pid,
            waiting: Mutex::default(),
            bell: Bell::Threadsafe(PyWeakrefReference::new(event_loop)?.unbind()),
        }))
    }

    /// Queues an outcome (on a runtime thread, without the GIL) and rings when the inbox was
    /// empty: otherwise a ring is already on its way and the drain will take this one too.
    fn push(self: &Arc<Inbox>, ready: Ready, outcome: Outcome) {
        let first = {
            let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
            waiting.push((ready, outcome));
            waiting.len() == 1
        };
        if first {
            self.ring();
        }
    }

    fn ring(self: &Arc<Inbox>) {
        match &self.bell {
            #[cfg(unix)]
            Bell::Socket { ring, .. } => {
                use std::io::Write;
                // A full socket buffer means rings nobody has heard yet: one more adds nothing.
                let _ = (&*ring).write(&[1]);
            }
            Bell::Threadsafe(_) => {
                let inbox = Arc::clone(self);
                in_python(move |py| inbox.call_soon(py));
            }
        }
    }

    /// Asks a loop that cannot watch a socket to drain the inbox (on the Python thread).
    fn call_soon(self: Arc<Inbox>, py: Python<'_>) {
        let event_loop = match &self.bell {
            Bell::Threadsafe(event_loop) => event_loop.bind(py).upgrade(),
            #[cfg(unix)]
            Bell::Socket { .. } => None,
        };
        let Some(event_loop) = event_loop else {
            return;
        };
        // A closed loop refuses (RuntimeError): its futures are gone with it.
        let _ = event_loop.call_method1(intern!(py, "call_soon_threadsafe"), (Drain(self),));
    }

    /// Completes every waiting future (on the loop's thread).
    fn drain(&self, py: Python<'_>) {
        // Heard before taking the outcomes: a ring that comes after this read belongs to an
        // outcome this drain may not take, and wakes the loop again.
        #[cfg(unix)]
        if let Bell::Socket { hear, .. } = &self.bell {
            use std::io::Read;
            let mut rings = [0_u8; 64];
            while matches!((&*hear).read(&mut rings), Ok(n) if n > 0) {}
        }
        let batch =
            std::mem::take(&mut *self.waiting.lock().unwrap_or_else(PoisonError::into_inner));
        for (ready, outcome) in batch {
            ready.complete(py, outcome);
        }
    }
}

/// What the loop calls when the bell rings.
#[pyclass(module = "botika._native", frozen)]
struct Drain(Arc<Inbox>);

#[pymethods]
impl Drain {
    fn __call__(&self, py: Python<'_>) {
        self.0.drain(py);
    }
}

thread_local! {
    /// The inboxes of the event loops run on this thread (almost always one), each with its
    /// loop held weakly. A loop runs on one thread, so a call finds its loop's inbox here.
    static INBOXES: RefCell<Vec<(Py<PyWeakrefReference>, Arc<Inbox>)>> =
        const { RefCell::new(Vec::new()) };
}

/// The inbox of `event_loop`, opened on its first call.
fn inbox(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> PyResult<Arc<Inbox>> {
    let pid = std::process::id();
    let known = INBOXES.with_borrow(|inboxes| {
        inboxes
            .iter()
            .find(|(of, inbox)| {
                inbox.pid == pid && of.bind(py).upgrade().is_some_and(|l| l.is(event_loop))
            })
            .map(|(_, inbox)| Arc::clone(inbox))
    });
    if let Some(inbox) = known {
        return Ok(inbox);
    }
    // A new loop: forget the inboxes of loops that are gone or closed, and those a forked
    // child inherited. Python runs here (`is_closed`), so the list is not borrowed meanwhile.
    let mut inboxes = INBOXES.with_borrow_mut(std::mem::take);
    inboxes.retain(|(of, inbox)| {
        inbox.pid == pid
            && of.bind(py).upgrade().is_some_and(|l| {
                l.call_method0(intern!(py, "is_closed"))
                    .and_then(|closed| closed.is_truthy())
                    .is_ok_and(|closed| !closed)
            })
    });
    INBOXES.with_borrow_mut(|current| current.append(&mut inboxes));
    // Made first: a loop that cannot be referenced weakly is refused before it watches a socket.
    let of = PyWeakrefReference::new(event_loop)?.unbind();
    let inbox = Inbox::open(py, event_loop)?;
    INBOXES.with_borrow_mut(|inboxes| inboxes.push((of, Arc::clone(&inbox))));
    Ok(inbox)
}
