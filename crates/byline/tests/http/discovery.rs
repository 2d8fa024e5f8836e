//! Feeds, sitemaps and robots.txt, read by real parsers.

use byline_store::testing::TestDatabase;
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{BASE, DEMO_ARTICLES, LEAD, TestApp, content_type, header};

async fn body_of(app: &TestApp, path: &str, expected_type: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(content_type(&response), expected_type, "{path}");
    assert_eq!(header(&response, "cache-control"), "public, max-age=300", "{path}");
    response.text().await.unwrap()
}

async fn rss_feeds_parse_and_filter(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let site = body_of(&app, "/feed.xml", "application/rss+xml; charset=utf-8").await;
    let channel = rss::Channel::read_from(site.as_bytes()).unwrap();
    assert_eq!(channel.title(), "The Byline Herald");
    assert_eq!(channel.items().len(), DEMO_ARTICLES);
    let first = &channel.items()[0];
    assert_eq!(first.link(), Some(format!("https://news.example/articles/{LEAD}").as_str()));
    assert!(first.pub_date().unwrap().ends_with("+0000"));
    // The byline, in <dc:creator> (RSS's <author> is an e-mail address).
    let creators = first.dublin_core_ext().map(|dc| dc.creators().to_vec()).unwrap_or_default();
    assert_eq!(creators.len(), 1);
    assert!(!creators[0].trim().is_empty());
    assert!(site.contains(&format!("<dc:creator>{}</dc:creator>", creators[0])));
    let image = channel.image().expect("the channel names its logo");
    assert!(image.url().starts_with("https://news.example/static/logo."), "{}", image.url());
    assert_eq!(image.link(), "https://news.example/");

    let world = body_of(&app, "/sections/world/feed.xml", "application/rss+xml; charset=utf-8").await;
    let world = rss::Channel::read_from(world.as_bytes()).unwrap();
    assert_eq!(world.items().len(), 6);
    assert!(world.items().iter().all(|i| i.categories()[0].name() == "World"));

    let tag = body_of(&app, "/tags/river-talks/feed.xml", "application/rss+xml; charset=utf-8").await;
    assert_eq!(rss::Channel::read_from(tag.as_bytes()).unwrap().items().len(), 4);
    assert_eq!(app.get("/sections/nowhere/feed.xml").await.status(), 404);
    app.stop().await;
}

async fn atom_feeds_parse(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let site = body_of(&app, "/atom.xml", "application/atom+xml; charset=utf-8").await;
    let feed = atom_syndication::Feed::read_from(site.as_bytes()).unwrap();
    assert_eq!(feed.entries().len(), DEMO_ARTICLES);
    assert_eq!(feed.id(), "https://news.example/atom.xml");
    let entry = &feed.entries()[0];
    assert_eq!(entry.links()[0].href(), format!("https://news.example/articles/{LEAD}"));
    assert!(entry.published().is_some());
    assert!(feed.logo().unwrap().starts_with("https://news.example/static/logo."));

    let culture = body_of(&app, "/sections/culture/atom.xml", "application/atom+xml; charset=utf-8").await;
    assert_eq!(atom_syndication::Feed::read_from(culture.as_bytes()).unwrap().entries().len(), 5);
    let memory = body_of(&app, "/tags/memory/atom.xml", "application/atom+xml; charset=utf-8").await;
    assert_eq!(atom_syndication::Feed::read_from(memory.as_bytes()).unwrap().entries().len(), 3);
    assert_eq!(app.get("/tags/nothing/atom.xml").await.status(), 404);
    app.stop().await;
}

/// Every text inside elements named `name`, parsed as XML.
fn texts_of(xml: &str, name: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut found = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == name.as_bytes() => inside = true,
            Event::End(e) if e.name().as_ref() == name.as_bytes() => inside = false,
            Event::Text(t) if inside => found.push(t.decode().unwrap().into_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

/// How many elements named `name` the XML holds.
fn count_of(xml: &str, name: &str) -> usize {
    let mut reader = Reader::from_str(xml);
    let mut count = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == name.as_bytes() => count += 1,
            Event::Eof => break,
            _ => {}
        }
    }
    count
}

