//! Comments and their threads: the types and rows shared by writing
//! (`writing.rs`), reading threads (`threads.rs`) and readers' reactions
//! (`reactions.rs`), and the SQL they share.

use std::collections::HashMap;

use byline_core::comments::{CommentBody, CommentStatus, MAX_DEPTH};
use byline_core::moderation::{AuthorRecord, Reason};
use byline_core::{LanguageTag, SanitizedHtml, Timestamp};
use sqlx::{Database, Encode, Executor, FromRow, IntoArguments, Transaction, Type};

use crate::backend::on_pool;
use crate::comment_batch::WritesComments;
use crate::new_comments::{CommentAdded, CommentAuthor, CommentImported, ImportedComment, NewComment, PendingComment};
use crate::{Backend, Store, StoreError};

pub(crate) mod states;

/// Width of one id in a thread path: paths sort as their ids do.
const SEGMENT: usize = 12;

fn segment(id: i64) -> String {
    format!("{id:0width$}", width = SEGMENT)
}

fn reasons_json(reasons: &[Reason]) -> String {
    serde_json::to_string(reasons).unwrap_or_else(|_| "[]".to_owned())
}

/// A comment as a thread shows it.
#[derive(Debug, Clone)]
pub struct ThreadComment {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub depth: i64,
    pub path: String,
    pub status: CommentStatus,
    pub body_html: SanitizedHtml,
    pub language: String,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
    pub author_id: Option<i64>,
    pub author_handle: Option<String>,
    /// The account's display name, or the name a guest gave; `None` once
    /// the account is deleted.
    pub author_name: Option<String>,
    /// Written without an account.
    pub guest: bool,
    pub reply_count: i64,
    pub score: i64,
    pub featured: bool,
    /// Why the moderation policy held or refused it.
    pub reasons: Vec<Reason>,
    /// Held or refused and not the viewer's: shown only as a placeholder
    /// for its replies, without its words.
    pub concealed: bool,
    /// Its author has used their one appeal.
    pub appealed: bool,
}

/// The order of threads (replies always follow their parent, oldest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThreadOrder {
    #[default]
    Oldest,
    Newest,
    MostVoted,
}

impl ThreadOrder {
    /// The order named in a URL: `oldest`, `newest` or `voted`.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "oldest" => Some(Self::Oldest),
            "newest" => Some(Self::Newest),
            "voted" => Some(Self::MostVoted),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Oldest => "oldest",
            Self::Newest => "newest",
            Self::MostVoted => "voted",
        }
    }

    /// Whether `text` has the form of a [`ThreadPage::next_after`] in this
    /// order: a path of digits, or for most-voted `score.path`.
    pub fn valid_position(self, text: &str) -> bool {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        match self {
            Self::MostVoted => text
                .split_once('.')
                .is_some_and(|(score, path)| digits(score.strip_prefix('-').unwrap_or(score)) && digits(path)),
            _ => digits(text),
        }
    }
}

/// A page of threads: whole threads in the asked order, and where the next
/// page starts. A thread too long for the page's budget is shown up to the
/// budget, and the page ends with it.
#[derive(Debug, Clone)]
pub struct ThreadPage {
    pub comments: Vec<ThreadComment>,
    /// Position of the last root thread shown, if more follow: a path, or
    /// for [`ThreadOrder::MostVoted`] `score.path`.
    pub next_after: Option<String>,
    /// Where the last thread shown goes on, if it was cut.
    pub more_replies: Option<MoreReplies>,
}

/// A reader's own marks on an article's comments, from [`Store::marks_of`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderMarks {
    /// Comments they voted for.
    pub votes: Vec<i64>,
    /// Comments they wrote that are held or refused, which only they see.
    pub unpublished: Vec<i64>,
}

/// The rest of a thread that did not fit its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoreReplies {
    pub root_id: i64,
    /// The path of the last comment shown; the rest sorts after it.
    pub after: String,
}

impl MoreReplies {
    /// Whether `after` is a comment path inside the thread of `root_id`.
    pub fn valid(root_id: i64, after: &str) -> bool {
        after.len() >= SEGMENT
            && after.len().is_multiple_of(SEGMENT)
            && after.bytes().all(|b| b.is_ascii_digit())
            && after.starts_with(&segment(root_id))
    }
}

/// The id of the thread a path belongs to.
fn root_of(path: &str) -> i64 {
    path.get(..SEGMENT).and_then(|p| p.parse().ok()).unwrap_or(0)
}

#[derive(FromRow)]
pub(crate) struct ThreadRow {
    id: i64,
    parent_id: Option<i64>,
    depth: i64,
    path: String,
    status: String,
    body_html: String,
    language: String,
    created_at: i64,
    edited_at: Option<i64>,
    author_id: Option<i64>,
    author_handle: Option<String>,
    author_name: Option<String>,
    guest_name: Option<String>,
    reply_count: i64,
    score: i64,
    featured: i64,
    reasons: String,
    appealed: bool,
}

