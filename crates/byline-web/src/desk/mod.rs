//! The newsroom desk: every story in every state, the story editor, its
//! moves from draft to published and back, preview, and revisions. Plain
//! forms throughout; the use cases and their rules are the application's
//! (`byline_app::stories`).

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_app::stories::Move;
use byline_app::{Error, Refusal};
use byline_core::media::MediaTextForm;
use byline_core::story_form::{FieldError, StoryForm};
use byline_core::{ArticleStatus, CommentMode, Slug, Timestamp};
use byline_store::{Cursor, DeskFilter, DeskLine, RevisionEntry, Story, User};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::forms::upload::{PostedUpload, UploadedFile};
use crate::layout::Chrome;
use crate::media::library::{LibraryEntry, photo_refusal};
use crate::pages::{form_page, form_page_with, query_param};

pub mod authors;
pub mod script;

/// Stories per page of the desk.
const DESK_PAGE: u32 = 50;
/// Photographs the editor offers as the lead.
const PHOTO_CHOICES: u32 = 12;

#[derive(Template)]
#[template(path = "desk/list.html")]
pub struct DeskPage {
    chrome: Chrome,
    lines: Vec<DeskLine>,
    states: [ArticleStatus; 5],
    sections: Vec<byline_core::NamedSlug>,
    /// The filters as typed, kept in the form.
    status: String,
    section: String,
    author: String,
    text: String,
    next_page: Option<String>,
}

pub async fn show_desk(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let param = |name| query_param(query.as_deref(), name).map(|v| v.trim().to_owned()).unwrap_or_default();
    let (status, section, author, text) = (param("status"), param("section"), param("author"), param("q"));
    let status_filter = match status.as_str() {
        "" => None,
        raw => Some(raw.parse::<ArticleStatus>().map_err(|_| AppError::BadRequest("That is not a story's state."))?),
    };
    let section_slug = match section.as_str() {
        "" => None,
        raw => Some(Slug::parse(raw).map_err(|_| AppError::BadRequest("That is not a section."))?),
    };
    let after = match query_param(query.as_deref(), "after") {
        None => None,
        Some(raw) => {
            Some(Cursor::parse(&raw).ok_or(AppError::BadRequest("The desk position in this address is not valid."))?)
        }
    };
    let filter = DeskFilter {
        status: status_filter,
        section: section_slug.as_ref(),
        author: Some(author.as_str()).filter(|a| !a.is_empty()),
        text: Some(text.as_str()).filter(|t| !t.is_empty()),
    };
    let (lines, next) = state.app.store.desk_stories(filter, after, DESK_PAGE).await?;
    let next_page = next.map(|cursor| {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("status", &status)
            .append_pair("section", &section)
            .append_pair("author", &author)
            .append_pair("q", &text)
            .append_pair("after", &cursor.to_param())
            .finish();
        format!("/desk?{query}")
    });
    let page = DeskPage {
        chrome: state.chrome(&state.site.language, "/desk", Some(&viewer), &csrf).await?,
        lines,
        states: ArticleStatus::ALL,
        sections: state.app.store.all_sections().await?,
        status,
        section,
        author,
        text,
        next_page,
    };
    Ok(form_page(page.render()?))
}

/// The editor's form as posted: the story's fields, and the version it
/// was opened at.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditorInput {
    version: i64,
    slug: String,
    kicker: String,
    headline: String,
    standfirst: String,
    author: String,
    section: String,
    tags: String,
    language: String,
    comment_mode: String,
    featured_rank: String,
    call_to_comment: String,
    /// The lead photograph chosen among the newest.
    lead_image: String,
    /// Or the number of any photograph in the library; wins when given.
    lead_image_number: String,
    /// The words of a new photograph sent with the form.
    photo_alt: String,
    photo_caption: String,
    photo_credit: String,
    body: String,
}

impl EditorInput {
    fn photo_form(&self) -> MediaTextForm {
        MediaTextForm {
            alt: self.photo_alt.clone(),
            caption: self.photo_caption.clone(),
            credit: self.photo_credit.clone(),
        }
    }

