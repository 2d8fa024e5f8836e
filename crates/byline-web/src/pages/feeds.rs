//! RSS 2.0 and Atom feeds for the site, each section and each tag.

use std::collections::HashMap;

use atom_syndication as atom;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use byline_core::{NamedSlug, Slug, Timestamp};
use byline_store::{ArticleSummary, FeedComment, ListOf};

use crate::AppState;
use crate::error::AppError;
use crate::layout::article_path;
use crate::pages::articles::ShareImage;

/// Items per feed.
const FEED_SIZE: u32 = 30;
const FEED_CACHE: &str = "public, max-age=300";

/// Which stories a feed carries, and what it is called.
struct FeedSource {
    title: String,
    /// Path of the HTML page the feed mirrors.
    page: String,
    articles: Vec<ArticleSummary>,
    /// Lead photographs, by article.
    images: HashMap<i64, ShareImage>,
}

enum Scope {
    Site,
    Section,
    Tag,
    Author,
}

async fn source(state: &AppState, scope: Scope, slug: Option<String>) -> Result<FeedSource, AppError> {
    let now = state.app.now();
    let site = &state.site.title;
    let slug = slug.map(|s| Slug::parse(&s).map_err(|_| AppError::NotFound)).transpose()?;
    let (of, title, page) = match (&scope, &slug) {
        (Scope::Site, _) => (ListOf::Latest, site.clone(), "/".to_owned()),
        (Scope::Section, Some(slug)) => {
            let NamedSlug { name, .. } = state.app.store.section(slug).await?.ok_or(AppError::NotFound)?;
            (ListOf::Section(slug), format!("{site} · {name}"), format!("/sections/{slug}"))
        }
        (Scope::Tag, Some(slug)) => {
            let NamedSlug { name, .. } = state.app.store.tag(slug).await?.ok_or(AppError::NotFound)?;
            (ListOf::Tag(slug), format!("{site} · {name}"), format!("/tags/{slug}"))
        }
        (Scope::Author, Some(slug)) => {
            let name = state.app.store.author(slug).await?.ok_or(AppError::NotFound)?.name;
            (ListOf::Author(slug), format!("{site} · {name}"), format!("/authors/{slug}"))
        }
        (_, None) => return Err(AppError::NotFound),
    };
    let articles = state.app.store.list_articles(of, now, None, FEED_SIZE).await?.articles;
    // As its page: a list with nothing out is not there.
    if articles.is_empty() && !matches!(scope, Scope::Site) {
        return Err(AppError::NotFound);
    }
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let images = state
        .app
        .store
        .lead_images(&ids)
        .await?
        .into_iter()
        .filter_map(|(id, item)| Some((id, ShareImage::of(state, &item)?)))
        .collect();
    Ok(FeedSource { title, page, articles, images })
}

fn feed_response(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(FEED_CACHE)),
        ],
        body,
    )
        .into_response()
}

fn rss(state: &AppState, source: FeedSource) -> Response {
    let items: Vec<rss::Item> = source
        .articles
        .iter()
        .map(|a| {
            let link = state.absolute(&article_path(a.slug.as_str()));
            rss::ItemBuilder::default()
                .title(Some(a.headline.clone()))
                .link(Some(link.clone()))
                .description(Some(a.standfirst.clone()))
                .guid(Some(rss::GuidBuilder::default().value(link).permalink(true).build()))
                .pub_date(Some(a.published_at.rfc2822()))
                .enclosure(source.images.get(&a.id).map(|image| {
                    rss::EnclosureBuilder::default()
                        .url(image.url.clone())
                        .length(image.bytes.to_string())
                        .mime_type(image.mime.to_owned())
                        .build()
                }))
                .categories(vec![rss::CategoryBuilder::default().name(a.section.name.clone()).build()])
                // RSS's own <author> wants an e-mail address; the byline goes
                // in <dc:creator>, which feed readers show.
                .dublin_core_ext(Some(
                    rss::extension::dublincore::DublinCoreExtensionBuilder::default()
                        .creators(vec![a.author_name.clone()])
                        .build(),
                ))
                .build()
        })
        .collect();
    let channel = rss::ChannelBuilder::default()
        .title(source.title)
        .link(state.absolute(&source.page))
        .description(state.site.description.clone())
        .language(Some(state.site.language.to_string()))
        .last_build_date(source.articles.first().map(|a| a.updated_at.rfc2822()))
        .generator(Some("Byline".to_owned()))
        .image(Some(
            rss::ImageBuilder::default()
                .url(state.logo_url())
                .title(state.site.title.clone())
                .link(state.site.base_url.to_string())
                .build(),
        ))
        .items(items)
        .build();
    feed_response("application/rss+xml; charset=utf-8", channel.to_string())
}

