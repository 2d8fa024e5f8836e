//! Byline's web layer: the router, middleware, handlers, templates and the
//! assets embedded in the binary.
//!
//! Handlers turn requests into domain values, ask the store, and hand fully
//! loaded view models to compile-time-checked templates. Templates escape
//! everything except [`byline_core::SanitizedHtml`]. This crate never writes
//! SQL.

mod assets;
mod error;
mod http;
mod pages;
mod router;
mod views;

use std::sync::Arc;
use std::time::Duration;

use byline_core::LanguageTag;
use byline_store::Store;
pub use http::install_metrics;
pub use router::router;
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
}

/// Limits the HTTP layer enforces.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
}

/// Everything a handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub site: Arc<SiteConfig>,
    pub limits: HttpLimits,
    metrics: metrics_exporter_prometheus::PrometheusHandle,
}

impl AppState {
    pub fn new(store: Store, site: SiteConfig, limits: HttpLimits) -> Self {
        Self {
            store,
            site: Arc::new(site),
            limits,
            metrics: install_metrics(),
        }
    }
}
