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
//! only while the version it was rendered at is still the stored one.
//! Reading that version for every request would cost more than the rest of
//! serving the page, so it is read again only when something may have
//! changed it:
//!
//! - at once after any request of this process that may write (every
//!   method but GET, HEAD and OPTIONS): such a request bumps the cache's
//!   *write count* when its answer is ready, and a page checked at an older
//!   count is checked again before it is served. So whoever posts, votes or
//!   moderates here sees the result on their next read;
//! - at least every [`CHECK_EVERY`] otherwise, for changes made by other
//!   servers on the same database and by the command line.
//!
//! What the page shows of the rest of the site (the sections, the featured
//! rail, people's names) has no version, so a page is also re-rendered once
//! it is [`FRESH_FOR`] old.
//!
//! When a page must be rendered, one request renders it and the others
//! asking for the same article wait for that page rather than render their
//! own: a busy page changing costs one render, not one per reader.
//!
//! Signed-in readers are never served these bytes: their pages carry their
//! own votes, held comments and forms. What a page was drawn from is kept
//! beside it (the cache's `T`), so a signed-in reader's page is drawn from
//! the same data, read once per version, with only their own parts read
//! for them.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::AppState;

/// How long a page may show the rest of the site as it was.
pub const FRESH_FOR: Duration = Duration::from_secs(5);
/// How long a page is served without reading its article's version, when
/// nothing in this process wrote meanwhile.
pub const CHECK_EVERY: Duration = Duration::from_millis(250);
/// Pages kept; the oldest goes when a new one would pass this.
const MAX_PAGES: usize = 512;
/// Brotli quality: fast enough to redo on every change of a busy page.
const BROTLI_QUALITY: u32 = 5;

/// One rendered page in the forms a client may ask for, with the data it
/// was drawn from.
pub struct CachedPage<T> {
    pub data: T,
    version: i64,
    made: Instant,
    etag: HeaderValue,
    /// The `W/"…"` tag without its quotes, for `If-None-Match`.
    tag: String,
    identity: Bytes,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

impl<T> CachedPage<T> {
    /// Tags `html`, rendered from `data` at the article's `version`.
    pub fn new(version: i64, html: String, data: T) -> Self {
        let identity = Bytes::from(html);
        let digest = Sha256::digest(&identity);
        let tag: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        let etag = HeaderValue::from_str(&format!("W/\"{tag}\"")).unwrap_or(HeaderValue::from_static("W/\"0\""));
        let (gzip, brotli) = (OnceLock::new(), OnceLock::new());
        Self { data, version, made: Instant::now(), etag, tag, identity, gzip, brotli }
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
pub struct PageCache<T> {
    slots: Mutex<HashMap<String, Arc<Slot<T>>>>,
    /// Requests of this process that may have written, finished so far.
    writes: AtomicU64,
    /// How long a page may show the rest of the site as it was:
    /// [`FRESH_FOR`], but for tests that must tell a change seen by its
    /// version from a page rendered again for its age.
    fresh_for: Duration,
}

impl<T> Default for PageCache<T> {
    fn default() -> Self {
        Self::with_fresh_for(FRESH_FOR)
    }
}

/// One article's place in the cache.
pub struct Slot<T> {
    page: Mutex<Option<Checked<T>>>,
    /// Held by the one request rendering this article's page.
    rendering: tokio::sync::Mutex<()>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self { page: Mutex::new(None), rendering: tokio::sync::Mutex::default() }
    }
}

/// A page, and when its version was last found current.
struct Checked<T> {
    page: Arc<CachedPage<T>>,
    at: Instant,
    /// The write count then.
    writes: u64,
}

impl<T> Clone for Checked<T> {
    fn clone(&self) -> Self {
        Self { page: self.page.clone(), at: self.at, writes: self.writes }
    }
}

impl<T> Slot<T> {
    /// The page if it may be served without reading the version.
    fn current(&self, writes: u64, fresh_for: Duration) -> Option<Arc<CachedPage<T>>> {
        let checked = self.page.lock().ok()?.clone()?;
        (checked.writes == writes && checked.at.elapsed() < CHECK_EVERY && checked.page.made.elapsed() < fresh_for)
            .then_some(checked.page)
    }

