//! WordPress post HTML to Byline's Markdown (CommonMark).
//!
//! WordPress stores posts in two shapes: the classic editor's HTML, where
//! paragraphs are bare text separated by blank lines and PHP's `wpautop`
//! adds the `<p>` and `<br>` on display; and the block editor's, where every
//! block is real HTML between comments such as `<!-- wp:paragraph -->`. Both
//! may carry shortcodes (`[caption]`, `[gallery]`, `[embed]`, a plugin's own).
//!
//! [`convert`] drops block comments, turns shortcodes into their text, parses
//! the HTML with html5ever (through `scraper`) and writes Markdown. All text
//! is escaped, so an imported asterisk, bracket or `<` never becomes markup
//! it was not; scripts, styles, frames and objects are dropped whole.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

/// Converts one post's HTML to Markdown; see the module documentation.
pub fn convert(html: &str) -> String {
    let autop = !html.contains("<!-- wp:");
    let html = shortcodes::expand(&html.replace("\r\n", "\n"));
    let fragment = Html::parse_fragment(&html);
    let converter = Converter { autop };
    let mut blocks = Vec::new();
    converter.blocks(*fragment.root_element(), Ctx::default(), &mut blocks);
    blocks.into_iter().map(|block| block.text).collect::<Vec<_>>().join("\n\n")
}

/// Stands for a hard line break inside a paragraph until it is finished.
const BREAK: char = '\u{1}';

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "canvas", "video", "audio",
    "applet", "frame", "frameset", "param", "source", "track", "head", "title", "meta", "link", "base", "button",
    "input", "select", "textarea", "option", "form",
];

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "hr",
    "table",
    "figure",
    "figcaption",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "dl",
    "dt",
    "dd",
    "address",
    "center",
    "details",
    "summary",
    "hgroup",
    "fieldset",
    "html",
    "body",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    List,
    Other,
}

struct Block {
    kind: Kind,
    text: String,
}

#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    strong: bool,
    em: bool,
    link: bool,
    heading: bool,
    /// Inside a figure or caption: an image is a paragraph of its own, so
    /// the caption text after it becomes the next one.
    figure: bool,
}

struct Converter {
    /// Classic-editor content: blank lines are paragraphs, single newlines
    /// line breaks, as `wpautop` shows them.
    autop: bool,
}

impl Converter {
    fn blocks(&self, parent: NodeRef<'_, Node>, ctx: Ctx, out: &mut Vec<Block>) {
        let in_quote = element_name(parent) == Some("blockquote");
        let mut para = String::new();
        for child in parent.children() {
            match child.value() {
                Node::Text(text) => {
                    if self.autop {
                        for (i, segment) in split_blank_lines(text).into_iter().enumerate() {
                            if i > 0 {
                                flush(&mut para, out);
                            }
                            para.push_str(&self.text(segment, ctx));
                        }
                    } else {
                        para.push_str(&self.text(text, ctx));
                    }
                }
                Node::Element(element) => {
                    let name = element.name();
                    if DROPPED.contains(&name) {
                        continue;
                    }
                    if name == "br" {
                        para.push(BREAK);
                    } else if BLOCKS.contains(&name) {
                        flush(&mut para, out);
                        self.block(child, name, ctx, out);
                    } else if in_quote && name == "cite" {
                        flush(&mut para, out);
                        let cite = self.inline_children(child, ctx);
                        let cite = cite.trim();
                        if !cite.is_empty() {
                            let dash = if cite.starts_with(['—', '―', '-']) { "" } else { "— " };
                            para = format!("{dash}{cite}");
                            flush(&mut para, out);
                        }
                    } else if ctx.figure && holds_image(child) {
                        flush(&mut para, out);
                        para = self.inline(child, ctx);
                        flush(&mut para, out);
                    } else {
                        para.push_str(&self.inline(child, ctx));
                    }
                }
                _ => {}
            }
        }
        flush(&mut para, out);
    }

