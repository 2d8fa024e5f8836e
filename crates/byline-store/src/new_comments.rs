//! A new comment on its way in: what a caller asks to add, the copy that
//! waits for its batch, and what became of it.

use byline_core::comments::{CommentBody, CommentStatus};
use byline_core::moderation::Reason;
use byline_core::{LanguageTag, SanitizedHtml, Timestamp};

/// A comment to add.
#[derive(Debug)]
pub struct NewComment<'a> {
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub author: CommentAuthor<'a>,
    pub body: &'a CommentBody,
    pub body_html: &'a SanitizedHtml,
    pub language: &'a LanguageTag,
    pub status: CommentStatus,
    /// Why the moderation policy held or refused it; empty when published.
    pub reasons: &'a [Reason],
}

/// A new comment waiting for its turn to be written: [`NewComment`] with
/// its own copies, so the write may outlive the request that asked for it.
#[derive(Debug)]
pub(crate) struct PendingComment {
    pub(crate) article_id: i64,
    parent_id: Option<i64>,
    member: Option<i64>,
    guest: Option<String>,
    body: CommentBody,
    body_html: SanitizedHtml,
    language: LanguageTag,
    status: CommentStatus,
    reasons: Vec<Reason>,
    pub(crate) now: Timestamp,
    /// For a comment brought in by an import: what it was in the export
    /// (recorded with it), and that its parent may be in any state.
    pub(crate) imported_as: Option<(String, String)>,
}

impl PendingComment {
    pub(crate) fn of(new: &NewComment<'_>, now: Timestamp) -> Self {
        let (member, guest) = match new.author {
            CommentAuthor::Member(id) => (Some(id), None),
            CommentAuthor::Guest(name) => (None, Some(name.to_owned())),
        };
        Self {
            article_id: new.article_id,
            parent_id: new.parent_id,
            member,
            guest,
            body: new.body.clone(),
            body_html: new.body_html.clone(),
            language: new.language.clone(),
            status: new.status,
            reasons: new.reasons.to_vec(),
            now,
            imported_as: None,
        }
    }

    pub(crate) fn as_new(&self) -> NewComment<'_> {
        NewComment {
            article_id: self.article_id,
            parent_id: self.parent_id,
            author: match (self.member, &self.guest) {
                (Some(id), _) => CommentAuthor::Member(id),
                (None, guest) => CommentAuthor::Guest(guest.as_deref().unwrap_or("")),
            },
            body: &self.body,
            body_html: &self.body_html,
            language: &self.language,
            status: self.status,
            reasons: &self.reasons,
        }
    }
}

/// Who writes a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentAuthor<'a> {
    /// A reader with an account.
    Member(i64),
    /// A reader without one, by the name they gave (where a site allows it).
    Guest(&'a str),
}

/// What became of a [`NewComment`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentAdded {
    Added {
        id: i64,
        status: CommentStatus,
        /// How deep in its thread: 0 for a comment on the article.
        depth: i64,
        /// The article's published comments with this one, if it was
        /// published.
        comment_count: Option<i64>,
    },
    /// No such parent comment.
    ParentMissing,
    /// The parent belongs to another article.
    ParentElsewhere,
    /// The parent was deleted, removed or is not published.
    ParentUnavailable,
}

/// A comment brought in by an import (see [`crate::Store::import_comments`]):
/// what it was in the other system's export, and what it becomes here.
#[derive(Debug)]
pub struct ImportedComment<'a> {
    /// Its id in the export, unique within the import's kind (a WordPress
    /// site's comment number, say).
    pub source_id: &'a str,
    /// The export's id of the comment it answers, of the same kind; `None`
    /// for a comment on the article itself.
    pub parent_source_id: Option<&'a str>,
    pub article_id: i64,
    pub author: CommentAuthor<'a>,
    /// How to reach a guest author, kept for the staff and never shown to
    /// readers; `None` for a member, whose account has their address.
    pub guest_email: Option<&'a str>,
    pub guest_url: Option<&'a str>,
    pub body: &'a CommentBody,
    pub body_html: &'a SanitizedHtml,
    pub language: &'a LanguageTag,
    pub status: CommentStatus,
    /// When it was written.
    pub at: Timestamp,
}

/// What became of an [`ImportedComment`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentImported {
    /// Added, with this id.
    Added(i64),
    /// Imported before, as this comment (left as it is).
    Present(i64),
    /// It answers a comment imported under another article: not added.
    ParentElsewhere,
}
