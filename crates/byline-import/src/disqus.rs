//! A streaming reader of Disqus exports (Admin → Moderation → Export: one
//! XML file with the root `<disqus>` and the namespaces `dsq` and `xsi`).
//!
//! [`DisqusReader`] hands out one [`DisqusEntry`] at a time, in the file's
//! order: categories, threads (one per page that had a discussion) and
//! posts (the comments, each naming its thread and, for a reply, its
//! parent by `dsq:id`). A reply may come before the comment it answers;
//! putting them together is the caller's business, as is normalising the
//! texts, which are kept as the file holds them (after XML unescaping).
//! Only the current entry is held, so an export of any size is read in
//! the memory of its largest comment. Elements this reader does not know
//! (`ipAddress`, a newer export's additions, another namespace's) are
//! skipped.
//!
//! A malformed or truncated file is an error naming the line and the
//! element being read, never a panic and never a silently short result:
//! once the reader has failed, it keeps answering the same error.

use std::io::BufRead;

use crate::xml::{Ev, ReadError, Tag, XmlCursor};

/// One record of the export, in the order the file holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisqusEntry {
    Category(DisqusCategory),
    Thread(DisqusThread),
    Post(DisqusPost),
}

/// A `<category>`: Disqus's grouping of threads within a forum.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisqusCategory {
    /// `dsq:id`.
    pub dsq_id: u64,
    /// The forum's short name.
    pub forum: String,
    pub title: String,
    pub is_default: bool,
}

/// A `<thread>`: the discussion of one page of the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisqusThread {
    /// `dsq:id`, which posts name in their `<thread dsq:id>`.
    pub dsq_id: u64,
    /// `<id>`: the identifier the site's embed code gave the page (often
    /// empty; WordPress's plugin writes `POST_ID URL`).
    pub identifier: String,
    pub forum: String,
    /// The page's address when the discussion began.
    pub link: String,
    pub title: String,
    /// `createdAt` as written, such as `2019-03-04T10:20:30Z`; `None` when
    /// absent or empty.
    pub created_at: Option<String>,
    pub is_closed: bool,
    pub is_deleted: bool,
}

/// A `<post>`: one comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisqusPost {
    /// `dsq:id`, unique across Disqus.
    pub dsq_id: u64,
    /// `<id>`: an identifier from an earlier import into Disqus, usually
    /// empty.
    pub identifier: String,
    /// The comment's HTML.
    pub message: String,
    /// `createdAt` as written, such as `2019-03-04T10:20:30Z`.
    pub created_at: Option<String>,
    pub is_deleted: bool,
    pub is_spam: bool,
    pub author: DisqusAuthor,
    /// The `dsq:id` of its thread.
    pub thread: u64,
    /// The `dsq:id` of the post it answers, if it is a reply.
    pub parent: Option<u64>,
}

/// A post's author as Disqus knew them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisqusAuthor {
    pub name: String,
    pub email: String,
    /// Posted without a Disqus account (as a guest, with a name).
    pub is_anonymous: bool,
    /// The Disqus account's user name; empty for a guest.
    pub username: String,
}

/// A file that is not well-formed XML, ends early, or is not a Disqus
/// export.
pub type DisqusError = ReadError;

/// Reads a Disqus export entry by entry; see the module documentation.
pub struct DisqusReader<R: BufRead> {
    xml: XmlCursor<R>,
    seen_root: bool,
    finished: bool,
    failed: Option<DisqusError>,
}

impl<R: BufRead> DisqusReader<R> {
    pub fn new(reader: R) -> Self {
        Self { xml: XmlCursor::new(reader), seen_root: false, finished: false, failed: None }
    }

