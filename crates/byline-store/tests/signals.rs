//! Signals between nodes on both backends: on PostgreSQL every store on
//! the same schema hears what any of them says, and nothing from another
//! site's schema; on SQLite nothing is sent and there is nothing to hear.
//! And the catch-up read a node makes after it could not hear, and
//! migrations run by nodes that start together.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::article_file::parse_article_file;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, render_comment};
use byline_core::{LanguageTag, Timestamp};
use byline_store::testing::TestDatabase;
use byline_store::{Backend, CommentAdded, Heard, NewComment, Store};

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);

async fn signals_reach_every_node_of_the_site_and_no_other(db: &TestDatabase) {
    let store = db.store().await;
    let Some(mut ear) = store.listen().await.unwrap() else {
        assert_eq!(store.backend(), Backend::Sqlite);
        // Said to no one, and no error.
        store.signal("{}").await.unwrap();
        store.close().await;
        return;
    };
    // Another node: its own pool on the same schema.
    let other = Store::connect(&db.url).await.unwrap();
    let mut other_ear = other.listen().await.unwrap().unwrap();
    // Another site in the same database.
    let elsewhere_db = TestDatabase::postgres().await.unwrap();
    let elsewhere = elsewhere_db.store().await;
    let mut elsewhere_ear = elsewhere.listen().await.unwrap().unwrap();

    elsewhere.signal("not for you").await.unwrap();
    other.signal("first").await.unwrap();
    store.signal("second").await.unwrap();
    for ear in [&mut ear, &mut other_ear] {
        assert_eq!(ear.next().await.unwrap(), Heard::Signal("first".into()));
        assert_eq!(ear.next().await.unwrap(), Heard::Signal("second".into()));
    }
    // The other site hears its own alone.
    assert_eq!(elsewhere_ear.next().await.unwrap(), Heard::Signal("not for you".into()));
    elsewhere.signal("last").await.unwrap();
    assert_eq!(elsewhere_ear.next().await.unwrap(), Heard::Signal("last".into()));

    drop((ear, other_ear, elsewhere_ear));
    elsewhere.close().await;
    elsewhere_db.cleanup().await;
    other.close().await;
    store.close().await;
}

async fn article(store: &Store) -> i64 {
    let text = format!(
        "+++\nslug = \"s\"\nheadline = \"The headline\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\nstatus = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        NOW.plus_hours(-1).rfc3339()
    );
    store.upsert_article(&parse_article_file(&text).unwrap(), NOW).await.unwrap().id()
}

async fn comment(store: &Store, article_id: i64, author: i64, status: CommentStatus, at: Timestamp) -> i64 {
    let body = CommentBody::parse("Words", &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    let lang = LanguageTag::parse("en").unwrap();
    let new = NewComment {
        article_id,
        parent_id: None,
        author: byline_store::CommentAuthor::Member(author),
        body: &body,
        body_html: &html,
        language: &lang,
        status,
        reasons: &[],
    };
    match store.add_comment(&new, at).await.unwrap() {
        CommentAdded::Added { id, .. } => id,
        other => panic!("{other:?}"),
    }
}

/// What a node that could not hear reads: the article's comments first
/// published since then, oldest first, published ones alone, at most the
/// limit.
async fn a_catch_up_reads_what_was_published_since(db: &TestDatabase) {
    let store = db.store().await;
    let a = article(&store).await;
    let author = byline_store::testing::reader(&store, "writer", NOW).await;
    let before = comment(&store, a, author, CommentStatus::Published, NOW.plus_minutes(-10)).await;
    let first = comment(&store, a, author, CommentStatus::Published, NOW).await;
    let _held = comment(&store, a, author, CommentStatus::Pending, NOW.plus_minutes(1)).await;
    let second = comment(&store, a, author, CommentStatus::Published, NOW.plus_minutes(2)).await;
    let since = store.comments_first_published_since(a, NOW, 10).await.unwrap();
    assert_eq!(since, vec![first, second]);
    assert_eq!(store.comments_first_published_since(a, NOW, 1).await.unwrap(), vec![first]);
    assert_eq!(
        store.comments_first_published_since(a, NOW.plus_minutes(-60), 10).await.unwrap(),
        vec![before, first, second]
    );
    assert!(store.comments_first_published_since(a + 1, NOW, 10).await.unwrap().is_empty());
    store.close().await;
}

/// Nodes started together on a new database migrate it once between them,
/// and every one of them finds it complete.
async fn nodes_started_together_migrate_once(db: &TestDatabase) {
    let nodes: Vec<Store> = started_together(&db.url).await;
    for node in &nodes {
        // Complete: every node can write and read what the last migration made.
        assert!(node.scheduled_stories_come_due(NOW, NOW, 1).await.unwrap().is_empty());
    }
    for node in nodes {
        node.close().await;
    }
}

/// Three stores connected and migrated at the same moment.
async fn started_together(url: &str) -> Vec<Store> {
    let start = || async {
        let store = Store::connect(url).await.unwrap();
        store.migrate().await.unwrap();
        store
    };
    let (a, b, c) = tokio::join!(start(), start(), start());
    vec![a, b, c]
}

byline_store::test_on_both_backends!(
    signals_reach_every_node_of_the_site_and_no_other,
    a_catch_up_reads_what_was_published_since,
    nodes_started_together_migrate_once,
);
