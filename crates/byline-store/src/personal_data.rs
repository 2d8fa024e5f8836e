//! Everything the site keeps about one person that is not their account
//! row or sessions: their comments in every state, votes, flags, appeals,
//! muted threads and the decisions about them. What a reader downloads
//! when they exercise their right of access.

use byline_core::Timestamp;
use sqlx::FromRow;

use crate::backend::on_pool;
use crate::{Store, StoreError};

/// What [`Store::personal_data`] finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonalData {
    /// Every comment they wrote, oldest first, whatever became of it.
    pub comments: Vec<OwnComment>,
    pub votes: Vec<OwnVote>,
    pub flags: Vec<OwnFlag>,
    /// Threads whose reply e-mails they stopped.
    pub muted_threads: Vec<MutedThread>,
    /// Moderators' decisions about them and their comments, oldest first.
    pub decisions: Vec<DecisionAbout>,
    /// `active`, `suspended` or `banned`.
    pub status: String,
    pub suspended_until: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OwnComment {
    pub id: i64,
    pub article_slug: String,
    pub article_headline: String,
    pub parent_id: Option<i64>,
    /// `pending`, `published`, `rejected`, `spam`, `deleted` or `removed`.
    pub status: String,
    /// What they wrote, as they wrote it.
    pub body_source: String,
    pub language: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    /// Why the policy held or refused it (a JSON list), if it did.
    pub reasons: String,
    /// Their appeal against a refusal, if they made one.
    pub appeal: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OwnVote {
    pub comment_id: i64,
    pub article_slug: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OwnFlag {
    pub comment_id: i64,
    pub article_slug: String,
    pub reason: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct MutedThread {
    pub root_id: i64,
    pub article_slug: String,
    pub created_at: i64,
}

/// A line of the moderation log about them or one of their comments; the
/// moderator is not named (that is the moderator's data).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct DecisionAbout {
    pub at: i64,
    pub target_kind: String,
    pub target_id: i64,
    pub action: String,
    pub reason: String,
}

impl Store {
    /// Everything kept about `user_id` beyond the account itself, read in
    /// one transaction so the parts agree.
    pub async fn personal_data(&self, user_id: i64) -> Result<PersonalData, StoreError> {
        on_pool!(self, read, |pool| {
            let mut tx = pool.begin().await?;
            let comments: Vec<OwnComment> = sqlx::query_as(
                "SELECT c.id, a.slug AS article_slug, a.headline AS article_headline, c.parent_id, c.status, \
                   c.body_source, c.language, c.created_at, c.edited_at, c.reasons, c.appeal \
                 FROM comments c JOIN articles a ON a.id = c.article_id \
                 WHERE c.author_id = $1 ORDER BY c.created_at, c.id",
            )
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
            let votes: Vec<OwnVote> = sqlx::query_as(
                "SELECT v.comment_id, a.slug AS article_slug, v.created_at \
                 FROM comment_votes v JOIN comments c ON c.id = v.comment_id JOIN articles a ON a.id = c.article_id \
                 WHERE v.user_id = $1 ORDER BY v.created_at, v.comment_id",
            )
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
            let flags: Vec<OwnFlag> = sqlx::query_as(
                "SELECT f.comment_id, a.slug AS article_slug, f.reason, f.created_at \
                 FROM comment_flags f JOIN comments c ON c.id = f.comment_id JOIN articles a ON a.id = c.article_id \
                 WHERE f.user_id = $1 ORDER BY f.created_at, f.comment_id",
            )
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
            let muted_threads: Vec<MutedThread> = sqlx::query_as(
                "SELECT m.root_id, a.slug AS article_slug, m.created_at \
                 FROM thread_mutes m JOIN comments c ON c.id = m.root_id JOIN articles a ON a.id = c.article_id \
                 WHERE m.user_id = $1 ORDER BY m.created_at, m.root_id",
            )
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
            let decisions: Vec<DecisionAbout> = sqlx::query_as(
                "SELECT l.at, l.target_kind, l.target_id, l.action, l.reason FROM moderation_log l \
                 WHERE (l.target_kind = 'user' AND l.target_id = $1) \
                    OR (l.target_kind = 'comment' AND l.target_id IN (SELECT id FROM comments WHERE author_id = $1)) \
                 ORDER BY l.at, l.id",
            )
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
            let standing: Option<(String, Option<i64>)> =
                sqlx::query_as("SELECT status, suspended_until FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            tx.commit().await?;
            let (status, until) = standing.unwrap_or_else(|| ("active".to_owned(), None));
            Ok(PersonalData {
                comments,
                votes,
                flags,
                muted_threads,
                decisions,
                status,
                suspended_until: until.map(Timestamp::from_millis),
            })
        })
    }
}
