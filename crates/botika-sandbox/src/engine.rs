//! The running sandbox's shared core: configuration, state, and the services around it (ids,
//! faults, webhooks, timers, persistence). The HTTP handlers and the in-process handle both call
//! its methods (in `ops/`), so the two ways of controlling a sandbox share one implementation.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc, watch};
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::faults::{Faults, Throughput};
use crate::ids::Ids;
use crate::inbox::live::Revision;
use crate::scheduler::{self, Timed};
use crate::state::State;
use crate::webhooks::{Target, Webhooks};

/// Shared by every request, timer and worker of one sandbox.
#[derive(Debug)]
pub struct Engine {
    /// How this sandbox was started.
    pub config: Config,
    state: Mutex<State>,
    /// Issues every id.
    pub ids: Ids,
    /// Injected faults.
    pub faults: Faults,
    /// The throughput limit on sends.
    pub throughput: Throughput,
    /// The webhook sender and its log.
    pub webhooks: Arc<Webhooks>,
    /// Bumped by every reset, so timers and deliveries queued before it are dropped.
    pub generation: Arc<AtomicU64>,
    stats: Mutex<BTreeMap<String, u64>>,
    timers: mpsc::UnboundedSender<scheduler::Job>,
    /// Wakes the state-file writer.
    pub dirty: Notify,
    /// Bumped by every change to the state, for the inbox's live updates.
    pub revision: Revision,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
}

impl Engine {
    /// Builds the core around `state` and starts its background tasks on the current runtime.
    pub fn start(
        config: Config,
        state: State,
        base_url: String,
        shutdown: &watch::Receiver<bool>,
    ) -> (Arc<Engine>, Vec<JoinHandle<()>>) {
        let generation = Arc::new(AtomicU64::new(0));
        let target = Target {
            url: config.webhook_url.clone(),
            secret: config.webhook_secret.clone(),
            envelope: config.envelope,
        };
        let (webhooks, mut tasks) =
            Webhooks::start(target, config.retry, Arc::clone(&generation), shutdown);
        let (timers, timer_rx) = mpsc::unbounded_channel();
        let engine = Arc::new(Engine {
            config,
            state: Mutex::new(state),
            ids: Ids::new(),
            faults: Faults::default(),
            throughput: Throughput::default(),
            webhooks,
            generation,
            stats: Mutex::default(),
            timers,
            dirty: Notify::new(),
            revision: Revision::default(),
            base_url,
        });
        tasks.push(tokio::spawn(scheduler::run(
            Arc::downgrade(&engine),
            timer_rx,
            shutdown.clone(),
        )));
        (engine, tasks)
    }

    /// The state, locked. Never held across an `.await`.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Notes that the state changed, for the state file and the inbox's live updates.
    pub fn touch(&self) {
        self.revision.bump();
        if self.config.state_file.is_some() {
            self.dirty.notify_one();
        }
    }

    /// Runs `timed` after `delay`, unless the sandbox is reset first.
    pub fn schedule(&self, delay: Duration, timed: Timed) {
        let generation = self.generation.load(Ordering::SeqCst);
        // A closed channel means the sandbox is stopping; the timer no longer matters.
        let _ = self
            .timers
            .send(scheduler::Job::new(delay, generation, timed));
    }

    /// Counts one request that reached its handler, under `METHOD /route`.
    pub fn count(&self, route: String) {
        *self
            .stats
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(route)
            .or_default() += 1;
    }

    /// How many requests each route processed: what really reached the handlers (a request
    /// dropped before processing is not counted; one dropped after processing is).
    pub fn stats(&self) -> Value {
        let requests = self.stats.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let state = self.state();
        let outbound = state
            .messages
            .iter()
            .filter(|m| m.direction == crate::state::Direction::Outbound)
            .count();
        json!({
            "requests": requests,
            "messages": { "outbound": outbound, "inbound": state.messages.len() - outbound },
            "media": state.media.len(),
            "templates": state.templates.len(),
            "broadcasts": state.broadcasts.len(),
        })
    }

    /// Back to a fresh start: seeded templates, configured labels, no messages, media,
    /// broadcasts, webhook log, faults, throughput limit or counts. Pending timers and webhook
    /// deliveries are dropped. The webhook target stays.
    pub fn reset(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        *self.state() = State::seeded(self.config.labels.clone());
        self.webhooks.clear();
        self.faults.clear();
        // Lifting the limit cannot fail.
        let _ = self.throughput.set(None);
        self.stats.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.touch();
    }
}
