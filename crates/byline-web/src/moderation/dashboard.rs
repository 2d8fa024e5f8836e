//! The moderation dashboard: a picture of the desk over the last month.
//! The queue now, how long a comment waits for a decision, how many
//! arrive, and how often moderators say yes, as figures and as charts.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use byline_core::Timestamp;
use byline_store::{Bucket, DeskFigures};

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::layout::Chrome;
use crate::moderation::charts::{Chart, ChartSpec, Point, Scale, Shape, human_duration};
use crate::pages::form_page;

/// Days the dashboard looks back over, today included.
const DAYS: u32 = 30;
/// Days between the dates written under a chart's axis.
const TICK_EVERY_DAYS: usize = 7;

#[derive(Template)]
#[template(path = "moderation/dashboard.html")]
pub struct DashboardPage {
    chrome: Chrome,
    as_of: Timestamp,
    days: i64,
    pending: i64,
    flagged: i64,
    /// The median wait in words, if anything was decided.
    median_wait: Option<String>,
    timed_decisions: i64,
    comments_last_day: i64,
    approval: Option<i64>,
    approved: i64,
    decided: i64,
    charts: Vec<Chart>,
}

/// `GET /moderation/dashboard`
pub async fn show_dashboard(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let now = state.app.now();
    let (pending, flagged) = state.app.store.queue_counts().await?;
    let desk = state.app.store.desk_figures(now, DAYS).await?;
    let (approved, refused) = desk.decisions();
    let chrome = state.interface_chrome("/moderation/dashboard", Some(&viewer), &csrf).await?;
    let i18n = chrome.i18n;
    let page = DashboardPage {
        chrome,
        as_of: now,
        days: i64::from(DAYS),
        pending,
        flagged,
        median_wait: desk.median_wait.map(|ms| human_duration(ms / 1000, i18n)),
        timed_decisions: i64::try_from(desk.timed_decisions).unwrap_or(i64::MAX),
        comments_last_day: desk.comments_last_day,
        approval: desk.approval_percent(),
        approved,
        decided: approved + refused,
        charts: charts(&desk, i18n),
    };
    Ok(form_page(page.render()?))
}

/// The four charts, in the order the page shows them.
fn charts(desk: &DeskFigures, i18n: &Locale) -> Vec<Chart> {
    vec![queue_chart(desk, i18n), wait_chart(desk, i18n), comments_chart(desk, i18n), approval_chart(desk, i18n)]
}

/// The days the dashboard looks back over, for a message.
const LOOK_BACK: (&str, i64) = ("days", DAYS as i64);

/// `2026-11-26 09:00`, for an hour in a table.
fn hour_label(start: Timestamp) -> String {
    let hour = start.millis().div_euclid(3_600_000).rem_euclid(24);
    format!("{} {hour:02}:00", start.date())
}

/// Hourly points, with the date under the axis at midnight every few days.
fn hourly_points(buckets: &[Bucket]) -> Vec<Point> {
    buckets
        .iter()
        .enumerate()
        .map(|(i, b)| Point {
            label: hour_label(b.start),
            value: Some(b.count),
            tick: (i % (24 * TICK_EVERY_DAYS) == 0).then(|| b.start.date()),
            detail: None,
        })
        .collect()
}

/// The bucket with the most, the earliest if several tie.
fn busiest(buckets: &[Bucket]) -> Option<&Bucket> {
    buckets.iter().rev().max_by_key(|b| b.count).filter(|b| b.count > 0)
}

fn queue_chart(desk: &DeskFigures, i18n: &Locale) -> Chart {
    let summary = match busiest(&desk.queue_per_hour) {
        None => i18n.numbers("chart-queue-none", &[LOOK_BACK]),
        Some(peak) => i18n.with(
            "chart-queue-summary",
            &[
                ("now", &i18n.number(desk.queue_now)),
                ("most", &i18n.number(peak.count)),
                ("hour", &hour_label(peak.start)),
            ],
        ),
    };
    ChartSpec {
        id: "chart-queue",
        title: i18n.t("chart-queue-title"),
        summary,
        period: i18n.t("chart-hour"),
        measure: i18n.t("chart-most-waiting"),
        shape: Shape::Line,
        scale: Scale::Count,
        missing: String::new(),
        zero_rows_note: Some(i18n.t("chart-queue-zero")),
    }
    .draw(&hourly_points(&desk.queue_per_hour), i18n)
}