    /// The page if it was rendered at `version` and is fresh; `writes` is
    /// the write count read before the version was.
    fn confirm(&self, version: i64, writes: u64, fresh_for: Duration) -> Option<Arc<CachedPage<T>>> {
        let mut slot = self.page.lock().ok()?;
        let checked = slot.as_mut()?;
        if checked.page.version != version || checked.page.made.elapsed() >= fresh_for {
            return None;
        }
        if writes >= checked.writes {
            (checked.at, checked.writes) = (Instant::now(), writes);
        }
        Some(checked.page.clone())
    }

    fn keep(&self, page: Arc<CachedPage<T>>, writes: u64) {
        if let Ok(mut slot) = self.page.lock() {
            *slot = Some(Checked { page, at: Instant::now(), writes });
        }
    }
}

/// What to do for a request, from [`PageCache::lookup`].
pub enum Lookup<T> {
    /// Serve this page.
    Hit(Arc<CachedPage<T>>),
    /// Read the article's version, then call [`PageCache::page_at`].
    Check { slot: Arc<Slot<T>>, writes: u64 },
}

impl<T> PageCache<T> {
    /// A cache whose pages show the rest of the site as it was for at most
    /// `fresh_for`.
    pub fn with_fresh_for(fresh_for: Duration) -> Self {
        Self { slots: Mutex::default(), writes: AtomicU64::default(), fresh_for }
    }

    /// The page of `slug` when it may be served as it is.
    pub fn lookup(&self, slug: &str) -> Lookup<T> {
        let writes = self.writes.load(Ordering::Acquire);
        let slot = self.slot(slug);
        match slot.current(writes, self.fresh_for) {
            Some(page) => Lookup::Hit(page),
            None => Lookup::Check { slot, writes },
        }
    }

    /// The page at `version`: the cached one if it is that version, else
    /// the one `render` makes (its HTML and what it was drawn from),
    /// rendered by one request at a time.
    pub async fn page_at<E, F>(
        &self,
        slot: &Slot<T>,
        version: i64,
        writes: u64,
        render: F,
    ) -> Result<Arc<CachedPage<T>>, E>
    where
        F: AsyncFnOnce() -> Result<(String, T), E>,
    {
        if let Some(page) = slot.confirm(version, writes, self.fresh_for) {
            return Ok(page);
        }
        let _rendering = slot.rendering.lock().await;
        // Another request may have rendered it while this one waited.
        if let Some(page) = slot.confirm(version, writes, self.fresh_for) {
            return Ok(page);
        }
        let (html, data) = render().await?;
        let page = Arc::new(CachedPage::new(version, html, data));
        slot.keep(page.clone(), writes);
        Ok(page)
    }

    /// Notes that a request that may have written has finished.
    pub fn note_write(&self) {
        self.writes.fetch_add(1, Ordering::AcqRel);
    }

    /// The slot of `slug`, made (and the oldest dropped) if need be.
    fn slot(&self, slug: &str) -> Arc<Slot<T>> {
        let Ok(mut slots) = self.slots.lock() else { return Arc::default() };
        if let Some(slot) = slots.get(slug) {
            return slot.clone();
        }
        if slots.len() >= MAX_PAGES {
            let made = |slot: &Slot<T>| slot.page.lock().ok().and_then(|p| p.as_ref().map(|c| c.page.made));
            if let Some(oldest) = slots.iter().min_by_key(|(_, slot)| made(slot)).map(|(k, _)| k.clone()) {
                slots.remove(&oldest);
            }
        }
        slots.entry(slug.to_owned()).or_default().clone()
    }
}

/// Counts every finished request that may have written (any method but
/// GET, HEAD and OPTIONS), so cached pages are checked before they are
/// served again.
pub async fn note_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let may_write = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let response = next.run(request).await;
    if may_write {
        state.page_cache.note_write();
    }
    response
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
        let page = CachedPage::new(7, html.clone(), ());
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

