//! RSS 2.0 and Atom feeds for the site, each section and each tag.

use std::collections::HashMap;

use atom_syndication as atom;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use byline_core::{NamedSlug, Slug, Timestamp};
use byline_store::{ArticleSummary, ListOf};

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
