//! A pool's PostgreSQL connections after the server hung up on them (it
//! restarted, or a network cut them): a statement after a quiet spell does
//! not meet a dead connection.

use std::time::Duration;

use byline_store::Store;
use byline_store::testing::TestDatabase;
use sqlx::Connection;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_the_server_closed_are_replaced_before_use() {
    let Some(db) = TestDatabase::postgres().await else { return };
    let schema = db.schema().unwrap().to_owned();
    let separator = if db.url.contains('?') { '&' } else { '?' };
    let store = Store::connect(&format!("{}{separator}application_name={schema}", db.url)).await.unwrap();
    store.migrate().await.unwrap();
    // Several connections in the pool at once.
    let (a, b, c) = tokio::join!(store.comment_count(1), store.comment_count(2), store.comment_count(3));
    assert_eq!((a.unwrap(), b.unwrap(), c.unwrap()), (0, 0, 0));

    let base = db.url.split('?').next().unwrap();
    let mut admin = sqlx::PgConnection::connect(base).await.unwrap();
    let cut: i64 =
        sqlx::query_scalar("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1")
            .bind(&schema)
            .fetch_one(&mut admin)
            .await
            .unwrap();
    admin.close().await.unwrap();
    assert!(cut >= 1, "the store's connections were cut");

    // Idle at least as long as the pool lets a connection sit unchecked:
    // every statement now finds a live connection, old or new.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    for article in 0..8 {
        assert_eq!(store.comment_count(article).await.unwrap(), 0);
    }
    store.close().await;
    db.cleanup().await;
}
