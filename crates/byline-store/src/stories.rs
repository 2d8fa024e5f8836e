//! Writing stories: articles in any state, each save (from the desk or
//! an article file) written whole with a revision beside it; the desk's
//! saves guarded by the version the editor started from; and the slugs a
//! story has left behind.

use byline_core::articles::bylines;
use byline_core::{
    ArticleInput, ArticleStatus, CommentMode, LanguageTag, NamedSlug, NoteKind, Slug, StoryFields, Timestamp,
};
use sqlx::{Database, Encode, Executor, FromRow, IntoArguments, Transaction, Type};

use crate::Cursor;
use crate::articles::visible;
use crate::backend::on_pool;
use crate::{Store, StoreError};

/// Who saves: their account (`None` for the command line or an import)
/// and the name the revision list shows.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    pub id: Option<i64>,
    pub name: &'a str,
}

/// What a save starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// A story not yet stored.
    New,
    /// Story `id` as it stood at `version`: the save is refused if anyone
    /// has saved it since.
    Version { id: i64, version: i64 },
}

/// How a save went. Nothing is written unless it is [`Saved::Saved`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Saved {
        id: i64,
        version: i64,
    },
    /// Someone saved the story after the version this save started from.
    Conflict {
        current: i64,
    },
    /// Another story has the slug, or had it once (its old URL is kept).
    SlugTaken,
    /// The story is not there (deleted meanwhile).
    Gone,
}

/// A story as the editor opens it: every field as last saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub id: i64,
    pub version: i64,
    pub fields: StoryFields,
    pub created_by: Option<i64>,
    pub updated_at: Timestamp,
    /// Who saved it last, as the revision names them.
    pub updated_by_name: String,
}

/// A correction or update to append.
#[derive(Debug, Clone, Copy)]
pub struct NewNote<'a> {
    pub kind: NoteKind,
    /// Plain text.
    pub body: &'a str,
    /// The revision list's words for appending it.
    pub revision_note: &'a str,
}

/// One line of a story's revision list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionEntry {
    pub version: i64,
    pub editor_id: Option<i64>,
    pub editor_name: String,
    pub at: Timestamp,
    pub note: String,
    pub status: ArticleStatus,
    pub headline: String,
}

/// A revision whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub entry: RevisionEntry,
    pub fields: StoryFields,
}

#[derive(FromRow)]
struct FieldsRow {
    slug: String,
    kicker: Option<String>,
    headline: String,
    standfirst: String,
    body_source: String,
    language: String,
    author_name: String,
    section_slug: String,
    section_name: String,
    tags: String,
    status: String,
    published_at: Option<i64>,
    featured_rank: Option<i64>,
    comment_mode: Option<String>,
    call_to_comment: Option<String>,
    lead_media_id: Option<i64>,
}

#[derive(FromRow)]
struct StoryRow {
    id: i64,
    version: i64,
    created_by: Option<i64>,
    updated_at: i64,
    updated_by_name: String,
    #[sqlx(flatten)]
    fields: FieldsRow,
}

#[derive(FromRow)]
struct EntryRow {
    version: i64,
    editor_id: Option<i64>,
    editor_name: String,
    created_at: i64,
    note: String,
    status: String,
    headline: String,
}

#[derive(FromRow)]
struct RevisionRow {
    #[sqlx(flatten)]
    entry: EntryRow,
    #[sqlx(flatten)]
    fields: FieldsRow,
}

/// Which stories the desk lists; `None` is any.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeskFilter<'a> {
    pub status: Option<ArticleStatus>,
    pub section: Option<&'a Slug>,
    /// Part of the byline.
    pub author: Option<&'a str>,
    /// Part of the headline, standfirst or kicker.
    pub text: Option<&'a str>,
}

/// A story as a line of the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskLine {
    pub id: i64,
    pub slug: Slug,
    pub headline: String,
    pub status: ArticleStatus,
    pub section: NamedSlug,
    pub author_name: String,
    pub published_at: Option<Timestamp>,
    pub updated_at: Timestamp,
    pub updated_by_name: String,
}

#[derive(FromRow)]
struct DeskRow {
    id: i64,
    slug: String,
    headline: String,
    status: String,
    section_slug: String,
    section_name: String,
    author_name: String,
    published_at: Option<i64>,
    updated_at: i64,
    updated_by_name: String,
}

