//! The front page: lead story, latest stories, Featured content.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use byline_store::ListOf;

use super::{PAGE_SIZE, cursor_from, html_page};
use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer};
use crate::error::AppError;
use crate::layout::{Card, Chrome};

pub async fn show_home(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let now = state.app.now();
    // WordPress's own address of a post, `/?p=ID`, for an imported one.
    if let Some(post) = crate::pages::query_param(query.as_deref(), "p") {
        return crate::pages::old_paths::redirect(&state, &format!("/?p={}", post.trim())).await;
    }
    let cursor = cursor_from(query.as_deref())?;
    let lang = &state.site.language;
    let path = match cursor {
        Some(c) => format!("/?before={}", c.to_param()),
        None => "/".to_owned(),
    };
    let chrome = state.chrome(lang, &path, viewer.as_ref(), &csrf).await?;
    let ui_lang = chrome.i18n.lang();
    let first_page = cursor.is_none();

    let listing = state.app.store.list_articles(ListOf::Latest, now, cursor, PAGE_SIZE).await?;
    let rail_lead = state.app.store.featured_articles(now, 1).await?.into_iter().next();
    // The lead is the top featured story, or else the newest.
    let lead = match (first_page, rail_lead) {
        (false, _) => None,
        (true, Some(top)) => Some(top),
        (true, None) => listing.articles.first().cloned(),
    };
    let lead_id = lead.as_ref().map(|a| a.id);
    let latest =
        listing.articles.into_iter().filter(|a| Some(a.id) != lead_id).map(|a| Card::new(a, lang, ui_lang)).collect();

    let page = HomePage {
        lead: lead.map(|a| Card::new(a, lang, ui_lang)),
        latest,
        featured: state.featured_cards(now, lead_id, lang, ui_lang).await?,
        chrome,
        next_page: listing.next.map(|c| format!("/?before={}", c.to_param())),
        is_first_page: first_page,
        featured_comments: if first_page { state.app.store.featured_comments_site(now, 4).await? } else { Vec::new() },
    };
    Ok(html_page(page.render()?, viewer.is_some()))
}

#[derive(Template)]
#[template(path = "pages/home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    /// Featured comments from across the site.
    pub featured_comments: Vec<byline_store::FeaturedComment>,
    pub lead: Option<Card>,
    pub latest: Vec<Card>,
    pub featured: Vec<Card>,
    pub next_page: Option<String>,
    pub is_first_page: bool,
}
