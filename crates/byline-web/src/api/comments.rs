//! The comments of an article as JSON: the list with a cursor, and what
//! readers do (post, edit, delete, vote, flag) through the same actions as
//! the page's forms.

use askama::Template;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use byline_core::comments::CommentStatus;
use byline_core::{Slug, Timestamp};
use byline_store::{MoreReplies, ThreadComment, ThreadOrder};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::answers::{AnyRoute, ReadRefusals, WriteRefusals};
use super::{ApiJson, json_error};
use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer, Viewer};
use crate::comments::refusals::{ActionError, Refusal};
use crate::comments::view::ComposeState;
use crate::comments::view::{CommentItem, CommentView, ThreadContext, thread_views};
use crate::error::AppError;
use crate::pages::query_param;

/// Threads per page of the API.
const THREADS: u32 = 50;
const COMMENTS: u32 = 500;

#[derive(Serialize, ToSchema)]
pub struct CommentList {
    article: String,
    count: i64,
    sort: &'static str,
    comments: Vec<ApiComment>,
    /// Pass as `after` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    /// The last thread was too long for the page: pass these as `thread`
    /// and `after` for the rest of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    more_replies: Option<ApiMoreReplies>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiMoreReplies {
    thread: i64,
    after: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApiComment {
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

#[derive(Serialize, ToSchema)]
pub struct ApiAuthor {
    handle: Option<String>,
    name: String,
    /// Written without an account.
    guest: bool,
}

fn to_api(state: &AppState, c: ThreadComment) -> ApiComment {
    let tombstone = matches!(c.status, CommentStatus::Deleted | CommentStatus::Removed) || c.concealed;
    ApiComment {
        url: state.absolute(&format!("/comments/{}", c.id)),
        id: c.id,
        parent: c.parent_id,
        depth: c.depth,
        status: c.status.as_str(),
        author: (!tombstone).then(|| ApiAuthor {
            handle: c.author_handle,
            name: c.author_name.unwrap_or_else(|| "Deleted user".to_owned()),
            guest: c.guest,
        }),
        created_at: c.created_at.rfc3339(),
        edited_at: c.edited_at.map(Timestamp::rfc3339),
        language: c.language,
        score: c.score,
        featured: c.featured,
        html: c.body_html.into_string(),
    }
}

/// Where a page of comments starts.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListQuery {
    /// `oldest` (the default), `newest` or `voted`.
    sort: Option<String>,
    /// A `next` value from an earlier page, or with `thread` a
    /// `more_replies.after`.
    after: Option<String>,
    /// A `more_replies.thread`: the rest of that thread.
    thread: Option<i64>,
}

/// An article's comments: whole threads, parents before their replies.
#[utoipa::path(get, path = "/api/v1/articles/{slug}/comments", tag = "comments",
    params(("slug" = String, Path, description = "The article's slug"), ListQuery),
    responses((status = 200, description = "One page of threads", body = CommentList), ReadRefusals, AnyRoute))]
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
    let rest = match query_param(query.as_deref(), "thread") {
        None => None,
        Some(thread) => match (thread.parse::<i64>(), after.as_deref()) {
            (Ok(root_id), Some(path)) if MoreReplies::valid(root_id, path) => {
                Some(MoreReplies { root_id, after: path.to_owned() })
            }
            _ => {
                let message = "thread and after must be a `more_replies` value from an earlier page";
                return json_error(StatusCode::BAD_REQUEST, "bad_cursor", message);
            }
        },
    };
    if rest.is_none() && after.as_deref().is_some_and(|a| !order.valid_position(a)) {
        return json_error(StatusCode::BAD_REQUEST, "bad_cursor", "after must be a `next` value from an earlier page");
    }
    let Ok(slug) = Slug::parse(&slug) else {
        return json_error(StatusCode::NOT_FOUND, "not_found", "no such article");
    };
    let result = async {
        let Some(article) = state.app.store.visible_article(&slug, state.app.now()).await? else {
            return Ok(None);
        };
        let viewer_id = viewer.as_ref().map(|v| v.user.id);
        let id = article.summary.id;
        let page = match &rest {
            Some(rest) => state.app.store.thread_rest(id, viewer_id, rest, COMMENTS).await?,
            None => state.app.store.thread_page(id, viewer_id, order, after.as_deref(), THREADS, COMMENTS).await?,
        };
        Ok::<_, byline_store::StoreError>(Some((article.summary.comment_count, page)))
    }
    .await;
    match result {
        Ok(Some((count, page))) => Json(CommentList {
            article: slug.to_string(),
            count,
            sort,
            next: page.next_after,
            more_replies: page.more_replies.map(|m| ApiMoreReplies { thread: m.root_id, after: m.after }),
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

/// One comment, and what its reader may do with it.
#[derive(Serialize, ToSchema)]
pub struct OneComment {
    comment: ApiComment,
    /// The Markdown as written; only for its author while they may edit.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    /// The comment as a list item of the page, with the viewer's buttons;
    /// only in the answer to a post.
    #[serde(skip_serializing_if = "Option::is_none")]
    item_html: Option<String>,
}

async fn one_comment(state: &AppState, id: i64) -> Result<ApiComment, ActionError> {
    let comment = state.app.store.thread_comment(id).await?.ok_or(Refusal::NotFound)?;
    Ok(to_api(state, comment))
}

/// One comment: published comments and tombstones for anyone; held ones
/// for their author only.
#[utoipa::path(get, path = "/api/v1/comments/{id}", tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
    responses((status = 200, description = "The comment", body = OneComment), ReadRefusals, AnyRoute))]
pub async fn show_comment(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    Path(id): Path<i64>,
) -> Result<Response, ActionError> {
    let record = state.app.comment(id).await?;
    // Not on an article readers cannot see (a draft, or one not out yet).
    let slug = Slug::parse(&record.article_slug).map_err(|_| Refusal::NotFound)?;
    if state.app.store.visible_article(&slug, state.app.now()).await?.is_none() {
        return Err(Refusal::NotFound.into());
    }
    let own = viewer.as_ref().is_some_and(|v| record.author_id == Some(v.user.id));
    let visible = matches!(record.status, CommentStatus::Published | CommentStatus::Deleted | CommentStatus::Removed)
        || (own && record.status == CommentStatus::Pending);
    if !visible {
        return Err(Refusal::NotFound.into());
    }
    let source = viewer.as_ref().filter(|v| state.app.may_edit(&v.user, &record)).map(|_| record.body_source.clone());
    let comment = one_comment(&state, id).await?;
    Ok(Json(OneComment { comment, source, item_html: None }).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCommentBody {
    body: String,
    #[serde(default)]
    parent: Option<i64>,
}

/// Posts a comment, or a reply to `parent`.
#[utoipa::path(post, path = "/api/v1/articles/{slug}/comments", tag = "comments",
    params(("slug" = String, Path, description = "The article's slug")), request_body = NewCommentBody,
    responses((status = 201, description = "Posted (published or held)", body = OneComment), WriteRefusals, AnyRoute))]
pub async fn post_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    ApiJson(input): ApiJson<NewCommentBody>,
) -> Result<Response, ActionError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let (article, posted) = state.app.post_comment_at(&viewer.user, &slug, input.parent, &input.body).await?;
    let can_reply = matches!(state.app.comment_access(&article, Some(&viewer.user)), ComposeState::Open { .. });
    let view = CommentView::fresh(&posted, &viewer.user, &article.language).for_author(can_reply);
    let i18n = state.locale_of(&article.language, Some(&viewer.user));
    let item =
        CommentItem::new(&view, csrf.0, i18n, &article.language, slug.as_str()).render().map_err(AppError::from)?;
    // Built from what was written, not read back: a new comment has no
    // votes, edits or feature yet.
    let comment = ApiComment {
        url: state.absolute(&format!("/comments/{}", posted.id)),
        id: posted.id,
        parent: posted.parent_id,
        depth: posted.depth,
        status: posted.status.as_str(),
        author: Some(ApiAuthor {
            handle: Some(viewer.user.handle.clone()),
            name: viewer.user.display_name.clone(),
            guest: false,
        }),
        created_at: posted.created_at.rfc3339(),
        edited_at: None,
        language: posted.language.to_string(),
        score: 0,
        featured: false,
        html: posted.html.into_string(),
    };
    Ok((StatusCode::CREATED, Json(OneComment { comment, source: None, item_html: Some(item) })).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    body: String,
}

