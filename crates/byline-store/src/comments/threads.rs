//! Reading discussions: threads in display order, paged, and the
//! featured and held comments beside them.

use super::states::{status, statuses};
use super::*;

impl Store {
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
                concat!(
                    "FROM comments WHERE article_id = $1 AND path >= $2 AND path < $3 \
                 AND status IN ",
                    statuses!(Published, Deleted, Removed)
                )
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
            "WHERE c.article_id = $1 AND c.featured = 1 AND c.status = ",
            status!(Published),
            " ORDER BY c.path LIMIT 20"
        );
        on_pool!(self, read, |pool| {
            let rows: Vec<ThreadRow> = sqlx::query_as(SQL).bind(article_id).fetch_all(pool).await?;
            rows.into_iter().map(ThreadComment::try_from).collect()
        })
    }

    /// Comments of an article waiting for a moderator, oldest first.
    pub async fn held_comments(&self, article_id: i64) -> Result<Vec<ThreadComment>, StoreError> {
        const SQL: &str = concat!(
            select_thread!(),
            "WHERE c.article_id = $1 AND c.status = ",
            status!(Pending),
            " ORDER BY c.created_at, c.id"
        );
        on_pool!(self, read, |pool| {
            let rows: Vec<ThreadRow> = sqlx::query_as(SQL).bind(article_id).fetch_all(pool).await?;
            rows.into_iter().map(ThreadComment::try_from).collect()
        })
    }

    /// Featured comments across the site, newest first, for the home rail.
    pub async fn featured_comments_site(&self, now: Timestamp, limit: u32) -> Result<Vec<FeaturedComment>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<FeaturedRow> = sqlx::query_as(concat!(
                "SELECT c.id, a.slug AS article_slug, a.headline AS article_headline, c.body_source, c.language, \
                   COALESCE(u.display_name, c.guest_name) AS author_name \
                 FROM comments c JOIN articles a ON a.id = c.article_id LEFT JOIN users u ON u.id = c.author_id \
                 WHERE c.featured = 1 AND c.status = ",
                status!(Published),
                " AND ",
                crate::articles::visible!(),
                "ORDER BY c.created_at DESC, c.id DESC LIMIT $2"
            ))
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
