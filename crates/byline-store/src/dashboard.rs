//! The moderation desk in figures: how many comments arrive, how long the
//! queue is, how long a comment waits for a moderator and how often the
//! answer is yes, over a window of whole days (UTC) that ends now.
//!
//! The database only counts and lists; the sums that need a sweep or a
//! median are plain functions below, so they are tested without a database
//! and give the same answer on both backends.

use byline_core::Timestamp;

use crate::backend::on_pool;
use crate::comments::states::status;
use crate::moderation::Decision;
use crate::{Store, StoreError};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// The desk's figures over a window of whole days ending now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskFigures {
    /// Midnight (UTC) that opens the window.
    pub from: Timestamp,
    /// The moment the figures were taken; closes the window.
    pub now: Timestamp,
    /// Comments submitted in each hour of the window, whatever became of
    /// them; the last hour is the one still running.
    pub comments_per_hour: Vec<Bucket>,
    /// The most comments waiting for a moderator at any moment of each
    /// hour (so a queue that filled and emptied within the hour shows);
    /// the last hour is counted up to now.
    pub queue_per_hour: Vec<Bucket>,
    /// Comments waiting for a moderator now.
    pub queue_now: i64,
    /// Moderators' decisions on comments on each day, from the log.
    pub decisions_per_day: Vec<DayDecisions>,
    /// The median wait from entering the queue to a decision, per day of
    /// the decision; `None` on days without a timed decision.
    pub median_wait_per_day: Vec<Option<i64>>,
    /// The median wait, in milliseconds, over every timed decision in the
    /// window; `None` if there was none.
    pub median_wait: Option<i64>,
    /// How many decisions that median is taken over.
    pub timed_decisions: usize,
    /// Comments submitted in the 24 hours before now.
    pub comments_last_day: i64,
}

/// A count for the period starting at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub start: Timestamp,
    pub count: i64,
}

/// One day's decisions on comments: approvals, and refusals (rejected or
/// marked as spam).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayDecisions {
    /// Midnight (UTC) that opens the day.
    pub day: Timestamp,
    pub approved: i64,
    pub refused: i64,
}

impl DayDecisions {
    /// Approvals as a whole percentage of decisions, rounded half up;
    /// `None` when nothing was decided.
    pub fn approval_percent(&self) -> Option<i64> {
        approval_percent(self.approved, self.refused)
    }
}

impl DeskFigures {
    /// Approvals and refusals over the whole window.
    pub fn decisions(&self) -> (i64, i64) {
        self.decisions_per_day.iter().fold((0, 0), |(a, r), d| (a + d.approved, r + d.refused))
    }

    /// Approvals as a whole percentage of every decision in the window.
    pub fn approval_percent(&self) -> Option<i64> {
        let (approved, refused) = self.decisions();
        approval_percent(approved, refused)
    }
}

/// `approved` as a whole percentage of all decisions, rounded half up.
pub fn approval_percent(approved: i64, refused: i64) -> Option<i64> {
    let total = approved + refused;
    (total > 0).then(|| (approved * 200 + total) / (2 * total))
}

/// A stretch of time a comment spent in the queue: from when it entered
/// until a moderator decided, or open if it is still waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stint {
    held: i64,
    decided: Option<i64>,
}

/// Spreads sparse `(period, count)` rows, where a period is a time divided
/// by the period's length, over the dense run `first..=last`; rows outside
/// it are dropped.
fn fill_periods(rows: &[(i64, i64)], first: i64, last: i64) -> Vec<i64> {
    let len = usize::try_from(last - first + 1).unwrap_or(0);
    let mut counts = vec![0; len];
    for &(period, count) in rows {
        if let Some(slot) = usize::try_from(period - first).ok().and_then(|i| counts.get_mut(i)) {
            *slot += count;
        }
    }
    counts
}

/// The median of `values`: the middle one, or the mean of the two middle
/// ones (rounded down); `None` for none. Reorders `values`.
fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    if values.len() % 2 == 1 { Some(values[mid]) } else { Some(values[mid - 1] + (values[mid] - values[mid - 1]) / 2) }
}

