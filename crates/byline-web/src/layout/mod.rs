//! The frame around every page (masthead, navigation, footer, the problem
//! page), the `lang`/`dir` idiom and the cards lists are made of; their
//! templates sit beside this file.

use askama::Template;
use byline_core::{LanguageTag, NamedSlug, Timestamp};
use byline_store::ArticleSummary;

use crate::SiteConfig;
use crate::assets::{COMMENTS_JS, ICON, STYLESHEET};
use crate::i18n::Locale;

/// `lang` and `dir` for an element whose language differs from its page's.
#[derive(Debug, Clone)]
pub struct LangAttr {
    pub lang: String,
    pub dir: &'static str,
}

impl LangAttr {
    /// `Some` only when `text` is in another language than `page`.
    pub fn if_differs(text: &LanguageTag, page: &LanguageTag) -> Option<Self> {
        (text != page).then(|| Self { lang: text.to_string(), dir: text.direction().as_str() })
    }
}

/// The frame around every page: masthead, navigation, footer, head links.
pub struct Chrome {
    pub site_title: String,
    pub site_description: String,
    /// This page's meta description.
    pub description: String,
    pub lang: String,
    pub dir: &'static str,
    pub og_locale: String,
    /// The language of the site's own words on this page, and their catalogue.
    pub i18n: &'static Locale,
    /// Set on the site's own words when the page is in another language.
    pub ui: Option<LangAttr>,
    /// Set on section names (written in the site's language) where the
    /// words around them are in another.
    pub names_lang: Option<LangAttr>,
    pub sections: Vec<NamedSlug>,
    pub current_section: Option<String>,
    pub canonical: String,
    pub css: &'static str,
    pub icon: &'static str,
    /// The comments script, for pages with a comments bar.
    pub comments_js: &'static str,
    /// Where this page's feeds live (`""` for the site, `/sections/x` …).
    pub feed_base: String,
    pub feed_title: String,
    /// Where the comment feeds this page offers live (`/comments`, or a
    /// story's `/articles/x/comments`), and what they are called.
    pub comment_feed_base: String,
    pub comment_feed_title: String,
    /// Who is signed in, for the masthead.
    pub viewer: Option<ViewerBadge>,
    /// The colours the reader chose (`light`, `dark`), over their system's.
    pub theme: Option<&'static str>,
    /// The token the masthead's sign-out form carries.
    pub csrf: String,
    /// Set when the page is framed by another site: no masthead, no
    /// footer, and its links open outside the frame.
    pub framed: bool,
}

/// The signed-in person as the masthead shows them.
pub struct ViewerBadge {
    pub display_name: String,
    pub is_staff: bool,
    /// May open the moderation queue.
    pub moderates: bool,
    /// May open the desk.
    pub writes: bool,
}

impl Chrome {
    /// The chrome of a page in `page_lang`, its own words in `i18n`'s.
    pub fn new(
        site: &SiteConfig,
        sections: Vec<NamedSlug>,
        page_lang: &LanguageTag,
        i18n: &'static Locale,
        canonical: String,
    ) -> Self {
        Self {
            site_title: site.title.clone(),
            site_description: site.description.clone(),
            description: site.description.clone(),
            lang: page_lang.to_string(),
            dir: page_lang.direction().as_str(),
            og_locale: page_lang.as_str().replace('-', "_"),
            i18n,
            ui: LangAttr::if_differs(i18n.lang(), page_lang),
            names_lang: LangAttr::if_differs(&site.language, i18n.lang()),
            sections,
            current_section: None,
            canonical,
            css: &STYLESHEET.path,
            icon: &ICON.path,
            comments_js: &COMMENTS_JS.path,
            feed_base: String::new(),
            feed_title: site.title.clone(),
            comment_feed_base: "/comments".to_owned(),
            comment_feed_title: i18n.with("feed-comments-title", &[("site", &site.title)]),
            viewer: None,
            theme: None,
            csrf: String::new(),
            framed: false,
        }
    }
}

/// An article as a list shows it.
pub struct Card {
    pub href: String,
    pub kicker: Option<String>,
    pub headline: String,
    pub standfirst: String,
    pub section: NamedSlug,
    pub published_at: Timestamp,
    pub comment_count: i64,
    /// Set when the article is in another language than the page.
    pub lang: Option<LangAttr>,
    /// Set on the section name and date (the site's words) when the
    /// article is in another language than the site.
    pub meta_lang: Option<LangAttr>,
}

impl Card {
    /// A card on a page in `page_lang` whose own words are in `ui_lang`.
    pub fn new(summary: ArticleSummary, page_lang: &LanguageTag, ui_lang: &LanguageTag) -> Self {
        Self {
            href: article_path(summary.slug.as_str()),
            lang: LangAttr::if_differs(&summary.language, page_lang),
            meta_lang: LangAttr::if_differs(ui_lang, &summary.language),
            kicker: summary.kicker,
            headline: summary.headline,
            standfirst: summary.standfirst,
            section: summary.section,
            published_at: summary.published_at,
            comment_count: summary.comment_count,
        }
    }
}

pub fn article_path(slug: &str) -> String {
    format!("/articles/{slug}")
}

/// A 301 to the article at `slug`: its address percent-encoded, as a
/// `Location` header must be (a slug may be Urdu or Arabic).
pub fn moved_to_article(slug: &str) -> axum::response::Response {
    to_article(axum::http::StatusCode::MOVED_PERMANENTLY, slug)
}

/// A 303 to the article at `slug`, for now.
pub fn see_article(slug: &str) -> axum::response::Response {
    to_article(axum::http::StatusCode::SEE_OTHER, slug)
}

fn to_article(status: axum::http::StatusCode, slug: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    const KEPT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_');
    let location = format!("/articles/{}", percent_encoding::utf8_percent_encode(slug, KEPT));
    (status, [(axum::http::header::LOCATION, location)]).into_response()
}

#[derive(Template)]
#[template(path = "layout/problem.html")]
pub struct ProblemPage {
    pub chrome: Chrome,
    pub heading: String,
    pub message: String,
}