async fn sitemaps_list_pages_and_recent_news(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let sitemap = body_of(&app, "/sitemap.xml", "application/xml; charset=utf-8").await;
    let locs = texts_of(&sitemap, "loc");
    // Home, three sections, every article.
    assert_eq!(count_of(&sitemap, "loc"), 1 + 3 + DEMO_ARTICLES);
    assert!(locs.contains(&format!("https://news.example/articles/{LEAD}")));
    assert_eq!(count_of(&sitemap, "lastmod"), DEMO_ARTICLES);

    let news = body_of(&app, "/news-sitemap.xml", "application/xml; charset=utf-8").await;
    // The demo dates nine articles within the last 48 hours.
    assert_eq!(count_of(&news, "news:news"), 9);
    assert_eq!(count_of(&news, "news:title"), 9);
    assert_eq!(texts_of(&news, "news:name")[0], "The Byline Herald");
    assert!(texts_of(&news, "news:language").contains(&"ur".to_owned()));
    app.stop().await;
}

async fn robots_points_at_the_sitemaps(db: &TestDatabase) {
    let app = TestApp::empty(db).await;
    let response = app.get("/robots.txt").await;
    assert_eq!(content_type(&response), "text/plain; charset=utf-8");
    let body = response.text().await.unwrap();
    assert!(body.contains("Sitemap: https://news.example/sitemap.xml\n"));
    assert!(body.contains("Sitemap: https://news.example/news-sitemap.xml\n"));
    app.stop().await;
}

async fn comment_feeds_carry_what_readers_see_and_nothing_else(db: &TestDatabase) {
    let app = TestApp::with_settings(db, BASE, |settings| settings.config.comments.min_interval_secs = 0).await;
    app.add_article("open-story", "open").await;
    app.add_article("held-story", "pre-moderated").await;
    app.add_article("quiet-story", "open").await;
    let reader = app.commenter("feeder").await;
    let shown = reader.post_comment("open-story", "Shown in the feeds, یہ بھی").await;
    reader.post_comment("held-story", "Held for a moderator, never in a feed").await;
    let gone = reader.post_comment("open-story", "Taken back by its author").await;
    let deleted = reader.submit("/articles/open-story", &format!("/comments/{gone}/delete"), &[]).await;
    assert!(deleted.status().is_redirection(), "{}", deleted.status());
    // A guest's address is kept, and never shown.
    let store = &app.running.store;
    byline_store::testing::execute_raw(store, "UPDATE comments SET guest_email = 'hidden@guest.example'")
        .await
        .unwrap();

    let site = body_of(&app, "/comments/feed.xml", "application/rss+xml; charset=utf-8").await;
    let channel = rss::Channel::read_from(site.as_bytes()).unwrap();
    assert_eq!(channel.items().len(), 1, "{site}");
    let item = &channel.items()[0];
    assert!(item.description().unwrap().contains("Shown in the feeds, یہ بھی"), "{site}");
    assert!(item.link().unwrap().ends_with(&format!("/articles/open-story#c-{shown}")), "{site}");
    assert_eq!(item.title(), Some("feeder on Headline open-story"), "{site}");
    for absent in ["Held for a moderator", "Taken back", "hidden@guest.example", "feeder@example.org"] {
        assert!(!site.contains(absent), "{absent} is in the feed");
    }

    let story = body_of(&app, "/articles/open-story/comments/atom.xml", "application/atom+xml; charset=utf-8").await;
    let feed = atom_syndication::Feed::read_from(story.as_bytes()).unwrap();
    assert_eq!(feed.entries().len(), 1, "{story}");
    assert!(feed.title().as_str().contains("open-story"), "{}", feed.title().as_str());
    let quiet = body_of(&app, "/articles/quiet-story/comments/atom.xml", "application/atom+xml; charset=utf-8").await;
    assert!(atom_syndication::Feed::read_from(quiet.as_bytes()).unwrap().entries().is_empty(), "{quiet}");
    assert_eq!(app.get("/articles/no-such-story/comments/feed.xml").await.status(), 404);

    // Pages say where their comment feeds are.
    let page = app.get("/articles/open-story").await.text().await.unwrap();
    assert!(page.contains(r#"type="application/rss+xml" title="The Byline Herald · Comments on Headline open-story (RSS)" href="/articles/open-story/comments/feed.xml">"#), "{page}");
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains(r#"href="/comments/atom.xml">"#), "the home page links the site's comment feed");
    app.stop().await;
}

byline_store::test_on_both_backends!(
    comment_feeds_carry_what_readers_see_and_nothing_else,
    rss_feeds_parse_and_filter,
    atom_feeds_parse,
    sitemaps_list_pages_and_recent_news,
    robots_points_at_the_sitemaps,
);