fn atom_time(at: Timestamp) -> atom::FixedDateTime {
    atom::FixedDateTime::parse_from_rfc3339(&at.rfc3339()).unwrap_or_default()
}

fn atom(state: &AppState, source: FeedSource, self_path: &str) -> Response {
    let entries: Vec<atom::Entry> = source
        .articles
        .iter()
        .map(|a| {
            let link = state.absolute(&article_path(a.slug.as_str()));
            atom::EntryBuilder::default()
                .id(link.clone())
                .title(atom::Text::plain(a.headline.clone()))
                .updated(atom_time(a.updated_at))
                .published(Some(atom_time(a.published_at)))
                .summary(Some(atom::Text::plain(a.standfirst.clone())))
                .links(
                    std::iter::once(atom::LinkBuilder::default().href(link).rel("alternate").build())
                        .chain(source.images.get(&a.id).map(|image| {
                            atom::LinkBuilder::default()
                                .href(image.url.clone())
                                .rel("enclosure")
                                .mime_type(Some(image.mime.to_owned()))
                                .length(Some(image.bytes.to_string()))
                                .build()
                        }))
                        .collect::<Vec<_>>(),
                )
                .authors(vec![atom::PersonBuilder::default().name(a.author_name.clone()).build()])
                .categories(vec![
                    atom::CategoryBuilder::default()
                        .term(a.section.slug.to_string())
                        .label(Some(a.section.name.clone()))
                        .build(),
                ])
                .build()
        })
        .collect();
    let updated = source.articles.iter().map(|a| a.updated_at).max().unwrap_or(Timestamp::from_millis(0));
    let feed = atom::FeedBuilder::default()
        .id(state.absolute(self_path))
        .title(atom::Text::plain(source.title))
        .updated(atom_time(updated))
        .subtitle(Some(atom::Text::plain(state.site.description.clone())))
        .links(vec![
            atom::LinkBuilder::default().href(state.absolute(self_path)).rel("self").build(),
            atom::LinkBuilder::default().href(state.absolute(&source.page)).rel("alternate").build(),
        ])
        .lang(Some(state.site.language.to_string()))
        .logo(Some(state.logo_url()))
        .entries(entries)
        .build();
    feed_response("application/atom+xml; charset=utf-8", feed.to_string())
}

pub async fn site_rss(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(rss(&state, source(&state, Scope::Site, None).await?))
}

pub async fn site_atom(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(atom(&state, source(&state, Scope::Site, None).await?, "/atom.xml"))
}

pub async fn section_rss(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    Ok(rss(&state, source(&state, Scope::Section, Some(slug)).await?))
}

pub async fn section_atom(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let self_path = format!("/sections/{slug}/atom.xml");
    Ok(atom(&state, source(&state, Scope::Section, Some(slug)).await?, &self_path))
}

pub async fn tag_rss(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    Ok(rss(&state, source(&state, Scope::Tag, Some(slug)).await?))
}

pub async fn tag_atom(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let self_path = format!("/tags/{slug}/atom.xml");
    Ok(atom(&state, source(&state, Scope::Tag, Some(slug)).await?, &self_path))
}

pub async fn author_rss(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    Ok(rss(&state, source(&state, Scope::Author, Some(slug)).await?))
}

pub async fn author_atom(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let self_path = format!("/authors/{slug}/atom.xml");
    Ok(atom(&state, source(&state, Scope::Author, Some(slug)).await?, &self_path))
}

/// Comments per comment feed.
const COMMENT_FEED_SIZE: u32 = 50;

/// What a comment feed carries and what it is called.
struct CommentFeed {
    title: String,
    /// The HTML page it follows: the story, or the home page.
    page: String,
    /// Where the feeds live: `/comments` or `/articles/x/comments`.
    base: String,
    comments: Vec<FeedComment>,
}

