//! Errors are shaped once: every code the README documents is reached
//! through the JSON API and answered as JSON with its documented status;
//! the same problems away from `/api/` are pages in the site's chrome.

use std::collections::BTreeMap;

use byline_store::testing::{TestDatabase, execute_raw};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::{Api, BASE, Browser, TestApp, code, content_type, header, read, text_of};

/// The README's table of error codes: code → status.
fn documented_codes() -> BTreeMap<String, u16> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let table = readme.split("| Code | Status | Meaning |").nth(1).expect("the README's table of error codes");
    let mut codes = BTreeMap::new();
    for row in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let status: u16 = cells[2].parse().unwrap();
        for name in cells[1].split(',') {
            codes.insert(name.trim().trim_matches('`').to_owned(), status);
        }
    }
    codes
}

/// A site whose comments may not be edited at all, so that the edit
/// window's refusal can be reached without waiting.
async fn strict(db: &TestDatabase) -> TestApp {
    TestApp::strict_with(db, |config| {
        config.comments.edit_minutes = 0;
        config.moderation.trusted_after = 0;
        config.comments.min_interval_secs = 30;
    })
    .await
}

async fn every_documented_code_is_reachable_as_json(db: &TestDatabase) {
    let app = strict(db).await;
    let store = &app.running.store;
    app.add_article("open-one", "open").await;
    app.add_article("shut", "closed").await;
    let (farid_browser, nadia_browser) = (app.commenter("farid").await, app.commenter("nadia").await);
    let farid = Api::new(&farid_browser, "/articles/open-one").await;
    let nadia = Api::new(&nadia_browser, "/articles/open-one").await;
    let post = "/api/v1/articles/open-one/comments";
    let mut seen: BTreeMap<String, u16> = BTreeMap::new();
    let mut saw = |(status, body): (StatusCode, serde_json::Value)| {
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{body}");
        seen.insert(code(&body).to_owned(), status.as_u16());
    };

    let (status, first) = farid.post(post, json!({"body": "A first comment."})).await;
    assert_eq!(status, StatusCode::CREATED);
    let mine = first["comment"]["id"].as_i64().unwrap();
    let (_, theirs) = nadia.post(post, json!({"body": "Another view."})).await;
    let theirs = theirs["comment"]["id"].as_i64().unwrap();
    let leaver_browser = app.commenter("leaver").await;
    let leaver = Api::new(&leaver_browser, "/articles/open-one").await;
    let (_, gone) = leaver.post(post, json!({"body": "Soon withdrawn."})).await;
    let gone = gone["comment"]["id"].as_i64().unwrap();
    leaver.send(Method::DELETE, &format!("/api/v1/comments/{gone}"), None).await;

    saw(farid.get("/api/v1/articles/open-one/comments?sort=sideways").await);
    saw(farid.get("/api/v1/articles/open-one/comments?after=zzz").await);
    saw(farid.post(post, json!({"text": "no body"})).await);
    saw(farid.get("/api/v1/comments/not-a-number").await);
    saw(farid.get("/api/v1/no-such-thing").await);
    saw(farid.get("/api/v1/preview").await);
    saw(farid.post("/api/v1/articles/shut/comments", json!({"body": "Let me in"})).await);
    // Someone yet to post, whom the flood limit does not stop first.
    let olga_browser = app.commenter("olga").await;
    let olga = Api::new(&olga_browser, "/articles/open-one").await;
    saw(olga.post(post, json!({"body": "Hi", "parent": gone})).await);
    saw(farid.send(Method::PATCH, &format!("/api/v1/comments/{mine}"), Some(json!({"body": "Changed"}))).await);
    saw(farid.send(Method::PATCH, &format!("/api/v1/comments/{theirs}"), Some(json!({"body": "Mine now"}))).await);
    saw(farid.send(Method::PUT, &format!("/api/v1/comments/{gone}/vote"), None).await);
    saw(farid.send(Method::PUT, &format!("/api/v1/comments/{mine}/vote"), None).await);
    saw(farid.post(&format!("/api/v1/comments/{theirs}/flags"), json!({"reason": "because"})).await);
    saw(olga.post(post, json!({"body": "  "})).await);
    saw(olga.post(post, json!({"body": "word ".repeat(1_200)})).await);
    saw(olga.post(post, json!({"body": "Hi", "parent": 999_999})).await);
    saw(farid.post(post, json!({"body": "Too soon after the first."})).await);
    let url = format!("{}{post}", farid_browser.base);
    let raw = |body: Vec<u8>, kind: &'static str| {
        farid_browser
            .client
            .post(&url)
            .header("x-csrf-token", &farid.csrf)
            .header("content-type", kind)
            .header("connection", "close")
            .body(body)
    };
    saw(read(raw(b"body=hi".to_vec(), "application/x-www-form-urlencoded").send().await.unwrap()).await);
    let huge = format!("{{\"body\": \"{}\"}}", "a".repeat(1024 * 1024 + 1024)).into_bytes();
    let mut answer = None;
    for _ in 0..5 {
        if let Ok(response) = raw(huge.clone(), "application/json").send().await {
            answer = Some(response);
            break;
        }
    }
    saw(read(answer.expect("an answer to an oversize request")).await);
    let no_token = farid_browser.client.post(&url).header("content-type", "application/json").body(r#"{"body": "x"}"#);
    saw(read(no_token.send().await.unwrap()).await);
    let anonymous_browser = Browser::new(&app);
    let anonymous = Api::new(&anonymous_browser, "/signin").await;
    saw(anonymous.post(post, json!({"body": "Hi"})).await);
    execute_raw(store, "UPDATE users SET email_verified_at = NULL WHERE handle = 'nadia'").await.unwrap();
    saw(nadia.send(Method::PUT, &format!("/api/v1/comments/{mine}/vote"), None).await);
    store.close().await;
    saw(farid.get(&format!("/api/v1/comments/{mine}")).await);

    let mut documented = documented_codes();
    // Reached by a client too slow to send its body (bad_input's test).
    assert_eq!(documented.remove("timeout"), Some(408));
    assert_eq!(seen, documented, "every documented code, reached, with its documented status");
    app.stop().await;
}

