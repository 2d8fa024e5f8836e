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

    /// The PostgreSQL schema the test's tables are in.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_ref().map(|(_, schema)| schema.as_str())
    }

    /// Opens and migrates the database.
    pub async fn store(&self) -> Store {
        let store = Store::connect(&self.url).await.expect("connect to test database");
        store.migrate().await.expect("migrate test database");
        store
    }

    /// Drops what the test made (dropping the value does too, even when
    /// the test panicked; this waits for it where a runtime is running).
    pub async fn cleanup(mut self) {
        if let Some((base, schema)) = self.schema.take() {
            drop_schema(&base, &schema).await;
        }
    }
}

impl Drop for TestDatabase {
    /// A test that panics never reaches [`TestDatabase::cleanup`]: its
    /// schema is dropped here, on a thread of its own, as the runtime the
    /// test ran on may be unwinding.
    fn drop(&mut self) {
        let Some((base, schema)) = self.schema.take() else { return };
        let dropping = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            runtime.block_on(drop_schema(&base, &schema));
        });
        let _ = dropping.join();
    }
}

async fn drop_schema(base: &str, schema: &str) {
    if let Ok(mut admin) = PgConnection::connect(base).await {
        let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE")).execute(&mut admin).await;
        admin.close().await.ok();
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

/// A long discussion for tests of paging: `count` published comments on
/// the article, by the given authors, in a fixed pseudo-random shape. The
/// first thread takes about a fifth of all comments (longer than a page's
/// budget once `count` is in the thousands), a few percent start new
/// threads, and the rest reply anywhere, some many levels deep. Returns the
/// ids in the order they were posted.
#[expect(clippy::expect_used, reason = "test set-up failing should fail the test loudly")]
pub async fn seed_discussion(store: &Store, article_id: i64, authors: &[i64], count: usize) -> Vec<i64> {
    use byline_core::LanguageTag;
    use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, render_comment};

    use crate::{CommentAdded, CommentAuthor, NewComment};

    // xorshift64: the same shape on every run and both backends.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % below.max(1) as u64).unwrap_or(0)
    };
    let language = LanguageTag::parse("en").expect("en is a language");
    let mut ids: Vec<i64> = Vec::with_capacity(count);
    let mut first_thread: Vec<i64> = Vec::new();
    for n in 0..count {
        let roll = next(100);
        let parent = if ids.is_empty() || roll < 3 {
            None
        } else if roll < 23 {
            Some(first_thread[next(first_thread.len())])
        } else {
            Some(ids[next(ids.len())])
        };
        let body = CommentBody::parse(&format!("Comment {n} in a long discussion."), &CommentLimits::default())
            .expect("a valid comment");
        let html = render_comment(&body);
        let new = NewComment {
            article_id,
            parent_id: parent,
            author: CommentAuthor::Member(authors[n % authors.len().max(1)]),
            body: &body,
            body_html: &html,
            language: &language,
            status: CommentStatus::Published,
            reasons: &[],
        };
        let now = byline_core::Timestamp::from_millis(1_700_000_000_000 + i64::try_from(n).unwrap_or(0));
        let CommentAdded::Added { id, .. } = store.add_comment(&new, now).await.expect("comment added") else {
            panic!("seeded comment refused");
        };
        if first_thread.is_empty() || parent.is_some_and(|p| first_thread.contains(&p)) {
            first_thread.push(id);
        }
        ids.push(id);
    }
    ids
}

/// A confirmed reader (commenter) with the given handle; returns their id.
#[expect(clippy::expect_used, reason = "test set-up failing should fail the test loudly")]
pub async fn reader(store: &Store, handle: &str, now: byline_core::Timestamp) -> i64 {
    use byline_core::accounts::{DisplayName, Email, Handle, Role};

    use crate::{CreatedUser, NewUser};

    let handle_value = Handle::parse(handle).expect("a valid handle");
    let email = Email::parse(&format!("{handle}@example.org")).expect("a valid address");
    let name = DisplayName::parse(handle).expect("a valid name");
    let new = NewUser {
        handle: &handle_value,
        display_name: &name,
        email: &email,
        password_hash: None,
        role: Role::Commenter,
        email_verified: true,
        granted_by: None,
    };
    match store.create_user(&new, now).await.expect("user created") {
        CreatedUser::Created(id) => id,
        other => panic!("reader {handle} not created: {other:?}"),
    }
}

/// Runs one statement as it is, for tests of what the database itself
/// refuses; the number of rows it touched.
pub async fn execute_raw(store: &Store, sql: &str) -> Result<u64, crate::StoreError> {
    use crate::backend::on_pool;
    on_pool!(store, write, |pool| Ok(sqlx::query(sql).execute(pool).await?.rows_affected()))
}

/// The numbers a one-column query answers, such as ids.
pub async fn numbers(store: &Store, sql: &str) -> Result<Vec<i64>, crate::StoreError> {
    use crate::backend::on_pool;
    on_pool!(store, read, |pool| Ok(sqlx::query_scalar(sql).fetch_all(pool).await?))
}

/// The one number a `SELECT COUNT(*) …` (or any one-integer query) answers,
/// for tests that check what is stored.
pub async fn count(store: &Store, sql: &str) -> Result<i64, crate::StoreError> {
    use crate::backend::on_pool;
    on_pool!(store, read, |pool| Ok(sqlx::query_scalar(sql).fetch_one(pool).await?))
}
