//! The tokio runtime every call runs on, one per process.
//!
//! A runtime does not survive `os.fork()`: the child has none of the parent's threads, so a
//! task handed to the inherited runtime would never run. The runtime therefore remembers the
//! process id it was built in; the first call in a forked child sees another pid and builds a
//! fresh runtime (the inherited one is leaked: dropping it would touch the parent's epoll
//! instance, which the child shares). [`crate::client`] does the same for connection pools.
//!
//! Two flavours, chosen by `BOTIKA_PYTHON_RUNTIME` (`current_thread`, the default, or
//! `multi_thread`): a current-thread runtime driven by one background thread cost less CPU per
//! call in our measurements (see docs/python.md); the multi-thread one spreads work over a
//! worker per core.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinHandle;

/// The environment variable that picks the runtime flavour.
pub(crate) const ENV_FLAVOUR: &str = "BOTIKA_PYTHON_RUNTIME";

/// The runtime of one process.
pub(crate) struct Shared {
    pid: u32,
    runtime: Runtime,
}

impl Shared {
    /// Runs `future` to completion on this runtime, blocking the calling thread, which must not
    /// hold the GIL (the future is polled on that thread).
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Makes this runtime the current one (for spawning) until the guard drops.
    pub(crate) fn enter(&self) -> tokio::runtime::EnterGuard<'_> {
        self.runtime.enter()
    }

    /// Runs `future` in a task of this runtime.
    pub(crate) fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.runtime.spawn(future)
    }
}

static CURRENT: Mutex<Option<Arc<Shared>>> = Mutex::new(None);

/// The runtime of this process, built on first use and again after a fork.
pub(crate) fn runtime() -> Result<Arc<Shared>, botika::Error> {
    let pid = std::process::id();
    // The lock is held only to compare and clone; a poisoned lock still holds a usable value.
    let mut current = CURRENT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(shared) = current.as_ref().filter(|shared| shared.pid == pid) {
        return Ok(Arc::clone(shared));
    }
    if let Some(inherited) = current.take() {
        std::mem::forget(inherited);
        // The parent's Python thread does not exist here.
        DELIVERING.store(0, Ordering::SeqCst);
    }
    let flavour = flavour()?;
    let shared = Arc::new(Shared {
        pid,
        runtime: build(&flavour)?,
    });
    if let Flavour::CurrentThread = flavour {
        drive(&shared)?;
    }
    *current = Some(Arc::clone(&shared));
    Ok(shared)
}

enum Flavour {
    CurrentThread,
    MultiThread,
}

fn flavour() -> Result<Flavour, botika::Error> {
    match std::env::var(ENV_FLAVOUR).as_deref() {
        Err(_) | Ok("") | Ok("current_thread") => Ok(Flavour::CurrentThread),
        Ok("multi_thread") => Ok(Flavour::MultiThread),
        Ok(other) => Err(botika::Error::config(format!(
            "{ENV_FLAVOUR}={other:?} is not a runtime flavour; use current_thread or multi_thread"
        ))),
    }
}

fn build(flavour: &Flavour) -> Result<Runtime, botika::Error> {
    let mut builder = match flavour {
        Flavour::CurrentThread => Builder::new_current_thread(),
        Flavour::MultiThread => Builder::new_multi_thread(),
    };
    builder
        .enable_all()
        .thread_name("botika-runtime")
        .build()
        .map_err(|e| botika::Error::config(format!("cannot start the tokio runtime: {e}")))
}

/// A current-thread runtime runs spawned tasks (asyncio calls, connections, bulk jobs, the
/// sandbox) only while some thread drives it; this background thread always does. A blocking
/// call polls its own future on the caller's thread while this thread drives the I/O.
fn drive(shared: &Arc<Shared>) -> Result<(), botika::Error> {
    let runtime = Arc::clone(shared);
    std::thread::Builder::new()
        .name("botika-runtime".to_owned())
        .spawn(move || runtime.runtime.block_on(std::future::pending::<()>()))
        .map(drop)
        .map_err(|e| botika::Error::config(format!("cannot start the runtime thread: {e}")))
}

/// Work for the Python thread: code that needs the GIL, queued by a thread that must not wait
/// for it (a runtime thread).
type PythonWork = Box<dyn FnOnce(Python<'_>) + Send>;

/// The queue of this process's Python thread.
static PYTHON_THREAD: Mutex<Option<(u32, Sender<PythonWork>)>> = Mutex::new(None);

/// Runs `work` with the GIL on the process's Python thread, in the order queued. Runtime
/// threads never take the GIL themselves: that could wait as long as some Python thread keeps
/// it (a long computation, a C extension), stalling every request the thread drives. Work
/// queued while the interpreter exits is dropped (see [`before_exit`]), and so is work the
/// system refused a thread for.
pub(crate) fn in_python(work: impl FnOnce(Python<'_>) + Send + 'static) {
    if let Some(queue) = python_thread() {
        let _ = queue.send(Box::new(work));
    }
}

/// The queue of this process's Python thread, started on first use and again in a forked
/// child (which has the parent's queue but not its thread).
fn python_thread() -> Option<Sender<PythonWork>> {
    let pid = std::process::id();
    let mut current = PYTHON_THREAD.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, sender)) = current.as_ref().filter(|(owner, _)| *owner == pid) {
        return Some(sender.clone());
    }
    // The parent's queue is leaked: dropping it here would touch a channel whose other end
    // lives in a thread this process does not have.
    std::mem::forget(current.take());
    let (sender, receiver) = channel();
    std::thread::Builder::new()
        .name("botika-python".to_owned())
        .spawn(move || run_python(receiver))
        .ok()?;
    *current = Some((pid, sender.clone()));
    Some(sender)
}

fn run_python(queue: Receiver<PythonWork>) {
    for work in queue {
        if let Some(_delivery) = Delivery::begin() {
            Python::attach(work);
        }
    }
}

/// Threads about to run or running Python code for botika (the Python thread, inside
/// `Python::attach`).
static DELIVERING: AtomicUsize = AtomicUsize::new(0);
/// Set once the interpreter is exiting: no delivery starts after it.
static CLOSING: AtomicBool = AtomicBool::new(false);

/// One delivery in progress (a thread about to run Python code); counted from `begin` until
/// dropped.
struct Delivery;

impl Delivery {
    /// Counts a delivery, or refuses it once the interpreter is exiting (nobody can await the
    /// result then). Counting before checking the flag pairs with [`before_exit`] setting the
    /// flag before reading the count, so no delivery slips between the two.
    fn begin() -> Option<Delivery> {
        DELIVERING.fetch_add(1, Ordering::SeqCst);
        if CLOSING.load(Ordering::SeqCst) {
            DELIVERING.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Delivery)
    }
}

impl Drop for Delivery {
    fn drop(&mut self) {
        DELIVERING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Registered with `atexit`: stops new deliveries and waits (GIL released, 2 s at most) for
/// those in progress. A thread of ours still inside `Python::attach` when the interpreter
/// finalizes makes CPython abort ("PyGILState_Release: thread state must be current"). This
/// once happened whenever a program exited right after its last `await`, when every asyncio
/// result was delivered from a thread of its own; asyncio results no longer leave the event
/// loop's thread (see [`crate::aio`]), but the Python thread still runs `on_retry` hooks and
/// wakes loops that cannot watch a socket.
#[pyfunction]
pub(crate) fn before_exit(py: Python<'_>) {
    CLOSING.store(true, Ordering::SeqCst);
    py.detach(|| {
        let deadline = Instant::now() + Duration::from_secs(2);
        while DELIVERING.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}
