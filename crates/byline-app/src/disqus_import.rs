//! Moving in from Disqus: each thread of an export is matched to the story
//! it discussed, and each post becomes a guest comment under it, in the
//! state it had (spam stays spam, a deleted comment stays removed), replies
//! under what they answer. Importing the same export again changes
//! nothing: every comment is recorded by its Disqus id.
//!
//! Matching a thread to a story tries, in order: its identifier (a story's
//! address or number, or WordPress's `POST_ID URL`), then its link's path
//! (`/articles/SLUG`, or an address the story had on WordPress). The link's
//! host is not compared: a newsroom's domain may have changed since.

use byline_core::Slug;
use byline_core::Timestamp;
use byline_core::comments::{CommentBody, CommentBodyError, CommentStatus, detect_language, render_comment};
use byline_import::disqus::DisqusPost;
use byline_import::html_to_markdown::convert;
use byline_store::{CommentAdded, CommentAuthor, NewComment};

use crate::imports::normalise_path;
use crate::{App, Error};

/// What an import records a Disqus comment as; its source id is the
/// post's `dsq:id`, which Disqus keeps unique across all its forums.
const COMMENT_KIND: &str = "disqus-comment";

/// What to do with a reply whose parent has not been imported (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrphanReply {
    /// Leave it for later: its parent may come further on in the file.
    Wait,
    /// Add it as a comment on the story itself.
    TopLevel,
}

/// What became of one post of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostImport {
    /// Added; `top_level` when it answered a comment that is not here and
    /// was added on the story instead.
    Created { id: i64, top_level: bool },
    /// A dry run: it would be added.
    WouldCreate,
    /// Imported before.
    Present,
    /// A reply whose parent is not imported yet, left for later
    /// ([`OrphanReply::Wait`]).
    WaitsForParent,
    /// Not imported, and why.
    Skipped(PostSkip),
}

/// Why a post is not imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PostSkip {
    /// Nothing left of its text once converted (Disqus often empties a
    /// deleted comment).
    Empty,
    /// Longer than the site allows a comment.
    TooLong { max: usize },
    /// It answers a comment imported under another story.
    ParentElsewhere,
}

impl App {
    /// The story a Disqus thread discussed, by its identifier or its link
    /// (see the module documentation); `None` when none is found.
    pub async fn disqus_thread_article(&self, identifier: &str, link: &str) -> Result<Option<i64>, Error> {
        let identifier = identifier.trim();
        // A bare number may be another system's (a custom embed often
        // passes WordPress's post id): the link says more, so it goes first.
        let numeric = !identifier.is_empty() && identifier.bytes().all(|b| b.is_ascii_digit());
        if !numeric && let Some(found) = self.article_by_identifier(identifier).await? {
            return Ok(Some(found));
        }
        if let Some(path) = path_of(link)
            && let Some(found) = self.article_by_path(&path).await?
        {
            return Ok(Some(found));
        }
        if numeric { self.article_by_identifier(identifier).await } else { Ok(None) }
    }

    async fn article_by_identifier(&self, identifier: &str) -> Result<Option<i64>, Error> {
        if identifier.is_empty() {
            return Ok(None);
        }
        // WordPress's Disqus plugin names a thread `POST_ID GUID`.
        if let Some((post_id, guid)) = identifier.split_once(' ')
            && post_id.bytes().all(|b| b.is_ascii_digit())
            && guid.contains("://")
        {
            return self.article_by_path(&format!("/?p={post_id}")).await;
        }
        if let Ok(id) = identifier.parse::<i64>()
            && self.store.story(id).await?.is_some()
        {
            return Ok(Some(id));
        }
        match Slug::parse(identifier) {
            Ok(slug) => self.article_by_slug(&slug).await,
            Err(_) => Ok(None),
        }
    }

