//! What readers do to comments: edit their own within the window, delete
//! their own, vote, flag; and what editors and moderators do: feature.
//! Every action answers with a redirect back to the comment, so all of it
//! works without JavaScript.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::LanguageTag;
use byline_core::Timestamp;
use byline_core::accounts::Permission;
use byline_core::comments::{CommentBody, CommentStatus, detect_language, render_comment};
use byline_store::{CommentEdit, CommentRecord};
use serde::Deserialize;

use super::form_page;
use crate::AppState;
use crate::error::AppError;
use crate::forms::{FormPage, FormView, PostedForm};
use crate::sessions::{CsrfToken, Viewer};
use crate::views::article_path;

/// `GET /comments/{id}`: the comment's permalink, which opens the page of
/// threads that holds it, however long the discussion.
pub async fn show_comment(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let comment = find(&state, id).await?;
    if !matches!(comment.status, CommentStatus::Published | CommentStatus::Deleted | CommentStatus::Removed) {
        return Err(AppError::NotFound);
    }
    // Pages start after a root's path; the root's own id less one gives the
    // page that opens with this thread.
    let after = format!("{:012}", comment.root_id - 1);
    let to = format!("{}?after={after}#c-{}", article_path(&comment.article_slug), comment.id);
    Ok(Redirect::to(&to).into_response())
}

fn back_to(comment: &CommentRecord) -> Response {
    Redirect::to(&format!("{}#c-{}", article_path(&comment.article_slug), comment.id)).into_response()
}

async fn find(state: &AppState, id: i64) -> Result<CommentRecord, AppError> {
    state.store.comment(id).await?.ok_or(AppError::NotFound)
}

/// Whether `viewer` may still edit `comment` at `now`.
pub fn may_edit(state: &AppState, viewer: &Viewer, comment: &CommentRecord, now: Timestamp) -> bool {
    comment.author_id == Some(viewer.user.id)
        && matches!(comment.status, CommentStatus::Published | CommentStatus::Pending)
        && comment.created_at.plus_minutes(state.comment_limits.edit_minutes) > now
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditForm {
    body: String,
}

fn edit_form(id: i64, text: &str, error: Option<String>) -> FormView {
    let mut form = FormView::new("Edit your comment", format!("/comments/{id}/edit"), "Save changes", Vec::new());
    form.textarea = Some(("body", "Your comment", text.to_owned()));
    form.error = error;
    form
}

async fn render_edit(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    status: StatusCode,
    form: FormView,
) -> Result<Response, AppError> {
    let chrome = state.chrome(&state.site.language, &form.action, Some(viewer), csrf).await?;
    let mut response = form_page(FormPage { chrome, form }.render()?);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn show_edit(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let comment = find(&state, id).await?;
    if !may_edit(&state, &viewer, &comment, Timestamp::now()) {
        return Err(AppError::Forbidden);
    }
    render_edit(&state, &viewer, &csrf, StatusCode::OK, edit_form(id, &comment.body_source, None)).await
}

pub async fn edit_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<EditForm>,
) -> Result<Response, AppError> {
    let comment = find(&state, id).await?;
    let now = Timestamp::now();
    if comment.author_id != Some(viewer.user.id) {
        return Err(AppError::Forbidden);
    }
    if !may_edit(&state, &viewer, &comment, now) {
        let message = format!(
            "Comments can be edited for {} minutes after posting; that time is over.",
            state.comment_limits.edit_minutes
        );
        return render_edit(
            &state,
            &viewer,
            &csrf,
            StatusCode::UNPROCESSABLE_ENTITY,
            edit_form(id, &input.body, Some(message)),
        )
        .await;
    }
    let body = match CommentBody::parse(&input.body, &state.comment_limits) {
        Ok(body) => body,
        Err(err) => {
            let form = edit_form(id, &input.body, Some(err.to_string()));
            return render_edit(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
        }
    };
    let article = state.store.visible_article(&slug_of(&comment)?, now).await?.ok_or(AppError::NotFound)?;
    let html = render_comment(&body);
    let language: LanguageTag = detect_language(&body, &article.summary.language);
    let edit = CommentEdit { id, body: &body, body_html: &html, language: &language };
    state.store.edit_comment(&edit, now).await?;
    Ok(back_to(&comment))
}

fn slug_of(comment: &CommentRecord) -> Result<byline_core::Slug, AppError> {
    byline_core::Slug::parse(&comment.article_slug).map_err(|_| AppError::NotFound)
}

pub async fn delete_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let comment = find(&state, id).await?;
    if comment.author_id != Some(viewer.user.id) {
        return Err(AppError::Forbidden);
    }
    state.store.delete_comment(id).await?;
    Ok(back_to(&comment))
}

pub async fn vote(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Result<Response, AppError> {
    let comment = find(&state, id).await?;
    if comment.status != CommentStatus::Published {
        return Err(AppError::BadRequest("Only published comments take votes."));
    }
    if comment.author_id == Some(viewer.user.id) {
        return Err(AppError::BadRequest("You cannot vote for your own comment."));
    }
    state.store.toggle_vote(id, viewer.user.id, Timestamp::now()).await?;
    Ok(back_to(&comment))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FlagForm {
    reason: String,
}

/// Reasons a reader may give, as the form offers them.
pub const FLAG_REASONS: [(&str, &str); 5] = [
    ("abuse", "Abusive or hateful"),
    ("spam", "Spam or advertising"),
    ("off-topic", "Off topic"),
    ("misinformation", "False or misleading"),
    ("other", "Something else"),
];

pub async fn flag(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<FlagForm>,
) -> Result<Response, AppError> {
    let comment = find(&state, id).await?;
    if !FLAG_REASONS.iter().any(|(key, _)| *key == input.reason) {
        return Err(AppError::BadRequest("Choose a reason for the flag."));
    }
    if comment.status != CommentStatus::Published || comment.author_id == Some(viewer.user.id) {
        return Err(AppError::BadRequest("That comment cannot be flagged."));
    }
    state.store.flag_comment(id, viewer.user.id, &input.reason, Timestamp::now()).await?;
    Ok(back_to(&comment))
}

pub async fn show_unsubscribe(
    State(state): State<AppState>,
    maybe: crate::sessions::MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let message = "Stop e-mails about replies in this thread? Other threads are not affected.".to_owned();
    let confirm = Some((format!("/unsubscribe/{token}"), "Stop these e-mails"));
    super::accounts::render_notice(&state, maybe.0.as_ref(), &csrf, StatusCode::OK, "Reply e-mails", message, confirm)
        .await
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    maybe: crate::sessions::MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !state.store.mute_by_link(&crate::sessions::hash_token(&token), Timestamp::now()).await? {
        return Err(AppError::NotFound);
    }
    let message = "You will get no more e-mails about replies in this thread.".to_owned();
    super::accounts::render_notice(&state, maybe.0.as_ref(), &csrf, StatusCode::OK, "Unsubscribed", message, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeatureForm {
    featured: String,
}

pub async fn feature(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<FeatureForm>,
) -> Result<Response, AppError> {
    debug_assert!(viewer.user.role.can(Permission::FeatureContent));
    let comment = find(&state, id).await?;
    let featured = input.featured == "yes";
    if !state.store.set_featured(id, featured).await? {
        return Err(AppError::BadRequest("Only published comments can be featured."));
    }
    tracing::info!(actor = viewer.user.id, comment_id = id, featured, "comment featuring changed");
    Ok(back_to(&comment))
}
