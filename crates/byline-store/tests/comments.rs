//! The comments contract on both backends: threads in display order,
//! replies that must fit, counts kept in step.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use std::collections::HashMap;

use byline_core::article_file::parse_article_file;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, render_comment};
use byline_core::{LanguageTag, Slug, Timestamp};
use byline_store::testing::TestDatabase;
use byline_store::{CommentAdded, NewComment, PostingAsk, Store, ThreadOrder};

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);

async fn article(store: &Store, slug: &str) -> i64 {
    let text = format!(
        "+++\nslug = \"{slug}\"\nheadline = \"H\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\nstatus = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        NOW.plus_hours(-1).rfc3339()
    );
    store.upsert_article(&parse_article_file(&text).unwrap(), NOW).await.unwrap().id()
}

async fn user(store: &Store, handle: &str) -> i64 {
    byline_store::testing::reader(store, handle, NOW).await
}

async fn post(
    store: &Store,
    article_id: i64,
    parent: Option<i64>,
    author: i64,
    text: &str,
    status: CommentStatus,
) -> CommentAdded {
    try_post(store, article_id, parent, author, text, status).await.unwrap()
}

async fn try_post(
    store: &Store,
    article_id: i64,
    parent: Option<i64>,
    author: i64,
    text: &str,
    status: CommentStatus,
) -> Result<CommentAdded, byline_store::StoreError> {
    let body = CommentBody::parse(text, &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    let lang = LanguageTag::parse("en").unwrap();
    let new = NewComment {
        article_id,
        parent_id: parent,
        author: byline_store::CommentAuthor::Member(author),
        body: &body,
        body_html: &html,
        language: &lang,
        status,
        reasons: &[],
    };
    store.add_comment(&new, NOW).await
}

/// Whether the author posted exactly `body` since `since`.
async fn repeated(
    store: &Store,
    author: i64,
    body: &CommentBody,
    since: Timestamp,
) -> Result<bool, byline_store::StoreError> {
    let ask = PostingAsk {
        author_id: author,
        body,
        repeats_since: since,
        trust_needed: 3,
        recent: NOW.plus_minutes(-1),
        most_recent: 5,
    };
    Ok(store.posting_record(&ask).await?.is_some_and(|found| found.repeated))
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

fn id(added: CommentAdded) -> i64 {
    match added {
        CommentAdded::Added { id, .. } => id,
        other => panic!("{other:?}"),
    }
}

async fn threads_come_back_in_display_order(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let u = user(&store, "amira").await;
    let p = CommentStatus::Published;
    let first = id(post(&store, a, None, u, "first", p).await);
    let second = id(post(&store, a, None, u, "second", p).await);
    let reply_to_first = id(post(&store, a, Some(first), u, "reply to first", p).await);
    let deep = id(post(&store, a, Some(reply_to_first), u, "deeper", p).await);
    let late_reply = id(post(&store, a, Some(first), u, "late reply to first", p).await);

    let page = store.thread_page(a, None, ThreadOrder::Oldest, None, 10, 100).await.unwrap();
    let order: Vec<_> = page.comments.iter().map(|c| c.id).collect();
    assert_eq!(order, [first, reply_to_first, deep, late_reply, second]);
    // A path is the parent's path and the comment's id, twelve digits.
    let path = |id: i64| page.comments.iter().find(|c| c.id == id).unwrap().path.clone();
    assert_eq!(path(first), format!("{first:012}"));
    assert_eq!(path(deep), format!("{first:012}{reply_to_first:012}{deep:012}"));
    let depths: Vec<_> = page.comments.iter().map(|c| c.depth).collect();
    assert_eq!(depths, [0, 1, 2, 1, 0]);
    assert_eq!(page.comments[0].reply_count, 2);
    assert_eq!(page.comments[0].author_handle.as_deref(), Some("amira"));
    assert_eq!(store.comment_count(a).await.unwrap(), 5);
    assert!(page.next_after.is_none());
}

async fn threads_page_by_root_keyset(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let u = user(&store, "farid").await;
    let mut roots = Vec::new();
    for i in 0..5 {
        let root = id(post(&store, a, None, u, &format!("root {i}"), CommentStatus::Published).await);
        post(&store, a, Some(root), u, "reply", CommentStatus::Published).await;
        roots.push(root);
    }
    let first = store.thread_page(a, None, ThreadOrder::Oldest, None, 2, 100).await.unwrap();
    assert_eq!(first.comments.len(), 4, "two whole threads");
    let second = store.thread_page(a, None, ThreadOrder::Oldest, first.next_after.as_deref(), 2, 100).await.unwrap();
    assert_eq!(second.comments[0].id, roots[2]);
    let third = store.thread_page(a, None, ThreadOrder::Oldest, second.next_after.as_deref(), 2, 100).await.unwrap();
    assert_eq!(third.comments.iter().map(|c| c.id).next(), Some(roots[4]));
    assert!(third.next_after.is_none());
}

async fn replies_must_fit_their_parent(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let b = article(&store, "b").await;
    let u = user(&store, "nadia").await;
    let on_b = id(post(&store, b, None, u, "on b", CommentStatus::Published).await);
    assert_eq!(post(&store, a, Some(on_b), u, "cross", CommentStatus::Published).await, CommentAdded::ParentElsewhere);
    assert_eq!(
        post(&store, a, Some(999_999), u, "nothing", CommentStatus::Published).await,
        CommentAdded::ParentMissing
    );
    let pending = id(post(&store, a, None, u, "held", CommentStatus::Pending).await);
    assert_eq!(
        post(&store, a, Some(pending), u, "under held", CommentStatus::Published).await,
        CommentAdded::ParentUnavailable
    );
    assert_eq!(store.comment_count(a).await.unwrap(), 0, "nothing half-written, pending not counted");
}

async fn pending_comments_show_only_to_their_author(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let author = user(&store, "omar").await;
    let other = user(&store, "leila").await;
    let held = id(post(&store, a, None, author, "held for review", CommentStatus::Pending).await);
    assert!(store.thread_page(a, None, ThreadOrder::Oldest, None, 10, 100).await.unwrap().comments.is_empty());
    assert!(store.thread_page(a, Some(other), ThreadOrder::Oldest, None, 10, 100).await.unwrap().comments.is_empty());
    let own = store.thread_page(a, Some(author), ThreadOrder::Oldest, None, 10, 100).await.unwrap();
    assert_eq!((own.comments[0].id, own.comments[0].status), (held, CommentStatus::Pending));
    // Their marks say so, on this article only.
    let b = article(&store, "b").await;
    id(post(&store, b, None, author, "held elsewhere", CommentStatus::Pending).await);
    id(post(&store, a, None, author, "published", CommentStatus::Published).await);
    assert_eq!(store.marks_of(a, author).await.unwrap().unpublished, [held]);
    assert!(store.marks_of(a, other).await.unwrap().unpublished.is_empty());
    assert_eq!(store.last_comment_at(author).await.unwrap(), Some(NOW));
    // Flood control's view: every comment counts, whatever became of it.
    let store = &store;
    let pace = |author, most_recent, recent| async move {
        let body = CommentBody::parse("anything", &CommentLimits::default()).unwrap();
        let ask =
            PostingAsk { author_id: author, body: &body, repeats_since: NOW, trust_needed: 3, recent, most_recent };
        let found = store.posting_record(&ask).await.unwrap().unwrap();
        (found.last, found.recent_filled_at)
    };
    assert_eq!(pace(author, 3, NOW.plus_minutes(-1)).await, (Some(NOW), Some(NOW)), "three in the minute fill three");
    assert_eq!(pace(author, 4, NOW.plus_minutes(-1)).await, (Some(NOW), None), "but not four");
    assert_eq!(pace(author, 1, NOW).await, (Some(NOW), None), "none since now");
    assert_eq!(pace(other, 1, NOW.plus_minutes(-1)).await, (None, None));
}

/// What a new comment reads of its author is the full record where it
/// matters: approvals are counted as far as trust needs them, no further,
/// so the verdict is the same as the whole count's.
async fn posting_record_counts_approvals_as_far_as_trust_needs(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let u = user(&store, "farah").await;
    for n in 0..7 {
        id(post(&store, a, None, u, &format!("approved {n}"), CommentStatus::Published).await);
    }
    id(post(&store, a, None, u, "refused", CommentStatus::Rejected).await);
    id(post(&store, a, None, u, "waiting", CommentStatus::Pending).await);
    let full = store.author_record(u).await.unwrap().unwrap();
    assert_eq!((full.approved, full.rejected), (7, 1));
    let body = CommentBody::parse("new words", &CommentLimits::default()).unwrap();
    for needed in 0..12 {
        let ask = PostingAsk {
            author_id: u,
            body: &body,
            repeats_since: NOW.plus_hours(-1),
            trust_needed: needed,
            recent: NOW.plus_minutes(-1),
            most_recent: 5,
        };
        let found = store.posting_record(&ask).await.unwrap().unwrap();
        let (article, with_article) = store.article_for_posting(&slug("a"), NOW, &ask).await.unwrap().unwrap();
        assert_eq!((article.id, with_article), (a, Some(found.clone())), "the same with the article");
        assert_eq!(found.author.rejected, 1);
        assert_eq!(found.author.standing, full.standing);
        assert_eq!(found.author.approved, full.approved.min(needed + 3), "needing {needed}");
        assert_eq!(found.author.trusted(needed), full.trusted(needed), "needing {needed}");
        assert!(!found.repeated);
        // Nine comments in the minute, five allowed: the fifth latest fills it.
        assert_eq!(found.recent_filled_at, Some(NOW));
        assert!(!found.webhooks, "no endpoint");
    }
    // Whether a webhook waits to hear of the comment comes in the same read.
    let ask = PostingAsk {
        author_id: u,
        body: &body,
        repeats_since: NOW,
        trust_needed: 3,
        recent: NOW.plus_minutes(-1),
        most_recent: 5,
    };
    let endpoint = store.add_webhook_endpoint("https://hooks.example/in", &["comment.posted"], "s", NOW).await.unwrap();
    assert!(store.posting_record(&ask).await.unwrap().unwrap().webhooks);
    store.set_webhook_enabled(endpoint, false).await.unwrap();
    assert!(!store.posting_record(&ask).await.unwrap().unwrap().webhooks, "switched off");
}

/// A post's one read: the article only while a reader may see it, with
/// its count, and its author's record where there is such a user.
async fn the_article_and_its_author_come_in_one_read(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    article(&store, "b").await;
    let u = user(&store, "hina").await;
    id(post(&store, a, None, u, "one", CommentStatus::Published).await);
    id(post(&store, a, None, u, "two", CommentStatus::Published).await);
    id(post(&store, a, None, u, "held", CommentStatus::Pending).await);
    let body = CommentBody::parse("two", &CommentLimits::default()).unwrap();
    let ask = |author_id| PostingAsk {
        author_id,
        body: &body,
        repeats_since: NOW.plus_hours(-1),
        trust_needed: 3,
        recent: NOW.plus_minutes(-1),
        most_recent: 5,
    };
    let (article, found) = store.article_for_posting(&slug("a"), NOW, &ask(u)).await.unwrap().unwrap();
    assert_eq!((article.id, article.slug.as_str(), article.comment_count), (a, "a", 2));
    let found = found.unwrap();
    assert_eq!((found.author.approved, found.author.rejected), (2, 0));
    assert!(found.repeated, "the same text an hour ago");
    assert_eq!(found.last, Some(NOW));
    // Another article, the same author: its own row, the same record.
    let (other, again) = store.article_for_posting(&slug("b"), NOW, &ask(u)).await.unwrap().unwrap();
    assert_eq!((other.slug.as_str(), other.comment_count, again), ("b", 0, Some(found)));
    let (_, nobody) = store.article_for_posting(&slug("a"), NOW, &ask(u + 1_000)).await.unwrap().unwrap();
    assert_eq!(nobody, None, "no such user");
    assert!(store.article_for_posting(&slug("missing"), NOW, &ask(u)).await.unwrap().is_none());
    // Published an hour before NOW: not there two hours before.
    assert!(store.article_for_posting(&slug("a"), NOW.plus_hours(-2), &ask(u)).await.unwrap().is_none());
}

async fn unicode_comments_round_trip(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let u = user(&store, "samira").await;
    let urdu = "یہ معاہدہ **اہم** ہے";
    id(post(&store, a, None, u, urdu, CommentStatus::Published).await);
    let page = store.thread_page(a, None, ThreadOrder::Oldest, None, 10, 100).await.unwrap();
    assert_eq!(page.comments[0].body_html.as_str(), "<p>یہ معاہدہ <strong>اہم</strong> ہے</p>\n");
}

async fn newest_and_most_voted_orders_keep_threads_whole(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let u = user(&store, "amira").await;
    let voters = [user(&store, "v_one").await, user(&store, "v_two").await];
    let p = CommentStatus::Published;
    let old = id(post(&store, a, None, u, "old", p).await);
    let old_reply = id(post(&store, a, Some(old), u, "old reply", p).await);
    let mid = id(post(&store, a, None, u, "mid", p).await);
    let new = id(post(&store, a, None, u, "new", p).await);
    for voter in voters {
        store.set_vote(mid, voter, true, NOW).await.unwrap();
    }
    assert_eq!(store.set_vote(new, voters[0], true, NOW).await.unwrap(), 1);
    // Voting twice counts once; taking a vote back twice likewise.
    assert_eq!(store.set_vote(new, voters[0], true, NOW).await.unwrap(), 1);
    store.set_vote(old, voters[0], true, NOW).await.unwrap();
    assert_eq!(store.set_vote(old, voters[0], false, NOW).await.unwrap(), 0);
    assert_eq!(store.set_vote(old, voters[0], false, NOW).await.unwrap(), 0);
    let mut marks = store.marks_of(a, voters[0]).await.unwrap();
    marks.votes.sort_unstable();
    assert_eq!(marks, byline_store::ReaderMarks { votes: vec![mid, new], unpublished: vec![] });
    assert_eq!(store.marks_of(a, u).await.unwrap(), byline_store::ReaderMarks::default());

    let ids = |page: byline_store::ThreadPage| page.comments.iter().map(|c| c.id).collect::<Vec<_>>();
    let newest = store.thread_page(a, None, ThreadOrder::Newest, None, 10, 100).await.unwrap();
    assert_eq!(ids(newest), [new, mid, old, old_reply]);
    let voted = store.thread_page(a, None, ThreadOrder::MostVoted, None, 10, 100).await.unwrap();
    assert_eq!(ids(voted), [mid, new, old, old_reply]);
    // Keyset pages through most-voted order without repeats.
    let first = store.thread_page(a, None, ThreadOrder::MostVoted, None, 1, 100).await.unwrap();
    let after = first.next_after.clone().unwrap();
    let second = store.thread_page(a, None, ThreadOrder::MostVoted, Some(&after), 1, 100).await.unwrap();
    assert_eq!((ids(first), ids(second)), (vec![mid], vec![new]));
    let first = store.thread_page(a, None, ThreadOrder::Newest, None, 2, 100).await.unwrap();
    let rest = store.thread_page(a, None, ThreadOrder::Newest, first.next_after.as_deref(), 2, 100).await.unwrap();
    assert_eq!(ids(rest), [old, old_reply]);
}

async fn edit_delete_flag_and_feature(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let u = user(&store, "farid").await;
    let reader = user(&store, "reader").await;
    let c = id(post(&store, a, None, u, "first words", CommentStatus::Published).await);
    let reply = id(post(&store, a, Some(c), reader, "a reply", CommentStatus::Published).await);

    let body = CommentBody::parse("better words", &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    let lang = LanguageTag::parse("en").unwrap();
    assert!(
        store
            .edit_comment(
                &byline_store::CommentEdit {
                    id: c,
                    body: &body,
                    body_html: &html,
                    language: &lang,
                    status: CommentStatus::Published,
                    reasons: &[],
                },
                NOW
            )
            .await
            .unwrap()
    );
    let record = store.comment(c).await.unwrap().unwrap();
    assert_eq!((record.body_source.as_str(), record.article_slug.as_str()), ("better words", "a"));

    assert_eq!(store.flag_comment(c, reader, "abuse", NOW).await.unwrap(), 1);
    assert_eq!(store.flag_comment(c, reader, "spam", NOW).await.unwrap(), 1, "one flag per reader");

    assert!(store.feature_comment(c, true, byline_store::Actor::COMMAND_LINE, NOW).await.unwrap());
    let log = store.moderation_log(10).await.unwrap();
    assert!(log.iter().any(|e| e.action == "feature" && e.target_id == c), "featuring is logged");
    assert_eq!(store.featured_comments(a).await.unwrap()[0].id, c);
    let rail = store.featured_comments_site(NOW, 5).await.unwrap();
    assert_eq!((rail[0].id, rail[0].excerpt.as_str()), (c, "better words"));

    assert!(store.delete_comment(c).await.unwrap());
    assert!(!store.delete_comment(c).await.unwrap(), "already deleted");
    let page = store.thread_page(a, None, ThreadOrder::Oldest, None, 10, 100).await.unwrap();
    assert_eq!(page.comments.len(), 2, "the tombstone keeps the thread's shape");
    assert_eq!((page.comments[0].status, page.comments[0].body_html.as_str()), (CommentStatus::Deleted, ""));
    assert_eq!(page.comments[1].id, reply);
    assert!(store.featured_comments(a).await.unwrap().is_empty());
    assert_eq!(store.comment_count(a).await.unwrap(), 1);
}

/// Property: for random trees posted in random (parent-first) orders, the
/// thread comes back as a pre-order walk with siblings oldest first, the
/// same whole or paged, and every comment exactly once.
async fn random_trees_come_back_in_pre_order(db: &TestDatabase) {
    use rand::{Rng, SeedableRng};
    let store = db.store().await;
    let u = user(&store, "prop").await;
    for seed in 0..12_u64 {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let a = article(&store, &format!("tree-{seed}")).await;
        let mut posted: Vec<(i64, Option<i64>)> = Vec::new();
        for _ in 0..rng.random_range(1..40) {
            let parent = if posted.is_empty() || rng.random_bool(0.3) {
                None
            } else {
                Some(posted[rng.random_range(0..posted.len())].0)
            };
            let added = id(post(&store, a, parent, u, "x", CommentStatus::Published).await);
            posted.push((added, parent));
        }
        // The reference: pre-order, children by id.
        fn walk(node: Option<i64>, all: &[(i64, Option<i64>)], out: &mut Vec<i64>) {
            let mut children: Vec<i64> = all.iter().filter(|(_, p)| *p == node).map(|(c, _)| *c).collect();
            children.sort_unstable();
            for child in children {
                out.push(child);
                walk(Some(child), all, out);
            }
        }
        let mut expected = Vec::new();
        walk(None, &posted, &mut expected);

        let whole = store.thread_page(a, None, ThreadOrder::Oldest, None, 1000, 10_000).await.unwrap();
        assert_eq!(whole.comments.iter().map(|c| c.id).collect::<Vec<_>>(), expected, "seed {seed}");
        let mut paged = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = store.thread_page(a, None, ThreadOrder::Oldest, after.as_deref(), 3, 10_000).await.unwrap();
            paged.extend(page.comments.iter().map(|c| c.id));
            match page.next_after {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(paged, expected, "seed {seed}, paged");
    }
}

async fn guests_comment_by_name_and_wait_for_review(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let body = CommentBody::parse("Ich war dort.", &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    let lang = LanguageTag::parse("de").unwrap();
    let new = NewComment {
        article_id: a,
        parent_id: None,
        author: byline_store::CommentAuthor::Guest("Ilse, a visitor"),
        body: &body,
        body_html: &html,
        language: &lang,
        status: CommentStatus::Pending,
        reasons: &[],
    };
    let guest = id(store.add_comment(&new, NOW).await.unwrap());
    let member = user(&store, "amira").await;
    let held = id(post(&store, a, None, member, "held too", CommentStatus::Pending).await);
    id(post(&store, a, None, member, "out", CommentStatus::Published).await);

    let waiting = store.held_comments(a).await.unwrap();
    assert_eq!(waiting.iter().map(|c| c.id).collect::<Vec<_>>(), [guest, held]);
    assert_eq!(waiting[0].author_name.as_deref(), Some("Ilse, a visitor"));
    assert!(waiting[0].guest && waiting[0].author_id.is_none() && waiting[0].author_handle.is_none());
    assert!(!waiting[1].guest);
    // No reader sees it yet, and it is not counted.
    let page = store.thread_page(a, None, ThreadOrder::Oldest, None, 10, 100).await.unwrap();
    assert!(page.comments.iter().all(|c| c.id != guest));
    assert_eq!(store.comment_count(a).await.unwrap(), 1);
    assert_eq!(store.thread_comment(guest).await.unwrap().unwrap().status, CommentStatus::Pending);
}

/// Every comment of a 10,000-comment discussion is reachable exactly once
/// through pages of whole threads and the "more replies" of threads too
/// long for one page, in every order, and no page goes over its budget.
async fn ten_thousand_comments_page_through_without_loss(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "long").await;
    let authors = [user(&store, "amira").await, user(&store, "naseem").await, user(&store, "farid").await];
    let posted = byline_store::testing::seed_discussion(&store, a, &authors, 10_000).await;
    let (threads, budget) = (50, 500);
    let mut longest_rest = 0;
    let mut end_of_long_thread = None;
    for order in [ThreadOrder::Oldest, ThreadOrder::Newest, ThreadOrder::MostVoted] {
        let mut seen: Vec<i64> = Vec::new();
        let mut paths: Vec<String> = Vec::new();
        let mut after: Option<String> = None;
        let mut pages = 0;
        loop {
            let page = store.thread_page(a, None, order, after.as_deref(), threads, budget).await.unwrap();
            pages += 1;
            assert!(page.comments.len() <= budget as usize);
            assert_eq!(page.comments.first().map(|c| c.depth), Some(0), "a page opens with a thread");
            seen.extend(page.comments.iter().map(|c| c.id));
            paths.extend(page.comments.iter().map(|c| c.path.clone()));
            let mut more = page.more_replies.clone();
            let mut rests = 0;
            while let Some(next) = more {
                let rest = store.thread_rest(a, None, &next, budget).await.unwrap();
                assert!(!rest.comments.is_empty() && rest.comments.len() <= budget as usize);
                assert!(
                    rest.comments
                        .iter()
                        .all(|c| c.path.starts_with(&format!("{:012}", next.root_id)) && c.path > next.after)
                );
                seen.extend(rest.comments.iter().map(|c| c.id));
                paths.extend(rest.comments.iter().map(|c| c.path.clone()));
                more = rest.more_replies;
                rests += 1;
                if more.is_none()
                    && order == ThreadOrder::Oldest
                    && rest.comments[0].path.starts_with(&format!("{:012}", posted[0]))
                {
                    end_of_long_thread = rest.comments.last().map(|c| c.id);
                }
            }
            longest_rest = longest_rest.max(rests);
            match page.next_after {
                Some(next) => after = Some(next),
                None => break,
            }
            assert!(pages < 1_000, "paging must end");
        }
        let mut unique = seen.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "{order:?}: a comment shown twice");
        let mut all = posted.clone();
        all.sort_unstable();
        assert_eq!(unique, all, "{order:?}: every comment is reachable");
        if order == ThreadOrder::Oldest {
            let mut sorted = paths.clone();
            sorted.sort();
            assert_eq!(paths, sorted, "oldest first is path order, replies after their parents");
        }
    }
    assert!(longest_rest >= 2, "the long thread needs more than one page of more replies");

    // A comment at the end of the long thread knows it is past a page.
    let (before, previous) = store.place_in_thread(end_of_long_thread.unwrap()).await.unwrap().unwrap();
    assert!(before >= i64::from(budget), "{before}");
    assert!(previous.is_some_and(|p| p.starts_with(&format!("{:012}", posted[0]))));
}

/// What moderation keeps: the policy's reasons with each comment, the
/// author's record, edits that send a comment back, holds after flags.
async fn moderation_state_is_kept_with_the_comment(db: &TestDatabase) {
    use byline_core::moderation::{Reason, Standing, Verdict};
    let store = db.store().await;
    let a = article(&store, "a").await;
    let u = user(&store, "amira").await;
    let fresh = store.author_record(u).await.unwrap().unwrap();
    assert_eq!((fresh.standing, fresh.approved, fresh.rejected), (Standing::Active, 0, 0));

    let reasons =
        vec![Reason { rule: "word_list".into(), verdict: Verdict::Reject, detail: "listed term “x”".into() }];
    let body = CommentBody::parse("some words", &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    let lang = LanguageTag::parse("en").unwrap();
    let new = NewComment {
        article_id: a,
        parent_id: None,
        author: byline_store::CommentAuthor::Member(u),
        body: &body,
        body_html: &html,
        language: &lang,
        status: CommentStatus::Rejected,
        reasons: &reasons,
    };
    let refused = id(store.add_comment(&new, NOW).await.unwrap());
    let kept = store.thread_comment(refused).await.unwrap().unwrap();
    assert_eq!(kept.reasons, reasons);
    // Only its author sees a refused comment.
    let theirs = store.thread_page(a, Some(u), ThreadOrder::Oldest, None, 10, 100).await.unwrap();
    assert_eq!(theirs.comments.iter().map(|c| c.id).collect::<Vec<_>>(), [refused]);
    assert_eq!(store.marks_of(a, u).await.unwrap().unpublished, [refused]);
    assert!(store.thread_page(a, None, ThreadOrder::Oldest, None, 10, 100).await.unwrap().comments.is_empty());
    assert!(repeated(&store, u, &body, NOW.plus_hours(-1)).await.unwrap());
    assert!(!repeated(&store, u, &body, NOW.plus_hours(1)).await.unwrap());
    let other = CommentBody::parse("some other words", &CommentLimits::default()).unwrap();
    assert!(!repeated(&store, u, &other, NOW.plus_hours(-1)).await.unwrap());
    assert!(!repeated(&store, user(&store, "bashir").await, &body, NOW.plus_hours(-1)).await.unwrap());
    // With the author's record, in the one read a new comment takes.
    let record = store.author_record(u).await.unwrap().unwrap();
    let ask = |author_id, body| PostingAsk {
        author_id,
        body,
        repeats_since: NOW.plus_hours(-1),
        trust_needed: 3,
        recent: NOW.plus_minutes(-1),
        most_recent: 5,
    };
    let found = store.posting_record(&ask(u, &body)).await.unwrap().unwrap();
    assert_eq!((found.author, found.repeated), (record.clone(), true));
    let found = store.posting_record(&ask(u, &other)).await.unwrap().unwrap();
    assert_eq!((found.author, found.repeated), (record, false));
    assert_eq!(store.posting_record(&ask(999_999, &body)).await.unwrap(), None);

    let added = post(&store, a, None, u, "fine words", CommentStatus::Published).await;
    assert!(matches!(added, CommentAdded::Added { comment_count: Some(1), .. }), "{added:?}");
    let published = id(added);
    let record = store.author_record(u).await.unwrap().unwrap();
    assert_eq!((record.approved, record.rejected), (1, 1));
    assert_eq!(store.comment_count(a).await.unwrap(), 1);

    // An edit the policy holds leaves the count; one it clears comes back.
    let held = [Reason { rule: "links".into(), verdict: Verdict::Hold, detail: "a link".into() }];
    let text = CommentBody::parse("see https://x.example", &CommentLimits::default()).unwrap();
    let text_html = render_comment(&text);
    let change = byline_store::CommentEdit {
        id: published,
        body: &text,
        body_html: &text_html,
        language: &lang,
        status: CommentStatus::Pending,
        reasons: &held,
    };
    assert!(store.edit_comment(&change, NOW).await.unwrap());
    assert_eq!(store.comment_count(a).await.unwrap(), 0);
    let back = byline_store::CommentEdit { status: CommentStatus::Published, reasons: &[], ..change };
    assert!(store.edit_comment(&back, NOW).await.unwrap());
    assert_eq!(store.comment_count(a).await.unwrap(), 1);
    // What counts as posted is the text as it now stands.
    assert!(repeated(&store, u, &text, NOW.plus_hours(-1)).await.unwrap());
    let before_edit = CommentBody::parse("fine words", &CommentLimits::default()).unwrap();
    assert!(!repeated(&store, u, &before_edit, NOW.plus_hours(-1)).await.unwrap());

    // Enough flags send it back to the queue, with the reason added.
    let flags = Reason { rule: "flags".into(), verdict: Verdict::Hold, detail: "flagged by 3 readers".into() };
    assert!(store.hold_comment(published, &flags, NOW).await.unwrap());
    assert!(!store.hold_comment(published, &flags, NOW).await.unwrap(), "only published comments are held");
    assert_eq!(store.comment_count(a).await.unwrap(), 0);
    let now_held = store.thread_comment(published).await.unwrap().unwrap();
    assert_eq!((now_held.status, now_held.reasons.last()), (CommentStatus::Pending, Some(&flags)));
    // Edits add to the reasons, never wipe them.
    assert_eq!(now_held.reasons.len(), 2);

    // Withdrawing held comments earns no trust.
    let before = store.author_record(u).await.unwrap().unwrap().approved;
    let waiting = id(post(&store, a, None, u, "held words", CommentStatus::Pending).await);
    assert!(store.delete_comment(waiting).await.unwrap());
    assert_eq!(store.author_record(u).await.unwrap().unwrap().approved, before);

    // A held comment with a published reply stays as a placeholder for
    // others, without its words; its reply keeps its place.
    let reader = user(&store, "naseem").await;
    let parent = id(post(&store, a, None, u, "parent words", CommentStatus::Published).await);
    let reply = id(post(&store, a, Some(parent), reader, "a reply", CommentStatus::Published).await);
    assert!(store.hold_comment(parent, &flags, NOW).await.unwrap());
    assert_eq!(store.thread_comment(parent).await.unwrap().unwrap().reply_count, 1);
    let public = store.thread_page(a, None, ThreadOrder::Oldest, None, 10, 100).await.unwrap();
    let shown: Vec<_> = public.comments.iter().map(|c| (c.id, c.concealed, c.body_html.as_str().is_empty())).collect();
    assert!(shown.contains(&(parent, true, true)) && shown.contains(&(reply, false, false)), "{shown:?}");
    let theirs = store.thread_page(a, Some(u), ThreadOrder::Oldest, None, 10, 100).await.unwrap();
    assert!(theirs.comments.iter().any(|c| c.id == parent && !c.concealed), "its author sees it");

    // Approving publishes it once: counts move once, earlier flags settle.
    let count = store.comment_count(a).await.unwrap();
    assert!(store.approve_comment(parent).await.unwrap());
    assert!(!store.approve_comment(parent).await.unwrap());
    assert_eq!(store.comment_count(a).await.unwrap(), count + 1);
    assert_eq!(store.flag_comment(parent, reader, "spam", NOW).await.unwrap(), 1, "flags start again");
    let reply_parent = store.thread_comment(reply).await.unwrap().unwrap();
    assert_eq!(reply_parent.parent_id, Some(parent));
    assert!(store.hold_comment(reply, &flags, NOW).await.unwrap());
    assert!(store.approve_comment(reply).await.unwrap());
    assert_eq!(store.thread_comment(parent).await.unwrap().unwrap().reply_count, 1, "a held reply is counted once");
}

/// Comments posted at the same moment share a transaction (group commit),
/// but each gets its own answer: its id, its refusal or its error.
async fn comments_posted_together_are_answered_each_alone(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store, "a").await;
    let u = user(&store, "amira").await;
    let parent = id(post(&store, a, None, u, "the first word", CommentStatus::Published).await);
    let p = CommentStatus::Published;
    let tasks: Vec<_> = (0..60)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                match n {
                    // A parent that does not exist, and an article that does
                    // not: the one is refused, the other fails, alone.
                    7 => try_post(&store, a, Some(999_999), u, "lost", p).await,
                    13 => try_post(&store, 999_999, None, u, "nowhere", p).await,
                    n if n % 2 == 0 => try_post(&store, a, Some(parent), u, &format!("reply {n}"), p).await,
                    n => try_post(&store, a, None, u, &format!("comment {n}"), CommentStatus::Pending).await,
                }
            })
        })
        .collect();
    let (mut ids, mut counts) = (Vec::new(), Vec::new());
    for (n, task) in tasks.into_iter().enumerate() {
        match (n, task.await.unwrap()) {
            (7, answer) => assert_eq!(answer.unwrap(), CommentAdded::ParentMissing),
            (13, answer) => assert!(answer.is_err(), "{answer:?}"),
            (_, answer) => {
                let added = answer.unwrap();
                if let CommentAdded::Added { comment_count: Some(count), .. } = added {
                    counts.push(count);
                }
                ids.push(id(added));
            }
        }
    }
    // Each published comment was told the count it made, as if alone.
    counts.sort_unstable();
    assert_eq!(counts, (2..=31).collect::<Vec<_>>());
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 58, "every other comment written once, under an id of its own");
    // 30 published replies and the parent; the 28 held ones are not counted.
    assert_eq!(store.comment_count(a).await.unwrap(), 31);
    assert_eq!(store.thread_comment(parent).await.unwrap().unwrap().reply_count, 30);
    let all = store.thread_page(a, Some(u), ThreadOrder::Oldest, None, 100, 1000).await.unwrap();
    assert_eq!(all.comments.len(), 59);
}

