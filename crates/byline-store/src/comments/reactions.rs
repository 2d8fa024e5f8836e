//! What readers do to others' comments, and to threads: votes, flags,
//! and muting a thread's e-mails.

use super::states::statuses;
use super::*;

impl Store {
    /// Gives the user's vote to a comment (`on`) or takes it back; doing
    /// either twice changes nothing. Returns the new score.
    pub async fn set_vote(&self, comment_id: i64, user_id: i64, on: bool, now: Timestamp) -> Result<i64, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let changed = if on {
                sqlx::query(
                    "INSERT INTO comment_votes (comment_id, user_id, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (comment_id, user_id) DO NOTHING",
                )
                .bind(comment_id)
                .bind(user_id)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?
            } else {
                sqlx::query("DELETE FROM comment_votes WHERE comment_id = $1 AND user_id = $2")
                    .bind(comment_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
            };
            let score: i64 = if changed.rows_affected() == 0 {
                sqlx::query_scalar("SELECT score FROM comments WHERE id = $1")
                    .bind(comment_id)
                    .fetch_one(&mut *tx)
                    .await?
            } else {
                let score = sqlx::query_scalar(
                    "UPDATE comments SET score = (SELECT COUNT(*) FROM comment_votes WHERE comment_id = $1) \
                     WHERE id = $1 RETURNING score",
                )
                .bind(comment_id)
                .fetch_one(&mut *tx)
                .await?;
                bump_article_of(&mut tx, comment_id).await?;
                score
            };
            tx.commit().await?;
            Ok(score)
        })
    }

    /// What one reader has of their own among an article's comments: the
    /// ones they voted for, and the ones they wrote that nobody else sees
    /// (held or refused). One query, for the signed-in article page.
    pub async fn marks_of(&self, article_id: i64, user_id: i64) -> Result<ReaderMarks, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<(i64, bool)> = sqlx::query_as(concat!(
                "SELECT v.comment_id, FALSE FROM comment_votes v JOIN comments c ON c.id = v.comment_id \
                 WHERE c.article_id = $1 AND v.user_id = $2 \
                 UNION ALL \
                 SELECT id, TRUE FROM comments \
                 WHERE author_id = $2 AND status IN ",
                statuses!(Pending, Rejected, Spam),
                " AND article_id = $1"
            ))
            .bind(article_id)
            .bind(user_id)
            .fetch_all(pool)
            .await?;
            let (unpublished, votes): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, own)| *own);
            Ok(ReaderMarks {
                votes: votes.into_iter().map(|(id, _)| id).collect(),
                unpublished: unpublished.into_iter().map(|(id, _)| id).collect(),
            })
        })
    }

    /// Records a reader's flag; a second flag from the same reader updates
    /// the reason. Returns how many readers have flagged the comment.
    pub async fn flag_comment(
        &self,
        comment_id: i64,
        user_id: i64,
        reason: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO comment_flags (comment_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (comment_id, user_id) DO UPDATE SET reason = excluded.reason",
            )
            .bind(comment_id)
            .bind(user_id)
            .bind(reason)
            .bind(now.millis())
            .execute(&mut *tx)
            .await?;
            let flags: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comment_flags WHERE comment_id = $1")
                .bind(comment_id)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(flags)
        })
    }

    /// Keeps a one-click unsubscribe link for `user_id` from the thread.
    pub async fn create_unsubscribe_link(
        &self,
        token_hash: &str,
        user_id: i64,
        root_id: i64,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO unsubscribe_links (token_hash, user_id, root_id, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(root_id)
            .bind(now.millis())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Mutes the thread the link names; `false` for an unknown link. Links
    /// keep working, so a second click changes nothing.
    pub async fn mute_by_link(&self, token_hash: &str, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let link: Option<(i64, i64)> =
                sqlx::query_as("SELECT user_id, root_id FROM unsubscribe_links WHERE token_hash = $1")
                    .bind(token_hash)
                    .fetch_optional(pool)
                    .await?;
            let Some((user_id, root_id)) = link else { return Ok(false) };
            sqlx::query(
                "INSERT INTO thread_mutes (user_id, root_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, root_id) DO NOTHING",
            )
            .bind(user_id)
            .bind(root_id)
            .bind(now.millis())
            .execute(pool)
            .await?;
            Ok(true)
        })
    }

    pub async fn thread_muted(&self, user_id: i64, root_id: i64) -> Result<bool, StoreError> {
        on_pool!(self, read, |pool| {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT user_id FROM thread_mutes WHERE user_id = $1 AND root_id = $2")
                    .bind(user_id)
                    .bind(root_id)
                    .fetch_optional(pool)
                    .await?;
            Ok(found.is_some())
        })
    }
}
