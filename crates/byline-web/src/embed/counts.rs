//! Comment counts for a host site's index pages: every story asked about,
//! in one request, answered only to allowed sites' pages.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;

use crate::AppState;
use crate::api::json_error;
use crate::error::AppError;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CountsBody {
    /// Page address (as asked) → published comments.
    urls: BTreeMap<String, i64>,
    /// Story identifier → published comments.
    ids: BTreeMap<String, i64>,
}

/// The pages and stories asked about.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct CountsQuery {
    /// A page's address; repeat for more (at most 200 in all).
    url: Option<Vec<String>>,
    /// A story's identifier on its site; repeat for more.
    id: Option<Vec<String>>,
    /// The asking site, for a server (a browser's `Origin` says it).
    site: Option<String>,
}

/// Published comments on each page (by address) and story (by its site's
/// identifier); a page never discussed counts 0. Answered to an allowed
/// site's pages (by their `Origin`, with CORS), or with `site=` to a server.
#[utoipa::path(get, path = "/api/v1/embed/counts", tag = "embed", params(CountsQuery),
    responses(
        (status = 200, description = "The counts", body = CountsBody),
        (status = 400, description = "More than 200 pages asked about (`too_many_pages`)", body = crate::api::answers::ApiError),
        (status = 403, description = "Not a site allowed to carry the discussion (`embed_site_not_allowed`)", body = crate::api::answers::ApiError),
        crate::api::answers::AnyRoute))]
pub async fn count_comments(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let mut urls = Vec::new();
    let mut ids = Vec::new();
    let mut site_param = None;
    for (key, value) in url::form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "url" => urls.push(value.into_owned()),
            "id" => ids.push(value.into_owned()),
            "site" => site_param = Some(value.into_owned()),
            _ => {}
        }
    }
    let origin_header = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    // A browser says which site's page asks; a server may name it.
    let asked_for = origin_header.map(str::to_owned).or(site_param);
    let Some(site) = asked_for.as_deref().and_then(|raw| state.app.allowed_site(raw)) else {
        return Ok(json_error(
            StatusCode::FORBIDDEN,
            "embed_site_not_allowed",
            "Counts are given only to the sites allowed to carry the discussion.",
        ));
    };
    if urls.len() + ids.len() > byline_app::embed::MAX_COUNTED_PAGES {
        return Ok(json_error(
            StatusCode::BAD_REQUEST,
            "too_many_pages",
            &format!("Ask for at most {} pages at a time.", byline_app::embed::MAX_COUNTED_PAGES),
        ));
    }
    let counts = state.app.host_counts(&site, &urls, &ids).await?;
    let body = CountsBody { urls: counts.urls.into_iter().collect(), ids: counts.ids.into_iter().collect() };
    let mut response = axum::Json(body).into_response();
    // The API's CORS layer answers the allowed site's pages.
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, no-cache"));
    Ok(response)
}
