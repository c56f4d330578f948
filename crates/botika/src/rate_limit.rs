//! The client-side rate limiter for sends: a GCRA ("virtual scheduling") with a burst of one, so
//! sends leave evenly spaced at exactly the configured rate however many tasks send at once.
//!
//! Each caller reserves the next free slot under a short lock, then waits on tokio's timer until
//! that slot's instant, never blocking a thread. Slots are absolute instants, so timer lateness
//! never accumulates into drift. A caller cancelled while waiting leaves its slot unused (the
//! limiter then runs slightly below the rate, never above it).

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{Error, Result};

/// Spaces events `1 / rate` seconds apart. Shared (behind an `Arc`) by every clone of a client.
pub(crate) struct RateLimiter {
    interval: Duration,
    /// The earliest instant the next event may happen (`None` before the first event).
    next_slot: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// A limiter allowing `per_second` events per second (fractions allowed: 0.5 is one every 2 s).
    pub(crate) fn new(per_second: f64) -> Result<RateLimiter> {
        if !per_second.is_finite() || per_second <= 0.0 {
            return Err(Error::config(format!(
                "the rate limit must be a positive number of messages per second, not {per_second}"
            )));
        }
        let interval = Duration::try_from_secs_f64(1.0 / per_second)
            .ok()
            .filter(|interval| !interval.is_zero())
            .ok_or_else(|| {
                Error::config(format!("the rate limit {per_second}/s is out of range"))
            })?;
        Ok(RateLimiter {
            interval,
            next_slot: Mutex::new(None),
        })
    }

    /// Waits (asynchronously) until this caller may proceed.
    pub(crate) async fn acquire(&self) {
        let slot = {
            let mut next_slot = self
                .next_slot
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let slot = next_slot.map_or(now, |next| next.max(now));
            *next_slot = Some(slot + self.interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "one per {:?}", self.interval)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn refuses_rates_that_are_not_positive_finite_numbers() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e300] {
            assert!(RateLimiter::new(bad).is_err(), "{bad}");
        }
        assert_eq!(
            RateLimiter::new(80.0).unwrap().interval,
            Duration::from_micros(12_500)
        );
        assert_eq!(
            RateLimiter::new(0.5).unwrap().interval,
            Duration::from_secs(2)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_get_evenly_spaced_slots_at_exactly_the_rate() {
        let limiter = Arc::new(RateLimiter::new(80.0).unwrap());
        let start = Instant::now();
        let tasks: Vec<_> = (0..801)
            .map(|_| {
                let limiter = limiter.clone();
                tokio::spawn(async move {
                    limiter.acquire().await;
                    Instant::now()
                })
            })
            .collect();
        let mut times = Vec::new();
        for task in tasks {
            times.push(task.await.unwrap() - start);
        }
        times.sort();
        // 801 events at 80/s: the first at once, the last 800 intervals (10 s) later.
        assert_eq!(times[0], Duration::ZERO);
        let last = times[800];
        assert!(
            last >= Duration::from_secs(10) && last < Duration::from_millis(10_002),
            "{last:?}"
        );
        // No two events closer than the interval (tokio's timer rounds up to whole milliseconds).
        let too_close = times
            .windows(2)
            .filter(|w| w[1] - w[0] < Duration::from_millis(12))
            .count();
        assert_eq!(too_close, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_limiter_lets_the_next_event_through_at_once() {
        let limiter = RateLimiter::new(2.0).unwrap();
        limiter.acquire().await;
        tokio::time::sleep(Duration::from_secs(5)).await;
        let before = Instant::now();
        limiter.acquire().await;
        assert_eq!(Instant::now() - before, Duration::ZERO);
        limiter.acquire().await;
        assert_eq!(Instant::now() - before, Duration::from_millis(500));
    }
}
