//! The bad-input suite: what a careless or hostile client sends, each
//! answered with the right 4xx and a clear message, nothing half-written,
//! and the server still serving everyone else.

use std::time::Duration;

use byline_store::testing::TestDatabase;
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{Api, BASE, TestApp, code, read, text_of};

/// A site whose requests time out after `timeout_secs`, with flood control
/// out of the way.
async fn app_with_timeout(db: &TestDatabase, timeout_secs: u64) -> TestApp {
    let app = TestApp::with_settings(db, BASE, |settings| {
        settings.config.server.request_timeout_secs = timeout_secs;
        settings.config.comments.min_interval_secs = 0;
        settings.config.comments.per_minute = 1000;
    })
    .await;
    app.with_client(fresh_connections())
}

/// A site that sees a slow client off after two seconds.
async fn impatient_app(db: &TestDatabase) -> TestApp {
    app_with_timeout(db, 2).await
}

/// A site that waits for slow clients far longer than any test runs: what
/// happens while they are slow does not depend on how busy the machine is.
async fn patient_app(db: &TestDatabase) -> TestApp {
    app_with_timeout(db, 3600).await
}

/// A client that opens a new connection for every request. A keep-alive
/// connection left idle is closed by the server after the request timeout
/// (hyper's header timeout counts from the end of the last answer), and a
/// request sent on it at that moment is reset: a race every HTTP/1.1 client
/// must retry, which reqwest does not. The impatient site closes idle
/// connections after two seconds, so its tests never reuse one.
fn fresh_connections() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(0).build().unwrap()
}

/// Whether the server has neither answered nor closed `stream`.
fn still_waiting(stream: &tokio::net::TcpStream) -> bool {
    let mut buffer = [0_u8; 64];
    matches!(stream.try_read(&mut buffer), Err(err) if err.kind() == std::io::ErrorKind::WouldBlock)
}

/// Sends `stream` a byte at a time, far slower than anyone types, until the
/// server answers or closes it; returns what it answered. The bound only
/// keeps a broken server from hanging the suite.
async fn trickle(mut stream: tokio::net::TcpStream) -> String {
    let started = tokio::time::Instant::now();
    let mut answer = Vec::new();
    let mut buffer = [0_u8; 1024];
    while started.elapsed() < Duration::from_secs(300) {
        if stream.write_all(b"a").await.is_err() {
            break;
        }
        // Pacing only: look for an answer for a moment, then send again.
        match tokio::time::timeout(Duration::from_millis(250), stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buffer[..n]),
            Err(_) => {}
        }
        if answer.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
    assert!(started.elapsed() < Duration::from_secs(300), "the server never cut off a client sending a byte at a time");
    String::from_utf8_lossy(&answer).into_owned()
}

/// A slow request: the headers of a form post and the start of its body.
const SLOW_BODY: &[u8] =
    b"POST /signin HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                           Content-Length: 1000\r\n\r\nemail=";
