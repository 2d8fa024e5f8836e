//! Reader comments: the body as typed, made safe to store and show, its
//! rendering (a small Markdown subset), and the language it is written in.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::language::LanguageTag;
use crate::render::SanitizedHtml;
use crate::text::is_invisible_control;

/// The stored name of a [`CommentStatus`], as a literal: `concat!` can
/// build SQL with it at compile time (the store does), and
/// [`CommentStatus::as_str`] answers from it, so the two cannot disagree.
#[macro_export]
macro_rules! comment_status {
    (Pending) => {
        "pending"
    };
    (Published) => {
        "published"
    };
    (Rejected) => {
        "rejected"
    };
    (Spam) => {
        "spam"
    };
    (Deleted) => {
        "deleted"
    };
    (Removed) => {
        "removed"
    };
}

/// Where a comment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStatus {
    /// Waiting for a moderator; only its author sees it.
    Pending,
    Published,
    Rejected,
    Spam,
    /// Withdrawn by its author; a tombstone keeps the thread's shape.
    Deleted,
    /// Taken down by a moderator; a tombstone keeps the thread's shape.
    Removed,
}

impl CommentStatus {
    pub const ALL: [Self; 6] =
        [Self::Pending, Self::Published, Self::Rejected, Self::Spam, Self::Deleted, Self::Removed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => crate::comment_status!(Pending),
            Self::Published => crate::comment_status!(Published),
            Self::Rejected => crate::comment_status!(Rejected),
            Self::Spam => crate::comment_status!(Spam),
            Self::Deleted => crate::comment_status!(Deleted),
            Self::Removed => crate::comment_status!(Removed),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether replies may be added under a comment in this state.
    pub fn takes_replies(self) -> bool {
        matches!(self, Self::Published)
    }
}

/// Deepest reply stored; deeper ones attach to the deepest allowed level.
pub const MAX_DEPTH: i64 = 50;

/// Limits on comments; configurable per site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentLimits {
    /// Longest body, in characters after normalisation.
    pub max_chars: usize,
    /// How long after posting its author may edit a comment.
    pub edit_minutes: i64,
}

impl Default for CommentLimits {
    fn default() -> Self {
        Self { max_chars: 5_000, edit_minutes: 10 }
    }
}

pub use crate::text::MAX_COMBINING_RUN;

/// A comment body that is safe to store: NFC, without direction overrides
/// or invisible controls, with runs of combining marks capped, not empty
/// and not too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentBody(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommentBodyError {
    #[error("The comment is empty.")]
    Empty,
    #[error("The comment is {length} characters long; the limit is {max}.")]
    TooLong { length: usize, max: usize },
}

impl CommentBody {
    pub fn parse(raw: &str, limits: &CommentLimits) -> Result<Self, CommentBodyError> {
        let text = clean_text(raw);
        if text.trim().is_empty() {
            return Err(CommentBodyError::Empty);
        }
        let length = text.chars().count();
        if length > limits.max_chars {
            return Err(CommentBodyError::TooLong { length, max: limits.max_chars });
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// NFC; line endings unified; bidi overrides, embeddings, isolates and
/// other invisible controls removed (they can make text read backwards);
/// combining marks beyond [`MAX_COMBINING_RUN`] on one base dropped.
pub fn clean_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut run = 0;
    for ch in raw.replace("\r\n", "\n").nfc() {
        if ch != '\n' && ch != '\t' && is_invisible_control(ch) {
            // Zero-width joiners and non-joiners shape Persian, Urdu and
            // Indic words; they reorder nothing, so they stay.
            if !matches!(ch, '\u{200C}' | '\u{200D}') {
                continue;
            }
        }
        if is_combining_mark(ch) {
            run += 1;
            if run > MAX_COMBINING_RUN {
                continue;
            }
        } else {
            run = 0;
        }
        out.push(ch);
    }
    out.trim().to_owned()
}

fn comment_options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options
}

/// Renders a comment: emphasis, links, block quotes, code and lists; no
/// images, no headings, no raw HTML (all shown as text).
pub fn render_comment(body: &CommentBody) -> SanitizedHtml {
    let options = comment_options();
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body.as_str(), &options);
    let nodes: Vec<_> = root.descendants().collect();
    for node in nodes {
        flatten_unwanted(node);
    }
    let mut html = String::new();
    if comrak::format_html(root, &options, &mut html).is_err() {
        html.clear();
    }
    SanitizedHtml::from_sanitiser(COMMENT_SANITISER.clean(&html).to_string())
}

