//! Timers: message statuses, auto-replies and template reviews that happen some time after a
//! request. One task holds them in a heap ordered by due time and fires each on the engine.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Weak;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use crate::engine::Engine;

/// Something that happens later.
#[derive(Debug, Clone)]
pub enum Timed {
    /// An outbound message reaches a status (`errors` for `failed`).
    Status {
        id: String,
        status: &'static str,
        errors: Option<Value>,
    },
    /// A test recipient answers an outbound message.
    Reply { id: String },
    /// A template's review ends, unless it changed since (`revision`).
    Review { template_id: u64, revision: u64 },
}

/// A timer in the heap.
#[derive(Debug)]
pub struct Job {
    due: Instant,
    seq: u64,
    generation: u64,
    timed: Timed,
}

static SEQ: AtomicU64 = AtomicU64::new(0);

impl Job {
    /// A timer due after `delay`, made in sandbox generation `generation`.
    pub fn new(delay: Duration, generation: u64, timed: Timed) -> Job {
        let seq = SEQ.fetch_add(1, AtomicOrdering::Relaxed);
        // A delay too long to represent (a huge configured one) means "never" in practice.
        let now = Instant::now();
        let due = now
            .checked_add(delay)
            .unwrap_or_else(|| now + Duration::from_secs(100 * 365 * 86_400));
        Job {
            due,
            seq,
            generation,
            timed,
        }
    }
}

// The heap is a max-heap: the earliest due (then the first scheduled) must compare greatest.
impl Ord for Job {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .due
            .cmp(&self.due)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}
impl PartialOrd for Job {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Job {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}
impl Eq for Job {}

/// Runs timers until `shutdown` turns true or the engine is gone.
pub async fn run(
    engine: Weak<Engine>,
    mut jobs: mpsc::UnboundedReceiver<Job>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut heap = BinaryHeap::new();
    loop {
        let next_due = heap.peek().map(|job: &Job| job.due);
        tokio::select! {
            job = jobs.recv() => match job {
                Some(job) => heap.push(job),
                None => return,
            },
            () = sleep_until(next_due) => {
                let now = Instant::now();
                let Some(engine) = engine.upgrade() else { return };
                while heap.peek().is_some_and(|job| job.due <= now) {
                    let Some(job) = heap.pop() else { break };
                    if job.generation == engine.generation.load(AtomicOrdering::SeqCst) {
                        engine.fire(job.timed);
                    }
                }
            }
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
    }
}

async fn sleep_until(due: Option<Instant>) {
    match due {
        Some(due) => tokio::time::sleep_until(due).await,
        None => std::future::pending().await,
    }
}
