//! HTTP done properly: validators, compression, assets, limits, headers,
//! health and metrics.

use byline_store::testing::TestDatabase;

use crate::support::{LEAD, TestApp, attr, header};

async fn pages_revalidate_with_etag_and_304(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let path = format!("/articles/{LEAD}");
    let first = app.get(&path).await;
    assert_eq!(header(&first, "cache-control"), "public, no-cache");
    let etag = header(&first, "etag");
    assert!(etag.starts_with("W/\""), "{etag}");

    let again = app.client.get(app.running.url(&path)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), etag);
    assert!(again.bytes().await.unwrap().is_empty());

    let stale = app.client.get(app.running.url(&path)).header("if-none-match", "W/\"other\"").send().await.unwrap();
    assert_eq!(stale.status(), 200);
    // A different page has a different tag.
    assert_ne!(header(&app.get("/").await, "etag"), etag);
    app.stop().await;
}

async fn pages_are_compressed_for_clients_that_ask(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let path = format!("/articles/{LEAD}");
    let plain = app.get(&path).await.bytes().await.unwrap();
    for encoding in ["br", "gzip"] {
        let response = app.client.get(app.running.url(&path)).header("accept-encoding", encoding).send().await.unwrap();
        assert_eq!(header(&response, "content-encoding"), encoding);
        let vary: Vec<_> = response.headers().get_all("vary").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        assert!(vary.iter().any(|v| v.contains("accept-encoding")), "{vary:?}");
        assert!(vary.iter().any(|v| v.contains("cookie")), "{vary:?}");
        let compressed = response.bytes().await.unwrap();
        assert!(compressed.len() * 2 < plain.len(), "{encoding}: {} vs {}", compressed.len(), plain.len());
    }
    // Zstandard, where browsers take it: the quickest to make per request.
    for path in ["/", path.as_str()] {
        let plain = app.get(path).await.bytes().await.unwrap();
        let response = app.client.get(app.running.url(path)).header("accept-encoding", "zstd").send().await.unwrap();
        assert_eq!(header(&response, "content-encoding"), "zstd", "{path}");
        let compressed = response.bytes().await.unwrap();
        assert_eq!(zstd::decode_all(&compressed[..]).unwrap(), plain, "{path}");
        assert!(compressed.len() * 2 < plain.len());
    }
    app.stop().await;
}

async fn assets_have_hashed_names_and_long_lives(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let home = app.page("/").await;
    let css = attr(&home, "link[rel=stylesheet]", "href");
    assert!(css.starts_with("/static/site.") && css.ends_with(".css"), "{css}");
    let response = app.get(&css).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), "text/css; charset=utf-8");
    assert_eq!(header(&response, "cache-control"), "public, max-age=31536000, immutable");
    assert!(response.text().await.unwrap().contains(":lang(ur)"));
    let icon = attr(&home, "link[rel=icon]", "href");
    assert_eq!(header(&app.get(&icon).await, "content-type"), "image/svg+xml");
    assert_eq!(app.get("/static/site.0000000000.css").await.status(), 404);
    app.stop().await;
}

async fn every_response_carries_security_headers(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    for path in ["/", "/no-such-page", "/feed.xml", "/healthz"] {
        let response = app.get(path).await;
        let csp = header(&response, "content-security-policy");
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(header(&response, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&response, "referrer-policy"), "strict-origin-when-cross-origin", "{path}");
    }
    app.stop().await;
}

async fn oversize_requests_are_refused(db: &TestDatabase) {
    let app = TestApp::empty(db).await;
    let body = vec![b'x'; 2 * 1024 * 1024];
    // The server may answer before the client has sent it all and close the
    // connection under it (a broken pipe for the client); then try again.
    let mut answer = None;
    for _ in 0..5 {
        let request = app.client.get(app.running.url("/")).header("connection", "close").body(body.clone());
        if let Ok(response) = request.send().await {
            answer = Some(response);
            break;
        }
    }
    assert_eq!(answer.expect("an answer to an oversize request").status(), 413);
    app.stop().await;
}

async fn health_readiness_and_metrics_answer(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let health = app.get("/healthz").await;
    assert_eq!((health.status().as_u16(), header(&health, "cache-control")), (200, "no-store".to_owned()));
    assert_eq!(app.get("/readyz").await.text().await.unwrap(), "ready\n");
    app.get(&format!("/articles/{LEAD}")).await;
    let metrics = app.get("/metrics").await;
    assert!(header(&metrics, "content-type").starts_with("text/plain; version=0.0.4"));
    let text = metrics.text().await.unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("http_requests_total{") && l.contains("route=\"/articles/{slug}\"")),
        "{text}"
    );
    assert!(text.contains("http_request_duration_seconds_bucket{"), "{text}");
    app.stop().await;
}

