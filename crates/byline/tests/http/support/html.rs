//! Reading a page the way a reader sees it: by CSS selector.

use scraper::{Html, Selector};

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// The text of the only element matching `css`.
pub fn text_of(html: &Html, css: &str) -> String {
    let found = select(html, css);
    assert_eq!(found.len(), 1, "expected one `{css}`, found {}", found.len());
    found[0].text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn attr(html: &Html, css: &str, name: &str) -> String {
    let found = select(html, css);
    assert!(!found.is_empty(), "no `{css}`");
    found[0].value().attr(name).unwrap_or_default().to_owned()
}
