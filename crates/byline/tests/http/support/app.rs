//! The application under test: started on a random loopback port against
//! a test database, with what the tests read from its store.

use byline::config::{Config, Settings};
use byline::serve::{Running, spawn};
use byline_core::article_file::parse_article_file;
use byline_core::{Slug, Timestamp};
use byline_store::testing::TestDatabase;
use scraper::Html;

use super::response::content_type;

/// The demo's English lead story, Urdu story and their counts.
pub const LEAD: &str = "seyra-river-accord-signed";
pub const URDU: &str = "qandeelpur-book-fair-returns";
pub const DEMO_ARTICLES: usize = 16;

/// The application under test, with a client and helpers per endpoint.
pub struct TestApp {
    pub running: Running,
    pub client: reqwest::Client,
    /// Where the outbox writes mail.
    pub outbox: tempfile::TempDir,
    /// Where photographs' files are kept.
    pub media: tempfile::TempDir,
}

fn settings_for(db: &TestDatabase, base_url: &str, outbox: &std::path::Path, media: &std::path::Path) -> Settings {
    let mut config = Config::default();
    config.database.url.clone_from(&db.url);
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.site.base_url = Some(base_url.into());
    config.mail.outbox_dir = outbox.to_string_lossy().into_owned();
    config.media.dir = media.to_string_lossy().into_owned();
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

/// A client that does not follow redirects, so tests see where they lead.
fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

impl TestApp {
    /// Starts the app on `db` with the demo content loaded.
    pub async fn with_demo(db: &TestDatabase) -> Self {
        Self::load_demo(Self::empty(db).await).await
    }

    /// Starts the app on `db` with the demo content, its site's language
    /// `lang`, at the address where readers can sign in over plain HTTP.
    pub async fn with_demo_in(db: &TestDatabase, lang: &str) -> Self {
        Self::load_demo(Self::with_config(db, super::BASE, |c| c.site.language = lang.into()).await).await
    }

    /// This app with the demo's stories and discussions loaded.
    pub async fn with_demo_loaded(self) -> Self {
        Self::load_demo(self).await
    }

    async fn load_demo(app: Self) -> Self {
        let media = byline_app::media::MediaSettings { dir: app.media.path().to_path_buf(), ..Default::default() };
        byline::demo::load(&app.running.store, &media).await.unwrap();
        app
    }

    pub async fn empty(db: &TestDatabase) -> Self {
        Self::with_base_url(db, "https://news.example/").await
    }

    pub async fn with_base_url(db: &TestDatabase, base_url: &str) -> Self {
        Self::with_settings(db, base_url, |_| {}).await
    }

    /// Starts the app with `settings`, its mail written to `outbox` and
    /// its photographs kept in `media`.
    pub async fn start(settings: Settings, outbox: tempfile::TempDir, media: tempfile::TempDir) -> Self {
        let running = spawn(settings).await.unwrap();
        Self { running, client: no_redirects(), outbox, media }
    }

    /// The usual test settings for `db` at `base_url`, changed by `change`
    /// after they were checked.
    pub async fn with_settings(db: &TestDatabase, base_url: &str, change: impl FnOnce(&mut Settings)) -> Self {
        let (outbox, media) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut settings = settings_for(db, base_url, outbox.path(), media.path());
        change(&mut settings);
        Self::start(settings, outbox, media).await
    }

    /// The usual test configuration for `db` at `base_url`, changed by
    /// `change` and checked again.
    pub async fn with_config(db: &TestDatabase, base_url: &str, change: impl FnOnce(&mut Config)) -> Self {
        let (outbox, media) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut config = settings_for(db, base_url, outbox.path(), media.path()).config;
        change(&mut config);
        Self::start(config.check().unwrap(), outbox, media).await
    }

    /// The same app, asking through `client` instead.
    pub fn with_client(self, client: reqwest::Client) -> Self {
        Self { client, ..self }
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

    /// Publishes (or updates) the story `/articles/{slug}`, an hour old,
    /// with comments in `mode` (`open`, `pre-moderated`, `closed`).
    pub async fn add_article(&self, slug: &str, mode: &str) {
        let text = format!(
            "+++\nslug = \"{slug}\"\nheadline = \"Headline {slug}\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\n\
             status = \"published\"\ncomments = \"{mode}\"\npublished_at = \"{}\"\n+++\nBody.\n",
            Timestamp::now().plus_hours(-1).rfc3339()
        );
        let store = &self.running.store;
        store.upsert_article(&parse_article_file(&text).unwrap(), Timestamp::now()).await.unwrap();
    }

    /// The id of the published story at `/articles/{slug}`.
    pub async fn article_id(&self, slug: &str) -> i64 {
        let slug = Slug::parse(slug).unwrap();
        self.running.store.visible_article(&slug, Timestamp::now()).await.unwrap().unwrap().summary.id
    }

    /// How many comments the story at `/articles/{slug}` counts.
    pub async fn comment_count(&self, slug: &str) -> i64 {
        let id = self.article_id(slug).await;
        self.running.store.comment_count(id).await.unwrap()
    }

    /// The id of the account with `handle`.
    pub async fn user_id(&self, handle: &str) -> i64 {
        self.running.store.user_by_handle(handle).await.unwrap().unwrap().id
    }
}