    fn form(&self) -> StoryForm {
        StoryForm {
            slug: self.slug.clone(),
            kicker: self.kicker.clone(),
            headline: self.headline.clone(),
            standfirst: self.standfirst.clone(),
            author: self.author.clone(),
            section: self.section.clone(),
            tags: self.tags.clone(),
            language: self.language.clone(),
            comment_mode: self.comment_mode.clone(),
            featured_rank: self.featured_rank.clone(),
            call_to_comment: self.call_to_comment.clone(),
            lead_image: match self.lead_image_number.trim() {
                "" => self.lead_image.clone(),
                number => number.to_owned(),
            },
            body: self.body.clone(),
        }
    }
}

/// A move the editor offers: its value, its button's words.
pub struct Offer {
    pub action: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "desk/editor.html")]
pub struct EditorPage {
    chrome: Chrome,
    heading: String,
    action: String,
    /// `None` for a story not yet saved.
    story_id: Option<i64>,
    version: i64,
    status: Option<ArticleStatus>,
    published_at: Option<Timestamp>,
    form: StoryForm,
    errors: Vec<FieldError>,
    /// A message about the whole page (saved, refused).
    notice: Option<String>,
    error: Option<String>,
    /// Whether this person may change the story as it stands.
    editable: bool,
    offers: Vec<Offer>,
    may_schedule: bool,
    /// An editor on a story readers can see: may append a note.
    may_append_note: bool,
    /// A note's text as typed, kept when it is refused.
    note_text: String,
    revisions: Vec<RevisionEntry>,
    modes: [CommentMode; 3],
    /// The lead photographs to choose among: the library's newest, and
    /// the one chosen now.
    photos: Vec<LibraryEntry>,
    /// A lead photograph's number typed that is not among `photos`.
    lead_number: String,
    /// A new photograph's words as typed.
    photo_form: MediaTextForm,
    /// The largest upload, in megabytes.
    max_mb: u64,
}

