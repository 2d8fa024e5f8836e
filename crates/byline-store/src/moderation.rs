//! The moderators' side of comments: the queue, the decisions, and the log
//! every decision is written to in the same transaction.

use std::collections::HashMap;

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_core::comments::CommentStatus;
use byline_core::moderation::{Reason, Verdict};
use sqlx::FromRow;

use crate::audit::{Actor, Target, log_action};
use crate::backend::on_pool;
use crate::comments::states::{status, statuses};
use crate::comments::{ThreadComment, ThreadRow, bump_article_of, count_published, excerpt};
use crate::{Store, StoreError};

/// Every action the moderation log records, as its `action` column names
/// it: decisions on comments, featuring, changes of standing and of role.
pub const LOG_ACTIONS: [&str; 11] = [
    "approve",
    "approve-feature",
    "reject",
    "spam",
    "feature",
    "unfeature",
    "suspend",
    "ban",
    "restore",
    "reset-trust",
    "role",
];

/// What the queue shows of each comment, from `comments c`.
const QUEUE_SELECT: &str = concat!(
    "SELECT c.id, c.parent_id, c.depth, c.path, c.status, c.body_html, c.language, \
         c.created_at, c.edited_at, c.author_id, u.handle AS author_handle, u.display_name AS author_name, \
         c.guest_name, c.reply_count, c.score, c.featured, c.reasons, c.appeal IS NOT NULL AS appealed, \
         a.slug AS article_slug, a.headline AS article_headline, u.status AS author_status, u.role AS author_role, \
         (SELECT SUBSTR(p.body_source, 1, 400) FROM comments p WHERE p.id = c.parent_id) AS parent_source, \
         c.appeal, \
         u.created_at AS author_joined, \
         (SELECT COUNT(*) FROM comments o WHERE o.author_id = c.author_id AND o.status = ",
    status!(Published),
    ") \
           AS author_published, \
         (SELECT COUNT(*) FROM comments o WHERE o.author_id = c.author_id \
           AND o.status IN ",
    statuses!(Rejected, Spam, Removed),
    ") AS author_refused, \
         (SELECT COUNT(*) FROM comment_flags f WHERE f.comment_id = c.id) AS flags \
         FROM comments c JOIN articles a ON a.id = c.article_id LEFT JOIN users u ON u.id = c.author_id "
);

/// The queue's filter by article: its slug bound as `$2`, or '' for any.
const ARTICLE_IS: &str = "($2 = '' OR a.slug = $2)";

/// How long the excerpt of the comment an item answers is, in characters.
const PARENT_EXCERPT: usize = 200;

/// How many of an author's other comments a queue item lists.
const RECENT_PER_AUTHOR: u32 = 3;

/// The queue's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueTab {
    /// Waiting for a decision.
    #[default]
    Pending,
    /// Published, with readers' flags.
    Flagged,
    Spam,
    Rejected,
    /// Every comment not withdrawn by its author, newest first.
    All,
}

impl QueueTab {
    pub const ALL: [Self; 5] = [Self::Pending, Self::Flagged, Self::Spam, Self::Rejected, Self::All];

    pub fn key(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Flagged => "flagged",
            Self::Spam => "spam",
            Self::Rejected => "rejected",
            Self::All => "all",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// A comment in the queue, with what a moderator needs to decide.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub comment: ThreadComment,
    /// The author's standing: `active`, `suspended` or `banned`.
    pub author_status: Option<String>,
    /// The author's role; `None` for guests and deleted accounts. Only
    /// commenters can be suspended or banned.
    pub author_role: Option<Role>,
    pub article_slug: String,
    pub article_headline: String,
    /// The start of the comment it answers, as plain text.
    pub parent_excerpt: Option<String>,
    /// The author's note, when the comment is back on appeal.
    pub appeal: Option<String>,
    pub author_joined: Option<Timestamp>,
    pub author_published: i64,
    pub author_refused: i64,
    pub flags: i64,
    /// Each reader's flag on it, oldest first.
    pub flag_reasons: Vec<FlagReason>,
    /// The author's latest other comments, newest first.
    pub author_recent: Vec<RecentComment>,
}

/// One reader's flag on a comment: who, when, and the reason they chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagReason {
    pub comment_id: i64,
    pub reader_id: i64,
    pub reader_handle: String,
    pub reader_name: String,
    /// The key of the reason, as the flag form offers it.
    pub reason: String,
    pub created_at: Timestamp,
}

