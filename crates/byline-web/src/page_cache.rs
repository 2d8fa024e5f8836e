//! The render cache for the pages everyone gets alike: an anonymous
//! reader's first view of an article, with its comments.
//!
//! A story that goes viral is read by many more people than comment on
//! it, and every one of those readers gets the same bytes. So the page is
//! rendered once, given its validator once, compressed once for each
//! encoding clients ask for (gzip, Brotli: on first demand, so a change on
//! a busy page costs one render), and served from memory until it changes.
//!
//! Freshness is exact for what the page shows of its article: every change
//! to the article, its comments, their states and their votes bumps the
//! article's version in the same transaction, and a cached page is served
//! only while the version it was rendered at is still the stored one (one
//! indexed read a request, which also sees changes made by other servers).
//! What the page shows of the rest of the site (the sections, the featured
//! rail, people's names) has no version, so a page is also re-rendered once
//! it is [`FRESH_FOR`] old.
//!
//! Signed-in readers are never served from here: their pages carry their
//! own votes, held comments and forms.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// How long a page may show the rest of the site as it was.
pub const FRESH_FOR: Duration = Duration::from_secs(5);
/// Pages kept; the oldest goes when a new one would pass this.
const MAX_PAGES: usize = 512;
/// Brotli quality: fast enough to redo on every change of a busy page.
const BROTLI_QUALITY: u32 = 5;

/// One rendered page in the forms a client may ask for.
pub struct CachedPage {
    version: i64,
    made: Instant,
    etag: HeaderValue,
    /// The `W/"…"` tag without its quotes, for `If-None-Match`.
    tag: String,
    identity: Bytes,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

impl CachedPage {
    /// Tags `html`, rendered at the article's `version`.
    pub fn new(version: i64, html: String) -> Self {
        let identity = Bytes::from(html);
        let digest = Sha256::digest(&identity);
        let tag: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        let etag = HeaderValue::from_str(&format!("W/\"{tag}\"")).unwrap_or(HeaderValue::from_static("W/\"0\""));
        Self { version, made: Instant::now(), etag, tag, identity, gzip: OnceLock::new(), brotli: OnceLock::new() }
    }

    /// The page gzipped, made on first demand; empty if that failed.
    fn gzip(&self) -> &Bytes {
        self.gzip.get_or_init(|| {
            let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gzip.write_all(&self.identity).and_then(|()| gzip.finish()).map(Bytes::from).unwrap_or_default()
        })
    }

    /// The page in Brotli, made on first demand; empty if that failed.
    fn brotli(&self) -> &Bytes {
        self.brotli.get_or_init(|| {
            let mut brotli = brotli::CompressorWriter::new(Vec::new(), 4096, BROTLI_QUALITY, 22);
            brotli.write_all(&self.identity).map(|()| Bytes::from(brotli.into_inner())).unwrap_or_default()
        })
    }