impl EditorPage {
    fn error_of(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

fn offers(user: &User, status: ArticleStatus) -> Vec<Offer> {
    use byline_core::accounts::Permission;
    let editor = user.role.can(Permission::EditArticles);
    let mut offers = Vec::new();
    if status == ArticleStatus::Draft {
        offers.push(Offer { action: "submit", label: "Submit to the editors" });
    }
    if editor && status != ArticleStatus::Published {
        offers.push(Offer { action: "publish", label: "Publish now" });
    }
    if editor && matches!(status, ArticleStatus::Submitted | ArticleStatus::Scheduled) {
        offers.push(Offer { action: "draft", label: "Return to draft" });
    }
    if editor && status.is_public() {
        offers.push(Offer { action: "unpublish", label: "Unpublish" });
    }
    offers
}

async fn editor_page(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    story: Option<&Story>,
    form: StoryForm,
) -> Result<EditorPage, AppError> {
    use byline_core::accounts::Permission;
    let (heading, action, path) = match story {
        Some(story) => (
            format!("Edit: {}", story.fields.headline),
            format!("/desk/stories/{}", story.id),
            format!("/desk/stories/{}", story.id),
        ),
        None => ("New story".to_owned(), "/desk/new".to_owned(), "/desk/new".to_owned()),
    };
    let editable = story.is_none_or(|s| state.app.may_change_story(&viewer.user, s));
    let revisions = match story {
        Some(story) => state.app.store.revisions(story.id).await?,
        None => Vec::new(),
    };
    let (mut photos, _) = state.app.store.media_library(None, None, PHOTO_CHOICES).await?;
    if let Ok(chosen) = form.lead_image.parse::<i64>()
        && !photos.iter().any(|p| p.id == chosen)
        && let Some(item) = state.app.store.media(chosen).await?
    {
        photos.insert(0, item);
    }
    // A number typed that is no photograph stays in its field, so the next
    // save does not quietly drop the lead.
    let lead_number = if photos.iter().any(|p| p.id.to_string() == form.lead_image) {
        String::new()
    } else {
        form.lead_image.clone()
    };
    Ok(EditorPage {
        chrome: state.chrome(&state.site.language, &path, Some(viewer), csrf).await?,
        heading,
        action,
        story_id: story.map(|s| s.id),
        version: story.map_or(0, |s| s.version),
        status: story.map(|s| s.fields.status),
        published_at: story.and_then(|s| s.fields.published_at),
        form,
        errors: Vec::new(),
        notice: None,
        error: None,
        editable,
        offers: match story {
            Some(story) if editable => offers(&viewer.user, story.fields.status),
            _ => Vec::new(),
        },
        may_schedule: editable && story.is_some() && viewer.user.role.can(Permission::EditArticles),
        may_append_note: story.is_some_and(|s| s.fields.status.is_public())
            && viewer.user.role.can(Permission::EditArticles),
        note_text: String::new(),
        revisions,
        modes: [CommentMode::Open, CommentMode::PreModerated, CommentMode::Closed],
        photos: photos.into_iter().map(LibraryEntry::of).collect(),
        lead_number,
        photo_form: MediaTextForm::default(),
        max_mb: state.app.max_upload_bytes().div_ceil(1024 * 1024),
    })
}

/// The editor's form once its new photograph, if any, is in the library.
struct WithPhoto {
    form: StoryForm,
    /// The photograph sent was in the library already: its number (it
    /// keeps the words it has there).
    existing: Option<i64>,
}

impl WithPhoto {
    /// What the editor's address says of the photograph after a save.
    fn query(&self) -> String {
        self.existing.map(|id| format!("&photo={id}")).unwrap_or_default()
    }
}

/// A new photograph sent with the editor's form goes to the library first
/// and becomes the story's lead; refused, the editor comes back with its
/// mistakes at the photograph's fields and everything typed kept.
async fn with_new_photo(
    state: &AppState,
    viewer: &Viewer,
    input: &EditorInput,
    file: Option<UploadedFile>,
) -> Result<Result<WithPhoto, (Vec<FieldError>, String)>, AppError> {
    let mut form = input.form();
    let Some(file) = file else { return Ok(Ok(WithPhoto { form, existing: None })) };
    // The story's own mistakes first: a photograph is stored only with a
    // story that can be saved around it.
    if let Err(mut errors) = form.check(ArticleStatus::Draft) {
        errors.retain(|e| e.field != "lead_image");
        if !errors.is_empty() {
            let message = "Some fields need another look. Choose the photograph again to send it with them.";
            return Ok(Err((errors, message.to_owned())));
        }
    }
    match state.app.upload_photo(&viewer.user, file.bytes, &input.photo_form()).await {
        Ok(uploaded) => {
            form.lead_image = uploaded.id.to_string();
            Ok(Ok(WithPhoto { form, existing: uploaded.existing.then_some(uploaded.id) }))
        }
        Err(err) => {
            let (errors, message) = photo_refusal(err, "photo")?;
            let at_photo_fields = errors
                .into_iter()
                .map(|e| FieldError {
                    field: match e.field {
                        "alt" => "photo_alt",
                        "caption" => "photo_caption",
                        "credit" => "photo_credit",
                        other => other,
                    },
                    message: e.message,
                })
                .collect();
            Ok(Err((at_photo_fields, format!("{message} Choose the photograph again to send it."))))
        }
    }
}

/// Story `id`'s editor as last saved: the page that answers a change the
/// story refused.
async fn stored_editor(state: &AppState, viewer: &Viewer, csrf: &CsrfToken, id: i64) -> Result<EditorPage, AppError> {
    let story = state.app.open_story(&viewer.user, id).await?;
    editor_page(state, viewer, csrf, Some(&story), StoryForm::of(&story.fields)).await
}

pub async fn show_new(State(state): State<AppState>, viewer: Viewer, csrf: CsrfToken) -> Result<Response, AppError> {
    let form = StoryForm {
        author: viewer.user.display_name.clone(),
        language: state.site.language.to_string(),
        ..StoryForm::default()
    };
    let page = editor_page(&state, &viewer, &csrf, None, form).await?;
    Ok(form_page(page.render()?))
}

pub async fn create_story(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    PostedUpload { fields: input, file }: PostedUpload<EditorInput>,
) -> Result<Response, AppError> {
    let (form, photo) = match with_new_photo(&state, &viewer, &input, file).await? {
        Ok(with) => {
            let photo = with.query();
            (with.form, photo)
        }
        Err((errors, message)) => {
            let mut page = editor_page(&state, &viewer, &csrf, None, input.form()).await?;
            page.photo_form = input.photo_form();
            page.errors = errors;
            page.error = Some(message);
            return form_page_with(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    match state.app.write_story(&viewer.user, &form).await {
        Ok(saved) => Ok(Redirect::to(&format!("/desk/stories/{}?done=created{photo}", saved.id)).into_response()),
        Err(err) => {
            let mut page = editor_page(&state, &viewer, &csrf, None, form).await?;
            refused_on_page(&mut page, err)?;
            form_page_with(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// Puts a refusal on the editor page (fields at their fields), or passes
/// anything else on.
fn refused_on_page(page: &mut EditorPage, err: Error) -> Result<(), AppError> {
    match err {
        Error::Refused(Refusal::StoryFields(errors)) => {
            page.error = Some("Some fields need another look.".to_owned());
            page.errors = errors;
        }
        Error::Refused(Refusal::SlugTaken) => {
            page.error = Some(Refusal::SlugTaken.message());
            page.errors =
                vec![FieldError { field: "slug", message: "is taken by another story, now or before".into() }];
        }
        Error::Refused(refusal @ (Refusal::ScheduleInPast | Refusal::StoryState { .. })) => {
            page.error = Some(refusal.message());
        }
        other => return Err(other.into()),
    }
    Ok(())
}

pub async fn show_story(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let story = state.app.open_story(&viewer.user, id).await?;
    let mut page = editor_page(&state, &viewer, &csrf, Some(&story), StoryForm::of(&story.fields)).await?;
    page.notice = match query_param(query.as_deref(), "done").as_deref() {
        Some("created") => Some("The story is saved as a draft.".to_owned()),
        Some("saved") => Some("Saved.".to_owned()),
        Some("moved") => Some(format!("The story is now {}.", story.fields.status)),
        Some("restored") => Some("The revision is restored as the newest.".to_owned()),
        Some("noted") => Some("The note is appended; readers see it under the story.".to_owned()),
        _ => None,
    };
    if let Some(photo) = query_param(query.as_deref(), "photo").and_then(|p| p.parse::<i64>().ok()) {
        let said = format!(
            " The photograph sent was in the media library already (No. {photo}): it leads the story with the \
             words it has there, which the library's page for it can change."
        );
        page.notice = Some(page.notice.unwrap_or_default() + &said);
    }
    Ok(form_page(page.render()?))
}

#[derive(Template)]
#[template(path = "desk/conflict.html")]
pub struct ConflictPage {
    chrome: Chrome,
    story_id: i64,
    /// The version saved meanwhile, which the next save starts from.
    current: i64,
    theirs: StoryForm,
    theirs_by: String,
    yours: StoryForm,
    modes: [CommentMode; 3],
}

impl ConflictPage {
    /// The fields kept from the save that came too late have no mistakes
    /// to show (they passed before the conflict was found).
    fn error_of(&self, _field: &str) -> Option<&str> {
        None
    }
}

pub async fn save_story(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    PostedUpload { fields: input, file }: PostedUpload<EditorInput>,
) -> Result<Response, AppError> {
    if file.is_some() {
        // A photograph is stored only for someone who may change the story.
        let story = state.app.open_story(&viewer.user, id).await?;
        if !state.app.may_change_story(&viewer.user, &story) {
            return Err(AppError::Forbidden);
        }
    }
    let (form, photo) = match with_new_photo(&state, &viewer, &input, file).await? {
        Ok(with) => {
            let photo = with.query();
            (with.form, photo)
        }
        Err((errors, message)) => {
            let story = state.app.open_story(&viewer.user, id).await?;
            let mut page = editor_page(&state, &viewer, &csrf, Some(&story), input.form()).await?;
            page.version = input.version;
            page.photo_form = input.photo_form();
            page.errors = errors;
            page.error = Some(message);
            return form_page_with(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    match state.app.revise_story(&viewer.user, id, input.version, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/desk/stories/{id}?done=saved{photo}")).into_response()),
        Err(Error::Refused(Refusal::StoryChanged { .. })) => {
            // Both versions side by side; the text typed is kept, ready to
            // save over the version now current.
            let story = state.app.open_story(&viewer.user, id).await?;
            let page = ConflictPage {
                chrome: state
                    .chrome(&state.site.language, &format!("/desk/stories/{id}"), Some(&viewer), &csrf)
                    .await?,
                story_id: id,
                current: story.version,
                theirs: StoryForm::of(&story.fields),
                theirs_by: story.updated_by_name.clone(),
                yours: form,
                modes: [CommentMode::Open, CommentMode::PreModerated, CommentMode::Closed],
            };
            form_page_with(&page, StatusCode::CONFLICT)
        }
        Err(err) => {
            let story = state.app.open_story(&viewer.user, id).await?;
            let mut page = editor_page(&state, &viewer, &csrf, Some(&story), form).await?;
            page.version = input.version;
            refused_on_page(&mut page, err)?;
            form_page_with(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveInput {
    version: i64,
    action: String,
    /// For a schedule: `YYYY-MM-DDTHH:MM`, in UTC.
    at: String,
}

pub async fn move_story(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<MoveInput>,
) -> Result<Response, AppError> {
    let to = match input.action.as_str() {
        "submit" => Move::Submit,
        "draft" => Move::ToDraft,
        "publish" => Move::Publish,
        "unpublish" => Move::Unpublish,
        "schedule" => match Timestamp::parse_minute(&input.at) {
            Some(at) => Move::Schedule(at),
            None => {
                let mut page = stored_editor(&state, &viewer, &csrf, id).await?;
                page.error =
                    Some("Give the time to publish as a date and time, such as 2027-01-31T09:00 (UTC).".into());
                page.errors = vec![FieldError { field: "at", message: "is not a date and time".into() }];
                return form_page_with(&page, StatusCode::UNPROCESSABLE_ENTITY);
            }
        },
        _ => return Err(AppError::BadRequest("That is not a move the desk knows.")),
    };
    match state.app.move_story(&viewer.user, id, input.version, to).await {
        Ok(_) => Ok(Redirect::to(&format!("/desk/stories/{id}?done=moved")).into_response()),
        Err(err @ Error::Refused(Refusal::StoryChanged { .. })) => {
            let mut page = stored_editor(&state, &viewer, &csrf, id).await?;
            page.error = Some(match err {
                Error::Refused(refusal) => refusal.message(),
                _ => String::new(),
            });
            form_page_with(&page, StatusCode::CONFLICT)
        }
        Err(err) => {
            let mut page = stored_editor(&state, &viewer, &csrf, id).await?;
            refused_on_page(&mut page, err)?;
            form_page_with(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RestoreInput {
    version: i64,
}

pub async fn restore_revision(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, old)): Path<(i64, i64)>,
    PostedForm(input): PostedForm<RestoreInput>,
) -> Result<Response, AppError> {
    state.app.restore_revision(&viewer.user, id, input.version, old).await?;
    Ok(Redirect::to(&format!("/desk/stories/{id}?done=restored")).into_response())
}

/// The story as readers would see it, whatever its state: the article
/// page itself, drawn from the story's last save, kept by no cache.
pub async fn preview_story(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let story = state.app.open_story(&viewer.user, id).await?;
    let html = crate::pages::articles::preview(&state, &viewer, &csrf, &story).await?;
    let mut response = form_page(html);
    response.headers_mut().insert("x-robots-tag", axum::http::HeaderValue::from_static("noindex"));
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    version: i64,
    kind: String,
    note: String,
}

/// Appends a correction or an update to a published story.
pub async fn append_note(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<NoteInput>,
) -> Result<Response, AppError> {
    let kind: byline_core::NoteKind =
        input.kind.parse().map_err(|_| AppError::BadRequest("A note is a correction or an update."))?;
    match state.app.append_note(&viewer.user, id, input.version, kind, &input.note).await {
        Ok(_) => Ok(Redirect::to(&format!("/desk/stories/{id}?done=noted")).into_response()),
        Err(err) => {
            let mut page = stored_editor(&state, &viewer, &csrf, id).await?;
            page.note_text = input.note;
            let status = match &err {
                Error::Refused(Refusal::StoryChanged { .. }) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            match err {
                Error::Refused(refusal @ Refusal::StoryChanged { .. }) => page.error = Some(refusal.message()),
                other => refused_on_page(&mut page, other)?,
            }
            form_page_with(&page, status)
        }
    }
}

/// One run of words in a comparison of two revisions.
pub enum Run {
    Same(String),
    /// In the older revision only.
    Gone(String),
    /// In the newer revision only.
    New(String),
}

/// One field of two revisions, word by word.
pub struct FieldChange {
    pub label: &'static str,
    pub runs: Vec<Run>,
    pub changed: bool,
}

fn compare_field(label: &'static str, old: &str, new: &str) -> FieldChange {
    use similar::{Algorithm, ChangeTag};
    let runs: Vec<Run> = similar::utils::diff_words(Algorithm::Patience, old, new)
        .into_iter()
        .map(|(tag, text)| match tag {
            ChangeTag::Equal => Run::Same(text.to_owned()),
            ChangeTag::Delete => Run::Gone(text.to_owned()),
            ChangeTag::Insert => Run::New(text.to_owned()),
        })
        .collect();
    FieldChange { label, changed: old != new, runs }
}

/// Every field a reader sees, compared.
fn compare_forms(old: &StoryForm, new: &StoryForm) -> Vec<FieldChange> {
    vec![
        compare_field("Headline", &old.headline, &new.headline),
        compare_field("Kicker", &old.kicker, &new.kicker),
        compare_field("Standfirst", &old.standfirst, &new.standfirst),
        compare_field("Body", &old.body, &new.body),
        compare_field("Byline", &old.author, &new.author),
        compare_field("Section", &old.section, &new.section),
        compare_field("Tags", &old.tags, &new.tags),
        compare_field("Address", &old.slug, &new.slug),
        compare_field("Language", &old.language, &new.language),
        compare_field("Comments", &old.comment_mode, &new.comment_mode),
        compare_field("Place in the featured rail", &old.featured_rank, &new.featured_rank),
        compare_field("Call to comment", &old.call_to_comment, &new.call_to_comment),
        compare_field("Lead photograph", &photo_number(&old.lead_image), &photo_number(&new.lead_image)),
    ]
}

/// A lead photograph as the compare and conflict pages name it.
pub fn photo_number(lead_image: &str) -> String {
    if lead_image.is_empty() { "none".to_owned() } else { format!("No. {lead_image}") }
}

#[derive(Template)]
#[template(path = "desk/compare.html")]
pub struct ComparePage {
    chrome: Chrome,
    story_id: i64,
    headline: String,
    from: RevisionEntry,
    to: RevisionEntry,
    fields: Vec<FieldChange>,
    versions: Vec<i64>,
}

impl ComparePage {
    fn any_changed(&self) -> bool {
        self.fields.iter().any(|f| f.changed)
    }
}

/// Two revisions of a story side by side, word by word: `from` and `to`
/// (by default the one before the newest, and the newest).
pub async fn compare_revisions(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let story = state.app.open_story(&viewer.user, id).await?;
    let version_param = |name| -> Result<Option<i64>, AppError> {
        query_param(query.as_deref(), name)
            .map(|raw| raw.parse::<i64>().map_err(|_| AppError::BadRequest("A revision is given by its number.")))
            .transpose()
    };
    let to = version_param("to")?.unwrap_or(story.version);
    let from = version_param("from")?.unwrap_or(to.saturating_sub(1).max(1));
    let (Some(old), Some(new)) = (state.app.store.revision(id, from).await?, state.app.store.revision(id, to).await?)
    else {
        return Err(AppError::NotFound);
    };
    let page = ComparePage {
        chrome: state
            .chrome(&state.site.language, &format!("/desk/stories/{id}/compare"), Some(&viewer), &csrf)
            .await?,
        story_id: id,
        headline: story.fields.headline.clone(),
        fields: compare_forms(&StoryForm::of(&old.fields), &StoryForm::of(&new.fields)),
        from: old.entry,
        to: new.entry,
        versions: state.app.store.revisions(id).await?.into_iter().map(|r| r.version).collect(),
    };
    Ok(form_page(page.render()?))
}
