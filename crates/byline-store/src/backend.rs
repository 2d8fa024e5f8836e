//! The two backends behind one [`Store`], and the macro that runs a query
//! body, written once, on whichever is live.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::StoreError;

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// PostgreSQL for `postgres://` and `postgresql://` URLs, SQLite for
    /// everything else (`sqlite:PATH`, `sqlite://PATH` or a bare path).
    pub fn of_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") { Self::Postgres } else { Self::Sqlite }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Pools {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the live backend's pool: on SQLite the
/// reader pool for `read`, the single writer for `write`. The body is
/// compiled once per backend, so the same SQL and the same `FromRow` types
/// serve both.
macro_rules! on_pool {
    ($store:expr, $mode:ident, |$pool:ident| $body:expr) => {
        match &$store.pools {
            $crate::backend::Pools::Sqlite { read, write } => {
                let $pool = on_pool!(@pick $mode, read, write);
                $body
            }
            $crate::backend::Pools::Postgres(pg) => {
                let $pool = pg;
                $body
            }
        }
    };
    (@pick read, $read:ident, $write:ident) => {{ let _ = $write; $read }};
    (@pick write, $read:ident, $write:ident) => {{ let _ = $read; $write }};
}
pub(crate) use on_pool;

/// Readers SQLite may serve at once beside its one writer.
const SQLITE_READERS: u32 = 8;
const PG_CONNECTIONS: u32 = 16;
/// A pooled PostgreSQL connection idle this long is checked before use.
const RECHECK_AFTER_IDLE: Duration = Duration::from_secs(1);
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The database, whichever it is. Cheap to clone: pools are shared.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pools: Pools,
    /// New comments waiting to be written together.
    pub(crate) comment_batch: std::sync::Arc<crate::comment_batch::CommentBatch>,
}

impl Store {
    /// Opens the database named by `url`, creating a SQLite file and its
    /// folder if they do not exist. Does not migrate; see [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        match Backend::of_url(url) {
            Backend::Postgres => Self::connect_postgres(url).await,
            Backend::Sqlite => Self::connect_sqlite(url).await,
        }
    }

    async fn connect_postgres(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(|e| StoreError::Open(e.to_string()))?;
        let pool = PgPoolOptions::new()
            .max_connections(PG_CONNECTIONS)
            .acquire_timeout(BUSY_TIMEOUT)
            // A connection taken again at once is known to be alive: asking
            // PostgreSQL first would add a round trip to every statement. One
            // that sat idle is asked, so a restarted server's dead
            // connections are replaced before a reader's statement meets one.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= RECHECK_AFTER_IDLE {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Open(format!("PostgreSQL at {}: {e}", redact(url))))?;
        Ok(Self { pools: Pools::Postgres(pool), comment_batch: Default::default() })
    }

    async fn connect_sqlite(url: &str) -> Result<Self, StoreError> {
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        if path.is_empty() || path.contains('?') {
            return Err(StoreError::Open(format!("`{url}` is not a SQLite file path")));
        }
        if let Some(folder) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|e| StoreError::Open(format!("cannot create folder {}: {e}", folder.display())))?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: an acknowledged write survives a power cut, not only a crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let open = |e: sqlx::Error| StoreError::Open(format!("SQLite file {path}: {e}"));
        // A SQLite connection is a file this process holds open: no server
        // can hang up on it, so it is not pinged before each use.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(BUSY_TIMEOUT)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await
            .map_err(open)?;
        let read = SqlitePoolOptions::new()
            .max_connections(SQLITE_READERS)
            .acquire_timeout(BUSY_TIMEOUT)
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(open)?;
        Ok(Self { pools: Pools::Sqlite { read, write }, comment_batch: Default::default() })
    }

    pub fn backend(&self) -> Backend {
        match self.pools {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
        }
    }

    /// Brings the schema up to date; safe to run on every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pools {
            Pools::Sqlite { write, .. } => migrate_sqlite(write, &sqlx::migrate!("./migrations/sqlite")).await?,
            Pools::Postgres(pg) => sqlx::migrate!("./migrations/postgres").run(pg).await?,
        }
        self.key_stored_names().await?;
        self.link_bylines().await?;
        self.key_stories().await?;
        self.index_stories().await?;
        self.record_missing_revisions().await
    }

    /// Runs the SQLite migrations only up to (not including) `version`, for
    /// tests of a migration against data written before it.
    #[cfg(any(test, feature = "testing"))]
    pub async fn migrate_sqlite_before(&self, version: i64) -> Result<(), StoreError> {
        let Pools::Sqlite { write, .. } = &self.pools else { return Ok(()) };
        let mut migrator = sqlx::migrate!("./migrations/sqlite");
        migrator.migrations = migrator.migrations.iter().filter(|m| m.version < version).cloned().collect();
        migrate_sqlite(write, &migrator).await
    }

    /// Answers whether the database is reachable, for readiness checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, read, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Closes every connection, letting SQLite checkpoint its WAL.
    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Pools::Postgres(pg) => pg.close().await,
        }
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..scheme_end + 3], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// Runs SQLite migrations with foreign-key enforcement off, as SQLite's
/// own procedure for changing a table asks: a migration that rebuilds a
/// table (SQLite cannot change a constraint in place) drops the old one,
/// and with enforcement on that drop would delete, by cascade, every row
/// that points at it. Afterwards every reference is checked, and
/// enforcement is on again whatever happened.
///
/// Two processes opening one new file at once (a server and a command, or
/// two servers started together) would both run the first migration; the
/// second fails on tables the first made. So migrating holds a lock on a
/// file beside the database (`DB-migrate.lock`), taken in turn, and the
/// second finds the migrations done.
async fn migrate_sqlite(pool: &sqlx::SqlitePool, migrator: &sqlx::migrate::Migrator) -> Result<(), StoreError> {
    let database = pool.connect_options().get_filename().to_path_buf();
    let mut lock_path = database.into_os_string();
    lock_path.push("-migrate.lock");
    let lock = tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path)?;
        file.lock()?;
        Ok(file)
    })
    .await
    .map_err(|e| StoreError::Open(format!("migration lock: {e}")))?
    .map_err(|e| StoreError::Open(format!("migration lock: {e}")))?;
    let migrated = migrate_sqlite_locked(pool, migrator).await;
    drop(lock);
    migrated
}

async fn migrate_sqlite_locked(pool: &sqlx::SqlitePool, migrator: &sqlx::migrate::Migrator) -> Result<(), StoreError> {
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await?;
    let ran = migrator.run(&mut *conn).await;
    let broken: Result<Vec<(String, Option<i64>)>, sqlx::Error> =
        sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check").fetch_all(&mut *conn).await;
    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
    ran?;
    if let Some((table, row)) = broken?.into_iter().next() {
        return Err(StoreError::Corrupt { what: "reference after migrating", value: format!("{table} row {row:?}") });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_their_backend() {
        assert_eq!(Backend::of_url("postgres://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::of_url("byline-data/byline.db"), Backend::Sqlite);
        assert_eq!(Backend::of_url("sqlite://x.db"), Backend::Sqlite);
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://me:secret@db:5432/news"), "postgres://me@db:5432/news");
        assert_eq!(redact("postgres://db/news"), "postgres://db/news");
    }
}
