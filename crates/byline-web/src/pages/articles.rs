//! The article page: the page Byline exists for, with its comments bar.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::accounts::Permission;
use byline_core::{LanguageTag, NamedSlug, SanitizedHtml, Slug, Timestamp};
use byline_store::{Article, ArticleSummary, MoreReplies, ThreadComment, ThreadOrder, ThreadPage};
use serde::{Deserialize, Serialize};

use super::{holding_unpublished, html_page, query_param};
use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer, Viewer};
use crate::comments::refusals::{ActionError, FLAG_REASONS};
use crate::comments::view::{CommentView, Compose, ComposeState, ThreadContext, thread_views};
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::layout::{Card, Chrome, LangAttr, article_path};
use crate::media::{Picture, content_type, file_path, share_file};
use crate::page_cache::{CachedPage, Lookup};

/// The article page: the story, its rail, and its discussion.
#[derive(Template)]
#[template(path = "pages/article.html")]
pub struct ArticlePage {
    pub chrome: Chrome,
    pub article: ArticleSummary,
    pub body: SanitizedHtml,
    pub tags: Vec<NamedSlug>,
    /// Corrections and updates, oldest first.
    pub notes: Vec<byline_store::ArticleNote>,
    /// The people the byline names, each linking to their page.
    pub bylines: Vec<NamedSlug>,
    /// The photograph above the story.
    pub lead: Option<Picture>,
    /// Its file for share cards: absolute address, width, height.
    pub share_image: Option<ShareImage>,
    /// Shown only when the article changed well after it was published.
    pub updated: Option<Timestamp>,
    pub call_to_comment: String,
    pub call_lang: Option<LangAttr>,
    pub featured: Vec<Card>,
    pub json_ld: NewsArticleLd,
    pub comments: Vec<CommentView>,
    /// Nested lists still open after the last comment.
    pub trailing_closes: usize,
    /// The next page of threads, if any.
    pub more_threads: Option<String>,
    /// Link to the rest of the last thread, when it was too long for the page.
    pub more_replies: Option<String>,
    /// On the rest of a long thread: the link back to its start.
    pub continuing: Option<String>,
    pub compose: Compose,
    pub comment_action: String,
    /// Featured comments, shown first with a badge.
    pub featured_comments: Vec<CommentView>,
    /// The current sort: oldest, newest or voted.
    pub sort: &'static str,
    pub flag_reasons: [(&'static str, &'static str); 5],
    /// For moderators: this discussion's queue.
    pub queue_href: Option<String>,
    /// Levels of replies indented; the page's script reads it.
    pub shown_levels: i64,
    /// Set when the page is the comments bar alone, framed by the story's
    /// own site.
    pub frame: Option<Frame>,
    /// For the discussion of a story published elsewhere: that story.
    pub external_url: Option<String>,
}

/// What the comments bar framed by another site needs besides the page.
pub struct Frame {
    /// The framing site's origin: the only one the frame talks to.
    pub host: String,
    /// Who is signed in to the frame, by name.
    pub signed_in_as: Option<String>,
    /// The frame's own address, to come back to after signing out.
    pub back: String,
    /// The frame's script.
    pub script: &'static str,
}

/// Whole threads per page of the comments bar.
const THREADS_PER_PAGE: u32 = 50;
/// Most comments drawn on one page, whatever the threads hold.
pub(crate) const COMMENTS_PER_PAGE: u32 = 500;

pub async fn show_article(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    match article_response(&state, viewer, &csrf, &slug, query, &headers).await {
        // A slug the story had before sends readers on, for good.
        Err(AppError::NotFound) => match state.app.store.slug_moved_to(&slug, state.app.now()).await? {
            Some(now_at) => Ok(crate::layout::moved_to_article(now_at.as_str())),
            None => Err(AppError::NotFound),
        },
        answered => answered,
    }
}

