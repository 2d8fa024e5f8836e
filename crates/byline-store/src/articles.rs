//! Reading articles: what readers may see, in lists, pages and sitemaps,
//! with their sections and tags. Writing them is in `stories`.

use byline_core::{ArticleStatus, CommentMode, LanguageTag, NamedSlug, NoteKind, SanitizedHtml, Slug, Timestamp};
use sqlx::FromRow;

use crate::backend::on_pool;
use crate::{Store, StoreError};

/// An article as a reader's page shows it.
#[derive(Debug, Clone)]
pub struct Article {
    pub summary: ArticleSummary,
    pub body_html: SanitizedHtml,
    pub call_to_comment: Option<String>,
    pub tags: Vec<NamedSlug>,
    /// Corrections and updates, oldest first.
    pub notes: Vec<ArticleNote>,
    /// The photograph above the story.
    pub lead_image: Option<crate::MediaItem>,
    /// Bumped by every write that changes the article's page.
    pub version: i64,
    /// For the discussion of a story published on another site: that
    /// story's address.
    pub external_url: Option<String>,
}

/// A person bylines name, as their page shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub slug: Slug,
    pub name: String,
    /// Their job, such as "Diplomatic correspondent"; may be empty.
    pub title: String,
    /// A few lines about them, plain text; may be empty.
    pub bio: String,
    /// The account that may change the page, once claimed.
    pub user_id: Option<i64>,
    /// Their portrait: a photograph of the media library.
    pub photo_id: Option<i64>,
}

/// A correction or update appended to a published story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleNote {
    pub kind: NoteKind,
    /// Plain text, as the editor typed it.
    pub body: String,
    pub at: Timestamp,
}

#[derive(FromRow)]
struct NoteRow {
    kind: String,
    body: String,
    created_at: i64,
}

/// An article's words, for comparing with another's.
#[derive(Debug, Clone)]
pub struct ArticleText {
    pub slug: Slug,
    pub headline: String,
    pub body_source: String,
}

/// What a list of articles shows of each.
#[derive(Debug, Clone)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: Slug,
    pub kicker: Option<String>,
    pub headline: String,
    pub standfirst: String,
    pub language: LanguageTag,
    pub author_name: String,
    pub section: NamedSlug,
    pub status: ArticleStatus,
    pub published_at: Timestamp,
    pub updated_at: Timestamp,
    pub featured_rank: Option<i64>,
    /// The article's own comment mode; `None` follows its section's
    /// default (see [`byline_core::CommentDefaults`]).
    pub comment_mode: Option<CommentMode>,
    /// Published comments.
    pub comment_count: i64,
}

/// A position in a newest-first list: the last article already shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub published_at: Timestamp,
    pub id: i64,
}

impl Cursor {
    /// The cursor as it appears in a URL: `1795771800123-42`.
    pub fn to_param(self) -> String {
        format!("{}-{}", self.published_at.millis(), self.id)
    }

    /// Parses [`Cursor::to_param`]'s form; `None` for anything else.
    pub fn parse(param: &str) -> Option<Self> {
        let (millis, id) = param.split_once('-')?;
        let cursor = Self { published_at: Timestamp::from_millis(millis.parse().ok()?), id: id.parse().ok()? };
        (cursor.id > 0 && cursor.published_at.millis() >= 0).then_some(cursor)
    }

    fn after(summary: &ArticleSummary) -> Self {
        Self { published_at: summary.published_at, id: summary.id }
    }
}

/// One page of a newest-first list, with the cursor of the next page if
/// there is one.
#[derive(Debug, Clone)]
pub struct Listing {
    pub articles: Vec<ArticleSummary>,
    pub next: Option<Cursor>,
}

/// What a sitemap needs of an article.
#[derive(Debug, Clone)]
pub struct SitemapEntry {
    pub slug: Slug,
    pub headline: String,
    pub language: LanguageTag,
    pub published_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(FromRow)]
pub(crate) struct SummaryRow {
    pub(crate) id: i64,
    slug: String,
    kicker: Option<String>,
    headline: String,
    standfirst: String,
    language: String,
    author_name: String,
    section_slug: String,
    section_name: String,
    status: String,
    published_at: Option<i64>,
    updated_at: i64,
    featured_rank: Option<i64>,
    comment_mode: String,
    comments_follow_section: i64,
    comment_count: i64,
}

#[derive(FromRow)]
struct ArticleRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    body_html: String,
    call_to_comment: Option<String>,
    lead_media_id: Option<i64>,
    version: i64,
    external_url: Option<String>,
}

