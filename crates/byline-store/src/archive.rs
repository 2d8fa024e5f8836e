//! A whole site as rows: read in one consistent snapshot for an export or
//! a backup, and written back into an empty database of either backend.
//!
//! Each row travels as a JSON object whose keys are its columns, made by
//! the database itself (`json_object` on SQLite, `row_to_json` on
//! PostgreSQL) and written back by it (`json_each` and `json_populate_
//! recordset`), so that values cross between the backends exactly: the
//! schema holds only integers and texts, which JSON carries without loss.
//! Ids are kept, so that every link, anchor and reference means after a
//! restore what it meant before.
//!
//! What an archive carries is [`ARCHIVE_TABLES`], in the order a restore
//! writes them: whatever a row points at is written before it. Sign-ins,
//! one-time links and unsent mail are not carried (readers sign in again);
//! the table of SQLite's comment-id counter is carried as a figure,
//! [`ArchiveFacts::next_comment_id`], as PostgreSQL keeps it in a sequence.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sqlx::{Postgres, Sqlite, Transaction};

use crate::backend::{Pools, on_pool};
use crate::{Backend, Store, StoreError};

/// A table an archive carries, and the order its rows are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveTable {
    pub name: &'static str,
    order_by: &'static str,
}

const fn table(name: &'static str, order_by: &'static str) -> ArchiveTable {
    ArchiveTable { name, order_by }
}

/// Every table an archive carries, each after those its rows point at.
/// Comments follow their id, which a reply's is always above its
/// parent's: a parent exists when its reply is written.
pub const ARCHIVE_TABLES: &[ArchiveTable] = &[
    table("sections", "id"),
    table("tags", "id"),
    table("users", "id"),
    table("host_accounts", "subject"),
    table("media", "id"),
    table("media_files", "media_id, format, width"),
    table("authors", "id"),
    table("articles", "id"),
    table("article_tags", "article_id, tag_id"),
    table("article_authors", "article_id, author_id"),
    table("article_revisions", "id"),
    table("article_old_slugs", "slug"),
    table("article_notes", "id"),
    table("old_paths", "path"),
    table("comments", "id"),
    table("comment_votes", "comment_id, user_id"),
    table("comment_flags", "comment_id, user_id"),
    table("thread_mutes", "user_id, root_id"),
    table("unsubscribe_links", "token_hash"),
    table("moderator_alert_choices", "user_id"),
    table("moderation_log", "id"),
    table("imported_records", "kind, source_id"),
    table("account_identities", "provider, subject"),
];

/// Tables an archive leaves out on purpose: sign-ins (those under way at a
/// provider too), one-time links and codes (and links of identities
/// waiting to be linked), host sites' used sign-in tokens and mail waiting
/// to be sent are a running site's, not its record; the
/// comment-id counter travels as [`ArchiveFacts::next_comment_id`].
/// Webhooks stay behind too: their secrets are credentials of other
/// systems, which a copy of the site (an export, a move to a test server)
/// must not carry or start calling; their queue and log are the running
/// site's, as the mail outbox is, and so are moderators' alerts waiting
/// for a digest, the record of scheduled stories announced and of
/// scheduled work done, and the first admin's link.
pub const TABLES_NOT_ARCHIVED: &[&str] = &[
    "sessions",
    "account_tokens",
    "frame_handoffs",
    "host_tokens_used",
    "provider_sign_ins",
    "identity_link_requests",
    "outbox",
    "comment_ids",
    "_sqlx_migrations",
    "webhook_endpoints",
    "webhook_deliveries",
    "webhook_attempts",
    "moderator_alerts",
    "scheduled_announcements",
    "scheduled_runs",
    "setup_link",
    "throttle_counts",
    // The search index (on SQLite, with its own tables): the stories'
    // search words travel with the stories, and triggers index them as
    // they arrive.
    "article_search",
    "article_search_data",
    "article_search_idx",
    "article_search_docsize",
    "article_search_config",
];

/// What an archive says of the database it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveFacts {
    /// The newest migration applied: an archive restores only into a
    /// database at the same version.
    pub schema_version: i64,
    /// The id the next comment would have taken. Comment ids are never
    /// given twice, even after a comment is gone; a restore keeps that.
    pub next_comment_id: i64,
    /// Each table's columns, in [`ARCHIVE_TABLES`] order.
    pub tables: Vec<(String, Vec<String>)>,
}

/// Why a restore cannot go on. The store's only English is in these
/// messages' shapes; the application says what to do about them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    #[error("the archive's schema is version {archive}; this database's is {database}")]
    SchemaVersion { archive: i64, database: i64 },
    #[error(
        "the database is not empty (table {0} has rows): restore into a new SQLite file or an empty PostgreSQL database"
    )]
    NotEmpty(&'static str),
    #[error("the archive has no table {0} that Byline knows")]
    UnknownTable(String),
    #[error("table {table} has no column {column}")]
    UnknownColumn { table: String, column: String },
}

