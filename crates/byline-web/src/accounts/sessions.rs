//! Who is asking: session cookies, the signed-in viewer, and the CSRF
//! token every form carries. Sessions themselves are the application's
//! ([`byline_app::sessions`]); this module keeps them in cookies.

use std::time::Duration;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
pub use byline_app::sessions::{hash_token, new_token};
use byline_store::User;
use cookie::{Cookie, SameSite};

use crate::AppState;
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "byline_session";
pub const CSRF_COOKIE: &str = "byline_csrf";
/// The session of the comments bar framed by another site: a cookie of
/// that frame's own partition (the only kind a browser that blocks
/// third-party cookies keeps there), sent with the frame's requests alone.
pub const FRAME_SESSION_COOKIE: &str = "byline_frame_session";

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

fn cookies(headers: &HeaderMap) -> impl Iterator<Item = Cookie<'static>> + '_ {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_owned()).filter_map(Result::ok))
}

pub(crate) fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    cookies(headers).find(|c| c.name() == name).map(|c| c.value().to_owned())
}

/// Whether the request carries a session cookie (valid or not): its answer
/// may depend on who sent it.
pub(crate) fn carries_session(headers: &HeaderMap) -> bool {
    cookies(headers).any(|c| c.name() == SESSION_COOKIE || c.name() == FRAME_SESSION_COOKIE)
}

pub(crate) fn set_cookie(response: &mut Response, cookie: Cookie<'_>) {
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
    let mut new_csrf_cookie = None;
    let token = cookie_value(request.headers(), SESSION_COOKIE)
        .or_else(|| cookie_value(request.headers(), FRAME_SESSION_COOKIE));
    let viewer = match token {
        Some(token) => find_session(&state, &token).await,
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
    let mut chosen = None;
    if let Some((viewer, _)) = viewer {
        chosen.clone_from(&viewer.user.interface_language);
        request.extensions_mut().insert(viewer);
    }
    let mut response = next.run(request).await;
    // A problem page is drawn outside this layer: it learns the reader's
    // language from the answer.
    if let Some(lang) = chosen
        && (response.status().is_client_error() || response.status().is_server_error())
    {
        response.extensions_mut().insert(ReaderLanguage(lang));
    }
    // Only pages with forms need the cookie; other pages stay cookie-free
    // so shared caches may keep them.
    if let Some(token) = new_csrf_cookie
        && response.extensions().get::<CsrfUsed>().is_some()
    {
        set_cookie(&mut response, build_cookie(&state, CSRF_COOKIE, token, Duration::from_secs(24 * 3600)));
    }
    response
}

/// The language a signed-in reader chose, on an answer that is a problem.
#[derive(Debug, Clone)]
pub struct ReaderLanguage(pub byline_core::LanguageTag);

/// Marks a response whose page holds a form, so an anonymous visitor gets
/// the CSRF cookie the form's token is checked against.
#[derive(Debug, Clone, Copy)]
pub struct CsrfUsed;

async fn find_session(state: &AppState, token: &str) -> Option<(Viewer, String)> {
    match state.app.session(token).await {
        Ok(session) => session.map(|s| (Viewer { session_id: s.id, user: s.user }, s.csrf_token)),
        Err(err) => {
            tracing::warn!(error = %err, "session lookup failed; treating the request as anonymous");
            None
        }
    }
}

/// Signs `user_id` in: a new session with a new token, sent as the cookie
/// on `response`. Whoever was signed in on this browser (`before`) is
/// signed out first.
pub async fn start_session(
    state: &AppState,
    before: Option<&Viewer>,
    user_id: i64,
    headers: &HeaderMap,
    response: &mut Response,
) -> Result<(), AppError> {
    let (token, max_age) = open_session(state, before, user_id, headers, false).await?;
    set_cookie(response, build_cookie(state, SESSION_COOKIE, token, max_age));
    Ok(())
}

/// Signs `user_id` in to the comments bar framed by another site: a new
/// session, sent as the frame's own partitioned cookie (`SameSite=None`,
/// so the frame's requests carry it, and so `Secure`: browsers keep such
/// cookies from https sites and from this machine's own addresses).
pub async fn start_frame_session(
    state: &AppState,
    before: Option<&Viewer>,
    user_id: i64,
    headers: &HeaderMap,
    response: &mut Response,
) -> Result<(), AppError> {
    let (token, max_age) = open_session(state, before, user_id, headers, true).await?;
    set_cookie(response, frame_cookie(token, max_age));
    Ok(())
}

/// A new session for `user_id` (of the framed bar, with `framed`), after
/// ending whoever was signed in on this browser (`before`): its token and
/// how long the browser should keep it.
async fn open_session(
    state: &AppState,
    before: Option<&Viewer>,
    user_id: i64,
    headers: &HeaderMap,
    framed: bool,
) -> Result<(String, Duration), AppError> {
    if let Some(before) = before {
        state.app.end_session(before.session_id).await?;
    }
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let opened = if framed {
        state.app.open_frame_session(user_id, user_agent).await?
    } else {
        state.app.open_session(user_id, user_agent).await?
    };
    let max_age = Duration::from_secs(u64::try_from(opened.lasts_hours).unwrap_or(0) * 3600);
    Ok((opened.token, max_age))
}

/// Tells the framed bar's browser to forget its session cookie.
pub fn clear_frame_session(response: &mut Response) {
    set_cookie(response, frame_cookie(String::new(), Duration::ZERO));
}

fn frame_cookie(value: String, max_age: Duration) -> Cookie<'static> {
    Cookie::build((FRAME_SESSION_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::None)
        .secure(true)
        .partitioned(true)
        .max_age(cookie::time::Duration::seconds(i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX)))
        .build()
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
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; byline_session=tok; b=2"));
        assert_eq!(cookie_value(&headers, SESSION_COOKIE).as_deref(), Some("tok"));
        assert_eq!(cookie_value(&headers, CSRF_COOKIE), None);
    }
}
