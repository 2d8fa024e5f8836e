//! HTTP and command-line tests against the real application: real server
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a test should fail loudly on any unexpected error")]
//! on a random loopback port, real database (SQLite file and PostgreSQL),
//! real HTTP client. One test binary for the crate.

mod accounts;
mod audit_log;
mod bad_input;
mod cli;
mod comment_api;
mod comment_forms;
mod comments;
mod dashboard;
mod discovery;
mod errors;
mod guests;
mod long_threads;
mod moderation;
mod ops;
mod page_cache;
mod pages;
mod people;
mod publication;
mod queue;

use byline::config::{Config, Settings};
use byline::serve::{Running, spawn};
use byline_store::testing::TestDatabase;
use scraper::{Html, Selector};

/// The application under test, with a client and helpers per endpoint.
pub struct TestApp {
    pub running: Running,
    pub client: reqwest::Client,
    /// Where the outbox writes mail.
    pub outbox: tempfile::TempDir,
}

pub fn settings_for(db: &TestDatabase, base_url: &str, outbox: &std::path::Path) -> Settings {
    let mut config = Config::default();
    config.database.url.clone_from(&db.url);
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.site.base_url = Some(base_url.into());
    config.mail.outbox_dir = outbox.to_string_lossy().into_owned();
    // The server closes a keep-alive connection left idle for the request
    // timeout, and a request a client sends on it at that moment is reset
    // (reqwest does not retry it). Far longer than any test idles, however
    // busy the machine; the slow-client tests set their own.
    config.server.request_timeout_secs = 3600;
    // Most tests are about what a published comment does; the moderation
    // tests set the policy they test.
    config.moderation.trusted_after = 0;
    config.moderation.hold_after_flags = 0;
    config.check().unwrap()
}

impl TestApp {
    /// Starts the app on `db` with the demo content loaded.
    pub async fn with_demo(db: &TestDatabase) -> Self {
        let app = Self::empty(db).await;
        byline::demo::load(&app.running.store).await.unwrap();
        app
    }

    pub async fn empty(db: &TestDatabase) -> Self {
        Self::with_base_url(db, "https://news.example/").await
    }

    pub async fn with_base_url(db: &TestDatabase, base_url: &str) -> Self {
        let outbox = tempfile::tempdir().unwrap();
        let running = spawn(settings_for(db, base_url, outbox.path())).await.unwrap();
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Self { running, client, outbox }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.running.url(path)).send().await.unwrap()
    }

    /// GETs a page, checks it is 200 HTML, and parses it.
    pub async fn page(&self, path: &str) -> Html {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        assert_eq!(content_type(&response), "text/html; charset=utf-8", "GET {path}");
        Html::parse_document(&response.text().await.unwrap())
    }

    pub async fn stop(self) {
        self.running.stop().await;
    }
}

pub fn content_type(response: &reqwest::Response) -> String {
    header(response, "content-type")
}

pub fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// The text of the only element matching `css`.
pub fn text_of(html: &Html, css: &str) -> String {
    let found = select(html, css);
    assert_eq!(found.len(), 1, "expected one `{css}`, found {}", found.len());
    found[0].text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn attr(html: &Html, css: &str, name: &str) -> String {
    let found = select(html, css);
    assert!(!found.is_empty(), "no `{css}`");
    found[0].value().attr(name).unwrap_or_default().to_owned()
}

/// The demo's English lead story, Urdu story and their counts.
pub const LEAD: &str = "seyra-river-accord-signed";
pub const URDU: &str = "qandeelpur-book-fair-returns";
pub const DEMO_ARTICLES: usize = 14;