fn wait_chart(desk: &DeskFigures, i18n: &Locale) -> Chart {
    let summary = match desk.median_wait {
        None => i18n.numbers("chart-wait-none", &[LOOK_BACK]),
        Some(ms) => i18n.with(
            "chart-wait-summary",
            &[
                ("wait", &human_duration(ms / 1000, i18n)),
                ("count", &i18n.number(i64::try_from(desk.timed_decisions).unwrap_or(i64::MAX))),
                ("days", &i18n.number(LOOK_BACK.1)),
            ],
        ),
    };
    let points = desk
        .decisions_per_day
        .iter()
        .zip(&desk.median_wait_per_day)
        .enumerate()
        .map(|(i, (day, median))| Point {
            label: day.day.date(),
            value: median.map(|ms| ms / 1000),
            tick: (i % TICK_EVERY_DAYS == 0).then(|| day.day.date()),
            detail: None,
        })
        .collect::<Vec<_>>();
    ChartSpec {
        id: "chart-wait",
        title: i18n.t("chart-wait-title"),
        summary,
        period: i18n.t("chart-day"),
        measure: i18n.t("chart-median-wait"),
        shape: Shape::Bars,
        scale: Scale::Seconds,
        missing: i18n.t("chart-nothing-decided"),
        zero_rows_note: None,
    }
    .draw(&points, i18n)
}

fn comments_chart(desk: &DeskFigures, i18n: &Locale) -> Chart {
    let total: i64 = desk.comments_per_hour.iter().map(|b| b.count).sum();
    let summary = match busiest(&desk.comments_per_hour) {
        None => i18n.numbers("chart-comments-none", &[LOOK_BACK]),
        Some(peak) => i18n.with(
            "chart-comments-summary",
            &[
                ("total", &i18n.number(total)),
                ("days", &i18n.number(LOOK_BACK.1)),
                ("hour", &hour_label(peak.start)),
                ("most", &i18n.number(peak.count)),
            ],
        ),
    };
    ChartSpec {
        id: "chart-comments",
        title: i18n.t("chart-comments-title"),
        summary,
        period: i18n.t("chart-hour"),
        measure: i18n.t("chart-comments"),
        shape: Shape::Bars,
        scale: Scale::Count,
        missing: String::new(),
        zero_rows_note: Some(i18n.t("chart-comments-zero")),
    }
    .draw(&hourly_points(&desk.comments_per_hour), i18n)
}

fn approval_chart(desk: &DeskFigures, i18n: &Locale) -> Chart {
    let (approved, refused) = desk.decisions();
    let summary = match desk.approval_percent() {
        None => i18n.numbers("chart-approval-none", &[LOOK_BACK]),
        Some(percent) => {
            i18n.numbers("chart-approval-summary", &[("percent", percent), ("count", approved + refused), LOOK_BACK])
        }
    };
    let points = desk
        .decisions_per_day
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let percent = day.approval_percent();
            Point {
                label: day.day.date(),
                value: percent,
                tick: (i % TICK_EVERY_DAYS == 0).then(|| day.day.date()),
                detail: percent.map(|p| {
                    let decided = day.approved + day.refused;
                    i18n.numbers(
                        "chart-approval-detail",
                        &[("percent", p), ("approved", day.approved), ("decided", decided)],
                    )
                }),
            }
        })
        .collect::<Vec<_>>();
    ChartSpec {
        id: "chart-approval",
        title: i18n.t("chart-approval-title"),
        summary,
        period: i18n.t("chart-day"),
        measure: i18n.t("chart-approved"),
        shape: Shape::Bars,
        scale: Scale::Percent,
        missing: i18n.t("chart-no-decisions"),
        zero_rows_note: None,
    }
    .draw(&points, i18n)
}

#[cfg(test)]
mod tests {
    use byline_store::DayDecisions;

    use super::*;

    const DAY: i64 = 86_400_000;

    fn desk() -> DeskFigures {
        let from = Timestamp::from_millis(20_000 * DAY);
        let hours = |counts: &[i64]| -> Vec<Bucket> {
            counts
                .iter()
                .enumerate()
                .map(|(i, &count)| Bucket { start: from.plus_hours(i64::try_from(i).unwrap_or(0)), count })
                .collect()
        };
        DeskFigures {
            from,
            now: from.plus_hours(2),
            comments_per_hour: hours(&[0, 4, 4]),
            queue_per_hour: hours(&[1, 3, 2]),
            queue_now: 2,
            decisions_per_day: vec![DayDecisions { day: from, approved: 2, refused: 1 }],
            median_wait_per_day: vec![Some(7_500_000)],
            median_wait: Some(7_500_000),
            timed_decisions: 3,
            comments_last_day: 8,
        }
    }

    #[test]
    fn summaries_give_the_main_figures_in_words() {
        let [queue, wait, comments, approval] =
            <[Chart; 4]>::try_from(charts(&desk(), Locale::english())).unwrap_or_else(|_| panic!());
        assert_eq!(
            queue.spec.summary,
            "The most comments waiting for a decision at any moment of each hour: 2 now; at most 3, in the hour from 2024-10-04 01:00 UTC."
        );
        assert!(wait.spec.summary.contains(": 2 h 5 min over all 3 decisions"), "{}", wait.spec.summary);
        assert_eq!(comments.spec.summary, "8 comments in 30 days; the busiest hour, from 2024-10-04 01:00 UTC, had 4.");
        assert!(approval.spec.summary.contains("67% of 3 decisions"));
        assert_eq!(approval.rows[0].value, "67% (2 of 3)");
        assert_eq!(comments.rows.len(), 2, "the quiet hour is left out of the table");
    }
}
