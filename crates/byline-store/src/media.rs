//! The media library: photographs, the files made from each, and the
//! words said of them. The files themselves live in the data folder; the
//! store keeps their names (their content's hash) and sizes.

use std::collections::HashMap;

use byline_core::Timestamp;
use byline_core::media::MediaText;
use sqlx::FromRow;

use crate::backend::on_pool;
use crate::stories::{Editor, containing};
use crate::{Store, StoreError};

/// One file made from a photograph: a width in one format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// `jpeg`, `png` or `webp`.
    pub format: String,
    pub width: u32,
    pub height: u32,
    /// Its name in the data folder: its content's hash and extension.
    pub name: String,
    pub bytes: u64,
}

/// A photograph in the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaItem {
    pub id: i64,
    /// The upload's format.
    pub format: String,
    /// The photograph's size, upright.
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    /// Who uploaded it: their account, if it is still there.
    pub uploaded_by: Option<i64>,
    pub uploaded_by_name: String,
    pub created_at: Timestamp,
    /// Narrowest first, each width in every format made.
    pub files: Vec<MediaFile>,
}

/// A photograph to add.
#[derive(Debug, Clone, Copy)]
pub struct NewMedia<'a> {
    /// The uploaded file's hash: the same file is stored once.
    pub source_hash: &'a str,
    pub format: &'a str,
    pub width: u32,
    pub height: u32,
    pub text: &'a MediaText,
    pub uploader: Editor<'a>,
    pub files: &'a [MediaFile],
}

/// How adding a photograph went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddedMedia {
    Added(i64),
    /// The same file was uploaded before: that photograph, unchanged.
    Existing(i64),
}

impl AddedMedia {
    pub fn id(self) -> i64 {
        match self {
            Self::Added(id) | Self::Existing(id) => id,
        }
    }
}

/// How withdrawing a photograph went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withdrawn {
    /// Gone from the library; these files are no longer any photograph's
    /// and may be removed from the folder.
    Withdrawn { unused_files: Vec<String> },
    /// Stories (id, headline) lead with it, or author pages (by name) show
    /// it: it stays until they no longer do.
    InUse { stories: Vec<(i64, String)>, authors: Vec<String> },
    /// There is no such photograph.
    Gone,
}

#[derive(FromRow)]
struct MediaRow {
    id: i64,
    format: String,
    width: i64,
    height: i64,
    alt: String,
    caption: String,
    credit: String,
    uploaded_by: Option<i64>,
    uploaded_by_name: String,
    created_at: i64,
}

#[derive(FromRow)]
struct FileRow {
    media_id: i64,
    format: String,
    width: i64,
    height: i64,
    name: String,
    bytes: i64,
}

const MEDIA_COLUMNS: &str = "m.id, m.format, m.width, m.height, m.alt, m.caption, m.credit, m.uploaded_by, \
                             m.uploaded_by_name, m.created_at";

fn pixels(what: &'static str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| StoreError::Corrupt { what, value: value.to_string() })
}

impl MediaFile {
    fn of(row: FileRow) -> Result<Self, StoreError> {
        Ok(Self {
            format: row.format,
            width: pixels("media file width", row.width)?,
            height: pixels("media file height", row.height)?,
            name: row.name,
            bytes: u64::try_from(row.bytes).unwrap_or_default(),
        })
    }
}

