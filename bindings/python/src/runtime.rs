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

use std::cell::OnceCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use pyo3_async_runtimes::TaskLocals;
use pyo3_async_runtimes::generic::{ContextExt, Runtime as GenericRuntime};
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
    /// Runs `future` to completion on this runtime, blocking the calling thread (which must not
    /// hold the GIL: see `Call::wait`).
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Makes this runtime the current one (for spawning) until the guard drops.
    pub(crate) fn enter(&self) -> tokio::runtime::EnterGuard<'_> {
        self.runtime.enter()
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
        // The parent's delivery threads do not exist here.
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

/// A current-thread runtime runs spawned tasks (connections, asyncio calls, the sandbox) only
/// while some thread drives it; this background thread always does. Callers that block on it
/// from their own thread poll their future there while this thread drives the I/O.
fn drive(shared: &Arc<Shared>) -> Result<(), botika::Error> {
    let runtime = Arc::clone(shared);
    std::thread::Builder::new()
        .name("botika-runtime".to_owned())
        .spawn(move || runtime.runtime.block_on(std::future::pending::<()>()))
        .map(drop)
        .map_err(|e| botika::Error::config(format!("cannot start the runtime thread: {e}")))
}

/// pyo3-async-runtimes' view of [`runtime`]: its tokio integration has one static runtime that
/// cannot be replaced after a fork, so asyncio calls go through this instead. Spawning uses the
/// runtime entered by the caller (`Call::future` enters it), or the task's own.
pub(crate) struct ForkSafe;

tokio::task_local! {
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

impl GenericRuntime for ForkSafe {
    type JoinError = tokio::task::JoinError;
    type JoinHandle = JoinHandle<()>;

    fn spawn<F>(fut: F) -> JoinHandle<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        tokio::spawn(fut)
    }

    /// pyo3-async-runtimes delivers every result to asyncio from here, attaching to the
    /// interpreter; see [`before_exit`] for why each delivery is counted.
    fn spawn_blocking<F>(f: F) -> JoinHandle<()>
    where
        F: FnOnce() + Send + 'static,
    {
        tokio::task::spawn_blocking(move || {
            if let Some(_delivery) = Delivery::begin() {
                f();
            }
        })
    }
}

impl ContextExt for ForkSafe {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::from(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|cell| cell.get().cloned())
            .ok()
            .flatten()
    }
}

/// Threads delivering a result to asyncio right now (inside `Python::attach`).
static DELIVERING: AtomicUsize = AtomicUsize::new(0);
/// Set once the interpreter is exiting: no delivery starts after it.
static CLOSING: AtomicBool = AtomicBool::new(false);

/// One delivery in progress (a thread about to run Python code: an asyncio result, an
/// `on_retry` hook); counted from `begin` until dropped.
pub(crate) struct Delivery;

impl Delivery {
    /// Counts a delivery, or refuses it once the interpreter is exiting (nobody can await the
    /// result then). Counting before checking the flag pairs with [`before_exit`] setting the
    /// flag before reading the count, so no delivery slips between the two.
    pub(crate) fn begin() -> Option<Delivery> {
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
/// those in progress. A tokio thread still inside `Python::attach` when the interpreter
/// finalizes makes CPython abort ("PyGILState_Release: thread state must be current"), which
/// happens when a program exits right after its last `await`.
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
