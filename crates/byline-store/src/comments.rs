//! Comments and their threads.

use byline_core::comments::{CommentBody, CommentStatus, MAX_DEPTH};
use byline_core::moderation::{AuthorRecord, Reason};
use byline_core::{LanguageTag, SanitizedHtml, Timestamp};
use sqlx::FromRow;

use crate::backend::on_pool;
use crate::comment_batch::WritesComments;
use crate::new_comments::{CommentAdded, CommentAuthor, NewComment, PendingComment};
use crate::{Backend, Store, StoreError};

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

/// Every change a page shows bumps its article's version.
/// Moves the article's comment count and the parent's reply count by
/// `change` when a comment enters (1) or leaves (-1) the published state.
macro_rules! count_published {
    ($tx:expr, $comment_id:expr, $change:expr) => {
        let change: i64 = $change;
        if change != 0 {
            sqlx::query(
                "UPDATE articles SET comment_count = comment_count + $1 \
                 WHERE id = (SELECT article_id FROM comments WHERE id = $2)",
            )
            .bind(change)
            .bind($comment_id)
            .execute(&mut *$tx)
            .await?;
            sqlx::query(
                "UPDATE comments SET reply_count = reply_count + $1 \
                 WHERE id = (SELECT parent_id FROM comments WHERE id = $2)",
            )
            .bind(change)
            .bind($comment_id)
            .execute(&mut *$tx)
            .await?;
        }
    };
}
pub(crate) use count_published;

macro_rules! bump_article_of {
    ($tx:expr, $comment_id:expr) => {
        sqlx::query(
            "UPDATE articles SET version = version + 1 WHERE id = (SELECT article_id FROM comments WHERE id = $1)",
        )
        .bind($comment_id)
        .execute(&mut *$tx)
        .await?
    };
}
pub(crate) use bump_article_of;

#[derive(FromRow)]
struct ParentRow {
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
        "(c.status IN ('published', 'deleted', 'removed') \
          OR (c.status IN ('pending', 'rejected', 'spam') AND (c.author_id = $2 OR c.reply_count > 0))) "
    };
}

