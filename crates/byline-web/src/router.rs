//! Every URL Byline answers, in one place.

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::assets::serve_asset;
use crate::error::AppError;
use crate::http::{
    conditional_get, panic_response, record_metrics, render_problems, security_headers,
};
use crate::pages::{articles, feeds, home, lists, ops, sitemaps};

pub fn router(state: AppState) -> Router {
    let limits = state.limits.clone();
    Router::new()
        // Reading
        .route("/", get(home::show_home))
        .route("/articles/{slug}", get(articles::show_article))
        .route("/sections/{slug}", get(lists::show_section))
        .route("/tags/{slug}", get(lists::show_tag))
        // Feeds and discovery
        .route("/feed.xml", get(feeds::site_rss))
        .route("/atom.xml", get(feeds::site_atom))
        .route("/sections/{slug}/feed.xml", get(feeds::section_rss))
        .route("/sections/{slug}/atom.xml", get(feeds::section_atom))
        .route("/tags/{slug}/feed.xml", get(feeds::tag_rss))
        .route("/tags/{slug}/atom.xml", get(feeds::tag_atom))
        .route("/sitemap.xml", get(sitemaps::sitemap))
        .route("/news-sitemap.xml", get(sitemaps::news_sitemap))
        .route("/robots.txt", get(sitemaps::robots))
        // Assets
        .route("/static/{name}", get(serve_asset))
        // Operations
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route_layer(from_fn(record_metrics))
        .fallback(|| async { AppError::NotFound })
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn(conditional_get))
        .layer(from_fn_with_state(state.clone(), render_problems))
        .layer(CompressionLayer::new())
        .layer(from_fn(security_headers))
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
