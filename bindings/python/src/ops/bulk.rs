//! Bulk send: the core's job (`Client::send_bulk`) started from Python, and its handle.
//!
//! The job runs in its own task on the shared runtime (driven by the runtime's own thread), so it
//! advances whether or not Python is reading its outcomes, and no Python thread holds the GIL
//! for it. Outcomes cross into Python in batches (`next_outcomes`): one GIL round trip for
//! everything that finished since the last read, not one per recipient.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::mem::ManuallyDrop;
use std::sync::Arc;

use botika::bulk::{
    BulkControl, BulkItem, BulkJob, BulkOptions, BulkOutcome, BulkReport, SharedMessage,
};
use futures_util::FutureExt;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use tokio::sync::Mutex;

use super::{serialized, to_python};
use crate::call::Call;
use crate::client::{NativeClient, seconds};
use crate::convert::{from_py, to_py};
use crate::errors::{IntoPyResult, exception};
use crate::runtime::runtime;

/// The messages of one bulk call, converted once per Python object: the same dict given for
/// 20,000 recipients is one shared message in Rust. Each object is kept referenced until the
/// conversion ends, so its address (the key) cannot be reused by another object meanwhile (a
/// generator of pairs frees each dict as soon as it moves on).
#[derive(Default)]
struct Messages<'py> {
    seen: HashMap<usize, (Bound<'py, PyAny>, SharedMessage)>,
}

impl<'py> Messages<'py> {
    /// The bulk item for `to` and `message` (`field` names the message in errors). Fails only
    /// when the object has no JSON form (the same refusal as a single send's).
    fn item(
        &mut self,
        to: Arc<str>,
        message: &Bound<'py, PyAny>,
        field: &str,
    ) -> botika::Result<BulkItem> {
        // A message the core cannot read is not an error here: it becomes each of its
        // recipients' `invalid_argument` outcome, as the bulk rules say.
        let shared = match self.seen.entry(message.as_ptr() as usize) {
            Entry::Occupied(seen) => &seen.into_mut().1,
            Entry::Vacant(slot) => {
                let read = botika::OutgoingMessage::from_json(from_py(message, field)?);
                &slot.insert((message.clone(), SharedMessage::new(read))).1
            }
        };
        Ok(shared.item(to))
    }
}

/// A recipient as given; `field` names it in the error.
fn recipient(to: &Bound<'_, PyAny>, field: impl FnOnce() -> String) -> PyResult<Arc<str>> {
    match to.cast::<PyString>() {
        Ok(text) => Ok(Arc::from(text.to_str()?)),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{} must be a str (a phone number), not {}",
            field(),
            type_name(to)
        ))),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_default()
}

/// The items of the iterable `field`, which holds `items` (named in the error); a `str` is
/// refused, because iterating it would send to each of its characters.
fn iterate<'py>(
    iterable: &Bound<'py, PyAny>,
    field: &str,
    items: &str,
) -> PyResult<impl Iterator<Item = PyResult<Bound<'py, PyAny>>>> {
    if iterable.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{field} must be an iterable of {items}, not a str"
        )));
    }
    iterable.try_iter()
}

/// The job's options; `None` keeps the core's default.
fn options(
    concurrency: Option<usize>,
    max_rate_limit_requeues: Option<u32>,
    max_pause: Option<f64>,
) -> botika::Result<BulkOptions> {
    let mut options = BulkOptions::default();
    if let Some(sends) = concurrency {
        options = options.concurrency(sends);
    }
    if let Some(requeues) = max_rate_limit_requeues {
        options = options.max_rate_limit_requeues(requeues);
    }
    if let Some(wait) = seconds("max_pause", max_pause)? {
        options = options.max_pause(wait);
    }
    Ok(options)
}

#[pymethods]
impl NativeClient {
    /// Starts sending `message` (the wire JSON without `to`, as for `send_message`) to every
    /// recipient of the iterable `recipients`; the job's handle comes back at once.
    #[pyo3(signature = (recipients, message, *, concurrency=None, max_rate_limit_requeues=None, max_pause=None))]
    fn bulk_start(
        &self,
        py: Python<'_>,
        recipients: &Bound<'_, PyAny>,
        message: &Bound<'_, PyAny>,
        concurrency: Option<usize>,
        max_rate_limit_requeues: Option<u32>,
        max_pause: Option<f64>,
    ) -> PyResult<NativeBulkJob> {
        let mut messages = Messages::default();
        let mut items = Vec::new();
        for (index, to) in iterate(recipients, "recipients", "phone numbers")?.enumerate() {
            let to = recipient(&to?, || format!("recipients[{index}]"))?;
            items.push(messages.item(to, message, "message").or_raise(py)?);
        }
        let options = options(concurrency, max_rate_limit_requeues, max_pause).or_raise(py)?;
        self.bulk(py, items, options)
    }