    fn block(&self, node: NodeRef<'_, Node>, name: &str, ctx: Ctx, out: &mut Vec<Block>) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse::<usize>().unwrap_or(2).max(2);
                let text = self.inline_children(node, Ctx { heading: true, ..ctx });
                let text = finish_line(&text.replace(BREAK, " "));
                if !text.is_empty() {
                    out.push(Block {
                        kind: Kind::Other,
                        text: format!("{} {}", "#".repeat(level), escape_closing_hashes(&text)),
                    });
                }
            }
            "ul" | "ol" => self.list(node, name == "ol", ctx, out),
            "blockquote" => {
                let mut inner = Vec::new();
                self.blocks(node, ctx, &mut inner);
                let body = join(&inner, "\n\n");
                if !body.is_empty() {
                    out.push(Block { kind: Kind::Other, text: prefix_lines(&body, "> ", ">") });
                }
            }
            "pre" => {
                if let Some(code) = fenced_code(node) {
                    out.push(Block { kind: Kind::Other, text: code });
                }
            }
            "hr" => out.push(Block { kind: Kind::Other, text: "---".into() }),
            "table" => self.table(node, ctx, out),
            "figure" => self.blocks(node, Ctx { figure: true, ..ctx }, out),
            _ => self.blocks(node, ctx, out),
        }
    }

    fn list(&self, node: NodeRef<'_, Node>, ordered: bool, ctx: Ctx, out: &mut Vec<Block>) {
        let start =
            element_of(node).and_then(|el| el.attr("start")).and_then(|s| s.trim().parse::<u64>().ok()).unwrap_or(1);
        let mut items: Vec<Vec<Block>> = Vec::new();
        for child in node.children() {
            match element_name(child) {
                Some("li") => {
                    let mut blocks = Vec::new();
                    self.blocks(child, ctx, &mut blocks);
                    items.push(blocks);
                }
                // A list straight inside a list, as old editors wrote it,
                // belongs to the item before it.
                Some(name @ ("ul" | "ol")) => {
                    let mut blocks = Vec::new();
                    self.list(child, name == "ol", ctx, &mut blocks);
                    match items.last_mut() {
                        Some(last) => last.extend(blocks),
                        None => items.push(blocks),
                    }
                }
                _ => {}
            }
        }
        if items.is_empty() {
            return;
        }
        let mut lines = Vec::new();
        for (i, blocks) in items.iter().enumerate() {
            let marker = if ordered { format!("{}. ", start + i as u64) } else { "- ".into() };
            let body = join_item(blocks);
            if body.is_empty() {
                lines.push(marker.trim_end().to_owned());
            } else {
                let indent = " ".repeat(marker.len());
                lines.push(format!("{marker}{}", prefix_lines(&body, &indent, "").trim_start()));
            }
        }
        out.push(Block { kind: Kind::List, text: lines.join("\n") });
    }

    /// Tables become one paragraph, a line per row, cells separated by `|`.
    fn table(&self, node: NodeRef<'_, Node>, ctx: Ctx, out: &mut Vec<Block>) {
        let mut rows = Vec::new();
        for row in node.descendants().filter(|n| element_name(*n) == Some("tr")) {
            let cells: Vec<String> = row
                .children()
                .filter(|n| matches!(element_name(*n), Some("td" | "th")))
                .map(|cell| finish_line(&self.inline_children(cell, ctx).replace(BREAK, " ")))
                .filter(|cell| !cell.is_empty())
                .collect();
            if !cells.is_empty() {
                rows.push(cells.join(" | "));
            }
        }
        let mut para = rows.join(&BREAK.to_string());
        flush(&mut para, out);
    }

    fn inline_children(&self, node: NodeRef<'_, Node>, ctx: Ctx) -> String {
        node.children().map(|child| self.inline(child, ctx)).collect()
    }

    fn inline(&self, node: NodeRef<'_, Node>, ctx: Ctx) -> String {
        let element = match node.value() {
            Node::Text(text) => return self.text(text, ctx),
            Node::Element(element) => element,
            _ => return String::new(),
        };
        match element.name() {
            name if DROPPED.contains(&name) => String::new(),
            "br" if ctx.heading => " ".into(),
            "br" => BREAK.to_string(),
            "strong" | "b" if !ctx.strong => wrap(&self.inline_children(node, Ctx { strong: true, ..ctx }), "**"),
            "em" | "i" if !ctx.em => wrap(&self.inline_children(node, Ctx { em: true, ..ctx }), "*"),
            "code" | "kbd" | "samp" | "tt" => code_span(&text_of(node)),
            "a" => self.link(node, element, ctx),
            "img" => image(element),
            _ => self.inline_children(node, ctx),
        }
    }

    fn link(&self, node: NodeRef<'_, Node>, element: &scraper::node::Element, ctx: Ctx) -> String {
        let text = self.inline_children(node, Ctx { link: true, ..ctx });
        let href = element.attr("href").map(str::trim).unwrap_or_default();
        if ctx.link || href.is_empty() || !safe_url(href) {
            return text;
        }
        let destination = encode_destination(href);
        let autolinkable =
            ["http://", "https://", "mailto:"].iter().any(|scheme| href.to_ascii_lowercase().starts_with(scheme));
        let label = text_of(node);
        if autolinkable && (label.trim() == href || text.trim().is_empty()) {
            return format!("<{destination}>");
        }
        if text.trim().is_empty() {
            return text;
        }
        let title = element.attr("title").map(title_part).unwrap_or_default();
        format!("[{}]({destination}{title})", text.trim_matches(' '))
    }

    /// Text of the document, escaped; whitespace collapsed as a browser
    /// would, except that in classic content a newline is a line break.
    fn text(&self, raw: &str, ctx: Ctx) -> String {
        let trimmed = raw.trim();
        if !ctx.link && is_bare_url(trimmed) {
            return format!("<{}>", encode_destination(trimmed));
        }
        let mut out = String::with_capacity(raw.len());
        let mut space = false;
        for c in raw.chars() {
            if c == '\n' && self.autop && !ctx.heading {
                out.push(BREAK);
                space = false;
            } else if c.is_ascii_whitespace() {
                if !space {
                    out.push(' ');
                }
                space = true;
            } else {
                space = false;
                out.push(c);
            }
        }
        escape(&out)
    }
}