/// `%text%` for LIKE, with LIKE's own characters taken literally.
pub(crate) fn containing(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{}%", escaped.to_lowercase())
}

fn corrupt(what: &'static str, value: impl Into<String>) -> StoreError {
    StoreError::Corrupt { what, value: value.into() }
}

fn slug(what: &'static str, raw: &str) -> Result<Slug, StoreError> {
    Slug::parse(raw).map_err(|_| corrupt(what, raw))
}

fn status(raw: &str) -> Result<ArticleStatus, StoreError> {
    raw.parse().map_err(|_| corrupt("article status", raw))
}

/// Tags as a revision keeps them: `slug<TAB>name`, one per line.
fn tags_text(tags: &[NamedSlug]) -> String {
    tags.iter().map(|t| format!("{}\t{}", t.slug, t.name)).collect::<Vec<_>>().join("\n")
}

fn tags_of(text: &str) -> Result<Vec<NamedSlug>, StoreError> {
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (raw, name) = line.split_once('\t').ok_or_else(|| corrupt("revision tags", line))?;
            Ok(NamedSlug { slug: slug("tag slug", raw)?, name: name.to_owned() })
        })
        .collect()
}

impl TryFrom<FieldsRow> for StoryFields {
    type Error = StoreError;
    fn try_from(row: FieldsRow) -> Result<Self, StoreError> {
        Ok(Self {
            slug: slug("article slug", &row.slug)?,
            kicker: row.kicker,
            headline: row.headline,
            standfirst: row.standfirst,
            body_source: row.body_source,
            language: LanguageTag::parse(&row.language).map_err(|_| corrupt("language", row.language))?,
            author_name: row.author_name,
            section: NamedSlug { slug: slug("section slug", &row.section_slug)?, name: row.section_name },
            tags: tags_of(&row.tags)?,
            status: status(&row.status)?,
            published_at: row.published_at.map(Timestamp::from_millis),
            featured_rank: row.featured_rank,
            comment_mode: row
                .comment_mode
                .map(|raw| raw.parse().map_err(|_| corrupt("comment mode", raw)))
                .transpose()?,
            call_to_comment: row.call_to_comment,
            lead_image: row.lead_media_id,
        })
    }
}

impl TryFrom<EntryRow> for RevisionEntry {
    type Error = StoreError;
    fn try_from(row: EntryRow) -> Result<Self, StoreError> {
        Ok(Self {
            version: row.version,
            editor_id: row.editor_id,
            editor_name: row.editor_name,
            at: Timestamp::from_millis(row.created_at),
            note: row.note,
            status: status(&row.status)?,
            headline: row.headline,
        })
    }
}

/// Whether [`Store::upsert_article`] made a new article or changed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Created(i64),
    Updated(i64),
}

impl Upserted {
    pub fn id(self) -> i64 {
        match self {
            Self::Created(id) | Self::Updated(id) => id,
        }
    }
}

/// The named things a story links to, each a table of slugs and names:
/// what a save writes of them.
#[derive(Debug, Clone, Copy)]
enum Named {
    Section,
    Tag,
    Author,
}

impl Named {
    /// Finds or creates one by its slug, answering its id.
    fn upsert(self) -> &'static str {
        match self {
            Self::Section => {
                "INSERT INTO sections (slug, name) VALUES ($1, $2) \
                 ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id"
            }
            Self::Tag => {
                "INSERT INTO tags (slug, name) VALUES ($1, $2) \
                 ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id"
            }
            Self::Author => {
                "INSERT INTO authors (slug, name) VALUES ($1, $2) \
                 ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id"
            }
        }
    }

    /// Drops a story's links (`$1`) and adds one (`$1`, `$2` the id, `$3`
    /// its place); a story has one section, kept on its own row.
    fn links(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::Section => None,
            Self::Tag => Some((
                "DELETE FROM article_tags WHERE article_id = $1",
                "INSERT INTO article_tags (article_id, tag_id, position) VALUES ($1, $2, $3)",
            )),
            Self::Author => Some((
                "DELETE FROM article_authors WHERE article_id = $1",
                "INSERT INTO article_authors (article_id, author_id, position) VALUES ($1, $2, $3)",
            )),
        }
    }
}