/// The median wait of the decisions made on each day `first_day..=last_day`
/// (days counted from the epoch), from `(decided_at, wait)` pairs.
fn daily_medians(waits: &[(i64, i64)], first_day: i64, last_day: i64) -> Vec<Option<i64>> {
    let len = usize::try_from(last_day - first_day + 1).unwrap_or(0);
    let mut per_day: Vec<Vec<i64>> = vec![Vec::new(); len];
    for &(decided, wait) in waits {
        if let Some(day) = usize::try_from(decided.div_euclid(DAY) - first_day).ok().and_then(|i| per_day.get_mut(i)) {
            day.push(wait);
        }
    }
    per_day.iter_mut().map(|waits| median(waits)).collect()
}

/// The changes to the queue's size in time order: +1 when a stint starts,
/// -1 when it ends; at the same moment ends come first, so a comment
/// decided as another arrives never counts as two waiting.
fn queue_changes(stints: &[Stint]) -> Vec<(i64, i64)> {
    let mut events: Vec<(i64, i64)> = Vec::with_capacity(stints.len() * 2);
    for stint in stints {
        events.push((stint.held, 1));
        if let Some(decided) = stint.decided {
            events.push((decided, -1));
        }
    }
    events.sort_unstable();
    events
}

/// The most stints under way at any moment of each period `(first, last)`,
/// both inclusive, given in ascending order without overlaps: the size at
/// the period's first moment, or higher if stints start within it. One
/// pass over the stints' starts and ends in time order.
fn queue_peaks(stints: &[Stint], periods: &[(i64, i64)]) -> Vec<i64> {
    let events = queue_changes(stints);
    let mut waiting = 0;
    let mut next = events.iter().peekable();
    periods
        .iter()
        .map(|&(first, last)| {
            while let Some(&(_, change)) = next.next_if(|(time, _)| *time <= first) {
                waiting += change;
            }
            let mut peak = waiting;
            while let Some(&(_, change)) = next.next_if(|(time, _)| *time <= last) {
                waiting += change;
                peak = peak.max(waiting);
            }
            peak
        })
        .collect()
}

/// The window of `days` whole days (at least one) that ends with the day
/// holding `now`: its first day and hour, and its last, counted from the
/// epoch.
struct Window {
    first_day: i64,
    last_day: i64,
    first_hour: i64,
    last_hour: i64,
}

impl Window {
    fn new(now: Timestamp, days: u32) -> Self {
        let last_day = now.millis().div_euclid(DAY);
        let first_day = last_day - i64::from(days.max(1)) + 1;
        Self { first_day, last_day, first_hour: first_day * 24, last_hour: now.millis().div_euclid(HOUR) }
    }

    fn from(&self) -> i64 {
        self.first_day * DAY
    }

    /// Each hour's first and last millisecond; the hour still running
    /// ends now.
    fn hour_spans(&self, now: Timestamp) -> Vec<(i64, i64)> {
        (self.first_hour..=self.last_hour).map(|h| (h * HOUR, ((h + 1) * HOUR - 1).min(now.millis()))).collect()
    }
}

