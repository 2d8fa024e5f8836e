//! What an author's page says of them (their job, a few lines, their
//! portrait), changed
//! by an editor or by the writer the page belongs to.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_app::{Error, Refusal};
use byline_core::Slug;
use byline_core::story_form::FieldError;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::layout::Chrome;
use crate::pages::{form_page, form_page_with};

#[derive(Template)]
#[template(path = "desk/author.html")]
pub struct AuthorPage {
    chrome: Chrome,
    slug: String,
    name: String,
    title: String,
    bio: String,
    /// The portrait's number in the media library, as typed.
    photo: String,
    /// The portrait now, small.
    thumb: Option<String>,
    errors: Vec<FieldError>,
}

impl AuthorPage {
    fn error_of(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

async fn author_page(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    slug: &Slug,
) -> Result<(AuthorPage, byline_store::Author), AppError> {
    let author = state.app.store.author(slug).await?.ok_or(AppError::NotFound)?;
    if !state.app.may_edit_author(&viewer.user, &author) {
        return Err(AppError::Forbidden);
    }
    let page = AuthorPage {
        chrome: state.chrome(&state.site.language, &format!("/desk/authors/{slug}"), Some(viewer), csrf).await?,
        slug: slug.to_string(),
        name: author.name.clone(),
        title: author.title.clone(),
        bio: author.bio.clone(),
        photo: author.photo_id.map(|id| id.to_string()).unwrap_or_default(),
        thumb: match author.photo_id {
            Some(id) => state.app.store.media(id).await?.as_ref().and_then(crate::media::library::thumbnail),
            None => None,
        },
        errors: Vec::new(),
    };
    Ok((page, author))
}

pub async fn show_author(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let (page, _) = author_page(&state, &viewer, &csrf, &slug).await?;
    Ok(form_page(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuthorInput {
    title: String,
    bio: String,
    photo: String,
}

pub async fn save_author(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    PostedForm(input): PostedForm<AuthorInput>,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    match state.app.edit_author(&viewer.user, &slug, &input.title, &input.bio, &input.photo).await {
        Ok(_) => Ok(Redirect::to(&format!("/authors/{slug}")).into_response()),
        Err(Error::Refused(Refusal::StoryFields(errors))) => {
            let (mut page, _) = author_page(&state, &viewer, &csrf, &slug).await?;
            page.title = input.title;
            page.bio = input.bio;
            page.photo = input.photo;
            page.errors = errors;
            form_page_with(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(Error::Refused(Refusal::NoSuchStory)) => Err(AppError::NotFound),
        Err(err) => Err(err.into()),
    }
}