/// The columns of an author's record, selected from `users u`: their
/// status, when a suspension ends, and their approved and refused comments
/// since their trust was last reset.
macro_rules! author_columns {
    () => {
        "SELECT u.status, u.suspended_until, \
           (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.status = 'published' \
             AND c.created_at >= COALESCE(u.trust_since, 0)), \
           (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id \
             AND c.status IN ('rejected', 'spam', 'removed') AND c.created_at >= COALESCE(u.trust_since, 0)) "
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

impl Store {
    /// Adds a comment (a reply if `parent_id` is set) with the counts it
    /// changes, in one transaction shared with the comments posted at the
    /// same moment (see [`crate::comment_batch`]). Answers once it is
    /// committed.
    pub async fn add_comment(&self, new: &NewComment<'_>, now: Timestamp) -> Result<CommentAdded, StoreError> {
        crate::comment_batch::add(&self.comment_batch, self, PendingComment::of(new, now)).await
    }

    /// Writes `comments` in one transaction, in order: a refused one
    /// (missing or closed parent) writes nothing and the rest go on.
    async fn write_comments_now(&self, comments: &[PendingComment]) -> Result<Vec<CommentAdded>, StoreError> {
        // The comment's id is known in the insert that writes its path,
        // which ends with the id: one statement, and no second version of
        // the row for PostgreSQL's indexes to carry. PostgreSQL's id comes
        // from the id's sequence; SQLite's from the `comment_ids` counter,
        // moved once for the whole batch (`$16`), so that no id is ever
        // given twice, even after the newest comment's row is gone.
        let insert = match self.backend() {
            Backend::Sqlite => concat!(
                insert_comment!(),
                "VALUES ($16, $14 || printf('%012d', $16), ",
                insert_values!(),
                ") RETURNING id"
            ),
            Backend::Postgres => concat!(
                insert_comment!(),
                "SELECT n.id, $14 || lpad(n.id::text, 12, '0'), ",
                insert_values!(),
                "FROM (SELECT nextval(pg_get_serial_sequence('comments', 'id')) AS id) n RETURNING id"
            ),
        };
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let mut next_id: Option<i64> = match self.backend() {
                Backend::Sqlite => Some(
                    sqlx::query_scalar("UPDATE comment_ids SET next_id = next_id + $1 RETURNING next_id - $1")
                        .bind(i64::try_from(comments.len()).unwrap_or(i64::MAX))
                        .fetch_one(&mut *tx)
                        .await?,
                ),
                Backend::Postgres => None,
            };
            let mut results = Vec::with_capacity(comments.len());
            // Published comments by article, for the counts.
            let mut published: Vec<(i64, i64)> = Vec::new();
            for pending in comments {
                let (new, now) = (pending.as_new(), pending.now);
                let (parent_path, depth) = match new.parent_id {
                    None => (String::new(), 0),
                    Some(parent_id) => {
                        let parent: Option<ParentRow> =
                            sqlx::query_as("SELECT article_id, path, depth, status FROM comments WHERE id = $1")
                                .bind(parent_id)
                                .fetch_optional(&mut *tx)
                                .await?;
                        let Some(parent) = parent else {
                            results.push(CommentAdded::ParentMissing);
                            continue;
                        };
                        if parent.article_id != new.article_id {
                            results.push(CommentAdded::ParentElsewhere);
                            continue;
                        }
                        if !CommentStatus::parse(&parent.status).is_some_and(CommentStatus::takes_replies) {
                            results.push(CommentAdded::ParentUnavailable);
                            continue;
                        }
                        (parent.path, (parent.depth + 1).min(MAX_DEPTH))
                    }
                };
                let own_id = next_id;
                next_id = next_id.map(|id| id + 1);
                let query = sqlx::query_scalar(insert)
                    .bind(new.article_id)
                    .bind(new.parent_id)
                    .bind(depth)
                    .bind(match new.author {
                        CommentAuthor::Member(id) => Some(id),
                        CommentAuthor::Guest(_) => None,
                    })
                    .bind(match new.author {
                        CommentAuthor::Member(_) => None,
                        CommentAuthor::Guest(name) => Some(name),
                    })
                    .bind(new.body.as_str())
                    .bind(new.body_html.as_str())
                    .bind(new.language.as_str())
                    .bind(new.status.as_str())
                    .bind(now.millis())
                    .bind(reasons_json(new.reasons))
                    .bind((new.status == CommentStatus::Pending).then_some(now.millis()))
                    .bind(body_hash(new.body))
                    .bind(&parent_path)
                    .bind((new.status == CommentStatus::Published).then_some(now.millis()));
                let id: i64 = match own_id {
                    Some(own_id) => query.bind(own_id),
                    None => query,
                }
                .fetch_one(&mut *tx)
                .await?;
                if new.status == CommentStatus::Published {
                    if let Some(parent_id) = new.parent_id {
                        sqlx::query("UPDATE comments SET reply_count = reply_count + 1 WHERE id = $1")
                            .bind(parent_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    match published.iter_mut().find(|(article, _)| *article == new.article_id) {
                        Some((_, added)) => *added += 1,
                        None => published.push((new.article_id, 1)),
                    }
                }
                results.push(CommentAdded::Added { id, status: new.status, depth, comment_count: None });
            }
            // Each article's count and version move once for the batch: a
            // busy article's row is not rewritten for every comment.
            for (article_id, added) in &published {
                let total: Option<i64> = sqlx::query_scalar(
                    "UPDATE articles SET comment_count = comment_count + $2, version = version + 1 WHERE id = $1 \
                     RETURNING comment_count",
                )
                .bind(article_id)
                .bind(added)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(total) = total else { continue };
                // The count as each comment made it, in the order written.
                let mut count = total - added;
                for (result, pending) in results.iter_mut().zip(comments) {
                    if let CommentAdded::Added { status: CommentStatus::Published, comment_count, .. } = result
                        && pending.article_id == *article_id
                    {
                        count += 1;
                        *comment_count = Some(count);
                    }
                }
            }
            tx.commit().await?;
            Ok(results)
        })
    }

    /// Up to `threads` whole threads after the root at `after`, in `order`,
    /// with at most `max_comments` comments in all; the viewer's own
    /// pending comments are included. Keyset paging: no OFFSET.
    pub async fn thread_page(
        &self,
        article_id: i64,
        viewer: Option<i64>,
        order: ThreadOrder,
        after: Option<&str>,
        threads: u32,
        max_comments: u32,
    ) -> Result<ThreadPage, StoreError> {
        const OLDEST: &str = concat!(
            "SELECT c.path, c.score FROM comments c WHERE c.article_id = $1 AND c.depth = 0 AND ",
            shown!(),
            "AND c.path > $3 ORDER BY c.path LIMIT $4"
        );
        const NEWEST: &str = concat!(
            "SELECT c.path, c.score FROM comments c WHERE c.article_id = $1 AND c.depth = 0 AND ",
            shown!(),
            "AND c.path < $3 ORDER BY c.path DESC LIMIT $4"
        );
        const VOTED: &str = concat!(
            "SELECT c.path, c.score FROM comments c WHERE c.article_id = $1 AND c.depth = 0 AND ",
            shown!(),
            "AND (c.score < $5 OR (c.score = $5 AND c.path > $3)) ORDER BY c.score DESC, c.path LIMIT $4"
        );
        const RANGE: &str = concat!(
            select_thread!(),
            "WHERE c.article_id = $1 AND ",
            shown!(),
            "AND c.path >= $3 AND c.path < $4 ORDER BY c.path LIMIT $5"
        );
        let viewer = viewer.unwrap_or(0);
        let (sql, after_path, after_score) = match order {
            ThreadOrder::Oldest => (OLDEST, after.unwrap_or("").to_owned(), 0),
            ThreadOrder::Newest => (NEWEST, after.unwrap_or("~").to_owned(), 0),
            ThreadOrder::MostVoted => {
                let (score, path) = after.and_then(|a| a.split_once('.')).unwrap_or(("", ""));
                (VOTED, path.to_owned(), score.parse().unwrap_or(i64::MAX))
            }
        };
        on_pool!(self, read, |pool| {
            let mut query =
                sqlx::query_as(sql).bind(article_id).bind(viewer).bind(&after_path).bind(i64::from(threads) + 1);
            if order == ThreadOrder::MostVoted {
                query = query.bind(after_score);
            }
            let mut roots: Vec<(String, i64)> = query.fetch_all(pool).await?;
            let more = roots.len() > threads as usize;
            roots.truncate(threads as usize);
            if roots.is_empty() {
                return Ok(ThreadPage { comments: Vec::new(), next_after: None, more_replies: None });
            }
            // Oldest pages are runs of adjacent roots: one range scan holds
            // them all. Newest and most-voted pages read each thread in the
            // order shown, so a cut falls on the last thread shown. Every
            // path under a root sorts below root + "~".
            let ranges: Vec<(String, String)> = match order {
                ThreadOrder::Oldest => {
                    let low = roots.first().map(|r| r.0.clone()).unwrap_or_default();
                    let high = roots.last().map(|r| r.0.clone()).unwrap_or_default();
                    vec![(low, format!("{high}~"))]
                }
                _ => roots.iter().map(|(p, _)| (p.clone(), format!("{p}~"))).collect(),
            };
            let max = usize::try_from(max_comments).unwrap_or(usize::MAX);
            let mut rows: Vec<ThreadRow> = Vec::new();
            let mut cut = None;
            for (low, high) in &ranges {
                // One row past the budget says whether anything was left out.
                let budget = max.saturating_sub(rows.len()) + 1;
                let mut part: Vec<ThreadRow> = sqlx::query_as(RANGE)
                    .bind(article_id)
                    .bind(viewer)
                    .bind(low)
                    .bind(high)
                    .bind(i64::try_from(budget).unwrap_or(i64::MAX))
                    .fetch_all(pool)
                    .await?;
                if part.len() == budget {
                    cut = part.pop().map(|extra| extra.path);
                    rows.append(&mut part);
                    break;
                }
                rows.append(&mut part);
            }
            let (comments, next_after, more_replies) = cut_page(rows, cut, &roots, more, order);
            let comments = conceal(comments, viewer)?;
            Ok(ThreadPage { comments, next_after, more_replies })
        })
    }

    /// The rest of one thread after the comment at path `after`, up to
    /// `max_comments`, for the "more replies" of a thread too long for its
    /// page.
    pub async fn thread_rest(
        &self,
        article_id: i64,
        viewer: Option<i64>,
        more: &MoreReplies,
        max_comments: u32,
    ) -> Result<ThreadPage, StoreError> {
        const REST: &str = concat!(
            select_thread!(),
            "WHERE c.article_id = $1 AND ",
            shown!(),
            "AND c.path > $3 AND c.path < $4 ORDER BY c.path LIMIT $5"
        );
        let high = format!("{}~", segment(more.root_id));
        on_pool!(self, read, |pool| {
            let mut rows: Vec<ThreadRow> = sqlx::query_as(REST)
                .bind(article_id)
                .bind(viewer.unwrap_or(0))
                .bind(&more.after)
                .bind(&high)
                .bind(i64::from(max_comments) + 1)
                .fetch_all(pool)
                .await?;
            let more_replies = if rows.len() > max_comments as usize {
                rows.truncate(max_comments as usize);
                rows.last().map(|last| MoreReplies { root_id: more.root_id, after: last.path.clone() })
            } else {
                None
            };
            let comments = conceal(rows, viewer.unwrap_or(0))?;
            Ok(ThreadPage { comments, next_after: None, more_replies })
        })
    }

    /// Where a comment falls in its thread as every reader sees it: how
    /// many comments come before it, and the path of the one just before.
    pub async fn place_in_thread(&self, id: i64) -> Result<Option<(i64, Option<String>)>, StoreError> {
        macro_rules! before {
            () => {
                "FROM comments WHERE article_id = $1 AND path >= $2 AND path < $3 \
                 AND status IN ('published', 'deleted', 'removed')"
            };
        }
        const COUNT: &str = concat!("SELECT COUNT(*) ", before!());
        const PREVIOUS: &str = concat!("SELECT path ", before!(), " ORDER BY path DESC LIMIT 1");
        on_pool!(self, read, |pool| {
            let row: Option<(i64, String)> = sqlx::query_as("SELECT article_id, path FROM comments WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?;
            let Some((article_id, path)) = row else { return Ok(None) };
            let root = path.get(..SEGMENT).unwrap_or_default().to_owned();
            let count: i64 = sqlx::query_scalar(COUNT).bind(article_id).bind(&root).bind(&path).fetch_one(pool).await?;
            let previous: Option<String> =
                sqlx::query_scalar(PREVIOUS).bind(article_id).bind(&root).bind(&path).fetch_optional(pool).await?;
            Ok(Some((count, previous)))
        })
    }

    /// Featured comments of an article, for the top of its comments bar.
    pub async fn featured_comments(&self, article_id: i64) -> Result<Vec<ThreadComment>, StoreError> {
        const SQL: &str = concat!(
            select_thread!(),
            "WHERE c.article_id = $1 AND c.featured = 1 AND c.status = 'published' ORDER BY c.path LIMIT 20"
        );
        on_pool!(self, read, |pool| {
            let rows: Vec<ThreadRow> = sqlx::query_as(SQL).bind(article_id).fetch_all(pool).await?;
            rows.into_iter().map(ThreadComment::try_from).collect()
        })
    }

    /// Comments of an article waiting for a moderator, oldest first.
    pub async fn held_comments(&self, article_id: i64) -> Result<Vec<ThreadComment>, StoreError> {
        const SQL: &str =
            concat!(select_thread!(), "WHERE c.article_id = $1 AND c.status = 'pending' ORDER BY c.created_at, c.id");
        on_pool!(self, read, |pool| {
            let rows: Vec<ThreadRow> = sqlx::query_as(SQL).bind(article_id).fetch_all(pool).await?;
            rows.into_iter().map(ThreadComment::try_from).collect()
        })
    }

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

    /// Replaces a comment's text (the caller has checked who and when), with
    /// the state the policy gave it and its reasons added to the earlier
    /// ones; the counts follow. `false` if it is no longer editable.
    pub async fn edit_comment(&self, edit: &CommentEdit<'_>, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let row: Option<(String, String)> = sqlx::query_as(
                "SELECT status, reasons FROM comments WHERE id = $1 AND status IN ('published', 'pending')",
            )
            .bind(edit.id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((was, reasons)) = row else { return Ok(false) };
            let mut list: Vec<Reason> = serde_json::from_str(&reasons).unwrap_or_default();
            list.extend(edit.reasons.iter().cloned());
            // Only if nothing changed it meanwhile (PostgreSQL runs requests
            // side by side).
            let done = sqlx::query(
                "UPDATE comments SET body_source = $1, body_html = $2, language = $3, edited_at = $4, status = $5, \
                   reasons = $6, held_at = COALESCE($9, held_at), body_hash = $10 WHERE id = $7 AND status = $8",
            )
            .bind(edit.body.as_str())
            .bind(edit.body_html.as_str())
            .bind(edit.language.as_str())
            .bind(now.millis())
            .bind(edit.status.as_str())
            .bind(reasons_json(&list))
            .bind(edit.id)
            .bind(&was)
            // Back in the queue from now, if the edit sent it there.
            .bind((edit.status == CommentStatus::Pending && was != "pending").then_some(now.millis()))
            .bind(body_hash(edit.body))
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            let change = match (was == "published", edit.status == CommentStatus::Published) {
                (true, false) => -1,
                (false, true) => 1,
                _ => 0,
            };
            count_published!(tx, edit.id, change);
            bump_article_of!(tx, edit.id);
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Publishes a comment that was waiting for review; its counts follow,
    /// and earlier flags are settled.
    pub async fn approve_comment(&self, id: i64) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("UPDATE comments SET status = 'published' WHERE id = $1 AND status = 'pending'")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM comment_flags WHERE comment_id = $1").bind(id).execute(&mut *tx).await?;
            count_published!(tx, id, 1);
            bump_article_of!(tx, id);
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Sends a published comment back to the queue (flagged by enough
    /// readers), with the reason added to its list.
    pub async fn hold_comment(&self, id: i64, reason: &Reason, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let row: Option<(String,)> =
                sqlx::query_as("SELECT reasons FROM comments WHERE id = $1 AND status = 'published'")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((reasons,)) = row else { return Ok(false) };
            let mut list: Vec<Reason> = serde_json::from_str(&reasons).unwrap_or_default();
            list.push(reason.clone());
            let done = sqlx::query(
                "UPDATE comments SET status = 'pending', featured = 0, reasons = $1, held_at = $3 \
                 WHERE id = $2 AND status = 'published'",
            )
            .bind(reasons_json(&list))
            .bind(id)
            .bind(now.millis())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            count_published!(tx, id, -1);
            bump_article_of!(tx, id);
            tx.commit().await?;
            Ok(true)
        })
    }

    /// What the moderation policy knows of an author: standing, and how
    /// many of their comments are published or were refused since their
    /// trust was last reset. (Comments the author withdrew count neither
    /// way, so deleting held comments earns no trust.)
    pub async fn author_record(&self, user_id: i64) -> Result<Option<AuthorRecord>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<(String, Option<i64>, i64, i64)> =
                sqlx::query_as(concat!(author_columns!(), "FROM users u WHERE u.id = $1"))
                    .bind(user_id)
                    .fetch_optional(pool)
                    .await?;
            Ok(row.map(|(status, until, approved, rejected)| author_record(&status, until, approved, rejected)))
        })
    }

    /// The author's record, as [`Store::author_record`], and whether they
    /// posted exactly `body` since `since` (the text's hash finds the
    /// candidates, the text itself decides): what the policy needs of the
    /// store for a new comment, in one read.
    pub async fn posting_record(
        &self,
        user_id: i64,
        body: &CommentBody,
        since: Timestamp,
    ) -> Result<Option<(AuthorRecord, bool)>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<(String, Option<i64>, i64, i64, bool)> = sqlx::query_as(concat!(
                author_columns!(),
                ", EXISTS (SELECT 1 FROM comments c WHERE c.author_id = u.id AND c.body_hash = $2 \
                   AND c.created_at >= $3 AND c.body_source = $4) \
                 FROM users u WHERE u.id = $1"
            ))
            .bind(user_id)
            .bind(body_hash(body))
            .bind(since.millis())
            .bind(body.as_str())
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(status, until, approved, rejected, repeated)| {
                (author_record(&status, until, approved, rejected), repeated)
            }))
        })
    }

    /// Withdraws a comment: a tombstone keeps the thread's shape.
    pub async fn delete_comment(&self, id: i64) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let was: Option<String> = sqlx::query_scalar("SELECT status FROM comments WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(was) = was.filter(|s| s == "published" || s == "pending") else { return Ok(false) };
            sqlx::query("UPDATE comments SET status = 'deleted', featured = 0 WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if was == "published" {
                sqlx::query(
                    "UPDATE articles SET comment_count = comment_count - 1 \
                     WHERE id = (SELECT article_id FROM comments WHERE id = $1)",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            bump_article_of!(tx, id);
            tx.commit().await?;
            Ok(true)
        })
    }

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
                bump_article_of!(tx, comment_id);
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
            let rows: Vec<(i64, bool)> = sqlx::query_as(
                "SELECT v.comment_id, FALSE FROM comment_votes v JOIN comments c ON c.id = v.comment_id \
                 WHERE c.article_id = $1 AND v.user_id = $2 \
                 UNION ALL \
                 SELECT id, TRUE FROM comments \
                 WHERE author_id = $2 AND status IN ('pending', 'rejected', 'spam') AND article_id = $1",
            )
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

    /// Featured comments across the site, newest first, for the home rail.
    pub async fn featured_comments_site(&self, now: Timestamp, limit: u32) -> Result<Vec<FeaturedComment>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<FeaturedRow> = sqlx::query_as(
                "SELECT c.id, a.slug AS article_slug, a.headline AS article_headline, c.body_source, c.language, \
                   COALESCE(u.display_name, c.guest_name) AS author_name \
                 FROM comments c JOIN articles a ON a.id = c.article_id LEFT JOIN users u ON u.id = c.author_id \
                 WHERE c.featured = 1 AND c.status = 'published' AND a.status <> 'draft' AND a.published_at <= $1 \
                 ORDER BY c.created_at DESC, c.id DESC LIMIT $2",
            )
            .bind(now.millis())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|r| FeaturedComment {
                    id: r.id,
                    article_slug: r.article_slug,
                    article_headline: r.article_headline,
                    excerpt: excerpt(&r.body_source, 160),
                    language: r.language,
                    author_name: r.author_name.unwrap_or_else(|| "Deleted user".to_owned()),
                })
                .collect())
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

