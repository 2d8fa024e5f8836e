//! The newest published comments of stories readers may see, for the
//! comment feeds: only what the thread itself shows anyone.

use super::states::status;
use super::*;
use crate::articles::visible;

/// A published comment as a feed carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedComment {
    pub id: i64,
    pub created_at: Timestamp,
    pub body_html: SanitizedHtml,
    /// The account's display name or the guest's name; `None` once the
    /// account is gone.
    pub author_name: Option<String>,
    pub article_slug: String,
    pub article_headline: String,
}

#[derive(FromRow)]
struct FeedRow {
    id: i64,
    created_at: i64,
    body_html: String,
    author_name: Option<String>,
    guest_name: Option<String>,
    article_slug: String,
    article_headline: String,
}

macro_rules! feed_select {
    () => {
        concat!(
            "SELECT c.id, c.created_at, c.body_html, u.display_name AS author_name, c.guest_name, \
             a.slug AS article_slug, a.headline AS article_headline \
             FROM comments c JOIN articles a ON a.id = c.article_id LEFT JOIN users u ON u.id = c.author_id \
             WHERE c.status = ",
            status!(Published),
            " AND ",
            visible!(),
        )
    };
}

impl Store {
    /// The newest `limit` published comments of the stories readers may
    /// see at `now`, of story `article` alone when given; newest first.
    pub async fn feed_comments(
        &self,
        article: Option<i64>,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<FeedComment>, StoreError> {
        const ALL: &str = concat!(feed_select!(), "ORDER BY c.id DESC LIMIT $2");
        const ONE: &str = concat!(feed_select!(), "AND a.id = $3 ORDER BY c.id DESC LIMIT $2");
        let rows: Vec<FeedRow> = on_pool!(self, read, |pool| {
            let query =
                sqlx::query_as(if article.is_some() { ONE } else { ALL }).bind(now.millis()).bind(i64::from(limit));
            match article {
                Some(id) => query.bind(id).fetch_all(pool).await?,
                None => query.fetch_all(pool).await?,
            }
        });
        Ok(rows
            .into_iter()
            .map(|row| FeedComment {
                id: row.id,
                created_at: Timestamp::from_millis(row.created_at),
                body_html: SanitizedHtml::from_trusted_store(row.body_html),
                author_name: row.author_name.or(row.guest_name),
                article_slug: row.article_slug,
                article_headline: row.article_headline,
            })
            .collect())
    }
}
