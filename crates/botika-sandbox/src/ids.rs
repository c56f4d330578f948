//! Identifiers: unique across concurrent requests (one atomic counter) and across restarts and
//! instances (a per-start stamp), opaque to clients like the real service's.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::clock;

/// Issues message, media, broadcast, request and webhook ids.
#[derive(Debug)]
pub struct Ids {
    /// The start time in milliseconds, in base 36: two instances, or one before and after a
    /// restart with a state file, never share it.
    stamp: String,
    counter: AtomicU64,
}

impl Ids {
    /// A fresh issuer stamped with the current time.
    pub fn new() -> Ids {
        Ids {
            stamp: base36(clock::now_ms()).to_uppercase(),
            counter: AtomicU64::new(0),
        }
    }

    fn next(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// A message id in WhatsApp's style, e.g. `wamid.SBXMIF3K2QW.000042`.
    pub fn message(&self) -> String {
        format!("wamid.SBX{}.{:06}", self.stamp, self.next())
    }

    /// A media id: digits, like the Cloud API's.
    pub fn media(&self) -> String {
        format!("{}{:06}", clock::now_ms() / 1000, self.next())
    }

    /// A broadcast id.
    pub fn broadcast(&self) -> String {
        format!("bc_{}{:06}", self.stamp.to_lowercase(), self.next())
    }

    /// A request id for the `X-Request-Id` response header.
    pub fn request(&self) -> String {
        format!("req_{}{:06}", self.stamp.to_lowercase(), self.next())
    }
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_and_have_their_prefixes() {
        let ids = Ids::new();
        let (a, b) = (ids.message(), ids.message());
        assert_ne!(a, b);
        assert!(a.starts_with("wamid.SBX"));
        assert!(ids.media().chars().all(|c| c.is_ascii_digit()));
        assert!(ids.broadcast().starts_with("bc_"));
        assert_eq!(base36(0), "0");
        assert_eq!(base36(36 * 36 + 35), "10z");
    }
}
