//! Every URL Byline answers, and who may use it, in one table.

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodRouter, get, post, put};
use byline_core::accounts::Permission;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::accounts::sessions::load_viewer;
use crate::accounts::sign_in as accounts;
use crate::accounts::{admin, providers, settings};
use crate::assets::serve_asset;
use crate::comments::{guests as guest_comments, pages as comments};
use crate::desk;
use crate::embed;
use crate::guard::{Access, AccessTable, guard};
use crate::http::{
    cache_by_session, conditional_get, limit_body, panic_response, record_metrics, render_problems, security_headers,
    unwrap_uncompressed,
};
use crate::media;
use crate::moderation::{dashboard, log as moderation_log, people, queue as moderation};
use crate::page_cache::note_writes;
use crate::pages::{articles, feeds, home, lists, ops, search, sitemaps};
use crate::webhooks::admin as webhooks;

/// The URL space: path, who may use it, and what answers.
fn routes() -> Vec<(&'static str, Access, MethodRouter<AppState>)> {
    use crate::api::comments as api;
    use Access::{CarriesSecret, Needs, Public, SignedIn, WritesNeed};
    vec![
        // Reading
        ("/", Public, get(home::show_home)),
        ("/articles/{slug}", Public, get(articles::show_article)),
        ("/articles/{slug}/live", Public, get(crate::comments::live::stream_comments)),
        (
            "/api/v1/articles/{slug}/comments",
            WritesNeed(Permission::Comment),
            get(api::list_comments).post(api::post_comment),
        ),
        (
            "/api/v1/comments/{id}",
            WritesNeed(Permission::Comment),
            get(api::show_comment).patch(api::edit_comment).delete(api::delete_comment),
        ),
        ("/api/v1/comments/{id}/vote", Needs(Permission::Comment), put(api::give_vote).delete(api::take_back_vote)),
        ("/api/v1/comments/{id}/flags", Needs(Permission::Comment), post(api::flag_comment)),
        ("/api/v1/preview", Needs(Permission::Comment), post(api::preview)),
        ("/api/v1", Public, get(crate::api::contract::show_reference)),
        ("/api/v1/openapi.json", Public, get(crate::api::contract::openapi_json)),
        ("/api/v1/articles", Public, get(crate::api::articles::list_articles)),
        ("/api/v1/articles/{slug}", Public, get(crate::api::articles::show_article)),
        ("/api/v1/sections/{slug}/articles", Public, get(crate::api::articles::section_articles)),
        ("/articles/{slug}/comments", Needs(Permission::Comment), post(articles::create_comment)),
        ("/articles/{slug}/guest-comment", Public, get(guest_comments::show_form).post(guest_comments::post_comment)),
        ("/comments/{id}", Public, get(comments::show_comment)),
        ("/unsubscribe/{token}", Public, get(comments::show_unsubscribe).post(comments::unsubscribe)),
        ("/comments/{id}/edit", Needs(Permission::Comment), get(comments::show_edit).post(comments::edit_comment)),
        ("/comments/{id}/delete", Needs(Permission::Comment), post(comments::delete_comment)),
        ("/comments/{id}/vote", Needs(Permission::Comment), post(comments::vote)),
        ("/comments/{id}/flag", Needs(Permission::Comment), post(comments::flag)),
        ("/comments/{id}/appeal", Needs(Permission::Comment), post(comments::appeal)),
        ("/comments/{id}/feature", Needs(Permission::FeatureContent), post(comments::feature)),
        ("/sections/{slug}", Public, get(lists::show_section)),
        ("/tags/{slug}", Public, get(lists::show_tag)),
        ("/authors/{slug}", Public, get(lists::show_author)),
        // Feeds and discovery
        ("/feed.xml", Public, get(feeds::site_rss)),
        ("/comments/feed.xml", Public, get(feeds::site_comments_rss)),
        ("/comments/atom.xml", Public, get(feeds::site_comments_atom)),
        ("/articles/{slug}/comments/feed.xml", Public, get(feeds::article_comments_rss)),
        ("/articles/{slug}/comments/atom.xml", Public, get(feeds::article_comments_atom)),
        ("/atom.xml", Public, get(feeds::site_atom)),
        ("/sections/{slug}/feed.xml", Public, get(feeds::section_rss)),
        ("/sections/{slug}/atom.xml", Public, get(feeds::section_atom)),
        ("/tags/{slug}/feed.xml", Public, get(feeds::tag_rss)),
        ("/tags/{slug}/atom.xml", Public, get(feeds::tag_atom)),
        ("/authors/{slug}/feed.xml", Public, get(feeds::author_rss)),
        ("/authors/{slug}/atom.xml", Public, get(feeds::author_atom)),
        ("/sitemap.xml", Public, get(sitemaps::sitemap)),
        ("/news-sitemap.xml", Public, get(sitemaps::news_sitemap)),
        ("/robots.txt", Public, get(sitemaps::robots)),
        ("/search", Public, get(search::show_search)),
        ("/opensearch.xml", Public, get(search::opensearch)),
        // The comments bar on other sites
        ("/embed.js", Public, get(embed::embed_script)),
        ("/embed/thread", Public, get(embed::open_thread)),
        ("/embed/discussion", Public, get(embed::open_discussion)),
        ("/embed/articles/{slug}", Public, get(embed::show_framed)),
        ("/embed/signin", Public, get(embed::sign_in_popup)),
        ("/api/v1/embed/session", CarriesSecret, post(embed::start_session_by_code)),
        ("/api/v1/embed/sso", CarriesSecret, post(embed::sign_in_by_host)),
        ("/embed/signout", Public, post(embed::sign_out)),
        ("/api/v1/embed/counts", Public, get(embed::count_comments)),
        // Accounts
        ("/signup", Public, get(accounts::show_sign_up).post(accounts::create_account)),
        ("/verify/{token}", Public, get(accounts::show_verify).post(accounts::verify_email)),
        ("/signin", Public, get(accounts::show_sign_in).post(accounts::sign_in)),
        ("/signin/link", Public, post(accounts::send_sign_in_link)),
        ("/signin/link/{token}", Public, get(accounts::show_sign_in_link).post(accounts::sign_in_by_link)),
        ("/reset", Public, get(accounts::show_reset_request).post(accounts::request_reset)),
        ("/reset/{token}", Public, get(accounts::show_new_password).post(accounts::reset_password)),
        ("/signin/provider/{provider}", Public, post(providers::begin_provider_sign_in)),
        ("/signin/provider/{provider}/callback", Public, get(providers::finish_provider_sign_in)),
        ("/signin/link-account/{token}", Public, get(providers::show_account_link).post(providers::link_account)),
        ("/signout", Public, post(accounts::sign_out)),
        ("/setup/{token}", Public, get(accounts::show_setup).post(accounts::create_first_admin)),
        ("/account", SignedIn, get(settings::show_settings)),
        ("/account/profile", SignedIn, post(settings::update_profile)),
        ("/account/email", SignedIn, post(settings::change_email)),
        ("/account/alerts", Needs(Permission::Moderate), post(settings::update_alerts)),
        ("/account/language", SignedIn, post(settings::update_language)),
        ("/account/theme", SignedIn, post(settings::update_theme)),
        ("/account/password", SignedIn, post(settings::change_password)),
        ("/account/sessions/end-others", SignedIn, post(settings::end_other_sessions)),
        ("/account/providers/remove", SignedIn, post(settings::unlink_provider)),
        ("/account/export", SignedIn, get(settings::export_data)),
        ("/account/delete", SignedIn, post(settings::delete_account)),
        // The desk
        ("/desk", Needs(Permission::WriteStories), get(desk::show_desk)),
        ("/desk/new", Needs(Permission::WriteStories), get(desk::show_new).post(desk::create_story)),
        ("/desk/stories/{id}", Needs(Permission::WriteStories), get(desk::show_story).post(desk::save_story)),
        ("/desk/stories/{id}/move", Needs(Permission::WriteStories), post(desk::move_story)),
        ("/desk/stories/{id}/preview", Needs(Permission::WriteStories), get(desk::preview_story)),
        ("/desk/stories/{id}/compare", Needs(Permission::WriteStories), get(desk::compare_revisions)),
        ("/desk/stories/{id}/notes", Needs(Permission::EditArticles), post(desk::append_note)),
        (
            "/desk/authors/{slug}",
            Needs(Permission::WriteStories),
            get(desk::authors::show_author).post(desk::authors::save_author),
        ),
        (
            "/desk/media",
            Needs(Permission::WriteStories),
            get(media::library::show_library).post(media::library::upload),
        ),
        (
            "/desk/media/{id}",
            Needs(Permission::WriteStories),
            get(media::library::show_photo).post(media::library::describe),
        ),
        ("/desk/media/{id}/withdraw", Needs(Permission::EditArticles), post(media::library::withdraw)),
        ("/desk/stories/{id}/autosave", Needs(Permission::WriteStories), post(desk::script::autosave_story)),
        ("/desk/preview", Needs(Permission::WriteStories), post(desk::script::preview_body)),
        (
            "/desk/stories/{id}/revisions/{version}/restore",
            Needs(Permission::WriteStories),
            post(desk::restore_revision),
        ),
        // Moderation
        ("/moderation", Needs(Permission::Moderate), get(moderation::show_queue)),
        ("/moderation/dashboard", Needs(Permission::Moderate), get(dashboard::show_dashboard)),
        ("/moderation/live", Needs(Permission::Moderate), get(moderation::stream_counts)),
        ("/moderation/comments", Needs(Permission::Moderate), post(moderation::decide_many)),
        ("/moderation/comments/{id}", Needs(Permission::Moderate), get(moderation::show_item).post(moderation::decide)),
        ("/moderation/people", Needs(Permission::Moderate), get(people::show_people)),
        ("/moderation/people/{id}", Needs(Permission::Moderate), get(people::show_person)),
        ("/moderation/users/{id}", Needs(Permission::Moderate), post(people::set_standing)),
        // Administration
        ("/admin/users", Needs(Permission::ManageUsers), get(admin::list_users)),
        ("/admin/users/{id}/role", Needs(Permission::ManageUsers), post(admin::set_role)),
        ("/admin/webhooks", Needs(Permission::ManageSite), get(webhooks::list_webhooks).post(webhooks::add_webhook)),
        ("/admin/webhooks/{id}", Needs(Permission::ManageSite), get(webhooks::show_webhook)),
        ("/admin/webhooks/{id}/events", Needs(Permission::ManageSite), post(webhooks::change_events)),
        ("/admin/webhooks/{id}/switch", Needs(Permission::ManageSite), post(webhooks::switch_webhook)),
        ("/admin/webhooks/{id}/ping", Needs(Permission::ManageSite), post(webhooks::ping_webhook)),
        ("/admin/webhooks/{id}/delete", Needs(Permission::ManageSite), post(webhooks::delete_webhook)),
        ("/admin/log", Needs(Permission::ManageSite), get(moderation_log::show_log)),
        // Assets
        ("/static/{name}", Public, get(serve_asset)),
        ("/media/{name}", Public, get(media::serve_media)),
        // Operations
        ("/healthz", Public, get(ops::healthz)),
        ("/readyz", Public, get(ops::readyz)),
        ("/metrics", Public, get(ops::metrics)),
    ]
}

