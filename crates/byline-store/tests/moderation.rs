//! The moderation log on both backends: the database itself keeps it
//! append-only, and it is read a page at a time, as is a person's record.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_core::article_file::parse_article_file;
use byline_core::comments::CommentStatus;
use byline_core::moderation::Standing;
use byline_store::testing::{TestDatabase, execute_raw, reader, seed_discussion};
use byline_store::{Actor, LogFilter, LogLine, ModerationDecision, TakeDown};

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);

async fn the_log_cannot_be_changed_or_emptied(db: &TestDatabase) {
    let store = db.store().await;
    let amira = reader(&store, "amira", NOW).await;
    let mona = reader(&store, "mona", NOW).await;
    assert!(store.set_role(mona, Role::Moderator, NOW).await.unwrap());
    let actor = Actor { id: Some(mona), handle: "mona" };
    assert!(
        store
            .set_standing(
                amira,
                Role::Commenter,
                Standing::Banned,
                TakeDown::Nothing,
                |_| LogLine { actor, action: "ban", reason: "threats".into() },
                NOW
            )
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.moderation_log(10).await.unwrap().len(), 1);

    for sql in [
        "DELETE FROM moderation_log",
        "UPDATE moderation_log SET reason = 'nothing happened'",
        "UPDATE moderation_log SET action = 'restore'",
        "UPDATE moderation_log SET at = 0",
    ] {
        let refused = execute_raw(&store, sql).await.expect_err(sql);
        assert!(format!("{refused:?}").contains("append-only"), "{sql}: {refused:?}");
    }
    let line = &store.moderation_log(10).await.unwrap()[0];
    assert_eq!((line.action.as_str(), line.reason.as_str(), line.at), ("ban", "threats", NOW.millis()));

    // A moderator's account can still be deleted: their lines stay, by handle.
    assert!(store.delete_user(mona, byline_core::accounts::DeletedComments::Remove).await.unwrap());
    let line = &store.moderation_log(10).await.unwrap()[0];
    assert_eq!((line.actor_handle.as_str(), line.action.as_str()), ("mona", "ban"));
    db.store().await.close().await;
}

/// Follows `before` cursors from the newest page to the last, `size` at a
/// time: every id, in the order read.
async fn every_page<F, Fut>(size: usize, mut page: F) -> Vec<i64>
where
    F: FnMut(Option<i64>) -> Fut,
    Fut: std::future::Future<Output = Vec<i64>>,
{
    let mut all = Vec::new();
    let mut before = None;
    loop {
        let ids = page(before).await;
        assert!(ids.len() <= size);
        all.extend(&ids);
        if ids.len() < size {
            return all;
        }
        before = ids.last().copied();
    }
}

async fn the_log_and_a_persons_comments_are_read_a_page_at_a_time(db: &TestDatabase) {
    let store = db.store().await;
    let text = format!(
        "+++\nslug = \"desk\"\nheadline = \"Desk\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\n\
         status = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        NOW.plus_hours(-1).rfc3339()
    );
    let article = store.upsert_article(&parse_article_file(&text).unwrap(), NOW).await.unwrap().id();
    let amira = reader(&store, "amira", NOW).await;
    let bruno = reader(&store, "bruno", NOW).await;
    let mona = reader(&store, "mona", NOW).await;
    assert!(store.set_role(mona, Role::Moderator, NOW).await.unwrap());
    let actor = Actor { id: Some(mona), handle: "mona" };
    // 23 comments, amira's and bruno's in turn.
    let posted = seed_discussion(&store, article, &[amira, bruno], 23).await;
    let hers: Vec<i64> = posted.iter().step_by(2).rev().copied().collect();
    assert_eq!(hers.len(), 12);

    let read = every_page(5, |before| {
        let store = &store;
        async move { store.comments_of(amira, before, 5).await.unwrap().iter().map(|c| c.id).collect() }
    })
    .await;
    assert_eq!(read, hers, "each of hers once, newest first");

    // A decision on each of her comments and on bruno's first, and one
    // about her: 14 lines, 13 about her.
    for id in &hers {
        assert!(store.moderate_comment(*id, ModerationDecision::Reject, actor, "abuse", NOW).await.unwrap().done());
    }
    assert!(store.moderate_comment(posted[1], ModerationDecision::Reject, actor, "other", NOW).await.unwrap().done());
    assert!(
        store
            .reset_trust(amira, Role::Commenter, LogLine { actor, action: "reset-trust", reason: String::new() }, NOW)
            .await
            .unwrap()
    );
    let newest_first: Vec<i64> = store.moderation_log(100).await.unwrap().iter().map(|l| l.id).collect();
    assert_eq!(newest_first.len(), 14);

    let all = LogFilter::default();
    let read = every_page(4, |before| {
        let (store, all) = (&store, &all);
        async move { store.moderation_log_filtered(all, before, 4).await.unwrap().iter().map(|l| l.id).collect() }
    })
    .await;
    assert_eq!(read, newest_first);
    // The filter holds on every page.
    let rejects = LogFilter { action: "reject".into(), ..LogFilter::default() };
    let read = every_page(4, |before| {
        let (store, rejects) = (&store, &rejects);
        async move { store.moderation_log_filtered(rejects, before, 4).await.unwrap().iter().map(|l| l.id).collect() }
    })
    .await;
    assert_eq!(read, newest_first[1..]);
    let about = every_page(3, |before| {
        let store = &store;
        async move { store.moderation_log_about(amira, before, 3).await.unwrap().iter().map(|l| l.id).collect() }
    })
    .await;
    let expected: Vec<i64> = newest_first.iter().copied().filter(|id| *id != newest_first[1]).collect();
    assert_eq!(about, expected, "bruno's line is not about her");
    store.close().await;
}

