//! Byline's web layer: the router, middleware, handlers, templates and the
//! assets embedded in the binary.
//!
//! Handlers turn requests into domain values, ask the use cases
//! (`byline_app`) to act and the store to read, and hand fully loaded view
//! models to compile-time-checked templates. Templates escape
//! everything except [`byline_core::SanitizedHtml`]. This crate never writes
//! SQL.

mod accounts;
mod api;
mod assets;
mod cache_front;
mod clients;
mod cluster;
mod comments;
mod desk;
mod embed;
mod error;
mod forms;
#[doc(hidden)]
pub mod fuzzing;
mod guard;
mod http;
mod i18n;
mod layout;
mod mail;
mod media;
mod moderation;
mod page_cache;
mod pages;
mod router;
mod webhooks;

use std::sync::Arc;
use std::time::Duration;

pub use accounts::sessions::{hash_token, new_token as new_link_token};
use byline_core::LanguageTag;
pub use cache_front::{CacheFront, Purge};
pub use clients::TrustedProxies;
pub use cluster::follow as follow_other_nodes;
pub use comments::live::LiveLimits;
pub use guard::Access;
pub use http::{UPLOAD_SLACK, install_metrics};
pub use page_cache::FRESH_FOR as PAGE_FRESH_FOR;
pub use pages::ops::{METRICS_LOOPBACK, MetricsAccess};
pub use router::{route_access, router};
use url::Url;

/// What the web layer needs to know about the site it serves.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The newspaper's name, shown in the masthead and feeds.
    pub title: String,
    /// One line about the site, for meta descriptions and feeds.
    pub description: String,
    /// The public address readers use: canonical URLs, feeds and sitemaps
    /// are built on it.
    pub base_url: Url,
    /// The language of the site's own words (navigation, labels).
    pub language: LanguageTag,
    /// Sections with an edition language of their own, by slug.
    pub section_languages: std::collections::HashMap<String, LanguageTag>,
    /// The newspaper's logo, a raster image, for search engines (JSON-LD)
    /// and feeds; `None` is the logo built in.
    pub logo_url: Option<Url>,
}

impl SiteConfig {
    /// The language a section's pages speak: its edition's, else the
    /// site's.
    pub fn edition_language(&self, section: Option<&str>) -> &LanguageTag {
        section.and_then(|slug| self.section_languages.get(slug)).unwrap_or(&self.language)
    }
}

/// Limits the HTTP layer enforces.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    pub max_body_bytes: usize,
    /// The largest multipart form: a photograph and the fields around it.
    pub max_upload_bytes: usize,
    pub request_timeout: Duration,
}

/// Everything a handler may reach, shared by every request.
///
/// Each middleware layer and handler that takes the state clones it, so a
/// request clones it several times: it is one shared allocation, so that a
/// clone is one reference count, not one for each part (which cost more
/// than the rest of serving a cached page).
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

impl From<SharedState> for AppState {
    /// The state the router serves from; the use cases' notices go to its
    /// live streams and mail.
    fn from(shared: SharedState) -> Self {
        let shared = Arc::new(shared);
        shared.app.set_notices(Arc::new(comments::published::WebNotices(Arc::downgrade(&shared))));
        Self(shared)
    }
}

/// What [`AppState`] holds; set up before the server starts.
pub struct SharedState {
    /// Every use case, with the store, settings and clock they share.
    pub app: byline_app::App,
    pub site: Arc<SiteConfig>,
    pub limits: HttpLimits,
    /// Who may read `/metrics`.
    pub metrics_access: MetricsAccess,
    /// Whose forwarding headers name the client; nobody's by default.
    pub trusted_proxies: TrustedProxies,
    /// Anonymous readers' article pages, rendered once per change.
    page_cache: page_cache::PageCache<pages::articles::ArticleView>,
    metrics: metrics_exporter_prometheus::PrometheusHandle,
    live: comments::live::Live,
    /// This process among the nodes serving the site, so that it knows its
    /// own signals.
    node: u64,
    /// Where comments published here go to be signalled to the other
    /// nodes; made on first use.
    signals: std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<(i64, i64)>>,
    /// Set when the node is about to stop: `/readyz` fails, so a load
    /// balancer sends its readers elsewhere.
    draining: std::sync::atomic::AtomicBool,
    /// The HTTP cache or CDN in front, if any.
    pub cache_front: CacheFront,
}

impl SharedState {
    /// The mode an article's comments are in: its own, or its section's.
    pub fn comment_mode(&self, article: &byline_store::ArticleSummary) -> byline_core::CommentMode {
        self.app.comment_mode(article)
    }

    pub fn new(app: byline_app::App, site: SiteConfig, limits: HttpLimits) -> Self {
        Self {
            app,
            site: Arc::new(site),
            limits,
            metrics_access: MetricsAccess::default(),
            trusted_proxies: TrustedProxies::default(),
            page_cache: page_cache::PageCache::default(),
            metrics: install_metrics(),
            live: comments::live::Live::default(),
            node: rand::random(),
            signals: std::sync::OnceLock::new(),
            draining: std::sync::atomic::AtomicBool::new(false),
            cache_front: CacheFront::default(),
        }
    }

    /// Runs until dropped: every few seconds, folds the request times
    /// recorded since into the histograms `/metrics` reports. The recorder
    /// keeps every raw sample until then, so without this its memory grows
    /// with every request (the soak benchmark found it).
    pub fn metrics_upkeep(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let handle = self.metrics.clone();
        async move {
            let mut every = tokio::time::interval(Duration::from_secs(5));
            loop {
                every.tick().await;
                handle.run_upkeep();
            }
        }
    }

    /// Sets how long an anonymous page may show the rest of the site (the
    /// sections, the featured rail) as it was; five seconds unless a test
    /// must tell a page rendered again for its age from one seen to change.
    pub fn set_page_fresh_for(&mut self, fresh_for: Duration) {
        self.page_cache = page_cache::PageCache::with_fresh_for(fresh_for);
    }

    /// Sets how many live streams may be open, and for how long. Call
    /// before the server starts: streams already open keep the old limits.
    pub fn set_live_limits(&mut self, limits: LiveLimits) {
        self.live = comments::live::Live::new(limits);
    }

    /// Marks the node as about to stop: it goes on serving, but `/readyz`
    /// answers 503 from now on.
    pub fn start_draining(&self) {
        self.draining.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the node is about to stop.
    pub fn is_draining(&self) -> bool {
        self.draining.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Ends the live comment streams, so a graceful shutdown is not held
    /// open by readers' pages.
    pub fn close_live_streams(&self) {
        self.live.close();
    }

    /// Makes a one-time link that creates the first admin, and returns its
    /// path (`/setup/TOKEN`); `None` if another node started with this one
    /// has just made it. Call only while there is no admin.
    pub async fn open_setup(&self) -> Result<Option<String>, byline_app::Error> {
        Ok(self.app.open_setup().await?.map(|token| format!("/setup/{token}")))
    }
}
