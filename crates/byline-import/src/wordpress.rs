//! A streaming reader of WordPress exports (WXR 1.1 and 1.2, as Tools →
//! Export writes them).
//!
//! [`WxrReader`] hands out one [`WxrEntry`] at a time: first the channel's
//! authors, categories and tags, then each `<item>` (post, page, attachment…)
//! with its comments. Only the current entry is held, so a export of a
//! gigabyte is read in the memory of its largest post. Texts are kept exactly
//! as the file holds them (after XML unescaping); normalising them is the
//! caller's business. Elements this reader does not know, such as
//! most of `wp:postmeta` or a plugin's own namespace, are skipped.
//!
//! A malformed or truncated file is an error naming the line and the element
//! being read, never a panic and never a silently short result: once the
//! reader has failed, it keeps answering the same error.

use std::fmt;
use std::io::{self, BufRead};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One record of the export, in the order the file holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[expect(
    clippy::large_enum_variant,
    reason = "nearly every entry is an item; boxing them would only add an allocation each"
)]
pub enum WxrEntry {
    /// A channel-level `<wp:author>`.
    Author(WxrAuthor),
    /// A channel-level `<wp:category>`.
    Category(WxrTerm),
    /// A channel-level `<wp:tag>`.
    Tag(WxrTerm),
    /// An `<item>`: a post, page, attachment, menu item…
    Item(WxrItem),
}

/// A WordPress user who wrote something in the export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WxrAuthor {
    /// `wp:author_id`; WXR 1.0 files have none.
    pub id: Option<i64>,
    /// `wp:author_login`, which items name in `dc:creator`.
    pub login: String,
    pub email: String,
    pub display_name: String,
}

/// A category or tag: its slug (`nicename`) and the name readers see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WxrTerm {
    pub slug: String,
    pub name: String,
}

/// One `<item>` with its comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WxrItem {
    pub post_id: i64,
    /// `post`, `page`, `attachment`, `nav_menu_item`…
    pub post_type: String,
    /// `publish`, `draft`, `future`, `private`, `pending`, `trash`, `inherit`…
    pub status: String,
    pub title: String,
    /// `wp:post_name`; empty for drafts that never had one.
    pub slug: String,
    pub link: String,
    pub guid: String,
    /// `dc:creator`: the author's login.
    pub creator: String,
    /// `wp:post_date_gmt` as written; `None` when absent, empty or
    /// `0000-00-00 00:00:00` (as drafts have it).
    pub date_gmt: Option<String>,
    /// `wp:post_date` (the site's local time) as written.
    pub date: Option<String>,
    /// `content:encoded`: the post's HTML.
    pub content_html: String,
    /// `excerpt:encoded`.
    pub excerpt: String,
    /// `<category domain="category">`.
    pub categories: Vec<WxrTerm>,
    /// `<category domain="post_tag">`.
    pub tags: Vec<WxrTerm>,
    /// `wp:post_parent`: for an attachment, the post it was uploaded to; 0
    /// for none.
    pub parent: i64,
    /// `wp:attachment_url`, for attachments.
    pub attachment_url: Option<String>,
    /// The `_thumbnail_id` postmeta: the attachment that leads the post.
    pub thumbnail_id: Option<i64>,
    /// The `_wp_attachment_image_alt` postmeta: an image's alternative text.
    pub image_alt: String,
    pub comments: Vec<WxrComment>,
}

/// One `<wp:comment>` of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WxrComment {
    pub id: i64,
    /// The comment this one answers; 0 for none.
    pub parent: i64,
    pub author: String,
    pub author_email: String,
    pub author_url: String,
    pub date_gmt: Option<String>,
    pub content: String,
    /// `1` (approved), `0` (pending), `spam` or `trash`.
    pub approved: String,
    /// Empty or `comment` for comments; `pingback`, `trackback`.
    pub comment_type: String,
    /// The WordPress user who wrote it; 0 for a guest.
    pub user_id: i64,
}

/// A file that is not well-formed XML, ends early, or is not a WordPress
/// export.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct WxrError {
    /// The line (from 1) where the reader stopped.
    pub line: u64,
    /// The innermost element open there, such as `wp:comment`; empty outside
    /// the root element.
    pub element: String,
    pub message: String,
}