async fn problems_away_from_the_api_are_pages(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    let csrf = browser.csrf("/signin").await;
    let page_of = |response: reqwest::Response| async move {
        let status = response.status();
        assert_eq!(content_type(&response), "text/html; charset=utf-8", "{status}");
        assert_eq!(header(&response, "cache-control"), "no-store", "{status}");
        let page = scraper::Html::parse_document(&response.text().await.unwrap());
        assert!(!text_of(&page, ".site-title a").is_empty(), "inside the site's chrome");
        (status, text_of(&page, "h1"))
    };
    let url = |path: &str| format!("{}{path}", browser.base.trim_end_matches('/'));
    let get = |path: &str| browser.client.get(url(path)).send();

    assert_eq!(page_of(get("/no-such-page").await.unwrap()).await, (StatusCode::NOT_FOUND, "Page not found".into()));
    assert_eq!(
        page_of(get("/comments/not-a-number").await.unwrap()).await,
        (StatusCode::BAD_REQUEST, "That request was not understood".into())
    );
    assert_eq!(
        page_of(get("/signout").await.unwrap()).await,
        (StatusCode::METHOD_NOT_ALLOWED, "That cannot be done here".into())
    );
    let no_token = browser.client.post(url("/signin")).form(&[("email", "a@example.org")]).send().await.unwrap();
    assert_eq!(page_of(no_token).await, (StatusCode::FORBIDDEN, "Not allowed".into()));
    let huge = "a".repeat(1024 * 1024 + 1024);
    let mut answer = None;
    for _ in 0..5 {
        let oversize = browser
            .client
            .post(url("/signin"))
            .header("connection", "close")
            .form(&[("csrf", &csrf), ("email", &huge)]);
        if let Ok(response) = oversize.send().await {
            answer = Some(response);
            break;
        }
    }
    assert_eq!(page_of(answer.unwrap()).await, (StatusCode::PAYLOAD_TOO_LARGE, "Too much to send".into()));
    // A made-up asset name is answered cheaply: no page, no database.
    let asset = get("/static/made-up.css").await.unwrap();
    assert_eq!(asset.status(), StatusCode::NOT_FOUND);
    assert!(
        content_type(&asset).is_empty() || content_type(&asset).starts_with("text/plain"),
        "{}",
        content_type(&asset)
    );
    // A browser that must sign in is sent to do so.
    let account = get("/account").await.unwrap();
    assert_eq!((account.status(), header(&account, "location")), (StatusCode::SEE_OTHER, "/signin".into()));
    app.stop().await;
}

byline_store::test_on_both_backends!(every_documented_code_is_reachable_as_json, problems_away_from_the_api_are_pages);
