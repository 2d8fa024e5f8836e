//! Rate limits with back-off: failed sign-ins per account and client and
//! per client, sign-ups per client, e-mailed links per client and per
//! recipient, e-mail changes per account, guests' comments per client.
//!
//! The counts are kept in the database, by the application's clock, so
//! that several nodes on one database hold one line: a client that spreads
//! its attempts over N nodes gets no more than it would from one. Members'
//! comments are not counted here at all: the comments themselves are in the
//! database, and flood control reads how fast their author has been going.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use byline_core::Timestamp;
use byline_store::{PostingRecord, ThrottleRule};
use sha2::{Digest, Sha256};

use crate::{App, Error};

/// A limit, by the name its counts are kept under: `free` events per
/// window; the event that uses the allowance up starts a block, and each
/// further one doubles it, up to a longest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    name: &'static str,
    rule: ThrottleRule,
}

impl Throttle {
    pub const fn new(name: &'static str, free: u32, window: Duration, base: Duration, cap: Duration) -> Self {
        Self { name, rule: ThrottleRule { free, window, base, cap } }
    }
}

/// How often a node sweeps away counts that no longer count.
const SWEEP_EVERY_MS: i64 = 10 * 60 * 1000;

/// The limits the use cases apply.
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
    /// Guests' comments from one client: a minimum interval between two…
    pub guest_comment_interval: Throttle,
    /// …and a cap per minute.
    pub guest_comment_minute: Throttle,
    /// The operator's limits, which members' comments are held to.
    pub limits: RateLimits,
    /// When this node last swept (milliseconds, by the app's clock).
    swept_at: AtomicI64,
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

const MINUTE: Duration = Duration::from_secs(60);

impl Throttles {
    /// The fixed limits, with the operator's `limits`.
    pub fn with_limits(limits: RateLimits) -> Self {
        let minute = MINUTE;
        let interval = limits.comment_interval;
        let guest_comment_interval = if interval.is_zero() {
            Throttle::new("guest comment interval", u32::MAX, minute, Duration::ZERO, Duration::ZERO)
        } else {
            Throttle::new("guest comment interval", 1, interval, interval, interval)
        };
        let per_minute = limits.comments_per_minute.max(1);
        Self {
            sign_in_pair: Throttle::new("sign-in pair", 5, 15 * minute, Duration::from_secs(2), 15 * minute),
            sign_in_account: Throttle::new("sign-in account", 20, 15 * minute, Duration::from_secs(2), 15 * minute),
            sign_in_address: Throttle::new("sign-in client", 20, 15 * minute, Duration::from_secs(2), 15 * minute),
            sign_up_address: Throttle::new(
                "sign-up client",
                limits.sign_ups_per_hour.max(1),
                60 * minute,
                minute,
                60 * minute,
            ),
            mail_links: Throttle::new("mail links client", 5, 60 * minute, minute, 60 * minute),
            mail_links_recipient: Throttle::new("mail links recipient", 3, 60 * minute, 20 * minute, 60 * minute),
            email_changes: Throttle::new("e-mail changes", 3, 60 * minute, 20 * minute, 60 * minute),
            guest_comment_interval,
            guest_comment_minute: Throttle::new("guest comments per minute", per_minute, minute, minute, minute),
            limits,
            swept_at: AtomicI64::new(i64::MIN),
        }
    }
}

impl Default for Throttles {
    fn default() -> Self {
        Self::with_limits(RateLimits::default())
    }
}

/// What a count is kept under: a digest of the key, so the table holds no
/// client's address or reader's e-mail address in the clear, and every
/// subject has the same length.
fn subject(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// How long from `now` until `until`, if that is later.
fn wait_until(until: Timestamp, now: Timestamp) -> Option<Duration> {
    let left = until.millis().checked_sub(now.millis()).filter(|left| *left > 0)?;
    Some(Duration::from_millis(u64::try_from(left).unwrap_or(0)))
}

fn plus(at: Timestamp, duration: Duration) -> Timestamp {
    Timestamp::from_millis(at.millis().saturating_add(i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)))
}

impl App {
    /// How long `key` must still wait under `throttle`; `None`: it may go.
    pub(crate) async fn held_back(&self, throttle: &Throttle, key: &str) -> Result<Option<Duration>, Error> {
        let count = self.store.throttle_count(throttle.name, &subject(key)).await?;
        Ok(count.and_then(|count| count.wait_at(self.now())))
    }