impl TryFrom<ThreadRow> for ThreadComment {
    type Error = StoreError;
    fn try_from(row: ThreadRow) -> Result<Self, StoreError> {
        let status = CommentStatus::parse(&row.status)
            .ok_or(StoreError::Corrupt { what: "comment status", value: row.status })?;
        // Tombstones keep their place but not their words.
        let body_html = match status {
            CommentStatus::Deleted | CommentStatus::Removed => SanitizedHtml::default(),
            _ => SanitizedHtml::from_trusted_store(row.body_html),
        };
        Ok(ThreadComment {
            id: row.id,
            parent_id: row.parent_id,
            depth: row.depth,
            path: row.path,
            status,
            body_html,
            language: row.language,
            created_at: Timestamp::from_millis(row.created_at),
            edited_at: row.edited_at.map(Timestamp::from_millis),
            author_id: row.author_id,
            author_handle: row.author_handle,
            guest: row.author_id.is_none() && row.guest_name.is_some(),
            author_name: row.author_name.or(row.guest_name),
            reply_count: row.reply_count,
            score: row.score,
            featured: row.featured != 0,
            // Written only by this crate; an unreadable list reads as none.
            reasons: serde_json::from_str(&row.reasons).unwrap_or_default(),
            concealed: false,
            appealed: row.appealed,
        })
    }
}

/// A comment with what permission checks need.
#[derive(Debug, Clone)]
pub struct CommentRecord {
    pub id: i64,
    /// The thread's first comment.
    pub root_id: i64,
    pub article_id: i64,
    pub article_slug: String,
    pub author_id: Option<i64>,
    pub status: CommentStatus,
    pub created_at: Timestamp,
    pub body_source: String,
}

#[derive(FromRow)]
struct RecordRow {
    id: i64,
    path: String,
    article_id: i64,
    article_slug: String,
    author_id: Option<i64>,
    status: String,
    created_at: i64,
    body_source: String,
}

impl TryFrom<RecordRow> for CommentRecord {
    type Error = StoreError;
    fn try_from(r: RecordRow) -> Result<Self, StoreError> {
        let root_id = r.path.get(..SEGMENT).and_then(|p| p.parse().ok()).unwrap_or(r.id);
        Ok(CommentRecord {
            root_id,
            status: CommentStatus::parse(&r.status)
                .ok_or(StoreError::Corrupt { what: "comment status", value: r.status })?,
            id: r.id,
            article_id: r.article_id,
            article_slug: r.article_slug,
            author_id: r.author_id,
            created_at: Timestamp::from_millis(r.created_at),
            body_source: r.body_source,
        })
    }
}

/// A new text for a comment.
#[derive(Debug)]
pub struct CommentEdit<'a> {
    pub id: i64,
    pub body: &'a CommentBody,
    pub body_html: &'a SanitizedHtml,
    pub language: &'a LanguageTag,
    /// What the moderation policy made of the new text: an edit may send a
    /// published comment back for review.
    pub status: CommentStatus,
    pub reasons: &'a [Reason],
}

/// A featured comment as the front page's rail shows it.
#[derive(Debug, Clone)]
pub struct FeaturedComment {
    pub id: i64,
    pub article_slug: String,
    pub article_headline: String,
    /// The start of the text, plain.
    pub excerpt: String,
    pub language: String,
    pub author_name: String,
}

#[derive(FromRow)]
struct FeaturedRow {
    id: i64,
    article_slug: String,
    article_headline: String,
    body_source: String,
    language: String,
    author_name: Option<String>,
}

/// The first `max` characters of Markdown source as plain words.
pub(crate) fn excerpt(source: &str, max: usize) -> String {
    let plain: String = source.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '>' | '#' | '[' | ']')).collect();
    let words = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() <= max {
        return words;
    }
    let cut: String = words.chars().take(max).collect();
    format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head))
}

