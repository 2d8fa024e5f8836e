//! The search page and box as readers use them: plain GET forms, results
//! ranked with the words marked, filters, Urdu and Arabic typed either
//! way, nothing unpublished ever shown; and the OpenSearch description.

use byline_core::Timestamp;
use byline_core::article_file::parse_article_file;
use byline_store::testing::TestDatabase;

use crate::support::{TestApp, URDU, attr, content_type, header, select, text_of};

const ARABIC: &str = "deir-al-sanabil-manuscripts-restored";

fn search_for(words: &str) -> String {
    format!("/search?{}", url::form_urlencoded::Serializer::new(String::new()).append_pair("q", words).finish())
}

fn found(page: &scraper::Html) -> Vec<String> {
    select(page, ".search-results .card-title a").iter().map(|a| a.value().attr("href").unwrap().to_owned()).collect()
}

async fn readers_find_stories_by_their_words(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    // Every page offers the box; it sends a plain GET.
    let home = app.page("/").await;
    assert_eq!(attr(&home, "form.site-search", "action"), "/search");
    assert_eq!(attr(&home, "form.site-search input[type=search]", "name"), "q");

    let page = app.page("/search?q=Seyra+accord").await;
    let hits = found(&page);
    assert_eq!(hits.first().map(String::as_str), Some("/articles/seyra-river-accord-signed"), "{hits:?}");
    // The words found are marked in the snippet, as they were written.
    let marked: Vec<String> =
        select(&page, ".search-results li:first-child mark").iter().map(|m| m.text().collect()).collect();
    assert!(marked.iter().any(|m| m.eq_ignore_ascii_case("seyra")), "{marked:?}");
    // What was typed stays in the form.
    assert_eq!(attr(&page, "#search-q", "value"), "Seyra accord");
    assert_eq!(attr(&page, "meta[name=robots]", "content"), "noindex");

    // Urdu, typed with an Arabic keyboard's yeh; Arabic, without the
    // headline's diacritics.
    let urdu = app.page(&search_for("قنديل پور كتاب")).await;
    assert_eq!(found(&urdu), [format!("/articles/{URDU}")]);
    let arabic = app.page(&search_for("مخطوطات")).await;
    assert_eq!(found(&arabic), [format!("/articles/{ARABIC}")]);
    assert_eq!(attr(&arabic, ".search-results article.card", "lang"), "ar");

    // A section narrows; nothing found says so.
    let world = app.page("/search?q=Seyra&section=world").await;
    assert!(found(&world).contains(&"/articles/seyra-river-accord-signed".to_owned()));
    let culture = app.page("/search?q=Seyra&section=culture").await;
    assert!(found(&culture).iter().all(|h| h != "/articles/seyra-river-accord-signed"));
    // What was searched for is isolated in the heading, whatever its script.
    assert_eq!(select(&world, "#results-heading bdi").len(), 1);
    let none = app.page("/search?q=zzzqqq").await;
    assert!(found(&none).is_empty());
    assert!(text_of(&none, ".search-page section > p").contains("No published story"));
    // An empty search is the form alone.
    let empty = app.page("/search").await;
    assert!(select(&empty, ".search-results").is_empty());
    app.stop().await;
}

async fn search_never_shows_what_readers_may_not_see(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let now = Timestamp::now();
    let text = format!(
        "+++\nslug = \"embargoed-budget\"\nheadline = \"Quokkaland budget leak\"\nstandfirst = \"S.\"\nauthor = \"A\"\n\
         section = \"World\"\nstatus = \"scheduled\"\npublished_at = \"{}\"\n+++\nQuokkaland figures.\n",
        now.plus_hours(24).rfc3339()
    );
    app.running.store.upsert_article(&parse_article_file(&text).unwrap(), now).await.unwrap();
    let page = app.page("/search?q=quokkaland").await;
    assert!(found(&page).is_empty(), "an embargoed story is never found");
    assert!(!page.html().contains("Quokkaland budget"));
    app.stop().await;
}

async fn bad_filters_come_back_with_the_search_kept(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    for path in ["/search?q=river&from=last+week", "/search?q=river&to=2026-13-45", "/search?q=river&page=999"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        let page = scraper::Html::parse_document(&response.text().await.unwrap());
        assert_eq!(select(&page, "#search-error").len(), 1, "{path}");
        assert_eq!(attr(&page, "#search-q", "value"), "river", "{path}");
    }
    // Dates that are days work, the last one included.
    let page = app.page("/search?q=Seyra&from=2000-01-01&to=2100-12-31").await;
    assert!(!found(&page).is_empty());
    let page = app.page("/search?q=Seyra&to=2000-01-01").await;
    assert!(found(&page).is_empty());
    app.stop().await;
}

async fn browsers_are_told_of_the_search(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let home = app.page("/").await;
    assert_eq!(attr(&home, "link[rel=search]", "href"), "/opensearch.xml");
    assert_eq!(attr(&home, "link[rel=search]", "type"), "application/opensearchdescription+xml");
    let response = app.get("/opensearch.xml").await;
    assert_eq!(response.status(), 200);
    assert_eq!(content_type(&response), "application/opensearchdescription+xml");
    assert!(header(&response, "cache-control").starts_with("public"));
    let xml = response.text().await.unwrap();
    assert!(
        xml.contains(
            "<Url type=\"text/html\" method=\"get\" template=\"https://news.example/search?q={searchTerms}\"/>"
        ),
        "{xml}"
    );
    assert!(xml.contains("<InputEncoding>UTF-8</InputEncoding>"));
    app.stop().await;
}

byline_store::test_on_both_backends!(
    readers_find_stories_by_their_words,
    search_never_shows_what_readers_may_not_see,
    bad_filters_come_back_with_the_search_kept,
    browsers_are_told_of_the_search,
);