/// A slow request to the API: the headers of a JSON post and the start of
/// its body.
const SLOW_API_BODY: &[u8] = b"POST /api/v1/preview HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
                           Content-Length: 1000\r\n\r\n{";
/// A slow request: the start of its headers.
const SLOW_HEADERS: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";

async fn hostile_requests_get_clear_refusals_and_change_nothing(db: &TestDatabase) {
    let app = patient_app(db).await;
    let store = &app.running.store;
    app.add_article("talks", "open").await;
    let amira = app.commenter("amira").await;
    let api = Api::new(&amira, "/articles/talks").await;
    let post = "/api/v1/articles/talks/comments";
    let url = |path: &str| format!("{}{path}", amira.base);

    // Headers far beyond any browser's.
    let huge = "a".repeat(512 * 1024);
    // On a connection of its own: the server closes it after refusing.
    let oversize = amira.client.get(url("/")).header("x-padding", &huge).header("connection", "close");
    let answer = oversize.send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    // JSON nested deeper than anyone writes, and JSON that is not the shape.
    let deep = format!("{{\"body\": {}\"x\"{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let sent =
        amira.client.post(url(post)).header("x-csrf-token", &api.csrf).header("content-type", "application/json");
    let (status, body) = read(sent.body(deep).send().await.unwrap()).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "bad_json"));
    let (status, body) = api.post(post, json!([1, 2, 3])).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "bad_json"));
    // A JSON body sent to a form: the form's own refusal, not a crash.
    let to_form = amira
        .client
        .post(url("/articles/talks/comments"))
        .header("x-csrf-token", &api.csrf)
        .header("content-type", "application/json")
        .body(r#"{"body": "Hi"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(to_form.status(), StatusCode::BAD_REQUEST);
    assert!(to_form.text().await.unwrap().contains("The form could not be read"));
    assert_eq!(app.comment_count("talks").await, 0, "nothing refused was written");

    // Paths that look like a way out of the site, or into its database.
    for path in [
        "/static/..%2F..%2FCargo.toml",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/articles/'%20OR%201=1--",
        "/sections/%00",
        "/tags/x%27%3B%20DROP%20TABLE%20articles%3B--",
        "/comments/1%20OR%201=1",
        "/api/v1/comments/-1",
        "/api/v1/comments/99999999999999999999999",
    ] {
        let status = amira.get(path).await.status();
        assert!(status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST, "{path}: {status}");
    }

    // Text that looks like SQL, or reverses, or piles up marks, is a comment
    // like any other: kept as written (with direction overrides and mark
    // pile-ups tamed), shown as text.
    let sql = "Robert'); DROP TABLE comments;-- said \"1 OR 1=1\"";
    let (status, body) = api.post(post, json!({"body": sql})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let stored = store.comment(body["comment"]["id"].as_i64().unwrap()).await.unwrap().unwrap();
    assert_eq!(stored.body_source, sql);
    let zalgo = format!("Z{}algo and \u{202E}reversed\u{202C} text", "\u{0301}".repeat(200));
    let (status, body) = api.post(post, json!({"body": zalgo})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let stored = store.comment(body["comment"]["id"].as_i64().unwrap()).await.unwrap().unwrap();
    assert!(!stored.body_source.contains('\u{202E}'), "direction overrides are removed");
    assert!(stored.body_source.chars().filter(|c| *c == '\u{0301}').count() < 10, "mark pile-ups are capped");
    let (_, page) = amira.page("/articles/talks").await;
    assert!(text_of(&page, "ol.thread").contains("DROP TABLE comments"));
    assert_eq!(app.comment_count("talks").await, 2, "the table is whole");

    // Ids that never were, or are gone.
    let withdrawn = amira.post_comment("talks", "Soon withdrawn.").await;
    let csrf = amira.csrf("/articles/talks").await;
    let deleted = amira.post(&format!("/comments/{withdrawn}/delete"), &[("csrf", &csrf)]).await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    let (status, body) =
        api.send(reqwest::Method::PATCH, &format!("/api/v1/comments/{withdrawn}"), Some(json!({"body": "Back"}))).await;
    assert!(status.is_client_error(), "{status}: {body}");
    assert!(!code(&body).is_empty());
    let (status, body) = api.send(reqwest::Method::DELETE, "/api/v1/comments/424242", None).await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));
    let edit_gone = amira.post("/comments/424242/edit", &[("csrf", &csrf), ("body", "x")]).await;
    assert_eq!(edit_gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(store.comment(withdrawn).await.unwrap().unwrap().body_source, "Soon withdrawn.");
    app.stop().await;
}

/// Clients in the middle of sending their headers or their body hold up no
/// one else: the site answers others while they wait, and they still wait.
async fn slow_clients_hold_up_no_one_else(db: &TestDatabase) {
    let app = patient_app(db).await;
    let mut slow = Vec::new();
    for start in [SLOW_BODY, SLOW_HEADERS] {
        let mut stream = tokio::net::TcpStream::connect(app.running.addr).await.unwrap();
        stream.write_all(start).await.unwrap();
        slow.push(stream);
    }
    for _ in 0..3 {
        assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
        assert_eq!(app.get("/").await.status(), StatusCode::OK);
    }
    assert!(slow.iter().all(still_waiting), "the slow clients are neither answered nor closed meanwhile");
    // Gone before the graceful stop, which would wait for their requests.
    drop(slow);
    app.stop().await;
}

/// A body sent a byte at a time is answered 408 once the request timeout
/// passes, and the site goes on serving.
async fn a_client_that_trickles_its_body_is_timed_out(db: &TestDatabase) {
    let app = impatient_app(db).await;
    let mut slow = tokio::net::TcpStream::connect(app.running.addr).await.unwrap();
    slow.write_all(SLOW_BODY).await.unwrap();
    let answer = trickle(slow).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "the slow client is answered 408, not {answer:?}");
    // Under /api/ the answer is JSON, with its stable code.
    let mut slow = tokio::net::TcpStream::connect(app.running.addr).await.unwrap();
    slow.write_all(SLOW_API_BODY).await.unwrap();
    let answer = trickle(slow).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "the slow client is answered 408, not {answer:?}");
    assert!(answer.to_ascii_lowercase().contains("content-type: application/json"), "{answer:?}");
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    app.stop().await;
}

/// Headers sent a byte at a time hold a connection only until the request
/// timeout: the server closes it, and goes on serving.
async fn a_client_that_trickles_its_headers_is_cut_off(db: &TestDatabase) {
    let app = impatient_app(db).await;
    let mut slow = tokio::net::TcpStream::connect(app.running.addr).await.unwrap();
    slow.write_all(SLOW_HEADERS).await.unwrap();
    trickle(slow).await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    app.stop().await;
}

byline_store::test_on_both_backends!(
    hostile_requests_get_clear_refusals_and_change_nothing,
    slow_clients_hold_up_no_one_else,
    a_client_that_trickles_its_body_is_timed_out,
    a_client_that_trickles_its_headers_is_cut_off,
);