/// Edits one's own comment, within the edit window.
#[utoipa::path(patch, path = "/api/v1/comments/{id}", tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")), request_body = EditBody,
    responses((status = 200, description = "Edited", body = OneComment), WriteRefusals, AnyRoute))]
pub async fn edit_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EditBody>,
) -> Result<Response, ActionError> {
    state.app.edit_comment(&viewer.user, id, &input.body).await?;
    let comment = state.app.store.thread_comment(id).await?.ok_or(Refusal::NotFound)?;
    let item = item_for_author(&state, &viewer, csrf, comment.clone()).await?;
    Ok(Json(OneComment { comment: to_api(&state, comment), source: None, item_html: Some(item) }).into_response())
}

/// The comment as a list item for its author, after a change: the page's
/// script puts it in place of the old one (its state may have changed).
async fn item_for_author(
    state: &AppState,
    viewer: &Viewer,
    csrf: CsrfToken,
    comment: ThreadComment,
) -> Result<String, ActionError> {
    let record = state.app.comment(comment.id).await?;
    let slug = Slug::parse(&record.article_slug).map_err(|_| Refusal::NotFound)?;
    let now = state.app.now();
    let article = state.app.store.visible_article(&slug, now).await?.ok_or(Refusal::NotFound)?;
    let lang = &article.summary.language;
    let i18n = state.locale_of(lang, Some(&viewer.user));
    let context = ThreadContext {
        i18n,
        viewer: Some(viewer.user.id),
        can_reply: matches!(state.app.comment_access(&article.summary, Some(&viewer.user)), ComposeState::Open { .. }),
        can_feature: viewer.user.role.can(byline_core::accounts::Permission::FeatureContent),
        edit_until: now.plus_minutes(-state.app.comment_limits.edit_minutes),
        votes: &[],
    };
    let (views, _) = thread_views(std::slice::from_ref(&comment), lang, &context);
    let view = views.first().ok_or(Refusal::NotFound)?;
    Ok(CommentItem::new(view, csrf.0, i18n, lang, slug.as_str()).render().map_err(AppError::from)?)
}

