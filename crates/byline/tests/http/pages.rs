//! Reader pages: home, article, section, tag, errors.

use std::collections::HashSet;

use byline_core::Timestamp;
use byline_core::article_file::parse_article_file;
use byline_store::testing::TestDatabase;

use crate::support::{DEMO_ARTICLES, LEAD, TestApp, URDU, attr, content_type, header, select, text_of};

async fn home_shows_lead_latest_and_featured_rail(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let home = app.page("/").await;
    assert_eq!(select(&home, "h1").len(), 1);
    assert_eq!(attr(&home, ".lead .card-title a", "href"), format!("/articles/{LEAD}"));
    assert_eq!(text_of(&home, "#featured-heading"), "Featured content");
    // Featured ranks 2, 3, 4 follow the lead (rank 1) in order.
    let rail: Vec<_> =
        select(&home, "aside.rail .card-title a").iter().map(|a| a.value().attr("href").unwrap().to_owned()).collect();
    assert_eq!(rail[0], "/articles/who-is-ines-achterberg");
    assert_eq!(rail.len(), 3);
    // The featured demo comment reaches the front page, linked to its place.
    let featured = select(&home, ".featured-comments-rail li a");
    assert_eq!(featured.len(), 1);
    assert!(featured[0].value().attr("href").unwrap().starts_with(&format!("/articles/{LEAD}#c-")));
    let latest = select(&home, ".latest .card-title a");
    assert_eq!(latest.len(), 11, "a page of 12 less the lead");
    assert!(latest.iter().all(|a| a.value().attr("href") != Some(&format!("/articles/{LEAD}"))));
    for time in select(&home, ".latest time") {
        assert!(time.value().attr("datetime").unwrap().ends_with('Z'));
    }
    app.stop().await;
}

async fn home_pages_by_cursor_through_every_article(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let mut seen = HashSet::new();
    let mut path = "/".to_owned();
    for _ in 0..5 {
        let page = app.page(&path).await;
        for link in select(&page, ".lead .card-title a, .latest .card-title a") {
            assert!(seen.insert(link.value().attr("href").unwrap().to_owned()), "repeated article");
        }
        let next = select(&page, "a[rel=next]");
        let Some(next) = next.first() else { break };
        path = next.value().attr("href").unwrap().to_owned();
        assert!(path.starts_with("/?before="));
    }
    assert_eq!(seen.len(), DEMO_ARTICLES);
    app.stop().await;
}

async fn article_page_has_every_part(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let page = app.page(&format!("/articles/{LEAD}")).await;
    assert_eq!(attr(&page, "html", "lang"), "en");
    assert_eq!(attr(&page, "html", "dir"), "ltr");
    assert!(text_of(&page, ".story-header .kicker").contains('|'));
    assert_eq!(
        text_of(&page, "article h1"),
        "Dorvana and Kelmar sign Seyra River accord after nineteen months of talks"
    );
    assert!(!text_of(&page, "article .standfirst").is_empty());
    assert!(text_of(&page, ".byline").starts_with("By "));
    assert!(!attr(&page, ".story-header time", "datetime").is_empty());
    // Not edited since publication, so no "Updated" line.
    assert!(!text_of(&page, ".story-header .meta").contains("Updated"));
    assert!(select(&page, ".story-body h2").len() >= 2);
    assert_eq!(select(&page, ".story-body aside.pull-quote").len(), 1);
    assert!(!select(&page, ".story-body figure.quote > blockquote").is_empty());
    assert!(!select(&page, ".story-body figure.quote > figcaption cite").is_empty());
    // The demo discussion: 43 comments, one featured, threads nested.
    assert_eq!(text_of(&page, "#comments h2"), "Comments (43)");
    assert_eq!(select(&page, ".featured-comments li").len(), 1);
    assert!(select(&page, "#comments ol.thread > li").len() >= 10);
    assert!(!select(&page, "#comments ol.thread ol.replies ol.replies ol.replies li").is_empty());
    assert!(!select(&page, "#comments .comment-body[lang=ur]").is_empty());
    assert!(!select(&page, "#comments .comment-body[lang=ar]").is_empty());
    assert!(!text_of(&page, "#comments .call-to-comment").is_empty());
    assert!(!select(&page, ".tags a[rel=tag]").is_empty());
    assert_eq!(text_of(&page, "aside.rail h2"), "Featured content");

    // Conventions: canonical, Open Graph, Twitter card, JSON-LD.
    let canonical = format!("https://news.example/articles/{LEAD}");
    assert_eq!(attr(&page, "link[rel=canonical]", "href"), canonical);
    assert_eq!(attr(&page, "meta[property='og:type']", "content"), "article");
    assert_eq!(attr(&page, "meta[property='og:url']", "content"), canonical);
    assert_eq!(attr(&page, "meta[name='twitter:card']", "content"), "summary");
    let ld = select(&page, "script[type='application/ld+json']");
    assert_eq!(ld.len(), 1);
    let ld: serde_json::Value = serde_json::from_str(&ld[0].inner_html()).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], text_of(&page, "article h1"));
    assert_eq!(ld["url"], canonical);
    assert_eq!(ld["inLanguage"], "en");
    assert!(ld["datePublished"].as_str().unwrap().ends_with('Z'));
    // The page tells its script how many reply levels are indented.
    assert_eq!(attr(&page, "section#comments", "data-shown-levels"), "5");
    // Search engines want the publisher's logo as a raster image the site serves.
    assert_eq!(ld["publisher"]["logo"]["@type"], "ImageObject");
    let logo = ld["publisher"]["logo"]["url"].as_str().unwrap();
    let logo_path = logo.strip_prefix("https://news.example").unwrap();
    let image = app.get(logo_path).await;
    assert_eq!(image.status(), 200);
    assert_eq!(content_type(&image), "image/png");
    assert!(image.bytes().await.unwrap().starts_with(b"\x89PNG"));
    app.stop().await;
}

