//! Middleware: conditional GET, security headers, metrics, and drawing
//! problems (404, 500 …) inside the site's chrome.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionBody;

use crate::AppState;
use crate::error::{AppError, AsItIs, Problem, internal_error};
use crate::i18n::Locale;
use crate::layout::{Chrome, ProblemPage};

/// Responses larger than this are sent without an ETag rather than buffered.
const MAX_TAGGED_BODY: usize = 8 * 1024 * 1024;

/// Gives every successful GET a validator and answers `If-None-Match` with
/// 304 when it still matches, so a returning reader downloads nothing.
pub async fn conditional_get(request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let streaming =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
    if response.status() != StatusCode::OK || response.headers().contains_key(header::ETAG) || streaming {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_TAGGED_BODY).await else {
        return internal_error();
    };
    let digest = Sha256::digest(&bytes);
    let tag: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    // Weak: the compressed variants share the tag of the identity bytes.
    let etag = format!("W/\"{tag}\"");
    let Ok(etag_value) = HeaderValue::from_str(&etag) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if if_none_match.as_ref().is_some_and(|v| etag_matches(v, &tag)) {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        not_modified.headers_mut().insert(header::ETAG, etag_value);
        // A framed page's policy goes with its 304, which browsers merge
        // into the copy they keep.
        if parts.extensions.get::<Framed>().is_some() {
            not_modified.extensions_mut().insert(Framed);
        }
        for name in [header::CACHE_CONTROL, header::VARY, header::CONTENT_LOCATION, header::CONTENT_SECURITY_POLICY] {
            if let Some(value) = parts.headers.get(&name) {
                not_modified.headers_mut().insert(name, value.clone());
            }
        }
        return not_modified;
    }
    parts.headers.insert(header::ETAG, etag_value);
    Response::from_parts(parts, Body::from(bytes))
}

/// Weak comparison, as `If-None-Match` requires: `W/"x"` and `"x"` match.
pub(crate) fn etag_matches(header: &HeaderValue, tag: &str) -> bool {
    let Ok(text) = header.to_str() else {
        return false;
    };
    text.split(',')
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/").trim_matches('"') == tag)
}

/// Marks a response that holds text not published to everyone (a reader's
/// own held comment, or a draft they typed): it is kept by no cache at all,
/// the browser's included.
#[derive(Debug, Clone, Copy)]
pub struct Unpublished;

