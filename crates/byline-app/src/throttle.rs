//! Rate limits with back-off, kept in memory per process: failed sign-ins
//! per account and client and per client, sign-ups per client, e-mailed
//! links per client and per recipient, e-mail changes per account.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A limit: `free` events per `window`. The event that uses the allowance
/// up starts a block of `base`; each further one doubles it, up to `cap`.
#[derive(Debug)]
pub struct Throttle {
    free: u32,
    window: Duration,
    base: Duration,
    cap: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    count: u32,
    first: Instant,
    blocked_until: Option<Instant>,
}

/// Keys kept before stale ones are swept.
const SWEEP_ABOVE: usize = 10_000;

impl Throttle {
    pub fn new(free: u32, window: Duration, base: Duration, cap: Duration) -> Self {
        Self { free, window, base, cap, entries: Mutex::new(HashMap::new()) }
    }

    /// `Err(wait)` while `key` is blocked.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let Ok(entries) = self.entries.lock() else { return Ok(()) };
        match entries.get(key).and_then(|e| e.blocked_until) {
            Some(until) if until > now => Err(until - now),
            _ => Ok(()),
        }
    }

    /// Counts one event (a failed sign-in, a sign-up) against `key`.
    pub fn record(&self, key: &str) {
        let now = Instant::now();
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.len() > SWEEP_ABOVE {
            let window = self.window;
            entries.retain(|_, e| now.duration_since(e.first) < window || e.blocked_until.is_some_and(|u| u > now));
        }
        let entry = entries.entry(key.to_owned()).or_insert(Entry { count: 0, first: now, blocked_until: None });
        if now.duration_since(entry.first) >= self.window && entry.blocked_until.is_none_or(|u| u <= now) {
            *entry = Entry { count: 0, first: now, blocked_until: None };
        }
        entry.count += 1;
        if entry.count >= self.free {
            let doublings = (entry.count - self.free).min(20);
            let wait = self.base.saturating_mul(1 << doublings).min(self.cap);
            entry.blocked_until = Some(now + wait);
        }
    }

    /// Whether `key` has events counted in its current window.
    pub fn has_record(&self, key: &str) -> bool {
        let now = Instant::now();
        let Ok(entries) = self.entries.lock() else { return true };
        entries.get(key).is_some_and(|e| {
            e.count > 0 && (now.duration_since(e.first) < self.window || e.blocked_until.is_some_and(|u| u > now))
        })
    }

    /// Forgets `key` (after a successful sign-in).
    pub fn clear(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }
}

/// The limits the accounts pages use.
#[derive(Debug)]
pub struct Throttles {
    /// Failed sign-ins for one address from one client: only that client
    /// is held back, so nobody can lock an owner out from elsewhere.
    pub sign_in_pair: Throttle,
    /// Failed sign-ins for one address from anywhere: while it is blocked,
    /// only clients that have not failed for that address may try.
    pub sign_in_account: Throttle,
    /// Failed sign-ins from one client, whatever the address.
    pub sign_in_address: Throttle,
    pub sign_up_address: Throttle,
    /// E-mailed links (sign-in, reset) asked for by one client…
    pub mail_links: Throttle,
    /// …and sent to one recipient, whoever asks.
    pub mail_links_recipient: Throttle,
    /// Requests to change one account's e-mail address (each sends mail).
    pub email_changes: Throttle,
    /// Comments per user: a minimum interval between two…
    pub comment_interval: Throttle,
    /// …and a cap per minute.
    pub comment_minute: Throttle,
}

/// The limits a site's operator sets; the others are fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Least time between two comments by one commenter (no limit if zero).
    pub comment_interval: Duration,
    /// Most comments one commenter may post in a minute.
    pub comments_per_minute: u32,
    /// Most accounts one network address may create in an hour: a
    /// newsroom's office or a campus shares one address.
    pub sign_ups_per_hour: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self { comment_interval: Duration::from_secs(10), comments_per_minute: 5, sign_ups_per_hour: 5 }
    }
}

impl Throttles {
    /// The fixed limits, with the operator's `limits`.
    pub fn with_limits(limits: RateLimits) -> Self {
        let minute = Duration::from_secs(60);
        let interval = limits.comment_interval;
        let comment_interval = if interval.is_zero() {
            Throttle::new(u32::MAX, minute, Duration::ZERO, Duration::ZERO)
        } else {
            Throttle::new(1, interval, interval, interval)
        };
        Self {
            sign_in_pair: Throttle::new(5, 15 * minute, Duration::from_secs(2), 15 * minute),
            sign_in_account: Throttle::new(20, 15 * minute, Duration::from_secs(2), 15 * minute),
            sign_in_address: Throttle::new(20, 15 * minute, Duration::from_secs(2), 15 * minute),
            sign_up_address: Throttle::new(limits.sign_ups_per_hour.max(1), 60 * minute, minute, 60 * minute),
            mail_links: Throttle::new(5, 60 * minute, minute, 60 * minute),
            mail_links_recipient: Throttle::new(3, 60 * minute, 20 * minute, 60 * minute),
            email_changes: Throttle::new(3, 60 * minute, 20 * minute, 60 * minute),
            comment_interval,
            comment_minute: Throttle::new(limits.comments_per_minute.max(1), minute, minute, minute),
        }
    }

    /// `Err(wait)` while this commenter (a user id, or a guest's network
    /// address) may not comment yet.
    pub fn flood_check(&self, key: &str) -> Result<(), Duration> {
        self.comment_interval.check(key)?;
        self.comment_minute.check(key)
    }

    pub fn flood_record(&self, key: &str) {
        self.comment_interval.record(key);
        self.comment_minute.record(key);
    }
}

impl Default for Throttles {
    fn default() -> Self {
        Self::with_limits(RateLimits::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_free_allowance_with_growing_waits() {
        let throttle = Throttle::new(2, Duration::from_secs(60), Duration::from_secs(1), Duration::from_secs(10));
        throttle.record("k");
        assert!(throttle.check("k").is_ok());
        throttle.record("k");
        let first = throttle.check("k").unwrap_err();
        assert!(first <= Duration::from_secs(1) && first > Duration::from_millis(500));
        throttle.record("k");
        assert!(throttle.check("k").unwrap_err() > Duration::from_millis(1500));
        for _ in 0..10 {
            throttle.record("k");
        }
        assert!(throttle.check("k").unwrap_err() <= Duration::from_secs(10));
        assert!(throttle.check("other").is_ok());
        assert!(throttle.has_record("k") && !throttle.has_record("other"));
        throttle.clear("k");
        assert!(throttle.check("k").is_ok());
        assert!(!throttle.has_record("k"));
    }
}