    /// Renders through the cache, counting renders.
    async fn page(cache: &PageCache<()>, slug: &str, version: i64, renders: &AtomicU64) -> Lookup<()> {
        if let Lookup::Check { slot, writes } = cache.lookup(slug) {
            let rendered = cache
                .page_at(&slot, version, writes, async || {
                    renders.fetch_add(1, Ordering::Relaxed);
                    Ok::<_, ()>((format!("<p>v{version}"), ()))
                })
                .await
                .unwrap();
            assert_eq!(rendered.version, version);
        }
        cache.lookup(slug)
    }

    #[tokio::test]
    async fn pages_are_checked_after_a_write_and_rendered_once_per_version() {
        let cache = PageCache::<()>::default();
        let renders = AtomicU64::new(0);
        assert!(matches!(page(&cache, "harbour", 3, &renders).await, Lookup::Hit(p) if p.version == 3));
        assert!(matches!(page(&cache, "harbour", 3, &renders).await, Lookup::Hit(_)));
        assert_eq!(renders.load(Ordering::Relaxed), 1, "served from memory");
        assert!(matches!(cache.lookup("bridge"), Lookup::Check { .. }));

        // After a write the version is read again: unchanged, the page stays.
        cache.note_write();
        let Lookup::Check { slot, writes } = cache.lookup("harbour") else { panic!("a write must be checked") };
        assert!(cache.page_at(&slot, 3, writes, async || Err(())).await.is_ok_and(|p| p.version == 3));
        assert!(matches!(cache.lookup("harbour"), Lookup::Hit(_)), "checked at the new count");
        // Changed, it is rendered again.
        cache.note_write();
        assert!(matches!(page(&cache, "harbour", 4, &renders).await, Lookup::Hit(p) if p.version == 4));
        assert_eq!(renders.load(Ordering::Relaxed), 2);
    }

    #[tokio::test]
    async fn a_page_is_checked_again_after_a_while_and_rendered_again_when_old() {
        let cache = PageCache::<()>::default();
        let renders = AtomicU64::new(0);
        page(&cache, "harbour", 3, &renders).await;
        let slot = cache.slot("harbour");
        let set_times = |checked: Duration, made: Duration| {
            let mut guard = slot.page.lock().unwrap();
            let entry = guard.as_mut().unwrap();
            entry.at = Instant::now().checked_sub(checked).unwrap();
            let mut page = CachedPage::new(entry.page.version, String::new(), ());
            page.made = Instant::now().checked_sub(made).unwrap();
            entry.page = Arc::new(page);
        };
        set_times(CHECK_EVERY, Duration::ZERO);
        assert!(matches!(cache.lookup("harbour"), Lookup::Check { .. }), "checked at least every CHECK_EVERY");
        set_times(Duration::ZERO, FRESH_FOR);
        assert!(matches!(cache.lookup("harbour"), Lookup::Check { .. }));
        assert!(matches!(page(&cache, "harbour", 3, &renders).await, Lookup::Hit(_)));
        assert_eq!(renders.load(Ordering::Relaxed), 2, "an old page is rendered again");
    }

    #[tokio::test]
    async fn readers_waiting_for_a_page_share_one_render() {
        let cache = Arc::new(PageCache::<()>::default());
        let renders = Arc::new(AtomicU64::new(0));
        let readers: Vec<_> = (0..16)
            .map(|_| {
                let (cache, renders) = (cache.clone(), renders.clone());
                tokio::spawn(async move {
                    let Lookup::Check { slot, writes } = cache.lookup("harbour") else { return };
                    cache
                        .page_at(&slot, 5, writes, async || {
                            renders.fetch_add(1, Ordering::Relaxed);
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Ok::<_, ()>(("<p>v5".to_owned(), ()))
                        })
                        .await
                        .unwrap();
                })
            })
            .collect();
        for reader in readers {
            reader.await.unwrap();
        }
        assert_eq!(renders.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn the_cache_keeps_a_bounded_number_of_pages() {
        let cache = PageCache::<()>::default();
        for n in 0..MAX_PAGES + 10 {
            cache.slot(&format!("story-{n}"));
        }
        assert!(cache.slots.lock().unwrap().len() <= MAX_PAGES);
    }
}
