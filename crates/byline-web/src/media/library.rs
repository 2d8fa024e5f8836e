//! The desk's media library: every photograph newest first, searched by
//! its words, an upload form, and each photograph's page (its words to
//! change, its files, and the Markdown that puts it in a story's body).

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_app::{Error, Refusal};
use byline_core::media::MediaTextForm;
use byline_core::story_form::FieldError;
use byline_store::MediaItem;
use serde::Deserialize;

use super::{Picture, file_path};
use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;
use crate::forms::upload::PostedUpload;
use crate::layout::Chrome;
use crate::pages::{form_page, form_page_with, query_param};

/// Photographs per page of the library.
const LIBRARY_PAGE: u32 = 40;

/// A photograph as a line of the library.
pub struct LibraryEntry {
    pub item: MediaItem,
    /// The narrowest file, as its thumbnail.
    pub thumb: Option<String>,
}

impl LibraryEntry {
    pub fn of(item: MediaItem) -> Self {
        let thumb = thumbnail(&item);
        Self { item, thumb }
    }
}

/// The narrowest file of a photograph, WebP if there is one.
pub fn thumbnail(item: &MediaItem) -> Option<String> {
    let narrowest = item.files.iter().map(|f| f.width).min()?;
    let at = item.files.iter().filter(|f| f.width == narrowest);
    let mut choices: Vec<_> = at.collect();
    choices.sort_by_key(|f| f.format != "webp");
    choices.first().map(|f| file_path(f))
}

#[derive(Template)]
#[template(path = "media/library.html")]
pub struct LibraryPage {
    chrome: Chrome,
    entries: Vec<LibraryEntry>,
    text: String,
    next_page: Option<String>,
    /// The upload form, as typed, and what is wrong with it.
    form: MediaTextForm,
    errors: Vec<FieldError>,
    error: Option<String>,
    notice: Option<&'static str>,
    max_mb: u64,
}

impl LibraryPage {
    fn error_of(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

async fn library_page(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    query: Option<&str>,
) -> Result<LibraryPage, AppError> {
    let text = query_param(query, "q").map(|q| q.trim().to_owned()).unwrap_or_default();
    let before = match query_param(query, "before") {
        None => None,
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| AppError::BadRequest("That library page is not valid."))?),
    };
    let search = Some(text.as_str()).filter(|t| !t.is_empty());
    let (items, next) = state.app.store.media_library(search, before, LIBRARY_PAGE).await?;
    let next_page = next.map(|id| {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &text)
            .append_pair("before", &id.to_string())
            .finish();
        format!("/desk/media?{query}")
    });
    Ok(LibraryPage {
        chrome: state.chrome(&state.site.language, "/desk/media", Some(viewer), csrf).await?,
        entries: items.into_iter().map(LibraryEntry::of).collect(),
        text,
        next_page,
        form: MediaTextForm::default(),
        errors: Vec::new(),
        error: None,
        notice: None,
        max_mb: state.app.max_upload_bytes().div_ceil(1024 * 1024),
    })
}

pub async fn show_library(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let mut page = library_page(&state, &viewer, &csrf, query.as_deref()).await?;
    if query_param(query.as_deref(), "done").as_deref() == Some("withdrawn") {
        page.notice = Some("The photograph is withdrawn: it is out of the library and its files are gone.");
    }
    Ok(form_page(page.render()?))
}

/// A photograph's words as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WordsInput {
    alt: String,
    caption: String,
    credit: String,
}

impl WordsInput {
    fn form(&self) -> MediaTextForm {
        MediaTextForm { alt: self.alt.clone(), caption: self.caption.clone(), credit: self.credit.clone() }
    }
}

/// A refused upload or description: its mistakes by field, and the page's
/// message; anything else passes on.
pub fn photo_refusal(err: Error, file_field: &'static str) -> Result<(Vec<FieldError>, String), AppError> {
    match err {
        Error::Refused(Refusal::MediaFields(errors)) => {
            Ok((errors, "Some of the photograph's words need another look.".to_owned()))
        }
        Error::Refused(Refusal::Photo(problem)) => {
            let message = problem.message.clone();
            Ok((vec![FieldError { field: file_field, message: problem.message }], message))
        }
        other => Err(other.into()),
    }
}

