//! The store contract: every test here runs on SQLite and on PostgreSQL.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::article_file::parse_article_file;
use byline_core::{ArticleInput, ArticleStatus, Timestamp};
use byline_store::testing::TestDatabase;
use byline_store::{Cursor, ListOf, Upserted};

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);

fn article(slug: &str, section: &str, tags: &[&str], extra: &str) -> ArticleInput {
    let tags = tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
    let text = format!(
        "+++\nslug = \"{slug}\"\nheadline = \"Headline of {slug}\"\nstandfirst = \"Standfirst of {slug}.\"\n\
         author = \"Reporter\"\nsection = \"{section}\"\ntags = [{tags}]\nstatus = \"published\"\n{extra}+++\n\
         Body of **{slug}**.\n"
    );
    parse_article_file(&text).unwrap()
}

fn at(hours_ago: i64) -> String {
    format!("published_at = \"{}\"\n", NOW.plus_hours(-hours_ago).rfc3339())
}

async fn upsert_creates_then_updates_by_slug(db: &TestDatabase) {
    let store = db.store().await;
    let first = store.upsert_article(&article("bridge", "World", &["rivers"], &at(2)), NOW).await.unwrap();
    assert!(matches!(first, Upserted::Created(_)));
    let mut changed = article("bridge", "Politics", &["elections", "rivers"], "");
    changed.headline = "A new headline".into();
    let second = store.upsert_article(&changed, NOW).await.unwrap();
    assert_eq!(second, Upserted::Updated(first.id()));

    let shown = store.visible_article(&changed.slug, NOW).await.unwrap().unwrap();
    assert_eq!(shown.summary.headline, "A new headline");
    assert_eq!(shown.summary.section.slug.as_str(), "politics");
    let tags: Vec<_> = shown.tags.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(tags, ["elections", "rivers"]);
    // No published_at in the update keeps the original time.
    assert_eq!(shown.summary.published_at, NOW.plus_hours(-2));
    assert_eq!(shown.version, 2);
    assert_eq!(shown.body_html.as_str(), "<p>Body of <strong>bridge</strong>.</p>\n");
    let summary = store.visible_article_summary(&changed.slug, NOW).await.unwrap().unwrap();
    assert_eq!(format!("{summary:?}"), format!("{:?}", shown.summary), "the same as the full read");
}

async fn live_article_texts_are_the_newest_live_ones(db: &TestDatabase) {
    let store = db.store().await;
    store.upsert_article(&article("older", "World", &[], &at(5)), NOW).await.unwrap();
    store.upsert_article(&article("newer", "World", &[], &at(1)), NOW).await.unwrap();
    let mut scheduled =
        article("tomorrow", "World", &[], &format!("published_at = \"{}\"\n", NOW.plus_hours(20).rfc3339()));
    scheduled.status = ArticleStatus::Scheduled;
    store.upsert_article(&scheduled, NOW).await.unwrap();
    let mut draft = article("unfinished", "World", &[], "");
    draft.status = ArticleStatus::Draft;
    store.upsert_article(&draft, NOW).await.unwrap();

    let texts = store.live_article_texts(10).await.unwrap();
    let slugs: Vec<_> = texts.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, ["tomorrow", "newer", "older"], "live ones, scheduled included, newest first; no draft");
    assert_eq!(texts[1].headline, "Headline of newer");
    assert_eq!(texts[1].body_source, "Body of **newer**.", "the Markdown source, not the HTML");
    let first: Vec<_> = store.live_article_texts(2).await.unwrap().into_iter().map(|t| t.slug.to_string()).collect();
    assert_eq!(first, ["tomorrow", "newer"]);
}

async fn drafts_are_never_visible(db: &TestDatabase) {
    let store = db.store().await;
    let mut draft = article("secret", "World", &[], "");
    draft.status = ArticleStatus::Draft;
    store.upsert_article(&draft, NOW).await.unwrap();
    assert!(store.article_exists(&draft.slug).await.unwrap());
    assert!(store.visible_article(&draft.slug, NOW.plus_hours(100)).await.unwrap().is_none());
    assert!(store.visible_article_summary(&draft.slug, NOW.plus_hours(100)).await.unwrap().is_none());
    let latest = store.list_articles(ListOf::Latest, NOW.plus_hours(100), None, 10).await.unwrap();
    assert!(latest.articles.is_empty());
}

async fn scheduled_articles_appear_at_their_time(db: &TestDatabase) {
    let store = db.store().await;
    let mut scheduled = article("tomorrow", "World", &[], &at(-24));
    scheduled.status = ArticleStatus::Scheduled;
    store.upsert_article(&scheduled, NOW).await.unwrap();
    assert!(store.visible_article(&scheduled.slug, NOW).await.unwrap().is_none());
    let later = NOW.plus_hours(24);
    assert!(store.visible_article(&scheduled.slug, later).await.unwrap().is_some());
    assert!(store.visible_article_summary(&scheduled.slug, NOW).await.unwrap().is_none());
    assert!(store.visible_article_summary(&scheduled.slug, later).await.unwrap().is_some());
    let listed = store.list_articles(ListOf::Latest, later, None, 10).await.unwrap();
    assert_eq!(listed.articles.len(), 1);
}