#[derive(FromRow)]
struct NamedRow {
    slug: String,
    name: String,
}

#[derive(FromRow)]
struct SitemapRow {
    slug: String,
    headline: String,
    language: String,
    published_at: i64,
    updated_at: i64,
}

fn corrupt(what: &'static str, value: impl Into<String>) -> StoreError {
    StoreError::Corrupt { what, value: value.into() }
}

fn slug_of(what: &'static str, raw: String) -> Result<Slug, StoreError> {
    Slug::parse(&raw).map_err(|_| corrupt(what, raw))
}

fn language_of(raw: String) -> Result<LanguageTag, StoreError> {
    LanguageTag::parse(&raw).map_err(|_| corrupt("language", raw))
}

impl TryFrom<NamedRow> for NamedSlug {
    type Error = StoreError;
    fn try_from(row: NamedRow) -> Result<Self, StoreError> {
        Ok(NamedSlug { slug: slug_of("slug", row.slug)?, name: row.name })
    }
}

impl TryFrom<SummaryRow> for ArticleSummary {
    type Error = StoreError;
    fn try_from(row: SummaryRow) -> Result<Self, StoreError> {
        Ok(ArticleSummary {
            id: row.id,
            slug: slug_of("article slug", row.slug)?,
            kicker: row.kicker,
            headline: row.headline,
            standfirst: row.standfirst,
            language: language_of(row.language)?,
            author_name: row.author_name,
            section: NamedSlug { slug: slug_of("section slug", row.section_slug)?, name: row.section_name },
            status: row.status.parse().map_err(|_| corrupt("article status", row.status))?,
            published_at: Timestamp::from_millis(row.published_at.unwrap_or(row.updated_at)),
            updated_at: Timestamp::from_millis(row.updated_at),
            featured_rank: row.featured_rank,
            comment_mode: match row.comments_follow_section {
                0 => Some(row.comment_mode.parse().map_err(|_| corrupt("comment mode", row.comment_mode))?),
                _ => None,
            },
            comment_count: row.comment_count,
        })
    }
}

fn summaries(rows: Vec<SummaryRow>) -> Result<Vec<ArticleSummary>, StoreError> {
    rows.into_iter().map(ArticleSummary::try_from).collect()
}

/// The columns of an [`ArticleSummary`], from `articles a` joined to its
/// section `s`.
macro_rules! summary_columns {
    () => {
        "a.id, a.slug, a.kicker, a.headline, a.standfirst, a.language, a.author_name, \
         s.slug AS section_slug, s.name AS section_name, a.status, a.published_at, a.updated_at, \
         a.featured_rank, a.comment_mode, a.comments_follow_section, a.comment_count "
    };
}
pub(crate) use summary_columns;

/// The columns every article list selects, from `articles a` joined to its
/// section `s`.
macro_rules! select_summary {
    () => {
        concat!("SELECT ", summary_columns!(), "FROM articles a JOIN sections s ON s.id = a.section_id ")
    };
}

/// The states whose stories readers see once their time has come, as an
/// SQL list; [`ArticleStatus::is_public`] names the same.
macro_rules! public_states {
    () => {
        concat!("('", byline_core::article_status!(Scheduled), "', '", byline_core::article_status!(Published), "')")
    };
}
pub(crate) use public_states;

/// Articles `a` a reader may see at time `$1` (or at the placeholder
/// given): scheduled or published, and only once their publication time
/// has come (so a scheduled story appears on its own, and not a moment
/// before). Every reader's query says it through this macro;
/// [`ArticleStatus::is_public`] names the same states.
macro_rules! visible {
    () => {
        $crate::articles::visible!("$1")
    };
    ($now:literal) => {
        concat!("a.status IN ", $crate::articles::public_states!(), " AND a.published_at <= ", $now, " ")
    };
}
pub(crate) use visible;

/// Articles `a` lists show at `$1`: visible ones, except the discussions of
/// stories published on other sites (see `external`), which readers reach
/// only from those stories.
macro_rules! listed {
    () => {
        concat!($crate::articles::visible!(), "AND a.external_key IS NULL ")
    };
}
pub(crate) use listed;

/// Newest first, strictly after the cursor (`$2`, `$3`), `$4` rows.
macro_rules! page {
    () => {
        "AND (a.published_at < $2 OR (a.published_at = $2 AND a.id < $3)) \
         ORDER BY a.published_at DESC, a.id DESC LIMIT $4"
    };
}