/// The author withdraws their comment; a tombstone stays.
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
    responses((status = 200, description = "Deleted: the tombstone", body = OneComment), WriteRefusals, AnyRoute))]
pub async fn delete_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, ActionError> {
    state.app.delete_comment(&viewer.user, id).await?;
    let comment = one_comment(&state, id).await?;
    Ok(Json(OneComment { comment, source: None, item_html: None }).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct VoteState {
    score: i64,
    voted: bool,
}

/// Gives the viewer's vote; repeating it changes nothing.
#[utoipa::path(put, path = "/api/v1/comments/{id}/vote", tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
    responses((status = 200, description = "The comment's score", body = VoteState), WriteRefusals, AnyRoute))]
pub async fn give_vote(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, ActionError> {
    let (_, score) = state.app.vote(&viewer.user, id, true).await?;
    Ok(Json(VoteState { score, voted: true }).into_response())
}

/// Takes the viewer's vote back; repeating it changes nothing.
#[utoipa::path(delete, path = "/api/v1/comments/{id}/vote", tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
    responses((status = 200, description = "The comment's score", body = VoteState), WriteRefusals, AnyRoute))]
pub async fn take_back_vote(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, ActionError> {
    let (_, score) = state.app.vote(&viewer.user, id, false).await?;
    Ok(Json(VoteState { score, voted: false }).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagBody {
    reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct Flagged {
    flagged: bool,
}

/// Flags a comment for the moderators: `abuse`, `spam`, `off-topic`,
/// `misinformation` or `other`.
#[utoipa::path(post, path = "/api/v1/comments/{id}/flags", tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")), request_body = FlagBody,
    responses((status = 201, description = "Flagged", body = Flagged), WriteRefusals, AnyRoute))]
pub async fn flag_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<FlagBody>,
) -> Result<Response, ActionError> {
    state.app.flag(&viewer.user, id, &input.reason).await?;
    Ok((StatusCode::CREATED, Json(Flagged { flagged: true })).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct Preview {
    html: String,
}

/// The comment as it would be shown; nothing is saved.
#[utoipa::path(post, path = "/api/v1/preview", tag = "comments", request_body = EditBody,
    responses((status = 200, description = "The sanitised HTML", body = Preview), WriteRefusals, AnyRoute))]
pub async fn preview(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<EditBody>,
) -> Result<Response, ActionError> {
    let html = state.app.preview_comment(&input.body)?;
    Ok(Json(Preview { html: html.into_string() }).into_response())
}
