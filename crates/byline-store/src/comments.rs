//! Comments and their threads.

use byline_core::comments::{CommentBody, CommentStatus, MAX_DEPTH};
use byline_core::{LanguageTag, SanitizedHtml, Timestamp};
use sqlx::FromRow;

use crate::backend::on_pool;
use crate::{Store, StoreError};

/// Width of one id in a thread path: paths sort as their ids do.
const SEGMENT: usize = 12;

fn segment(id: i64) -> String {
    format!("{id:0width$}", width = SEGMENT)
}

/// A comment to add.
#[derive(Debug)]
pub struct NewComment<'a> {
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub author_id: i64,
    pub body: &'a CommentBody,
    pub body_html: &'a SanitizedHtml,
    pub language: &'a LanguageTag,
    pub status: CommentStatus,
}

/// What became of a [`NewComment`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentAdded {
    Added {
        id: i64,
        status: CommentStatus,
    },
    /// No such parent comment.
    ParentMissing,
    /// The parent belongs to another article.
    ParentElsewhere,
    /// The parent was deleted, removed or is not published.
    ParentUnavailable,
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
    pub author_name: Option<String>,
    pub reply_count: i64,
}

/// A page of threads: whole threads, oldest first, and where the next
/// page starts.
#[derive(Debug, Clone)]
pub struct ThreadPage {
    pub comments: Vec<ThreadComment>,
    /// Path of the last root thread shown, if more follow.
    pub next_after: Option<String>,
}

#[derive(FromRow)]
struct ThreadRow {
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
    reply_count: i64,
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
            author_name: row.author_name,
            reply_count: row.reply_count,
        })
    }
}

#[derive(FromRow)]
struct ParentRow {
    article_id: i64,
    path: String,
    depth: i64,
    status: String,
}

/// Comments a reader may see, plus the viewer's own pending ones (`$2`).
macro_rules! shown {
    () => {
        "(c.status IN ('published', 'deleted', 'removed') OR (c.status = 'pending' AND c.author_id = $2)) "
    };
}

macro_rules! select_thread {
    () => {
        "SELECT c.id, c.parent_id, c.depth, c.path, c.status, c.body_html, c.language, c.created_at, c.edited_at, \
         c.author_id, u.handle AS author_handle, u.display_name AS author_name, c.reply_count \
         FROM comments c LEFT JOIN users u ON u.id = c.author_id "
    };
}

impl Store {
    /// Adds a comment (a reply if `parent_id` is set) in one transaction
    /// with the counts it changes.
    pub async fn add_comment(&self, new: &NewComment<'_>, now: Timestamp) -> Result<CommentAdded, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let (parent_path, depth) = match new.parent_id {
                None => (String::new(), 0),
                Some(parent_id) => {
                    let parent: Option<ParentRow> =
                        sqlx::query_as("SELECT article_id, path, depth, status FROM comments WHERE id = $1")
                            .bind(parent_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    let Some(parent) = parent else { return Ok(CommentAdded::ParentMissing) };
                    if parent.article_id != new.article_id {
                        return Ok(CommentAdded::ParentElsewhere);
                    }
                    if !CommentStatus::parse(&parent.status).is_some_and(CommentStatus::takes_replies) {
                        return Ok(CommentAdded::ParentUnavailable);
                    }
                    (parent.path, (parent.depth + 1).min(MAX_DEPTH))
                }
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO comments (article_id, parent_id, path, depth, author_id, body_source, body_html, \
                   language, status, created_at) \
                 VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(new.article_id)
            .bind(new.parent_id)
            .bind(depth)
            .bind(new.author_id)
            .bind(new.body.as_str())
            .bind(new.body_html.as_str())
            .bind(new.language.as_str())
            .bind(new.status.as_str())
            .bind(now.millis())
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("UPDATE comments SET path = $1 WHERE id = $2")
                .bind(format!("{parent_path}{}", segment(id)))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if new.status == CommentStatus::Published {
                sqlx::query(
                    "UPDATE articles SET comment_count = comment_count + 1, version = version + 1 WHERE id = $1",
                )
                .bind(new.article_id)
                .execute(&mut *tx)
                .await?;
                if let Some(parent_id) = new.parent_id {
                    sqlx::query("UPDATE comments SET reply_count = reply_count + 1 WHERE id = $1")
                        .bind(parent_id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            Ok(CommentAdded::Added { id, status: new.status })
        })
    }

    /// Up to `threads` whole threads after the root at `after` (a path),
    /// oldest first, with at most `max_comments` comments in all; the
    /// viewer's own pending comments are included.
    pub async fn thread_page(
        &self,
        article_id: i64,
        viewer: Option<i64>,
        after: Option<&str>,
        threads: u32,
        max_comments: u32,
    ) -> Result<ThreadPage, StoreError> {
        const ROOTS: &str = concat!(
            "SELECT c.path FROM comments c WHERE c.article_id = $1 AND c.depth = 0 AND ",
            shown!(),
            "AND c.path > $3 ORDER BY c.path LIMIT $4"
        );
        const RANGE: &str = concat!(
            select_thread!(),
            "WHERE c.article_id = $1 AND ",
            shown!(),
            "AND c.path >= $3 AND c.path < $4 ORDER BY c.path LIMIT $5"
        );
        let viewer = viewer.unwrap_or(0);
        let after = after.unwrap_or("");
        on_pool!(self, read, |pool| {
            let mut roots: Vec<String> = sqlx::query_scalar(ROOTS)
                .bind(article_id)
                .bind(viewer)
                .bind(after)
                .bind(i64::from(threads) + 1)
                .fetch_all(pool)
                .await?;
            let more = roots.len() > threads as usize;
            roots.truncate(threads as usize);
            let (Some(first), Some(last)) = (roots.first(), roots.last()) else {
                return Ok(ThreadPage { comments: Vec::new(), next_after: None });
            };
            // Every path under `last` sorts below `last` + "~" in byte order.
            let end = format!("{last}~");
            let rows: Vec<ThreadRow> = sqlx::query_as(RANGE)
                .bind(article_id)
                .bind(viewer)
                .bind(first)
                .bind(&end)
                .bind(i64::from(max_comments))
                .fetch_all(pool)
                .await?;
            let comments = rows.into_iter().map(ThreadComment::try_from).collect::<Result<Vec<_>, _>>()?;
            Ok(ThreadPage { comments, next_after: more.then(|| last.clone()) })
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

    /// When the author last commented, for flood control across restarts.
    pub async fn last_comment_at(&self, author_id: i64) -> Result<Option<Timestamp>, StoreError> {
        on_pool!(self, read, |pool| {
            let at: Option<i64> = sqlx::query_scalar("SELECT MAX(created_at) FROM comments WHERE author_id = $1")
                .bind(author_id)
                .fetch_one(pool)
                .await?;
            Ok(at.map(Timestamp::from_millis))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_sort_like_ids() {
        assert_eq!(segment(42), "000000000042");
        assert!(segment(9) < segment(10) && segment(99_999) < segment(100_000));
    }
}
