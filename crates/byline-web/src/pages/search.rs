//! The search page (a plain GET form, no script needed), its snippets with
//! the words found marked, and the OpenSearch description that lets
//! browsers offer the site's search.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_core::Timestamp;
use byline_core::text::{html_text, search_form};
use byline_store::{SearchQuery, search_words};

use super::{html_page, query_param};
use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer};
use crate::error::AppError;
use crate::layout::{Card, Chrome};

/// Stories a page of results shows.
const RESULTS_PER_PAGE: u32 = 10;
/// Pages of results a search offers; past them, a narrower search helps more.
const MOST_PAGES: u32 = 50;
/// Words a snippet shows.
const SNIPPET_WORDS: usize = 36;
/// Words of a story's text looked through for its snippet: past them, the
/// snippet is the story's opening (each word looked at costs a reduction).
const SNIPPET_SCAN: usize = 600;

/// One word of a snippet, marked when it is a word searched for.
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// A story found, with where the words were found in it.
pub struct Found {
    pub card: Card,
    /// Set when the text was cut before the snippet.
    pub cut_before: bool,
    pub snippet: Vec<Piece>,
    pub cut_after: bool,
}

#[derive(Template)]
#[template(path = "pages/search.html")]
pub struct SearchPage {
    pub chrome: Chrome,
    /// What the reader typed, kept in the form.
    pub q: String,
    pub section: String,
    pub from: String,
    pub to: String,
    /// Why the search could not be made, in the page's words.
    pub error: Option<String>,
    /// `None` before anything was searched for.
    pub results: Option<Vec<Found>>,
    pub next_page: Option<String>,
}

/// `GET /search?q=…&section=…&from=YYYY-MM-DD&to=YYYY-MM-DD&page=N`.
pub async fn show_search(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let query = query.as_deref();
    let field = |name| query_param(query, name).unwrap_or_default();
    let (q, section, from, to) = (field("q"), field("section"), field("from"), field("to"));
    let page_number = query_param(query, "page").and_then(|p| p.trim().parse::<u32>().ok()).unwrap_or(1);
    let lang = &state.site.language;
    let mut chrome = state.chrome(lang, "/search", viewer.as_ref(), &csrf).await?;
    chrome.description = chrome.i18n.with("search-description", &[("site", &state.site.title)]);

    let from_at = parse_day(&from);
    let to_at = parse_day(&to);
    let error = if from_at == Some(None) || to_at == Some(None) {
        Some(chrome.i18n.t("search-bad-date"))
    } else if !(1..=MOST_PAGES).contains(&page_number) {
        Some(chrome.i18n.t("search-bad-page"))
    } else {
        None
    };
    let words = search_words(&q);
    let mut page = SearchPage {
        chrome,
        q: q.clone(),
        section: section.clone(),
        from: from.clone(),
        to: to.clone(),
        error,
        results: None,
        next_page: None,
    };
    if page.error.is_some() {
        return Ok(with_status(html_page(page.render()?, viewer.is_some()), StatusCode::BAD_REQUEST));
    }
    if !words.is_empty() {
        let search = SearchQuery {
            words: &q,
            section: Some(section.as_str()).filter(|s| !s.is_empty()),
            from: from_at.flatten(),
            // The last day searched is the whole of it.
            until: to_at.flatten().map(|day| day.plus_hours(24)),
            limit: RESULTS_PER_PAGE,
            offset: (page_number - 1) * RESULTS_PER_PAGE,
        };
        let found = state.app.store.search_articles(&search, state.app.now()).await?;
        let ui_lang = page.chrome.i18n.lang().clone();
        page.results = Some(
            found
                .hits
                .into_iter()
                .map(|hit| {
                    let (cut_before, snippet, cut_after) = snippet(&hit.body_html, &words);
                    Found { card: Card::new(hit.summary, lang, &ui_lang), cut_before, snippet, cut_after }
                })
                .collect(),
        );
        if found.more && page_number < MOST_PAGES {
            page.next_page = Some(search_address(&q, &section, &from, &to, page_number + 1));
        }
    }
    Ok(html_page(page.render()?, viewer.is_some()))
}

fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

/// `None` for an empty field, `Some(None)` for one that is not a day.
fn parse_day(text: &str) -> Option<Option<Timestamp>> {
    let text = text.trim();
    (!text.is_empty()).then(|| Timestamp::parse_date(text))
}