    /// Starts sending each `(to, message)` pair of the iterable `items`; see `bulk_start`.
    #[pyo3(signature = (items, *, concurrency=None, max_rate_limit_requeues=None, max_pause=None))]
    fn bulk_start_pairs(
        &self,
        py: Python<'_>,
        items: &Bound<'_, PyAny>,
        concurrency: Option<usize>,
        max_rate_limit_requeues: Option<u32>,
        max_pause: Option<f64>,
    ) -> PyResult<NativeBulkJob> {
        let mut messages = Messages::default();
        let mut pairs = Vec::new();
        for (index, pair) in iterate(items, "items", "(to, message) pairs")?.enumerate() {
            let pair = pair?;
            let (to, message) = pair
                .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
                .map_err(|_| {
                    PyTypeError::new_err(format!(
                        "items[{index}] must be a (to, message) pair, not {}",
                        type_name(&pair)
                    ))
                })?;
            let to = recipient(&to, || format!("items[{index}][0]"))?;
            let field = format!("items[{index}][1]");
            pairs.push(messages.item(to, &message, &field).or_raise(py)?);
        }
        let options = options(concurrency, max_rate_limit_requeues, max_pause).or_raise(py)?;
        self.bulk(py, pairs, options)
    }
}

impl NativeClient {
    /// Starts the job on the shared runtime (its task is driven by the runtime's thread).
    fn bulk(
        &self,
        py: Python<'_>,
        items: Vec<BulkItem>,
        options: BulkOptions,
    ) -> PyResult<NativeBulkJob> {
        let client = self.core().or_raise(py)?;
        let shared = runtime().or_raise(py)?;
        let job = {
            let _entered = shared.enter();
            client.send_bulk(items, options).or_raise(py)?
        };
        Ok(NativeBulkJob {
            pid: std::process::id(),
            control: job.control(),
            state: ManuallyDrop::new(Arc::new(Mutex::new(State {
                job: Some(job),
                report: None,
            }))),
        })
    }
}

/// The job's handle until every outcome is in, then its report (kept, so the report can be
/// asked for again).
struct State {
    job: Option<BulkJob>,
    report: Option<BulkReport>,
}

/// A running bulk job. Its methods that wait return a [`Call`].
#[pyclass(module = "botika._native", frozen)]
pub struct NativeBulkJob {
    /// The process the job runs in: a forked child has a copy of the handle but not the task.
    pid: u32,
    control: BulkControl,
    /// Leaked in a forked child (see `Drop`).
    state: ManuallyDrop<Arc<Mutex<State>>>,
}

impl NativeBulkJob {
    /// Refuses to act in a process forked after the job started: the job's task (and the
    /// runtime thread driving it) exist only in the parent.
    fn here(&self) -> botika::Result<()> {
        if self.pid == std::process::id() {
            return Ok(());
        }
        Err(botika::Error::config(format!(
            "this bulk job was started in process {} and runs only there; a process forked from \
             it cannot follow, cancel or finish it (start a new job in this process)",
            self.pid
        )))
    }

    /// A call needing the job's state, or failing at once when forked.
    fn call<T, F, Fut, C>(&self, op: F, convert: C) -> Call
    where
        F: FnOnce(Arc<Mutex<State>>) -> Fut,
        Fut: Future<Output = botika::Result<T>> + Send + 'static,
        T: Send + 'static,
        C: for<'py> FnOnce(Python<'py>, T) -> PyResult<Bound<'py, PyAny>> + Send + 'static,
    {
        match self.here() {
            Ok(()) => Call::new(op(Arc::clone(&self.state)), convert).often_ready(),
            Err(error) => Call::failed(error),
        }
    }
}