    /// A path as [`normalise_path`] leaves it: a story's own address (or one
    /// it had before a change of slug), or one it had on WordPress.
    async fn article_by_path(&self, path: &str) -> Result<Option<i64>, Error> {
        if let Some(rest) = path.strip_prefix("/articles/") {
            let slug = rest.split('/').next().unwrap_or_default();
            if let Ok(slug) = Slug::parse(slug)
                && let Some(found) = self.article_by_slug(&slug).await?
            {
                return Ok(Some(found));
            }
        }
        match self.store.old_path_target(path, self.now()).await? {
            Some(slug) => Ok(self.store.article_id(&slug).await?),
            None => Ok(None),
        }
    }

    async fn article_by_slug(&self, slug: &Slug) -> Result<Option<i64>, Error> {
        if let Some(found) = self.store.article_id(slug).await? {
            return Ok(Some(found));
        }
        match self.store.slug_retired_for(slug).await? {
            Some(current) => Ok(self.store.article_id(&current).await?),
            None => Ok(None),
        }
    }

    /// Adds one Disqus post as a guest comment under story `article`, at
    /// its own time and in its state (spam: spam; deleted: removed; else
    /// published), a reply under the comment it answers. A reply whose
    /// parent is not imported waits or goes on the story, as `orphan` says.
    /// Nothing is written on a dry run (where replies never wait). The
    /// command line's to call: its operator may do anything.
    pub async fn import_disqus_post(
        &self,
        post: &DisqusPost,
        article: i64,
        orphan: OrphanReply,
        dry_run: bool,
    ) -> Result<PostImport, Error> {
        let key = post.dsq_id.to_string();
        if self.store.imported_target(COMMENT_KIND, &key).await?.is_some() {
            return Ok(PostImport::Present);
        }
        let body = match self.imported_comment_body(&post.message) {
            Ok(body) => body,
            Err(skip) => return Ok(PostImport::Skipped(skip)),
        };
        if dry_run {
            return Ok(PostImport::WouldCreate);
        }
        let parent = match post.parent {
            Some(parent) => self.store.imported_target(COMMENT_KIND, &parent.to_string()).await?,
            None => None,
        };
        let top_level = post.parent.is_some() && parent.is_none();
        if top_level && orphan == OrphanReply::Wait {
            return Ok(PostImport::WaitsForParent);
        }
        let status = if post.is_spam {
            CommentStatus::Spam
        } else if post.is_deleted {
            CommentStatus::Removed
        } else {
            CommentStatus::Published
        };
        let name = guest_name(&post.author.name);
        let html = render_comment(&body);
        let site_language = byline_core::LanguageTag::parse("en").map_err(|_| Error::Internal("no English tag"))?;
        let language = detect_language(&body, &site_language);
        let mut new = NewComment {
            article_id: article,
            parent_id: parent,
            author: CommentAuthor::Guest(&name),
            body: &body,
            body_html: &html,
            language: &language,
            status,
            reasons: &[],
        };
        let at = post.created_at.as_deref().and_then(disqus_time).unwrap_or_else(|| self.now());
        let mut added = self.store.import_comment(&new, at, COMMENT_KIND, &key).await?;
        if added == CommentAdded::ParentMissing {
            // The comment it answered was imported, then erased here.
            new.parent_id = None;
            added = self.store.import_comment(&new, at, COMMENT_KIND, &key).await?;
        }
        match added {
            CommentAdded::Added { id, .. } => {
                Ok(PostImport::Created { id, top_level: new.parent_id.is_none() && post.parent.is_some() })
            }
            CommentAdded::ParentElsewhere => Ok(PostImport::Skipped(PostSkip::ParentElsewhere)),
            CommentAdded::ParentMissing | CommentAdded::ParentUnavailable => {
                Err(Error::Internal("an imported reply's parent could not take it"))
            }
        }
    }

    /// An imported comment's HTML as Byline keeps comments: converted to
    /// Markdown as WordPress comments are, then checked as a reader's
    /// words are (NFC, the site's length limit).
    pub(crate) fn imported_comment_body(&self, html: &str) -> Result<CommentBody, PostSkip> {
        CommentBody::parse(&convert(html), &self.comment_limits).map_err(|err| match err {
            CommentBodyError::Empty => PostSkip::Empty,
            CommentBodyError::TooLong { max, .. } => PostSkip::TooLong { max },
        })
    }
}