async fn article_response(
    state: &AppState,
    viewer: Option<Viewer>,
    csrf: &CsrfToken,
    slug: &Slug,
    query: Option<String>,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    // The view most readers get: from the render cache while it is current.
    if query.is_none() {
        let first = first_view(state, slug).await?;
        let Some(viewer) = &viewer else {
            let mut response = first.respond(headers);
            state.cache_front.mark_article_page(&mut response, &first.data.article.summary);
            return Ok(response);
        };
        // A signed-in reader's page is drawn from the same data, with their
        // own votes and buttons, unless they have held comments in it.
        let marks = state.app.store.marks_of(first.data.article.summary.id, viewer.user.id).await?;
        if marks.unpublished.is_empty() {
            let page = article_page(state, Some(viewer), csrf, &first.data, &marks.votes, Compose::default()).await?;
            return Ok(html_page(page.render()?, true));
        }
    }
    let article = state.app.store.visible_article(slug, state.app.now()).await?.ok_or(AppError::NotFound)?;
    let page = page_for(state, viewer.as_ref(), csrf, article, query.as_deref(), None).await?;
    let response = html_page(page.render()?, viewer.is_some());
    // A signed-in reader's page drawn here may hold their held comments.
    Ok(if viewer.is_some() { holding_unpublished(response) } else { response })
}

/// The article page as `viewer` sees it, at the place in its discussion
/// the address's query names (`sort`, `after`, `thread`); with `frame`,
/// the comments bar alone for another site's frame.
pub(crate) async fn page_for(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    article: Article,
    query: Option<&str>,
    frame: Option<Frame>,
) -> Result<ArticlePage, AppError> {
    let order = match query_param(query, "sort") {
        None => ThreadOrder::Oldest,
        Some(key) => ThreadOrder::from_key(&key)
            .ok_or(AppError::BadRequest("Comments can be sorted oldest, newest or voted first."))?,
    };
    let after = query_param(query, "after");
    // `thread=ID&after=PATH`: the rest of a thread too long for its page.
    let rest = match query_param(query, "thread") {
        None => None,
        Some(root) => {
            let root_id = root.parse::<i64>().ok();
            match (root_id, after.as_deref()) {
                (Some(root_id), Some(path)) if MoreReplies::valid(root_id, path) => {
                    Some(MoreReplies { root_id, after: path.to_owned() })
                }
                _ => return Err(AppError::BadRequest("The thread position in this address is not valid.")),
            }
        }
    };
    if rest.is_none() && after.as_deref().is_some_and(|a| !order.valid_position(a)) {
        return Err(AppError::BadRequest("The comments position in this address is not valid."));
    }
    let threads = match &rest {
        Some(rest) => ThreadsAt { order, after: None, rest: Some(rest) },
        None => ThreadsAt { order, after: after.as_deref(), rest: None },
    };
    let mut page = personal_page(state, viewer, csrf, article, threads, Compose::default()).await?;
    if let Some(frame) = frame {
        // The frame's links to more of the discussion stay in the frame.
        let framed = |href: String| href.replacen("/articles/", "/embed/articles/", 1);
        page.more_threads = page.more_threads.map(framed);
        page.more_replies = page.more_replies.map(framed);
        page.chrome.framed = true;
        page.frame = Some(frame);
    }
    Ok(page)
}

/// The first view of an article, with its comments in their first order,
/// as everyone but their authors sees them: rendered for anonymous readers
/// and kept, with what it was drawn from, in the render cache.
async fn first_view(state: &AppState, slug: &Slug) -> Result<Arc<CachedPage<ArticleView>>, AppError> {
    let (slot, writes) = match state.page_cache.lookup(slug.as_str()) {
        Lookup::Hit(page) => return Ok(page),
        Lookup::Check { slot, writes } => (slot, writes),
    };
    let version = state.app.store.article_version(slug, state.app.now()).await?.ok_or(AppError::NotFound)?;
    state
        .page_cache
        .page_at(&slot, version, writes, async || {
            let article = state.app.store.visible_article(slug, state.app.now()).await?.ok_or(AppError::NotFound)?;
            let view = read_view(state, article, None, ThreadsAt::default()).await?;
            // A shared page holds no one's form token.
            let no_token = CsrfToken(String::new());
            let html = article_page(state, None, &no_token, &view, &[], Compose::default()).await?.render()?;
            Ok::<_, AppError>((html, view))
        })
        .await
}