impl Store {
    /// The desk's figures for the `days` whole days (UTC; at least one)
    /// that end with today, as they stand at `now`.
    pub async fn desk_figures(&self, now: Timestamp, days: u32) -> Result<DeskFigures, StoreError> {
        let window = Window::new(now, days);
        let (from, until) = (window.from(), now.millis());
        let (hourly, daily, waits, stints, last_day) = on_pool!(self, read, |pool| {
            let hourly: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT created_at / 3600000, COUNT(*) FROM comments \
                 WHERE created_at >= $1 AND created_at <= $2 GROUP BY created_at / 3600000",
            )
            .bind(from)
            .bind(until)
            .fetch_all(pool)
            .await?;
            let daily: Vec<(i64, String, i64)> = sqlx::query_as(
                "SELECT at / 86400000, action, COUNT(*) FROM moderation_log \
                 WHERE target_kind = 'comment' AND action IN ($3, $4, $5, $6) \
                   AND at >= $1 AND at <= $2 \
                 GROUP BY at / 86400000, action",
            )
            .bind(from)
            .bind(until)
            .bind(Decision::Approve.log_action())
            .bind(Decision::Feature.log_action())
            .bind(Decision::Reject.log_action())
            .bind(Decision::Spam.log_action())
            .fetch_all(pool)
            .await?;
            // A decision is timed when the comment's wait in the queue
            // ended with it; a comment never held has no wait to time.
            let waits: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT decided_at, decided_at - held_at FROM comments \
                 WHERE decided_at >= $1 AND decided_at <= $2 AND held_at <= decided_at",
            )
            .bind(from)
            .bind(until)
            .fetch_all(pool)
            .await?;
            // Every wait that overlaps the window: still pending (counted
            // from when it was held, or written, for comments from before
            // the desk kept that), or ended by a decision inside it. A wait
            // ended otherwise (its author deleted the comment) has no end
            // time, so it is left out.
            let stints: Vec<(i64, Option<i64>, bool)> = sqlx::query_as(concat!(
                "SELECT COALESCE(held_at, created_at), decided_at, status = ",
                status!(Pending),
                " FROM comments \
                 WHERE (status = ",
                status!(Pending),
                " AND COALESCE(held_at, created_at) <= $2) \
                    OR (held_at <= decided_at AND decided_at >= $1 AND held_at <= $2)"
            ))
            .bind(from)
            .bind(until)
            .fetch_all(pool)
            .await?;
            let last_day: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE created_at > $1 AND created_at <= $2")
                    .bind(until - DAY)
                    .bind(until)
                    .fetch_one(pool)
                    .await?;
            Ok::<_, StoreError>((hourly, daily, waits, stints, last_day))
        })?;
        Ok(assemble(&window, now, &hourly, &daily, waits, &stints, last_day))
    }
}

