//! An HTTP cache or CDN in front of the site's nodes. Anonymous article
//! pages say how long such a cache may keep them (`s-maxage`) and name
//! what they show (`Surrogate-Key`, `Cache-Tag`: the article and its
//! section); when a comment appears on an article or leaves it, the page
//! is purged, so the cache's next reader sees the change. Signed-in pages
//! stay `private` (see [`crate::http::cache_by_session`]), and anonymous
//! pages keep `max-age=0`: browsers still revalidate with the ETag.
//!
//! This crate says what to purge; the server sends it (to Varnish, Fastly
//! or Cloudflare, as configured).

use axum::http::{HeaderValue, header};
use axum::response::Response;
use byline_store::ArticleSummary;
use tokio::sync::mpsc::UnboundedSender;

/// A page to purge from the cache in front: its path, and the tags of
/// what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purge {
    pub path: String,
    pub tags: Vec<String>,
}

/// What the site tells the cache in front, and where its purges go.
#[derive(Debug, Default)]
pub struct CacheFront {
    /// How long a shared cache may keep an anonymous page; 0, not at all
    /// without revalidating (no cache in front).
    pub s_maxage: u32,
    /// Where purges are handed to be sent; `None` when nothing is purged.
    pub purges: Option<UnboundedSender<Purge>>,
}

/// The tags of an article's page: the article, and its section.
pub fn article_tags(article: &ArticleSummary) -> Vec<String> {
    vec![format!("article-{}", article.id), format!("section-{}", article.section.slug.as_str())]
}

impl CacheFront {
    /// Lets a shared cache keep `response`, the anonymous page of
    /// `article`, and names what it shows. Nothing without a cache in
    /// front.
    pub fn mark_article_page(&self, response: &mut Response, article: &ArticleSummary) {
        if self.s_maxage == 0 {
            return;
        }
        let tags = article_tags(article);
        let headers = response.headers_mut();
        let policy = format!("public, max-age=0, s-maxage={}", self.s_maxage);
        for (name, value) in [
            (header::CACHE_CONTROL, policy),
            (header::HeaderName::from_static("surrogate-key"), tags.join(" ")),
            (header::HeaderName::from_static("cache-tag"), tags.join(",")),
        ] {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
    }

    /// Has the page of the article `id` at `slug` purged.
    pub fn purge_article(&self, id: i64, slug: &str) {
        self.send(Purge { path: crate::layout::article_path(slug), tags: vec![format!("article-{id}")] });
    }

    /// Has every page that shows story `id` purged: its own, and the
    /// front and section pages that list it.
    pub fn purge_story(&self, id: i64, slug: &str, section: &str) {
        let tags = vec![format!("article-{id}"), format!("section-{section}")];
        for path in [crate::layout::article_path(slug), format!("/sections/{section}"), "/".to_owned()] {
            self.send(Purge { path, tags: tags.clone() });
        }
    }

    fn send(&self, purge: Purge) {
        let Some(purges) = &self.purges else { return };
        if purges.send(purge).is_err() {
            tracing::warn!("the cache in front not purged: its sender has stopped");
        }
    }
}
