//! The job-wide pause after a 429: every send of the job waits until the instant the server
//! named (`Retry-After`), or a backoff when it named none.
//!
//! Many sends are in flight when the limit hits, so a burst of 429s arrives for one overload.
//! Each send remembers the pause *epoch* it started in; only a 429 from the current epoch counts
//! as a new overload (it grows the backoff and opens a new epoch), while late answers to sends
//! that left before the pause can only lengthen it by their own `Retry-After`.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::retry::RetryPolicy;

/// Shared by every send of one job.
#[derive(Debug)]
pub(crate) struct Pause {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// No send starts before this instant.
    until: Instant,
    /// Bumped by every 429 that opens a new pause.
    epoch: u64,
    /// 429s in a row without a success in between (sizes the backoff when `Retry-After` is
    /// absent).
    streak: u32,
}

impl Pause {
    /// No pause.
    pub(crate) fn new() -> Pause {
        Pause {
            state: Mutex::new(State {
                until: Instant::now(),
                epoch: 0,
                streak: 0,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The instant before which no send may start.
    pub(crate) fn until(&self) -> Instant {
        self.state().until
    }

    /// The current epoch, taken by a send just before it leaves.
    pub(crate) fn epoch(&self) -> u64 {
        self.state().epoch
    }

    /// A send succeeded: the overload is over, so the next 429 starts the backoff afresh.
    pub(crate) fn succeeded(&self) {
        self.state().streak = 0;
    }

    /// A send that left in `epoch` got a 429 with `retry_after` (if any). Extends the pause and
    /// answers how long the job now waits from this instant. `unit` in `0.0..=1.0` is the
    /// random draw that jitters a backoff.
    pub(crate) fn rate_limited(
        &self,
        epoch: u64,
        retry_after: Option<Duration>,
        policy: &RetryPolicy,
        unit: f64,
    ) -> Duration {
        let mut state = self.state();
        let now = Instant::now();
        let fresh = epoch == state.epoch;
        if fresh {
            state.epoch += 1;
            state.streak = state.streak.saturating_add(1);
        }
        // Without Retry-After, only a fresh 429 sets a backoff: a stale one is the same overload.
        // Half the ceiling plus a random half keeps the pause long enough to matter.
        let wait = match retry_after {
            Some(wait) => Some(wait),
            None if fresh => {
                let ceiling = policy.backoff_ceiling(state.streak);
                Some(ceiling.mul_f64(0.5 + 0.5 * unit.clamp(0.0, 1.0)))
            }
            None => None,
        };
        if let Some(wait) = wait {
            state.until = state.until.max(now + wait);
        }
        state.until.saturating_duration_since(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1))
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_pauses_exactly_that_long_and_only_lengthens() {
        let pause = Pause::new();
        let epoch = pause.epoch();
        let wait = pause.rate_limited(epoch, Some(Duration::from_secs(2)), &policy(), 1.0);
        assert_eq!(wait, Duration::from_secs(2));
        assert_eq!(pause.until(), Instant::now() + Duration::from_secs(2));
        // A shorter Retry-After arriving later never shortens the pause.
        let wait = pause.rate_limited(epoch, Some(Duration::from_secs(1)), &policy(), 1.0);
        assert_eq!(wait, Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_stale_429s_grows_the_backoff_once() {
        let pause = Pause::new();
        let epoch = pause.epoch();
        // Five sends of one epoch all get a bare 429: one backoff step (100 ms at most).
        let waits: Vec<Duration> = (0..5)
            .map(|_| pause.rate_limited(epoch, None, &policy(), 1.0))
            .collect();
        assert!(waits.iter().all(|w| *w == Duration::from_millis(100)));
        // The next overload (a send of the new epoch) doubles it; a success resets it.
        let wait = pause.rate_limited(pause.epoch(), None, &policy(), 1.0);
        assert_eq!(wait, Duration::from_millis(200));
        pause.succeeded();
        tokio::time::advance(Duration::from_secs(1)).await;
        let wait = pause.rate_limited(pause.epoch(), None, &policy(), 0.0);
        assert_eq!(wait, Duration::from_millis(50));
    }
}