fn search_address(q: &str, section: &str, from: &str, to: &str, page: u32) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("q", q);
    for (name, value) in [("section", section), ("from", from), ("to", to)] {
        if !value.is_empty() {
            query.append_pair(name, value);
        }
    }
    query.append_pair("page", &page.to_string());
    format!("/search?{}", query.finish())
}

/// The words of a story's text around the first word searched for (or its
/// opening, when only its headline held them), each word found marked;
/// and whether the text goes on before and after.
fn snippet(body_html: &str, words: &[String]) -> (bool, Vec<Piece>, bool) {
    let text = html_text(body_html);
    let all: Vec<&str> = text.split_whitespace().take(SNIPPET_SCAN).collect();
    // A word's reading is worked out once, however often the text uses it.
    let mut seen: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    let mut is_searched = |word: &str| -> bool {
        if let Some(found) = seen.get(word) {
            return *found;
        }
        let found = search_form(word).split(' ').any(|w| words.iter().any(|s| s == w));
        seen.insert(word.to_owned(), found);
        found
    };
    let first = all.iter().position(|w| is_searched(w)).unwrap_or(0);
    let start = first.saturating_sub(SNIPPET_WORDS / 4);
    let end = (start + SNIPPET_WORDS).min(all.len());
    let pieces = all[start..end].iter().map(|w| Piece { text: (*w).to_owned(), marked: is_searched(w) }).collect();
    (start > 0, pieces, end < all.len() || all.len() == SNIPPET_SCAN)
}

/// `GET /opensearch.xml`: the site's search, described so a browser can
/// offer it from its address bar.
pub async fn opensearch(State(state): State<AppState>) -> Response {
    let esc = |text: &str| quick_xml::escape::escape(text).into_owned();
    // The short name is at most 16 characters.
    let short: String = state.site.title.chars().take(16).collect();
    let template = format!("{}?q={{searchTerms}}", state.absolute("/search"));
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n\
         <ShortName>{}</ShortName>\n<Description>{}</Description>\n\
         <InputEncoding>UTF-8</InputEncoding>\n<Language>{}</Language>\n\
         <Image width=\"16\" height=\"16\" type=\"image/svg+xml\">{}</Image>\n\
         <Url type=\"text/html\" method=\"get\" template=\"{}\"/>\n</OpenSearchDescription>\n",
        esc(&short),
        esc(&state.site.description),
        esc(state.site.language.as_str()),
        esc(&state.absolute(&crate::assets::ICON.path)),
        esc(&template),
    );
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/opensearchdescription+xml")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        search_words(text)
    }

    #[test]
    fn a_snippet_marks_the_words_found_however_they_were_typed() {
        let html = "<p>The <strong>Seyra</strong> river&#39;s accord &amp;&nbsp;its limits.</p><p>Dams, later.</p>";
        let (before, pieces, after) = snippet(html, &words("SEYRA dams"));
        assert!(!before && !after);
        let marked: Vec<&str> = pieces.iter().filter(|p| p.marked).map(|p| p.text.as_str()).collect();
        assert_eq!(marked, ["Seyra", "Dams,"]);
        let shown: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        // The no-break space the sanitiser writes as &nbsp; parts words too.
        assert_eq!(shown.join(" "), "The Seyra river's accord & its limits. Dams, later.");
        // Arabic letters for Urdu ones, diacritics, and a word in the middle of a long text.
        let long = format!("<p>{} کتاب میلہ {}</p>", "لفظ ".repeat(100), "اور ".repeat(100));
        let (before, pieces, after) = snippet(&long, &words("كتاب"));
        assert!(before && after);
        assert_eq!(pieces.len(), SNIPPET_WORDS);
        assert_eq!(pieces.iter().filter(|p| p.marked).map(|p| p.text.as_str()).collect::<Vec<_>>(), ["کتاب"]);
    }

    #[test]
    fn a_search_keeps_its_filters_in_the_next_page() {
        assert_eq!(
            search_address("کتاب & more", "", "2026-01-01", "", 2),
            "/search?q=%DA%A9%D8%AA%D8%A7%D8%A8+%26+more&from=2026-01-01&page=2"
        );
    }
}
