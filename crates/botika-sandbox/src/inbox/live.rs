//! Live updates for the inbox page: change counters that the engine, the webhook log and the
//! fault list bump, and the server-sent event stream that tells the page which of them moved, so
//! it refetches only that part. Counters (rather than the changes themselves) coalesce bursts:
//! a broadcast to a thousand numbers is one event, not a thousand.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde_json::json;
use tokio::sync::watch;

use crate::engine::Engine;

/// How long the stream waits after a change before reporting it, so that the statuses and
/// webhooks of one request arrive as one event.
const SETTLE: Duration = Duration::from_millis(50);

/// A counter of changes to one part of the sandbox, which live views subscribe to.
#[derive(Debug)]
pub struct Revision(watch::Sender<u64>);

impl Default for Revision {
    fn default() -> Self {
        Revision(watch::Sender::new(0))
    }
}

impl Revision {
    /// Notes a change; never blocks, and costs nothing more when nobody watches.
    pub fn bump(&self) {
        self.0.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// A receiver that sees every later bump.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.0.subscribe()
    }
}

/// The three parts the page shows, each with its own counter.
struct Watched {
    state: watch::Receiver<u64>,
    webhooks: watch::Receiver<u64>,
    faults: watch::Receiver<u64>,
    started: bool,
}

impl Watched {
    /// The counters now, marked as seen: `{"state", "webhooks", "faults"}`.
    fn event(&mut self) -> Event {
        let revisions = json!({
            "state": *self.state.borrow_and_update(),
            "webhooks": *self.webhooks.borrow_and_update(),
            "faults": *self.faults.borrow_and_update(),
        });
        Event::default().event("change").data(revisions.to_string())
    }
}

/// `GET /_inbox/events`: a `change` event at once (so a page that reconnects reloads what it
/// missed), then one after every change, carrying the counters.
pub async fn events(
    State(engine): State<Arc<Engine>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let watched = Watched {
        state: engine.revision.subscribe(),
        webhooks: engine.webhooks.revision.subscribe(),
        faults: engine.faults.revision.subscribe(),
        started: false,
    };
    let stream = futures_util::stream::unfold(watched, |mut watched| async move {
        if watched.started {
            // A closed channel means the sandbox is gone: the stream ends.
            tokio::select! {
                changed = watched.state.changed() => changed.ok()?,
                changed = watched.webhooks.changed() => changed.ok()?,
                changed = watched.faults.changed() => changed.ok()?,
            }
            tokio::time::sleep(SETTLE).await;
        }
        watched.started = true;
        Some((Ok(watched.event()), watched))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
