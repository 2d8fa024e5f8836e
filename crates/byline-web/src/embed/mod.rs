//! The comments bar on other sites.
//!
//! A host page loads `/embed.js`, which puts a frame of this site under the
//! story: `/embed/thread?url=…` finds (or makes) the story's discussion and
//! sends the frame on to `/embed/articles/{slug}`, the comments bar alone,
//! which only that story's site may frame. The frame tells the host page
//! its height; both check the other's origin on every message.
//!
//! A frame of another site gets no cookies of ours but its own
//! partitioned ones, so a reader signs in through a popup on this site,
//! which hands a one-time code back to the frame; the frame trades it for
//! a session cookie of its own partition. A host site may instead sign
//! its reader in with a token signed with the shared secret.

pub(crate) mod counts;

use askama::Template;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::Slug;
use serde::Deserialize;
use url::Url;

pub use counts::count_comments;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer, Viewer, clear_frame_session, start_frame_session};
use crate::api::ApiJson;
use crate::comments::refusals::ActionError;
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::layout::Chrome;
use crate::pages::articles::{Frame, page_for};
use crate::pages::{holding_unpublished, html_page};

/// The host site's script, at an address that does not change.
static EMBED_JS: &[u8] = include_bytes!("../../assets/embed.js");

/// `GET /embed.js`: the one script a host page loads. Its address is in
/// host sites' pages, so it is kept for minutes, not forever.
pub async fn embed_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=600")),
        ],
        EMBED_JS,
    )
        .into_response()
}

/// What a host page says of its story.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HostQuery {
    url: String,
    id: Option<String>,
    title: Option<String>,
    lang: Option<String>,
}

/// The host page a request says it comes from, as `HostPage` takes it:
/// a discussion is made only for a request from the story's own site (its
/// `Referer`, which browsers send from the host page to its frame and its
/// links), so a crawler or a script elsewhere finds existing ones only.
fn host_page<'a>(query: &'a HostQuery, headers: &HeaderMap) -> byline_app::embed::HostPage<'a> {
    let referrer =
        headers.get(header::REFERER).and_then(|v| v.to_str().ok()).and_then(|r| Url::parse(r).ok()).map(|u| u.origin());
    let asked = Url::parse(query.url.trim()).ok().map(|u| u.origin());
    byline_app::embed::HostPage {
        url: &query.url,
        id: query.id.as_deref(),
        title: query.title.as_deref(),
        lang: query.lang.as_deref(),
        may_create: referrer.is_some() && referrer == asked,
    }
}

/// `GET /embed/thread?url=…&id=…&title=…&lang=…`: the story's discussion,
/// made on its first visit; pages of sites not allowed get nothing.
pub async fn open_thread(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HostQuery>,
) -> Result<Response, AppError> {
    let found = state.app.host_discussion(host_page(&query, &headers)).await?;
    Ok(Redirect::to(&framed_path(found.slug.as_str())).into_response())
}

/// `GET /embed/discussion?url=…`: the link a host page shows readers
/// without scripts, to the story's discussion as a page of this site.
pub async fn open_discussion(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HostQuery>,
) -> Result<Response, AppError> {
    let found = state.app.host_discussion(host_page(&query, &headers)).await?;
    Ok(crate::layout::see_article(found.slug.as_str()))
}

/// Where the framed bar of the discussion at `slug` lives, percent-encoded
/// for a `Location` header.
fn framed_path(slug: &str) -> String {
    const KEPT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-');
    format!("/embed/articles/{}", percent_encoding::utf8_percent_encode(slug, KEPT))
}

/// Whether `path` is a framed bar's address as [`framed_path`] makes it.
fn is_framed_path(path: &str) -> bool {
    path.strip_prefix("/embed/articles/").is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'%')
    })
}

/// `GET /embed/articles/{slug}`: the comments bar alone, for a frame on
/// the story's own site, which alone may frame it.
pub async fn show_framed(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let article = state.app.store.visible_article(&slug, state.app.now()).await?.ok_or(AppError::NotFound)?;
    let Some(story_url) = article.external_url.clone() else { return Err(AppError::NotFound) };
    let host = Url::parse(&story_url).map(|u| u.origin()).map_err(|_| AppError::NotFound)?;
    if !state.app.embed_allows(&host) {
        return Err(AppError::Forbidden);
    }
    let host = host.ascii_serialization();
    let frame = Frame {
        host: host.clone(),
        signed_in_as: viewer.as_ref().map(|v| v.user.display_name.clone()),
        back: framed_path(slug.as_str()),
        script: &crate::assets::FRAME_JS.path,
    };
    let page = page_for(&state, viewer.as_ref(), &csrf, article, query.as_deref(), Some(frame)).await?;
    let mut response = html_page(page.render()?, viewer.is_some());
    if viewer.is_some() {
        response = holding_unpublished(response);
    }
    framed_by(&mut response, &host);
    Ok(response)
}

/// Lets `host` (and only it) frame the response.
fn framed_by(response: &mut Response, host: &str) {
    let policy = crate::http::CSP.replace("frame-ancestors 'none'", &format!("frame-ancestors {host}"));
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
        response.extensions_mut().insert(crate::http::Framed);
    }
}