#[derive(FromRow)]
struct FlagRow {
    comment_id: i64,
    reader_id: i64,
    reader_handle: String,
    reader_name: String,
    reason: String,
    created_at: i64,
}

/// What the log shows of a comment it names: the start of its words and
/// the story it is under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedComment {
    pub id: i64,
    pub excerpt: String,
    pub article_slug: String,
    pub article_headline: String,
}

#[derive(FromRow)]
struct LoggedCommentRow {
    id: i64,
    body_source: String,
    article_slug: String,
    article_headline: String,
}

/// One of an author's comments, as their history lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentComment {
    pub id: i64,
    pub author_id: i64,
    pub status: CommentStatus,
    pub created_at: Timestamp,
    pub article_slug: String,
    pub article_headline: String,
    /// The start of the text, plain.
    pub excerpt: String,
}

#[derive(FromRow)]
struct RecentRow {
    id: i64,
    author_id: i64,
    status: String,
    created_at: i64,
    article_slug: String,
    article_headline: String,
    body_source: String,
}

impl TryFrom<RecentRow> for RecentComment {
    type Error = StoreError;

    fn try_from(row: RecentRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: row.id,
            author_id: row.author_id,
            status: CommentStatus::parse(&row.status)
                .ok_or(StoreError::Corrupt { what: "comment status", value: row.status })?,
            created_at: Timestamp::from_millis(row.created_at),
            article_slug: row.article_slug,
            article_headline: row.article_headline,
            excerpt: excerpt(&row.body_source, 120),
        })
    }
}

#[derive(FromRow)]
struct QueueRow {
    #[sqlx(flatten)]
    thread: ThreadRow,
    article_slug: String,
    article_headline: String,
    author_status: Option<String>,
    author_role: Option<String>,
    parent_source: Option<String>,
    appeal: Option<String>,
    author_joined: Option<i64>,
    author_published: i64,
    author_refused: i64,
    flags: i64,
}

/// A moderator's decision on a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    /// Approve and feature, so editors' picks can come from the queue.
    Feature,
    Reject,
    Spam,
}

impl Decision {
    pub fn key(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Feature => "feature",
            Self::Reject => "reject",
            Self::Spam => "spam",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Approve, Self::Feature, Self::Reject, Self::Spam].into_iter().find(|d| d.key() == key)
    }

    /// How the log names it: approving and featuring from the queue is
    /// `approve-feature`, apart from featuring a published comment.
    pub fn log_action(self) -> &'static str {
        match self {
            Self::Feature => "approve-feature",
            other => other.key(),
        }
    }

    fn publishes(self) -> bool {
        matches!(self, Self::Approve | Self::Feature)
    }

    fn status(self) -> CommentStatus {
        match self {
            Self::Approve | Self::Feature => CommentStatus::Published,
            Self::Reject => CommentStatus::Rejected,
            Self::Spam => CommentStatus::Spam,
        }
    }
}

/// What a moderator's decision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Moderated {
    /// Nothing: the comment is gone, or was decided on meanwhile.
    Stale,
    /// Decided and logged.
    Done {
        /// The comment became published by it (readers see it now).
        published: bool,
        /// ...for the first time: nothing announced its publication yet.
        first_time: bool,
    },
}

impl Moderated {
    pub fn done(self) -> bool {
        matches!(self, Self::Done { .. })
    }
}

/// One line of the moderation log.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LogEntry {
    pub id: i64,
    pub actor_handle: String,
    pub at: i64,
    pub target_kind: String,
    pub target_id: i64,
    pub action: String,
    pub reason: String,
}

