//! The desk's figures on both backends: comments per hour, the queue over
//! time, decisions per day and the wait for a decision, from comments held
//! and decided at known times.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::accounts::Role;
use byline_core::article_file::parse_article_file;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, render_comment};
use byline_core::moderation::Standing;
use byline_core::{LanguageTag, Timestamp};
use byline_store::testing::TestDatabase;
use byline_store::{Actor, CommentAdded, CommentAuthor, LogLine, ModerationDecision, NewComment, Store, TakeDown};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// Midnight UTC, 4 October 2024: the second and last day of the window.
const TODAY: i64 = 20_000 * DAY;
/// Midnight opening the two-day window.
const FROM: i64 = TODAY - DAY;
const NOW: Timestamp = Timestamp::from_millis(TODAY + 10 * HOUR + 30 * MINUTE);

fn at(millis: i64) -> Timestamp {
    Timestamp::from_millis(millis)
}

async fn article(store: &Store) -> i64 {
    let text = format!(
        "+++\nslug = \"desk\"\nheadline = \"H\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\nstatus = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        at(FROM - 10 * DAY).rfc3339()
    );
    store.upsert_article(&parse_article_file(&text).unwrap(), at(FROM - 10 * DAY)).await.unwrap().id()
}

async fn post(store: &Store, article_id: i64, author: i64, status: CommentStatus, when: i64) -> i64 {
    let body = CommentBody::parse(&format!("Posted at {when}."), &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    let lang = LanguageTag::parse("en").unwrap();
    let new = NewComment {
        article_id,
        parent_id: None,
        author: CommentAuthor::Member(author),
        body: &body,
        body_html: &html,
        language: &lang,
        status,
        reasons: &[],
    };
    match store.add_comment(&new, at(when)).await.unwrap() {
        CommentAdded::Added { id, .. } => id,
        other => panic!("{other:?}"),
    }
}

async fn the_desk_is_counted_from_holds_and_decisions(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store).await;
    let amira = byline_store::testing::reader(&store, "amira", at(FROM - 10 * DAY)).await;
    let mona_id = byline_store::testing::reader(&store, "mona", at(FROM - 10 * DAY)).await;
    let mona = Actor { id: Some(mona_id), handle: "mona" };
    let pending = CommentStatus::Pending;
    let decide = |id: i64, decision: ModerationDecision, when: i64| {
        let store = &store;
        async move { assert!(store.moderate_comment(id, decision, mona, "", at(when)).await.unwrap().done()) }
    };

    // Held and decided before the window: nowhere in it.
    let gone = post(&store, a, amira, pending, FROM - 5 * DAY).await;
    decide(gone, ModerationDecision::Approve, FROM - 4 * DAY).await;
    // Held before the window, decided an hour into it: waits 49 hours.
    let old = post(&store, a, amira, pending, FROM - 2 * DAY).await;
    decide(old, ModerationDecision::Approve, FROM + HOUR).await;
    // Yesterday: held at 02:00, approved half an hour later.
    let quick = post(&store, a, amira, pending, FROM + 2 * HOUR).await;
    decide(quick, ModerationDecision::Approve, FROM + 2 * HOUR + 30 * MINUTE).await;
    // Today: two held in the 01:00 hour, refused at 03:00 and 04:00; one
    // held at 02:00 approved ten minutes later.
    let rejected = post(&store, a, amira, pending, TODAY + HOUR).await;
    let spam = post(&store, a, amira, pending, TODAY + HOUR + 10 * MINUTE).await;
    let approved = post(&store, a, amira, pending, TODAY + 2 * HOUR).await;
    decide(rejected, ModerationDecision::Reject, TODAY + 3 * HOUR).await;
    decide(spam, ModerationDecision::Spam, TODAY + 4 * HOUR).await;
    decide(approved, ModerationDecision::Approve, TODAY + 2 * HOUR + 10 * MINUTE).await;
    // Held in the last millisecond of 05:00 and approved in the last of
    // 06:00: the samples at the ends of those hours are on its edges.
    let edges = post(&store, a, amira, pending, TODAY + 6 * HOUR - 1).await;
    decide(edges, ModerationDecision::Approve, TODAY + 7 * HOUR - 1).await;
    // Withdrawn by its author while waiting: it left the queue, at a time
    // nobody wrote down, so the queue leaves it out.
    let withdrawn = post(&store, a, amira, pending, TODAY + 5 * HOUR).await;
    assert!(store.delete_comment(withdrawn).await.unwrap());
    // Still waiting; and one published at once, never in the queue.
    post(&store, a, amira, pending, TODAY + 9 * HOUR).await;
    post(&store, a, amira, CommentStatus::Published, TODAY + 9 * HOUR + MINUTE).await;
    // Actions on readers are not decisions on comments.
    store
        .set_standing(
            amira,
            Role::Commenter,
            Standing::Banned,
            TakeDown::Nothing,
            |_| LogLine { actor: mona, action: "ban", reason: String::new() },
            at(TODAY + 6 * HOUR),
        )
        .await
        .unwrap();

    let desk = store.desk_figures(NOW, 2).await.unwrap();
    assert_eq!(desk.from, at(FROM));
    assert_eq!(desk.now, NOW);

    // 24 hours of yesterday and 11 of today, the last still running.
    let hours = 24 + 11;
    assert_eq!(desk.comments_per_hour.len(), hours);
    assert_eq!(desk.comments_per_hour[0].start, at(FROM));
    assert_eq!(desk.comments_per_hour[hours - 1].start, at(TODAY + 10 * HOUR));
    let busy: Vec<(usize, i64)> =
        desk.comments_per_hour.iter().enumerate().filter(|(_, b)| b.count > 0).map(|(i, b)| (i, b.count)).collect();
    assert_eq!(busy, [(2, 1), (25, 2), (26, 1), (29, 2), (33, 2)]);
    assert_eq!(desk.comments_last_day, 7, "since 10:30 yesterday");

    // The most waiting at any moment of each hour: the half-hour wait of
    // 02:00 yesterday shows, and so does today's peak of three at 02:00,
    // which lasted ten minutes; an hour ending as a comment is decided
    // counts it. The running hour counts up to now.
    assert_eq!(desk.queue_per_hour.len(), hours);
    let queued: Vec<(usize, i64)> =
        desk.queue_per_hour.iter().enumerate().filter(|(_, b)| b.count > 0).map(|(i, b)| (i, b.count)).collect();
    assert_eq!(queued, [(0, 1), (2, 1), (25, 2), (26, 3), (27, 1), (29, 1), (30, 1), (33, 1), (34, 1)]);
    assert_eq!(desk.queue_now, 1);

    let days: Vec<(Timestamp, i64, i64)> =
        desk.decisions_per_day.iter().map(|d| (d.day, d.approved, d.refused)).collect();
    assert_eq!(days, [(at(FROM), 2, 0), (at(TODAY), 2, 2)]);
    assert_eq!(desk.decisions(), (4, 2));
    assert_eq!(desk.approval_percent(), Some(67));
    assert_eq!(desk.decisions_per_day[0].approval_percent(), Some(100));
    assert_eq!(desk.decisions_per_day[1].approval_percent(), Some(50));

    // Waits: 49 h and 30 min yesterday; 2 h, 2 h 50 min, 10 min and 1 h
    // today. With an even count, the median is midway between the middle two.
    assert_eq!(desk.timed_decisions, 6);
    assert_eq!(desk.median_wait, Some(90 * MINUTE));
    assert_eq!(desk.median_wait_per_day, [Some((49 * HOUR + 30 * MINUTE) / 2), Some(90 * MINUTE)]);
}

async fn a_quiet_desk_has_zeros_and_no_median(db: &TestDatabase) {
    let store = db.store().await;
    let desk = store.desk_figures(NOW, 30).await.unwrap();
    assert_eq!(desk.from, at(TODAY - 29 * DAY));
    assert_eq!(desk.comments_per_hour.len(), 29 * 24 + 11);
    assert!(desk.comments_per_hour.iter().chain(&desk.queue_per_hour).all(|b| b.count == 0));
    assert_eq!(desk.decisions_per_day.len(), 30);
    assert_eq!(desk.approval_percent(), None);
    assert_eq!(desk.median_wait, None);
    assert!(desk.median_wait_per_day.iter().all(Option::is_none));
    assert_eq!(desk.comments_last_day, 0);
}

byline_store::test_on_both_backends!(
    the_desk_is_counted_from_holds_and_decisions,
    a_quiet_desk_has_zeros_and_no_median
);
