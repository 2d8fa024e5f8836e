//! A site read as rows and written back, on both backends and across
//! them: what is read from one database and restored into an empty one of
//! either kind reads back the same, row for row, and ids go on from where
//! they were; a restore refuses a database that is not empty or not at
//! the archive's version, and writes nothing it does not finish.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::article_file::parse_article_file;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, render_comment};
use byline_core::{LanguageTag, Timestamp};
use byline_store::testing::{TestDatabase, count, reader, seed_discussion};
use byline_store::{
    ARCHIVE_TABLES, ArchiveFacts, ArchivePart, Base, CommentAdded, CommentAuthor, Editor, NewComment, RestoreError,
    Saved, Store, TABLES_NOT_ARCHIVED,
};
use serde_json::Value;

const NOON: Timestamp = Timestamp::from_millis(1_795_780_800_000);
const DESK: Editor<'static> = Editor { id: None, name: "Desk" };

/// Every table's rows, as read.
type Rows = Vec<(String, Vec<Value>)>;

async fn read(store: &Store) -> (ArchiveFacts, Rows) {
    let mut tables: Rows = Vec::new();
    let facts = store
        .read_archive(|part| {
            match part {
                ArchivePart::Table { name, .. } => tables.push((name.to_owned(), Vec::new())),
                ArchivePart::Row(row) => tables.last_mut().unwrap().1.push(serde_json::from_str(row).unwrap()),
            }
            Ok::<(), ()>(())
        })
        .await
        .unwrap()
        .unwrap();
    (facts, tables)
}

/// Writes what was read into `store`, a few rows per statement.
async fn restore(store: &Store, facts: &ArchiveFacts, tables: &Rows) {
    let mut restore = store.begin_restore(facts.schema_version).await.unwrap().unwrap();
    for ((name, rows), (_, columns)) in tables.iter().zip(&facts.tables) {
        let table = restore.table(name).unwrap();
        restore.check_columns(table, columns).unwrap();
        for chunk in rows.chunks(3) {
            restore.insert_rows(table, &serde_json::to_string(chunk).unwrap()).await.unwrap();
        }
    }
    restore.finish(facts.next_comment_id).await.unwrap();
}

/// A small site: a story, readers, a long discussion in every state,
/// votes and flags, and a gone comment whose id must never come back.
async fn seed(store: &Store) -> i64 {
    let input = parse_article_file(
        "+++\nslug = \"harbour\"\nheadline = \"ہاربر میں کشتیاں\"\nstandfirst = \"Boats at dusk.\"\n\
         author = \"Amina\"\nsection = \"World\"\ntags = [\"sea\", \"بحر\"]\nstatus = \"published\"\n+++\nBody **bold**.\n",
    )
    .unwrap();
    let Saved::Saved { id: article, .. } = store.save_story(Base::New, &input, DESK, "first", NOON).await.unwrap()
    else {
        panic!("saved")
    };
    let ana = reader(store, "anaya", NOON).await;
    let bo = reader(store, "bolan", NOON).await;
    let ids = seed_discussion(store, article, &[ana, bo], 40).await;
    store.set_vote(ids[3], bo, true, NOON).await.unwrap();
    store.flag_comment(ids[4], ana, "spam", NOON).await.unwrap();
    let language = LanguageTag::parse("ur").unwrap();
    let body = CommentBody::parse("یہ ایک تبصرہ ہے", &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    for status in [CommentStatus::Pending, CommentStatus::Spam, CommentStatus::Removed] {
        let new = NewComment {
            article_id: article,
            parent_id: Some(ids[1]),
            author: CommentAuthor::Guest("مہمان"),
            body: &body,
            body_html: &html,
            language: &language,
            status,
            reasons: &[],
        };
        store.add_comment(&new, NOON).await.unwrap();
    }
    // The newest comment goes: its id is spent.
    byline_store::testing::execute_raw(store, "DELETE FROM comments WHERE id = (SELECT MAX(id) FROM comments)")
        .await
        .unwrap();
    article
}

async fn a_site_restores_exactly_into_either_backend(db: &TestDatabase) {
    let store = db.store().await;
    let article = seed(&store).await;
    let (facts, tables) = read(&store).await;
    let comments = &tables.iter().find(|(name, _)| name == "comments").unwrap().1;
    assert_eq!(comments.len(), 42);
    let newest = comments.iter().filter_map(|c| c["id"].as_i64()).max().unwrap();
    assert!(facts.next_comment_id > newest + 1, "the gone comment's id is spent: {}", facts.next_comment_id);
    assert_eq!(tables.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>(), archive_names());

    let mut targets = vec![TestDatabase::sqlite().await];
    targets.extend(TestDatabase::postgres().await);
    for target in targets {
        let copy = target.store().await;
        restore(&copy, &facts, &tables).await;
        let (copied_facts, copied) = read(&copy).await;
        for ((name, rows), (_, copied_rows)) in tables.iter().zip(&copied) {
            assert_eq!(rows, copied_rows, "table {name} differs after a restore into {:?}", copy.backend());
        }
        assert_eq!(copied_facts.schema_version, facts.schema_version);
        // The search index is rebuilt from the stories as they arrive: the
        // Urdu headline is found, typed with an Arabic keyboard's kaf.
        let query = byline_store::SearchQuery { words: "كشتیاں", limit: 5, ..Default::default() };
        let found = copy.search_articles(&query, NOON.plus_hours(1)).await.unwrap();
        assert_eq!(found.hits.iter().map(|h| h.summary.id).collect::<Vec<_>>(), [article], "{:?}", copy.backend());
        // Ids go on past every id the site had, the gone comment's too.
        let body = CommentBody::parse("After the move.", &CommentLimits::default()).unwrap();
        let html = render_comment(&body);
        let new = NewComment {
            article_id: article,
            parent_id: None,
            author: CommentAuthor::Guest("Later"),
            body: &body,
            body_html: &html,
            language: &LanguageTag::parse("en").unwrap(),
            status: CommentStatus::Published,
            reasons: &[],
        };
        let CommentAdded::Added { id, .. } = copy.add_comment(&new, NOON).await.unwrap() else { panic!("added") };
        assert!(id >= facts.next_comment_id, "comment id {id} reused on {:?}", copy.backend());
        let input = parse_article_file(
            "+++\nslug = \"later\"\nheadline = \"Later\"\nstandfirst = \"S.\"\nauthor = \"Amina\"\n\
             section = \"World\"\nstatus = \"published\"\n+++\nBody.\n",
        )
        .unwrap();
        let Saved::Saved { id: story, .. } = copy.save_story(Base::New, &input, DESK, "", NOON).await.unwrap() else {
            panic!("a new story after a restore")
        };
        assert!(story > article);
        copy.close().await;
        target.cleanup().await;
    }
}

fn archive_names() -> Vec<&'static str> {
    ARCHIVE_TABLES.iter().map(|t| t.name).collect()
}