/// Two nodes on one PostgreSQL write their batches at the same moment (an
/// SQLite file has one server): on the same articles and parents, every
/// comment is written once and told the count it made, and the counts add
/// up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_postgres_write_their_batches_at_once() {
    let Some(db) = TestDatabase::postgres().await else { return };
    two_nodes_write_their_batches_at_once(&db).await;
    db.cleanup().await;
}

async fn two_nodes_write_their_batches_at_once(db: &TestDatabase) {
    let nodes = [db.store().await, db.store().await];
    let store = &nodes[0];
    let (a, b) = (article(store, "a").await, article(store, "b").await);
    let u = user(store, "amira").await;
    let p = CommentStatus::Published;
    // Two parents on a, one on b, taken in different orders by the batches.
    let parents = [
        (a, id(post(store, a, None, u, "first on a", p).await)),
        (b, id(post(store, b, None, u, "first on b", p).await)),
        (a, id(post(store, a, None, u, "second on a", p).await)),
    ];
    let tasks: Vec<_> = (0..90)
        .map(|n| {
            let node = nodes[n % 2].clone();
            let (article_id, parent) = parents[(n / 2) % 3];
            tokio::spawn(async move {
                let parent = (n % 5 != 0).then_some(parent);
                let answer = try_post(&node, article_id, parent, u, &format!("comment {n}"), p).await;
                (article_id, answer.unwrap())
            })
        })
        .collect();
    let mut counts: HashMap<i64, Vec<i64>> = HashMap::new();
    for task in tasks {
        let (article_id, added) = task.await.unwrap();
        let CommentAdded::Added { comment_count: Some(count), .. } = added else { panic!("{added:?}") };
        counts.entry(article_id).or_default().push(count);
    }
    for (article_id, mut seen) in counts {
        seen.sort_unstable();
        let total = store.comment_count(article_id).await.unwrap();
        let before = if article_id == a { 2 } else { 1 };
        assert_eq!(seen, (before + 1..=total).collect::<Vec<_>>(), "article {article_id}: each count once");
    }
    let replies: i64 = (0..90).filter(|n| n % 5 != 0).count().try_into().unwrap();
    let mut told = 0;
    for (_, parent) in parents {
        told += nodes[1].thread_comment(parent).await.unwrap().unwrap().reply_count;
    }
    assert_eq!(told, replies);
    assert_eq!(store.comment_count(a).await.unwrap() + store.comment_count(b).await.unwrap(), 93);
}

