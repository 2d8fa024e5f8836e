//! What the editor's script asks for (`assets/desk.js`): the body drawn
//! as readers would see it while it is typed, and autosave of drafts and
//! submitted stories through the same use case as the Save button. JSON
//! both ways, refusals with the API's stable codes; the page without the
//! script needs none of it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use byline_app::Refusal;
use byline_core::accounts::Permission;
use byline_core::articles::limits;
use byline_core::render::{RenderError, render_article};
use byline_core::text::normalise;
use byline_core::{ArticleStatus, LanguageTag};
use serde::{Deserialize, Serialize};

use super::{EditorInput, EditorPage};
use crate::AppState;
use crate::accounts::sessions::Viewer;
use crate::api::{ApiJson, json_error};
use crate::assets::DESK_JS;
use crate::comments::refusals::ActionError;
use crate::error::AppError;

impl EditorPage {
    /// The editor's script, for the template's head.
    pub(super) fn desk_js(&self) -> &'static str {
        &DESK_JS.path
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewInput {
    body: String,
    /// The story's language as typed; the site's when it is not one.
    #[serde(default)]
    language: String,
}

#[derive(Serialize)]
struct Preview {
    /// Sanitised HTML, empty for an empty body.
    html: String,
    lang: String,
    dir: &'static str,
}

/// `POST /desk/preview` with `{"body", "language"?}`: the body rendered
/// exactly as the article page renders it; nothing is saved.
pub async fn preview_body(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<PreviewInput>,
) -> Result<Response, ActionError> {
    if !viewer.user.role.can(Permission::WriteStories) {
        return Err(AppError::Forbidden.into());
    }
    let language = LanguageTag::parse(&input.language).unwrap_or_else(|_| state.site.language.clone());
    let body = normalise(&input.body);
    if body.chars().count() > limits::BODY {
        let message = format!("The body must be at most {} characters.", limits::BODY);
        return Ok(json_error(StatusCode::UNPROCESSABLE_ENTITY, "bad_story", &message));
    }
    let html = match render_article(&body) {
        Ok(html) => html.into_string(),
        Err(RenderError::Empty) => String::new(),
        Err(err) => {
            let message = format!("The body cannot be shown yet: {err}.");
            return Ok(json_error(StatusCode::UNPROCESSABLE_ENTITY, "bad_story", &message));
        }
    };
    let dir = language.direction().as_str();
    Ok(Json(Preview { html, lang: language.to_string(), dir }).into_response())
}

#[derive(Serialize)]
struct Autosaved {
    /// The version the next save starts from.
    version: i64,
}

/// `POST /desk/stories/{id}/autosave` with the editor's fields and the
/// `version` they started from, as JSON: saved as the Save button saves.
/// Only drafts and submitted stories; a story readers may see changes
/// only when someone presses the button.
pub async fn autosave_story(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EditorInput>,
) -> Result<Response, ActionError> {
    let story = state.app.open_story(&viewer.user, id).await?;
    if !matches!(story.fields.status, ArticleStatus::Draft | ArticleStatus::Submitted) {
        let message = format!("A {} story is saved only with the Save button.", story.fields.status);
        return Ok(json_error(StatusCode::CONFLICT, "wrong_state", &message));
    }
    // The state just read holds only at the version just read: a save
    // from any other version is somebody else's change to catch up with.
    if input.version != story.version {
        return Err(Refusal::StoryChanged { current: story.version }.into());
    }
    let saved = state.app.revise_story(&viewer.user, id, input.version, &input.form()).await?;
    Ok(Json(Autosaved { version: saved.version }).into_response())
}