/// `/metrics` names every route and how often it is used: by default it
/// answers this machine only (the tests' loopback, above); configured, the
/// listed networks and whoever presents the bearer token.
async fn metrics_answer_only_listed_networks_and_the_token(db: &TestDatabase) {
    let app = configured_app(db, |config| {
        config.metrics.allow = vec!["192.0.2.0/24".into()];
        config.metrics.token = "prometheus-scrapes-with-this".into();
    })
    .await;
    let metrics = || app.client.get(app.running.url("/metrics"));

    let refused = metrics().send().await.unwrap();
    assert_eq!(refused.status(), 403, "loopback is not in the list");
    assert!(!refused.text().await.unwrap().contains("http_requests_total"));
    let wrong = metrics().bearer_auth("prometheus-scrapes-with-that").send().await.unwrap();
    assert_eq!(wrong.status(), 403);
    let scraped = metrics().bearer_auth("prometheus-scrapes-with-this").send().await.unwrap();
    assert_eq!(scraped.status(), 200);
    assert!(scraped.text().await.unwrap().contains("http_requests_total"));
    // Health and readiness stay open to the orchestrator.
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.stop().await;
}

/// An app with `change` made to its configuration.
async fn configured_app(db: &TestDatabase, change: impl FnOnce(&mut byline::config::Config)) -> TestApp {
    TestApp::with_config(db, "https://news.example/", change).await.with_client(reqwest::Client::new())
}

/// One client holding streams open cannot take every connection: past its
/// share it is answered 429 with `Retry-After`, and pages still answer.
async fn a_client_past_its_share_of_live_streams_gets_429(db: &TestDatabase) {
    let app = configured_app(db, |config| config.live.streams_per_client = 2).await;
    app.add_article("river", "open").await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let stream = app.get("/articles/river/live").await;
        assert_eq!(stream.status(), 200);
        held.push(stream);
    }
    let refused = app.get("/articles/river/live").await;
    assert_eq!(refused.status(), 429);
    assert_eq!(header(&refused, "retry-after"), "10");
    for path in ["/", "/articles/river", "/healthz"] {
        assert_eq!(app.get(path).await.status(), 200, "{path} while the streams are held");
    }
    // A page closed gives its place back, once the server sees the
    // connection go (the bound only keeps a leak from hanging the suite).
    drop(held.pop());
    let started = std::time::Instant::now();
    let again = loop {
        let stream = app.get("/articles/river/live").await;
        if stream.status() == 200 {
            break stream;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(300), "a closed stream's place is never given back");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    drop((held, again));
    app.stop().await;
}

/// A stream ends after its maximum age with an `end` event whose `retry:`
/// says when the browser should reconnect.
async fn a_live_stream_ends_after_its_maximum_age(db: &TestDatabase) {
    let app = configured_app(db, |config| {
        config.live.max_age_secs = 1;
        config.live.retry_secs = 3;
    })
    .await;
    app.add_article("river", "open").await;
    let mut stream = app.get("/articles/river/live").await;
    assert_eq!(stream.status(), 200);
    let mut received = String::new();
    // Read until the server ends the stream; the bound only keeps a stream
    // that never ends from hanging the suite.
    let read_all = async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            received.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(300), read_all).await.expect("the stream ended");
    let end = received.split("\n\n").find(|event| event.contains("event: end")).expect("an end event");
    assert!(end.lines().any(|line| line == "retry: 3000"), "{received:?}");
    app.stop().await;
}

async fn readiness_fails_when_the_database_is_gone(db: &TestDatabase) {
    let app = TestApp::empty(db).await;
    app.running.store.close().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 503);
    // Plain words for the machine that asks, not the site's problem page.
    assert_eq!(header(&response, "content-type"), "text/plain; charset=utf-8");
    assert_eq!(response.text().await.unwrap(), "database unavailable\n");
    assert_eq!(app.get("/healthz").await.status(), 200);
    app.stop().await;
}

byline_store::test_on_both_backends!(
    pages_revalidate_with_etag_and_304,
    pages_are_compressed_for_clients_that_ask,
    assets_have_hashed_names_and_long_lives,
    every_response_carries_security_headers,
    oversize_requests_are_refused,
    health_readiness_and_metrics_answer,
    metrics_answer_only_listed_networks_and_the_token,
    a_client_past_its_share_of_live_streams_gets_429,
    a_live_stream_ends_after_its_maximum_age,
    readiness_fails_when_the_database_is_gone,
);
