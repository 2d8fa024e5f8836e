//! Comments brought in by an import, on both backends: a batch in one
//! transaction, threads rebuilt through what was imported before, the
//! guests' contact kept, and nothing added twice.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::article_file::parse_article_file;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, render_comment};
use byline_core::{LanguageTag, SanitizedHtml, Timestamp};
use byline_store::testing::{TestDatabase, count};
use byline_store::{CommentAuthor, CommentImported, ImportedComment, Store};

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);
const KIND: &str = "test-comment";

async fn article(store: &Store, slug: &str) -> i64 {
    let text = format!(
        "+++\nslug = \"{slug}\"\nheadline = \"H\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\nstatus = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        NOW.plus_hours(-1).rfc3339()
    );
    store.upsert_article(&parse_article_file(&text).unwrap(), NOW).await.unwrap().id()
}

/// One comment of an export: its id, the id it answers, its text, state.
struct Source {
    id: &'static str,
    parent: Option<&'static str>,
    text: &'static str,
    status: CommentStatus,
}

struct Prepared {
    body: CommentBody,
    html: SanitizedHtml,
}

async fn import(store: &Store, article_id: i64, sources: &[Source]) -> Vec<CommentImported> {
    let language = LanguageTag::parse("en").unwrap();
    let prepared: Vec<Prepared> = sources
        .iter()
        .map(|s| {
            let body = CommentBody::parse(s.text, &CommentLimits::default()).unwrap();
            let html = render_comment(&body);
            Prepared { body, html }
        })
        .collect();
    let comments: Vec<ImportedComment> = sources
        .iter()
        .zip(&prepared)
        .enumerate()
        .map(|(i, (s, p))| ImportedComment {
            source_id: s.id,
            parent_source_id: s.parent,
            article_id,
            author: CommentAuthor::Guest("Guest"),
            guest_email: Some("guest@example.org"),
            guest_url: Some("https://guest.example.org/"),
            body: &p.body,
            body_html: &p.html,
            language: &language,
            status: s.status,
            at: NOW.plus_hours(-10 + i as i64),
        })
        .collect();
    store.import_comments(KIND, &comments).await.unwrap()
}

fn added(outcome: CommentImported) -> i64 {
    match outcome {
        CommentImported::Added(id) => id,
        other => panic!("not added: {other:?}"),
    }
}

async fn a_batch_keeps_threads_states_and_contacts(db: &TestDatabase) {
    let store = db.store().await;
    let article_id = article(&store, "imported").await;
    let batch = [
        Source { id: "1", parent: None, text: "First.", status: CommentStatus::Published },
        Source { id: "2", parent: Some("1"), text: "A held reply.", status: CommentStatus::Pending },
        // Replies to a held comment keep their place in the thread.
        Source { id: "3", parent: Some("2"), text: "سلام، جواب۔", status: CommentStatus::Published },
        // Its parent was never imported (a pingback, say): on the article.
        Source { id: "4", parent: Some("99"), text: "Orphan.", status: CommentStatus::Spam },
        Source { id: "5", parent: Some("1"), text: "Second reply.", status: CommentStatus::Published },
    ];
    let outcome = import(&store, article_id, &batch).await;
    let ids: Vec<i64> = outcome.iter().map(|o| added(*o)).collect();

    let first = store.thread_comment(ids[0]).await.unwrap().unwrap();
    assert_eq!((first.parent_id, first.depth, first.reply_count), (None, 0, 1), "one published reply");
    let held = store.thread_comment(ids[1]).await.unwrap().unwrap();
    assert_eq!((held.parent_id, held.depth, held.status), (Some(ids[0]), 1, CommentStatus::Pending));
    let deep = store.thread_comment(ids[2]).await.unwrap().unwrap();
    assert_eq!((deep.parent_id, deep.depth), (Some(ids[1]), 2));
    assert!(deep.path.starts_with(&held.path) && held.path.starts_with(&first.path), "{} {}", deep.path, held.path);
    let orphan = store.thread_comment(ids[3]).await.unwrap().unwrap();
    assert_eq!((orphan.parent_id, orphan.depth, orphan.status), (None, 0, CommentStatus::Spam));
    assert_eq!(first.created_at, NOW.plus_hours(-10), "each at its own time");
    assert_eq!(store.comment_count(article_id).await.unwrap(), 3, "the published ones count");
    let with_contact = count(
        &store,
        "SELECT COUNT(*) FROM comments WHERE guest_email = 'guest@example.org' AND guest_url = 'https://guest.example.org/'",
    )
    .await
    .unwrap();
    assert_eq!(with_contact, 5);

    // Again, and again with one more reply to an earlier batch's comment.
    let again = import(&store, article_id, &batch).await;
    assert_eq!(again, ids.iter().map(|&id| CommentImported::Present(id)).collect::<Vec<_>>());
    let later = import(
        &store,
        article_id,
        &[
            Source { id: "3", parent: Some("2"), text: "سلام، جواب۔", status: CommentStatus::Published },
            Source { id: "6", parent: Some("3"), text: "Later.", status: CommentStatus::Published },
            // Twice in one export: once.
            Source { id: "6", parent: Some("3"), text: "Later.", status: CommentStatus::Published },
        ],
    )
    .await;
    assert_eq!(later[0], CommentImported::Present(ids[2]));
    assert_eq!(later[2], CommentImported::Present(added(later[1])));
    let newest = store.thread_comment(added(later[1])).await.unwrap().unwrap();
    assert_eq!((newest.parent_id, newest.depth), (Some(ids[2]), 3));
    assert_eq!(store.comment_count(article_id).await.unwrap(), 4);
    assert_eq!(store.thread_comment(ids[2]).await.unwrap().unwrap().reply_count, 1);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM comments").await.unwrap(), 6, "nothing twice");

    // A reply under another article to a comment of this one is refused.
    let other = article(&store, "elsewhere").await;
    let stray = import(
        &store,
        other,
        &[Source { id: "7", parent: Some("1"), text: "Stray.", status: CommentStatus::Published }],
    )
    .await;
    assert_eq!(stray, [CommentImported::ParentElsewhere]);
    assert_eq!(store.comment_count(other).await.unwrap(), 0);
}

async fn a_member_keeps_no_guest_contact(db: &TestDatabase) {
    let store = db.store().await;
    let article_id = article(&store, "members").await;
    let member = byline_store::testing::reader(&store, "amira", NOW).await;
    let body = CommentBody::parse("Mine.", &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    let language = LanguageTag::parse("en").unwrap();
    let comment = ImportedComment {
        source_id: "m1",
        parent_source_id: None,
        article_id,
        author: CommentAuthor::Member(member),
        guest_email: Some("amira@example.org"),
        guest_url: None,
        body: &body,
        body_html: &html,
        language: &language,
        status: CommentStatus::Published,
        at: NOW,
    };
    let id = added(store.import_comments(KIND, &[comment]).await.unwrap()[0]);
    let shown = store.thread_comment(id).await.unwrap().unwrap();
    assert_eq!((shown.author_id, shown.guest), (Some(member), false));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM comments WHERE guest_email IS NOT NULL").await.unwrap(), 0);
}

byline_store::test_on_both_backends!(a_batch_keeps_threads_states_and_contacts, a_member_keeps_no_guest_contact);