    /// The next entry, `Ok(None)` once the whole export has been read.
    pub fn next_entry(&mut self) -> Result<Option<DisqusEntry>, DisqusError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if self.finished {
            return Ok(None);
        }
        match self.read_entry() {
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

    /// How many bytes of the input the reader has consumed.
    pub fn bytes_read(&self) -> u64 {
        self.xml.bytes_read()
    }

    /// The line (from 1) at the reader's position.
    pub fn line(&self) -> u64 {
        self.xml.line()
    }

    fn read_entry(&mut self) -> Result<Option<DisqusEntry>, DisqusError> {
        loop {
            match self.xml.next_event()? {
                Ev::Start(tag) => match (self.xml.depth(), tag.name.as_str()) {
                    (1, "disqus") => self.seen_root = true,
                    (1, other) => {
                        return Err(self
                            .xml
                            .fail(format!("not a Disqus export: the root element is <{other}>, not <disqus>")));
                    }
                    (2, "category") => {
                        let dsq_id = dsq_id_of(&mut self.xml, &tag)?;
                        return Ok(Some(DisqusEntry::Category(read_category(&mut self.xml, dsq_id)?)));
                    }
                    (2, "thread") => {
                        let dsq_id = dsq_id_of(&mut self.xml, &tag)?;
                        return Ok(Some(DisqusEntry::Thread(read_thread(&mut self.xml, dsq_id)?)));
                    }
                    (2, "post") => {
                        let dsq_id = dsq_id_of(&mut self.xml, &tag)?;
                        return Ok(Some(DisqusEntry::Post(read_post(&mut self.xml, dsq_id)?)));
                    }
                    _ => self.xml.skip()?,
                },
                Ev::End | Ev::Text(_) => {}
                Ev::Eof => {
                    if self.xml.depth() > 0 {
                        return Err(self.xml.fail("unexpected end of file".into()));
                    }
                    if !self.seen_root {
                        return Err(self.xml.fail("not a Disqus export: no <disqus> element".into()));
                    }
                    return Ok(None);
                }
            }
        }
    }
}

/// The element's `dsq:id` (under whatever prefix the file gives Disqus's
/// internal namespace), which every category, thread and post has.
fn dsq_id_of<R: BufRead>(x: &mut XmlCursor<R>, tag: &Tag) -> Result<u64, ReadError> {
    match tag.prefixed_attr("id") {
        Some(raw) => raw.trim().parse().map_err(|_| x.fail(format!("dsq:id {raw:?} is not a number"))),
        None => Err(x.fail(format!("a <{}> without dsq:id", tag.name))),
    }
}

fn read_category<R: BufRead>(x: &mut XmlCursor<R>, dsq_id: u64) -> Result<DisqusCategory, ReadError> {
    let mut category = DisqusCategory { dsq_id, ..DisqusCategory::default() };
    x.children(|r, tag| {
        match tag.name.as_str() {
            "forum" => category.forum = r.trimmed()?,
            "title" => category.title = r.text()?,
            "isDefault" => category.is_default = r.boolean()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(category)
}

fn read_thread<R: BufRead>(x: &mut XmlCursor<R>, dsq_id: u64) -> Result<DisqusThread, ReadError> {
    let mut thread = DisqusThread { dsq_id, ..DisqusThread::default() };
    x.children(|r, tag| {
        match tag.name.as_str() {
            "id" => thread.identifier = r.trimmed()?,
            "forum" => thread.forum = r.trimmed()?,
            "link" => thread.link = r.trimmed()?,
            "title" => thread.title = r.text()?,
            "createdAt" => thread.created_at = date(r)?,
            "isClosed" => thread.is_closed = r.boolean()?,
            "isDeleted" => thread.is_deleted = r.boolean()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(thread)
}

fn read_post<R: BufRead>(x: &mut XmlCursor<R>, dsq_id: u64) -> Result<DisqusPost, ReadError> {
    let mut post = DisqusPost { dsq_id, ..DisqusPost::default() };
    let mut thread = None;
    x.children(|r, tag| {
        match tag.name.as_str() {
            "id" => post.identifier = r.trimmed()?,
            "message" => post.message = r.text()?,
            "createdAt" => post.created_at = date(r)?,
            "isDeleted" => post.is_deleted = r.boolean()?,
            "isSpam" => post.is_spam = r.boolean()?,
            "author" => post.author = read_author(r)?,
            "thread" => {
                thread = Some(dsq_id_of(r, &tag)?);
                r.skip()?;
            }
            "parent" => {
                post.parent = Some(dsq_id_of(r, &tag)?);
                r.skip()?;
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    post.thread = thread.ok_or_else(|| x.fail(format!("the <post> dsq:id={dsq_id} names no <thread dsq:id>")))?;
    Ok(post)
}

fn read_author<R: BufRead>(x: &mut XmlCursor<R>) -> Result<DisqusAuthor, ReadError> {
    let mut author = DisqusAuthor::default();
    x.children(|r, tag| {
        match tag.name.as_str() {
            "name" => author.name = r.text()?,
            "email" => author.email = r.trimmed()?,
            "isAnonymous" => author.is_anonymous = r.boolean()?,
            "username" => author.username = r.trimmed()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(author)
}

fn date<R: BufRead>(x: &mut XmlCursor<R>) -> Result<Option<String>, ReadError> {
    let text = x.trimmed()?;
    Ok((!text.is_empty()).then_some(text))
}