/// One part of a site being read, in order: a table's start, then its rows.
#[derive(Debug, Clone, Copy)]
pub enum ArchivePart<'a> {
    Table {
        name: &'static str,
        columns: &'a [String],
    },
    /// One row as a JSON object.
    Row(&'a str),
}

/// Quotes a name from [`ARCHIVE_TABLES`] or the database's own catalog;
/// never a name from outside.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Store {
    /// The newest migration this database has applied.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
                .fetch_one(pool)
                .await?)
        })
    }

    /// Reads every archived table in one snapshot, handing `each` the
    /// tables and their rows in order; writes made meanwhile are not seen.
    /// An error from `each` stops the read and is handed back.
    pub async fn read_archive<E>(
        &self,
        mut each: impl FnMut(ArchivePart<'_>) -> Result<(), E>,
    ) -> Result<Result<ArchiveFacts, E>, StoreError> {
        macro_rules! read_all {
            ($tx:expr, $columns_sql:expr, $next_id_sql:expr, $row_sql:expr) => {{
                let tx = $tx;
                let schema_version = sqlx::query_scalar::<_, i64>(
                    "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success",
                )
                .fetch_one(&mut **tx)
                .await?;
                let next_comment_id = sqlx::query_scalar::<_, i64>($next_id_sql).fetch_one(&mut **tx).await?;
                let mut tables = Vec::with_capacity(ARCHIVE_TABLES.len());
                for table in ARCHIVE_TABLES {
                    let columns: Vec<String> =
                        sqlx::query_scalar($columns_sql).bind(table.name).fetch_all(&mut **tx).await?;
                    if columns.is_empty() {
                        return Err(StoreError::Corrupt { what: "archived table", value: table.name.to_owned() });
                    }
                    if let Err(err) = each(ArchivePart::Table { name: table.name, columns: &columns }) {
                        return Ok(Err(err));
                    }
                    let sql = $row_sql(table, &columns);
                    let mut rows = sqlx::query_scalar::<_, String>(&sql).fetch(&mut **tx);
                    while let Some(row) = rows.try_next().await? {
                        if let Err(err) = each(ArchivePart::Row(&row)) {
                            return Ok(Err(err));
                        }
                    }
                    drop(rows);
                    tables.push((table.name.to_owned(), columns));
                }
                Ok(Ok(ArchiveFacts { schema_version, next_comment_id, tables }))
            }};
        }
        match &self.pools {
            Pools::Sqlite { read, .. } => {
                // A deferred transaction's first read fixes its snapshot
                // of the write-ahead log for every read after it.
                let mut tx = read.begin().await?;
                let out = read_all!(&mut tx, SQLITE_COLUMNS, "SELECT next_id FROM comment_ids", sqlite_rows);
                tx.rollback().await?;
                out
            }
            Pools::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
                let out = read_all!(&mut tx, PG_COLUMNS, PG_NEXT_COMMENT_ID, pg_rows);
                tx.rollback().await?;
                out
            }
        }
    }

    /// Begins writing an archive into this database, which must be empty
    /// and at the archive's schema version. Nothing is kept unless
    /// [`ArchiveRestore::finish`] is reached.
    pub async fn begin_restore(&self, schema_version: i64) -> Result<Result<ArchiveRestore, RestoreError>, StoreError> {
        let database = self.schema_version().await?;
        if database != schema_version {
            return Ok(Err(RestoreError::SchemaVersion { archive: schema_version, database }));
        }
        let mut restore = match &self.pools {
            Pools::Sqlite { write, .. } => {
                ArchiveRestore { tx: RestoreTx::Sqlite(write.begin().await?), columns: HashMap::new() }
            }
            Pools::Postgres(pool) => {
                ArchiveRestore { tx: RestoreTx::Postgres(pool.begin().await?), columns: HashMap::new() }
            }
        };
        for table in ARCHIVE_TABLES {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(table.name));
            let (any, columns): (bool, Vec<String>) = match &mut restore.tx {
                RestoreTx::Sqlite(tx) => (
                    sqlx::query_scalar(&sql).fetch_one(&mut **tx).await?,
                    sqlx::query_scalar(SQLITE_COLUMNS).bind(table.name).fetch_all(&mut **tx).await?,
                ),
                RestoreTx::Postgres(tx) => (
                    sqlx::query_scalar(&sql).fetch_one(&mut **tx).await?,
                    sqlx::query_scalar(PG_COLUMNS).bind(table.name).fetch_all(&mut **tx).await?,
                ),
            };
            if any {
                return Ok(Err(RestoreError::NotEmpty(table.name)));
            }
            restore.columns.insert(table.name, columns);
        }
        Ok(Ok(restore))
    }

    /// Every table of this database, for the test that each is either
    /// archived or left out on purpose.
    pub async fn table_names(&self) -> Result<Vec<String>, StoreError> {
        let sql = match self.backend() {
            Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            Backend::Postgres => {
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()"
            }
        };
        on_pool!(self, read, |pool| Ok(sqlx::query_scalar(sql).fetch_all(pool).await?))
    }
}