    /// Counts one event (a failed sign-in, a sign-up) against `key`.
    pub(crate) async fn count_event(&self, throttle: &Throttle, key: &str) -> Result<(), Error> {
        let now = self.now();
        self.store.record_throttle_event(throttle.name, &subject(key), &throttle.rule, now).await?;
        self.sweep_now_and_then(now).await;
        Ok(())
    }

    /// Whether `key` has events counted under `throttle` in its current
    /// window.
    pub(crate) async fn has_record(&self, throttle: &Throttle, key: &str) -> Result<bool, Error> {
        let count = self.store.throttle_count(throttle.name, &subject(key)).await?;
        Ok(count.is_some_and(|count| count.is_current_at(self.now())))
    }

    /// Forgets `key`'s count under `throttle` (after a successful sign-in).
    pub(crate) async fn forget_events(&self, throttle: &Throttle, key: &str) -> Result<(), Error> {
        self.store.clear_throttle(throttle.name, &subject(key)).await?;
        Ok(())
    }

    /// Sweeps old counts, at most once each [`SWEEP_EVERY_MS`] on this
    /// node. A failure is logged: the counts are right either way, the
    /// table only larger.
    async fn sweep_now_and_then(&self, now: Timestamp) {
        let last = self.throttles.swept_at.load(Ordering::Relaxed);
        if now.millis().saturating_sub(last) < SWEEP_EVERY_MS {
            return;
        }
        let swapped =
            self.throttles.swept_at.compare_exchange(last, now.millis(), Ordering::Relaxed, Ordering::Relaxed);
        if swapped.is_err() {
            return;
        }
        match self.store.sweep_throttles(now).await {
            Ok(swept) => tracing::debug!(swept, "old rate-limit counts swept"),
            Err(err) => tracing::warn!(error = %err, "cannot sweep old rate-limit counts"),
        }
    }

    /// How long a member whose pace is `found` must still wait to comment
    /// at `now`: their last comment was less than the least interval ago,
    /// or they made their allowance for a minute in the last minute.
    /// Read from the comments themselves, which every node writes to the
    /// same place. `None`: they may go.
    pub(crate) fn member_flood_wait(&self, found: &PostingRecord, now: Timestamp) -> Option<Duration> {
        let limits = self.throttles.limits;
        let interval = found
            .last
            .filter(|_| !limits.comment_interval.is_zero())
            .and_then(|last| wait_until(plus(last, limits.comment_interval), now));
        let per_minute = found.recent_filled_at.and_then(|filled| wait_until(plus(filled, MINUTE), now));
        interval.max(per_minute)
    }

    /// `Err(wait)` while a guest on `client` may not comment yet.
    pub(crate) async fn guest_flood_wait(&self, client: &str) -> Result<Option<Duration>, Error> {
        let key = format!("guest {client}");
        let interval = self.held_back(&self.throttles.guest_comment_interval, &key).await?;
        let minute = self.held_back(&self.throttles.guest_comment_minute, &key).await?;
        Ok(interval.max(minute))
    }

    /// Counts a guest's comment from `client`.
    pub(crate) async fn count_guest_comment(&self, client: &str) -> Result<(), Error> {
        let key = format!("guest {client}");
        self.count_event(&self.throttles.guest_comment_interval, &key).await?;
        self.count_event(&self.throttles.guest_comment_minute, &key).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_digests_of_the_same_length() {
        let a = subject("10.0.0.1");
        assert_eq!(a.len(), 64);
        assert_eq!(a, subject("10.0.0.1"));
        assert_ne!(a, subject("10.0.0.2"));
        assert!(!a.contains("10.0"));
        assert_eq!(subject("someone@example.org\n10.0.0.1").len(), 64);
    }

    #[test]
    fn waits_are_counted_to_the_millisecond_and_never_negative() {
        let now = Timestamp::from_millis(1_000_000);
        assert_eq!(wait_until(Timestamp::from_millis(1_001_500), now), Some(Duration::from_millis(1500)));
        assert_eq!(wait_until(now, now), None);
        assert_eq!(wait_until(Timestamp::from_millis(1), now), None);
        assert_eq!(plus(now, MINUTE), now.plus_minutes(1));
    }
}