/// A comment's id is never given again, even once the newest comment's
/// row is gone (an article deleted with its discussion, say).
async fn comment_ids_are_never_given_twice(db: &TestDatabase) {
    let store = db.store().await;
    let article_id = article(&store, "ids").await;
    let author = user(&store, "ida").await;
    let id_of = |added: CommentAdded| match added {
        CommentAdded::Added { id, .. } => id,
        other => panic!("not added: {other:?}"),
    };
    let first = id_of(post(&store, article_id, None, author, "First.", CommentStatus::Published).await);
    let second = id_of(post(&store, article_id, None, author, "Second.", CommentStatus::Pending).await);
    assert!(second > first);
    byline_store::testing::execute_raw(&store, &format!("DELETE FROM comments WHERE id = {second}")).await.unwrap();
    let third = id_of(post(&store, article_id, None, author, "Third.", CommentStatus::Published).await);
    assert!(third > second, "id {third} after {second} was gone");
    // The path still ends with the comment's own id.
    let thread = store.thread_comment(third).await.unwrap().unwrap();
    assert_eq!(thread.id, third);
}

byline_store::test_on_both_backends!(
    comment_ids_are_never_given_twice,
    comments_posted_together_are_answered_each_alone,
    moderation_state_is_kept_with_the_comment,
    ten_thousand_comments_page_through_without_loss,
    guests_comment_by_name_and_wait_for_review,
    random_trees_come_back_in_pre_order,
    newest_and_most_voted_orders_keep_threads_whole,
    edit_delete_flag_and_feature,
    threads_come_back_in_display_order,
    threads_page_by_root_keyset,
    replies_must_fit_their_parent,
    pending_comments_show_only_to_their_author,
    posting_record_counts_approvals_as_far_as_trust_needs,
    the_article_and_its_author_come_in_one_read,
    unicode_comments_round_trip,
);
