//! Who is asking: session cookies, the signed-in viewer, and the CSRF
//! token every form carries.
//!
//! The cookie holds a random token; the database holds only its SHA-256.
//! A new token is issued on every sign-in, so a token planted before
//! sign-in is worth nothing after it.

use std::time::Duration;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use byline_core::Timestamp;
use byline_store::{NewSession, User};
use cookie::{Cookie, SameSite};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "byline_session";
pub const CSRF_COOKIE: &str = "byline_csrf";
/// A session ends after this long without a visit.
pub const IDLE_TIMEOUT_HOURS: i64 = 14 * 24;
/// A session ends this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT_HOURS: i64 = 60 * 24;
/// Activity is recorded at most this often, to keep reads from writing.
const TOUCH_EVERY_MINUTES: i64 = 5;

/// The signed-in person making this request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub session_id: i64,
    pub user: User,
}

/// The token forms must echo back: the session's own when signed in, or a
/// cookie-bound one for anonymous forms (sign-in, sign-up).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// A fresh random token, URL-safe.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn cookies(headers: &HeaderMap) -> impl Iterator<Item = Cookie<'static>> + '_ {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_owned()).filter_map(Result::ok))
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    cookies(headers).find(|c| c.name() == name).map(|c| c.value().to_owned())
}

/// Whether the request carries a session cookie (valid or not): its answer
/// may depend on who sent it.
pub(crate) fn carries_session(headers: &HeaderMap) -> bool {
    cookies(headers).any(|c| c.name() == SESSION_COOKIE)
}

fn set_cookie(response: &mut Response, cookie: Cookie<'_>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

fn build_cookie(state: &AppState, name: &'static str, value: String, max_age: Duration) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.site.base_url.scheme() == "https")
        .max_age(cookie::time::Duration::seconds(i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX)))
        .build()
}

/// Finds the viewer and the CSRF token for every request; hands out an
/// anonymous CSRF cookie to those who have neither.
pub async fn load_viewer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let now = state.app.now();
    let mut new_csrf_cookie = None;
    let viewer = match cookie_value(request.headers(), SESSION_COOKIE) {
        Some(token) => find_session(&state, &token, now).await,
        None => None,
    };
    let csrf = match &viewer {
        Some((_, csrf)) => csrf.clone(),
        None => match cookie_value(request.headers(), CSRF_COOKIE).filter(|t| t.len() >= 32) {
            Some(token) => token,
            None => {
                let token = new_token();
                new_csrf_cookie = Some(token.clone());
                token
            }
        },
    };
    request.extensions_mut().insert(CsrfToken(csrf));
    if let Some((viewer, _)) = viewer {
        request.extensions_mut().insert(viewer);
    }
    let mut response = next.run(request).await;
    // Only pages with forms need the cookie; other pages stay cookie-free
    // so shared caches may keep them.
    if let Some(token) = new_csrf_cookie
        && response.extensions().get::<CsrfUsed>().is_some()
    {
        set_cookie(&mut response, build_cookie(&state, CSRF_COOKIE, token, Duration::from_secs(24 * 3600)));
    }
    response
}

/// Marks a response whose page holds a form, so an anonymous visitor gets
/// the CSRF cookie the form's token is checked against.
#[derive(Debug, Clone, Copy)]
pub struct CsrfUsed;

async fn find_session(state: &AppState, token: &str, now: Timestamp) -> Option<(Viewer, String)> {
    let idle_since = now.plus_hours(-IDLE_TIMEOUT_HOURS);
    let record = match state.store.session(&hash_token(token), now, idle_since).await {
        Ok(record) => record?,
        Err(err) => {
            tracing::warn!(error = %err, "session lookup failed; treating the request as anonymous");
            return None;
        }
    };
    if record.last_seen_at < now.plus_minutes(-TOUCH_EVERY_MINUTES) {
        let _ = state.store.touch_session(record.id, now).await;
    }
    Some((Viewer { session_id: record.id, user: record.user }, record.csrf_token))
}

/// Signs `user_id` in: a new session with a new token, sent as the cookie
/// on `response`.
pub async fn start_session(
    state: &AppState,
    user_id: i64,
    headers: &HeaderMap,
    response: &mut Response,
) -> Result<(), AppError> {
    let token = new_token();
    let now = state.app.now();
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(200).collect::<String>())
        .unwrap_or_else(|| "unknown browser".to_owned());
    let session = NewSession {
        token_hash: &hash_token(&token),
        user_id,
        csrf_token: &new_token(),
        user_agent: &user_agent,
        expires_at: now.plus_hours(ABSOLUTE_TIMEOUT_HOURS),
    };
    state.store.create_session(&session, now).await?;
    let max_age = Duration::from_secs(u64::try_from(ABSOLUTE_TIMEOUT_HOURS).unwrap_or(0) * 3600);
    set_cookie(response, build_cookie(state, SESSION_COOKIE, token, max_age));
    Ok(())
}

/// Tells the browser to forget its session cookie.
pub fn clear_session_cookie(state: &AppState, response: &mut Response) {
    set_cookie(response, build_cookie(state, SESSION_COOKIE, String::new(), Duration::ZERO));
}

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts.extensions.get::<CsrfToken>().cloned().ok_or(AppError::Forbidden)
    }
}

/// The viewer if someone is signed in.
#[derive(Debug, Clone)]
pub struct MaybeViewer(pub Option<Viewer>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeViewer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<Viewer>().cloned()))
    }
}

/// The signed-in viewer; handlers behind the guard's `SignedIn` access may
/// rely on it.
impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts.extensions.get::<Viewer>().cloned().ok_or(AppError::SignInRequired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; byline_session=tok; b=2"));
        assert_eq!(cookie_value(&headers, SESSION_COOKIE).as_deref(), Some("tok"));
        assert_eq!(cookie_value(&headers, CSRF_COOKIE), None);
    }
}