async fn lists_page_newest_first_by_cursor(db: &TestDatabase) {
    let store = db.store().await;
    for i in 0..7 {
        store.upsert_article(&article(&format!("story-{i}"), "World", &[], &at(i)), NOW).await.unwrap();
    }
    // Two articles at the same instant still page without loss or repeat.
    store.upsert_article(&article("twin-a", "World", &[], &at(3)), NOW).await.unwrap();
    store.upsert_article(&article("twin-b", "World", &[], &at(3)), NOW).await.unwrap();

    let mut seen = Vec::new();
    let mut cursor: Option<Cursor> = None;
    loop {
        let page = store.list_articles(ListOf::Latest, NOW, cursor, 3).await.unwrap();
        assert!(page.articles.len() <= 3);
        seen.extend(page.articles.iter().map(|a| a.slug.to_string()));
        match page.next {
            Some(next) => cursor = Some(Cursor::parse(&next.to_param()).unwrap()),
            None => break,
        }
    }
    assert_eq!(seen, ["story-0", "story-1", "story-2", "twin-b", "twin-a", "story-3", "story-4", "story-5", "story-6"]);
}

async fn section_and_tag_lists_filter(db: &TestDatabase) {
    let store = db.store().await;
    store.upsert_article(&article("a", "World", &["rivers"], &at(1)), NOW).await.unwrap();
    store.upsert_article(&article("b", "Politics", &["rivers", "votes"], &at(2)), NOW).await.unwrap();
    store.upsert_article(&article("c", "World", &["votes"], &at(3)), NOW).await.unwrap();

    let world = byline_core::Slug::parse("world").unwrap();
    let listed = store.list_articles(ListOf::Section(&world), NOW, None, 10).await.unwrap();
    let slugs: Vec<_> = listed.articles.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["a", "c"]);

    let rivers = byline_core::Slug::parse("rivers").unwrap();
    let listed = store.list_articles(ListOf::Tag(&rivers), NOW, None, 10).await.unwrap();
    let slugs: Vec<_> = listed.articles.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["a", "b"]);

    assert_eq!(store.tag(&rivers).await.unwrap().unwrap().name, "rivers");
    assert_eq!(store.section(&world).await.unwrap().unwrap().name, "World");
    assert!(store.section(&rivers).await.unwrap().is_none());
    let sections: Vec<_> = store.sections(NOW).await.unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(sections, ["World", "Politics"]);
}

async fn featured_articles_come_in_rank_order(db: &TestDatabase) {
    let store = db.store().await;
    store.upsert_article(&article("third", "World", &[], &format!("{}featured_rank = 3\n", at(1))), NOW).await.unwrap();
    store.upsert_article(&article("first", "World", &[], &format!("{}featured_rank = 1\n", at(5))), NOW).await.unwrap();
    store.upsert_article(&article("plain", "World", &[], &at(0)), NOW).await.unwrap();
    let featured = store.featured_articles(NOW, 10).await.unwrap();
    let slugs: Vec<_> = featured.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["first", "third"]);
}

async fn sitemap_entries_respect_since(db: &TestDatabase) {
    let store = db.store().await;
    store.upsert_article(&article("fresh", "World", &[], &at(1)), NOW).await.unwrap();
    store.upsert_article(&article("old", "World", &[], &at(72)), NOW).await.unwrap();
    let recent = store.sitemap_entries(NOW, NOW.plus_hours(-48), 100).await.unwrap();
    assert_eq!(recent.iter().map(|e| e.slug.as_str()).collect::<Vec<_>>(), ["fresh"]);
    let all = store.sitemap_entries(NOW, Timestamp::from_millis(0), 100).await.unwrap();
    assert_eq!(all.len(), 2);
}

async fn unicode_text_round_trips(db: &TestDatabase) {
    let store = db.store().await;
    let mut urdu = article("lahore-book-fair", "ثقافت", &["کتابیں"], &at(1));
    urdu.headline = "لاہور کا کتاب میلہ واپس آ گیا".into();
    urdu.language = byline_core::LanguageTag::parse("ur").unwrap();
    store.upsert_article(&urdu, NOW).await.unwrap();
    let shown = store.visible_article(&urdu.slug, NOW).await.unwrap().unwrap();
    assert_eq!(shown.summary.headline, "لاہور کا کتاب میلہ واپس آ گیا");
    assert_eq!(shown.summary.section.slug.as_str(), "ثقافت");
    assert_eq!(shown.tags[0].name, "کتابیں");
    assert_eq!(shown.summary.language.as_str(), "ur");
}

async fn migrations_are_idempotent_and_ping_answers(db: &TestDatabase) {
    let store = db.store().await;
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
    assert_eq!(store.backend(), db.backend);
}

byline_store::test_on_both_backends!(
    upsert_creates_then_updates_by_slug,
    drafts_are_never_visible,
    live_article_texts_are_the_newest_live_ones,
    scheduled_articles_appear_at_their_time,
    lists_page_newest_first_by_cursor,
    section_and_tag_lists_filter,
    featured_articles_come_in_rank_order,
    sitemap_entries_respect_since,
    unicode_text_round_trips,
    migrations_are_idempotent_and_ping_answers,
);

/// Both backends must carry the same migration versions, in the same order.
#[test]
fn migration_folders_list_the_same_versions() {
    let versions = |backend: &str| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let sqlite = versions("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, versions("postgres"));
}
