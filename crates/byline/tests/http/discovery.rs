//! Feeds, sitemaps and robots.txt, read by real parsers.

use byline_store::testing::TestDatabase;
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{DEMO_ARTICLES, LEAD, TestApp, content_type, header};

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

byline_store::test_on_both_backends!(
    rss_feeds_parse_and_filter,
    atom_feeds_parse,
    sitemaps_list_pages_and_recent_news,
    robots_points_at_the_sitemaps,
);