/// Which page of threads, in which order; or the rest of one thread.
#[derive(Clone, Copy, Default)]
struct ThreadsAt<'a> {
    order: ThreadOrder,
    after: Option<&'a str>,
    rest: Option<&'a MoreReplies>,
}

/// An article with one page of its comments and its featured comments, as
/// one reader (or no one in particular) may see them.
pub struct ArticleView {
    article: Article,
    threads: ThreadPage,
    featured: Vec<ThreadComment>,
    /// The order of its threads, kept in the links to more comments.
    order: ThreadOrder,
    /// Set when this is the rest of one thread, from its root.
    continuing: Option<i64>,
}

async fn read_view(
    state: &AppState,
    article: Article,
    viewer: Option<i64>,
    at: ThreadsAt<'_>,
) -> Result<ArticleView, AppError> {
    let id = article.summary.id;
    let threads = match at.rest {
        Some(rest) => state.app.store.thread_rest(id, viewer, rest, COMMENTS_PER_PAGE).await?,
        None => {
            state.app.store.thread_page(id, viewer, at.order, at.after, THREADS_PER_PAGE, COMMENTS_PER_PAGE).await?
        }
    };
    let featured = state.app.store.featured_comments(id).await?;
    Ok(ArticleView { article, threads, featured, order: at.order, continuing: at.rest.map(|r| r.root_id) })
}

/// The article page as `viewer` sees it, read for them alone.
async fn personal_page(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    article: Article,
    at: ThreadsAt<'_>,
    compose: Compose,
) -> Result<ArticlePage, AppError> {
    let viewer_id = viewer.map(|v| v.user.id);
    let votes = match viewer_id {
        Some(id) => state.app.store.marks_of(article.summary.id, id).await?.votes,
        None => Vec::new(),
    };
    let view = read_view(state, article, viewer_id, at).await?;
    article_page(state, viewer, csrf, &view, &votes, compose).await
}

async fn article_page(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    view: &ArticleView,
    votes: &[i64],
    mut compose: Compose,
) -> Result<ArticlePage, AppError> {
    let now = state.app.now();
    let article = &view.article;
    let lang = article.summary.language.clone();
    let slug = article.summary.slug.to_string();
    let path = article_path(&slug);

    let mut chrome = state.chrome(&lang, &path, viewer, csrf).await?;
    chrome.description.clone_from(&article.summary.standfirst);
    chrome.current_section = Some(article.summary.section.slug.to_string());
    chrome.comment_feed_base = format!("{path}/comments");
    chrome.comment_feed_title = chrome
        .i18n
        .with("feed-story-comments-title", &[("site", &state.site.title), ("headline", &article.summary.headline)]);
    // A discussion of a story elsewhere: the story is the page to index.
    if let Some(story) = &article.external_url {
        chrome.canonical.clone_from(story);
    }

    let (call_to_comment, call_lang) = match &article.call_to_comment {
        Some(own) => (own.clone(), None),
        // The default is in the chrome's language, which may not be the page's.
        None => (chrome.i18n.t("call-to-comment"), chrome.ui.clone()),
    };
    compose.state = state.app.comment_access(&article.summary, viewer.map(|v| &v.user));
    let context = ThreadContext {
        i18n: chrome.i18n,
        viewer: viewer.map(|v| v.user.id),
        can_reply: matches!(compose.state, ComposeState::Open { .. }),
        can_feature: viewer.is_some_and(|v| v.user.role.can(Permission::FeatureContent)),
        edit_until: now.plus_minutes(-state.app.comment_limits.edit_minutes),
        votes,
    };
    let (comments, trailing_closes) = thread_views(&view.threads.comments, &lang, &context);
    let featured_comments = thread_views(&view.featured, &lang, &context).0;
    // A refused reply whose parent is not on this page comes back in the
    // main form, so its message and text are not lost.
    if compose.parent_id.is_some_and(|p| !comments.iter().any(|c| c.id == p && c.can_reply)) {
        compose.parent_id = None;
    }
    let sort = view.order.key();
    let more_threads =
        view.threads.next_after.as_ref().map(|after| format!("{path}?sort={sort}&after={after}#comments"));
    let more_replies = view
        .threads
        .more_replies
        .as_ref()
        .map(|more| format!("{path}?thread={}&after={}#comments", more.root_id, more.after));
    let continuing = view.continuing.map(|root| format!("/comments/{root}"));

    let share_image = article.lead_image.as_ref().and_then(|item| ShareImage::of(state, item));
    Ok(ArticlePage {
        json_ld: news_article_ld(state, article, &lang, share_image.as_ref()),
        featured: state.featured_cards(now, Some(article.summary.id), &lang, chrome.i18n.lang()).await?,
        updated: worth_showing_update(article.summary.published_at, article.summary.updated_at),
        body: article.body_html.clone(),
        tags: article.tags.clone(),
        notes: article.notes.clone(),
        bylines: byline_core::articles::bylines(&article.summary.author_name),
        lead: article.lead_image.as_ref().and_then(Picture::of),
        share_image,
        call_to_comment,
        call_lang,
        comments,
        trailing_closes,
        more_threads,
        more_replies,
        continuing,
        featured_comments,
        sort,
        flag_reasons: FLAG_REASONS,
        compose,
        comment_action: format!("{path}/comments"),
        queue_href: viewer
            .filter(|v| v.user.role.can(Permission::Moderate))
            .map(|_| format!("/moderation?tab=pending&article={slug}")),
        article: article.summary.clone(),
        chrome,
        shown_levels: crate::comments::view::SHOWN_LEVELS,
        frame: None,
        external_url: article.external_url.clone(),
    })
}