/// Headings become paragraphs, images become their alt text with the
/// address, raw HTML becomes text.
fn flatten_unwanted<'a>(node: &'a AstNode<'a>) {
    let mut data = node.data.borrow_mut();
    let replacement = match &data.value {
        NodeValue::Heading(_) => Some(NodeValue::Paragraph),
        NodeValue::HtmlInline(raw) => Some(NodeValue::Text(raw.clone().into())),
        NodeValue::HtmlBlock(block) => Some(NodeValue::CodeBlock(Box::new(comrak::nodes::NodeCodeBlock {
            literal: block.literal.clone(),
            ..Default::default()
        }))),
        NodeValue::Image(link) => Some(NodeValue::Text(format!("[image: {}]", link.url).into())),
        _ => None,
    };
    if let Some(value) = replacement {
        let is_image = matches!(data.value, NodeValue::Image(_));
        data.value = value;
        drop(data);
        if is_image {
            for child in node.children().collect::<Vec<_>>() {
                child.detach();
            }
        }
    }
}

static COMMENT_SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> =
        ["a", "blockquote", "br", "code", "del", "em", "li", "ol", "p", "pre", "strong", "ul"].into_iter().collect();
    let attributes: HashMap<&str, HashSet<&str>> =
        [("a", ["href"].into_iter().collect()), ("ol", ["start"].into_iter().collect())].into_iter().collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("nofollow ugc noopener"));
    builder
});

/// The language a comment is written in: what the detector is sure of,
/// else the article's language if the script fits it, else undetermined.
/// A long comment is judged by its opening words (see [`DETECTION_CHARS`]).
pub fn detect_language(body: &CommentBody, article: &LanguageTag) -> LanguageTag {
    let undetermined = || LanguageTag::parse("und").unwrap_or_else(|_| article.clone());
    let Some(info) = whatlang::detect(detection_sample(body.as_str())) else { return undetermined() };
    if info.is_reliable()
        && let Some(tag) = bcp47_of(info.lang()).and_then(|code| LanguageTag::parse(code).ok())
    {
        return tag;
    }
    let same_script = match info.script() {
        whatlang::Script::Arabic => matches!(article.primary(), "ar" | "ur" | "fa" | "ps" | "sd" | "ckb" | "ug"),
        whatlang::Script::Latin => {
            !matches!(article.primary(), "ar" | "ur" | "fa" | "ps" | "he" | "hi" | "ru" | "zh" | "ja")
        }
        _ => false,
    };
    if same_script { article.clone() } else { undetermined() }
}

/// How much of a comment the language detector reads: a few sentences
/// name their language as surely as a whole essay does, and the
/// detector's work grows with the text it is given, on every post.
pub const DETECTION_CHARS: usize = 240;

/// The opening of `text` the detector reads: up to [`DETECTION_CHARS`]
/// characters, ending between words where a space allows.
fn detection_sample(text: &str) -> &str {
    let Some((end, _)) = text.char_indices().nth(DETECTION_CHARS) else { return text };
    let opening = &text[..end];
    opening.rfind(char::is_whitespace).map_or(opening, |space| &opening[..space])
}