fn element_of<'a>(node: NodeRef<'a, Node>) -> Option<&'a scraper::node::Element> {
    match node.value() {
        Node::Element(element) => Some(element),
        _ => None,
    }
}

fn element_name<'a>(node: NodeRef<'a, Node>) -> Option<&'a str> {
    element_of(node).map(|el| el.name())
}

fn holds_image(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|n| element_name(n) == Some("img"))
}

/// All text under a node, unescaped, as code and labels need it.
fn text_of(node: NodeRef<'_, Node>) -> String {
    match ElementRef::wrap(node) {
        Some(element) => element.text().collect(),
        None => match node.value() {
            Node::Text(text) => text.to_string(),
            _ => String::new(),
        },
    }
}

/// Splits classic-editor text at blank lines (its paragraph breaks).
fn split_blank_lines(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                parts.push(&text[start..i]);
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\n') {
                    j += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

/// Ends the paragraph being built, if it holds anything.
fn flush(para: &mut String, out: &mut Vec<Block>) {
    let lines: Vec<String> = para.split(BREAK).map(finish_line).filter(|line| !line.is_empty()).collect();
    para.clear();
    if !lines.is_empty() {
        out.push(Block { kind: Kind::Paragraph, text: lines.join("\\\n") });
    }
}

/// One line of a paragraph: spaces collapsed and trimmed, and a first
/// character that would start a heading, quote, list or rule escaped.
fn finish_line(line: &str) -> String {
    let mut collapsed = String::with_capacity(line.len());
    for c in line.chars() {
        if !(c == ' ' && collapsed.ends_with(' ')) {
            collapsed.push(c);
        }
    }
    let line = collapsed.trim_matches(' ');
    if line.trim().is_empty() {
        return String::new();
    }
    if line.starts_with(['#', '>', '-', '+', '=']) {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_owned()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') => {
                out.push_str("\\&");
            }
            _ => out.push(c),
        }
    }
    out
}

fn escape_closing_hashes(text: &str) -> String {
    let kept = text.trim_end_matches('#');
    let hashes = text.len() - kept.len();
    format!("{kept}{}", "\\#".repeat(hashes))
}