/// The page a story would be, in whatever state, for the desk's preview:
/// drawn by the same template from the story's last save, with no
/// comments.
pub async fn preview(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    story: &byline_store::Story,
) -> Result<String, AppError> {
    let fields = &story.fields;
    let body_html = byline_core::render::render_article(&fields.body_source)
        .map_err(|_| AppError::Internal("a stored story's body no longer renders"))?;
    let published_at = fields.published_at.unwrap_or(story.updated_at);
    let article = Article {
        summary: ArticleSummary {
            id: story.id,
            slug: fields.slug.clone(),
            kicker: fields.kicker.clone(),
            headline: fields.headline.clone(),
            standfirst: fields.standfirst.clone(),
            language: fields.language.clone(),
            author_name: fields.author_name.clone(),
            section: fields.section.clone(),
            status: fields.status,
            published_at,
            updated_at: story.updated_at.max(published_at),
            featured_rank: fields.featured_rank,
            comment_mode: fields.comment_mode,
            comment_count: 0,
        },
        body_html,
        call_to_comment: fields.call_to_comment.clone(),
        tags: fields.tags.clone(),
        notes: state.app.store.article_notes(story.id).await?,
        lead_image: match fields.lead_image {
            Some(id) => state.app.store.media(id).await?,
            None => None,
        },
        version: story.version,
        external_url: None,
    };
    let threads = byline_store::ThreadPage { comments: Vec::new(), next_after: None, more_replies: None };
    let view = ArticleView { article, threads, featured: Vec::new(), order: ThreadOrder::Oldest, continuing: None };
    Ok(article_page(state, Some(viewer), csrf, &view, &[], Compose::default()).await?.render()?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    body: String,
    parent_id: Option<String>,
    /// Set by the form's Preview button: show the text, save nothing.
    preview: Option<String>,
}

pub async fn create_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    PostedForm(input): PostedForm<CommentForm>,
) -> Result<Response, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let article = state.app.store.visible_article(&slug, state.app.now()).await?.ok_or(AppError::NotFound)?;
    let parent_id = match input.parent_id.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| AppError::BadRequest("That reply does not name a comment."))?),
    };
    if input.preview.is_some() {
        let compose = match state.app.preview_comment(&input.body) {
            Ok(html) => Compose { preview: Some(html), text: input.body, parent_id, ..Compose::default() },
            Err(refusal) => Compose { error: Some(refusal), text: input.body, parent_id, ..Compose::default() },
        };
        let page = personal_page(&state, Some(&viewer), &csrf, article, ThreadsAt::default(), compose).await?;
        return Ok(holding_unpublished(html_page(page.render()?, true)));
    }
    match state
        .app
        .post_comment(&viewer.user, &article.summary, parent_id, &input.body)
        .await
        .map_err(ActionError::from)
    {
        Ok(posted) => Ok(Redirect::to(&format!("{}#c-{}", article_path(slug.as_str()), posted.id)).into_response()),
        // Anything refused comes back on the page with the text kept.
        Err(ActionError::Refused(refusal)) => {
            let compose = Compose { error: Some(refusal), text: input.body, parent_id, ..Compose::default() };
            refused(&state, &viewer, &csrf, article, compose).await
        }
        Err(ActionError::Failed(err)) => Err(err),
    }
}

