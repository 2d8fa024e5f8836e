//! The invariant the fuzz targets hold Byline's HTML to: whatever Markdown
//! went in, the markup that comes out can run no script.
//!
//! The output is parsed as a browser would parse it in the body of a page,
//! and the parsed tree is checked, not the text: text content and attribute
//! values may hold `<script` or `javascript:` as harmless characters
//! (escaped, or quoted in an attribute), and only elements and attributes
//! can act.

use scraper::{Html, Node};

/// Elements that run script, or load or submit active content, or change
/// where the page's links go. The sanitisers allow none of them.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style", "form",
    "svg", "math", "template", "noscript",
];

/// Attributes whose value a browser follows as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "cite",
    "data",
    "srcset",
    "lowsrc",
    "dynsrc",
    "ping",
    "longdesc",
    "codebase",
    "manifest",
    "xlink:href",
];

/// URL schemes that run script or carry a document of their own.
const ACTIVE_SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

/// Panics, naming what it found, if `html` holds markup that could run
/// script.
pub fn assert_inert(html: &str) {
    if let Some(problem) = active_markup(html) {
        panic!("script-capable markup ({problem}) in:\n{html}");
    }
}

/// The first script-capable thing in `html`, described; `None` if inert.
pub fn active_markup(html: &str) -> Option<String> {
    let document = Html::parse_fragment(html);
    for node in document.tree.nodes() {
        let Node::Element(element) = node.value() else { continue };
        let name = element.name().to_ascii_lowercase();
        if ACTIVE_ELEMENTS.contains(&name.as_str()) {
            return Some(format!("<{name}> element"));
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                return Some(format!("`{attribute}` handler on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str())
                && let Some(scheme) = scheme(value)
                && ACTIVE_SCHEMES.contains(&scheme.as_str())
            {
                return Some(format!("{scheme}: URL in `{attribute}` of <{name}>"));
            }
        }
    }
    None
}

/// The scheme a browser reads from a URL attribute's value (the parser has
/// already decoded character references): leading and trailing controls
/// and spaces are stripped, tabs and newlines anywhere are dropped, and the
/// scheme is ASCII letters, digits, `+`, `-` and `.` before the first `:`,
/// compared without case.
fn scheme(value: &str) -> Option<String> {
    let trimmed = value.trim_matches(|c: char| c <= ' ');
    let url: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    well_formed.then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::active_markup;

    #[test]
    fn escaped_and_quoted_text_is_inert() {
        assert_eq!(active_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:x onclick=</p>"), None);
        assert_eq!(active_markup(r#"<a href="https://x.test/" title="<script>">t</a>"#), None);
        assert_eq!(active_markup(r#"<a href="/javascript:x">t</a>"#), None);
    }

    #[test]
    fn active_markup_is_found_however_it_is_written() {
        assert!(active_markup("<p><ScRiPt>alert(1)</script></p>").is_some());
        assert!(active_markup(r#"<p><b OnMouseOver="x()">t</b></p>"#).is_some());
        assert!(active_markup(r#"<a href=" &#x6A;ava&#09;script:alert(1)">t</a>"#).is_some());
        assert!(active_markup(r#"<a href="JAVASCRIPT:alert(1)">t</a>"#).is_some());
        assert!(active_markup(r#"<img src="data:text/html,x" alt="x">"#).is_some());
        assert!(active_markup(r#"<a href="vbscript:x">t</a>"#).is_some());
        assert!(active_markup("<svg><a>t</a></svg>").is_some());
    }
}
