//! The desk's stories on both backends: states and who may see them,
//! revisions, saves that start from an old version, slugs and their
//! history; and the migration that made room for them keeps every row.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::article_file::parse_article_file;
use byline_core::{ArticleInput, ArticleStatus, Slug, Timestamp};
use byline_store::testing::{TestDatabase, reader};
use byline_store::{Base, DeskFilter, Editor, ListOf, Saved, Store};

const NOON: Timestamp = Timestamp::from_millis(1_795_780_800_000);
const DESK: Editor<'static> = Editor { id: None, name: "Desk" };

fn story(slug: &str, status: &str) -> ArticleInput {
    let text = format!(
        "+++\nslug = \"{slug}\"\nheadline = \"Headline of {slug}\"\nstandfirst = \"Standfirst.\"\n\
         author = \"Reporter\"\nsection = \"World\"\ntags = [\"Rivers\", \"Dams\"]\nstatus = \"{status}\"\n+++\n\
         Body of **{slug}**.\n"
    );
    parse_article_file(&text).unwrap()
}

fn slug(raw: &str) -> Slug {
    Slug::parse(raw).unwrap()
}

async fn save(store: &Store, base: Base, input: &ArticleInput, at: Timestamp) -> (i64, i64) {
    match store.save_story(base, input, DESK, "", at).await.unwrap() {
        Saved::Saved { id, version } => (id, version),
        other => panic!("not saved: {other:?}"),
    }
}

async fn latest_slugs(store: &Store, now: Timestamp) -> Vec<String> {
    let listing = store.list_articles(ListOf::Latest, now, None, 50).await.unwrap();
    listing.articles.into_iter().map(|a| a.slug.to_string()).collect()
}

