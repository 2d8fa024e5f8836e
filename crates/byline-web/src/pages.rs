//! Handlers for the pages readers browse (home, articles, lists, feeds,
//! sitemaps) and for operators, and what every page shares.

pub mod articles;
pub mod feeds;
pub mod home;
pub mod lists;
pub mod old_paths;
pub mod ops;
pub mod search;
pub mod sitemaps;

use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use byline_core::LanguageTag;
use byline_store::Cursor;

use byline_core::accounts::Permission;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::layout::{Card, Chrome, ViewerBadge};

/// Stories per page of a list.
pub const PAGE_SIZE: u32 = 12;
/// Stories in the Featured content rail.
pub const RAIL_SIZE: u32 = 6;

/// Anonymous pages may be stored by any cache, but must be revalidated
/// (cheaply, by ETag) so a new story shows at once.
pub const PAGE_CACHE: &str = "public, no-cache";

/// A page for anyone: shareable by caches when nobody is signed in, private
/// otherwise.
pub fn html_page(html: String, personal: bool) -> Response {
    let cache = if personal { "private, no-cache" } else { PAGE_CACHE };
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static(cache)), (header::VARY, HeaderValue::from_static("cookie"))],
        Html(html),
    )
        .into_response()
}

/// Marks a page that holds text its reader alone may see unpublished (their
/// held comments, a draft they typed): no cache keeps it.
pub fn holding_unpublished(mut response: Response) -> Response {
    response.extensions_mut().insert(crate::http::Unpublished);
    response
}

/// A page holding a form: never shared, and it hands out the CSRF cookie.
pub fn form_page(html: String) -> Response {
    let mut response =
        ([(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"))], Html(html)).into_response();
    response.extensions_mut().insert(crate::accounts::sessions::CsrfUsed);
    response
}

/// A form page drawn from `page`, answered with `status` (a refused form
/// comes back 422 with its mistakes, a conflict 409).
pub fn form_page_with(page: &impl askama::Template, status: axum::http::StatusCode) -> Result<Response, AppError> {
    let mut response = form_page(page.render()?);
    *response.status_mut() = status;
    Ok(response)
}

/// The first value of `name` in a URL query string.
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes()).find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
}

/// Reads `?before=CURSOR`; anything else in the query is ignored.
pub fn cursor_from(query: Option<&str>) -> Result<Option<Cursor>, AppError> {
    let Some(value) = query_param(query, "before") else {
        return Ok(None);
    };
    Cursor::parse(&value)
        .map(Some)
        .ok_or(AppError::BadRequest("The page position in this address is not valid. Start again from the first page."))
}

impl AppState {
    /// The chrome for a page in `lang` whose canonical path is `path`, as
    /// `viewer` sees it.
    pub(crate) async fn chrome(
        &self,
        lang: &LanguageTag,
        path: &str,
        viewer: Option<&Viewer>,
        csrf: &CsrfToken,
    ) -> Result<Chrome, AppError> {
        let sections = self.app.store.sections(self.app.now()).await?;
        let i18n = self.locale_of(lang, viewer.map(|v| &v.user));
        let mut chrome = Chrome::new(&self.site, sections, lang, i18n, self.absolute(path));
        chrome.viewer = viewer.map(|v| ViewerBadge {
            display_name: v.user.display_name.clone(),
            is_staff: v.user.role.can(Permission::ManageUsers),
            moderates: v.user.role.can(Permission::Moderate),
            writes: v.user.role.can(Permission::WriteStories),
        });
        chrome.theme = viewer.and_then(|v| v.user.theme).map(byline_core::accounts::Theme::as_str);
        chrome.csrf.clone_from(&csrf.0);
        Ok(chrome)
    }

    /// The chrome of a page that is all the site's own words (the
    /// moderation queue): it speaks the viewer's chosen language, else the
    /// site's, and says so on `<html>`.
    pub(crate) async fn interface_chrome(
        &self,
        path: &str,
        viewer: Option<&Viewer>,
        csrf: &CsrfToken,
    ) -> Result<Chrome, AppError> {
        let lang = self.locale_of(&self.site.language, viewer.map(|v| &v.user)).lang().clone();
        self.chrome(&lang, path, viewer, csrf).await
    }

    /// The locale of the site's own words on a page in `page_lang`: the
    /// page's language when a catalogue speaks it (an Urdu story's chrome
    /// is Urdu on an English site), otherwise the site's. A locale of the
    /// site's language keeps the site's regional tag (`ar-EG` writes its
    /// own digits).
    pub(crate) fn locale_for(&self, page_lang: &LanguageTag) -> &'static Locale {
        let site = &self.site.language;
        if page_lang.primary() == site.primary() || !crate::i18n::has_catalogue(page_lang) {
            return Locale::choose([site]);
        }
        Locale::choose([page_lang])
    }

    /// As [`Self::locale_for`], unless `reader` chose a language.
    pub(crate) fn locale_of(&self, page_lang: &LanguageTag, reader: Option<&byline_store::User>) -> &'static Locale {
        reader
            .and_then(|r| r.interface_language.as_ref())
            .and_then(Locale::for_tag)
            .unwrap_or_else(|| self.locale_for(page_lang))
    }

    /// The public, absolute URL of a path on this site.
    pub(crate) fn absolute(&self, path: &str) -> String {
        self.site.base_url.join(path.trim_start_matches('/')).map_or_else(|_| path.to_owned(), String::from)
    }

    /// The absolute URL of the site's logo: its own, or the one built in.
    pub(crate) fn logo_url(&self) -> String {
        self.site.logo_url.as_ref().map_or_else(|| self.absolute(&crate::assets::LOGO.path), url::Url::to_string)
    }

    /// The rail, without the article(s) the page already leads with.
    pub(crate) async fn featured_cards(
        &self,
        now: byline_core::Timestamp,
        except: Option<i64>,
        page_lang: &LanguageTag,
        ui_lang: &LanguageTag,
    ) -> Result<Vec<Card>, AppError> {
        let featured = self.app.store.featured_articles(now, RAIL_SIZE + 1).await?;
        Ok(featured
            .into_iter()
            .filter(|a| Some(a.id) != except)
            .take(RAIL_SIZE as usize)
            .map(|a| Card::new(a, page_lang, ui_lang))
            .collect())
    }
}