/// The shortest ISO 639 code for the languages the detector names.
fn bcp47_of(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Urd => "ur",
        Ara => "ar",
        Pes => "fa",
        Hin => "hi",
        Ben => "bn",
        Pan => "pa",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Tur => "tr",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Heb => "he",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ell => "el",
        Ces => "cs",
        Ron => "ro",
        Hun => "hu",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Tam => "ta",
        Tel => "te",
        Mar => "mr",
        Guj => "gu",
        Kan => "kn",
        Mal => "ml",
        other => other.code(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> CommentBody {
        CommentBody::parse(text, &CommentLimits::default()).unwrap()
    }

    #[test]
    fn bodies_are_normalised_and_checked() {
        assert_eq!(body("  Cafe\u{301}  ").as_str(), "Café");
        assert_eq!(CommentBody::parse(" \n\t ", &CommentLimits::default()), Err(CommentBodyError::Empty));
        let long = "a".repeat(5_001);
        assert_eq!(
            CommentBody::parse(&long, &CommentLimits::default()),
            Err(CommentBodyError::TooLong { length: 5_001, max: 5_000 })
        );
        assert!(CommentBody::parse(&long, &CommentLimits { max_chars: 6_000, ..CommentLimits::default() }).is_ok());
    }

    #[test]
    fn a_long_comment_is_judged_by_its_opening() {
        let english = "The council promised the river would keep its minimum flow through the summer, \
            and the farmers below the crossing have heard that promise before. ";
        let urdu = "دریا کا پانی گرمیوں میں کم ہو جاتا ہے اور کسان پریشان رہتے ہیں۔ ";
        let en = LanguageTag::parse("en").unwrap();
        let ur = LanguageTag::parse("ur").unwrap();
        // The whole of this text is mostly Urdu; its opening is English.
        let mixed = format!("{english}{english}{}", urdu.repeat(40));
        assert_eq!(detect_language(&body(&mixed), &ur), en);
        let all_urdu = urdu.repeat(40);
        assert_eq!(detect_language(&body(&all_urdu), &en), ur);
        // The opening ends between words, and within a character never.
        let sample = detection_sample(&mixed);
        assert!(sample.chars().count() <= DETECTION_CHARS);
        assert!(mixed[sample.len()..].starts_with(char::is_whitespace));
        let sample = detection_sample(&all_urdu);
        assert!(sample.chars().count() <= DETECTION_CHARS && sample.chars().count() > DETECTION_CHARS / 2);
        let unbroken = "ی".repeat(DETECTION_CHARS * 2);
        assert_eq!(detection_sample(&unbroken).chars().count(), DETECTION_CHARS);
        assert_eq!(detection_sample("Short."), "Short.");
    }

    #[test]
    fn direction_overrides_are_removed_but_joiners_kept() {
        assert_eq!(body("abc\u{202E}fdp.exe\u{202C}").as_str(), "abcfdp.exe");
        assert_eq!(body("x\u{2066}y\u{2069}z\u{200B}").as_str(), "xyz");
        assert_eq!(body("می\u{200C}خواهم").as_str(), "می\u{200C}خواهم");
    }

    #[test]
    fn zalgo_is_capped() {
        let zalgo = format!("Z{}", "\u{0336}\u{0315}\u{0327}\u{0316}\u{0317}\u{0318}".repeat(5));
        let cleaned = body(&zalgo);
        assert_eq!(cleaned.as_str().chars().count(), 1 + MAX_COMBINING_RUN);
        // Real Arabic vowelling survives.
        assert_eq!(body("بِسْمِ").as_str(), "بِسْمِ");
    }

    #[test]
    fn the_markdown_subset_renders_and_the_rest_is_text() {
        let html =
            render_comment(&body("**bold** _em_ `code` [link](https://example.org)\n\n> quoted\n\n- one\n- two"));
        let html = html.as_str();
        assert!(
            html.contains("<strong>bold</strong>")
                && html.contains("<em>em</em>")
                && html.contains("<code>code</code>")
        );
        assert!(html.contains(r#"<a href="https://example.org" rel="nofollow ugc noopener">link</a>"#), "{html}");
        assert!(html.contains("<blockquote>") && html.contains("<li>one</li>"));
        let html = render_comment(&body("# Not a heading\n\n![alt](https://x.example/i.png)\n\n<b onclick=x>hi</b>"));
        let html = html.as_str();
        assert!(!html.contains("<h1") && !html.contains("<img") && !html.contains("<b"), "{html}");
        assert!(html.contains("Not a heading") && html.contains("[image: https://x.example/i.png]"), "{html}");
    }

    /// The hostile-input suite shared with the HTTP and browser tests.
    #[derive(serde::Deserialize)]
    struct HostileSuite {
        payloads: Vec<String>,
        contexts: Vec<String>,
    }

    fn hostile_suite() -> HostileSuite {
        serde_json::from_str(include_str!("../testdata/hostile-comments.json")).unwrap()
    }

    /// Every payload alone and inside each Markdown context a comment can
    /// hold: well over a hundred inputs.
    fn hostile_inputs() -> Vec<String> {
        let suite = hostile_suite();
        let contexts = &suite.contexts;
        suite.payloads.iter().flat_map(|p| contexts.iter().map(move |c| c.replace("{}", p))).collect()
    }

    #[test]
    fn the_hostile_suite_is_large_and_has_no_duplicates() {
        let suite = hostile_suite();
        assert!(suite.payloads.len() >= 100, "{} payloads", suite.payloads.len());
        let distinct: HashSet<&String> = suite.payloads.iter().collect();
        assert_eq!(distinct.len(), suite.payloads.len(), "a payload is listed twice");
        assert!(suite.contexts.iter().all(|c| c.contains("{}")), "a context without a place for the payload");
        assert!(suite.payloads.iter().all(|p| !p.contains("{}")), "a payload that looks like a placeholder");
    }

    #[test]
    fn hostile_markup_never_survives() {
        let inputs = hostile_inputs();
        assert!(inputs.len() >= 200);
        for payload in &inputs {
            let html = render_comment(&body(payload));
            for tag in tags_of(html.as_str()) {
                let lower = tag.to_lowercase();
                let name: String =
                    lower.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
                assert!(ALLOWED.contains(&name.as_str()), "payload {payload:?} produced <{tag}>");
                assert!(!lower.split_whitespace().skip(1).any(|attr| attr.starts_with("on")), "{payload:?}: <{tag}>");
                if let Some(start) = lower.find("href=\"") {
                    let href = &lower[start + 6..];
                    assert!(
                        href.starts_with("http://") || href.starts_with("https://") || href.starts_with("mailto:"),
                        "payload {payload:?} produced <{tag}>"
                    );
                }
            }
        }
    }

    const ALLOWED: &[&str] = &["a", "blockquote", "br", "code", "del", "em", "li", "ol", "p", "pre", "strong", "ul"];

    /// The inside of every `<…>` in `html` (text never holds a raw `<`).
    fn tags_of(html: &str) -> Vec<&str> {
        html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or(rest)).collect()
    }
}
