//! The one place that decides whether a request may go on: cross-site
//! requests and missing CSRF tokens are refused for every state-changing
//! method, and each route's [`Access`] is checked against the viewer.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use byline_core::accounts::Permission;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Public,
    /// Anyone signed in.
    SignedIn,
    /// Signed in with a role that has this permission.
    Needs(Permission),
    /// Anyone may read (GET); changing anything needs this permission.
    WritesNeed(Permission),
    /// Anyone, from this site's own pages, without a CSRF token: the
    /// request carries a one-time secret of its own (a code or a signed
    /// token), which a forger cannot know. The framed comments bar signs
    /// in this way, as it has no cookie before it does.
    CarriesSecret,
}

/// Who may use each route pattern: the router's table, handed to the
/// guard when the router is built.
#[derive(Debug, Default)]
pub struct AccessTable(HashMap<&'static str, Access>);

impl FromIterator<(&'static str, Access)> for AccessTable {
    fn from_iter<I: IntoIterator<Item = (&'static str, Access)>>(routes: I) -> Self {
        Self(routes.into_iter().collect())
    }
}

/// Header a script may use instead of a `csrf` form field.
pub const CSRF_HEADER: &str = "x-csrf-token";

pub async fn guard(
    State((state, table)): State<(AppState, Arc<AccessTable>)>,
    path: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let access = path.and_then(|p| table.0.get(p.as_str()).copied()).unwrap_or(Access::Public);
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && !same_origin(request.headers(), &state) {
        tracing::info!("cross-site request refused");
        return AppError::Forbidden.into_response();
    }
    let viewer = request.extensions().get::<Viewer>();
    let allowed = match access {
        Access::Public | Access::CarriesSecret => true,
        Access::SignedIn => viewer.is_some(),
        Access::Needs(permission) => viewer.is_some_and(|v| v.user.role.can(permission)),
        Access::WritesNeed(permission) => !changes_state || viewer.is_some_and(|v| v.user.role.can(permission)),
    };
    let refusal = if viewer.is_none() { AppError::SignInRequired } else { AppError::Forbidden };
    let upload = crate::http::is_upload(&request);
    // A photograph's upload (up to its own, larger limit) is read only for
    // someone the route lets in; other bodies are small, and their token
    // is checked first, as it always was.
    if upload && !allowed {
        return refusal.into_response();
    }
    let request = if changes_state && access != Access::CarriesSecret {
        let limit = if upload { state.limits.max_upload_bytes } else { state.limits.max_body_bytes };
        match with_checked_csrf(request, limit).await {
            Ok(request) => request,
            Err(err) => return err.into_response(),
        }
    } else {
        request
    };
    if !allowed {
        return refusal.into_response();
    }
    next.run(request).await
}

/// Browsers say where a request comes from: `Sec-Fetch-Site` when they
/// support it, `Origin` otherwise. Either must name this site. Clients
/// that send neither (not browsers) still need the CSRF token.
fn same_origin(headers: &HeaderMap, state: &AppState) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => {
            let ours = state.site.base_url.origin().ascii_serialization();
            origin == ours || origin_is_listen_address(origin, headers)
        }
        None => true,
    }
}

/// A request to the server's own address (as used on loopback before a
/// public name is configured) is same-origin when Origin matches Host.
fn origin_is_listen_address(origin: &str, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else { return false };
    origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host)
}

/// Reads the form (or the CSRF header) and compares its token with the
/// viewer's; hands the request on with its body intact.
async fn with_checked_csrf(request: Request, limit: usize) -> Result<Request, AppError> {
    let expected = request.extensions().get::<CsrfToken>().map(|t| t.0.clone()).ok_or(AppError::Forbidden)?;
    if let Some(given) = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if constant_time_eq(given, &expected) { Ok(request) } else { Err(AppError::Forbidden) };
    }
    let multipart = crate::http::is_multipart(request.headers());
    let upload = crate::http::is_upload(&request);
    let (parts, body) = request.into_parts();
    let too_large = || {
        if upload {
            AppError::UploadTooLarge(limit.saturating_sub(crate::http::UPLOAD_SLACK))
        } else {
            AppError::PayloadTooLarge
        }
    };
    let bytes = to_bytes(body, limit).await.map_err(|_| too_large())?;
    let given = if multipart {
        multipart_csrf(&parts.headers, bytes.clone()).await.unwrap_or_default()
    } else {
        url::form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned()).unwrap_or_default()
    };
    if !constant_time_eq(&given, &expected) {
        tracing::info!("request without a valid CSRF token refused");
        return Err(AppError::Forbidden);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// The `csrf` field of a multipart form (a form's hidden fields come
/// before its file, so it is found before the photograph is read).
async fn multipart_csrf(headers: &HeaderMap, bytes: axum::body::Bytes) -> Option<String> {
    use axum::extract::{FromRequest, Multipart};
    let content_type = headers.get(header::CONTENT_TYPE)?.clone();
    let request =
        axum::http::Request::builder().header(header::CONTENT_TYPE, content_type).body(Body::from(bytes)).ok()?;
    let mut form = Multipart::from_request(request, &()).await.ok()?;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("csrf") {
            return field.text().await.ok();
        }
    }
    None
}

/// Compares secrets in time that does not depend on where they differ.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(!constant_time_eq("", "a"));
    }
}
