//! The article page: the page Byline exists for, with its comments bar.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::accounts::Permission;
use byline_core::articles::DEFAULT_CALL_TO_COMMENT;
use byline_core::comments::{CommentBody, CommentStatus, detect_language, render_comment};
use byline_core::{CommentMode, LanguageTag, Slug, Timestamp};
use byline_store::{Article, CommentAdded, NewComment, ThreadOrder};
use serde::Deserialize;

use super::{html_page, query_param};
use crate::AppState;
use crate::comments_view::{ThreadContext, thread_views};
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::sessions::{CsrfToken, MaybeViewer, Viewer};
use crate::views::{
    ArticlePage, Compose, ComposeState, LangAttr, NewsArticleLd, OrganizationLd, PersonLd, article_path,
    worth_showing_update,
};

/// Whole threads per page of the comments bar.
const THREADS_PER_PAGE: u32 = 50;
/// Most comments drawn on one page, whatever the threads hold.
const COMMENTS_PER_PAGE: u32 = 500;

pub async fn show_article(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let order = match query_param(query.as_deref(), "sort") {
        None => ThreadOrder::Oldest,
        Some(key) => ThreadOrder::from_key(&key)
            .ok_or(AppError::BadRequest("Comments can be sorted oldest, newest or voted first."))?,
    };
    let after = query_param(query.as_deref(), "after");
    if after.as_deref().is_some_and(|a| !order.valid_position(a)) {
        return Err(AppError::BadRequest("The comments position in this address is not valid."));
    }
    let article = state.store.visible_article(&slug, Timestamp::now()).await?.ok_or(AppError::NotFound)?;
    let threads = ThreadsAt { order, after: after.as_deref() };
    let page = article_page(&state, viewer.as_ref(), &csrf, article, threads, Compose::default()).await?;
    Ok(html_page(page.render()?, viewer.is_some()))
}

/// Which page of threads, in which order.
#[derive(Clone, Copy, Default)]
struct ThreadsAt<'a> {
    order: ThreadOrder,
    after: Option<&'a str>,
}

/// What the comment form may offer this viewer on this article.
fn compose_state(article: &Article, viewer: Option<&Viewer>) -> ComposeState {
    match (article.summary.comment_mode, viewer) {
        (CommentMode::Closed, _) => ComposeState::Closed,
        (_, None) => ComposeState::SignInPrompt,
        (_, Some(v)) if !v.user.role.can(Permission::Comment) => ComposeState::Closed,
        (_, Some(v)) if !v.user.email_verified => ComposeState::ConfirmEmail,
        (mode, Some(_)) => ComposeState::Open { premoderated: mode == CommentMode::PreModerated },
    }
}