/// A change of standing does to the comments what it is told, counts
/// follow, and its log line is worded from how many moved; a role other
/// than the one the caller saw changes nothing.
async fn standing_takes_down_and_puts_back_what_it_is_told(db: &TestDatabase) {
    let store = db.store().await;
    let text = format!(
        "+++\nslug = \"desk\"\nheadline = \"Desk\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\n\
         status = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        NOW.plus_hours(-1).rfc3339()
    );
    let article = store.upsert_article(&parse_article_file(&text).unwrap(), NOW).await.unwrap().id();
    let amira = reader(&store, "amira", NOW).await;
    let bruno = reader(&store, "bruno", NOW).await;
    let actor = Actor { id: None, handle: "mona" };
    let posted = seed_discussion(&store, article, &[amira, bruno], 6).await;
    assert_eq!(store.comment_count(article).await.unwrap(), 6);
    let log = |action: &'static str| move |moved: usize| LogLine { actor, action, reason: format!("{moved} moved") };

    let staff =
        store.set_standing(amira, Role::Moderator, Standing::Banned, TakeDown::Nothing, log("ban"), NOW).await.unwrap();
    assert_eq!(staff, None, "her role is not the one asked for: nothing written");
    assert!(store.moderation_log(10).await.unwrap().is_empty());

    let remove = TakeDown::Remove { from: CommentStatus::Published, to: CommentStatus::Removed };
    let moved = store.set_standing(amira, Role::Commenter, Standing::Banned, remove, log("ban"), NOW).await.unwrap();
    let hers: Vec<i64> = posted.iter().step_by(2).copied().collect();
    assert_eq!(
        moved.map(|mut m| {
            m.sort_unstable();
            m
        }),
        Some(hers.clone())
    );
    assert_eq!(store.comment_count(article).await.unwrap(), 3);
    assert_eq!(store.comment(hers[0]).await.unwrap().unwrap().status, CommentStatus::Removed);
    assert_eq!(store.person(amira).await.unwrap().unwrap().removed_by_ban, 3);

    let put_back = TakeDown::PutBack { from: CommentStatus::Removed, to: CommentStatus::Published };
    let moved =
        store.set_standing(amira, Role::Commenter, Standing::Active, put_back, log("restore"), NOW).await.unwrap();
    assert_eq!(moved.map(|m| m.len()), Some(3));
    assert_eq!(store.comment_count(article).await.unwrap(), 6);
    assert_eq!(store.person(amira).await.unwrap().unwrap().removed_by_ban, 0);

    let lines: Vec<(String, String)> =
        store.moderation_log(10).await.unwrap().into_iter().map(|l| (l.action, l.reason)).collect();
    assert_eq!(lines, [("restore".into(), "3 moved".into()), ("ban".into(), "3 moved".into())]);
    store.close().await;
}

byline_store::test_on_both_backends!(
    the_log_cannot_be_changed_or_emptied,
    the_log_and_a_persons_comments_are_read_a_page_at_a_time,
    standing_takes_down_and_puts_back_what_it_is_told
);
