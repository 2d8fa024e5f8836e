//! Discussions of stories published on other sites (the embedded comments
//! bar): each is an article record found by its key, holding comments like
//! any story but never listed. Also the one-time codes that hand a
//! sign-in to the embedded bar, and the host sites' sign-in tokens already
//! used.

use byline_core::{LanguageTag, NamedSlug, Slug, Timestamp};

use crate::backend::on_pool;
use crate::{Store, StoreError};

/// A story on another site, as its discussion's record is first made.
#[derive(Debug, Clone)]
pub struct NewExternalArticle<'a> {
    /// What finds it again: its page's canonical address, or the
    /// identifier its site gave it, made unique among sites.
    pub key: &'a str,
    /// The story's page, where the discussion links back to.
    pub url: &'a str,
    pub slug: &'a Slug,
    pub headline: &'a str,
    pub language: &'a LanguageTag,
    /// Its site's name, shown where a story shows its byline.
    pub author_name: &'a str,
    /// The section such records are kept in.
    pub section: &'a NamedSlug,
}

/// A discussion of a story elsewhere, found by its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalArticle {
    pub id: i64,
    pub slug: Slug,
    pub url: String,
    /// Published comments.
    pub comment_count: i64,
}

#[derive(sqlx::FromRow)]
struct ExternalRow {
    id: i64,
    slug: String,
    external_url: Option<String>,
    comment_count: i64,
    external_key: Option<String>,
}

impl ExternalRow {
    fn into_article(self) -> Result<(String, ExternalArticle), StoreError> {
        let slug = Slug::parse(&self.slug)
            .map_err(|_| StoreError::Corrupt { what: "article slug", value: self.slug.clone() })?;
        Ok((
            self.external_key.unwrap_or_default(),
            ExternalArticle {
                id: self.id,
                slug,
                url: self.external_url.unwrap_or_default(),
                comment_count: self.comment_count,
            },
        ))
    }
}

const BY_KEY: &str = "SELECT id, slug, external_url, comment_count, external_key FROM articles WHERE external_key = $1";

impl Store {
    /// The discussion record with this key, if there is one.
    pub async fn external_article(&self, key: &str) -> Result<Option<ExternalArticle>, StoreError> {
        let row: Option<ExternalRow> =
            on_pool!(self, read, |pool| sqlx::query_as(BY_KEY).bind(key).fetch_optional(pool).await?);
        row.map(|r| r.into_article().map(|(_, a)| a)).transpose()
    }

    /// The discussion record of `new.key`, made now if there is none: a
    /// published story with no text of its own, open for comments as its
    /// section's default says. Two first visits at once make one record.
    /// `None` when the slug is another story's.
    pub async fn add_external_article(
        &self,
        new: &NewExternalArticle<'_>,
        now: Timestamp,
    ) -> Result<Option<ExternalArticle>, StoreError> {
        let row: Option<ExternalRow> = on_pool!(self, write, |pool| {
            let section_id: i64 = sqlx::query_scalar(
                "INSERT INTO sections (slug, name) VALUES ($1, $2) \
                 ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id",
            )
            .bind(new.section.slug.as_str())
            .bind(new.section.name.as_str())
            .fetch_one(pool)
            .await?;
            sqlx::query(concat!(
                "INSERT INTO articles (slug, headline, standfirst, body_source, body_html, language, author_name, \
                   section_id, status, published_at, created_at, updated_at, comment_mode, \
                   comments_follow_section, external_key, external_url) \
                 VALUES ($1, $2, '', '', '', $3, $4, $5, '",
                byline_core::article_status!(Published),
                "', $6, $6, $6, 'open', 1, $7, $8) ON CONFLICT DO NOTHING"
            ))
            .bind(new.slug.as_str())
            .bind(new.headline)
            .bind(new.language.as_str())
            .bind(new.author_name)
            .bind(section_id)
            .bind(now.millis())
            .bind(new.key)
            .bind(new.url)
            .execute(pool)
            .await?;
            sqlx::query_as(BY_KEY).bind(new.key).fetch_optional(pool).await?
        });
        row.map(|r| r.into_article().map(|(_, a)| a)).transpose()
    }