/// `$1, $2, ...` for `count` bound values.
fn slots(count: usize) -> String {
    (1..=count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// The lower-cased words the library's search matches.
fn search_key(text: &MediaText) -> String {
    format!("{} {} {}", text.alt, text.caption, text.credit).to_lowercase()
}

impl Store {
    /// Adds a photograph and its files in one transaction, unless the same
    /// upload is there already.
    pub async fn add_media(&self, new: &NewMedia<'_>, now: Timestamp) -> Result<AddedMedia, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            // The same upload at the same moment from elsewhere: one row,
            // and the other is told of it.
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO media (source_hash, format, width, height, alt, caption, credit, search_key, \
                   uploaded_by, uploaded_by_name, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (source_hash) DO NOTHING RETURNING id",
            )
            .bind(new.source_hash)
            .bind(new.format)
            .bind(i64::from(new.width))
            .bind(i64::from(new.height))
            .bind(&new.text.alt)
            .bind(&new.text.caption)
            .bind(&new.text.credit)
            .bind(search_key(new.text))
            .bind(new.uploader.id)
            .bind(new.uploader.name)
            .bind(now.millis())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = inserted else {
                let existing: i64 = sqlx::query_scalar("SELECT id FROM media WHERE source_hash = $1")
                    .bind(new.source_hash)
                    .fetch_one(&mut *tx)
                    .await?;
                return Ok(AddedMedia::Existing(existing));
            };
            for file in new.files {
                sqlx::query(
                    "INSERT INTO media_files (media_id, format, width, height, name, bytes) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(&file.format)
                .bind(i64::from(file.width))
                .bind(i64::from(file.height))
                .bind(&file.name)
                .bind(i64::try_from(file.bytes).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(AddedMedia::Added(id))
        })
    }

    /// Changes what is said of photograph `id`; false if it is not there.
    /// The pages of the stories it leads change with it (their cached
    /// copies are stale), their stories do not.
    pub async fn set_media_text(&self, id: i64, text: &MediaText) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done =
                sqlx::query("UPDATE media SET alt = $2, caption = $3, credit = $4, search_key = $5 WHERE id = $1")
                    .bind(id)
                    .bind(&text.alt)
                    .bind(&text.caption)
                    .bind(&text.credit)
                    .bind(search_key(text))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            sqlx::query("UPDATE articles SET version = version + 1 WHERE lead_media_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(done == 1)
        })
    }

    /// Whether photograph `id` leads a story that is scheduled or
    /// published: one readers see, or will.
    pub async fn media_leads_public_story(&self, id: i64) -> Result<bool, StoreError> {
        const SQL: &str = concat!(
            "SELECT COUNT(*) FROM articles a WHERE a.lead_media_id = $1 AND a.status IN ",
            crate::articles::public_states!()
        );
        let count: i64 = on_pool!(self, read, |pool| sqlx::query_scalar(SQL).bind(id).fetch_one(pool).await?);
        Ok(count > 0)
    }

    /// Takes photograph `id` out of the library, unless a story leads with
    /// it or an author page shows it: its rows go, old revisions that led
    /// with it lead with nothing, and the files no other photograph shares
    /// are named for removal.
    pub async fn withdraw_media(&self, id: i64) -> Result<Withdrawn, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM media WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
            if exists.is_none() {
                return Ok(Withdrawn::Gone);
            }
            let stories: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, headline FROM articles WHERE lead_media_id = $1 ORDER BY id")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            let authors: Vec<String> =
                sqlx::query_scalar("SELECT name FROM authors WHERE photo_media_id = $1 ORDER BY name")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            if !stories.is_empty() || !authors.is_empty() {
                return Ok(Withdrawn::InUse { stories, authors });
            }
            let names: Vec<String> = sqlx::query_scalar("SELECT name FROM media_files WHERE media_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
            sqlx::query("UPDATE article_revisions SET lead_media_id = NULL WHERE lead_media_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM media_files WHERE media_id = $1").bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM media WHERE id = $1").bind(id).execute(&mut *tx).await?;
            let mut unused_files = Vec::with_capacity(names.len());
            for name in names {
                // Two uploads of the same pixels (differing only in their
                // metadata) make the same files.
                let shared: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media_files WHERE name = $1")
                    .bind(&name)
                    .fetch_one(&mut *tx)
                    .await?;
                if shared == 0 {
                    unused_files.push(name);
                }
            }
            tx.commit().await?;
            Ok(Withdrawn::Withdrawn { unused_files })
        })
    }

    /// Photograph `id` with its files.
    pub async fn media(&self, id: i64) -> Result<Option<MediaItem>, StoreError> {
        Ok(self.media_by_ids(&[id]).await?.remove(&id))
    }

    /// The photographs named, with their files, by id; ids not there are
    /// left out.
    pub async fn media_by_ids(&self, ids: &[i64]) -> Result<HashMap<i64, MediaItem>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!("SELECT {MEDIA_COLUMNS} FROM media m WHERE m.id IN ({})", slots(ids.len()));
        let rows: Vec<MediaRow> = on_pool!(self, read, |pool| {
            let mut query = sqlx::query_as(&sql);
            for id in ids {
                query = query.bind(*id);
            }
            query.fetch_all(pool).await?
        });
        self.with_files(rows).await.map(|items| items.into_iter().map(|item| (item.id, item)).collect())
    }

    /// The lead photographs of the articles named, by article.
    pub async fn lead_images(&self, article_ids: &[i64]) -> Result<HashMap<i64, MediaItem>, StoreError> {
        if article_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT id, lead_media_id FROM articles WHERE lead_media_id IS NOT NULL AND id IN ({})",
            slots(article_ids.len())
        );
        let pairs: Vec<(i64, i64)> = on_pool!(self, read, |pool| {
            let mut query = sqlx::query_as(&sql);
            for id in article_ids {
                query = query.bind(*id);
            }
            query.fetch_all(pool).await?
        });
        let media_ids: Vec<i64> = pairs.iter().map(|&(_, media)| media).collect();
        let media = self.media_by_ids(&media_ids).await?;
        Ok(pairs.into_iter().filter_map(|(article, id)| Some((article, media.get(&id)?.clone()))).collect())
    }

    /// The library, newest first: `limit` photographs before `before` (an
    /// id) whose alt text, caption or credit hold `text`, and the id to
    /// go on from if there are more.
    pub async fn media_library(
        &self,
        text: Option<&str>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<(Vec<MediaItem>, Option<i64>), StoreError> {
        let sql = format!(
            "SELECT {MEDIA_COLUMNS} FROM media m \
             WHERE m.id < $1 AND ($2 = '' OR m.search_key LIKE $2 ESCAPE '\\') \
             ORDER BY m.id DESC LIMIT $3"
        );
        let pattern = text.map(containing).unwrap_or_default();
        let rows: Vec<MediaRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(&sql)
                .bind(before.unwrap_or(i64::MAX))
                .bind(pattern)
                .bind(i64::from(limit) + 1)
                .fetch_all(pool)
                .await?
        });
        let mut items = self.with_files(rows).await?;
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|item| item.id)
        } else {
            None
        };
        Ok((items, next))
    }

    /// The rows as photographs, each with its files, in the rows' order.
    async fn with_files(&self, rows: Vec<MediaRow>) -> Result<Vec<MediaItem>, StoreError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT media_id, format, width, height, name, bytes FROM media_files WHERE media_id IN ({}) \
             ORDER BY media_id, width, format",
            slots(rows.len())
        );
        let files: Vec<FileRow> = on_pool!(self, read, |pool| {
            let mut query = sqlx::query_as(&sql);
            for row in &rows {
                query = query.bind(row.id);
            }
            query.fetch_all(pool).await?
        });
        let mut by_media: HashMap<i64, Vec<MediaFile>> = HashMap::new();
        for file in files {
            by_media.entry(file.media_id).or_default().push(MediaFile::of(file)?);
        }
        rows.into_iter()
            .map(|row| {
                Ok(MediaItem {
                    id: row.id,
                    format: row.format,
                    width: pixels("media width", row.width)?,
                    height: pixels("media height", row.height)?,
                    alt: row.alt,
                    caption: row.caption,
                    credit: row.credit,
                    uploaded_by: row.uploaded_by,
                    uploaded_by_name: row.uploaded_by_name,
                    created_at: Timestamp::from_millis(row.created_at),
                    files: by_media.remove(&row.id).unwrap_or_default(),
                })
            })
            .collect()
    }
}
