//! What readers do to comments: edit their own within the window, delete
//! their own, vote, flag; and what editors and moderators do: feature.
//! Every action answers with a redirect back to the comment, so all of it
//! works without JavaScript.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::comments::CommentStatus;
use byline_store::CommentRecord;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::comments::refusals::{ActionError, Refusal, into_app_error};
use crate::error::AppError;
use crate::forms::{FormPage, FormView, PostedForm, Words};
use crate::layout::article_path;
use crate::pages::form_page;

/// `GET /comments/{id}`: the comment's permalink, which opens the page of
/// threads that holds it, however long the discussion.
pub async fn show_comment(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let comment = find(&state, id).await?;
    if !matches!(comment.status, CommentStatus::Published | CommentStatus::Deleted | CommentStatus::Removed) {
        return Err(AppError::NotFound);
    }
    // A story readers cannot see (not yet, or no longer) gives away
    // nothing, not even its address.
    let slug = byline_core::Slug::parse(&comment.article_slug).map_err(|_| AppError::NotFound)?;
    if state.app.store.visible_article_summary(&slug, state.app.now()).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let article = article_path(&comment.article_slug);
    let place = state.app.store.place_in_thread(id).await?;
    let to = match place {
        // Deep in a thread too long for one page: the rest of the thread
        // from the comment before it.
        Some((before, Some(previous))) if before >= i64::from(crate::pages::articles::COMMENTS_PER_PAGE) => {
            format!("{article}?thread={}&after={previous}#c-{id}", comment.root_id)
        }
        // Pages start after a root's path; the root's own id less one gives
        // the page that opens with this thread.
        _ => format!("{article}?after={:012}#c-{id}", comment.root_id - 1),
    };
    Ok(Redirect::to(&to).into_response())
}

fn back_to(comment: &CommentRecord) -> Response {
    Redirect::to(&format!("{}#c-{}", article_path(&comment.article_slug), comment.id)).into_response()
}

/// The comment, or the 404 page.
async fn find(state: &AppState, id: i64) -> Result<CommentRecord, AppError> {
    state.app.comment(id).await.map_err(|e| refused(e.into()))
}

/// An action's refusal as an error page, for forms with no page to return to.
fn refused(err: ActionError) -> AppError {
    match err {
        ActionError::Refused(refusal) => into_app_error(refusal),
        ActionError::Failed(err) => err,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditForm {
    body: String,
}

fn edit_form(id: i64, text: &str, error: Option<Words>) -> FormView {
    let mut form = FormView::new("js-edit-label", format!("/comments/{id}/edit"), "js-save-changes", Vec::new());
    form.textarea = Some(("body", "your-comment", text.to_owned()));
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
    let chrome = state.interface_chrome(&form.action, Some(viewer), csrf).await?;
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
    if !state.app.may_edit(&viewer.user, &comment) {
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
    match state.app.edit_comment(&viewer.user, id, &input.body).await.map_err(ActionError::from) {
        Ok(comment) => Ok(back_to(&comment)),
        Err(ActionError::Refused(refusal @ (Refusal::NotFound | Refusal::NotYours))) => Err(into_app_error(refusal)),
        Err(ActionError::Refused(refusal)) => {
            let form = edit_form(id, &input.body, Some(refusal.into()));
            render_edit(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await
        }
        Err(ActionError::Failed(err)) => Err(err),
    }
}

pub async fn delete_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let comment = state.app.delete_comment(&viewer.user, id).await.map_err(|e| refused(e.into()))?;
    Ok(back_to(&comment))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VoteForm {
    /// `yes` gives the vote, `no` takes it back.
    vote: String,
}

pub async fn vote(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<VoteForm>,
) -> Result<Response, AppError> {
    let on = match input.vote.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest("A vote is given or taken back.")),
    };
    let (comment, _) = state.app.vote(&viewer.user, id, on).await.map_err(|e| refused(e.into()))?;
    Ok(back_to(&comment))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FlagForm {
    reason: String,
}

pub async fn flag(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<FlagForm>,
) -> Result<Response, AppError> {
    let comment = state.app.flag(&viewer.user, id, &input.reason).await.map_err(|e| refused(e.into()))?;
    Ok(back_to(&comment))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AppealForm {
    note: String,
}

/// `POST /comments/{id}/appeal`: the author's one appeal of a refused
/// comment sends it back to the queue with their note.
pub async fn appeal(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<AppealForm>,
) -> Result<Response, AppError> {
    let comment = state.app.appeal(&viewer.user, id, &input.note).await.map_err(|e| refused(e.into()))?;
    Ok(back_to(&comment))
}

pub async fn show_unsubscribe(
    State(state): State<AppState>,
    maybe: crate::accounts::sessions::MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let message = Words::Message("form-unsubscribe-ask");
    let confirm = Some((format!("/unsubscribe/{token}"), "form-unsubscribe-submit"));
    crate::accounts::sign_in::render_notice(
        &state,
        maybe.0.as_ref(),
        &csrf,
        StatusCode::OK,
        "form-unsubscribe-heading",
        message,
        confirm,
    )
    .await
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    maybe: crate::accounts::sessions::MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    state.app.unsubscribe(&token).await?;
    let message = Words::Message("form-unsubscribed-message");
    crate::accounts::sign_in::render_notice(
        &state,
        maybe.0.as_ref(),
        &csrf,
        StatusCode::OK,
        "form-unsubscribed",
        message,
        None,
    )
    .await
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
    let featured = input.featured == "yes";
    // Featuring what is featured already changes (and logs) nothing.
    let (comment, _) = state.app.feature_comment(&viewer.user, id, featured).await.map_err(|e| refused(e.into()))?;
    Ok(back_to(&comment))
}