async fn refused(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    article: Article,
    compose: Compose,
) -> Result<Response, AppError> {
    let page = personal_page(state, Some(viewer), csrf, article, ThreadsAt::default(), compose).await?;
    let mut response = holding_unpublished(html_page(page.render()?, true));
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

/// A photograph's file as share cards and feeds take it.
pub struct ShareImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
    pub bytes: u64,
    pub alt: String,
}

impl ShareImage {
    pub fn of(state: &AppState, item: &byline_store::MediaItem) -> Option<Self> {
        let file = share_file(item)?;
        let mime = content_type(&file.name)?;
        Some(Self {
            url: state.absolute(&file_path(file)),
            width: file.width,
            height: file.height,
            mime,
            bytes: file.bytes,
            alt: item.alt.clone(),
        })
    }
}

fn news_article_ld(
    state: &AppState,
    article: &Article,
    lang: &LanguageTag,
    share_image: Option<&ShareImage>,
) -> NewsArticleLd {
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
        author: byline_core::articles::bylines(&article.summary.author_name)
            .into_iter()
            .map(|b| PersonLd { kind: "Person", url: state.absolute(&format!("/authors/{}", b.slug)), name: b.name })
            .collect(),
        publisher: OrganizationLd {
            kind: "NewsMediaOrganization",
            name: state.site.title.clone(),
            url: state.site.base_url.to_string(),
            logo: ImageLd { kind: "ImageObject", url: state.logo_url() },
        },
        comment_count: article.summary.comment_count,
        image: share_image.map(|image| vec![image.url.clone()]).unwrap_or_default(),
    }
}

/// Schema.org `NewsArticle`, serialised into the article page.
#[derive(Serialize)]
pub struct NewsArticleLd {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub headline: String,
    pub description: String,
    #[serde(rename = "datePublished")]
    pub date_published: String,
    #[serde(rename = "dateModified")]
    pub date_modified: String,
    #[serde(rename = "inLanguage")]
    pub in_language: String,
    #[serde(rename = "articleSection")]
    pub article_section: String,
    pub keywords: Vec<String>,
    pub url: String,
    #[serde(rename = "mainEntityOfPage")]
    pub main_entity_of_page: String,
    pub author: Vec<PersonLd>,
    pub publisher: OrganizationLd,
    #[serde(rename = "commentCount")]
    pub comment_count: i64,
    /// The lead photograph, as search engines want it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image: Vec<String>,
}

#[derive(Serialize)]
pub struct PersonLd {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    /// Their author page.
    pub url: String,
}

#[derive(Serialize)]
pub struct OrganizationLd {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    pub url: String,
    pub logo: ImageLd,
}

#[derive(Serialize)]
pub struct ImageLd {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub url: String,
}

/// Whether an edit is worth telling readers about: more than ten minutes
/// after publication.
pub fn worth_showing_update(published_at: Timestamp, updated_at: Timestamp) -> Option<Timestamp> {
    (updated_at > published_at.plus_minutes(10)).then_some(updated_at)
}
