//! Markdown to HTML, and the sanitiser every piece of user-written markup
//! passes through on its way to a page.
//!
//! Rendering happens once, when an article is written; pages only ever read
//! the stored [`SanitizedHtml`].
//!
//! Besides CommonMark with tables, footnotes, strikethrough and autolinks,
//! article Markdown has two newsroom conventions:
//!
//! * a **pull quote** is a block quote whose first line is `[!pullquote]`;
//!   it becomes `<aside class="pull-quote">`;
//! * a **block quote with attribution** is a block quote whose last
//!   paragraph starts with an em dash (`— Name, role`); it becomes a
//!   `<figure class="quote">` holding the `<blockquote>` and a
//!   `<figcaption>` with the source in `<cite>`.
//!
//! Raw HTML in the source is shown as text, never interpreted.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

use comrak::nodes::{AstNode, NodeHtmlBlock, NodeValue};
use comrak::{Arena, Options};

/// Markup that came out of the sanitiser: the only type templates may
/// print without escaping.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SanitizedHtml(String);

impl SanitizedHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub(crate) fn from_sanitiser(html: String) -> Self {
        Self(html)
    }

    /// Re-wraps markup read back from our own store, where only
    /// [`render_article`] could have put it.
    pub fn from_trusted_store(html: String) -> Self {
        Self(html)
    }
}

impl fmt::Display for SanitizedHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for SanitizedHtml {}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("image `{src}` has no alt text; describe it between the brackets: ![what it shows]({src})")]
    ImageWithoutAlt { line: usize, src: String },
    #[error("the body is empty")]
    Empty,
}

impl RenderError {
    /// The 1-based line of the Markdown source the error points at.
    pub fn line(&self) -> usize {
        match self {
            Self::ImageWithoutAlt { line, .. } => *line,
            Self::Empty => 1,
        }
    }
}

const PULL_QUOTE_MARKER: &str = "[!pullquote]";
const ATTRIBUTION_DASHES: &[&str] = &["— ", "―", "—", "-- "];

fn article_options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.footnotes = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    // Our own HtmlBlocks carry the quote markup; author HTML is turned into
    // text before rendering, and the sanitiser runs after.
    options.render.r#unsafe = true;
    options
}

/// Renders an article body to sanitised HTML.
pub fn render_article(source: &str) -> Result<SanitizedHtml, RenderError> {
    if source.trim().is_empty() {
        return Err(RenderError::Empty);
    }
    let options = article_options();
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, source, &options);

    let nodes: Vec<_> = root.descendants().collect();
    for node in &nodes {
        neutralise_raw_html(node);
        demote_title_headings(node);
        check_image_alt(node)?;
    }
    for node in nodes {
        let is_quote = matches!(node.data.borrow().value, NodeValue::BlockQuote);
        if is_quote && !shape_pull_quote(&arena, node) {
            shape_attributed_quote(&arena, node);
        }
    }

    let mut html = String::new();
    if comrak::format_html(root, &options, &mut html).is_err() {
        // Writing into a String cannot fail; an error here would be a bug in
        // the renderer, and showing nothing is safer than showing half.
        return Err(RenderError::Empty);
    }
    Ok(sanitise(&html))
}

/// Author-written HTML is shown as the text it is: an HTML block becomes
/// a paragraph of escaped text, inline HTML becomes plain text.
fn neutralise_raw_html(node: &AstNode<'_>) {
    let mut data = node.data.borrow_mut();
    let replacement = match &data.value {
        NodeValue::HtmlBlock(block) => NodeValue::HtmlBlock(NodeHtmlBlock {
            block_type: block.block_type,
            literal: format!("<p>{}</p>\n", escape_html(block.literal.trim_end())),
        }),
        NodeValue::HtmlInline(raw) => NodeValue::Text(raw.clone().into()),
        _ => return,
    };
    data.value = replacement;
}

/// The headline is the page's only `h1`; a `#` in the body becomes `h2`,
/// like the `##` subheads writers use.
fn demote_title_headings(node: &AstNode<'_>) {
    if let NodeValue::Heading(heading) = &mut node.data.borrow_mut().value
        && heading.level == 1
    {
        heading.level = 2;
    }
}

