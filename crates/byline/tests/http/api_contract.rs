//! The API as a contract: its OpenAPI document names every JSON route the
//! router has, and the read routes for articles answer as it says; pages
//! of allowed sites may read it (CORS), others not.

use byline_store::testing::TestDatabase;
use serde_json::Value;

use crate::support::{BASE, DEMO_ARTICLES, LEAD, TestApp, header, read};

async fn json_at(app: &TestApp, path: &str) -> (reqwest::StatusCode, Value) {
    read(app.get(path).await).await
}

async fn the_document_covers_every_api_route(db: &TestDatabase) {
    let app = TestApp::with_config(db, BASE, |c| c.embed.sites = vec!["https://host.example".into()]).await;
    let (status, doc) = json_at(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let paths = doc["paths"].as_object().unwrap();
    for (pattern, _) in byline_web::route_access() {
        // `/api/v1` itself is the page for people.
        let json_route = pattern.starts_with("/api/") && pattern != "/api/v1";
        if json_route {
            assert!(paths.contains_key(pattern), "{pattern} is not in the OpenAPI document");
        }
    }
    // Each operation documents its errors, as JSON of one shape.
    let comments = &paths["/api/v1/articles/{slug}/comments"];
    for status in ["400", "401", "403", "404", "409", "413", "415", "422", "429", "500"] {
        assert!(comments["post"]["responses"].get(status).is_some(), "POST comments lacks {status}");
    }
    assert!(doc["components"]["schemas"]["ApiError"].is_object());

    // The page for people lists the same operations.
    let page = app.get("/api/v1").await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("<code>POST /api/v1/articles/{slug}/comments</code>"), "{page}");
    assert!(page.contains(r#"href="/api/v1/openapi.json""#));
    app.stop().await;
}

async fn articles_read_as_the_document_says(db: &TestDatabase) {
    let app = TestApp::with_config(db, BASE, |c| c.embed.sites = vec!["https://host.example".into()]).await;
    byline::demo::load(
        &app.running.store,
        &byline_app::media::MediaSettings { dir: app.media.path().to_path_buf(), ..Default::default() },
    )
    .await
    .unwrap();
    let (status, first) = json_at(&app, "/api/v1/articles").await;
    assert_eq!(status, 200);
    let articles = first["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 16.min(DEMO_ARTICLES));
    assert_eq!(articles[0]["slug"], LEAD);
    assert!(articles[0]["url"].as_str().unwrap().ends_with(&format!("/articles/{LEAD}")));
    let next = first["next"].as_str().map(str::to_owned);
    if let Some(next) = next {
        let (status, more) = json_at(&app, &format!("/api/v1/articles?before={next}")).await;
        assert_eq!(status, 200);
        assert!(more["articles"].as_array().unwrap().iter().all(|a| a["slug"] != LEAD));
    }
    let (status, bad) = json_at(&app, "/api/v1/articles?before=yesterday").await;
    assert_eq!((status.as_u16(), bad["error"]["code"].as_str()), (400, Some("bad_cursor")));

    let (status, world) = json_at(&app, "/api/v1/sections/world/articles").await;
    assert_eq!(status, 200);
    assert!(world["articles"].as_array().unwrap().iter().all(|a| a["section"]["slug"] == "world"));
    assert_eq!(json_at(&app, "/api/v1/sections/nowhere/articles").await.0, 404);

    let (status, one) = json_at(&app, &format!("/api/v1/articles/{LEAD}")).await;
    assert_eq!(status, 200);
    assert!(one["body_html"].as_str().unwrap().contains("<p>"));
    assert_eq!(one["slug"], LEAD);
    assert_eq!(json_at(&app, "/api/v1/articles/no-such-story").await.0, 404);

    // Pages of allowed sites may read it; others get no CORS answer.
    let allowed = app
        .client
        .get(app.running.url("/api/v1/articles"))
        .header("origin", "https://host.example")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&allowed, "access-control-allow-origin"), "https://host.example");
    assert!(
        allowed.headers().get_all("vary").iter().any(|v| v.to_str().unwrap().to_ascii_lowercase().contains("origin"))
    );
    let other = app
        .client
        .get(app.running.url("/api/v1/articles"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    assert!(other.headers().get("access-control-allow-origin").is_none());
    app.stop().await;
}

byline_store::test_on_both_backends!(the_document_covers_every_api_route, articles_read_as_the_document_says);