/// Reorders whole threads newest root first, keeping each thread's own
/// order (rows arrive in path order).
/// Rows as the viewer may see them: someone else's held or refused comment
/// (drawn only because it has replies) keeps its place but not its words.
fn conceal(rows: Vec<ThreadRow>, viewer: i64) -> Result<Vec<ThreadComment>, StoreError> {
    rows.into_iter()
        .map(|row| {
            let mut comment = ThreadComment::try_from(row)?;
            let held = matches!(comment.status, CommentStatus::Pending | CommentStatus::Rejected | CommentStatus::Spam);
            if held && comment.author_id.is_none_or(|a| a != viewer) {
                comment.body_html = SanitizedHtml::default();
                comment.reasons.clear();
                comment.concealed = true;
            }
            Ok(comment)
        })
        .collect()
}

/// Ends a page of threads where its comment budget ran out. `cut` is the
/// path of the first comment left out, if any: when it belongs to the last
/// thread shown, that thread continues under "more replies"; either way the
/// next page starts after the last thread shown.
fn cut_page(
    rows: Vec<ThreadRow>,
    cut: Option<String>,
    roots: &[(String, i64)],
    more: bool,
    order: ThreadOrder,
) -> (Vec<ThreadRow>, Option<String>, Option<MoreReplies>) {
    let key = |root: &(String, i64)| match order {
        ThreadOrder::MostVoted => format!("{}.{}", root.1, root.0),
        _ => root.0.clone(),
    };
    let Some(cut) = cut else {
        return (rows, more.then(|| roots.last().map(key)).flatten(), None);
    };
    let Some(last) = rows.last() else {
        return (rows, None, None);
    };
    let last_root = root_of(&last.path);
    let more_replies =
        (root_of(&cut) == last_root).then(|| MoreReplies { root_id: last_root, after: last.path.clone() });
    // The last thread drawn is one of the page's roots; were it not, end the
    // page at its last root rather than go back to its first.
    let shown = roots.iter().position(|r| root_of(&r.0) == last_root).unwrap_or(roots.len().saturating_sub(1));
    // Threads after the cut one start the next page.
    let next_after = (shown + 1 < roots.len() || more).then(|| key(&roots[shown]));
    (rows, next_after, more_replies)
}

/// The first eight bytes of the text's SHA-256, as the index of an
/// author's texts keeps it (see migration 14).
fn body_hash(body: &CommentBody) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body.as_str().as_bytes());
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// An author's record from the columns of `author_columns!`.
fn author_record(status: &str, until: Option<i64>, approved: i64, rejected: i64) -> AuthorRecord {
    AuthorRecord {
        standing: crate::accounts::standing_of(status, until),
        guest: false,
        approved,
        rejected,
        staff: false,
    }
}

impl WritesComments for Store {
    fn write_comments(
        &self,
        comments: &[PendingComment],
    ) -> impl Future<Output = Result<Vec<CommentAdded>, StoreError>> + Send {
        self.write_comments_now(comments)
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
