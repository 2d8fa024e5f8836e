//! A cache or CDN in front of the site: anonymous article pages say how
//! long it may keep them and what they show, signed-in pages are never
//! its to keep, and a new comment has the page purged from Varnish-like
//! caches, Fastly and Cloudflare, in the shapes each takes. The purges
//! go to a small server on a loopback port that records what it gets.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use byline_store::testing::TestDatabase;
use tokio::sync::{Mutex, mpsc};

use byline_core::accounts::Role;

use crate::support::{BASE, TestApp, attr, header, location};

/// One request as the purge receiver got it.
#[derive(Debug)]
struct Received {
    method: String,
    path: String,
    headers: HeaderMap,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

struct Catcher {
    url: String,
    received: Mutex<mpsc::UnboundedReceiver<Received>>,
}

async fn record(State(sender): State<Arc<mpsc::UnboundedSender<Received>>>, request: Request) -> &'static str {
    let (parts, body) = request.into_parts();
    let body: Bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    let _ = sender.send(Received {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        headers: parts.headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    });
    "purged"
}

impl Catcher {
    async fn start() -> Self {
        let (sender, received) = mpsc::unbounded_channel();
        let router = axum::Router::new().fallback(record).with_state(Arc::new(sender));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { url, received: Mutex::new(received) }
    }

    /// The next request, waiting for it (a minute at most: a purge that
    /// was never sent fails the test rather than hanging it).
    async fn next(&self) -> Received {
        let next = async { self.received.lock().await.recv().await.unwrap() };
        tokio::time::timeout(std::time::Duration::from_secs(60), next).await.expect("no purge came")
    }
}

async fn pages_are_kept_in_front_and_purged_when_a_comment_comes(db: &TestDatabase) {
    let purges = Catcher::start().await;
    let url = purges.url.clone();
    let app = TestApp::with_config(db, BASE, |config| {
        config.cache.s_maxage_secs = 60;
        config.cache.purge_urls = vec![url.clone()];
        config.cache.fastly_service_id = Some("svc-1".into());
        config.cache.fastly_token = Some("fastly-token".into());
        config.cache.fastly_api = url.clone();
        config.cache.cloudflare_zone_id = Some("zone-1".into());
        config.cache.cloudflare_token = Some("cloudflare-token".into());
        config.cache.cloudflare_api = format!("{url}/client/v4");
    })
    .await;
    app.add_article("river", "open").await;
    let id = app.article_id("river").await;

    let anonymous = app.get("/articles/river").await;
    assert_eq!(anonymous.status(), 200);
    assert_eq!(header(&anonymous, "cache-control"), "public, max-age=0, s-maxage=60");
    assert_eq!(header(&anonymous, "surrogate-key"), format!("article-{id} section-world"));
    assert_eq!(header(&anonymous, "cache-tag"), format!("article-{id},section-world"));
    // Revalidated by browsers as before: the ETag answers 304, marked alike.
    let etag = header(&anonymous, "etag");
    let again = app.client.get(app.running.url("/articles/river")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "cache-control"), "public, max-age=0, s-maxage=60");

    // A signed-in reader's page is never the cache's.
    let reader = app.commenter("leila").await;
    let own = reader.get("/articles/river").await;
    assert!(header(&own, "cache-control").starts_with("private"), "{}", header(&own, "cache-control"));
    assert_eq!(header(&own, "surrogate-key"), "");

    reader.post_comment("river", "The water is back.").await;
    let purge = purges.next().await;
    assert_eq!((purge.method.as_str(), purge.path.as_str()), ("PURGE", "/articles/river"));
    assert_eq!(purge.header("host"), "news.example");
    assert_eq!(purge.header("surrogate-key"), format!("article-{id}"));
    let fastly = purges.next().await;
    assert_eq!((fastly.method.as_str(), fastly.path.as_str()), ("POST", "/service/svc-1/purge"));
    assert_eq!(fastly.header("fastly-key"), "fastly-token");
    assert_eq!(fastly.header("surrogate-key"), format!("article-{id}"));
    let cloudflare = purges.next().await;
    assert_eq!((cloudflare.method.as_str(), cloudflare.path.as_str()), ("POST", "/client/v4/zones/zone-1/purge_cache"));
    assert_eq!(cloudflare.header("authorization"), "Bearer cloudflare-token");
    let body: serde_json::Value = serde_json::from_str(&cloudflare.body).unwrap();
    assert_eq!(body, serde_json::json!({ "tags": [format!("article-{id}")] }));

    // An editor publishing a story at the desk has its page, its section's
    // and the front page purged, tagged with the story and its section.
    let editor = app.staff("eddie_editor", Role::Editor).await;
    let fields = [
        ("headline", "Harbour reopens after the storm"),
        ("standfirst", "Boats are back in the water."),
        ("author", "Samira Okafor"),
        ("section", "World"),
        ("body", "The harbour reopened on Monday."),
    ];
    let created = editor.submit("/desk/new", "/desk/new", &fields).await;
    assert_eq!(created.status(), 303);
    let story = location(&created).trim_start_matches("/desk/stories/").split('?').next().unwrap().to_owned();
    let path = format!("/desk/stories/{story}");
    let (_, form) = editor.page(&path).await;
    let version = attr(&form, "form.story-form input[name=version]", "value");
    let moved = editor
        .submit(&path, &format!("{path}/move"), &[("version", &version), ("action", "publish"), ("at", "")])
        .await;
    assert_eq!(moved.status(), 303);
    let mut purged = std::collections::BTreeSet::new();
    while purged.len() < 3 {
        let purge = purges.next().await;
        if purge.method == "PURGE" {
            assert_eq!(purge.header("surrogate-key"), format!("article-{story} section-world"));
            purged.insert(purge.path);
        }
    }
    let expected: std::collections::BTreeSet<String> =
        ["/", "/articles/harbour-reopens-after-the-storm", "/sections/world"].map(String::from).into();
    assert_eq!(purged, expected);
    app.stop().await;
}