/// Which lines of the log to read; empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub action: String,
    /// The moderator's handle.
    pub actor: String,
    /// `comment` or `user`.
    pub target_kind: String,
    pub target_id: Option<i64>,
    /// Lines written at or after this time.
    pub from: Option<Timestamp>,
    /// Lines written before this time.
    pub until: Option<Timestamp>,
}

impl Store {
    /// Up to `limit` comments of a tab, oldest first (the all tab newest
    /// first); with `article` (a slug), only those on that article.
    pub async fn queue(&self, tab: QueueTab, article: Option<&str>, limit: u32) -> Result<Vec<QueueItem>, StoreError> {
        let filter = match tab {
            QueueTab::Pending => concat!("WHERE c.status = ", status!(Pending), " "),
            QueueTab::Flagged => {
                concat!(
                    "WHERE c.status = ",
                    status!(Published),
                    " AND EXISTS (SELECT 1 FROM comment_flags f WHERE f.comment_id = c.id) "
                )
            }
            QueueTab::Spam => concat!("WHERE c.status = ", status!(Spam), " "),
            QueueTab::Rejected => concat!("WHERE c.status = ", status!(Rejected), " "),
            QueueTab::All => concat!("WHERE c.status <> ", status!(Deleted), " "),
        };
        let order = match tab {
            QueueTab::All => "ORDER BY c.created_at DESC, c.id DESC",
            _ => "ORDER BY c.created_at, c.id",
        };
        // Every part is fixed text; the limit and the article are bound.
        let sql = format!("{QUEUE_SELECT}{filter}AND {ARTICLE_IS} {order} LIMIT $1");
        self.queue_items(&sql, i64::from(limit), article.unwrap_or_default()).await
    }

    /// One comment as the queue shows it, whatever its state.
    pub async fn queue_item(&self, id: i64) -> Result<Option<QueueItem>, StoreError> {
        let sql = format!("{QUEUE_SELECT}WHERE c.id = $1 AND {ARTICLE_IS}");
        Ok(self.queue_items(&sql, id, "").await?.pop())
    }