/// Up to `max` outcomes: waits for the first, then takes whatever else has already finished.
/// Empty once every outcome was handed out (or the report was taken). Cancel-safe: dropped
/// while waiting, it loses nothing.
async fn next_outcomes(state: Arc<Mutex<State>>, max: usize) -> botika::Result<Vec<BulkOutcome>> {
    let mut state = state.lock().await;
    let Some(job) = state.job.as_mut() else {
        return Ok(Vec::new());
    };
    let Some(first) = job.next_outcome().await else {
        return Ok(Vec::new());
    };
    let mut batch = vec![first];
    while batch.len() < max {
        match job.next_outcome().now_or_never() {
            Some(Some(outcome)) => batch.push(outcome),
            _ => break,
        }
    }
    Ok(batch)
}

/// The report, once every recipient has its outcome. Cancel-safe: the outcomes are drained
/// into the job first (it keeps them), and only then is the job consumed, which no longer
/// waits, so a caller that gives up (Ctrl-C, an asyncio timeout) neither cancels the job nor
/// loses its outcomes. The report is kept for later calls.
async fn report(state: Arc<Mutex<State>>) -> botika::Result<BulkReport> {
    let mut state = state.lock().await;
    if let Some(job) = state.job.as_mut() {
        while job.next_outcome().await.is_some() {}
    }
    if let Some(job) = state.job.take() {
        state.report = Some(job.finish().await);
    }
    // Always there: the job is only ever consumed just above, which stores its report.
    state
        .report
        .clone()
        .ok_or_else(|| botika::Error::config("the bulk job ended without a report"))
}

/// Outcomes as `(index, to, status, id, error)` tuples, the error an instance of its
/// `botika.errors` class. Errors the core shares between outcomes (every recipient a cancel
/// left untried) become one shared exception object.
fn outcomes_to_py<'py>(py: Python<'py>, outcomes: &[BulkOutcome]) -> PyResult<Bound<'py, PyList>> {
    let mut errors: HashMap<*const botika::Error, Bound<'py, PyAny>> = HashMap::new();
    let list = PyList::empty(py);
    for outcome in outcomes {
        let error = match outcome.shared_error() {
            None => py.None().into_bound(py),
            Some(error) => match errors.entry(Arc::as_ptr(&error)) {
                Entry::Occupied(seen) => seen.get().clone(),
                Entry::Vacant(slot) => slot.insert(exception(py, &error)?).clone(),
            },
        };
        let fields = (
            outcome.index(),
            outcome.to(),
            outcome.status().as_str(),
            outcome.id(),
            error,
        );
        list.append(fields.into_pyobject(py)?)?;
    }
    Ok(list)
}

#[pymethods]
impl NativeBulkJob {
    /// Up to `max` outcomes as `(index, to, status, id, error)` tuples, waiting for at least
    /// one; an empty list once every outcome was handed out.
    fn next_outcomes(&self, max: usize) -> Call {
        let max = max.max(1);
        self.call(
            |state| next_outcomes(state, max),
            |py, batch| Ok(outcomes_to_py(py, &batch)?.into_any()),
        )
    }

    /// `(outcomes, counts)`: every outcome in input order (those already handed out included)
    /// and the final counts, once the job is over.
    fn report(&self) -> Call {
        self.call(report, |py, report| {
            let counts = to_py(py, &serialized(&report.counts).or_raise(py)?)?;
            Ok((outcomes_to_py(py, &report.outcomes)?, counts)
                .into_pyobject(py)?
                .into_any())
        })
    }

    /// The counts right now (a dict, as `BulkCounts` serializes).
    fn progress<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.here().or_raise(py)?;
        to_python(py, serialized(&self.control.progress()).or_raise(py)?)
    }

    /// Stops starting sends (see the core's `BulkJob::cancel`); idempotent.
    fn cancel(&self, py: Python<'_>) -> PyResult<()> {
        self.here().or_raise(py)?;
        self.control.cancel();
        Ok(())
    }
}

impl Drop for NativeBulkJob {
    fn drop(&mut self) {
        if self.pid == std::process::id() {
            // SAFETY: `state` is not used after this; `drop` runs once.
            unsafe { ManuallyDrop::drop(&mut self.state) }
        }
        // In a forked child the state is leaked instead: it may be locked by a parent thread
        // that does not exist here, and its channel belongs to the parent's runtime.
    }
}