async fn rtl_article_page_runs_right_to_left(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let page = app.page(&format!("/articles/{URDU}")).await;
    assert_eq!(attr(&page, "html", "lang"), "ur");
    assert_eq!(attr(&page, "html", "dir"), "rtl");
    // A catalogue speaks Urdu, so the site's own words are Urdu too, with
    // nothing marking them as another language.
    assert_eq!(select(&page, "header.site-header")[0].value().attr("lang"), None);
    assert_eq!(attr(&page, "nav.site-nav", "aria-label"), "حصے");
    assert_eq!(select(&page, "footer.site-footer")[0].value().attr("lang"), None);
    // English article cards in its rail are marked as English.
    for card in select(&page, "aside.rail .card") {
        assert_eq!(card.value().attr("lang"), Some("en"));
    }
    assert_eq!(attr(&page, "meta[property='og:locale']", "content"), "ur");
    app.stop().await;
}

async fn lists_mark_cards_in_other_languages(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let home = app.page("/").await;
    let urdu_card = select(&home, &format!("article.card:has(a[href='/articles/{URDU}'])"));
    assert_eq!(urdu_card.len(), 1);
    assert_eq!(urdu_card[0].value().attr("lang"), Some("ur"));
    assert_eq!(urdu_card[0].value().attr("dir"), Some("rtl"));
    let english_card = select(&home, "article.card:has(a[href='/articles/who-is-ines-achterberg'])");
    assert_eq!(english_card[0].value().attr("lang"), None);
    app.stop().await;
}

async fn section_and_tag_pages_list_their_articles(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let culture = app.page("/sections/culture").await;
    assert_eq!(text_of(&culture, "h1"), "Culture");
    assert_eq!(select(&culture, ".front > section ol.cards > li").len(), 5);
    assert_eq!(attr(&culture, "nav a[aria-current=page]", "href"), "/sections/culture");
    assert_eq!(attr(&culture, "link[type='application/rss+xml']", "href"), "/sections/culture/feed.xml");

    let tag = app.page("/tags/river-talks").await;
    assert_eq!(text_of(&tag, "h1"), "Tagged: river talks");
    assert_eq!(select(&tag, ".front > section ol.cards > li").len(), 4);
    app.stop().await;
}

async fn missing_things_get_a_real_404_page(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    for path in
        ["/articles/no-such-story", "/articles/Not%20A%20Slug", "/sections/nowhere", "/tags/nothing", "/no/such/page"]
    {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-store");
        let page = scraper::Html::parse_document(&response.text().await.unwrap());
        assert_eq!(text_of(&page, "h1"), "Page not found", "{path}");
        assert_eq!(attr(&page, ".problem a", "href"), "/");
        assert!(!select(&page, "nav.site-nav a").is_empty(), "404 keeps the site's navigation");
    }
    app.stop().await;
}