    /// The discussions with one of `keys`, or about one of the pages at
    /// `urls` (found by a story's identifier, say), each with its key.
    pub async fn external_articles(
        &self,
        keys: &[String],
        urls: &[String],
    ) -> Result<Vec<(String, ExternalArticle)>, StoreError> {
        if keys.is_empty() && urls.is_empty() {
            return Ok(Vec::new());
        }
        let list = serde_json::Value::from(keys).to_string();
        let pages = serde_json::Value::from(urls).to_string();
        let rows: Vec<ExternalRow> = match &self.pools {
            crate::backend::Pools::Sqlite { read, .. } => {
                sqlx::query_as(
                    "SELECT id, slug, external_url, comment_count, external_key FROM articles \
                     WHERE external_key IN (SELECT value FROM json_each($1)) \
                        OR external_url IN (SELECT value FROM json_each($2))",
                )
                .bind(&list)
                .bind(&pages)
                .fetch_all(read)
                .await?
            }
            crate::backend::Pools::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT id, slug, external_url, comment_count, external_key FROM articles \
                     WHERE external_key IN (SELECT json_array_elements_text($1::json)) \
                        OR external_url IN (SELECT json_array_elements_text($2::json))",
                )
                .bind(&list)
                .bind(&pages)
                .fetch_all(pool)
                .await?
            }
        };
        rows.into_iter().map(ExternalRow::into_article).collect()
    }

    /// Keeps a one-time code (its hash) that signs `user_id` in to the
    /// embedded bar until `expires_at`.
    pub async fn add_frame_handoff(
        &self,
        code_hash: &str,
        user_id: i64,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("INSERT INTO frame_handoffs (code_hash, user_id, expires_at) VALUES ($1, $2, $3)")
                .bind(code_hash)
                .bind(user_id)
                .bind(expires_at.millis())
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Uses the code with this hash: the account it signs in, if it has not
    /// expired. It works once; expired codes are cleared on the way.
    pub async fn take_frame_handoff(&self, code_hash: &str, now: Timestamp) -> Result<Option<i64>, StoreError> {
        on_pool!(self, write, |pool| {
            let user: Option<(i64, i64)> =
                sqlx::query_as("DELETE FROM frame_handoffs WHERE code_hash = $1 RETURNING user_id, expires_at")
                    .bind(code_hash)
                    .fetch_optional(pool)
                    .await?;
            sqlx::query("DELETE FROM frame_handoffs WHERE expires_at <= $1").bind(now.millis()).execute(pool).await?;
            Ok(user.filter(|(_, expires_at)| *expires_at > now.millis()).map(|(user_id, _)| user_id))
        })
    }

    /// Records a host site's sign-in token (its hash) as used until it
    /// expires: `false` if it was used already. Tokens past their time are
    /// forgotten on the way (they are refused for their time anyway).
    pub async fn use_host_token(
        &self,
        token_hash: &str,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM host_tokens_used WHERE expires_at < $1").bind(now.millis()).execute(pool).await?;
            let done = sqlx::query(
                "INSERT INTO host_tokens_used (token_hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(token_hash)
            .bind(expires_at.millis())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// The account a host site's reader (`subject`, the host's id for them)
    /// is linked to.
    pub async fn host_account(&self, subject: &str) -> Result<Option<i64>, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar("SELECT user_id FROM host_accounts WHERE subject = $1")
                .bind(subject)
                .fetch_optional(pool)
                .await?)
        })
    }

    /// Links a host site's reader to account `user_id`: `false` if the
    /// reader was linked already (to the account found by
    /// [`Store::host_account`]).
    pub async fn link_host_account(&self, subject: &str, user_id: i64, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "INSERT INTO host_accounts (subject, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(subject)
            .bind(user_id)
            .bind(now.millis())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
