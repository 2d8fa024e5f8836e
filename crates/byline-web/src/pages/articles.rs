//! The article page: the page Byline exists for.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use byline_core::articles::DEFAULT_CALL_TO_COMMENT;
use byline_core::{CommentMode, LanguageTag, Slug, Timestamp};
use byline_store::Article;

use super::html_page;
use crate::AppState;
use crate::error::AppError;
use crate::sessions::{CsrfToken, MaybeViewer};
use crate::views::{
    ArticlePage, LangAttr, NewsArticleLd, OrganizationLd, PersonLd, article_path, worth_showing_update,
};

pub async fn show_article(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let now = Timestamp::now();
    let article = state.store.visible_article(&slug, now).await?.ok_or(AppError::NotFound)?;
    let lang = article.summary.language.clone();
    let path = article_path(slug.as_str());

    let mut chrome = state.chrome(&lang, &path, viewer.as_ref(), &csrf).await?;
    chrome.description.clone_from(&article.summary.standfirst);
    chrome.current_section = Some(article.summary.section.slug.to_string());

    let (call_to_comment, call_lang) = match &article.call_to_comment {
        Some(own) => (own.clone(), None),
        // The default is in the site's language, which may not be the page's.
        None => (DEFAULT_CALL_TO_COMMENT.to_owned(), LangAttr::if_differs(&state.site.language, &lang)),
    };
    let comments_state = match article.summary.comment_mode {
        CommentMode::Open => "Commenting opens on this site soon; this is where the discussion will appear.",
        CommentMode::PreModerated => "Comments on this article are reviewed by a moderator before they appear.",
        CommentMode::Closed => "Comments are closed on this article.",
    };

    let page = ArticlePage {
        json_ld: news_article_ld(&state, &article, &lang),
        featured: state.featured_cards(now, Some(article.summary.id), &lang).await?,
        updated: worth_showing_update(article.summary.published_at, article.summary.updated_at),
        body: article.body_html,
        tags: article.tags,
        call_to_comment,
        call_lang,
        comments_state,
        article: article.summary,
        chrome,
    };
    Ok(html_page(page.render()?, viewer.is_some()))
}

fn news_article_ld(state: &AppState, article: &Article, lang: &LanguageTag) -> NewsArticleLd {
    let url = state.absolute(&article_path(article.summary.slug.as_str()));
    NewsArticleLd {
        context: "https://schema.org",
        kind: "NewsArticle",
        headline: article.summary.headline.clone(),
        description: article.summary.standfirst.clone(),
        date_published: article.summary.published_at.rfc3339(),
        date_modified: article.summary.updated_at.rfc3339(),
        in_language: lang.to_string(),
        article_section: article.summary.section.name.clone(),
        keywords: article.tags.iter().map(|t| t.name.clone()).collect(),
        main_entity_of_page: url.clone(),
        url,
        author: vec![PersonLd { kind: "Person", name: article.summary.author_name.clone() }],
        publisher: OrganizationLd {
            kind: "NewsMediaOrganization",
            name: state.site.title.clone(),
            url: state.site.base_url.to_string(),
        },
    }
}