    /// The page as this request takes it: 304 if the client has it, else
    /// the best encoding it accepts.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let mut response =
            if request.get(header::IF_NONE_MATCH).is_some_and(|v| crate::http::etag_matches(v, &self.tag)) {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                let (body, encoding) = match preferred_encoding(request) {
                    Encoding::Brotli if !self.brotli().is_empty() => (self.brotli().clone(), Some("br")),
                    Encoding::Gzip | Encoding::Brotli if !self.gzip().is_empty() => (self.gzip().clone(), Some("gzip")),
                    _ => (self.identity.clone(), None),
                };
                let mut response = Response::new(Body::from(body));
                let headers = response.headers_mut();
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
                if let Some(encoding) = encoding {
                    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
                }
                response
            };
        let headers = response.headers_mut();
        headers.insert(header::ETAG, self.etag.clone());
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(crate::pages::PAGE_CACHE));
        headers.insert(header::VARY, HeaderValue::from_static("cookie, accept-encoding"));
        response
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// Brotli if the client takes it, else gzip, else none (`;q=0` refuses).
fn preferred_encoding(request: &HeaderMap) -> Encoding {
    let accepted: Vec<String> = request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next()?.to_ascii_lowercase();
            let refused = parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0)));
            (!refused).then_some(name)
        })
        .collect();
    if accepted.iter().any(|e| e == "br") {
        Encoding::Brotli
    } else if accepted.iter().any(|e| e == "gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The cached pages, by article slug.
#[derive(Default)]
pub struct PageCache {
    pages: Mutex<HashMap<String, Arc<CachedPage>>>,
}

impl PageCache {
    /// The page of `slug` if it was rendered at `version` and is fresh.
    pub fn get(&self, slug: &str, version: i64) -> Option<Arc<CachedPage>> {
        let pages = self.pages.lock().ok()?;
        pages.get(slug).filter(|p| p.version == version && p.made.elapsed() < FRESH_FOR).cloned()
    }

    /// Keeps a newly rendered page, making room if need be.
    pub fn put(&self, slug: &str, page: Arc<CachedPage>) {
        let Ok(mut pages) = self.pages.lock() else { return };
        if pages.len() >= MAX_PAGES
            && !pages.contains_key(slug)
            && let Some(oldest) = pages.iter().min_by_key(|(_, p)| p.made).map(|(k, _)| k.clone())
        {
            pages.remove(&oldest);
        }
        pages.insert(slug.to_owned(), page);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn request(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn encodings_follow_what_the_client_accepts() {
        assert_eq!(preferred_encoding(&request(&[("accept-encoding", "gzip, deflate, br")])), Encoding::Brotli);
        assert_eq!(preferred_encoding(&request(&[("accept-encoding", "gzip")])), Encoding::Gzip);
        assert_eq!(preferred_encoding(&request(&[("accept-encoding", "br;q=0, gzip;q=0.5")])), Encoding::Gzip);
        assert_eq!(preferred_encoding(&request(&[])), Encoding::Identity);
        assert_eq!(preferred_encoding(&request(&[("accept-encoding", "identity")])), Encoding::Identity);
    }

    #[test]
    fn every_encoding_holds_the_same_page() {
        let html = "<!doctype html><p>".to_owned() + &"Comments in اردو and English. ".repeat(500);
        let page = CachedPage::new(7, html.clone());
        let mut gunzipped = String::new();
        assert!(page.gzip.get().is_none() && page.brotli.get().is_none(), "nothing compressed before it is asked for");
        flate2::read::GzDecoder::new(&page.gzip()[..]).read_to_string(&mut gunzipped).unwrap();
        assert_eq!(gunzipped, html);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(&page.brotli()[..], 4096).read_to_string(&mut unbrotlied).unwrap();
        assert_eq!(unbrotlied, html);
        assert!(page.brotli().len() < html.len() / 10 && page.gzip().len() < html.len() / 10);

        let answer = page.respond(&request(&[("accept-encoding", "gzip")]));
        assert_eq!(answer.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(answer.headers()[header::VARY], "cookie, accept-encoding");
        let etag = answer.headers()[header::ETAG].to_str().unwrap().to_owned();
        let again = page.respond(&request(&[("if-none-match", &etag)]));
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }

    #[test]
    fn pages_are_kept_per_version_and_not_for_long() {
        let cache = PageCache::default();
        cache.put("harbour", Arc::new(CachedPage::new(3, "<p>v3".into())));
        assert!(cache.get("harbour", 3).is_some());
        assert!(cache.get("harbour", 4).is_none(), "a newer version is not served the old page");
        assert!(cache.get("bridge", 3).is_none());
        let mut stale = CachedPage::new(3, "<p>v3".into());
        stale.made = Instant::now().checked_sub(FRESH_FOR).unwrap();
        cache.put("harbour", Arc::new(stale));
        assert!(cache.get("harbour", 3).is_none(), "an old page is rendered again");
        for n in 0..MAX_PAGES + 10 {
            cache.put(&format!("story-{n}"), Arc::new(CachedPage::new(1, String::new())));
        }
        assert!(cache.pages.lock().unwrap().len() <= MAX_PAGES);
    }
}