/// Turns what the database counted into the figures.
fn assemble(
    window: &Window,
    now: Timestamp,
    hourly: &[(i64, i64)],
    daily: &[(i64, String, i64)],
    waits: Vec<(i64, i64)>,
    stints: &[(i64, Option<i64>, bool)],
    comments_last_day: i64,
) -> DeskFigures {
    let by_hour = |counts: Vec<i64>| -> Vec<Bucket> {
        (window.first_hour..)
            .zip(counts)
            .map(|(hour, count)| Bucket { start: Timestamp::from_millis(hour * HOUR), count })
            .collect()
    };
    let comments_per_hour = by_hour(fill_periods(hourly, window.first_hour, window.last_hour));

    let split = |wanted: &[&str]| -> Vec<(i64, i64)> {
        daily.iter().filter(|(_, action, _)| wanted.contains(&action.as_str())).map(|(d, _, n)| (*d, *n)).collect()
    };
    let approved = fill_periods(&split(&["approve", "approve-feature"]), window.first_day, window.last_day);
    let refused = fill_periods(&split(&["reject", "spam"]), window.first_day, window.last_day);
    let decisions_per_day = (window.first_day..)
        .zip(approved.into_iter().zip(refused))
        .map(|(day, (approved, refused))| DayDecisions { day: Timestamp::from_millis(day * DAY), approved, refused })
        .collect();

    let median_wait_per_day = daily_medians(&waits, window.first_day, window.last_day);
    let mut durations: Vec<i64> = waits.into_iter().map(|(_, wait)| wait).collect();
    let timed_decisions = durations.len();
    let median_wait = median(&mut durations);

    let stints: Vec<Stint> = stints
        .iter()
        .map(|&(held, decided, pending)| Stint { held, decided: if pending { None } else { decided } })
        .collect();
    let queue_per_hour = by_hour(queue_peaks(&stints, &window.hour_spans(now)));
    let queue_now = queue_peaks(&stints, &[(now.millis(), now.millis())]).first().copied().unwrap_or(0);

    DeskFigures {
        from: Timestamp::from_millis(window.from()),
        now,
        comments_per_hour,
        queue_per_hour,
        queue_now,
        decisions_per_day,
        median_wait_per_day,
        median_wait,
        timed_decisions,
        comments_last_day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_counts_fill_a_dense_run_and_drop_strays() {
        assert_eq!(fill_periods(&[(12, 3), (10, 1), (15, 9), (9, 4)], 10, 13), [1, 0, 3, 0]);
        assert_eq!(fill_periods(&[], 5, 7), [0, 0, 0]);
        assert!(fill_periods(&[(1, 1)], 3, 2).is_empty(), "an empty run holds nothing");
    }

    #[test]
    fn median_takes_the_middle_or_the_mean_of_the_two_middles() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7));
        assert_eq!(median(&mut [9, 1, 5]), Some(5));
        assert_eq!(median(&mut [10, 1, 4, 100]), Some(7), "(4 + 10) / 2");
        assert_eq!(median(&mut [1, 2]), Some(1), "1.5 rounds down");
        assert_eq!(median(&mut [i64::MAX - 1, i64::MAX]), Some(i64::MAX - 1), "no overflow");
    }

    #[test]
    fn daily_medians_group_waits_by_the_day_of_the_decision() {
        let waits = [(DAY * 3 + 5, 60), (DAY * 3 + 9, 20), (DAY * 3 + 1, 40), (DAY * 5, 7), (DAY * 9, 1)];
        assert_eq!(daily_medians(&waits, 3, 5), [Some(40), None, Some(7)]);
    }

    /// The queue's size at each moment of `samples`.
    fn queue_sizes(stints: &[Stint], samples: &[i64]) -> Vec<i64> {
        let moments: Vec<(i64, i64)> = samples.iter().map(|&at| (at, at)).collect();
        queue_peaks(stints, &moments)
    }

    #[test]
    fn queue_size_counts_stints_under_way_at_each_sample() {
        let stints = [
            Stint { held: 10, decided: Some(30) },
            Stint { held: 20, decided: None },
            Stint { held: 25, decided: Some(26) },
            Stint { held: 40, decided: Some(50) },
        ];
        // At 30 the first has been decided; at 50 the last has.
        assert_eq!(queue_sizes(&stints, &[0, 10, 25, 26, 29, 30, 45, 50, 99]), [0, 1, 3, 2, 2, 1, 2, 1, 1]);
        assert_eq!(queue_sizes(&[], &[1, 2]), [0, 0]);
        assert!(queue_sizes(&stints, &[]).is_empty());
    }

    #[test]
    fn queue_peak_is_the_most_waiting_at_any_moment_of_each_period() {
        let stints = [
            // Two held and decided inside the second period: a peak of 3
            // that no sample at a period's end would see.
            Stint { held: 12, decided: Some(15) },
            Stint { held: 13, decided: Some(16) },
            // Held in the first period's last moment, decided in the third's first.
            Stint { held: 9, decided: Some(20) },
            // Decided as another arrives: never two at once.
            Stint { held: 21, decided: Some(25) },
            Stint { held: 25, decided: None },
        ];
        assert_eq!(queue_peaks(&stints, &[(0, 9), (10, 19), (20, 29), (30, 39)]), [1, 3, 1, 1]);
        assert_eq!(queue_peaks(&[], &[(0, 9)]), [0]);
        // One moment: the size then.
        assert_eq!(queue_peaks(&stints, &[(14, 14), (16, 16)]), [3, 1]);
    }

    #[test]
    fn approval_is_a_rounded_percentage_of_decisions() {
        assert_eq!(approval_percent(0, 0), None);
        assert_eq!(approval_percent(2, 1), Some(67));
        assert_eq!(approval_percent(1, 2), Some(33));
        assert_eq!(approval_percent(1, 7), Some(13), "12.5 rounds half up");
        assert_eq!(approval_percent(5, 0), Some(100));
    }

    #[test]
    fn the_window_is_whole_days_ending_today_and_hours_ending_now() {
        let now = Timestamp::from_millis(DAY * 100 + HOUR * 5 + 1234);
        let window = Window::new(now, 3);
        assert_eq!((window.first_day, window.last_day), (98, 100));
        assert_eq!((window.first_hour, window.last_hour), (98 * 24, 100 * 24 + 5));
        let spans = window.hour_spans(now);
        assert_eq!(spans.len(), 2 * 24 + 6);
        assert_eq!(spans[0], (98 * DAY, 98 * DAY + HOUR - 1));
        assert_eq!(spans.last().copied(), Some((100 * DAY + 5 * HOUR, now.millis())));
        assert_eq!(Window::new(now, 0).first_day, 100, "a window holds at least today");
    }
}