/// The id of `named`, created if new, inside a save's transaction.
async fn named_id<DB>(tx: &mut Transaction<'_, DB>, kind: Named, named: &NamedSlug) -> Result<i64, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'r> (i64,): FromRow<'r, DB::Row>,
{
    Ok(sqlx::query_scalar(kind.upsert())
        .bind(named.slug.as_str())
        .bind(named.name.as_str())
        .fetch_one(&mut **tx)
        .await?)
}

/// Replaces article `article_id`'s links of `kind` (tags, bylines) with
/// `names`, in order, inside a save's transaction.
async fn set_links<DB>(
    tx: &mut Transaction<'_, DB>,
    kind: Named,
    article_id: i64,
    names: &[NamedSlug],
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> (i64,): FromRow<'r, DB::Row>,
{
    let Some((clear, link)) = kind.links() else { return Ok(()) };
    sqlx::query(clear).bind(article_id).execute(&mut **tx).await?;
    for (position, named) in (0_i64..).zip(names) {
        let id = named_id(tx, kind, named).await?;
        sqlx::query(link).bind(article_id).bind(id).bind(position).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Why a save guarded by a version wrote nothing: story `id` moved on to
/// a newer version meanwhile, or is gone.
async fn moved_on<DB>(tx: &mut Transaction<'_, DB>, id: i64) -> Result<Saved, StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'r> (i64,): FromRow<'r, DB::Row>,
{
    let current: Option<i64> = sqlx::query_scalar("SELECT edit_version FROM articles WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(current.map_or(Saved::Gone, |current| Saved::Conflict { current }))
}

/// What the desk's search matches a story by, folded to lower case here
/// so both backends fold alike: (headline, kicker and standfirst; byline).
fn search_keys(kicker: Option<&str>, headline: &str, standfirst: &str, author_name: &str) -> (String, String) {
    let text = format!("{} {headline} {standfirst}", kicker.unwrap_or_default());
    (text.to_lowercase(), author_name.to_lowercase())
}

/// What every save writes beside article `article_id`'s own row, inside
/// the save's transaction: its tags and bylines, the columns derived from
/// the input (search keys) or kept out of the main statement (the lead
/// photograph), and the revision that `version` is.
async fn write_beside_row<DB>(
    tx: &mut Transaction<'_, DB>,
    article_id: i64,
    version: i64,
    input: &ArticleInput,
    editor: Editor<'_>,
    note: &str,
    now: Timestamp,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'r> (i64,): FromRow<'r, DB::Row>,
{
    set_links(tx, Named::Tag, article_id, &input.tags).await?;
    set_links(tx, Named::Author, article_id, &bylines(&input.author_name)).await?;
    let (desk_key, byline_key) =
        search_keys(input.kicker.as_deref(), &input.headline, &input.standfirst, &input.author_name);
    let (search_title, search_body) = crate::search::story_words(input);
    sqlx::query(
        "UPDATE articles SET desk_key = $2, byline_key = $3, lead_media_id = $4, search_title = $5, \
           search_body = $6 WHERE id = $1",
    )
    .bind(article_id)
    .bind(desk_key)
    .bind(byline_key)
    .bind(input.lead_image)
    .bind(search_title)
    .bind(search_body)
    .execute(&mut **tx)
    .await?;
    record_revision(tx, article_id, version, &StoryFields::of(input), editor, note, now).await
}

/// Writes the revision that `version` of story `article_id` is, inside the
/// save's transaction.
pub(crate) async fn record_revision<DB>(
    tx: &mut Transaction<'_, DB>,
    article_id: i64,
    version: i64,
    input: &StoryFields,
    editor: Editor<'_>,
    note: &str,
    now: Timestamp,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(
        "INSERT INTO article_revisions (article_id, version, editor_id, editor_name, created_at, note, slug, \
           kicker, headline, standfirst, body_source, language, author_name, section_slug, section_name, tags, \
           status, published_at, featured_rank, comment_mode, call_to_comment, lead_media_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
           $22)",
    )
    .bind(article_id)
    .bind(version)
    .bind(editor.id)
    .bind(editor.name)
    .bind(now.millis())
    .bind(note)
    .bind(input.slug.as_str())
    .bind(input.kicker.as_deref())
    .bind(input.headline.as_str())
    .bind(input.standfirst.as_str())
    .bind(input.body_source.as_str())
    .bind(input.language.as_str())
    .bind(input.author_name.as_str())
    .bind(input.section.slug.as_str())
    .bind(input.section.name.as_str())
    .bind(tags_text(&input.tags))
    .bind(input.status.as_str())
    .bind(input.published_at.map(Timestamp::millis))
    .bind(input.featured_rank)
    .bind(input.comment_mode.map(CommentMode::as_str))
    .bind(input.call_to_comment.as_deref())
    .bind(input.lead_image)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The columns a story is opened with, from `articles a` and its section.
macro_rules! story_columns {
    () => {
        "a.id, a.edit_version AS version, a.created_by, a.updated_at, a.updated_by_name, a.slug, a.kicker, a.headline, \
         a.standfirst, a.body_source, a.language, a.author_name, s.slug AS section_slug, \
         s.name AS section_name, a.status, a.published_at, a.featured_rank, \
         CASE WHEN a.comments_follow_section = 1 THEN NULL ELSE a.comment_mode END AS comment_mode, \
         a.call_to_comment, a.lead_media_id, \
         COALESCE((SELECT r.tags FROM article_revisions r WHERE r.article_id = a.id AND r.version = a.edit_version), \
           '') AS tags"
    };
}

impl Store {
    /// Creates the article named by `input.slug`, or replaces every field of
    /// the existing one, in one transaction with its section and tags.
    pub async fn upsert_article(&self, input: &ArticleInput, now: Timestamp) -> Result<Upserted, StoreError> {
        let default_published_at = match input.status {
            ArticleStatus::Draft | ArticleStatus::Submitted | ArticleStatus::Unpublished => None,
            ArticleStatus::Scheduled | ArticleStatus::Published => Some(now.millis()),
        };
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let section_id = named_id(&mut tx, Named::Section, &input.section).await?;

            let (article_id, version): (i64, i64) = sqlx::query_as(
                "INSERT INTO articles (slug, kicker, headline, standfirst, body_source, body_html, language, \
                   author_name, section_id, status, published_at, created_at, updated_at, featured_rank, \
                   comment_mode, call_to_comment, comments_follow_section) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11, $12), $13, $13, $14, $15, $16, $17) \
                 ON CONFLICT (slug) DO UPDATE SET kicker = excluded.kicker, headline = excluded.headline, \
                   standfirst = excluded.standfirst, body_source = excluded.body_source, \
                   body_html = excluded.body_html, language = excluded.language, \
                   author_name = excluded.author_name, section_id = excluded.section_id, \
                   status = excluded.status, \
                   published_at = COALESCE($11, articles.published_at, $12), \
                   updated_at = excluded.updated_at, featured_rank = excluded.featured_rank, \
                   comment_mode = excluded.comment_mode, call_to_comment = excluded.call_to_comment, \
                   comments_follow_section = excluded.comments_follow_section, version = articles.version + 1, \
                   edit_version = articles.edit_version + 1 \
                 RETURNING id, edit_version",
            )
            .bind(input.slug.as_str())
            .bind(input.kicker.as_deref())
            .bind(&input.headline)
            .bind(&input.standfirst)
            .bind(&input.body_source)
            .bind(input.body_html.as_str())
            .bind(input.language.as_str())
            .bind(&input.author_name)
            .bind(section_id)
            .bind(input.status.as_str())
            .bind(input.published_at.map(Timestamp::millis))
            .bind(default_published_at)
            .bind(now.millis())
            .bind(input.featured_rank)
            .bind(input.comment_mode.unwrap_or(CommentMode::Open).as_str())
            .bind(input.call_to_comment.as_deref())
            .bind(i64::from(input.comment_mode.is_none()))
            .fetch_one(&mut *tx)
            .await?;

            let editor = Editor { id: None, name: "" };
            write_beside_row(&mut tx, article_id, version, input, editor, "", now).await?;
            tx.commit().await?;
            Ok(if version == 1 { Upserted::Created(article_id) } else { Upserted::Updated(article_id) })
        })
    }

    /// Saves a story whole, with a revision, in one transaction: a new one
    /// (its slug must be free, and never used by another story), or a new
    /// version of one, only if nobody saved it after `base`. Changing the
    /// slug of a story readers could once see keeps the old one, so its URL
    /// can forever send readers on.
    pub async fn save_story(
        &self,
        base: Base,
        input: &ArticleInput,
        editor: Editor<'_>,
        note: &str,
        now: Timestamp,
    ) -> Result<Saved, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let retired: Option<i64> = sqlx::query_scalar("SELECT article_id FROM article_old_slugs WHERE slug = $1")
                .bind(input.slug.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let holder: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
                .bind(input.slug.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let (id, version) = match base {
                Base::New => {
                    if retired.is_some() || holder.is_some() {
                        return Ok(Saved::SlugTaken);
                    }
                    (None, 1)
                }
                Base::Version { id, version } => {
                    let current: Option<(i64, String, String, Option<i64>)> =
                        sqlx::query_as("SELECT edit_version, slug, status, published_at FROM articles WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    let Some((current, old_slug, old_status, published_at)) = current else {
                        return Ok(Saved::Gone);
                    };
                    if current != version {
                        return Ok(Saved::Conflict { current });
                    }
                    if retired.is_some_and(|a| a != id) || holder.is_some_and(|a| a != id) {
                        return Ok(Saved::SlugTaken);
                    }
                    // A slug readers may have seen stays, pointing here.
                    let old_status = status(&old_status)?;
                    let was_seen =
                        (old_status.is_public() || old_status == ArticleStatus::Unpublished) && published_at.is_some();
                    if old_slug != input.slug.as_str() {
                        sqlx::query("DELETE FROM article_old_slugs WHERE slug = $1")
                            .bind(input.slug.as_str())
                            .execute(&mut *tx)
                            .await?;
                        if was_seen {
                            sqlx::query(
                                "INSERT INTO article_old_slugs (slug, article_id, retired_at) VALUES ($1, $2, $3)",
                            )
                            .bind(&old_slug)
                            .bind(id)
                            .bind(now.millis())
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                    (Some(id), current + 1)
                }
            };
            let section_id = named_id(&mut tx, Named::Section, &input.section).await?;
            let published_at = match (input.status.is_public(), input.published_at) {
                (_, Some(at)) => Some(at.millis()),
                (true, None) => Some(now.millis()),
                (false, None) => None,
            };
            let query = match id {
                None => sqlx::query_scalar(
                    "INSERT INTO articles (slug, kicker, headline, standfirst, body_source, body_html, language, \
                       author_name, section_id, status, published_at, created_at, updated_at, featured_rank, \
                       comment_mode, call_to_comment, comments_follow_section, updated_by_name, created_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16, $17, $18) \
                     RETURNING id",
                ),
                Some(_) => sqlx::query_scalar(
                    "UPDATE articles SET slug = $1, kicker = $2, headline = $3, standfirst = $4, \
                       body_source = $5, body_html = $6, language = $7, author_name = $8, section_id = $9, \
                       status = $10, published_at = $11, updated_at = $12, \
                       featured_rank = $13, comment_mode = $14, call_to_comment = $15, \
                       comments_follow_section = $16, updated_by_name = $17, version = version + 1, \
                       edit_version = edit_version + 1 \
                     WHERE id = $18 AND edit_version = $19 RETURNING id",
                ),
            }
            .bind(input.slug.as_str())
            .bind(input.kicker.as_deref())
            .bind(&input.headline)
            .bind(&input.standfirst)
            .bind(&input.body_source)
            .bind(input.body_html.as_str())
            .bind(input.language.as_str())
            .bind(&input.author_name)
            .bind(section_id)
            .bind(input.status.as_str())
            .bind(published_at)
            .bind(now.millis())
            .bind(input.featured_rank)
            .bind(input.comment_mode.unwrap_or(CommentMode::Open).as_str())
            .bind(input.call_to_comment.as_deref())
            .bind(i64::from(input.comment_mode.is_none()))
            .bind(editor.name);
            // The update holds only if nobody saved since the version read
            // above: under PostgreSQL's READ COMMITTED two saves may both
            // have read it, and the second must find the row moved on.
            let written: Option<i64> = match id {
                None => query.bind(editor.id),
                Some(id) => query.bind(id).bind(version - 1),
            }
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = written else { return moved_on(&mut tx, id.unwrap_or_default()).await };
            write_beside_row(&mut tx, id, version, input, editor, note, now).await?;
            tx.commit().await?;
            Ok(Saved::Saved { id, version })
        })
    }

    /// Story `id` in whatever state, as last saved.
    pub async fn story(&self, id: i64) -> Result<Option<Story>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            story_columns!(),
            " FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = $1"
        );
        let row: Option<StoryRow> =
            on_pool!(self, read, |pool| sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?);
        let Some(row) = row else { return Ok(None) };
        let mut fields = StoryFields::try_from(row.fields)?;
        fields.tags = self.tags_of(row.id).await?;
        Ok(Some(Story {
            id: row.id,
            version: row.version,
            created_by: row.created_by,
            updated_at: Timestamp::from_millis(row.updated_at),
            updated_by_name: row.updated_by_name,
            fields,
        }))
    }

    /// Every revision of story `id`, newest first.
    pub async fn revisions(&self, id: i64) -> Result<Vec<RevisionEntry>, StoreError> {
        const SQL: &str = "SELECT version, editor_id, editor_name, created_at, note, status, headline \
             FROM article_revisions WHERE article_id = $1 ORDER BY version DESC";
        let rows: Vec<EntryRow> = on_pool!(self, read, |pool| sqlx::query_as(SQL).bind(id).fetch_all(pool).await?);
        rows.into_iter().map(RevisionEntry::try_from).collect()
    }

    /// Revision `version` of story `id`, whole.
    pub async fn revision(&self, id: i64, version: i64) -> Result<Option<Revision>, StoreError> {
        const SQL: &str = "SELECT version, editor_id, editor_name, created_at, note, status, headline, slug, kicker, \
               standfirst, body_source, language, author_name, section_slug, section_name, tags, published_at, \
               featured_rank, comment_mode, call_to_comment, lead_media_id \
             FROM article_revisions WHERE article_id = $1 AND version = $2";
        let row: Option<RevisionRow> =
            on_pool!(self, read, |pool| sqlx::query_as(SQL).bind(id).bind(version).fetch_optional(pool).await?);
        row.map(|row| Ok(Revision { entry: row.entry.try_into()?, fields: row.fields.try_into()? })).transpose()
    }

    /// Gives stories stored before the desk searched them their search
    /// keys; safe to run on every start.
    pub(crate) async fn key_stories(&self) -> Result<(), StoreError> {
        type Unkeyed = (i64, Option<String>, String, String, String);
        let unkeyed: Vec<Unkeyed> = on_pool!(self, write, |pool| {
            sqlx::query_as(
                "SELECT id, kicker, headline, standfirst, author_name FROM articles \
                 WHERE external_key IS NULL AND (desk_key = '' OR byline_key = '')",
            )
            .fetch_all(pool)
            .await?
        });
        for (id, kicker, headline, standfirst, author_name) in unkeyed {
            let (desk_key, byline_key) = search_keys(kicker.as_deref(), &headline, &standfirst, &author_name);
            on_pool!(self, write, |pool| {
                sqlx::query("UPDATE articles SET desk_key = $2, byline_key = $3 WHERE id = $1")
                    .bind(id)
                    .bind(&desk_key)
                    .bind(&byline_key)
                    .execute(pool)
                    .await?;
            });
        }
        Ok(())
    }

    /// Gives stories stored before revisions were kept a first one, their
    /// version as it stands; safe to run on every start.
    pub(crate) async fn record_missing_revisions(&self) -> Result<(), StoreError> {
        let bare: Vec<i64> = on_pool!(self, write, |pool| {
            sqlx::query_scalar(
                "SELECT a.id FROM articles a \
                 WHERE a.external_key IS NULL \
                   AND NOT EXISTS (SELECT 1 FROM article_revisions r WHERE r.article_id = a.id AND r.version = a.edit_version)",
            )
            .fetch_all(pool)
            .await?
        });
        for id in bare {
            let Some(story) = self.story(id).await? else { continue };
            let editor = Editor { id: None, name: &story.updated_by_name };
            on_pool!(self, write, |pool| {
                let mut tx = pool.begin().await?;
                record_revision(&mut tx, id, story.version, &story.fields, editor, "", story.updated_at).await?;
                tx.commit().await?;
            });
        }
        Ok(())
    }

    /// Gives stories written before bylines had pages their authors, from
    /// their byline's text; safe to run on every start.
    pub(crate) async fn link_bylines(&self) -> Result<(), StoreError> {
        let unlinked: Vec<(i64, String)> = on_pool!(self, write, |pool| {
            sqlx::query_as(
                "SELECT a.id, a.author_name FROM articles a \
                 WHERE a.external_key IS NULL AND NOT EXISTS (SELECT 1 FROM article_authors w WHERE w.article_id = a.id)",
            )
            .fetch_all(pool)
            .await?
        });
        for (id, author_name) in unlinked {
            on_pool!(self, write, |pool| {
                let mut tx = pool.begin().await?;
                set_links(&mut tx, Named::Author, id, &bylines(&author_name)).await?;
                tx.commit().await?;
            });
        }
        Ok(())
    }

    /// The slug of the story an old slug now belongs to, whatever its
    /// state; `None` if no story ever left it.
    /// Records `paths` (addresses on the system a story came from) as
    /// leading to story `article_id`; a path already recorded keeps its
    /// story.
    pub async fn add_old_paths(&self, article_id: i64, paths: &[String]) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            for path in paths {
                sqlx::query("INSERT INTO old_paths (path, article_id) VALUES ($1, $2) ON CONFLICT (path) DO NOTHING")
                    .bind(path)
                    .bind(article_id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The slug of the story an old address leads to, if readers may see
    /// it at `now`.
    pub async fn old_path_target(&self, path: &str, now: Timestamp) -> Result<Option<Slug>, StoreError> {
        const SQL: &str = concat!(
            "SELECT a.slug FROM old_paths o JOIN articles a ON a.id = o.article_id WHERE ",
            visible!(),
            "AND o.path = $2"
        );
        let found: Option<String> = on_pool!(self, read, |pool| sqlx::query_scalar(SQL)
            .bind(now.millis())
            .bind(path)
            .fetch_optional(pool)
            .await?);
        found.map(|raw| slug("article slug", &raw)).transpose()
    }

    pub async fn slug_retired_for(&self, old: &Slug) -> Result<Option<Slug>, StoreError> {
        const SQL: &str = "SELECT a.slug FROM article_old_slugs o JOIN articles a ON a.id = o.article_id \
             WHERE o.slug = $1";
        let found: Option<String> =
            on_pool!(self, read, |pool| sqlx::query_scalar(SQL).bind(old.as_str()).fetch_optional(pool).await?);
        found.map(|raw| slug("article slug", &raw)).transpose()
    }

    /// Where a slug a story once had now leads: the story's slug today, if
    /// readers may see it at `now`.
    pub async fn slug_moved_to(&self, old: &Slug, now: Timestamp) -> Result<Option<Slug>, StoreError> {
        const SQL: &str = concat!(
            "SELECT a.slug FROM article_old_slugs o JOIN articles a ON a.id = o.article_id WHERE ",
            visible!(),
            "AND o.slug = $2"
        );
        let found: Option<String> = on_pool!(self, read, |pool| {
            sqlx::query_scalar(SQL).bind(now.millis()).bind(old.as_str()).fetch_optional(pool).await?
        });
        found.map(|raw| slug("article slug", &raw)).transpose()
    }

    /// One page of the desk: stories in any state, the latest change
    /// first, after `after` (a [`Cursor`] holding a change's time).
    pub async fn desk_stories(
        &self,
        filter: DeskFilter<'_>,
        after: Option<Cursor>,
        limit: u32,
    ) -> Result<(Vec<DeskLine>, Option<Cursor>), StoreError> {
        const SQL: &str = "SELECT a.id, a.slug, a.headline, a.status, s.slug AS section_slug, \
               s.name AS section_name, a.author_name, a.published_at, a.updated_at, a.updated_by_name \
             FROM articles a JOIN sections s ON s.id = a.section_id \
             WHERE a.external_key IS NULL AND ($1 = '' OR a.status = $1) AND ($2 = '' OR s.slug = $2) \
               AND ($3 = '' OR a.byline_key LIKE $3 ESCAPE '\\') \
               AND ($4 = '' OR a.desk_key LIKE $4 ESCAPE '\\') \
               AND (a.updated_at < $5 OR (a.updated_at = $5 AND a.id < $6)) \
             ORDER BY a.updated_at DESC, a.id DESC LIMIT $7";
        let (before, before_id) = after.map_or((i64::MAX, i64::MAX), |c| (c.published_at.millis(), c.id));
        let rows: Vec<DeskRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(SQL)
                .bind(filter.status.map_or("", ArticleStatus::as_str))
                .bind(filter.section.map_or("", Slug::as_str))
                .bind(filter.author.map(containing).unwrap_or_default())
                .bind(filter.text.map(containing).unwrap_or_default())
                .bind(before)
                .bind(before_id)
                .bind(i64::from(limit) + 1)
                .fetch_all(pool)
                .await?
        });
        let mut lines = rows
            .into_iter()
            .map(|row| {
                Ok(DeskLine {
                    id: row.id,
                    slug: slug("article slug", &row.slug)?,
                    headline: row.headline,
                    status: status(&row.status)?,
                    section: NamedSlug { slug: slug("section slug", &row.section_slug)?, name: row.section_name },
                    author_name: row.author_name,
                    published_at: row.published_at.map(Timestamp::from_millis),
                    updated_at: Timestamp::from_millis(row.updated_at),
                    updated_by_name: row.updated_by_name,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let next = (lines.len() > limit as usize).then(|| {
            lines.truncate(limit as usize);
            lines.last().map(|l| Cursor { published_at: l.updated_at, id: l.id })
        });
        Ok((lines, next.flatten()))
    }

    /// Appends a correction or update to story `id`, as it stood at
    /// `version`: a new version of the story (its page and its time of
    /// change follow), with a revision saying so.
    pub async fn append_note(
        &self,
        id: i64,
        version: i64,
        note: NewNote<'_>,
        editor: Editor<'_>,
        now: Timestamp,
    ) -> Result<Saved, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let moved = sqlx::query(
                "UPDATE articles SET version = version + 1, edit_version = edit_version + 1, updated_at = $2, \
                   updated_by_name = $3 WHERE id = $1 AND edit_version = $4",
            )
            .bind(id)
            .bind(now.millis())
            .bind(editor.name)
            .bind(version)
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() == 0 {
                return moved_on(&mut tx, id).await;
            }
            sqlx::query(
                "INSERT INTO article_notes (article_id, kind, body, created_at, editor_id, editor_name) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(note.kind.as_str())
            .bind(note.body)
            .bind(now.millis())
            .bind(editor.id)
            .bind(editor.name)
            .execute(&mut *tx)
            .await?;
            // The new version's revision: the same fields, a new line.
            sqlx::query(
                "INSERT INTO article_revisions (article_id, version, editor_id, editor_name, created_at, note, slug, \
                   kicker, headline, standfirst, body_source, language, author_name, section_slug, section_name, \
                   tags, status, published_at, featured_rank, comment_mode, call_to_comment) \
                 SELECT article_id, $3, $4, $5, $6, $7, slug, kicker, headline, standfirst, body_source, language, \
                   author_name, section_slug, section_name, tags, status, published_at, featured_rank, \
                   comment_mode, call_to_comment \
                 FROM article_revisions WHERE article_id = $1 AND version = $2",
            )
            .bind(id)
            .bind(version)
            .bind(version + 1)
            .bind(editor.id)
            .bind(editor.name)
            .bind(now.millis())
            .bind(note.revision_note)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Saved::Saved { id, version: version + 1 })
        })
    }
}

/// A scheduled story whose time has come, as the announcement claims it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComeDue {
    pub id: i64,
    pub published_at: Timestamp,
}

impl Store {
    /// Scheduled stories whose time came after `since` and by `now`, not
    /// yet announced, oldest first, at most `limit`.
    pub async fn scheduled_stories_come_due(
        &self,
        since: Timestamp,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<ComeDue>, StoreError> {
        let rows: Vec<(i64, i64)> = on_pool!(self, read, |pool| {
            sqlx::query_as(concat!(
                "SELECT a.id, a.published_at FROM articles a WHERE a.status = '",
                byline_core::article_status!(Scheduled),
                "' AND a.published_at > $1 AND a.published_at <= $2 \
                 AND NOT EXISTS (SELECT 1 FROM scheduled_announcements s \
                                 WHERE s.article_id = a.id AND s.published_at = a.published_at) \
                 ORDER BY a.published_at, a.id LIMIT $3"
            ))
            .bind(since.millis())
            .bind(now.millis())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(id, at)| ComeDue { id, published_at: Timestamp::from_millis(at) }).collect())
    }

    /// Claims the announcement of `due`: true for the one caller whose
    /// claim lands, false for any other (another node, or a second look).
    pub async fn claim_scheduled_announcement(&self, due: ComeDue, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "INSERT INTO scheduled_announcements (article_id, published_at, announced_at) \
                 VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(due.id)
            .bind(due.published_at.millis())
            .bind(now.millis())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
