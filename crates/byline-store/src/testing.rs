//! Test support: a fresh, migrated database per test on either backend, and
//! a macro that runs the same test body on both.
//!
//! PostgreSQL tests use `BYLINE_TEST_DATABASE_URL`; each test gets its own
//! schema, so tests run in parallel and leave nothing behind. Without the
//! variable they are skipped, unless `CI=true`, where they must run.

use sqlx::Connection;
use sqlx::postgres::PgConnection;

use crate::{Backend, Store};

/// Whether PostgreSQL tests are required rather than optional.
fn postgres_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// A database made for one test.
pub struct TestDatabase {
    /// The URL the application under test should use.
    pub url: String,
    pub backend: Backend,
    schema: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

#[expect(clippy::expect_used, reason = "test set-up failing should fail the test loudly")]
impl TestDatabase {
    /// A new SQLite file in a temporary folder.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}", dir.path().join("byline.db").display());
        Self { url, backend: Backend::Sqlite, schema: None, _dir: Some(dir) }
    }

    /// A new schema in the PostgreSQL database named by
    /// `BYLINE_TEST_DATABASE_URL`, or `None` when that is unset outside CI.
    pub async fn postgres() -> Option<Self> {
        let Ok(base) = std::env::var("BYLINE_TEST_DATABASE_URL") else {
            assert!(!postgres_required(), "CI=true but BYLINE_TEST_DATABASE_URL is not set");
            eprintln!("skipping PostgreSQL test: BYLINE_TEST_DATABASE_URL is not set");
            return None;
        };
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::connect(&base).await.expect("PostgreSQL at BYLINE_TEST_DATABASE_URL answers");
        sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(&mut admin).await.expect("create test schema");
        admin.close().await.ok();
        let separator = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
        Some(Self { url, backend: Backend::Postgres, schema: Some((base, schema)), _dir: None })
    }

    /// Opens and migrates the database.
    pub async fn store(&self) -> Store {
        let store = Store::connect(&self.url).await.expect("connect to test database");
        store.migrate().await.expect("migrate test database");
        store
    }

    /// Drops what the test made.
    pub async fn cleanup(self) {
        if let Some((base, schema)) = &self.schema
            && let Ok(mut admin) = PgConnection::connect(base).await
        {
            let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE")).execute(&mut admin).await;
            admin.close().await.ok();
        }
    }
}

/// Declares each named `async fn(&TestDatabase)` as two tests, `sqlite::name`
/// and `postgres::name`, so every behaviour is checked on both backends.
#[macro_export]
macro_rules! test_on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::testing::TestDatabase::sqlite().await;
                    super::$name(&db).await;
                    db.cleanup().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::testing::TestDatabase::postgres().await else { return };
                    super::$name(&db).await;
                    db.cleanup().await;
                }
            )*
        }
    };
}