/// Whatever changes a comment on its page has the page purged: its
/// author editing or withdrawing it, a reader's vote, an editor featuring
/// it, a moderator taking it down; and a ban that takes its author's
/// comments down purges each of their pages.
async fn every_change_to_a_comment_on_its_page_purges_the_page(db: &TestDatabase) {
    let purges = Catcher::start().await;
    let url = purges.url.clone();
    let app = TestApp::with_config(db, BASE, |config| {
        config.cache.s_maxage_secs = 60;
        config.cache.purge_urls = vec![url.clone()];
        // Readers here comment more than once in ten seconds.
        config.comments.min_interval_secs = 0;
    })
    .await;
    app.add_article("river", "open").await;
    app.add_article("harbour", "open").await;
    let purged_page = || async {
        let purge = purges.next().await;
        assert_eq!(purge.method, "PURGE");
        purge.path
    };
    let leila = app.commenter("leila").await;
    let omar = app.commenter("omar").await;
    let page = "/articles/river";
    let first = leila.post_comment("river", "The water is back.").await;
    assert_eq!(purged_page().await, page, "published");

    let voted = omar.submit(page, &format!("/comments/{first}/vote"), &[("vote", "yes")]).await;
    assert_eq!(voted.status(), 303);
    assert_eq!(purged_page().await, page, "a vote");

    let edit = format!("/comments/{first}/edit");
    let edited = leila.submit(&edit, &edit, &[("body", "The water is back, and clear.")]).await;
    assert_eq!(edited.status(), 303);
    assert_eq!(purged_page().await, page, "an edit");

    let editor = app.staff("eddie_editor", Role::Editor).await;
    assert_eq!(editor.feature("river", first, "yes").await.status(), 303);
    assert_eq!(purged_page().await, page, "featured");

    let deleted = leila.submit(page, &format!("/comments/{first}/delete"), &[]).await;
    assert_eq!(deleted.status(), 303);
    assert_eq!(purged_page().await, page, "withdrawn");

    let second = omar.post_comment("river", "Good news for the farms.").await;
    assert_eq!(purged_page().await, page);
    let moderator = app.moderator("mona").await;
    let removed = moderator.decide(second, &[("decision", "reject"), ("reason", "off-topic")]).await;
    assert_eq!(removed.status(), 303);
    assert_eq!(purged_page().await, page, "taken down by a moderator");

    // A ban that takes an author's comments down purges every page they were on.
    for slug in ["river", "harbour"] {
        leila.post_comment(slug, &format!("Another word on the {slug}.")).await;
        assert_eq!(purged_page().await, format!("/articles/{slug}"));
    }
    let ban = [("standing", "ban"), ("remove_comments", "yes"), ("reason", "Threats")];
    let banned = moderator.set_standing(app.user_id("leila").await, &ban).await;
    assert_eq!(banned.status(), 303);
    let mut pages = std::collections::BTreeSet::new();
    while pages.len() < 2 {
        pages.insert(purged_page().await);
    }
    assert_eq!(pages, ["/articles/harbour", "/articles/river"].map(String::from).into());
    app.stop().await;
}

/// Without a cache in front, anonymous pages are revalidated by every
/// cache, and nothing names their contents.
async fn without_a_cache_in_front_pages_are_revalidated(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("river", "open").await;
    let page = app.get("/articles/river").await;
    assert_eq!(header(&page, "cache-control"), "public, no-cache");
    assert_eq!(header(&page, "surrogate-key"), "");
    app.stop().await;
}

byline_store::test_on_both_backends!(
    pages_are_kept_in_front_and_purged_when_a_comment_comes,
    every_change_to_a_comment_on_its_page_purges_the_page,
    without_a_cache_in_front_pages_are_revalidated,
);
