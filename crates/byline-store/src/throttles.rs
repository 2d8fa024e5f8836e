//! Rate limits' counts, kept in the database so that every node on it
//! counts the same events: failed sign-ins, sign-ups, e-mailed links and
//! the like. Each event is one statement (an insert or an update of the
//! row, never a read followed by a write), so two nodes counting at once
//! never lose a count. What is counted is named by the caller; the store
//! only does the arithmetic the caller's [`ThrottleRule`] asks for.

use std::sync::LazyLock;
use std::time::Duration;

use byline_core::Timestamp;

use crate::backend::on_pool;
use crate::{Store, StoreError};

/// How a limit counts: `free` events in a `window` that starts with the
/// first of them. The event that uses the allowance up starts a block of
/// `base`; each further one doubles it, up to `cap`. A window does not end
/// while its subject is blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRule {
    pub free: u32,
    pub window: Duration,
    pub base: Duration,
    pub cap: Duration,
}

/// One subject's count under one limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleCount {
    /// Events counted in the current window.
    pub events: i64,
    /// When the window ends (unless a block outlasts it).
    pub window_end: Timestamp,
    pub blocked_until: Option<Timestamp>,
}

impl ThrottleCount {
    /// How long the subject must still wait at `now`, if it is blocked.
    pub fn wait_at(&self, now: Timestamp) -> Option<Duration> {
        let until = self.blocked_until?.millis();
        let left = until.checked_sub(now.millis()).filter(|left| *left > 0)?;
        Some(Duration::from_millis(u64::try_from(left).unwrap_or(0)))
    }

    /// Whether events are still counted against the subject at `now`: its
    /// window has not ended, or it is blocked.
    pub fn is_current_at(&self, now: Timestamp) -> bool {
        self.events > 0 && (now < self.window_end || self.wait_at(now).is_some())
    }
}

#[derive(sqlx::FromRow)]
struct CountRow {
    events: i64,
    window_end: i64,
    blocked_until: Option<i64>,
}

impl From<CountRow> for ThrottleCount {
    fn from(row: CountRow) -> Self {
        Self {
            events: row.events,
            window_end: Timestamp::from_millis(row.window_end),
            blocked_until: row.blocked_until.map(Timestamp::from_millis),
        }
    }
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX / 4)
}

/// The upsert that counts one event. Parameters: `$1` throttle, `$2`
/// subject, `$3` now, `$4` window, `$5` free events, `$6` first block,
/// `$7` longest block (times in milliseconds). Written out from three
/// parts: whether the old window is over and blocks nothing (then the
/// count starts again), the new count, and the new block's length, which
/// doubles the last one.
static RECORD_SQL: LazyLock<String> = LazyLock::new(|| {
    let over = "($3 >= throttle_counts.window_end \
                AND (throttle_counts.blocked_until IS NULL OR throttle_counts.blocked_until <= $3))";
    let events = format!("(CASE WHEN {over} THEN 1 ELSE throttle_counts.events + 1 END)");
    let wait = format!(
        "(CASE WHEN {events} < $5 THEN 0 \
          WHEN {events} = $5 OR throttle_counts.wait_ms < $6 THEN $6 \
          WHEN throttle_counts.wait_ms * 2 > $7 THEN $7 \
          ELSE throttle_counts.wait_ms * 2 END)"
    );
    format!(
        "INSERT INTO throttle_counts (throttle, subject, events, window_end, wait_ms, blocked_until) \
         VALUES ($1, $2, 1, $3 + $4, CASE WHEN 1 >= $5 THEN $6 ELSE 0 END, \
                 CASE WHEN 1 >= $5 THEN $3 + $6 ELSE NULL END) \
         ON CONFLICT (throttle, subject) DO UPDATE SET \
           window_end = CASE WHEN {over} THEN $3 + $4 ELSE throttle_counts.window_end END, \
           wait_ms = {wait}, \
           blocked_until = CASE WHEN {events} >= $5 THEN $3 + {wait} ELSE NULL END, \
           events = {events} \
         RETURNING events, window_end, blocked_until"
    )
});

impl Store {
    /// Counts one event against `subject` under `throttle` at `now`, and
    /// answers the count with it.
    pub async fn record_throttle_event(
        &self,
        throttle: &str,
        subject: &str,
        rule: &ThrottleRule,
        now: Timestamp,
    ) -> Result<ThrottleCount, StoreError> {
        let cap = millis(rule.cap);
        let base = millis(rule.base).min(cap);
        on_pool!(self, write, |pool| {
            let row: CountRow = sqlx::query_as(&RECORD_SQL)
                .bind(throttle)
                .bind(subject)
                .bind(now.millis())
                .bind(millis(rule.window))
                .bind(i64::from(rule.free))
                .bind(base)
                .bind(cap)
                .fetch_one(pool)
                .await?;
            Ok(row.into())
        })
    }

    /// `subject`'s count under `throttle`, if it has one.
    pub async fn throttle_count(&self, throttle: &str, subject: &str) -> Result<Option<ThrottleCount>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<CountRow> = sqlx::query_as(
                "SELECT events, window_end, blocked_until FROM throttle_counts WHERE throttle = $1 AND subject = $2",
            )
            .bind(throttle)
            .bind(subject)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(ThrottleCount::from))
        })
    }

    /// Forgets `subject`'s count under `throttle` (after a successful
    /// sign-in, say).
    pub async fn clear_throttle(&self, throttle: &str, subject: &str) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM throttle_counts WHERE throttle = $1 AND subject = $2")
                .bind(throttle)
                .bind(subject)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Deletes the counts that no longer count at `now`: their window is
    /// over and they block nothing. Answers how many went.
    pub async fn sweep_throttles(&self, now: Timestamp) -> Result<u64, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "DELETE FROM throttle_counts WHERE window_end <= $1 \
                 AND (blocked_until IS NULL OR blocked_until <= $1)",
            )
            .bind(now.millis())
            .execute(pool)
            .await?;
            Ok(done.rows_affected())
        })
    }
}
