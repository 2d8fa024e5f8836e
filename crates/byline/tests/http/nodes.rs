//! Several nodes on one PostgreSQL, serving one site: a comment taken by
//! any node reaches the readers of every node, and each node's cached
//! pages show it, with nothing missed by a node whose connection to the
//! others was cut, and a reader coming back after its stream ended is
//! sent what it missed. A SQLite site is served by one process alone.

use byline_store::Backend;
use byline_store::testing::TestDatabase;
use sqlx::Connection;

use crate::support::{BASE, TestApp, text_of};

/// Reads the event stream until it has sent comment `id`; answers what it
/// read. The bound only keeps a broken stream from hanging the suite.
async fn until_comment(stream: &mut reqwest::Response, id: i64) -> String {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(120);
    let mut received = String::new();
    while !received.contains(&format!("id: {id}\n")) {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk()).await.expect("an event").unwrap().unwrap();
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    received
}

/// Cuts every node's connection that listens to the others, as a network
/// failure or a restarted PostgreSQL would; answers how many it cut.
async fn cut_listeners(db: &TestDatabase) -> i64 {
    let base = db.url.split('?').next().unwrap();
    let mut admin = sqlx::PgConnection::connect(base).await.unwrap();
    let cut: i64 = sqlx::query_scalar(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE query LIKE 'LISTEN %' AND query LIKE '%' || md5($1) || '%'",
    )
    .bind(db.schema().unwrap())
    .fetch_one(&mut admin)
    .await
    .unwrap();
    admin.close().await.unwrap();
    cut
}

async fn a_comment_taken_by_one_node_reaches_readers_on_every_node(db: &TestDatabase) {
    if db.backend == Backend::Sqlite {
        return;
    }
    let a = TestApp::with_base_url(db, BASE).await;
    let b = TestApp::with_base_url(db, BASE).await;
    a.add_article("live", "open").await;
    // Node B has the page cached, and a reader following it.
    assert_eq!(text_of(&b.page("/articles/live").await, "#comments h2"), "Comments (0)");
    let mut stream = reqwest::Client::new().get(b.running.url("/articles/live/live")).send().await.unwrap();
    assert_eq!(stream.status(), 200);

    let writer = a.commenter("leila").await;
    let first = writer.post_comment("live", "Posted on **node A**.").await;
    let received = until_comment(&mut stream, first).await;
    let data = received.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
    let event: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!((event["id"].as_i64(), event["count"].as_i64()), (Some(first), Some(1)));
    assert!(event["html"].as_str().unwrap().contains("<strong>node A</strong>"), "{data}");
    // Heard, so node B's cached page is checked again before it is served.
    assert_eq!(text_of(&b.page("/articles/live").await, "#comments h2"), "Comments (1)");

    // Node B's ear on the others is cut: what is posted while it is deaf
    // still reaches its reader, read back once it hears again.
    assert!(cut_listeners(db).await >= 1);
    let writer = a.commenter("omar").await;
    let second = writer.post_comment("live", "Posted while node B could not hear.").await;
    let received = until_comment(&mut stream, second).await;
    assert!(received.contains("could not hear"), "{received}");
    let writer = b.commenter("ines").await;
    let third = writer.post_comment("live", "And after.").await;
    until_comment(&mut stream, third).await;
    drop(stream);
    a.stop().await;
    b.stop().await;
}

/// A reader whose stream ended (its node stopped, or the network broke)
/// comes back, to this node or another, with the last event it was sent
/// (`Last-Event-ID`, as browsers send it): it is sent what it missed, in
/// order, and nothing it had.
async fn a_reader_coming_back_is_sent_what_it_missed(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("live", "open").await;
    let mut ids = Vec::new();
    for handle in ["first", "second", "third"] {
        ids.push(app.commenter(handle).await.post_comment("live", &format!("Said by {handle}.")).await);
    }
    let mut stream = reqwest::Client::new()
        .get(app.running.url("/articles/live/live"))
        .header("last-event-id", ids[0].to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let received = until_comment(&mut stream, ids[2]).await;
    let sent: Vec<&str> = received.lines().filter_map(|line| line.strip_prefix("id: ")).collect();
    assert_eq!(sent, [ids[1].to_string(), ids[2].to_string()]);
    assert!(received.contains("Said by second.") && !received.contains("Said by first."), "{received}");
    // Then the stream goes on live.
    let fourth = app.commenter("fourth").await.post_comment("live", "Said by fourth.").await;
    until_comment(&mut stream, fourth).await;
    drop(stream);
    // An id that is not one of the article's comments sends nothing again.
    let mut stream = reqwest::Client::new()
        .get(app.running.url("/articles/live/live"))
        .header("last-event-id", "not-a-number")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let fifth = app.commenter("fifth").await.post_comment("live", "Said by fifth.").await;
    let received = until_comment(&mut stream, fifth).await;
    assert_eq!(received.lines().filter(|line| line.starts_with("id: ")).count(), 1, "{received}");
    drop(stream);
    app.stop().await;
}

byline_store::test_on_both_backends!(
    a_comment_taken_by_one_node_reaches_readers_on_every_node,
    a_reader_coming_back_is_sent_what_it_missed,
);