/// The name an imported guest comment shows: one line of at most 80
/// characters, as a guest's is, or "A reader" when none was given.
pub(crate) fn guest_name(raw: &str) -> String {
    let name: String = byline_core::text::normalise_line(raw).chars().take(80).collect();
    let name = name.trim_end().to_owned();
    if name.is_empty() { "A reader".to_owned() } else { name }
}

/// A Disqus time, `2019-03-04T10:20:30Z` (fractions of a second and a
/// `+00:00` offset allowed), to the second; `None` for anything else
/// (an offset other than UTC's is not guessed at).
fn disqus_time(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    let utc = raw.strip_suffix('Z').or_else(|| raw.strip_suffix("+00:00"))?;
    let whole_seconds = utc.split_once('.').map_or(utc, |(whole, _)| whole);
    Timestamp::parse_minute(whole_seconds)
}

/// The path of a thread's link, as old paths are kept: without scheme,
/// host, fragment or query (but WordPress's `?p=ID`), percent-decoded,
/// without a trailing slash. `None` for a link with no path to go by.
fn path_of(link: &str) -> Option<String> {
    let link = link.trim();
    let link = link.split_once('#').map_or(link, |(before, _)| before);
    let path = match link.find("//") {
        Some(start) => {
            let after_host = &link[start + 2..];
            &after_host[after_host.find(['/', '?'])?..]
        }
        None => link,
    };
    let (path, query) = path.split_once('?').map_or((path, None), |(path, query)| (path, Some(query)));
    let path = if path.is_empty() { "/" } else { path };
    if let Some(post_id) = query.and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("p=")))
        && !post_id.is_empty()
        && post_id.bytes().all(|b| b.is_ascii_digit())
        && path == "/"
    {
        return Some(format!("/?p={post_id}"));
    }
    if !path.starts_with('/') {
        return None;
    }
    let path = normalise_path(path);
    (path != "/").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disqus_times_are_read_to_the_second() {
        let at = Timestamp::parse_minute("2019-03-04T10:20:30");
        assert_eq!(disqus_time("2019-03-04T10:20:30Z"), at);
        assert_eq!(disqus_time(" 2019-03-04T10:20:30.123Z "), at);
        assert_eq!(disqus_time("2019-03-04T10:20:30+00:00"), at);
        assert_eq!(disqus_time("2019-03-04T10:20:30+05:00"), None, "not UTC: not guessed");
        assert_eq!(disqus_time("yesterday"), None);
        assert_eq!(disqus_time(""), None);
    }

    #[test]
    fn a_link_is_reduced_to_the_path_old_addresses_are_kept_by() {
        assert_eq!(path_of("https://lamp.example/articles/council-votes/").as_deref(), Some("/articles/council-votes"));
        assert_eq!(
            path_of("http://old.example/2024/01/10/slug/?utm_source=x#comments").as_deref(),
            Some("/2024/01/10/slug")
        );
        assert_eq!(path_of("https://lamp.example/?p=42").as_deref(), Some("/?p=42"));
        assert_eq!(path_of("https://lamp.example?p=42&replytocom=3").as_deref(), Some("/?p=42"));
        assert_eq!(path_of("//lamp.example/%D8%B3%D9%84%D8%A7%D9%85/").as_deref(), Some("/سلام"));
        assert_eq!(path_of("/articles/a"), Some("/articles/a".to_owned()));
        assert_eq!(path_of("https://lamp.example/"), None);
        assert_eq!(path_of("https://lamp.example"), None);
        assert_eq!(path_of("not a link"), None);
        assert_eq!(path_of(""), None);
    }

    #[test]
    fn a_guest_name_is_one_short_line() {
        assert_eq!(guest_name("  Sam\n  Smith "), "Sam Smith");
        assert_eq!(guest_name(""), "A reader");
        assert_eq!(guest_name(" \t"), "A reader");
        assert_eq!(guest_name(&"ب".repeat(100)).chars().count(), 80);
        assert_eq!(guest_name("رضیہ"), "رضیہ");
    }
}
