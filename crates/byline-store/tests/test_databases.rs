//! The test support itself: a test that panics leaves no schema behind.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_store::testing::TestDatabase;
use sqlx::Connection;

async fn schema_exists(name: &str) -> bool {
    let base = std::env::var("BYLINE_TEST_DATABASE_URL").unwrap();
    let mut admin = sqlx::postgres::PgConnection::connect(&base).await.unwrap();
    let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = $1")
        .bind(name)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    found == 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_test_leaves_no_schema_behind() {
    let Some(db) = TestDatabase::postgres().await else { return };
    let schema = db.schema().unwrap().to_owned();
    db.store().await;
    assert!(schema_exists(&schema).await);
    let failed = tokio::spawn(async move {
        let _db = db;
        panic!("a test that fails half-way");
    })
    .await;
    assert!(failed.is_err());
    assert!(!schema_exists(&schema).await, "schema {schema} was left behind");
}