    /// The queue's items `sql` selects, each with its author's latest other
    /// comments: `sql` binds a number and an article's slug ('' for any).
    async fn queue_items(&self, sql: &str, bound: i64, article: &str) -> Result<Vec<QueueItem>, StoreError> {
        let rows: Vec<QueueRow> =
            on_pool!(self, read, |pool| sqlx::query_as(sql).bind(bound).bind(article).fetch_all(pool).await?);
        let mut items = rows
            .into_iter()
            .map(|row| {
                let author_role = match row.author_role {
                    None => None,
                    Some(role) => Some(role.parse().map_err(|_| StoreError::Corrupt { what: "role", value: role })?),
                };
                Ok(QueueItem {
                    comment: ThreadComment::try_from(row.thread)?,
                    author_status: row.author_status,
                    author_role,
                    article_slug: row.article_slug,
                    article_headline: row.article_headline,
                    parent_excerpt: row.parent_source.map(|source| excerpt(&source, PARENT_EXCERPT)),
                    appeal: row.appeal,
                    author_joined: row.author_joined.map(Timestamp::from_millis),
                    author_published: row.author_published,
                    author_refused: row.author_refused,
                    flags: row.flags,
                    flag_reasons: Vec::new(),
                    author_recent: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let flagged: Vec<i64> = items.iter().filter(|i| i.flags > 0).map(|i| i.comment.id).collect();
        let mut flags = self.flag_reasons(&flagged).await?;
        for item in &mut items {
            item.flag_reasons = flags.remove(&item.comment.id).unwrap_or_default();
        }
        let mut authors: Vec<i64> = items.iter().filter_map(|i| i.comment.author_id).collect();
        authors.sort_unstable();
        authors.dedup();
        let recent = self.recent_comments(&authors, RECENT_PER_AUTHOR + 1).await?;
        for item in &mut items {
            let Some(list) = item.comment.author_id.and_then(|author| recent.get(&author)) else { continue };
            let others = list.iter().filter(|c| c.id != item.comment.id);
            item.author_recent = others.take(RECENT_PER_AUTHOR as usize).cloned().collect();
        }
        Ok(items)
    }

    /// Every reader's flag on the comments named, in one query, by comment,
    /// oldest first.
    pub async fn flag_reasons(&self, comments: &[i64]) -> Result<HashMap<i64, Vec<FlagReason>>, StoreError> {
        if comments.is_empty() {
            return Ok(HashMap::new());
        }
        // One bound placeholder per comment; the text holds only numbers.
        let slots: Vec<String> = (1..=comments.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT f.comment_id, f.user_id AS reader_id, u.handle AS reader_handle, \
               u.display_name AS reader_name, f.reason, f.created_at \
             FROM comment_flags f JOIN users u ON u.id = f.user_id \
             WHERE f.comment_id IN ({}) ORDER BY f.comment_id, f.created_at, f.user_id",
            slots.join(", ")
        );
        let rows: Vec<FlagRow> = on_pool!(self, read, |pool| {
            let mut query = sqlx::query_as(&sql);
            for id in comments {
                query = query.bind(*id);
            }
            query.fetch_all(pool).await?
        });
        let mut by_comment: HashMap<i64, Vec<FlagReason>> = HashMap::new();
        for row in rows {
            by_comment.entry(row.comment_id).or_default().push(FlagReason {
                comment_id: row.comment_id,
                reader_id: row.reader_id,
                reader_handle: row.reader_handle,
                reader_name: row.reader_name,
                reason: row.reason,
                created_at: Timestamp::from_millis(row.created_at),
            });
        }
        Ok(by_comment)
    }

    /// The comments the log names, as the log shows them: the start of
    /// each one's words and its story, by id. Ids of comments no longer
    /// kept are left out.
    pub async fn logged_comments(&self, ids: &[i64]) -> Result<HashMap<i64, LoggedComment>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        // One bound placeholder per comment; the text holds only numbers.
        let slots: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT c.id, SUBSTR(c.body_source, 1, 400) AS body_source, a.slug AS article_slug, \
               a.headline AS article_headline \
             FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id IN ({})",
            slots.join(", ")
        );
        let rows: Vec<LoggedCommentRow> = on_pool!(self, read, |pool| {
            let mut query = sqlx::query_as(&sql);
            for id in ids {
                query = query.bind(*id);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|row| {
                let comment = LoggedComment {
                    id: row.id,
                    excerpt: excerpt(&row.body_source, 120),
                    article_slug: row.article_slug,
                    article_headline: row.article_headline,
                };
                (row.id, comment)
            })
            .collect())
    }

    /// The latest `each` comments (withdrawn ones aside) of every author
    /// named, in one query, by author, newest first.
    pub async fn recent_comments(
        &self,
        authors: &[i64],
        each: u32,
    ) -> Result<HashMap<i64, Vec<RecentComment>>, StoreError> {
        if authors.is_empty() {
            return Ok(HashMap::new());
        }
        // One bound placeholder per author; the text holds only numbers.
        let slots: Vec<String> = (2..authors.len() + 2).map(|n| format!("${n}")).collect();
        let sql = format!(
            concat!(
                "SELECT id, author_id, status, created_at, article_slug, article_headline, body_source FROM ( \
               SELECT c.id, c.author_id, c.status, c.created_at, a.slug AS article_slug, \
                 a.headline AS article_headline, c.body_source, \
                 ROW_NUMBER() OVER (PARTITION BY c.author_id ORDER BY c.created_at DESC, c.id DESC) AS n \
               FROM comments c JOIN articles a ON a.id = c.article_id \
               WHERE c.author_id IN ({}) AND c.status <> ",
                status!(Deleted),
                ") recent \
             WHERE n <= $1 ORDER BY author_id, created_at DESC, id DESC"
            ),
            slots.join(", ")
        );
        let rows: Vec<RecentRow> = on_pool!(self, read, |pool| {
            let mut query = sqlx::query_as(&sql).bind(i64::from(each));
            for author in authors {
                query = query.bind(*author);
            }
            query.fetch_all(pool).await?
        });
        let mut by_author: HashMap<i64, Vec<RecentComment>> = HashMap::new();
        for row in rows {
            let comment = RecentComment::try_from(row)?;
            by_author.entry(comment.author_id).or_default().push(comment);
        }
        Ok(by_author)
    }

    /// A page of an author's comments (withdrawn ones aside), newest first:
    /// up to `limit`, from the newest or older than the comment `before`.
    pub async fn comments_of(
        &self,
        author: i64,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<RecentComment>, StoreError> {
        let rows: Vec<RecentRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(concat!(
                "SELECT c.id, c.author_id, c.status, c.created_at, a.slug AS article_slug, \
                   a.headline AS article_headline, c.body_source \
                 FROM comments c JOIN articles a ON a.id = c.article_id \
                 WHERE c.author_id = $1 AND c.status <> ",
                status!(Deleted),
                " AND c.id < $2 \
                 ORDER BY c.id DESC LIMIT $3"
            ))
            .bind(author)
            .bind(before.unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(RecentComment::try_from).collect()
    }

    /// How many comments wait in the pending and flagged tabs.
    pub async fn queue_counts(&self) -> Result<(i64, i64), StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_as(concat!(
                "SELECT (SELECT COUNT(*) FROM comments WHERE status = ",
                status!(Pending),
                "), \
                   (SELECT COUNT(*) FROM comments c WHERE c.status = ",
                status!(Published),
                " \
                     AND EXISTS (SELECT 1 FROM comment_flags f WHERE f.comment_id = c.id))"
            ))
            .fetch_one(pool)
            .await?)
        })
    }

    /// Applies a moderator's decision and logs it, in one transaction;
    /// counts follow, and an approval settles earlier flags.
    /// [`Moderated::Stale`] (and nothing written) if the comment is gone or
    /// already in that state.
    pub async fn moderate_comment(
        &self,
        id: i64,
        decision: Decision,
        actor: Actor<'_>,
        reason: &str,
        now: Timestamp,
    ) -> Result<Moderated, StoreError> {
        let to = decision.status();
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let row: Option<(String, String, i64, i64, Option<i64>)> = sqlx::query_as(concat!(
                "SELECT status, reasons, featured, \
                   (SELECT COUNT(*) FROM comment_flags f WHERE f.comment_id = c.id), first_published_at \
                 FROM comments c WHERE id = $1 AND status IN ",
                statuses!(Pending, Published, Rejected, Spam)
            ))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((was, reasons, was_featured, flags, first_published)) = row else {
                return Ok(Moderated::Stale);
            };
            // Approving keeps an editors' pick a pick; refusing ends it.
            let featured = match decision {
                Decision::Feature => 1,
                Decision::Approve => was_featured,
                Decision::Reject | Decision::Spam => 0,
            };
            // Nothing to do: in that state already, with no flags to settle.
            if was == to.as_str() && featured == was_featured && !(decision.publishes() && flags > 0) {
                return Ok(Moderated::Stale);
            }
            let published = was != CommentStatus::Published.as_str() && to == CommentStatus::Published;
            let first_time = published && first_published.is_none();
            // A refusal joins the comment's reasons, so its author is told.
            let mut list: Vec<Reason> = serde_json::from_str(&reasons).unwrap_or_default();
            if !decision.publishes() {
                list.push(Reason { rule: "moderator".into(), verdict: Verdict::Reject, detail: reason.to_owned() });
            }
            let done = sqlx::query(concat!(
                "UPDATE comments SET status = $1, featured = $6, reasons = $2, \
                   decided_at = CASE WHEN $4 = ",
                status!(Pending),
                " THEN $5 ELSE decided_at END, \
                   first_published_at = CASE WHEN $1 = ",
                status!(Published),
                " THEN COALESCE(first_published_at, $5) \
                     ELSE first_published_at END \
                 WHERE id = $3 AND status = $4"
            ))
            .bind(to.as_str())
            .bind(serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned()))
            .bind(id)
            .bind(&was)
            .bind(now.millis())
            .bind(featured)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(Moderated::Stale);
            }
            let change: i64 = match (was == CommentStatus::Published.as_str(), to == CommentStatus::Published) {
                (true, false) => -1,
                (false, true) => 1,
                _ => 0,
            };
            count_published(&mut tx, id, change).await?;
            if decision.publishes() {
                sqlx::query("DELETE FROM comment_flags WHERE comment_id = $1").bind(id).execute(&mut *tx).await?;
            }
            log_action(&mut tx, actor, now, Target::Comment(id), decision.log_action(), reason).await?;
            bump_article_of(&mut tx, id).await?;
            tx.commit().await?;
            Ok(Moderated::Done { published, first_time })
        })
    }

    /// Up to `limit` log lines matching the filter, newest first: from the
    /// newest, or (for the next page) those older than the line `before`.
    pub async fn moderation_log_filtered(
        &self,
        filter: &LogFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<LogEntry>, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_as(
                "SELECT id, actor_handle, at, target_kind, target_id, action, reason FROM moderation_log \
                 WHERE ($1 = '' OR action = $1) AND ($2 = '' OR actor_handle = $2) \
                   AND ($4 = '' OR target_kind = $4) AND target_id BETWEEN $5 AND $6 AND at >= $7 AND at < $8 \
                   AND id < $9 \
                 ORDER BY id DESC LIMIT $3",
            )
            .bind(&filter.action)
            .bind(&filter.actor)
            .bind(i64::from(limit))
            .bind(&filter.target_kind)
            .bind(filter.target_id.unwrap_or(i64::MIN))
            .bind(filter.target_id.unwrap_or(i64::MAX))
            .bind(filter.from.map_or(i64::MIN, Timestamp::millis))
            .bind(filter.until.map_or(i64::MAX, Timestamp::millis))
            .bind(before.unwrap_or(i64::MAX))
            .fetch_all(pool)
            .await?)
        })
    }

    /// The author's one appeal of a refused comment: back to the queue,
    /// with their note. `false`, and nothing written, if the comment is not
    /// theirs, not refused, or already appealed.
    pub async fn appeal_comment(
        &self,
        id: i64,
        author_id: i64,
        note: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(concat!(
                "UPDATE comments SET status = ",
                status!(Pending),
                ", appeal = $1, held_at = $4 \
                 WHERE id = $2 AND author_id = $3 AND status IN ",
                statuses!(Rejected, Spam),
                " AND appeal IS NULL"
            ))
            .bind(note)
            .bind(id)
            .bind(author_id)
            .bind(now.millis())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// What the log holds about one person: changes to their standing and
    /// role and decisions on their comments, newest first; a page of up to
    /// `limit` lines from the newest or older than the line `before`.
    pub async fn moderation_log_about(
        &self,
        user_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<LogEntry>, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_as(
                "SELECT id, actor_handle, at, target_kind, target_id, action, reason FROM moderation_log \
                 WHERE ((target_kind = 'user' AND target_id = $1) \
                   OR (target_kind = 'comment' AND target_id IN (SELECT id FROM comments WHERE author_id = $1))) \
                   AND id < $3 \
                 ORDER BY id DESC LIMIT $2",
            )
            .bind(user_id)
            .bind(i64::from(limit))
            .bind(before.unwrap_or(i64::MAX))
            .fetch_all(pool)
            .await?)
        })
    }

    /// Features a published comment or takes it back from the editors'
    /// picks, and logs it. `false`, and nothing written, if it is not
    /// published or already so.
    pub async fn feature_comment(
        &self,
        id: i64,
        featured: bool,
        actor: Actor<'_>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(concat!(
                "UPDATE comments SET featured = $1 WHERE id = $2 AND status = ",
                status!(Published),
                " AND featured <> $1"
            ))
            .bind(i64::from(featured))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            let action = if featured { "feature" } else { "unfeature" };
            log_action(&mut tx, actor, now, Target::Comment(id), action, "").await?;
            bump_article_of(&mut tx, id).await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// The newest entries of the moderation log.
    pub async fn moderation_log(&self, limit: u32) -> Result<Vec<LogEntry>, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_as(
                "SELECT id, actor_handle, at, target_kind, target_id, action, reason FROM moderation_log \
                 ORDER BY id DESC LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?)
        })
    }
}
