//! Section, tag and author pages: newest first, a page at a time.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use byline_core::Slug;
use byline_store::ListOf;

use super::{PAGE_SIZE, cursor_from, html_page};
use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer, Viewer};
use crate::error::AppError;
use crate::layout::{Card, Chrome};

pub async fn show_section(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let section = state.app.store.section(&slug).await?.ok_or(AppError::NotFound)?;
    let base = format!("/sections/{slug}");
    let heading = Heading::from(section.name);
    show_list(state, Who { viewer, csrf }, ListOf::Section(&slug), heading, base, Some(slug.to_string()), query).await
}

pub async fn show_tag(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let tag = state.app.store.tag(&slug).await?.ok_or(AppError::NotFound)?;
    let base = format!("/tags/{slug}");
    let heading = Heading { tagged: true, ..Heading::from(tag.name) };
    show_list(state, Who { viewer, csrf }, ListOf::Tag(&slug), heading, base, None, query).await
}

/// A person's page: the stories their byline is on, newest first.
pub async fn show_author(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let author = state.app.store.author(&slug).await?.ok_or(AppError::NotFound)?;
    let base = format!("/authors/{slug}");
    let may_edit = viewer.as_ref().is_some_and(|v| state.app.may_edit_author(&v.user, &author));
    let photo = match author.photo_id {
        Some(id) => state.app.store.media(id).await?.as_ref().and_then(crate::media::Picture::of),
        None => None,
    };
    let about = AuthorAbout {
        photo,
        title: author.title,
        bio: author.bio.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect(),
        edit: may_edit.then(|| format!("/desk/authors/{slug}")),
    };
    let heading = Heading { text: author.name, tagged: false, about: Some(about) };
    show_list(state, Who { viewer, csrf }, ListOf::Author(&slug), heading, base, None, query).await
}

/// What an author's page says of them above their stories.
pub struct AuthorAbout {
    /// Their portrait.
    pub photo: Option<crate::media::Picture>,
    pub title: String,
    /// Paragraphs of plain text.
    pub bio: Vec<String>,
    /// Where they (or an editor) change it, for those who may.
    pub edit: Option<String>,
}

/// A list's heading, and for an author's page, what it says of them.
pub struct Heading {
    pub text: String,
    /// A tag's name, which the page heads with "Tagged: …" in its words.
    pub tagged: bool,
    pub about: Option<AuthorAbout>,
}

impl From<String> for Heading {
    fn from(text: String) -> Self {
        Self { text, tagged: false, about: None }
    }
}

/// Who is looking at a list.
struct Who {
    viewer: Option<Viewer>,
    csrf: CsrfToken,
}

async fn show_list(
    state: AppState,
    who: Who,
    of: ListOf<'_>,
    heading: Heading,
    base: String,
    current_section: Option<String>,
    query: Option<String>,
) -> Result<Response, AppError> {
    let now = state.app.now();
    let cursor = cursor_from(query.as_deref())?;
    // A section with an edition language speaks it (an Urdu section of an
    // English site); tags and people speak the site's.
    let lang = &state.site.edition_language(current_section.as_deref()).clone();
    let listing = state.app.store.list_articles(of, now, cursor, PAGE_SIZE).await?;
    // A section, tag or person with nothing out names only what readers
    // may not see yet: no page at all, as for a name never used.
    if cursor.is_none() && listing.articles.is_empty() {
        return Err(AppError::NotFound);
    }
    let path = match cursor {
        Some(c) => format!("{base}?before={}", c.to_param()),
        None => base.clone(),
    };
    let mut chrome = state.chrome(lang, &path, who.viewer.as_ref(), &who.csrf).await?;
    chrome.current_section = current_section;
    let heading_text =
        if heading.tagged { chrome.i18n.with("tagged", &[("tag", &heading.text)]) } else { heading.text };
    chrome.description = chrome.i18n.with("list-description", &[("list", &heading_text), ("site", &state.site.title)]);
    chrome.feed_title = format!("{} · {}", state.site.title, heading_text);
    chrome.feed_base.clone_from(&base);
    let i18n = chrome.i18n;
    let page = ListPage {
        chrome,
        heading: heading_text,
        about: heading.about,
        articles: listing.articles.into_iter().map(|a| Card::new(a, lang, i18n.lang())).collect(),
        featured: state.featured_cards(now, None, lang, i18n.lang()).await?,
        next_page: listing.next.map(|c| format!("{base}?before={}", c.to_param())),
    };
    Ok(html_page(page.render()?, who.viewer.is_some()))
}

#[derive(Template)]
#[template(path = "pages/list.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub heading: String,
    /// On an author's page: what it says of them.
    pub about: Option<AuthorAbout>,
    pub articles: Vec<Card>,
    pub featured: Vec<Card>,
    pub next_page: Option<String>,
}