/// Wraps text in emphasis, keeping surrounding spaces outside the markers
/// (CommonMark does not take `** bold**`).
fn wrap(inner: &str, marker: &str) -> String {
    let trimmed = inner.trim_matches([' ', BREAK]);
    if trimmed.is_empty() {
        return inner.to_owned();
    }
    let lead = &inner[..inner.len() - inner.trim_start_matches([' ', BREAK]).len()];
    let trail = &inner[inner.trim_end_matches([' ', BREAK]).len()..];
    format!("{lead}{marker}{trimmed}{marker}{trail}")
}

fn code_span(code: &str) -> String {
    let code: String = code.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    if code.trim().is_empty() {
        return String::new();
    }
    let fence = "`".repeat(longest_run(&code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
}

fn fenced_code(node: NodeRef<'_, Node>) -> Option<String> {
    let mut code = String::new();
    for n in node.descendants() {
        match n.value() {
            Node::Text(text) => code.push_str(text),
            Node::Element(el) if el.name() == "br" => code.push('\n'),
            _ => {}
        }
    }
    let code = code.strip_prefix('\n').unwrap_or(&code).trim_end();
    if code.trim().is_empty() {
        return None;
    }
    let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
    Some(format!("{fence}\n{code}\n{fence}"))
}

fn longest_run(text: &str, target: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == target { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

fn image(element: &scraper::node::Element) -> String {
    let src = element.attr("src").map(str::trim).unwrap_or_default();
    if src.is_empty() || !safe_url(src) || src.to_ascii_lowercase().starts_with("data:") {
        return String::new();
    }
    let non_empty = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let alt = non_empty(element.attr("alt"))
        .or_else(|| non_empty(element.attr("title")))
        .unwrap_or_else(|| alt_from_file_name(src));
    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = element.attr("title").map(title_part).unwrap_or_default();
    format!("![{}]({}{title})", escape(&alt), encode_destination(src))
}

/// `…/2019/05/harbour-at-dawn-1024x683.jpg` → `harbour at dawn`: Byline
/// requires alt text, and a file name is the best guess left.
fn alt_from_file_name(src: &str) -> String {
    let path = src.split(['?', '#']).next().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let stem = strip_size_suffix(stem);
    let words: Vec<&str> = stem.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect();
    if words.is_empty() { "image".into() } else { words.join(" ") }
}

/// WordPress names resized copies `name-300x200`.
fn strip_size_suffix(stem: &str) -> &str {
    if let Some((base, size)) = stem.rsplit_once('-')
        && let Some((w, h)) = size.split_once('x')
        && !w.is_empty()
        && !h.is_empty()
        && w.bytes().chain(h.bytes()).all(|b| b.is_ascii_digit())
    {
        return base;
    }
    stem
}

fn title_part(title: &str) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return String::new();
    }
    format!(" \"{}\"", escape(&title).replace('"', "\\\""))
}

fn safe_url(url: &str) -> bool {
    let lower: String =
        url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    !(lower.starts_with("javascript:") || lower.starts_with("vbscript:"))
}

fn is_bare_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && text.len() > 8
        && !text.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

fn encode_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

fn prefix_lines(text: &str, prefix: &str, blank: &str) -> String {
    text.lines()
        .map(|line| if line.is_empty() { blank.to_owned() } else { format!("{prefix}{line}") })
        .collect::<Vec<_>>()
        .join("\n")
}

fn join(blocks: &[Block], separator: &str) -> String {
    blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join(separator)
}

/// Blocks of one list item: a nested list follows its text directly, so the
/// list stays tight; anything else is a paragraph of its own.
fn join_item(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            let tight = block.kind == Kind::List && (block.text.starts_with("- ") || block.text.starts_with("1. "));
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        out.push_str(&block.text);
    }
    out
}

mod shortcodes {
    //! WordPress shortcodes, turned into HTML the converter understands
    //! before the HTML is parsed.

    /// Shortcodes recognised even without attributes or a closing tag.
    const KNOWN: &[&str] = &["caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist"];

    pub(super) fn expand(html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        let mut captions: Vec<Option<String>> = Vec::new();
        while let Some(at) = rest.find('[') {
            out.push_str(&rest[..at]);
            let candidate = &rest[at..];
            let Some(tag) = Tag::parse(candidate) else {
                out.push('[');
                rest = &candidate[1..];
                continue;
            };
            let after = &candidate[tag.len..];
            if tag.closing {
                if tag.name == "caption" || tag.name == "wp_caption" {
                    if let Some(Some(caption)) = captions.pop() {
                        out.push_str(&format!("<figcaption>{}</figcaption>", html_escape(&caption)));
                    }
                    out.push_str("</figure>");
                }
                rest = after;
                continue;
            }
            let closer = format!("[/{}]", tag.name);
            let is_shortcode =
                KNOWN.contains(&tag.name.as_str()) || tag.has_attributes || tag.self_closing || after.contains(&closer);
            if !is_shortcode {
                out.push('[');
                rest = &candidate[1..];
                continue;
            }
            match tag.name.as_str() {
                "caption" | "wp_caption" => {
                    out.push_str("<figure>");
                    captions.push(tag.attribute("caption"));
                    rest = after;
                }
                "embed" => match after.find(&closer) {
                    Some(end) => {
                        let url = html_escape(after[..end].trim());
                        out.push_str(&format!("<p><a href=\"{url}\">{url}</a></p>"));
                        rest = &after[end + closer.len()..];
                    }
                    None => rest = after,
                },
                _ => rest = after,
            }
        }
        out.push_str(rest);
        out
    }

    struct Tag {
        name: String,
        closing: bool,
        self_closing: bool,
        has_attributes: bool,
        attributes: String,
        /// Bytes from `[` through `]`.
        len: usize,
    }

    impl Tag {
        fn parse(text: &str) -> Option<Self> {
            let end = text.find(']')?;
            let inner = &text[1..end];
            if inner.contains('[') || inner.len() > 2000 {
                return None;
            }
            let (closing, inner) = match inner.strip_prefix('/') {
                Some(rest) => (true, rest),
                None => (false, inner),
            };
            let name_len = inner
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
                .map_or(inner.len(), |(i, _)| i);
            let name = &inner[..name_len];
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return None;
            }
            let attributes = &inner[name_len..];
            if !attributes.is_empty() && !attributes.starts_with(char::is_whitespace) && attributes != "/" {
                return None;
            }
            if closing && !attributes.trim().is_empty() {
                return None;
            }
            let self_closing = attributes.trim_end().ends_with('/');
            let has_attributes = attributes.contains('=');
            Some(Self {
                name: name.to_ascii_lowercase(),
                closing,
                self_closing,
                has_attributes,
                attributes: attributes.to_owned(),
                len: end + 1,
            })
        }

        /// The value of `key="…"` (or `key='…'`).
        fn attribute(&self, key: &str) -> Option<String> {
            let mut rest = self.attributes.as_str();
            while let Some(at) = rest.find(key) {
                let after = rest[at + key.len()..].trim_start();
                let preceded = rest[..at].ends_with(char::is_whitespace);
                if preceded && let Some(value) = after.strip_prefix('=') {
                    let value = value.trim_start();
                    let quote = value.chars().next()?;
                    if quote == '"' || quote == '\'' {
                        let body = &value[1..];
                        let end = body.find(quote)?;
                        return Some(body[..end].to_owned());
                    }
                }
                rest = &rest[at + key.len()..];
            }
            None
        }
    }

    fn html_escape(text: &str) -> String {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
    }
}

/// The words of a piece of HTML as one line of plain text (for a
/// standfirst from an excerpt): tags dropped, scripts and styles dropped
/// whole, entities resolved, whitespace folded.
pub fn plain_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut words = String::new();
    for node in fragment.root_element().descendants() {
        if let Node::Text(text) = node.value() {
            let hidden = node.ancestors().any(|a| {
                element_name(a)
                    .is_some_and(|name| matches!(name, "script" | "style" | "iframe" | "object" | "noscript"))
            });
            if !hidden {
                words.push_str(text);
                words.push(' ');
            }
        }
    }
    words.split_whitespace().collect::<Vec<_>>().join(" ")
}
