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
    days: u32,
    pending: i64,
    flagged: i64,
    /// The median wait in words, if anything was decided.
    median_wait: Option<String>,
    timed_decisions: usize,
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
    let page = DashboardPage {
        chrome: state.chrome(&state.site.language, "/moderation/dashboard", Some(&viewer), &csrf).await?,
        as_of: now,
        days: DAYS,
        pending,
        flagged,
        median_wait: desk.median_wait.map(|ms| human_duration(ms / 1000)),
        timed_decisions: desk.timed_decisions,
        comments_last_day: desk.comments_last_day,
        approval: desk.approval_percent(),
        approved,
        decided: approved + refused,
        charts: charts(&desk),
    };
    Ok(form_page(page.render()?))
}

/// The four charts, in the order the page shows them.
fn charts(desk: &DeskFigures) -> Vec<Chart> {
    vec![queue_chart(desk), wait_chart(desk), comments_chart(desk), approval_chart(desk)]
}

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

fn queue_chart(desk: &DeskFigures) -> Chart {
    let now = desk.queue_now;
    let summary = match busiest(&desk.queue_per_hour) {
        None => format!("No comment waited in the queue in the last {DAYS} days."),
        Some(peak) => format!(
            "The most comments waiting for a decision at any moment of each hour: {now} now; at most {}, in the hour from {} UTC.",
            peak.count,
            hour_label(peak.start)
        ),
    };
    ChartSpec {
        id: "chart-queue",
        title: "Waiting in the queue".to_owned(),
        summary,
        period: "Hour (UTC)",
        measure: "Most waiting",
        shape: Shape::Line,
        scale: Scale::Count,
        missing: "",
        zero_rows_note: Some("Hours in which the queue stayed empty are left out."),
    }
    .draw(&hourly_points(&desk.queue_per_hour))
}

fn wait_chart(desk: &DeskFigures) -> Chart {
    let summary = match desk.median_wait {
        None => format!("No comment waiting in the queue was decided in the last {DAYS} days."),
        Some(ms) => format!(
            "The median time from entering the queue to a moderator's decision, per day: {} over all {} decisions in {DAYS} days.",
            human_duration(ms / 1000),
            desk.timed_decisions
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
        title: "Median wait for a decision".to_owned(),
        summary,
        period: "Day (UTC)",
        measure: "Median wait",
        shape: Shape::Bars,
        scale: Scale::Seconds,
        missing: "nothing decided",
        zero_rows_note: None,
    }
    .draw(&points)
}

fn comments_chart(desk: &DeskFigures) -> Chart {
    let total: i64 = desk.comments_per_hour.iter().map(|b| b.count).sum();
    let summary = match busiest(&desk.comments_per_hour) {
        None => format!("No comments in the last {DAYS} days."),
        Some(peak) => format!(
            "{total} comments in {DAYS} days; the busiest hour, from {} UTC, had {}.",
            hour_label(peak.start),
            peak.count
        ),
    };
    ChartSpec {
        id: "chart-comments",
        title: "Comments per hour".to_owned(),
        summary,
        period: "Hour (UTC)",
        measure: "Comments",
        shape: Shape::Bars,
        scale: Scale::Count,
        missing: "",
        zero_rows_note: Some("Hours without comments are left out."),
    }
    .draw(&hourly_points(&desk.comments_per_hour))
}

fn approval_chart(desk: &DeskFigures) -> Chart {
    let (approved, refused) = desk.decisions();
    let summary = match desk.approval_percent() {
        None => format!("No decisions on comments in the last {DAYS} days."),
        Some(percent) => format!(
            "Share of decisions that approved the comment, per day: {percent}% of {} decisions in {DAYS} days.",
            approved + refused
        ),
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
                detail: percent.map(|p| format!("{p}% ({} of {})", day.approved, day.approved + day.refused)),
            }
        })
        .collect::<Vec<_>>();
    ChartSpec {
        id: "chart-approval",
        title: "Approval rate".to_owned(),
        summary,
        period: "Day (UTC)",
        measure: "Approved",
        shape: Shape::Bars,
        scale: Scale::Percent,
        missing: "no decisions",
        zero_rows_note: None,
    }
    .draw(&points)
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
        let [queue, wait, comments, approval] = <[Chart; 4]>::try_from(charts(&desk())).unwrap_or_else(|_| panic!());
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