const SQLITE_COLUMNS: &str = "SELECT name FROM pragma_table_info($1) ORDER BY cid";
const PG_COLUMNS: &str = "SELECT column_name::text FROM information_schema.columns \
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
/// The comments' sequence's next value, without moving it.
const PG_NEXT_COMMENT_ID: &str =
    "SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('comments', 'id')::regclass) + 1, 1)";

fn sqlite_rows(table: &ArchiveTable, columns: &[String]) -> String {
    let pairs: Vec<String> = columns.iter().map(|c| format!("'{}', {}", c.replace('\'', "''"), quoted(c))).collect();
    format!("SELECT json_object({}) FROM {} ORDER BY {}", pairs.join(", "), quoted(table.name), table.order_by)
}

fn pg_rows(table: &ArchiveTable, _columns: &[String]) -> String {
    format!("SELECT row_to_json(t)::text FROM {} AS t ORDER BY {}", quoted(table.name), table.order_by)
}

enum RestoreTx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// An archive being written into an empty database, in one transaction.
pub struct ArchiveRestore {
    tx: RestoreTx,
    columns: HashMap<&'static str, Vec<String>>,
}

impl std::fmt::Debug for ArchiveRestore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArchiveRestore").field("tables", &self.columns.len()).finish_non_exhaustive()
    }
}

impl ArchiveRestore {
    /// The archived table named `name`, if Byline has it.
    pub fn table(&self, name: &str) -> Result<&'static str, RestoreError> {
        ARCHIVE_TABLES
            .iter()
            .map(|t| t.name)
            .find(|known| *known == name)
            .ok_or_else(|| RestoreError::UnknownTable(name.to_owned()))
    }

    /// Checks that a table of the archive has the columns this database's
    /// has, neither more nor fewer.
    pub fn check_columns(&self, table: &'static str, columns: &[String]) -> Result<(), RestoreError> {
        let ours = self.columns.get(table).map(Vec::as_slice).unwrap_or_default();
        let unknown = columns.iter().find(|c| !ours.contains(c)).or_else(|| ours.iter().find(|c| !columns.contains(c)));
        match unknown {
            Some(column) => Err(RestoreError::UnknownColumn { table: table.to_owned(), column: column.clone() }),
            None => Ok(()),
        }
    }

    /// Writes rows of `table`, given as one JSON array of objects keyed by
    /// column; a key the row lacks is written as null.
    pub async fn insert_rows(&mut self, table: &'static str, rows_json: &str) -> Result<(), StoreError> {
        let columns = self.columns.get(table).map(Vec::as_slice).unwrap_or_default();
        let names: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        match &mut self.tx {
            RestoreTx::Sqlite(tx) => {
                let values: Vec<String> = columns
                    .iter()
                    .map(|c| format!("json_extract(value, '$.\"{}\"')", c.replace('\'', "''").replace('"', "\\\"")))
                    .collect();
                let sql = format!(
                    "INSERT INTO {} ({}) SELECT {} FROM json_each($1) ORDER BY key",
                    quoted(table),
                    names.join(", "),
                    values.join(", ")
                );
                sqlx::query(&sql).bind(rows_json).execute(&mut **tx).await?;
            }
            RestoreTx::Postgres(tx) => {
                let sql = format!(
                    "INSERT INTO {table} ({columns}) SELECT {columns} FROM json_populate_recordset(NULL::{table}, $1::json)",
                    table = quoted(table),
                    columns = names.join(", "),
                );
                sqlx::query(&sql).bind(rows_json).execute(&mut **tx).await?;
            }
        }
        Ok(())
    }

    /// Sets the counters ids are drawn from past every id written, and
    /// the comments' past `next_comment_id` too, then commits.
    pub async fn finish(self, next_comment_id: i64) -> Result<(), StoreError> {
        match self.tx {
            RestoreTx::Sqlite(mut tx) => {
                sqlx::query(
                    "UPDATE comment_ids SET next_id = MAX(next_id, $1, (SELECT COALESCE(MAX(id), 0) + 1 FROM comments))",
                )
                .bind(next_comment_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
            }
            RestoreTx::Postgres(mut tx) => {
                for (table, columns) in &self.columns {
                    if !columns.iter().any(|c| c == "id") {
                        continue;
                    }
                    let floor = if *table == "comments" { next_comment_id - 1 } else { 0 };
                    let sql = format!(
                        "SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST(MAX(id), $2, 1), \
                         MAX(id) IS NOT NULL OR $2 > 0) FROM {}",
                        quoted(table)
                    );
                    sqlx::query(&sql).bind(*table).bind(floor).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
        }
        Ok(())
    }
}