/// Every route pattern with who may use it: what the guard enforces, and
/// what tests enumerate.
pub fn route_access() -> Vec<(&'static str, Access)> {
    routes().into_iter().map(|(path, access, _)| (path, access)).collect()
}

/// The compression level of pages made for one reader (gzip and Brotli).
const COMPRESSION_QUALITY: i32 = 4;

pub fn router(state: AppState) -> Router {
    let limits = state.limits.clone();
    let mut router = Router::new();
    for (path, _, handler) in routes() {
        router = router.route(path, handler);
    }
    router
        .route_layer(from_fn_with_state(
            (state.clone(), std::sync::Arc::new(route_access().into_iter().collect::<AccessTable>())),
            guard,
        ))
        .route_layer(from_fn(record_metrics))
        // Old addresses of imported stories lead to them; others are 404.
        .fallback(crate::pages::old_paths::unknown_address)
        // One stack for every route, outermost first. Built once with
        // ServiceBuilder and boxed once: applied layer by layer, each
        // request would clone (and allocate) every layer's boxed inner
        // service again at every level.
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                // Outside every layer that answers, so it sees each answer.
                .layer(from_fn(cache_by_session))
                .layer(from_fn_with_state(state.clone(), security_headers))
                .layer(from_fn_with_state(state.clone(), crate::api::cors))
                .map_response(unwrap_uncompressed)
                // Brotli's own default (quality 11) takes tens of milliseconds
                // on a long page, for every signed-in reader's request; at 4
                // it is quick enough to compress each page as it is sent.
                // Zstandard, preferred where a browser takes it, is quicker
                // still: a tenth of Brotli's time for a tenth more bytes.
                .layer(CompressionLayer::new().quality(CompressionLevel::Precise(COMPRESSION_QUALITY)))
                // Every problem is drawn here, once: as JSON under /api/, as
                // a page elsewhere. Inside compression, so only what is sent
                // is compressed; outside the timeout, which it draws too.
                .layer(from_fn_with_state(state.clone(), render_problems))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
                .layer(from_fn(conditional_get))
                .layer(from_fn_with_state(state.clone(), note_writes))
                .layer(from_fn_with_state(state.clone(), load_viewer))
                .layer(CatchPanicLayer::custom(panic_response))
                // Innermost: the handlers and the guard read the body
                // through its limit (which it picks by the body's kind), so
                // axum's own default limit is off.
                .layer(from_fn_with_state(state.clone(), limit_body)),
        )
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(state)
}