/// Moves the article's comment count and the parent's reply count by
/// `change` when a comment enters (1) or leaves (-1) the published state,
/// inside the change's transaction (on either backend).
pub(crate) async fn count_published<DB>(
    tx: &mut Transaction<'_, DB>,
    comment_id: i64,
    change: i64,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    if change == 0 {
        return Ok(());
    }
    sqlx::query(
        "UPDATE articles SET comment_count = comment_count + $1 \
         WHERE id = (SELECT article_id FROM comments WHERE id = $2)",
    )
    .bind(change)
    .bind(comment_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE comments SET reply_count = reply_count + $1 \
         WHERE id = (SELECT parent_id FROM comments WHERE id = $2)",
    )
    .bind(change)
    .bind(comment_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every change a page shows bumps its article's version: this one, for
/// a change to the comment `comment_id`, inside the change's transaction.
pub(crate) async fn bump_article_of<DB>(tx: &mut Transaction<'_, DB>, comment_id: i64) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query("UPDATE articles SET version = version + 1 WHERE id = (SELECT article_id FROM comments WHERE id = $1)")
        .bind(comment_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct ParentRow {
    id: i64,
    article_id: i64,
    path: String,
    depth: i64,
    status: String,
}

/// Comments a reader may see, plus the viewer's own pending ones (`$2`).
/// Comments a viewer ($2) sees: published ones and tombstones; their own
/// held or refused ones; and others' held or refused ones that have
/// published replies, drawn as placeholders so the replies keep their place.
macro_rules! shown {
    () => {
        concat!(
            "(c.status IN ",
            $crate::comments::states::statuses!(Published, Deleted, Removed),
            " \
          OR (c.status IN ",
            $crate::comments::states::statuses!(Pending, Rejected, Spam),
            " AND (c.author_id = $2 OR c.reply_count > 0))) "
        )
    };
}

/// The columns of an author's record, selected from `users u`: their
/// status, when a suspension ends, and their approved and refused comments
/// since their trust was last reset.
macro_rules! author_columns {
    () => {
        concat!(
            "SELECT u.status, u.suspended_until, \
           (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.status = ",
            $crate::comments::states::status!(Published),
            " \
             AND c.created_at >= COALESCE(u.trust_since, 0)), \
           (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id \
             AND c.status IN ",
            $crate::comments::states::statuses!(Rejected, Spam, Removed),
            " AND c.created_at >= COALESCE(u.trust_since, 0)) "
        )
    };
}

/// The columns a new comment fills, for [`Store::write_comments`]; its
/// id and path come first, then the values of [`insert_values!`] (`$14` is
/// the parent's path). Paths are [`SEGMENT`] digits a level.
macro_rules! insert_comment {
    () => {
        "INSERT INTO comments (id, path, article_id, parent_id, depth, author_id, guest_name, body_source, \
           body_html, language, status, created_at, reasons, held_at, body_hash, first_published_at) "
    };
}

// The inserts of `write_comments` pad ids to 12 digits, as `segment` does.
const _: () = assert!(SEGMENT == 12);

macro_rules! insert_values {
    () => {
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15 "
    };
}

macro_rules! select_thread {
    () => {
        "SELECT c.id, c.parent_id, c.depth, c.path, c.status, c.body_html, c.language, c.created_at, c.edited_at, \
         c.author_id, u.handle AS author_handle, u.display_name AS author_name, c.guest_name, c.reply_count, \
         c.score, c.featured, c.reasons, c.appeal IS NOT NULL AS appealed \
         FROM comments c LEFT JOIN users u ON u.id = c.author_id "
    };
}

// By concern; declared after the SQL macros above, which they use.
mod feeds;
mod reactions;
mod threads;
mod writing;

pub use feeds::FeedComment;
pub use writing::{PostingAsk, PostingRecord};

impl Store {
    /// One comment as a thread shows it, whatever its state.
    pub async fn thread_comment(&self, id: i64) -> Result<Option<ThreadComment>, StoreError> {
        const SQL: &str = concat!(select_thread!(), "WHERE c.id = $1");
        on_pool!(self, read, |pool| {
            let row: Option<ThreadRow> = sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?;
            row.map(ThreadComment::try_from).transpose()
        })
    }

    /// One comment with what permission checks need.
    pub async fn comment(&self, id: i64) -> Result<Option<CommentRecord>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<RecordRow> = sqlx::query_as(
                "SELECT c.id, c.path, c.article_id, a.slug AS article_slug, c.author_id, c.status, c.created_at, c.body_source \
                 FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            row.map(CommentRecord::try_from).transpose()
        })
    }

    /// Published comments under an article.
    pub async fn comment_count(&self, article_id: i64) -> Result<i64, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar("SELECT comment_count FROM articles WHERE id = $1")
                .bind(article_id)
                .fetch_optional(pool)
                .await?
                .unwrap_or(0))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_name_themselves_and_check_positions() {
        for order in [ThreadOrder::Oldest, ThreadOrder::Newest, ThreadOrder::MostVoted] {
            assert_eq!(ThreadOrder::from_key(order.key()), Some(order));
        }
        assert_eq!(ThreadOrder::from_key("loudest"), None);
        assert!(ThreadOrder::Oldest.valid_position("000000000042") && !ThreadOrder::Oldest.valid_position("4.2"));
        assert!(ThreadOrder::MostVoted.valid_position("-3.000000000042"));
        assert!(!ThreadOrder::MostVoted.valid_position("3") && !ThreadOrder::MostVoted.valid_position("x.1"));
    }

    #[test]
    fn segments_sort_like_ids() {
        assert_eq!(segment(42), "000000000042");
        assert!(segment(9) < segment(10) && segment(99_999) < segment(100_000));
    }
}