async fn a_bad_cursor_is_a_clear_400(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    for path in ["/?before=yesterday", "/sections/culture?before=1-0", "/tags/memory?before=--"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        let page = scraper::Html::parse_document(&response.text().await.unwrap());
        assert!(select(&page, ".problem p")[0].text().collect::<String>().contains("page position"));
    }
    app.stop().await;
}

async fn drafts_stay_hidden_and_scheduled_articles_appear_on_time(db: &TestDatabase) {
    let app = TestApp::empty(db).await;
    let store = &app.running.store;
    let file = |slug: &str, status: &str, at: Timestamp| {
        format!(
            "+++\nslug = \"{slug}\"\nheadline = \"H {slug}\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\n\
             status = \"{status}\"\npublished_at = \"{}\"\n+++\nBody.\n",
            at.rfc3339()
        )
    };
    let soon = Timestamp::from_millis((Timestamp::now().millis() / 1000 + 2) * 1000);
    store
        .upsert_article(&parse_article_file(&file("later", "scheduled", soon)).unwrap(), Timestamp::now())
        .await
        .unwrap();
    store
        .upsert_article(&parse_article_file(&file("hidden", "draft", Timestamp::now())).unwrap(), Timestamp::now())
        .await
        .unwrap();

    assert_eq!(app.get("/articles/later").await.status(), 404);
    assert_eq!(app.get("/articles/hidden").await.status(), 404);
    // No restart: the same server shows it once its time has come.
    while Timestamp::now() <= soon {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(app.get("/articles/later").await.status(), 200);
    let home = app.page("/").await;
    assert_eq!(attr(&home, ".lead .card-title a", "href"), "/articles/later");
    assert_eq!(app.get("/articles/hidden").await.status(), 404);
    app.stop().await;
}

async fn hostile_text_is_escaped_everywhere(db: &TestDatabase) {
    let app = TestApp::empty(db).await;
    let evil = "</script><script>alert(1)</script> & \"quotes\" <b>bold</b>";
    let text = format!(
        "+++\nslug = \"evil\"\nkicker = '{evil}'\nheadline = '{evil}'\nstandfirst = '{evil}'\nauthor = '{evil}'\n\
         section = \"World\"\ntags = ['{evil}']\nstatus = \"published\"\n+++\n<script>alert(2)</script>\n\n[x](javascript:alert(3))\n"
    );
    let article = parse_article_file(&text).unwrap();
    app.running.store.upsert_article(&article, Timestamp::now()).await.unwrap();

    let page = app.page("/articles/evil").await;
    // The only inline script element is the JSON-LD, and it still parses.
    let scripts = select(&page, "script:not([src])");
    assert_eq!(scripts.len(), 1);
    assert!(select(&page, "script[src]").iter().all(|s| s.value().attr("src").unwrap().starts_with("/static/")));
    let ld: serde_json::Value = serde_json::from_str(&scripts[0].inner_html()).unwrap();
    assert_eq!(ld["headline"], evil);
    assert_eq!(text_of(&page, "article h1"), evil.split_whitespace().collect::<Vec<_>>().join(" "));
    assert!(select(&page, "b").is_empty());
    assert!(select(&page, "a[href^='javascript']").is_empty());
    assert!(text_of(&page, ".story-body").contains("<script>alert(2)</script>"));
    let home = app.page("/").await;
    assert_eq!(select(&home, "script").len(), 0);
    app.stop().await;
}

async fn a_database_failure_shows_the_500_page(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    app.running.store.close().await;
    let response = app.get(&format!("/articles/{LEAD}")).await;
    assert_eq!(response.status(), 500);
    assert_eq!(header(&response, "cache-control"), "no-store");
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text_of(&page, "h1"), "Something went wrong");
    // Nothing about the cause reaches the reader.
    let body = page.root_element().text().collect::<String>().to_lowercase();
    assert!(!body.contains("pool") && !body.contains("sql") && !body.contains("database"), "{body}");
    app.stop().await;
}

byline_store::test_on_both_backends!(
    hostile_text_is_escaped_everywhere,
    a_database_failure_shows_the_500_page,
    home_shows_lead_latest_and_featured_rail,
    home_pages_by_cursor_through_every_article,
    article_page_has_every_part,
    rtl_article_page_runs_right_to_left,
    lists_mark_cards_in_other_languages,
    section_and_tag_pages_list_their_articles,
    missing_things_get_a_real_404_page,
    a_bad_cursor_is_a_clear_400,
    drafts_stay_hidden_and_scheduled_articles_appear_on_time,
);