impl fmt::Display for WxrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.element.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}, in <{}>: {}", self.line, self.element, self.message)
        }
    }
}

/// Reads a WXR file entry by entry; see the module documentation.
pub struct WxrReader<R: BufRead> {
    xml: Reader<Counted<R>>,
    buf: Vec<u8>,
    /// Names of the elements open at the reader's position, outermost first.
    open: Vec<String>,
    /// An empty element (`<x/>`) was reported as a start; its end is next.
    pending_end: bool,
    seen_root: bool,
    finished: bool,
    failed: Option<WxrError>,
}

impl<R: BufRead> WxrReader<R> {
    pub fn new(reader: R) -> Self {
        Self {
            xml: Reader::from_reader(Counted { inner: reader, bytes: 0, newlines: 0 }),
            buf: Vec::new(),
            open: Vec::new(),
            pending_end: false,
            seen_root: false,
            finished: false,
            failed: None,
        }
    }

    /// The next entry, `Ok(None)` once the whole export has been read.
    pub fn next_item(&mut self) -> Result<Option<WxrEntry>, WxrError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if self.finished {
            return Ok(None);
        }
        match self.next_entry() {
            Ok(None) => {
                self.finished = true;
                Ok(None)
            }
            Ok(entry) => Ok(entry),
            Err(error) => {
                self.failed = Some(error.clone());
                Err(error)
            }
        }
    }

    /// How many bytes of the input the reader has consumed: for a progress
    /// bar, and to see that it streams.
    pub fn bytes_read(&self) -> u64 {
        self.xml.get_ref().bytes
    }

    /// The line (from 1) at the reader's position.
    pub fn line(&self) -> u64 {
        self.xml.get_ref().newlines + 1
    }

    fn next_entry(&mut self) -> Result<Option<WxrEntry>, WxrError> {
        loop {
            match self.next_event()? {
                Ev::Start(tag) => {
                    let depth = self.open.len();
                    match (depth, tag.name.as_str()) {
                        (1, "rss") => self.seen_root = true,
                        (1, other) => {
                            return Err(
                                self.fail(format!("not a WordPress export: the root element is <{other}>, not <rss>"))
                            );
                        }
                        (2, "channel") => {}
                        (3, "wp:author") => return Ok(Some(WxrEntry::Author(self.read_author()?))),
                        (3, "wp:category") => {
                            return Ok(Some(WxrEntry::Category(self.read_category()?)));
                        }
                        (3, "wp:tag") => return Ok(Some(WxrEntry::Tag(self.read_tag()?))),
                        (3, "item") => return Ok(Some(WxrEntry::Item(self.read_item()?))),
                        _ => self.skip()?,
                    }
                }
                Ev::End | Ev::Text(_) => {}
                Ev::Eof => {
                    if !self.open.is_empty() {
                        return Err(self.fail("unexpected end of file".into()));
                    }
                    if !self.seen_root {
                        return Err(self.fail("not a WordPress export: no <rss> element".into()));
                    }
                    return Ok(None);
                }
            }
        }
    }

    fn read_author(&mut self) -> Result<WxrAuthor, WxrError> {
        let mut author = WxrAuthor::default();
        self.children(|r, tag| {
            match tag.name.as_str() {
                "wp:author_id" => author.id = Some(r.number()?),
                "wp:author_login" => author.login = r.trimmed()?,
                "wp:author_email" => author.email = r.trimmed()?,
                "wp:author_display_name" => author.display_name = r.text()?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(author)
    }

    fn read_category(&mut self) -> Result<WxrTerm, WxrError> {
        let mut term = WxrTerm::default();
        self.children(|r, tag| {
            match tag.name.as_str() {
                "wp:category_nicename" => term.slug = r.trimmed()?,
                "wp:cat_name" => term.name = r.text()?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(term)
    }

    fn read_tag(&mut self) -> Result<WxrTerm, WxrError> {
        let mut term = WxrTerm::default();
        self.children(|r, tag| {
            match tag.name.as_str() {
                "wp:tag_slug" => term.slug = r.trimmed()?,
                "wp:tag_name" => term.name = r.text()?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(term)
    }

    fn read_item(&mut self) -> Result<WxrItem, WxrError> {
        let mut item = WxrItem::default();
        let mut post_id = None;
        self.children(|r, tag| {
            match tag.name.as_str() {
                "title" => item.title = r.text()?,
                "link" => item.link = r.trimmed()?,
                "guid" => item.guid = r.trimmed()?,
                "dc:creator" => item.creator = r.trimmed()?,
                "content:encoded" => item.content_html = r.text()?,
                "excerpt:encoded" => item.excerpt = r.text()?,
                "wp:post_id" => post_id = Some(r.number()?),
                "wp:post_date" => item.date = r.date()?,
                "wp:post_date_gmt" => item.date_gmt = r.date()?,
                "wp:post_name" => item.slug = r.trimmed()?,
                "wp:status" => item.status = r.trimmed()?,
                "wp:post_type" => item.post_type = r.trimmed()?,
                "wp:post_parent" => item.parent = r.number_or_zero()?,
                "wp:attachment_url" => item.attachment_url = Some(r.trimmed()?),
                "category" => {
                    let term = WxrTerm { slug: tag.attr("nicename").unwrap_or_default().to_owned(), name: r.text()? };
                    match tag.attr("domain") {
                        Some("category") => item.categories.push(term),
                        Some("post_tag") => item.tags.push(term),
                        _ => {}
                    }
                }
                "wp:comment" => item.comments.push(r.read_comment()?),
                "wp:postmeta" => {
                    let (key, value) = r.read_meta()?;
                    match key.as_str() {
                        "_thumbnail_id" => item.thumbnail_id = value.trim().parse().ok(),
                        "_wp_attachment_image_alt" => item.image_alt = value,
                        _ => {}
                    }
                }
                _ => r.skip()?,
            }
            Ok(())
        })?;
        item.post_id = post_id.ok_or_else(|| self.fail("an <item> without <wp:post_id>".into()))?;
        Ok(item)
    }

    /// A `<wp:postmeta>`'s key and value.
    fn read_meta(&mut self) -> Result<(String, String), WxrError> {
        let (mut key, mut value) = (String::new(), String::new());
        self.children(|r, tag| {
            match tag.name.as_str() {
                "wp:meta_key" => key = r.trimmed()?,
                "wp:meta_value" => value = r.text()?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok((key, value))
    }

    fn read_comment(&mut self) -> Result<WxrComment, WxrError> {
        let mut comment = WxrComment::default();
        let mut id = None;
        self.children(|r, tag| {
            match tag.name.as_str() {
                "wp:comment_id" => id = Some(r.number()?),
                "wp:comment_parent" => comment.parent = r.number_or_zero()?,
                "wp:comment_author" => comment.author = r.text()?,
                "wp:comment_author_email" => comment.author_email = r.trimmed()?,
                "wp:comment_author_url" => comment.author_url = r.trimmed()?,
                "wp:comment_date_gmt" => comment.date_gmt = r.date()?,
                "wp:comment_content" => comment.content = r.text()?,
                "wp:comment_approved" => comment.approved = r.trimmed()?,
                "wp:comment_type" => comment.comment_type = r.trimmed()?,
                "wp:comment_user_id" => comment.user_id = r.number_or_zero()?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        comment.id = id.ok_or_else(|| self.fail("a <wp:comment> without <wp:comment_id>".into()))?;
        Ok(comment)
    }

    /// Calls `on_child` for each child element of the element just opened;
    /// `on_child` must read the child through its end.
    fn children(&mut self, mut on_child: impl FnMut(&mut Self, Tag) -> Result<(), WxrError>) -> Result<(), WxrError> {
        let depth = self.open.len();
        loop {
            match self.next_event()? {
                Ev::Start(tag) => on_child(self, tag)?,
                Ev::End if self.open.len() < depth => return Ok(()),
                Ev::End | Ev::Text(_) => {}
                Ev::Eof => return Err(self.fail("unexpected end of file".into())),
            }
        }
    }

    /// The text of the element just opened, through its end; the text of
    /// any element nested in it is left out.
    fn text(&mut self) -> Result<String, WxrError> {
        let depth = self.open.len();
        let mut text = String::new();
        loop {
            match self.next_event()? {
                Ev::Text(part) if self.open.len() == depth => text.push_str(&part),
                Ev::End if self.open.len() < depth => return Ok(text),
                Ev::Start(_) | Ev::End | Ev::Text(_) => {}
                Ev::Eof => return Err(self.fail("unexpected end of file".into())),
            }
        }
    }

    fn skip(&mut self) -> Result<(), WxrError> {
        self.text().map(drop)
    }

    fn trimmed(&mut self) -> Result<String, WxrError> {
        let text = self.text()?;
        Ok(text.trim().to_owned())
    }

    fn number(&mut self) -> Result<i64, WxrError> {
        let text = self.text()?;
        text.trim().parse().map_err(|_| self.fail(format!("{:?} is not a number", text.trim())))
    }

    fn number_or_zero(&mut self) -> Result<i64, WxrError> {
        let text = self.text()?;
        let text = text.trim();
        if text.is_empty() {
            return Ok(0);
        }
        text.parse().map_err(|_| self.fail(format!("{text:?} is not a number")))
    }

    fn date(&mut self) -> Result<Option<String>, WxrError> {
        let text = self.trimmed()?;
        Ok((!text.is_empty() && text != "0000-00-00 00:00:00").then_some(text))
    }

    fn next_event(&mut self) -> Result<Ev, WxrError> {
        if self.pending_end {
            self.pending_end = false;
            self.open.pop();
            return Ok(Ev::End);
        }
        loop {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(error) => return Err(self.fail(error.to_string())),
            };
            let decoded: Result<Option<Ev>, String> = match event {
                Event::Start(start) => {
                    let tag = Tag::of(&start);
                    self.open.push(tag.name.clone());
                    Ok(Some(Ev::Start(tag)))
                }
                Event::Empty(start) => {
                    let tag = Tag::of(&start);
                    self.open.push(tag.name.clone());
                    self.pending_end = true;
                    Ok(Some(Ev::Start(tag)))
                }
                Event::End(_) => {
                    self.open.pop();
                    Ok(Some(Ev::End))
                }
                Event::Text(text) => text.decode().map(|t| Some(Ev::Text(t.into_owned()))).map_err(|e| e.to_string()),
                Event::CData(text) => text.decode().map(|t| Some(Ev::Text(t.into_owned()))).map_err(|e| e.to_string()),
                Event::GeneralRef(reference) => resolve_reference(&reference).map(|t| Some(Ev::Text(t))),
                Event::Eof => Ok(Some(Ev::Eof)),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => Ok(None),
            };
            match decoded {
                Ok(Some(event)) => return Ok(event),
                Ok(None) => {}
                Err(message) => return Err(self.fail(message)),
            }
        }
    }

    fn fail(&self, message: String) -> WxrError {
        WxrError { line: self.line(), element: self.open.last().cloned().unwrap_or_default(), message }
    }
}

/// An event of the XML stream, owned, with what this reader needs of it.
enum Ev {
    Start(Tag),
    End,
    Text(String),
    Eof,
}

struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn of(start: &BytesStart<'_>) -> Self {
        let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
        let attrs = start
            .attributes()
            .flatten()
            .filter_map(|attr| {
                let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
                let value = attr.unescape_value().ok()?.into_owned();
                Some((key, value))
            })
            .collect();
        Self { name, attrs }
    }

    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// `&amp;`, `&#1575;`, `&#x1F600;`: the five entities XML predefines and
/// character references. WXR declares no others, so any other is an error.
fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    if let Some(ch) = reference.resolve_char_ref().map_err(|e| e.to_string())? {
        return Ok(ch.to_string());
    }
    let name = reference.decode().map_err(|e| e.to_string())?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| format!("unknown entity &{name};"))
}

/// The caller's reader, counting the bytes and newlines the XML parser has
/// consumed, so that an error can name its line without a second pass.
struct Counted<R> {
    inner: R,
    bytes: u64,
    newlines: u64,
}

impl<R: BufRead> io::Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.inner.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if amount == 0 {
            return;
        }
        // The parser consumes only what fill_buf has just shown it, so this
        // returns the same bytes without reading.
        if let Ok(available) = self.inner.fill_buf() {
            let seen = &available[..amount.min(available.len())];
            self.newlines += seen.iter().filter(|&&b| b == b'\n').count() as u64;
        }
        self.bytes += amount as u64;
        self.inner.consume(amount);
    }
}
