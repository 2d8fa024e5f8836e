//! Crash safety: readers post comments as fast as the server takes them,
//! the server is killed with SIGKILL at a random moment and started again,
//! and every comment that was answered 201 Created must be there, intact,
//! with the counts in step. Three rounds a backend here;
//! `BYLINE_CRASH_ROUNDS=20` (as `bench/crash.sh` sets it) for the full run.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a test should fail loudly on any unexpected error")]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use byline_core::Timestamp;
use byline_core::article_file::parse_article_file;
use byline_store::testing::{TestDatabase, count, reader};
use byline_store::{NewSession, Store};
use rand::Rng;

/// Readers posting at once.
const WRITERS: usize = 8;

fn rounds() -> usize {
    std::env::var("BYLINE_CRASH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(3)
}

/// A signed-in reader, as a client holds them.
#[derive(Clone)]
struct Reader {
    token: String,
    csrf: String,
}

/// The article and its readers, made straight in the store.
async fn set_up(store: &Store) -> (i64, Vec<Reader>) {
    let now = Timestamp::now();
    let text = format!(
        "+++\nslug = \"crash\"\nheadline = \"Crash\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\n\
         status = \"published\"\ncomments = \"open\"\npublished_at = \"{}\"\n+++\nBody.\n",
        now.plus_hours(-1).rfc3339()
    );
    let article = store.upsert_article(&parse_article_file(&text).unwrap(), now).await.unwrap().id();
    let mut readers = Vec::new();
    for n in 0..WRITERS {
        let id = reader(store, &format!("writer_{n}"), now).await;
        let token = byline_web::new_link_token();
        let csrf = byline_web::new_link_token();
        let session = NewSession {
            token_hash: &byline_web::hash_token(&token),
            user_id: id,
            csrf_token: &csrf,
            user_agent: "crash test",
            expires_at: now.plus_hours(24),
        };
        store.create_session(&session, now).await.unwrap();
        readers.push(Reader { token, csrf });
    }
    (article, readers)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts the real binary on the database and waits until it is ready.
#[expect(clippy::zombie_processes, reason = "the caller kills the server and waits for it")]
async fn start(db: &TestDatabase, dir: &tempfile::TempDir, port: u16) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_byline"))
        .current_dir(dir.path())
        .arg("--database-url")
        .arg(&db.url)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("BYLINE_LOG__FILTER", "warn")
        .env("BYLINE_COMMENTS__MIN_INTERVAL_SECS", "0")
        .env("BYLINE_COMMENTS__PER_MINUTE", "1000000")
        .env("BYLINE_MODERATION__TRUSTED_AFTER", "0")
        .env("BYLINE_MAIL__OUTBOX_DIR", dir.path().join("outbox"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ready = client.get(format!("http://127.0.0.1:{port}/readyz")).send().await;
        if ready.is_ok_and(|r| r.status() == 200) {
            return child;
        }
        if Instant::now() >= deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the server did not become ready");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One reader posting until the server stops answering; every comment
/// answered 201 is kept as (id, text).
async fn post_until_gone(port: u16, reader: Reader, tag: String, acknowledged: Arc<Mutex<Vec<(i64, String)>>>) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let url = format!("http://127.0.0.1:{port}/api/v1/articles/crash/comments");
    for n in 0.. {
        let text = format!("{tag} comment {n}: the ferry runs late again, and نسرین says so too.");
        let sent = client
            .post(&url)
            .header("cookie", format!("byline_session={}", reader.token))
            .header("x-csrf-token", &reader.csrf)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "body": text }).to_string())
            .send()
            .await;
        let answer = match sent {
            Ok(answer) => answer,
            // Slow, not gone: a busy machine may take longer than the
            // client's patience; the comment may or may not be kept.
            Err(err) if err.is_timeout() => continue,
            Err(_) => return,
        };
        if answer.status() != 201 {
            assert!(answer.status().is_server_error() || answer.status() == 408, "refused: {}", answer.status());
            return;
        }
        let Ok(body) = answer.text().await else { return };
        let body: serde_json::Value = serde_json::from_str(&body).expect("a JSON answer");
        let id = body["comment"]["id"].as_i64().expect("the answer names the comment");
        acknowledged.lock().unwrap().push((id, text));
    }
}

/// Returns once at least one comment is acknowledged (the server may be
/// slow to take its first on a busy machine). The bound only keeps a broken
/// server from hanging the suite.
async fn wait_for_an_acknowledgement(acknowledged: &Mutex<Vec<(i64, String)>>) {
    let started = Instant::now();
    while acknowledged.lock().unwrap().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(300), "the server acknowledged no comment");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn acknowledged_comments_survive_sigkill(db: &TestDatabase) {
    let store = db.store().await;
    let (article, readers) = set_up(&store).await;
    let dir = tempfile::tempdir().unwrap();
    let mut all: Vec<(i64, String)> = Vec::new();
    for round in 0..rounds() {
        let port = free_port();
        let mut server = start(db, &dir, port).await;
        let acknowledged = Arc::new(Mutex::new(Vec::new()));
        let writers: Vec<_> = readers
            .iter()
            .enumerate()
            .map(|(n, reader)| {
                let tag = format!("round {round} writer {n}");
                tokio::spawn(post_until_gone(port, reader.clone(), tag, acknowledged.clone()))
            })
            .collect();
        // However busy the machine, something is acknowledged before the
        // kill; then a random while longer, so the kill lands anywhere.
        wait_for_an_acknowledgement(&acknowledged).await;
        let wait = rand::rng().random_range(0..1300);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        server.kill().unwrap(); // SIGKILL: no shutdown, no flush
        server.wait().unwrap();
        for writer in writers {
            writer.await.unwrap();
        }
        let answered = std::mem::take(&mut *acknowledged.lock().unwrap());
        assert!(!answered.is_empty(), "round {round}: nothing was posted before the kill");
        println!(
            "{}: round {round}: killed after {wait} ms and {} acknowledged comments",
            db.backend.name(),
            answered.len()
        );
        all.extend(answered);

        // Started again, the server has every comment it acknowledged, in
        // every round so far, and counts that agree with them.
        let mut server = start(db, &dir, port).await;
        for (id, text) in &all {
            let comment = store.comment(*id).await.unwrap();
            let comment = comment.unwrap_or_else(|| panic!("round {round}: acknowledged comment {id} is gone"));
            assert_eq!(&comment.body_source, text, "round {round}: comment {id} changed");
        }
        let published = count(
            &store,
            &format!("SELECT COUNT(*) FROM comments WHERE article_id = {article} AND status = 'published'"),
        )
        .await
        .unwrap();
        assert!(published >= i64::try_from(all.len()).unwrap());
        assert_eq!(store.comment_count(article).await.unwrap(), published, "round {round}: the count drifted");
        // And it takes comments again.
        let more = Arc::new(Mutex::new(Vec::new()));
        let one = tokio::spawn(post_until_gone(port, readers[0].clone(), format!("after {round}"), more.clone()));
        wait_for_an_acknowledgement(&more).await;
        server.kill().unwrap();
        server.wait().unwrap();
        one.await.unwrap();
        let after = std::mem::take(&mut *more.lock().unwrap());
        assert!(!after.is_empty(), "round {round}: the restarted server took no comment");
        all.extend(after);
    }
    store.close().await;
}

byline_store::test_on_both_backends!(acknowledged_comments_survive_sigkill);
