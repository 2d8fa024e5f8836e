//! The JSON API, version 1: what a page's own script or another site reads.
//! Errors are JSON with a stable `code`; see the README for every field.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use byline_core::comments::CommentStatus;
use byline_core::{Slug, Timestamp};
use byline_store::{ThreadComment, ThreadOrder};
use serde::Serialize;

use crate::AppState;
use crate::pages::query_param;
use crate::sessions::MaybeViewer;

/// Threads per page of the API.
const THREADS: u32 = 50;
const COMMENTS: u32 = 500;

#[derive(Serialize)]
struct ApiError {
    error: ErrorBody,
}

#[derive(Serialize)]
struct ErrorBody {
    code: &'static str,
    message: &'static str,
}

/// A JSON error with a stable code.
pub fn json_error(status: StatusCode, code: &'static str, message: &'static str) -> Response {
    (status, Json(ApiError { error: ErrorBody { code, message } })).into_response()
}

#[derive(Serialize)]
struct CommentList {
    article: String,
    count: i64,
    sort: &'static str,
    comments: Vec<ApiComment>,
    /// Pass as `after` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

#[derive(Serialize)]
struct ApiComment {
    id: i64,
    parent: Option<i64>,
    depth: i64,
    status: &'static str,
    author: Option<ApiAuthor>,
    created_at: String,
    edited_at: Option<String>,
    language: String,
    score: i64,
    featured: bool,
    /// Sanitised HTML; empty for deleted and removed comments.
    html: String,
    url: String,
}

#[derive(Serialize)]
struct ApiAuthor {
    handle: Option<String>,
    name: String,
}

fn to_api(state: &AppState, c: ThreadComment) -> ApiComment {
    let tombstone = matches!(c.status, CommentStatus::Deleted | CommentStatus::Removed);
    ApiComment {
        url: state.absolute(&format!("/comments/{}", c.id)),
        id: c.id,
        parent: c.parent_id,
        depth: c.depth,
        status: c.status.as_str(),
        author: (!tombstone).then(|| ApiAuthor {
            handle: c.author_handle,
            name: c.author_name.unwrap_or_else(|| "Deleted user".to_owned()),
        }),
        created_at: c.created_at.rfc3339(),
        edited_at: c.edited_at.map(Timestamp::rfc3339),
        language: c.language,
        score: c.score,
        featured: c.featured,
        html: c.body_html.into_string(),
    }
}

/// `GET /api/v1/articles/{slug}/comments?sort=oldest|newest|voted&after=…`
pub async fn list_comments(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let order = match query_param(query.as_deref(), "sort") {
        None => ThreadOrder::Oldest,
        Some(key) => match ThreadOrder::from_key(&key) {
            Some(order) => order,
            None => return json_error(StatusCode::BAD_REQUEST, "bad_sort", "sort must be oldest, newest or voted"),
        },
    };
    let sort = order.key();
    let after = query_param(query.as_deref(), "after");
    if after.as_deref().is_some_and(|a| !order.valid_position(a)) {
        return json_error(StatusCode::BAD_REQUEST, "bad_cursor", "after must be a `next` value from an earlier page");
    }
    let Ok(slug) = Slug::parse(&slug) else {
        return json_error(StatusCode::NOT_FOUND, "not_found", "no such article");
    };
    let result = async {
        let Some(article) = state.store.visible_article(&slug, Timestamp::now()).await? else {
            return Ok(None);
        };
        let viewer_id = viewer.as_ref().map(|v| v.user.id);
        let page =
            state.store.thread_page(article.summary.id, viewer_id, order, after.as_deref(), THREADS, COMMENTS).await?;
        Ok::<_, byline_store::StoreError>(Some((article.summary.comment_count, page)))
    }
    .await;
    match result {
        Ok(Some((count, page))) => Json(CommentList {
            article: slug.to_string(),
            count,
            sort,
            next: page.next_after,
            comments: page.comments.into_iter().map(|c| to_api(&state, c)).collect(),
        })
        .into_response(),
        Ok(None) => json_error(StatusCode::NOT_FOUND, "not_found", "no such article"),
        Err(err) => {
            tracing::error!(error = %err, "comments API failed");
            json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "something went wrong on our side")
        }
    }
}
