//! Published stories as JSON: the newest first (all, or a section's), and
//! one story with its body, so a front end of its own can be built on
//! Byline. Discussions of stories published elsewhere are not listed.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use byline_core::Slug;
use byline_store::{ArticleSummary, Cursor, ListOf};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::answers::{AnyRoute, ReadRefusals};
use super::json_error;
use crate::AppState;
use crate::error::AppError;
use crate::layout::article_path;

/// Stories per page.
const PAGE: u32 = 20;

/// A story as lists show it.
#[derive(Serialize, ToSchema)]
pub struct ApiArticleSummary {
    slug: String,
    kicker: Option<String>,
    headline: String,
    standfirst: String,
    /// A BCP 47 tag.
    language: String,
    author: String,
    section: ApiSection,
    /// RFC 3339.
    published_at: String,
    /// RFC 3339.
    updated_at: String,
    /// Published comments.
    comment_count: i64,
    /// Its page.
    url: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApiSection {
    slug: String,
    name: String,
}

/// One page of stories, newest first.
#[derive(Serialize, ToSchema)]
pub struct ApiArticleList {
    articles: Vec<ApiArticleSummary>,
    /// Pass as `before` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

/// A story with its body.
#[derive(Serialize, ToSchema)]
pub struct ApiArticle {
    #[serde(flatten)]
    summary: ApiArticleSummary,
    /// Sanitised HTML.
    body_html: String,
    tags: Vec<ApiSection>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// A `next` value from an earlier page.
    before: Option<String>,
}

fn summary_of(state: &AppState, a: ArticleSummary) -> ApiArticleSummary {
    ApiArticleSummary {
        url: state.absolute(&article_path(a.slug.as_str())),
        slug: a.slug.to_string(),
        kicker: a.kicker,
        headline: a.headline,
        standfirst: a.standfirst,
        language: a.language.to_string(),
        author: a.author_name,
        section: ApiSection { slug: a.section.slug.to_string(), name: a.section.name },
        published_at: a.published_at.rfc3339(),
        updated_at: a.updated_at.rfc3339(),
        comment_count: a.comment_count,
    }
}

async fn list(state: &AppState, of: ListOf<'_>, query: PageQuery) -> Result<Response, AppError> {
    let before = match query.before.as_deref() {
        None => None,
        Some(raw) => match Cursor::parse(raw) {
            Some(cursor) => Some(cursor),
            None => {
                return Ok(json_error(
                    StatusCode::BAD_REQUEST,
                    "bad_cursor",
                    "before must be a `next` value from an earlier page",
                ));
            }
        },
    };
    let listing = state.app.store.list_articles(of, state.app.now(), before, PAGE).await?;
    Ok(Json(ApiArticleList {
        articles: listing.articles.into_iter().map(|a| summary_of(state, a)).collect(),
        next: listing.next.map(Cursor::to_param),
    })
    .into_response())
}

/// The newest published stories.
#[utoipa::path(get, path = "/api/v1/articles", tag = "articles", params(PageQuery),
    responses((status = 200, description = "One page of stories, newest first", body = ApiArticleList), ReadRefusals, AnyRoute))]
pub async fn list_articles(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    list(&state, ListOf::Latest, query).await
}

/// A section's newest published stories.
#[utoipa::path(get, path = "/api/v1/sections/{slug}/articles", tag = "articles",
    params(("slug" = String, Path, description = "The section's slug"), PageQuery),
    responses((status = 200, description = "One page of the section's stories, newest first", body = ApiArticleList), ReadRefusals, AnyRoute))]
pub async fn section_articles(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let Ok(slug) = Slug::parse(&slug) else { return Ok(no_such("section")) };
    if state.app.store.section(&slug).await?.is_none() {
        return Ok(no_such("section"));
    }
    list(&state, ListOf::Section(&slug), query).await
}

/// One published story, with its body.
#[utoipa::path(get, path = "/api/v1/articles/{slug}", tag = "articles",
    params(("slug" = String, Path, description = "The story's slug")),
    responses((status = 200, description = "The story", body = ApiArticle), ReadRefusals, AnyRoute))]
pub async fn show_article(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let Ok(slug) = Slug::parse(&slug) else { return Ok(no_such("article")) };
    let Some(article) = state.app.store.visible_article(&slug, state.app.now()).await? else {
        return Ok(no_such("article"));
    };
    if article.external_url.is_some() {
        return Ok(no_such("article"));
    }
    Ok(Json(ApiArticle {
        body_html: article.body_html.into_string(),
        tags: article.tags.into_iter().map(|t| ApiSection { slug: t.slug.to_string(), name: t.name }).collect(),
        summary: summary_of(&state, article.summary),
    })
    .into_response())
}

fn no_such(what: &str) -> Response {
    json_error(StatusCode::NOT_FOUND, "not_found", &format!("no such {what}"))
}
