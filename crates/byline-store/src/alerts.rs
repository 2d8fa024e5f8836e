//! What other people and tools are told about a comment (webhooks,
//! moderators' alerts), and the moderators' alerts themselves: each
//! moderator's choice, and the alerts waiting to be mailed, one by one or
//! gathered in a digest. A mailing takes its alerts and queues its mail
//! in one transaction, so an alert is mailed once, whichever node sends.

use byline_core::Timestamp;
use byline_core::comments::CommentStatus;
use sqlx::FromRow;

use crate::backend::on_pool;
use crate::{Store, StoreError};

/// A comment as notices describe it: its public words and whose they
/// are, never a guest's e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentNotice {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub article_id: i64,
    pub article_slug: String,
    pub article_headline: String,
    /// The member's handle; `None` for a guest or a deleted account.
    pub author_handle: Option<String>,
    /// The member's display name, or the guest's name.
    pub author_name: Option<String>,
    pub status: CommentStatus,
    pub language: String,
    pub body_source: String,
    pub body_html: String,
    pub created_at: Timestamp,
}

#[derive(FromRow)]
struct NoticeRow {
    id: i64,
    parent_id: Option<i64>,
    article_id: i64,
    article_slug: String,
    article_headline: String,
    author_handle: Option<String>,
    author_name: Option<String>,
    status: String,
    language: String,
    body_source: String,
    body_html: String,
    created_at: i64,
}

impl TryFrom<NoticeRow> for CommentNotice {
    type Error = StoreError;
    fn try_from(r: NoticeRow) -> Result<Self, StoreError> {
        Ok(Self {
            status: CommentStatus::parse(&r.status)
                .ok_or(StoreError::Corrupt { what: "comment status", value: r.status })?,
            id: r.id,
            parent_id: r.parent_id,
            article_id: r.article_id,
            article_slug: r.article_slug,
            article_headline: r.article_headline,
            author_handle: r.author_handle,
            author_name: r.author_name,
            language: r.language,
            body_source: r.body_source,
            body_html: r.body_html,
            created_at: Timestamp::from_millis(r.created_at),
        })
    }
}

const NOTICE_SELECT: &str = "SELECT c.id, c.parent_id, c.article_id, a.slug AS article_slug, \
     a.headline AS article_headline, u.handle AS author_handle, COALESCE(u.display_name, c.guest_name) AS author_name, \
     c.status, c.language, c.body_source, c.body_html, c.created_at \
     FROM comments c JOIN articles a ON a.id = c.article_id LEFT JOIN users u ON u.id = c.author_id";

/// How a moderator wants to hear of held and flagged comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertMode {
    /// A mail for each.
    Each,
    /// One mail an hour at most, with all of them.
    Digest,
}

impl AlertMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Each => "each",
            Self::Digest => "digest",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "each" => Some(Self::Each),
            "digest" => Some(Self::Digest),
            _ => None,
        }
    }
}

/// An alert taken to be mailed, with the comment it is about (`None` if
/// that comment is gone since).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenAlert {
    pub kind: String,
    pub at: Timestamp,
    pub comment: Option<CommentNotice>,
}

/// A moderator with alerts to mail now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertsDue {
    pub user_id: i64,
    pub email: String,
    pub mode: AlertMode,
}

/// A message to queue in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