/// The cache policy of answers that depend on who asks, in one place.
///
/// Every answer except the static assets says it varies by cookie, so a
/// shared cache never hands an anonymous copy to a signed-in reader. An
/// answer to a request carrying a session, or one that sets a cookie, is
/// `private`: no shared cache may keep it. It is `no-store` too when it
/// holds unpublished text ([`Unpublished`]) and for every JSON API answer
/// (an author's own held comment comes with its source). Anonymous answers
/// keep their own policy: the render cache's shared pages are unchanged.
pub async fn cache_by_session(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    // Assets and photographs are the same for everyone, named by content.
    if path.starts_with("/static/") || path.starts_with("/media/") {
        return next.run(request).await;
    }
    let api = path.starts_with(crate::api::PREFIX);
    let session = crate::accounts::sessions::carries_session(request.headers());
    let mut response = next.run(request).await;
    let unpublished = response.extensions().get::<Unpublished>().is_some();
    let headers = response.headers_mut();
    let varies_by_cookie = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|name| name.trim().eq_ignore_ascii_case("cookie") || name.trim() == "*");
    if !varies_by_cookie {
        headers.append(header::VARY, HeaderValue::from_static("cookie"));
    }
    if !(session || unpublished || headers.contains_key(header::SET_COOKIE)) {
        return response;
    }
    let no_store = api
        || unpublished
        || headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-store"));
    let policy = if no_store { "private, no-store" } else { "private, no-cache" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// A response the compression layer left as it was, unwrapped. Its body
/// wrapper keeps room for every encoder (about 6 kB) whether it compresses
/// or not, and a live stream would keep that for as long as it is open.
/// The layer sets `Content-Encoding` on whatever it compresses, so a
/// response without one is passed through as the inner body.
pub fn unwrap_uncompressed(response: Response<CompressionBody<Body>>) -> Response {
    if response.headers().contains_key(header::CONTENT_ENCODING) {
        return response.map(Body::new);
    }
    response.map(|body| body.into_inner())
}

/// Whether a request's body is a multipart form: the one kind that may
/// carry a photograph.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// The forms that may carry a photograph: the media library's upload and
/// the story editor's (new and existing stories).
fn takes_photographs(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    matches!(parts.as_slice(), ["", "desk", "media"] | ["", "desk", "new"] | ["", "desk", "stories", _])
}

/// Whether a request is a photograph's upload: a multipart form, sent to a
/// form that takes one. Only these may send more than `server.max_body_bytes`.
pub fn is_upload(request: &Request) -> bool {
    is_multipart(request.headers()) && takes_photographs(request.uri().path())
}

/// What a multipart form may hold beyond its photograph: the story's
/// fields around it (a body of 200,000 characters is up to 800 kB).
pub const UPLOAD_SLACK: usize = 2 * 1024 * 1024;

/// The largest body a request may send: `server.max_body_bytes`, or for a
/// photograph's upload (a photograph with the story around it) the upload
/// limit. Refused at once when the body says it is larger; cut off when
/// it turns out larger than it said.
pub async fn limit_body(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let upload = is_upload(&request);
    let limit = if upload { state.limits.max_upload_bytes } else { state.limits.max_body_bytes };
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        let refusal = if upload {
            AppError::UploadTooLarge(limit.saturating_sub(UPLOAD_SLACK))
        } else {
            AppError::PayloadTooLarge
        };
        return refusal.into_response();
    }
    next.run(request.map(|body| Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// Headers every response carries; HSTS too when the site is served over
/// https.
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let framed = response.extensions().get::<Framed>().is_some();
    set_security_headers(response.headers_mut(), framed);
    if state.site.base_url.scheme() == "https" {
        response
            .headers_mut()
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

/// The content security policy of every page; a page framed by another
/// site ([`Framed`]) names that site in `frame-ancestors` instead.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; \
                              font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
                              frame-ancestors 'none'";

/// Marks a response another site may frame (its own policy says which):
/// it goes without `X-Frame-Options`.
#[derive(Debug, Clone, Copy)]
pub struct Framed;

fn set_security_headers(headers: &mut HeaderMap, framed: bool) {
    let pairs = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    ];
    for (name, value) in pairs {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if !framed {
        headers.entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    }
    headers
        .entry("permissions-policy")
        .or_insert(HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"));
}

/// The language of `Accept-Language` with the highest weight that a
/// catalogue speaks, as its bare language (the regional tags clients send
/// are not kept: only the site's own region writes its own digits).
fn asked_language(asked: Option<&HeaderValue>) -> Option<&'static Locale> {
    let asked = asked?.to_str().ok()?;
    let mut best: Option<(f32, &'static Locale)> = None;
    for part in asked.split(',') {
        let mut pieces = part.split(';');
        let Some(tag) = pieces.next().and_then(|t| byline_core::LanguageTag::parse(t.trim()).ok()) else {
            continue;
        };
        let weight = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .unwrap_or(0.0);
        if weight <= 0.0 || !crate::i18n::has_catalogue(&tag) || best.is_some_and(|(w, _)| w >= weight) {
            continue;
        }
        let bare = byline_core::LanguageTag::parse(tag.primary()).ok();
        if let Some(locale) = bare.as_ref().and_then(Locale::for_tag) {
            best = Some((weight, locale));
        }
    }
    best.map(|(_, locale)| locale)
}

/// Draws every problem once, by where the request went: JSON with its
/// stable code under `/api/` and for a script that sends or asks for JSON
/// (the editor's preview and autosave), a page inside the site's
/// navigation elsewhere (a browser that must sign in is sent to do so). The
/// framework's own refusals, which carry no [`Problem`], are given one by
/// their status. Headers others set (cookies, `Retry-After`) are kept.
pub async fn render_problems(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with(crate::api::PREFIX) || speaks_json(request.headers());
    // The API says its messages in the language a client asks for, when
    // a catalogue speaks it (read only if there is a problem to say).
    let asked = if api { request.headers().get(header::ACCEPT_LANGUAGE).cloned() } else { None };
    let response = next.run(request).await;
    let status = response.status();
    let reader = response
        .extensions()
        .get::<crate::accounts::sessions::ReaderLanguage>()
        .and_then(|chosen| Locale::for_tag(&chosen.0));
    let problem = match response.extensions().get::<Problem>() {
        Some(problem) => problem.clone(),
        // A page of its own (a form back with its messages) or JSON of
        // its own stays as it is.
        None if (status.is_client_error() || status.is_server_error()) && !drawn(&response) => {
            Problem::of_status(status)
        }
        None => return response,
    };
    let (mut parts, body) = response.into_parts();
    for name in [header::CONTENT_TYPE, header::CONTENT_LENGTH, header::CONTENT_ENCODING] {
        parts.headers.remove(name);
    }
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if api {
        let i18n = asked_language(asked.as_ref()).or(reader).unwrap_or_else(|| state.locale_for(&state.site.language));
        let json = serde_json::json!({ "error": { "code": problem.code, "message": problem.message_in(i18n) } });
        parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        return Response::from_parts(parts, Body::from(json.to_string()));
    }
    if problem.code == crate::error::SIGN_IN_REQUIRED {
        parts.status = StatusCode::SEE_OTHER;
        parts.headers.insert(header::LOCATION, HeaderValue::from_static("/signin"));
        return Response::from_parts(parts, Body::empty());
    }
    // Navigation is a nicety on an error page: without the database, draw
    // the page without it rather than fail twice.
    // Bounded too: the request timeout is inside this layer, and a problem
    // may be the database's.
    let sections = tokio::time::timeout(Duration::from_secs(1), state.app.store.sections(state.app.now()))
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    // The reader's chosen language, else the site's; the page says which.
    let i18n = reader.unwrap_or_else(|| state.locale_for(&state.site.language));
    let page_lang = if reader.is_some() { i18n.lang() } else { &state.site.language };
    let chrome = Chrome::new(&state.site, sections, page_lang, i18n, state.site.base_url.to_string());
    let heading = i18n.t(problem.heading_id());
    let message = problem.message_in(i18n);
    let page = ProblemPage { chrome, heading, message };
    match page.render() {
        Ok(html) => {
            parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            Response::from_parts(parts, Html(html).into_response().into_body())
        }
        Err(_) => {
            parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
            Response::from_parts(parts, body)
        }
    }
}

/// Whether a request sends JSON or asks for it first: a page's script,
/// never a browser's navigation or form.
fn speaks_json(headers: &HeaderMap) -> bool {
    let first_type = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .and_then(|v| v.split([';', ',']).next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
    };
    first_type(header::CONTENT_TYPE) || first_type(header::ACCEPT)
}

/// Whether a handler drew the answer itself, as a page or as JSON, or
/// meant it as it is.
fn drawn(response: &Response) -> bool {
    if response.extensions().get::<AsItIs>().is_some() {
        return true;
    }
    response.headers().get(header::CONTENT_TYPE).is_some_and(|v| {
        let v = v.as_bytes();
        v.starts_with(b"text/html") || v.starts_with(b"application/json")
    })
}

/// Installs the process's Prometheus recorder once, and returns its handle.
pub fn install_metrics() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            const BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];
            let builder = PrometheusBuilder::new();
            let builder = builder.set_buckets(BUCKETS).unwrap_or_else(|_| PrometheusBuilder::new());
            match builder.install_recorder() {
                Ok(handle) => handle,
                // Another recorder is already installed: keep a private one
                // so /metrics still answers.
                Err(_) => PrometheusBuilder::new().build_recorder().handle(),
            }
        })
        .clone()
}

/// Counts requests and times them, by route pattern (never by raw path,
/// which would let anyone create unbounded series).
pub async fn record_metrics(request: Request, next: Next) -> Response {
    let route =
        request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// The page for a panic inside a handler.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    internal_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_match_weakly_and_in_lists() {
        let tag = "abc123";
        for header in ["W/\"abc123\"", "\"abc123\"", "\"zzz\", W/\"abc123\"", "*"] {
            assert!(etag_matches(&HeaderValue::from_static(header), tag), "{header}");
        }
        assert!(!etag_matches(&HeaderValue::from_static("\"abc1234\""), tag));
    }

    #[test]
    fn the_api_speaks_the_most_wanted_language_it_has() {
        let asked =
            |value: &'static str| asked_language(Some(&HeaderValue::from_static(value))).map(|l| l.lang().to_string());
        assert_eq!(asked("ar-EG, en;q=0.5").as_deref(), Some("ar"));
        assert_eq!(asked("en;q=0.1, ur").as_deref(), Some("ur"));
        assert_eq!(asked("ur;q=0, en;q=0.2").as_deref(), Some("en"));
        assert_eq!(asked("de-CH, fr;q=0.8").as_deref(), None);
        assert_eq!(asked("ur-Latn").as_deref(), None, "Roman Urdu is not the Urdu catalogue's script");
    }
}