/// The newest published comments of the site, or of one story readers
/// may see (none for a story they may not: its feed is not there).
async fn comment_feed(state: &AppState, slug: Option<String>) -> Result<CommentFeed, AppError> {
    let now = state.app.now();
    let site = &state.site.title;
    let Some(slug) = slug else {
        let comments = state.app.store.feed_comments(None, now, COMMENT_FEED_SIZE).await?;
        return Ok(CommentFeed {
            title: format!("{site} · Comments"),
            page: "/".to_owned(),
            base: "/comments".to_owned(),
            comments,
        });
    };
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let article = state.app.store.visible_article_summary(&slug, now).await?.ok_or(AppError::NotFound)?;
    let comments = state.app.store.feed_comments(Some(article.id), now, COMMENT_FEED_SIZE).await?;
    let page = article_path(slug.as_str());
    Ok(CommentFeed {
        title: format!("{site} · Comments on {}", article.headline),
        base: format!("{page}/comments"),
        page,
        comments,
    })
}

/// A comment's permalink and the title a feed reader lists it under.
fn comment_entry(state: &AppState, comment: &FeedComment) -> (String, String) {
    let link = state.absolute(&format!("{}#c-{}", article_path(&comment.article_slug), comment.id));
    let deleted = state.locale_for(&state.site.language).t("deleted-user");
    let name = comment.author_name.as_deref().unwrap_or(&deleted);
    (link, format!("{name} on {}", comment.article_headline))
}

fn comments_rss(state: &AppState, feed: CommentFeed) -> Response {
    let items: Vec<rss::Item> = feed
        .comments
        .iter()
        .map(|comment| {
            let (link, title) = comment_entry(state, comment);
            rss::ItemBuilder::default()
                .title(Some(title))
                .link(Some(link.clone()))
                .description(Some(comment.body_html.as_str().to_owned()))
                .guid(Some(rss::GuidBuilder::default().value(link).permalink(true).build()))
                .pub_date(Some(comment.created_at.rfc2822()))
                .dublin_core_ext(Some(
                    rss::extension::dublincore::DublinCoreExtensionBuilder::default()
                        .creators(vec![
                            comment
                                .author_name
                                .clone()
                                .unwrap_or_else(|| state.locale_for(&state.site.language).t("deleted-user")),
                        ])
                        .build(),
                ))
                .build()
        })
        .collect();
    let channel = rss::ChannelBuilder::default()
        .title(feed.title)
        .link(state.absolute(&feed.page))
        .description(state.site.description.clone())
        .language(Some(state.site.language.to_string()))
        .last_build_date(feed.comments.first().map(|c| c.created_at.rfc2822()))
        .generator(Some("Byline".to_owned()))
        .items(items)
        .build();
    feed_response("application/rss+xml; charset=utf-8", channel.to_string())
}

fn comments_atom(state: &AppState, feed: CommentFeed) -> Response {
    let self_path = format!("{}/atom.xml", feed.base);
    let entries: Vec<atom::Entry> = feed
        .comments
        .iter()
        .map(|comment| {
            let (link, title) = comment_entry(state, comment);
            atom::EntryBuilder::default()
                .id(link.clone())
                .title(atom::Text::plain(title))
                .updated(atom_time(comment.created_at))
                .published(Some(atom_time(comment.created_at)))
                .content(Some(
                    atom::ContentBuilder::default()
                        .value(Some(comment.body_html.as_str().to_owned()))
                        .content_type(Some("html".to_owned()))
                        .build(),
                ))
                .links(vec![atom::LinkBuilder::default().href(link).rel("alternate").build()])
                .authors(vec![
                    atom::PersonBuilder::default()
                        .name(
                            comment
                                .author_name
                                .clone()
                                .unwrap_or_else(|| state.locale_for(&state.site.language).t("deleted-user")),
                        )
                        .build(),
                ])
                .build()
        })
        .collect();
    let updated = feed.comments.first().map_or(Timestamp::from_millis(0), |c| c.created_at);
    let atom_feed = atom::FeedBuilder::default()
        .id(state.absolute(&self_path))
        .title(atom::Text::plain(feed.title))
        .updated(atom_time(updated))
        .links(vec![
            atom::LinkBuilder::default().href(state.absolute(&self_path)).rel("self").build(),
            atom::LinkBuilder::default().href(state.absolute(&feed.page)).rel("alternate").build(),
        ])
        .lang(Some(state.site.language.to_string()))
        .entries(entries)
        .build();
    feed_response("application/atom+xml; charset=utf-8", atom_feed.to_string())
}

pub async fn site_comments_rss(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(comments_rss(&state, comment_feed(&state, None).await?))
}

pub async fn site_comments_atom(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(comments_atom(&state, comment_feed(&state, None).await?))
}

pub async fn article_comments_rss(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    Ok(comments_rss(&state, comment_feed(&state, Some(slug)).await?))
}

pub async fn article_comments_atom(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    Ok(comments_atom(&state, comment_feed(&state, Some(slug)).await?))
}