async fn every_table_is_archived_or_left_out_on_purpose(db: &TestDatabase) {
    let store = db.store().await;
    for table in store.table_names().await.unwrap() {
        let archived = archive_names().contains(&table.as_str());
        let left_out = TABLES_NOT_ARCHIVED.contains(&table.as_str());
        assert!(archived != left_out, "table {table} must be archived or left out on purpose, not both or neither");
    }
}

async fn a_restore_needs_an_empty_database_at_the_same_version(db: &TestDatabase) {
    let store = db.store().await;
    let version = store.schema_version().await.unwrap();
    let err = store.begin_restore(version + 1).await.unwrap().unwrap_err();
    assert_eq!(err, RestoreError::SchemaVersion { archive: version + 1, database: version });

    // Rows written and not finished are not kept.
    let mut restore = store.begin_restore(version).await.unwrap().unwrap();
    let sections = restore.table("sections").unwrap();
    restore.insert_rows(sections, r#"[{"id": 7, "slug": "world", "name": "World"}]"#).await.unwrap();
    drop(restore);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM sections").await.unwrap(), 0);
    assert!(store.begin_restore(version).await.unwrap().is_ok(), "the unfinished rows left nothing behind");

    seed(&store).await;
    let err = store.begin_restore(version).await.unwrap().unwrap_err();
    assert!(matches!(err, RestoreError::NotEmpty(_)), "{err:?}");

    let unknown = {
        let empty = TestDatabase::sqlite().await;
        let fresh = empty.store().await;
        let restore = fresh.begin_restore(version).await.unwrap().unwrap();
        let unknown = restore.table("passwords").unwrap_err();
        let columns = vec!["id".to_owned(), "slug".to_owned(), "secret".to_owned()];
        let extra = restore.check_columns("sections", &columns).unwrap_err();
        (unknown, extra)
    };
    assert_eq!(unknown.0, RestoreError::UnknownTable("passwords".into()));
    assert!(matches!(unknown.1, RestoreError::UnknownColumn { .. }), "{:?}", unknown.1);
}

byline_store::test_on_both_backends!(
    a_site_restores_exactly_into_either_backend,
    every_table_is_archived_or_left_out_on_purpose,
    a_restore_needs_an_empty_database_at_the_same_version,
);