pub async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    PostedUpload { fields, file }: PostedUpload<WordsInput>,
) -> Result<Response, AppError> {
    let form = fields.form();
    let bytes = file.map(|f| f.bytes).unwrap_or_default();
    match state.app.upload_photo(&viewer.user, bytes, &form).await {
        Ok(uploaded) => {
            let done = if uploaded.existing { "existing" } else { "uploaded" };
            Ok(Redirect::to(&format!("/desk/media/{}?done={done}", uploaded.id)).into_response())
        }
        Err(err) => {
            let (errors, message) = photo_refusal(err, "photo")?;
            let mut page = library_page(&state, &viewer, &csrf, None).await?;
            page.form = form;
            page.errors = errors;
            page.error = Some(message);
            form_page_with(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

#[derive(Template)]
#[template(path = "media/photo.html")]
pub struct PhotoPage {
    chrome: Chrome,
    id: i64,
    item: MediaItem,
    picture: Option<Picture>,
    /// The Markdown that puts it in a story's body.
    markdown: String,
    form: MediaTextForm,
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
    error: Option<String>,
    /// Whether this person may change the words.
    may_describe: bool,
    /// Whether this person may take it out of the library.
    may_withdraw: bool,
}

impl PhotoPage {
    fn error_of(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

async fn photo_page(state: &AppState, viewer: &Viewer, csrf: &CsrfToken, id: i64) -> Result<PhotoPage, AppError> {
    let item = state.app.store.media(id).await?.ok_or(AppError::NotFound)?;
    let path = format!("/desk/media/{id}");
    let picture = Picture::of(&item);
    let markdown = match &picture {
        Some(picture) => format!("![{}]({})", markdown_text(&item.alt), picture.src),
        None => String::new(),
    };
    let may_describe = state.app.may_describe_photo(&viewer.user, &item).await?;
    Ok(PhotoPage {
        may_describe,
        may_withdraw: viewer.user.role.can(byline_core::accounts::Permission::EditArticles),
        chrome: state.chrome(&state.site.language, &path, Some(viewer), csrf).await?,
        id,
        form: MediaTextForm { alt: item.alt.clone(), caption: item.caption.clone(), credit: item.credit.clone() },
        item,
        picture,
        markdown,
        errors: Vec::new(),
        notice: None,
        error: None,
    })
}

/// Text as Markdown shows it literally: every punctuation mark Markdown
/// may read as syntax escaped.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub async fn show_photo(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let mut page = photo_page(&state, &viewer, &csrf, id).await?;
    page.notice = match query_param(query.as_deref(), "done").as_deref() {
        Some("uploaded") => Some("The photograph is in the library."),
        Some("existing") => Some("This photograph was in the library already: here it is, as it was."),
        Some("saved") => Some("Saved."),
        _ => None,
    };
    Ok(form_page(page.render()?))
}

pub async fn describe(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    crate::forms::PostedForm(input): crate::forms::PostedForm<WordsInput>,
) -> Result<Response, AppError> {
    let form = input.form();
    match state.app.describe_photo(&viewer.user, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/desk/media/{id}?done=saved")).into_response()),
        Err(Error::Refused(Refusal::NoSuchPhoto)) => Err(AppError::NotFound),
        Err(err) => {
            let (errors, message) = photo_refusal(err, "alt")?;
            let mut page = photo_page(&state, &viewer, &csrf, id).await?;
            page.form = form;
            page.errors = errors;
            page.error = Some(message);
            form_page_with(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// Takes a photograph out of the library (an editor's decision); refused
/// while a story or an author page shows it, naming them.
pub async fn withdraw(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    match state.app.withdraw_photo(&viewer.user, id).await {
        Ok(()) => Ok(Redirect::to("/desk/media?done=withdrawn").into_response()),
        Err(Error::Refused(Refusal::NoSuchPhoto)) => Err(AppError::NotFound),
        Err(Error::Refused(refusal @ Refusal::PhotoInUse { .. })) => {
            let mut page = photo_page(&state, &viewer, &csrf, id).await?;
            page.error = Some(refusal.message());
            form_page_with(&page, StatusCode::CONFLICT)
        }
        Err(err) => Err(err.into()),
    }
}