fn check_image_alt<'a>(node: &'a AstNode<'a>) -> Result<(), RenderError> {
    let data = node.data.borrow();
    let NodeValue::Image(link) = &data.value else {
        return Ok(());
    };
    if plain_text(node).trim().is_empty() {
        return Err(RenderError::ImageWithoutAlt { line: data.sourcepos.start.line, src: link.url.clone() });
    }
    Ok(())
}

fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    node.descendants()
        .filter_map(|n| match &n.data.borrow().value {
            NodeValue::Text(t) => Some(t.to_string()),
            NodeValue::Code(c) => Some(c.literal.clone()),
            _ => None,
        })
        .collect()
}

fn html_block<'a>(arena: &'a Arena<'a>, literal: &str) -> &'a AstNode<'a> {
    arena.alloc(NodeValue::HtmlBlock(NodeHtmlBlock { block_type: 0, literal: literal.to_owned() }).into())
}

fn html_inline<'a>(arena: &'a Arena<'a>, literal: &str) -> &'a AstNode<'a> {
    arena.alloc(NodeValue::HtmlInline(literal.to_owned()).into())
}

/// Replaces `quote`'s own node by its children, framed by `open` and `close`.
fn unwrap_into<'a>(arena: &'a Arena<'a>, quote: &'a AstNode<'a>, open: &str, close: &str) {
    quote.insert_before(html_block(arena, open));
    let children: Vec<_> = quote.children().collect();
    for child in children {
        quote.insert_before(child);
    }
    quote.insert_before(html_block(arena, close));
    quote.detach();
}

/// `> [!pullquote]` on the first line makes the quote a pull quote.
fn shape_pull_quote<'a>(arena: &'a Arena<'a>, quote: &'a AstNode<'a>) -> bool {
    let Some(first) = quote.first_child() else {
        return false;
    };
    if !matches!(first.data.borrow().value, NodeValue::Paragraph) {
        return false;
    }
    // The marker may be split over several text nodes ("[", "!pullquote]").
    let mut marker = String::new();
    let mut marker_nodes = Vec::new();
    for inline in first.children() {
        match &inline.data.borrow().value {
            NodeValue::Text(t) => marker.push_str(t),
            NodeValue::SoftBreak | NodeValue::LineBreak => {
                marker_nodes.push(inline);
                break;
            }
            _ => return false,
        }
        marker_nodes.push(inline);
        if marker.trim().len() >= PULL_QUOTE_MARKER.len() {
            break;
        }
    }
    if !marker.trim().eq_ignore_ascii_case(PULL_QUOTE_MARKER) {
        return false;
    }
    for node in marker_nodes {
        node.detach();
    }
    if let Some(next) = first.first_child()
        && matches!(next.data.borrow().value, NodeValue::SoftBreak | NodeValue::LineBreak)
    {
        next.detach();
    }
    if first.first_child().is_none() {
        first.detach();
    }
    unwrap_into(arena, quote, "<aside class=\"pull-quote\">", "</aside>");
    true
}

/// A last paragraph starting with an em dash names the quote's source.
fn shape_attributed_quote<'a>(arena: &'a Arena<'a>, quote: &'a AstNode<'a>) {
    let Some(last) = quote.last_child() else {
        return;
    };
    if quote.first_child().is_some_and(|first| std::ptr::eq(first, last)) {
        return;
    }
    if !matches!(last.data.borrow().value, NodeValue::Paragraph) {
        return;
    }
    let Some(lead) = last.first_child() else {
        return;
    };
    {
        let mut data = lead.data.borrow_mut();
        let NodeValue::Text(text) = &mut data.value else {
            return;
        };
        let Some(rest) = ATTRIBUTION_DASHES.iter().find_map(|dash| text.strip_prefix(dash)) else {
            return;
        };
        *text = rest.trim_start().to_owned().into();
    }
    last.detach();
    quote.insert_before(html_block(arena, "<figure class=\"quote\">"));
    quote.insert_after(html_block(arena, "</figure>"));
    quote.insert_after(last);
    quote.insert_after(html_block(arena, "<figcaption>"));
    last.insert_after(html_block(arena, "</figcaption>"));
    last.prepend(html_inline(arena, "— <cite>"));
    last.append(html_inline(arena, "</cite>"));
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