impl Store {
    /// What notices say about comment `id`, if it exists.
    pub async fn comment_notice(&self, id: i64) -> Result<Option<CommentNotice>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<NoticeRow> =
                sqlx::query_as(&format!("{NOTICE_SELECT} WHERE c.id = $1")).bind(id).fetch_optional(pool).await?;
            row.map(CommentNotice::try_from).transpose()
        })
    }

    /// How `user_id` wants alerts; `None`: not at all.
    pub async fn alert_mode(&self, user_id: i64) -> Result<Option<AlertMode>, StoreError> {
        on_pool!(self, read, |pool| {
            let mode: Option<String> =
                sqlx::query_scalar("SELECT mode FROM moderator_alert_choices WHERE user_id = $1")
                    .bind(user_id)
                    .fetch_optional(pool)
                    .await?;
            Ok(mode.as_deref().and_then(AlertMode::parse))
        })
    }

    /// Sets how `user_id` wants alerts; `None` stops them, and drops the
    /// ones waiting.
    pub async fn set_alert_mode(&self, user_id: i64, mode: Option<AlertMode>) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            match mode {
                Some(mode) => {
                    sqlx::query(
                        "INSERT INTO moderator_alert_choices (user_id, mode) VALUES ($1, $2) \
                         ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode",
                    )
                    .bind(user_id)
                    .bind(mode.as_str())
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM moderator_alert_choices WHERE user_id = $1")
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM moderator_alerts WHERE user_id = $1 AND sent_at IS NULL")
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Queues an alert of `kind` about comment `comment_id` for everyone
    /// who chose alerts and holds one of `roles` (named as stored);
    /// answers how many were queued.
    pub async fn queue_moderator_alerts(
        &self,
        comment_id: i64,
        kind: &str,
        roles: &[&str],
        now: Timestamp,
    ) -> Result<u64, StoreError> {
        // Role names (a closed list, checked by the schema) hold no LIKE
        // wildcards.
        let roles = format!(",{},", roles.join(","));
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "INSERT INTO moderator_alerts (user_id, comment_id, kind, created_at) \
                 SELECT ch.user_id, $1, $2, $3 FROM moderator_alert_choices ch JOIN users u ON u.id = ch.user_id \
                 WHERE u.email_verified_at IS NOT NULL AND $4 LIKE '%,' || u.role || ',%'",
            )
            .bind(comment_id)
            .bind(kind)
            .bind(now.millis())
            .bind(&roles)
            .execute(pool)
            .await?;
            Ok(done.rows_affected())
        })
    }

    /// Moderators with alerts to mail now: any waiting, for those who
    /// want each; for a digest, when the oldest waiting is from
    /// `digest_before` or earlier.
    pub async fn alerts_due(&self, digest_before: Timestamp) -> Result<Vec<AlertsDue>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT u.id, u.email, ch.mode FROM moderator_alert_choices ch JOIN users u ON u.id = ch.user_id \
                 WHERE EXISTS (SELECT 1 FROM moderator_alerts m WHERE m.user_id = ch.user_id AND m.sent_at IS NULL \
                 AND (ch.mode = 'each' OR m.created_at <= $1)) ORDER BY u.id",
            )
            .bind(digest_before.millis())
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .filter_map(|(user_id, email, mode)| {
                    AlertMode::parse(&mode).map(|mode| AlertsDue { user_id, email, mode })
                })
                .collect())
        })
    }

    /// Takes every alert waiting for `user_id`, oldest first, and queues
    /// the mail `compose` makes of them, in one transaction: taken alerts
    /// are mailed exactly once. Answers how many alerts were taken.
    pub async fn mail_alerts(
        &self,
        user_id: i64,
        now: Timestamp,
        compose: impl FnOnce(&[TakenAlert]) -> Vec<OutgoingMail> + Send,
    ) -> Result<usize, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let mut taken: Vec<(i64, i64, String, i64)> = sqlx::query_as(
                "UPDATE moderator_alerts SET sent_at = $1 WHERE user_id = $2 AND sent_at IS NULL \
                 RETURNING id, comment_id, kind, created_at",
            )
            .bind(now.millis())
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
            taken.sort_by_key(|t| t.0);
            let mut alerts = Vec::with_capacity(taken.len());
            for (_, comment_id, kind, at) in taken {
                let row: Option<NoticeRow> = sqlx::query_as(&format!("{NOTICE_SELECT} WHERE c.id = $1"))
                    .bind(comment_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let comment = row.map(CommentNotice::try_from).transpose()?;
                alerts.push(TakenAlert { kind, at: Timestamp::from_millis(at), comment });
            }
            if alerts.is_empty() {
                tx.rollback().await?;
                return Ok(0);
            }
            for mail in compose(&alerts) {
                sqlx::query(
                    "INSERT INTO outbox (recipient, subject, body, created_at, next_attempt_at) \
                     VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(&mail.recipient)
                .bind(&mail.subject)
                .bind(&mail.body)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(alerts.len())
        })
    }
}