async fn article_page(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    article: Article,
    at: ThreadsAt<'_>,
    mut compose: Compose,
) -> Result<ArticlePage, AppError> {
    let now = Timestamp::now();
    let lang = article.summary.language.clone();
    let slug = article.summary.slug.to_string();
    let path = article_path(&slug);

    let mut chrome = state.chrome(&lang, &path, viewer, csrf).await?;
    chrome.description.clone_from(&article.summary.standfirst);
    chrome.current_section = Some(article.summary.section.slug.to_string());

    let (call_to_comment, call_lang) = match &article.call_to_comment {
        Some(own) => (own.clone(), None),
        // The default is in the site's language, which may not be the page's.
        None => (DEFAULT_CALL_TO_COMMENT.to_owned(), LangAttr::if_differs(&state.site.language, &lang)),
    };
    compose.state = compose_state(&article, viewer);
    let viewer_id = viewer.map(|v| v.user.id);
    let threads = state
        .store
        .thread_page(article.summary.id, viewer_id, at.order, at.after, THREADS_PER_PAGE, COMMENTS_PER_PAGE)
        .await?;
    let votes = match viewer_id {
        Some(id) => state.store.votes_of(article.summary.id, id).await?,
        None => Vec::new(),
    };
    let context = ThreadContext {
        viewer: viewer_id,
        can_reply: matches!(compose.state, ComposeState::Open { .. }),
        can_feature: viewer.is_some_and(|v| v.user.role.can(Permission::FeatureContent)),
        edit_until: now.plus_minutes(-state.comment_limits.edit_minutes),
        votes: &votes,
    };
    let (comments, trailing_closes) = thread_views(threads.comments, &lang, &context);
    let featured_comments = thread_views(state.store.featured_comments(article.summary.id).await?, &lang, &context).0;
    // A refused reply whose parent is not on this page comes back in the
    // main form, so its message and text are not lost.
    if compose.parent_id.is_some_and(|p| !comments.iter().any(|c| c.id == p && c.can_reply)) {
        compose.parent_id = None;
    }
    let sort = at.order.key();
    let more_threads = threads.next_after.map(|after| format!("{path}?sort={sort}&after={after}#comments"));

    Ok(ArticlePage {
        json_ld: news_article_ld(state, &article, &lang),
        featured: state.featured_cards(now, Some(article.summary.id), &lang).await?,
        updated: worth_showing_update(article.summary.published_at, article.summary.updated_at),
        body: article.body_html,
        tags: article.tags,
        call_to_comment,
        call_lang,
        comments,
        trailing_closes,
        more_threads,
        featured_comments,
        sort,
        flag_reasons: super::comments::FLAG_REASONS,
        compose,
        comment_action: format!("{path}/comments"),
        article: article.summary,
        chrome,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    body: String,
    parent_id: Option<String>,
}

pub async fn create_comment(
    State(state): State<AppState>,
    ConnectInfo(_addr): ConnectInfo<SocketAddr>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    PostedForm(input): PostedForm<CommentForm>,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let now = Timestamp::now();
    let article = state.store.visible_article(&slug, now).await?.ok_or(AppError::NotFound)?;
    let parent_id = match input.parent_id.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| AppError::BadRequest("That reply does not name a comment."))?),
    };
    // Anything refused comes back on the page with the text kept.
    let refuse =
        |message: String| Compose { error: Some(message), text: input.body.clone(), parent_id, ..Compose::default() };

    let refusal = match compose_state(&article, Some(&viewer)) {
        ComposeState::Closed => Some("Comments are closed on this article.".to_owned()),
        ComposeState::ConfirmEmail => Some("Confirm your e-mail address (see Your account) before commenting.".into()),
        _ => None,
    };
    let refusal = match refusal {
        Some(message) => Some(message),
        None => state.throttles.flood_check(viewer.user.id).err().map(|wait| {
            format!("You are commenting very fast. Please wait {} seconds and send it again.", wait.as_secs().max(1))
        }),
    };
    let body = match refusal {
        Some(message) => Err(message),
        None => CommentBody::parse(&input.body, &state.comment_limits).map_err(|e| e.to_string()),
    };
    let body = match body {
        Ok(body) => body,
        Err(message) => return refused(&state, &viewer, &csrf, article, refuse(message)).await,
    };

    let status = if article.summary.comment_mode == CommentMode::PreModerated {
        CommentStatus::Pending
    } else {
        CommentStatus::Published
    };
    let html = render_comment(&body);
    let language = detect_language(&body, &article.summary.language);
    let new = NewComment {
        article_id: article.summary.id,
        parent_id,
        author_id: viewer.user.id,
        body: &body,
        body_html: &html,
        language: &language,
        status,
    };
    let message = match state.store.add_comment(&new, now).await? {
        CommentAdded::Added { id, status } => {
            state.throttles.flood_record(viewer.user.id);
            if status == CommentStatus::Published {
                announce(&state, &article, id, parent_id, &viewer, &html, &language).await;
            }
            if let (Some(parent), CommentStatus::Published) = (parent_id, status) {
                // The reply is saved; a failed notice must not undo it.
                if let Err(err) = notify_parent_author(&state, parent, id, &viewer, &article, &body).await {
                    tracing::warn!(comment_id = id, error = ?err, "reply notification not sent");
                }
            }
            return Ok(Redirect::to(&format!("{}#c-{id}", article_path(slug.as_str()))).into_response());
        }
        CommentAdded::ParentMissing | CommentAdded::ParentElsewhere => {
            "The comment you replied to is not part of this article."
        }
        CommentAdded::ParentUnavailable => "The comment you replied to has been removed, so it takes no replies.",
    };
    refused(&state, &viewer, &csrf, article, refuse(message.to_owned())).await
}

/// Sends a just-published comment to every page of the article open now.
async fn announce(
    state: &AppState,
    article: &Article,
    id: i64,
    parent: Option<i64>,
    author: &Viewer,
    html: &byline_core::SanitizedHtml,
    language: &LanguageTag,
) {
    let view = crate::comments_view::CommentView::fresh(id, author, html.clone(), language, &article.summary.language);
    let Ok(rendered) = crate::live::live_html(&view) else { return };
    let count = state.store.comment_count(article.summary.id).await.unwrap_or(0);
    state.live.publish(article.summary.id, crate::live::NewCommentEvent { id, parent, count, html: rendered });
}

/// E-mails the parent's author about a reply, unless they opted out of
/// reply e-mails, muted the thread, or replied to themselves.
async fn notify_parent_author(
    state: &AppState,
    parent_id: i64,
    reply_id: i64,
    replier: &Viewer,
    article: &Article,
    body: &CommentBody,
) -> Result<(), AppError> {
    let Some(parent) = state.store.comment(parent_id).await? else { return Ok(()) };
    let Some(author_id) = parent.author_id.filter(|a| *a != replier.user.id) else { return Ok(()) };
    let Some(author) = state.store.user(author_id).await? else { return Ok(()) };
    if !author.notify_replies || !author.email_verified || state.store.thread_muted(author_id, parent.root_id).await? {
        return Ok(());
    }
    let token = crate::sessions::new_token();
    let now = Timestamp::now();
    state.store.create_unsubscribe_link(&crate::sessions::hash_token(&token), author_id, parent.root_id, now).await?;
    let excerpt: String = body.as_str().chars().take(300).collect();
    let notice = crate::mail::ReplyNotice {
        replier: &replier.user.display_name,
        headline: &article.summary.headline,
        excerpt,
        link: format!("/comments/{reply_id}"),
        unsubscribe: format!("/unsubscribe/{token}"),
    };
    state.mail_reply_notice(&author.email, &notice).await
}

async fn refused(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    article: Article,
    compose: Compose,
) -> Result<Response, AppError> {
    let page = article_page(state, Some(viewer), csrf, article, ThreadsAt::default(), compose).await?;
    let mut response = html_page(page.render()?, true);
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
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
        comment_count: article.summary.comment_count,
    }
}
