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

use std::io::BufRead;

use crate::xml::{Ev, ReadError, XmlCursor};

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
pub type WxrError = ReadError;

/// Reads a WXR file entry by entry; see the module documentation.
pub struct WxrReader<R: BufRead> {
    xml: XmlCursor<R>,
    seen_root: bool,
    finished: bool,
    failed: Option<WxrError>,
}

impl<R: BufRead> WxrReader<R> {
    pub fn new(reader: R) -> Self {
        Self { xml: XmlCursor::new(reader), seen_root: false, finished: false, failed: None }
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
        self.xml.bytes_read()
    }

    /// The line (from 1) at the reader's position.
    pub fn line(&self) -> u64 {
        self.xml.line()
    }

    fn next_entry(&mut self) -> Result<Option<WxrEntry>, WxrError> {
        loop {
            match self.xml.next_event()? {
                Ev::Start(tag) => {
                    let depth = self.xml.depth();
                    match (depth, tag.name.as_str()) {
                        (1, "rss") => self.seen_root = true,
                        (1, other) => {
                            return Err(self
                                .xml
                                .fail(format!("not a WordPress export: the root element is <{other}>, not <rss>")));
                        }
                        (2, "channel") => {}
                        (3, "wp:author") => return Ok(Some(WxrEntry::Author(read_author(&mut self.xml)?))),
                        (3, "wp:category") => {
                            return Ok(Some(WxrEntry::Category(read_category(&mut self.xml)?)));
                        }
                        (3, "wp:tag") => return Ok(Some(WxrEntry::Tag(read_tag(&mut self.xml)?))),
                        (3, "item") => return Ok(Some(WxrEntry::Item(read_item(&mut self.xml)?))),
                        _ => self.xml.skip()?,
                    }
                }
                Ev::End | Ev::Text(_) => {}
                Ev::Eof => {
                    if self.xml.depth() > 0 {
                        return Err(self.xml.fail("unexpected end of file".into()));
                    }
                    if !self.seen_root {
                        return Err(self.xml.fail("not a WordPress export: no <rss> element".into()));
                    }
                    return Ok(None);
                }
            }
        }
    }
}

fn read_author<R: BufRead>(x: &mut XmlCursor<R>) -> Result<WxrAuthor, ReadError> {
    let mut author = WxrAuthor::default();
    x.children(|r, tag| {
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

fn read_category<R: BufRead>(x: &mut XmlCursor<R>) -> Result<WxrTerm, ReadError> {
    let mut term = WxrTerm::default();
    x.children(|r, tag| {
        match tag.name.as_str() {
            "wp:category_nicename" => term.slug = r.trimmed()?,
            "wp:cat_name" => term.name = r.text()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(term)
}

fn read_tag<R: BufRead>(x: &mut XmlCursor<R>) -> Result<WxrTerm, ReadError> {
    let mut term = WxrTerm::default();
    x.children(|r, tag| {
        match tag.name.as_str() {
            "wp:tag_slug" => term.slug = r.trimmed()?,
            "wp:tag_name" => term.name = r.text()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(term)
}

fn read_item<R: BufRead>(x: &mut XmlCursor<R>) -> Result<WxrItem, ReadError> {
    let mut item = WxrItem::default();
    let mut post_id = None;
    x.children(|r, tag| {
        match tag.name.as_str() {
            "title" => item.title = r.text()?,
            "link" => item.link = r.trimmed()?,
            "guid" => item.guid = r.trimmed()?,
            "dc:creator" => item.creator = r.trimmed()?,
            "content:encoded" => item.content_html = r.text()?,
            "excerpt:encoded" => item.excerpt = r.text()?,
            "wp:post_id" => post_id = Some(r.number()?),
            "wp:post_date" => item.date = date(r)?,
            "wp:post_date_gmt" => item.date_gmt = date(r)?,
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
            "wp:comment" => item.comments.push(read_comment(r)?),
            "wp:postmeta" => {
                let (key, value) = read_meta(r)?;
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
    item.post_id = post_id.ok_or_else(|| x.fail("an <item> without <wp:post_id>".into()))?;
    Ok(item)
}

/// A `<wp:postmeta>`'s key and value.
fn read_meta<R: BufRead>(x: &mut XmlCursor<R>) -> Result<(String, String), ReadError> {
    let (mut key, mut value) = (String::new(), String::new());
    x.children(|r, tag| {
        match tag.name.as_str() {
            "wp:meta_key" => key = r.trimmed()?,
            "wp:meta_value" => value = r.text()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok((key, value))
}

fn read_comment<R: BufRead>(x: &mut XmlCursor<R>) -> Result<WxrComment, ReadError> {
    let mut comment = WxrComment::default();
    let mut id = None;
    x.children(|r, tag| {
        match tag.name.as_str() {
            "wp:comment_id" => id = Some(r.number()?),
            "wp:comment_parent" => comment.parent = r.number_or_zero()?,
            "wp:comment_author" => comment.author = r.text()?,
            "wp:comment_author_email" => comment.author_email = r.trimmed()?,
            "wp:comment_author_url" => comment.author_url = r.trimmed()?,
            "wp:comment_date_gmt" => comment.date_gmt = date(r)?,
            "wp:comment_content" => comment.content = r.text()?,
            "wp:comment_approved" => comment.approved = r.trimmed()?,
            "wp:comment_type" => comment.comment_type = r.trimmed()?,
            "wp:comment_user_id" => comment.user_id = r.number_or_zero()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    comment.id = id.ok_or_else(|| x.fail("a <wp:comment> without <wp:comment_id>".into()))?;
    Ok(comment)
}

fn date<R: BufRead>(x: &mut XmlCursor<R>) -> Result<Option<String>, ReadError> {
    let text = x.trimmed()?;
    Ok((!text.is_empty() && text != "0000-00-00 00:00:00").then_some(text))
}