async fn each_save_is_a_revision_and_an_old_version_is_refused(db: &TestDatabase) {
    let store = db.store().await;
    let mut draft = story("dam-report", "draft");
    let (id, first) = save(&store, Base::New, &draft, NOON).await;
    assert_eq!(first, 1);

    draft.headline = "The dam report, revised".into();
    let (_, second) = save(&store, Base::Version { id, version: 1 }, &draft, NOON.plus_minutes(5)).await;
    assert_eq!(second, 2);

    // A second editor who opened version 1 does not overwrite version 2.
    let mut stale = story("dam-report", "draft");
    stale.headline = "Written over".into();
    let refused = store.save_story(Base::Version { id, version: 1 }, &stale, DESK, "", NOON.plus_minutes(6)).await;
    assert_eq!(refused.unwrap(), Saved::Conflict { current: 2 });
    let Some(opened) = store.story(id).await.unwrap() else { panic!("the story is there") };
    assert_eq!((opened.version, opened.fields.headline.as_str()), (2, "The dam report, revised"));
    assert_eq!(opened.fields.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Rivers", "Dams"]);
    assert_eq!(opened.updated_by_name, "Desk");

    let revisions = store.revisions(id).await.unwrap();
    assert_eq!(revisions.iter().map(|r| r.version).collect::<Vec<_>>(), [2, 1], "newest first, nothing lost");
    let Some(old) = store.revision(id, 1).await.unwrap() else { panic!("revision 1 is kept") };
    assert_eq!(old.fields.headline, "Headline of dam-report");
    assert_eq!(old.fields.body_source.trim(), "Body of **dam-report**.");
    assert_eq!(old.fields.tags, opened.fields.tags);
    assert!(store.revision(id, 3).await.unwrap().is_none());
    let gone = store.save_story(Base::Version { id: id + 100, version: 1 }, &draft, DESK, "", NOON).await;
    assert_eq!(gone.unwrap(), Saved::Gone);
}

async fn only_scheduled_and_published_stories_reach_readers_and_then_only_on_time(db: &TestDatabase) {
    let store = db.store().await;
    for state in ["draft", "submitted", "unpublished"] {
        let mut input = story(&format!("story-{state}"), state);
        input.published_at = Some(NOON.plus_hours(-1));
        save(&store, Base::New, &input, NOON).await;
    }
    let mut scheduled = story("embargoed", "draft");
    scheduled.status = ArticleStatus::Scheduled;
    scheduled.published_at = Some(NOON.plus_hours(1));
    save(&store, Base::New, &scheduled, NOON).await;
    let published = story("out-now", "published");
    save(&store, Base::New, &published, NOON).await;

    assert_eq!(latest_slugs(&store, NOON).await, ["out-now"]);
    // A section only drafts name is not shown to readers.
    let mut hidden = story("hidden-section", "draft");
    hidden.section = byline_core::NamedSlug { slug: slug("acme-takeover"), name: "Acme takeover".into() };
    save(&store, Base::New, &hidden, NOON).await;
    let shown: Vec<String> = store.sections(NOON).await.unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(shown, ["World"]);
    assert_eq!(store.all_sections().await.unwrap().len(), 2, "the desk sees both");
    for hidden in ["story-draft", "story-submitted", "story-unpublished", "embargoed"] {
        assert!(store.visible_article(&slug(hidden), NOON).await.unwrap().is_none(), "{hidden} is not shown");
    }
    let just_before = Timestamp::from_millis(NOON.plus_hours(1).millis() - 1);
    assert!(store.visible_article(&slug("embargoed"), just_before).await.unwrap().is_none());
    assert!(store.visible_article(&slug("embargoed"), NOON.plus_hours(1)).await.unwrap().is_some());
    assert_eq!(latest_slugs(&store, NOON.plus_hours(1)).await, ["embargoed", "out-now"]);
}

async fn a_published_slug_keeps_leading_to_its_story(db: &TestDatabase) {
    let store = db.store().await;
    let mut input = story("first-name", "published");
    let (id, _) = save(&store, Base::New, &input, NOON).await;
    input.slug = slug("better-name");
    save(&store, Base::Version { id, version: 1 }, &input, NOON.plus_minutes(1)).await;
    assert_eq!(
        store.slug_moved_to(&slug("first-name"), NOON.plus_minutes(2)).await.unwrap(),
        Some(slug("better-name"))
    );

    // Nobody else may take the old slug, or the new one.
    for taken in ["first-name", "better-name"] {
        let other = story(taken, "draft");
        assert_eq!(store.save_story(Base::New, &other, DESK, "", NOON).await.unwrap(), Saved::SlugTaken, "{taken}");
    }
    // Renamed again, both old slugs lead to the newest.
    input.slug = slug("best-name");
    save(&store, Base::Version { id, version: 2 }, &input, NOON.plus_minutes(3)).await;
    for old in ["first-name", "better-name"] {
        assert_eq!(store.slug_moved_to(&slug(old), NOON.plus_minutes(4)).await.unwrap(), Some(slug("best-name")));
    }
    // Taking an old slug back makes it live again, not a redirect.
    input.slug = slug("first-name");
    save(&store, Base::Version { id, version: 3 }, &input, NOON.plus_minutes(5)).await;
    assert_eq!(store.slug_moved_to(&slug("first-name"), NOON.plus_minutes(6)).await.unwrap(), None);
    assert_eq!(store.slug_moved_to(&slug("best-name"), NOON.plus_minutes(6)).await.unwrap(), Some(slug("first-name")));

    // A draft's slug was never seen: renaming it keeps nothing.
    let mut draft = story("working-title", "draft");
    let (draft_id, _) = save(&store, Base::New, &draft, NOON).await;
    draft.slug = slug("final-title");
    save(&store, Base::Version { id: draft_id, version: 1 }, &draft, NOON).await;
    let reuse = story("working-title", "draft");
    assert!(matches!(store.save_story(Base::New, &reuse, DESK, "", NOON).await.unwrap(), Saved::Saved { .. }));

    // An unpublished story's old slug leads nowhere.
    input.status = ArticleStatus::Unpublished;
    save(&store, Base::Version { id, version: 4 }, &input, NOON.plus_minutes(7)).await;
    assert_eq!(store.slug_moved_to(&slug("best-name"), NOON.plus_minutes(8)).await.unwrap(), None);
}

async fn article_files_leave_revisions_too(db: &TestDatabase) {
    let store = db.store().await;
    let input = story("from-a-file", "published");
    let id = store.upsert_article(&input, NOON).await.unwrap().id();
    store.upsert_article(&input, NOON.plus_minutes(1)).await.unwrap();
    let revisions = store.revisions(id).await.unwrap();
    assert_eq!(revisions.iter().map(|r| (r.version, r.editor_id)).collect::<Vec<_>>(), [(2, None), (1, None)]);
    // The desk carries on from the file's version.
    let (_, version) = save(&store, Base::Version { id, version: 2 }, &input, NOON.plus_minutes(2)).await;
    assert_eq!(version, 3);
}

async fn the_desk_lists_every_state_by_latest_change_with_filters(db: &TestDatabase) {
    let store = db.store().await;
    let mut ids = Vec::new();
    for (n, (slug, state)) in
        [("a-draft", "draft"), ("b-sent", "submitted"), ("c-out", "published"), ("d-100%_sure", "draft")]
            .into_iter()
            .enumerate()
    {
        let mut input = story(&slug.replace(['%', '_'], ""), state);
        if slug.starts_with('d') {
            input.headline = "100%_sure of it".into();
        }
        let at = NOON.plus_minutes(i64::try_from(n).unwrap());
        ids.push(save(&store, Base::New, &input, at).await.0);
    }
    let all = |lines: Vec<byline_store::DeskLine>| lines.into_iter().map(|l| l.id).collect::<Vec<_>>();
    let (first, next) = store.desk_stories(DeskFilter::default(), None, 3).await.unwrap();
    assert_eq!(all(first), [ids[3], ids[2], ids[1]], "latest change first");
    let (rest, end) = store.desk_stories(DeskFilter::default(), next, 3).await.unwrap();
    assert_eq!((all(rest), end), (vec![ids[0]], None));

    let drafts = DeskFilter { status: Some(ArticleStatus::Draft), ..DeskFilter::default() };
    assert_eq!(all(store.desk_stories(drafts, None, 10).await.unwrap().0), [ids[3], ids[0]]);
    let text = DeskFilter { text: Some("HEADLINE OF B"), ..DeskFilter::default() };
    assert_eq!(all(store.desk_stories(text, None, 10).await.unwrap().0), [ids[1]]);
    // LIKE's wildcards are taken as the characters typed.
    let literal = DeskFilter { text: Some("0%_s"), ..DeskFilter::default() };
    assert_eq!(all(store.desk_stories(literal, None, 10).await.unwrap().0), [ids[3]]);
    let wildcard = DeskFilter { text: Some("a%t"), ..DeskFilter::default() };
    assert!(store.desk_stories(wildcard, None, 10).await.unwrap().0.is_empty());
    let section = slug("world");
    let by = DeskFilter { section: Some(&section), author: Some("report"), ..DeskFilter::default() };
    assert_eq!(store.desk_stories(by, None, 10).await.unwrap().0.len(), 4);
    let nobody = DeskFilter { author: Some("nobody"), ..DeskFilter::default() };
    assert!(store.desk_stories(nobody, None, 10).await.unwrap().0.is_empty());

    // Letters beyond ASCII match in any case, on both backends alike.
    let mut french = story("election-a-paris", "draft");
    french.headline = "Élection à Paris".into();
    french.author_name = "Émile Zola".into();
    let (french_id, _) = save(&store, Base::New, &french, NOON.plus_minutes(9)).await;
    for typed in ["élection", "ÉLECTION", "Élection À"] {
        let text = DeskFilter { text: Some(typed), ..DeskFilter::default() };
        assert_eq!(all(store.desk_stories(text, None, 10).await.unwrap().0), [french_id], "{typed}");
    }
    let by = DeskFilter { author: Some("ÉMILE"), ..DeskFilter::default() };
    assert_eq!(all(store.desk_stories(by, None, 10).await.unwrap().0), [french_id]);
}

/// Two saves from one version at the same moment (an autosave and a
/// click): one is saved, the other is told of the conflict; neither fails.
async fn two_saves_at_once_from_one_version_make_one_revision(db: &TestDatabase) {
    let store = db.store().await;
    let (id, _) = save(&store, Base::New, &story("race", "draft"), NOON).await;
    for round in 0..10 {
        let version = store.story(id).await.unwrap().unwrap().version;
        let (mut a, mut b) = (story("race", "draft"), story("race", "draft"));
        a.headline = format!("First {round}");
        b.headline = format!("Second {round}");
        let base = Base::Version { id, version };
        let (one, two) =
            tokio::join!(store.save_story(base, &a, DESK, "", NOON), store.save_story(base, &b, DESK, "", NOON));
        let outcomes = [one.unwrap(), two.unwrap()];
        let saved = outcomes.iter().filter(|o| matches!(o, Saved::Saved { .. })).count();
        let refused = outcomes.iter().filter(|o| **o == Saved::Conflict { current: version + 1 }).count();
        assert_eq!((saved, refused), (1, 1), "round {round}: {outcomes:?}");
    }
    assert_eq!(store.revisions(id).await.unwrap().len(), 11, "one revision a round, and the first");
}

/// Readers' comments change the article's page, not its story: an editor
/// who opened the story before they came saves without a conflict, the
/// revision numbers run on from the last save, and the tags stay.
async fn comments_do_not_move_the_story_on(db: &TestDatabase) {
    let store = db.store().await;
    let (id, version) = save(&store, Base::New, &story("hot-story", "published"), NOON).await;
    let page_before = store.article_version(&slug("hot-story"), NOON).await.unwrap().unwrap();
    let body = byline_core::comments::CommentBody::parse("First!", &Default::default()).unwrap();
    let html = byline_core::comments::render_comment(&body);
    let lang = byline_core::LanguageTag::parse("en").unwrap();
    for _ in 0..3 {
        let new = byline_store::NewComment {
            article_id: id,
            parent_id: None,
            author: byline_store::CommentAuthor::Guest("A reader"),
            body: &body,
            body_html: &html,
            language: &lang,
            status: byline_core::comments::CommentStatus::Published,
            reasons: &[],
        };
        store.add_comment(&new, NOON).await.unwrap();
    }
    let page_after = store.article_version(&slug("hot-story"), NOON).await.unwrap().unwrap();
    assert!(page_after > page_before, "the page's version follows its comments");
    let opened = store.story(id).await.unwrap().unwrap();
    assert_eq!(opened.version, version, "the story's does not");
    assert_eq!(opened.fields.tags.len(), 2, "its tags are read from its revision");

    let mut corrected = story("hot-story", "published");
    corrected.headline = "Corrected".into();
    let (_, next) = save(&store, Base::Version { id, version }, &corrected, NOON).await;
    assert_eq!(next, version + 1);
    let revisions = store.revisions(id).await.unwrap();
    assert_eq!(revisions.iter().map(|r| r.version).collect::<Vec<_>>(), [version + 1, version]);
    assert!(store.article_version(&slug("hot-story"), NOON).await.unwrap().unwrap() > page_after);
}

byline_store::test_on_both_backends!(
    two_saves_at_once_from_one_version_make_one_revision,
    comments_do_not_move_the_story_on,
    the_desk_lists_every_state_by_latest_change_with_filters,
    each_save_is_a_revision_and_an_old_version_is_refused,
    only_scheduled_and_published_stories_reach_readers_and_then_only_on_time,
    a_published_slug_keeps_leading_to_its_story,
    article_files_leave_revisions_too,
);

/// SQLite rebuilds `users` and `articles` to change their CHECK rules: the
/// comments, tags and sessions that point at them must all survive, and
/// the database must enforce its references again afterwards.
#[tokio::test]
async fn rebuilding_tables_on_sqlite_loses_no_row() {
    let db = TestDatabase::sqlite().await;
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate_sqlite_before(20261126000019).await.unwrap();
    let amina = reader(&store, "amina", NOON).await;
    let raw = sqlx::SqlitePool::connect(&db.url).await.unwrap();
    for statement in [
        "INSERT INTO sections (id, slug, name) VALUES (1, 'world', 'World')",
        "INSERT INTO articles (id, slug, headline, standfirst, body_source, body_html, language, author_name, \
           section_id, status, published_at, created_at, updated_at, comment_mode, comment_count) \
         VALUES (3, 'before-the-desk', 'Before', 'Standfirst.', 'Body.', '<p>Body.</p>', 'en', 'Reporter', 1, \
           'published', 1000, 1000, 1000, 'open', 1)",
        "INSERT INTO tags (id, slug, name) VALUES (1, 'rivers', 'Rivers'), (2, 'dams', 'Dams')",
        "INSERT INTO article_tags (article_id, tag_id, position) VALUES (3, 1, 0), (3, 2, 1)",
    ] {
        sqlx::query(statement).execute(&raw).await.unwrap();
    }
    let id = 3;
    sqlx::query(
        "INSERT INTO comments (id, article_id, path, depth, author_id, body_source, body_html, language, status, \
           created_at) VALUES (7, $1, '7', 0, $2, 'Kept.', '<p>Kept.</p>', 'en', 'published', $3)",
    )
    .bind(id)
    .bind(amina)
    .bind(NOON.millis())
    .execute(&raw)
    .await
    .unwrap();
    store.migrate().await.unwrap();
    let comments: Vec<(i64, i64, Option<i64>)> =
        sqlx::query_as("SELECT id, article_id, author_id FROM comments").fetch_all(&raw).await.unwrap();
    assert_eq!(comments, [(7, id, Some(amina))], "comments keep their story and author");

    let after = store.visible_article(&slug("before-the-desk"), NOON).await.unwrap().unwrap();
    assert_eq!(after.tags.len(), 2, "tags survive the rebuild");
    assert!(store.user(amina).await.unwrap().is_some(), "people survive the rebuild");
    let Some(opened) = store.story(id).await.unwrap() else { panic!("the story is there") };
    assert_eq!(opened.fields.status, ArticleStatus::Published);
    // The desk finds it by its words.
    let found = store.desk_stories(DeskFilter { text: Some("BEFORE"), ..DeskFilter::default() }, None, 5).await;
    assert_eq!(found.unwrap().0.iter().map(|l| l.id).collect::<Vec<_>>(), [id]);
    // Stored before revisions were kept, it has its first one now.
    let revisions = store.revisions(id).await.unwrap();
    assert_eq!(revisions.iter().map(|r| r.version).collect::<Vec<_>>(), [1]);
    assert_eq!(store.revision(id, 1).await.unwrap().unwrap().fields.headline, "Before");
    // Its byline, written before bylines had pages, has one now.
    let reporter = slug("reporter");
    let listed = store.list_articles(ListOf::Author(&reporter), NOON, None, 10).await.unwrap();
    assert_eq!(listed.articles.iter().map(|a| a.id).collect::<Vec<_>>(), [id]);
}