static ARTICLE_SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "aside",
        "blockquote",
        "br",
        "cite",
        "code",
        "del",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
    .into_iter()
    .collect();
    let attributes: HashMap<&str, HashSet<&str>> = [
        (
            "a",
            vec![
                "href",
                "title",
                "id",
                "class",
                "data-footnote-ref",
                "data-footnote-backref",
                "data-footnote-backref-idx",
                "aria-label",
            ],
        ),
        ("img", vec!["src", "alt", "title", "width", "height"]),
        ("aside", vec!["class"]),
        ("figure", vec!["class"]),
        ("section", vec!["class", "data-footnotes"]),
        ("li", vec!["id"]),
        ("sup", vec!["class"]),
        ("ol", vec!["start"]),
        ("code", vec!["class"]),
        ("th", vec!["align"]),
        ("td", vec!["align"]),
        ("abbr", vec!["title"]),
    ]
    .into_iter()
    .map(|(tag, attrs)| (tag, attrs.into_iter().collect()))
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .tag_attributes(attributes)
        .generic_attributes(["lang", "dir"].into_iter().collect())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Cleans HTML down to the article allow-list.
pub fn sanitise(html: &str) -> SanitizedHtml {
    SanitizedHtml(ARTICLE_SANITISER.clean(html).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> String {
        render_article(md).unwrap().into_string()
    }

    #[test]
    fn pull_quote_becomes_an_aside() {
        let html = render("Before.\n\n> [!pullquote]\n> Nobody believes it will hold.\n\nAfter.\n");
        assert!(
            html.contains("<aside class=\"pull-quote\">\n<p>Nobody believes it will hold.</p>\n</aside>"),
            "{html}"
        );
        assert!(!html.contains("pullquote]"), "{html}");
        assert!(!html.contains("<blockquote>"), "{html}");
    }

    #[test]
    fn pull_quote_marker_is_case_insensitive_and_may_stand_alone() {
        let html = render("> [!PullQuote]\n>\n> Held apart.\n");
        assert!(html.contains("<aside class=\"pull-quote\">"), "{html}");
        assert!(html.contains("<p>Held apart.</p>"), "{html}");
    }

    #[test]
    fn attributed_quote_becomes_figure_with_cite() {
        let html = render("> We will rebuild the bridge.\n>\n> — Farid Osei, mayor\n");
        assert!(html.contains("<figure class=\"quote\">"), "{html}");
        assert!(html.contains("<blockquote>\n<p>We will rebuild the bridge.</p>\n</blockquote>"), "{html}");
        assert!(html.contains("<figcaption>\n<p>— <cite>Farid Osei, mayor</cite></p>\n</figcaption>"), "{html}");
    }

    #[test]
    fn plain_quote_stays_a_blockquote() {
        let html = render("> Just a quote.\n");
        assert_eq!(html, "<blockquote>\n<p>Just a quote.</p>\n</blockquote>\n");
    }

    #[test]
    fn single_paragraph_starting_with_dash_is_not_an_attribution() {
        let html = render("> — an aside in a quote\n");
        assert!(!html.contains("<figure"), "{html}");
    }

    #[test]
    fn tables_and_footnotes_render() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: A note.\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<td>1</td>"), "{html}");
        assert!(html.contains("class=\"footnotes\""), "{html}");
        assert!(html.contains("href=\"#fn-1\""), "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render("<script>alert(1)</script>\n\nHi <b onclick=\"x()\">there</b>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_are_dropped() {
        let html = render("[click](javascript:alert(1))\n");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn body_headings_never_compete_with_the_headline() {
        let html = render("# Section\n\n## Subhead\n\n### Minor\n");
        assert!(html.contains("<h2>Section</h2>"), "{html}");
        assert!(html.contains("<h2>Subhead</h2>"), "{html}");
        assert!(html.contains("<h3>Minor</h3>"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
    }

    #[test]
    fn images_need_alt_text() {
        let err = render_article("Text.\n\n![](/a.png)\n").unwrap_err();
        assert_eq!(err, RenderError::ImageWithoutAlt { line: 3, src: "/a.png".into() });
        assert!(render("![A bridge at dusk](/a.png)\n").contains("alt=\"A bridge at dusk\""));
    }

    #[test]
    fn empty_body_is_an_error() {
        assert_eq!(render_article("  \n"), Err(RenderError::Empty));
    }
}
