//! `sitemap.xml`, the news sitemap of the last 48 hours, and `robots.txt`.

use std::io;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use byline_core::Timestamp;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::AppState;
use crate::error::AppError;
use crate::layout::article_path;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";
/// The sitemap protocol's limit on URLs per file.
const MAX_URLS: u32 = 50_000;
/// News sitemaps list only what was published in the last two days.
const NEWS_WINDOW_HOURS: i64 = 48;
const NEWS_MAX_URLS: u32 = 1_000;

fn xml_response(body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
        ],
        body,
    )
        .into_response()
}

fn text_element(writer: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    writer.create_element(name).write_text_content(BytesText::new(text))?;
    Ok(())
}

pub async fn sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let now = state.app.now();
    let entries = state.app.store.sitemap_entries(now, Timestamp::from_millis(0), MAX_URLS).await?;
    let sections = state.app.store.sections(state.app.now()).await?;
    let mut writer = Writer::new(Vec::new());
    let written: io::Result<()> = (|| {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer.create_element("urlset").with_attribute(("xmlns", SITEMAP_NS)).write_inner_content(|w| {
            w.create_element("url").write_inner_content(|w| text_element(w, "loc", &state.absolute("/")))?;
            for section in &sections {
                let loc = state.absolute(&format!("/sections/{}", section.slug));
                w.create_element("url").write_inner_content(|w| text_element(w, "loc", &loc))?;
            }
            for entry in &entries {
                let loc = state.absolute(&article_path(entry.slug.as_str()));
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &loc)?;
                    text_element(w, "lastmod", &entry.updated_at.rfc3339())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    })();
    written.map_err(|_| AppError::BadRequest("The sitemap could not be written."))?;
    Ok(xml_response(writer.into_inner()))
}

pub async fn news_sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let now = state.app.now();
    let since = now.plus_hours(-NEWS_WINDOW_HOURS);
    let entries = state.app.store.sitemap_entries(now, since, NEWS_MAX_URLS).await?;
    let mut writer = Writer::new(Vec::new());
    let written: io::Result<()> = (|| {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer
            .create_element("urlset")
            .with_attribute(("xmlns", SITEMAP_NS))
            .with_attribute(("xmlns:news", NEWS_NS))
            .write_inner_content(|w| {
            for entry in &entries {
                let loc = state.absolute(&article_path(entry.slug.as_str()));
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &loc)?;
                    w.create_element("news:news").write_inner_content(|w| {
                        w.create_element("news:publication").write_inner_content(|w| {
                            text_element(w, "news:name", &state.site.title)?;
                            text_element(w, "news:language", entry.language.primary())
                        })?;
                        text_element(w, "news:publication_date", &entry.published_at.rfc3339())?;
                        text_element(w, "news:title", &entry.headline)
                    })?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    })();
    written.map_err(|_| AppError::BadRequest("The news sitemap could not be written."))?;
    Ok(xml_response(writer.into_inner()))
}

pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /healthz\nDisallow: /readyz\nDisallow: /metrics\n\nSitemap: {}\nSitemap: {}\n",
        state.absolute("/sitemap.xml"),
        state.absolute("/news-sitemap.xml"),
    );
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        body,
    )
        .into_response()
}