const LIST_LATEST: &str = concat!(select_summary!(), "WHERE ", listed!(), page!());
const LIST_SECTION: &str = concat!(select_summary!(), "WHERE ", listed!(), "AND s.slug = $5 ", page!());
const LIST_TAG: &str = concat!(
    select_summary!(),
    "WHERE ",
    listed!(),
    "AND a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.slug = $5) ",
    page!()
);

const LIST_AUTHOR: &str = concat!(
    select_summary!(),
    "WHERE ",
    listed!(),
    "AND a.id IN (SELECT w.article_id FROM article_authors w JOIN authors p ON p.id = w.author_id \
       WHERE p.slug = $5) ",
    page!()
);

/// The desk's sections: each with a story of the site's own, or with none
/// yet.
const ALL_SECTIONS: &str = "SELECT s.slug, s.name FROM sections s \
     WHERE EXISTS (SELECT 1 FROM articles a WHERE a.section_id = s.id AND a.external_key IS NULL) \
        OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.section_id = s.id) \
     ORDER BY s.id";

/// Which list of articles to page through.
#[derive(Debug, Clone, Copy)]
pub enum ListOf<'a> {
    Latest,
    Section(&'a Slug),
    Tag(&'a Slug),
    /// The stories a person's byline is on.
    Author(&'a Slug),
}

/// An article's notes, oldest first.
const NOTES_OF: &str = "SELECT kind, body, created_at FROM article_notes WHERE article_id = $1 ORDER BY created_at, id";

fn notes_of(rows: Vec<NoteRow>) -> Result<Vec<ArticleNote>, StoreError> {
    rows.into_iter()
        .map(|n| {
            Ok(ArticleNote {
                kind: n.kind.parse().map_err(|_| corrupt("note kind", n.kind))?,
                body: n.body,
                at: Timestamp::from_millis(n.created_at),
            })
        })
        .collect()
}

/// An article's tags in order.
const TAGS_OF: &str = "SELECT t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id \
     WHERE at.article_id = $1 ORDER BY at.position";

impl Store {
    /// An article's corrections and updates, oldest first, whatever its state.
    pub async fn article_notes(&self, article_id: i64) -> Result<Vec<ArticleNote>, StoreError> {
        let rows: Vec<NoteRow> =
            on_pool!(self, read, |pool| sqlx::query_as(NOTES_OF).bind(article_id).fetch_all(pool).await?);
        notes_of(rows)
    }

    /// An article's tags in order, whatever its state.
    pub(crate) async fn tags_of(&self, article_id: i64) -> Result<Vec<NamedSlug>, StoreError> {
        let rows: Vec<NamedRow> =
            on_pool!(self, read, |pool| sqlx::query_as(TAGS_OF).bind(article_id).fetch_all(pool).await?);
        rows.into_iter().map(NamedSlug::try_from).collect()
    }

    /// Whether any article, visible or not, has this slug.
    /// The id of the article at `slug`, in whatever state.
    pub async fn article_id(&self, slug: &Slug) -> Result<Option<i64>, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?)
        })
    }

    pub async fn article_exists(&self, slug: &Slug) -> Result<bool, StoreError> {
        on_pool!(self, read, |pool| {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?;
            Ok(found.is_some())
        })
    }

    /// The headline and Markdown body of the newest `limit` live articles
    /// (published or scheduled), newest first: what a new article is
    /// checked against before it goes live, so one story is not published
    /// twice under two addresses.
    pub async fn live_article_texts(&self, limit: u32) -> Result<Vec<ArticleText>, StoreError> {
        const SQL: &str = concat!(
            "SELECT slug, headline, body_source FROM articles WHERE external_key IS NULL AND status IN ",
            public_states!(),
            " ORDER BY published_at DESC, id DESC LIMIT $1"
        );
        let rows: Vec<(String, String, String)> =
            on_pool!(self, read, |pool| sqlx::query_as(SQL).bind(i64::from(limit)).fetch_all(pool).await?);
        rows.into_iter()
            .map(|(slug, headline, body_source)| {
                Ok(ArticleText { slug: slug_of("article slug", slug)?, headline, body_source })
            })
            .collect()
    }

    /// The version of a visible article: it changes with everything its
    /// page shows of it (its text, its comments, their votes and states),
    /// so a page rendered at one version is current while it holds.
    pub async fn article_version(&self, slug: &Slug, now: Timestamp) -> Result<Option<i64>, StoreError> {
        const SQL: &str = concat!("SELECT a.version FROM articles a WHERE ", visible!(), "AND a.slug = $2");
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar(SQL).bind(now.millis()).bind(slug.as_str()).fetch_optional(pool).await?)
        })
    }

    /// The article at `slug` if a reader may see it at `now`.
    pub async fn visible_article(&self, slug: &Slug, now: Timestamp) -> Result<Option<Article>, StoreError> {
        const SQL: &str = concat!(
            "SELECT a.id, a.slug, a.kicker, a.headline, a.standfirst, a.language, a.author_name, \
             s.slug AS section_slug, s.name AS section_name, a.status, a.published_at, a.updated_at, \
             a.featured_rank, a.comment_mode, a.comments_follow_section, a.comment_count, a.body_html, a.call_to_comment, a.lead_media_id, a.version, a.external_url \
             FROM articles a JOIN sections s ON s.id = a.section_id WHERE ",
            visible!(),
            "AND a.slug = $2"
        );
        let found = on_pool!(self, read, |pool| {
            let row: Option<ArticleRow> =
                sqlx::query_as(SQL).bind(now.millis()).bind(slug.as_str()).fetch_optional(pool).await?;
            let Some(row) = row else { return Ok(None) };
            let tags: Vec<NamedRow> = sqlx::query_as(TAGS_OF).bind(row.summary.id).fetch_all(pool).await?;
            let notes: Vec<NoteRow> = sqlx::query_as(NOTES_OF).bind(row.summary.id).fetch_all(pool).await?;
            (row, tags, notes)
        });
        let (row, tags, notes) = found;
        let lead_image = match row.lead_media_id {
            Some(id) => self.media(id).await?,
            None => None,
        };
        Ok(Some(Article {
            summary: row.summary.try_into()?,
            body_html: SanitizedHtml::from_trusted_store(row.body_html),
            call_to_comment: row.call_to_comment,
            tags: tags.into_iter().map(NamedSlug::try_from).collect::<Result<_, _>>()?,
            notes: notes_of(notes)?,
            lead_image,
            version: row.version,
            external_url: row.external_url,
        }))
    }

    /// What lists and the comment actions need of a visible article: one
    /// read, without its body or tags.
    pub async fn visible_article_summary(
        &self,
        slug: &Slug,
        now: Timestamp,
    ) -> Result<Option<ArticleSummary>, StoreError> {
        const SQL: &str = concat!(select_summary!(), "WHERE ", visible!(), "AND a.slug = $2");
        on_pool!(self, read, |pool| {
            let row: Option<SummaryRow> =
                sqlx::query_as(SQL).bind(now.millis()).bind(slug.as_str()).fetch_optional(pool).await?;
            row.map(ArticleSummary::try_from).transpose()
        })
    }

    /// One page of visible articles, newest first, after `after`.
    pub async fn list_articles(
        &self,
        of: ListOf<'_>,
        now: Timestamp,
        after: Option<Cursor>,
        limit: u32,
    ) -> Result<Listing, StoreError> {
        let (sql, filter) = match of {
            ListOf::Latest => (LIST_LATEST, None),
            ListOf::Section(slug) => (LIST_SECTION, Some(slug.as_str())),
            ListOf::Tag(slug) => (LIST_TAG, Some(slug.as_str())),
            ListOf::Author(slug) => (LIST_AUTHOR, Some(slug.as_str())),
        };
        let after = after.unwrap_or(Cursor { published_at: Timestamp::from_millis(i64::MAX), id: i64::MAX });
        // One extra row tells whether another page follows.
        let fetch = i64::from(limit) + 1;
        let rows: Vec<SummaryRow> = on_pool!(self, read, |pool| {
            let mut query =
                sqlx::query_as(sql).bind(now.millis()).bind(after.published_at.millis()).bind(after.id).bind(fetch);
            if let Some(filter) = filter {
                query = query.bind(filter);
            }
            query.fetch_all(pool).await?
        });
        let mut articles = summaries(rows)?;
        let next = if articles.len() > limit as usize {
            articles.truncate(limit as usize);
            articles.last().map(Cursor::after)
        } else {
            None
        };
        Ok(Listing { articles, next })
    }

    /// Visible featured articles in rail order.
    pub async fn featured_articles(&self, now: Timestamp, limit: u32) -> Result<Vec<ArticleSummary>, StoreError> {
        const SQL: &str = concat!(
            select_summary!(),
            "WHERE ",
            listed!(),
            "AND a.featured_rank IS NOT NULL ORDER BY a.featured_rank, a.published_at DESC, a.id DESC LIMIT $2"
        );
        on_pool!(self, read, |pool| {
            let rows: Vec<SummaryRow> =
                sqlx::query_as(SQL).bind(now.millis()).bind(i64::from(limit)).fetch_all(pool).await?;
            summaries(rows)
        })
    }

    /// Every section, in the order they were first used.
    /// The sections readers may see at `now`: those with a story out. A
    /// section named only by drafts (or by stories taken down) is nobody's
    /// business yet.
    pub async fn sections(&self, now: Timestamp) -> Result<Vec<NamedSlug>, StoreError> {
        const SQL: &str = concat!(
            "SELECT s.slug, s.name FROM sections s WHERE EXISTS (SELECT 1 FROM articles a WHERE a.section_id = s.id AND ",
            listed!(),
            ") ORDER BY s.id"
        );
        on_pool!(self, read, |pool| {
            let rows: Vec<NamedRow> = sqlx::query_as(SQL).bind(now.millis()).fetch_all(pool).await?;
            rows.into_iter().map(NamedSlug::try_from).collect()
        })
    }

    /// Every section any story names, for the desk: not one that holds
    /// only the discussions of stories published elsewhere.
    pub async fn all_sections(&self) -> Result<Vec<NamedSlug>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<NamedRow> = sqlx::query_as(ALL_SECTIONS).fetch_all(pool).await?;
            rows.into_iter().map(NamedSlug::try_from).collect()
        })
    }

    pub async fn section(&self, slug: &Slug) -> Result<Option<NamedSlug>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<NamedRow> = sqlx::query_as("SELECT slug, name FROM sections WHERE slug = $1")
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?;
            row.map(NamedSlug::try_from).transpose()
        })
    }

    /// The person a byline names, by the slug of their page.
    pub async fn author(&self, slug: &Slug) -> Result<Option<Author>, StoreError> {
        type Row = (String, String, String, String, Option<i64>, Option<i64>);
        let row: Option<Row> = on_pool!(self, read, |pool| {
            sqlx::query_as("SELECT slug, name, title, bio, user_id, photo_media_id FROM authors WHERE slug = $1")
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?
        });
        row.map(|(slug, name, title, bio, user_id, photo_id)| {
            Ok(Author { slug: slug_of("author slug", slug)?, name, title, bio, user_id, photo_id })
        })
        .transpose()
    }

    /// Sets what an author's page says of them, and (when `claimed_by` is
    /// given) the account that may change it. `false` if there is no such
    /// author.
    pub async fn set_author_profile(
        &self,
        slug: &Slug,
        title: &str,
        bio: &str,
        photo_id: Option<i64>,
        claimed_by: Option<i64>,
    ) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "UPDATE authors SET title = $2, bio = $3, photo_media_id = $4, user_id = COALESCE($5, user_id) \
                 WHERE slug = $1",
            )
            .bind(slug.as_str())
            .bind(title)
            .bind(bio)
            .bind(photo_id)
            .bind(claimed_by)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    pub async fn tag(&self, slug: &Slug) -> Result<Option<NamedSlug>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<NamedRow> = sqlx::query_as("SELECT slug, name FROM tags WHERE slug = $1")
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?;
            row.map(NamedSlug::try_from).transpose()
        })
    }

    /// Visible articles published at or after `since`, newest first, for
    /// sitemaps (`since` of zero gives all of them).
    pub async fn sitemap_entries(
        &self,
        now: Timestamp,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<SitemapEntry>, StoreError> {
        const SQL: &str = concat!(
            "SELECT a.slug, a.headline, a.language, a.published_at, a.updated_at FROM articles a WHERE ",
            listed!(),
            "AND a.published_at >= $2 ORDER BY a.published_at DESC, a.id DESC LIMIT $3"
        );
        on_pool!(self, read, |pool| {
            let rows: Vec<SitemapRow> = sqlx::query_as(SQL)
                .bind(now.millis())
                .bind(since.millis())
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?;
            rows.into_iter()
                .map(|row| {
                    Ok(SitemapEntry {
                        slug: slug_of("article slug", row.slug)?,
                        headline: row.headline,
                        language: language_of(row.language)?,
                        published_at: Timestamp::from_millis(row.published_at),
                        updated_at: Timestamp::from_millis(row.updated_at),
                    })
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        let cursor = Cursor { published_at: Timestamp::from_millis(1_795_771_800_123), id: 42 };
        assert_eq!(Cursor::parse(&cursor.to_param()), Some(cursor));
        for junk in ["", "12", "a-b", "1-0", "-5-3", "1-2-3", "99999999999999999999-1"] {
            assert_eq!(Cursor::parse(junk), None, "{junk}");
        }
    }
}