/// The popup's last page: hands the sign-in to the frame that opened it.
#[derive(Template)]
#[template(path = "embed/handoff.html")]
struct HandoffPage {
    chrome: Chrome,
    code: String,
    frame_js: &'static str,
}

/// `GET /embed/signin`, in a popup opened by the framed bar: a reader not
/// signed in here signs in first; one who is gets a one-time code the
/// page hands to the frame, and the popup closes.
pub async fn sign_in_popup(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let Some(viewer) = viewer else {
        return Ok(Redirect::to("/signin?then=embed").into_response());
    };
    let code = state.app.hand_off_sign_in(viewer.user.id).await?;
    let chrome = state.chrome(&state.site.language, "/embed/signin", Some(&viewer), &csrf).await?;
    let page = HandoffPage { chrome, code, frame_js: &crate::assets::FRAME_JS.path };
    let mut response = html_page(page.render()?, true);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HandoffBody {
    code: String,
}

/// From the framed bar: trades the sign-in popup's one-time code for a
/// session of the frame's own (a partitioned cookie).
#[utoipa::path(post, path = "/api/v1/embed/session", tag = "embed", request_body = HandoffBody,
    responses(
        (status = 204, description = "Signed in: the frame's session cookie is set"),
        (status = 400, description = "The body could not be read", body = crate::api::answers::ApiError),
        (status = 403, description = "A cross-site request", body = crate::api::answers::ApiError),
        (status = 413, description = "The body is too large", body = crate::api::answers::ApiError),
        (status = 415, description = "The body is not JSON", body = crate::api::answers::ApiError),
        (status = 422, description = "The code expired, was used, or never was (`link_expired`)", body = crate::api::answers::ApiError),
        crate::api::answers::AnyRoute))]
pub async fn start_session_by_code(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    headers: HeaderMap,
    ApiJson(body): ApiJson<HandoffBody>,
) -> Result<Response, ActionError> {
    let user_id = state.app.take_hand_off(&body.code).await?;
    signed_in(&state, viewer.as_ref(), user_id, &headers).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HostTokenBody {
    token: String,
}

/// From the framed bar: the host site's signed token (HS256) for its
/// reader, who is signed in as the account linked to them.
#[utoipa::path(post, path = "/api/v1/embed/sso", tag = "embed", request_body = HostTokenBody,
    responses(
        (status = 204, description = "Signed in: the frame's session cookie is set"),
        (status = 200, description = "The reader was signed in already: `{\"changed\": false}`"),
        (status = 400, description = "The body could not be read", body = crate::api::answers::ApiError),
        (status = 403, description = "Refused: `sso_not_configured`, `sso_token_site`, `sso_token_invalid`, `sso_token_claims`, \
            `sso_token_expired`, `sso_token_too_long`, `sso_token_used`; or a cross-site request", body = crate::api::answers::ApiError),
        (status = 413, description = "The body is too large", body = crate::api::answers::ApiError),
        (status = 415, description = "The body is not JSON", body = crate::api::answers::ApiError),
        crate::api::answers::AnyRoute))]
pub async fn sign_in_by_host(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    headers: HeaderMap,
    ApiJson(body): ApiJson<HostTokenBody>,
) -> Result<Response, ActionError> {
    let user_id = state.app.sign_in_from_host(&body.token).await?;
    // The host's reader is signed in here already: nothing to change.
    if viewer.as_ref().is_some_and(|v| v.user.id == user_id) {
        return Ok(axum::Json(serde_json::json!({ "changed": false })).into_response());
    }
    signed_in(&state, viewer.as_ref(), user_id, &headers).await
}

async fn signed_in(
    state: &AppState,
    before: Option<&Viewer>,
    user_id: i64,
    headers: &HeaderMap,
) -> Result<Response, ActionError> {
    let mut response = StatusCode::NO_CONTENT.into_response();
    start_frame_session(state, before, user_id, headers, &mut response).await?;
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignOutForm {
    back: String,
}

/// `POST /embed/signout`: ends the frame's session and shows the bar again.
pub async fn sign_out(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    PostedForm(form): PostedForm<SignOutForm>,
) -> Result<Response, AppError> {
    if let Some(viewer) = viewer {
        state.app.end_session(viewer.session_id).await?;
    }
    let back = if is_framed_path(&form.back) { form.back.as_str() } else { "/embed/signin" };
    let mut response = Redirect::to(back).into_response();
    clear_frame_session(&mut response);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_out_comes_back_only_to_a_frame() {
        assert!(is_framed_path(&framed_path("who-is-x-3fa9c2d1")));
        assert!(is_framed_path(&framed_path("کراچی-میں-بارش-3fa9c2d1")));
        for elsewhere in [
            "/embed/articles/",
            "//evil.example/x",
            "https://evil.example",
            "/embed/articles/../admin",
            "/embed/articles/a/b",
            "/embed/articles/a?b",
        ] {
            assert!(!is_framed_path(elsewhere), "{elsewhere}");
        }
    }
}
