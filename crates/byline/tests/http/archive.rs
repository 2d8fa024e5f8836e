//! Export, import, backup and restore as an operator runs them: a site
//! with its discussions moves to the other kind of database and answers
//! every page, feed, API call and photo as it did; an archive that is
//! damaged writes nothing; `serve` takes backups on its own; a backup
//! taken while comments pour in holds every comment acknowledged before
//! it began.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::process::{Command, Output};

use byline_core::Timestamp;
use byline_store::testing::{TestDatabase, count};

use crate::support::{BASE, Browser, PASSWORD, TestApp};

/// The demo site at the address the tests' browsers use.
async fn demo_site(db: &TestDatabase) -> TestApp {
    // One reader posts twice in a row here.
    let app = TestApp::with_settings(db, BASE, |settings| settings.config.comments.min_interval_secs = 0).await;
    let media = byline_app::media::MediaSettings { dir: app.media.path().to_path_buf(), ..Default::default() };
    byline::demo::load(&app.running.store, &media).await.unwrap();
    app
}

fn byline(db_url: &str, media: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_byline"))
        .arg("--database-url")
        .arg(db_url)
        .args(args)
        .env("BYLINE_LOG__FILTER", "warn")
        .env("BYLINE_MEDIA__DIR", media)
        .output()
        .unwrap()
}

fn succeeded(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "stdout: {stdout}\nstderr: {}", String::from_utf8_lossy(&output.stderr));
    stdout
}

fn failure(output: &Output) -> String {
    assert!(!output.status.success(), "it should have failed: {}", String::from_utf8_lossy(&output.stdout));
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    text.find("error: ").map_or(text.clone(), |at| text[at..].to_owned())
}

/// A database of the other kind than `db` (PostgreSQL when it is there,
/// for a SQLite source), for moves between the two.
async fn other_backend(db: &TestDatabase) -> TestDatabase {
    match db.backend {
        byline_store::Backend::Sqlite => match TestDatabase::postgres().await {
            Some(pg) => pg,
            None => TestDatabase::sqlite().await,
        },
        byline_store::Backend::Postgres => TestDatabase::sqlite().await,
    }
}

/// The site's own links in `body` (attributes `href`/`src`/`srcset`),
/// without fragments.
fn links_in(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    for marker in ["href=\"/", "src=\"/", "srcset=\"/"] {
        let mut rest = body;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len() - 1..];
            let end = rest.find('"').unwrap_or(rest.len());
            for candidate in rest[..end].split(", ") {
                let path = candidate.split_whitespace().next().unwrap_or("");
                let path = path.split('#').next().unwrap_or("").replace("&amp;", "&");
                if path.starts_with('/') && !path.starts_with("//") {
                    found.push(path);
                }
            }
            rest = &rest[end..];
        }
    }
    found
}

/// Every anonymous answer of the site reachable from its home page, its
/// feeds and each story's comments API, crawled breadth-first: path,
/// status, and body.
async fn crawl(app: &TestApp) -> Vec<(String, u16, Vec<u8>)> {
    let mut queue: VecDeque<String> =
        ["/", "/feed.xml", "/atom.xml", "/sitemap.xml", "/news-sitemap.xml"].map(String::from).into();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut answers = Vec::new();
    while let Some(path) = queue.pop_front() {
        // Forms and streams are not pages to compare.
        if path.starts_with("/signin") || path.starts_with("/signup") || path.ends_with("/live") {
            continue;
        }
        let response = app.get(&path).await;
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap().to_vec();
        let text = String::from_utf8_lossy(&body).into_owned();
        let mut next = links_in(&text);
        if let Some(slug) = path.strip_prefix("/articles/") {
            next.push(format!("/api/v1/articles/{slug}/comments"));
            // Each comment's own page, by the anchors of the thread.
            for piece in text.split("id=\"c-").skip(1) {
                let id: String = piece.chars().take_while(char::is_ascii_digit).collect();
                next.push(format!("/comments/{id}"));
            }
        }
        for link in next {
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
        answers.push((path, status, body));
    }
    answers
}

async fn a_site_moves_to_the_other_backend_and_answers_the_same(db: &TestDatabase) {
    let source = demo_site(db).await;
    // A reader with a password, a comment and a reply of theirs.
    let reader = source.commenter("mover").await;
    source.add_article("moving-day", "open").await;
    let first = reader.post_comment("moving-day", "Before the move, a word.").await;
    reader.post_reply("moving-day", first, "یہ جواب بھی ساتھ جائے گا").await;
    // And an account elsewhere they sign in with.
    let mover = source.user_id("mover").await;
    let identity = ("google", "subject-of-mover");
    source.running.store.link_identity(identity, mover, Some("mover@example.org"), Timestamp::now()).await.unwrap();

    let folder = tempfile::tempdir().unwrap();
    let archive = folder.path().join("site.tar");
    let archive = archive.to_str().unwrap();
    // Exported while the site serves.
    let said = succeeded(&byline(&db.url, source.media.path(), &["export", archive]));
    assert!(said.contains("17 articles"), "{said}");

    let target_db = other_backend(db).await;
    let media = tempfile::tempdir().unwrap();
    let said = succeeded(&byline(&target_db.url, media.path(), &["import", "byline", archive]));
    assert!(said.contains("restored"), "{said}");
    let target = TestApp::with_config(&target_db, BASE, |config| {
        config.media.dir = media.path().to_string_lossy().into_owned();
    })
    .await;

    let before = crawl(&source).await;
    assert!(before.len() > 60, "the crawl reached the site: {} answers", before.len());
    assert!(before.iter().any(|(path, ..)| path.starts_with("/media/")), "photographs are crawled");
    assert!(before.iter().any(|(path, ..)| path.starts_with("/comments/")), "comments are crawled");
    for (path, status, body) in &before {
        let response = target.get(path).await;
        assert_eq!(response.status().as_u16(), *status, "GET {path}");
        let moved = response.bytes().await.unwrap().to_vec();
        assert!(
            moved == *body,
            "GET {path} differs after the move:\n--- before\n{}\n--- after\n{}",
            String::from_utf8_lossy(body),
            String::from_utf8_lossy(&moved)
        );
    }

    // The reader signs in with their password where the site now is.
    let returning = Browser::new(&target);
    assert_eq!(returning.sign_in("mover@example.org", PASSWORD).await.status(), 303);
    let (status, page) = returning.page("/account").await;
    assert_eq!(status, 200);
    assert!(page.html().contains("mover"), "signed in as the same account");
    let moved = target.running.store.identity("google", "subject-of-mover").await.unwrap().unwrap();
    assert_eq!(moved.account_id, target.user_id("mover").await, "the account elsewhere still signs in to it");

    // Restoring again into the now full database is refused, and says why.
    let refused = failure(&byline(&target_db.url, media.path(), &["restore", archive]));
    assert!(refused.contains("not empty"), "{refused}");
    source.stop().await;
    target.stop().await;
    target_db.cleanup().await;
}

async fn a_private_free_export_has_no_addresses_or_passwords(db: &TestDatabase) {
    let source = demo_site(db).await;
    source.commenter("private_person").await;
    let person = source.user_id("private_person").await;
    let identity = ("google", "subject-of-private-person");
    let linked = source.running.store.link_identity(identity, person, Some("private.g@example.org"), Timestamp::now());
    linked.await.unwrap();
    let folder = tempfile::tempdir().unwrap();
    let archive = folder.path().join("public.tar");
    let archive = archive.to_str().unwrap();
    succeeded(&byline(&db.url, source.media.path(), &["export", "--no-private", archive]));
    let bytes = std::fs::read(archive).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("private_person@example.org"), "an e-mail address is in the archive");
    assert!(!text.contains("$argon2"), "a password hash is in the archive");
    assert!(!text.contains("subject-of-private-person"), "who signs in with what is in the archive");
    assert!(!text.contains("private.g@example.org"), "an address at a provider is in the archive");
    assert!(text.contains("\"private\": false"), "the manifest says what it is");

    // It still restores: accounts keep their names and roles, not their addresses.
    let target_db = other_backend(db).await;
    let media = tempfile::tempdir().unwrap();
    succeeded(&byline(&target_db.url, media.path(), &["import", "byline", archive]));
    let store = target_db.store().await;
    assert_eq!(count(&store, "SELECT COUNT(*) FROM users WHERE handle = 'private_person'").await.unwrap(), 1);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM users WHERE email LIKE '%@example.org'").await.unwrap(), 0);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL").await.unwrap(), 0);
    store.close().await;
    source.stop().await;
    target_db.cleanup().await;
}

async fn a_damaged_archive_writes_nothing(db: &TestDatabase) {
    let source = demo_site(db).await;
    let folder = tempfile::tempdir().unwrap();
    let archive = folder.path().join("site.tar");
    succeeded(&byline(&db.url, source.media.path(), &["export", archive.to_str().unwrap()]));
    source.stop().await;
    let bytes = std::fs::read(&archive).unwrap();

    let target_db = other_backend(db).await;
    let media = tempfile::tempdir().unwrap();
    // Cut short in the comments' table; then a file that is no archive.
    let comments_at = bytes.windows(8).position(|w| w == b"comments").unwrap();
    let cut = folder.path().join("cut.tar");
    std::fs::write(&cut, &bytes[..comments_at + 4096]).unwrap();
    let refused = failure(&byline(&target_db.url, media.path(), &["import", "byline", cut.to_str().unwrap()]));
    assert!(refused.contains("nothing was written"), "{refused}");
    // Cut short between its photos, at the start of an entry, which a tar
    // reader takes for the end.
    let last_photo = bytes.windows(6).rposition(|w| w == b"media/").unwrap();
    assert_eq!(last_photo % 512, 0, "a header's name starts its block");
    let short = folder.path().join("short.tar");
    std::fs::write(&short, &bytes[..last_photo]).unwrap();
    let refused = failure(&byline(&target_db.url, media.path(), &["import", "byline", short.to_str().unwrap()]));
    assert!(refused.contains("photo files where the manifest says"), "{refused}");
    // A manifest that leaves a table out, with that table's entry gone
    // too: the site would come back in part.
    let parts = folder.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    let entries = tar(&parts, &["xvf", archive.to_str().unwrap()]);
    let manifest_path = parts.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    manifest["tables"].as_array_mut().unwrap().retain(|t| t["name"] != "imported_records");
    std::fs::write(&manifest_path, serde_json::to_string(&manifest).unwrap()).unwrap();
    let partial = folder.path().join("partial.tar");
    let mut args = vec!["cf", partial.to_str().unwrap()];
    args.extend(entries.lines().filter(|e| !e.ends_with("-imported_records.jsonl")));
    tar(&parts, &args);
    let refused = failure(&byline(&target_db.url, media.path(), &["import", "byline", partial.to_str().unwrap()]));
    assert!(refused.contains("does not list table imported_records"), "{refused}");
    let other = folder.path().join("notes.txt");
    std::fs::write(&other, "not an archive at all").unwrap();
    let refused = failure(&byline(&target_db.url, media.path(), &["import", "byline", other.to_str().unwrap()]));
    assert!(refused.contains("not a Byline archive"), "{refused}");

    let store = target_db.store().await;
    for table in ["sections", "articles", "users", "comments"] {
        let rows = count(&store, &format!("SELECT COUNT(*) FROM {table}")).await.unwrap();
        assert_eq!(rows, 0, "table {table} was written from a damaged archive");
    }
    store.close().await;
    // The whole archive still restores into it afterwards.
    succeeded(&byline(&target_db.url, media.path(), &["import", "byline", archive.to_str().unwrap()]));
    target_db.cleanup().await;
}

/// Runs the system's `tar` in `dir`, for tests that take an archive apart.
fn tar(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("tar").current_dir(dir).args(args).output().unwrap();
    assert!(output.status.success(), "tar {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn an_archive_cannot_bring_html_of_its_own(db: &TestDatabase) {
    let source = demo_site(db).await;
    let folder = tempfile::tempdir().unwrap();
    let archive = folder.path().join("site.tar");
    succeeded(&byline(&db.url, source.media.path(), &["export", archive.to_str().unwrap()]));
    source.stop().await;

    // Every story's and comment's HTML replaced by a script, the archive
    // put back together in its order.
    let parts = folder.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    let entries = tar(&parts, &["xvf", archive.to_str().unwrap()]);
    for entry in entries.lines().filter(|e| e.ends_with("-articles.jsonl") || e.ends_with("-comments.jsonl")) {
        let path = parts.join(entry);
        let rows: Vec<String> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(|line| {
                let mut row: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).unwrap();
                row.insert("body_html".into(), "<script>alert('planted')</script><p>planted</p>".into());
                serde_json::to_string(&row).unwrap()
            })
            .collect();
        std::fs::write(&path, rows.join("\n") + "\n").unwrap();
    }
    let planted = folder.path().join("planted.tar");
    let mut args = vec!["cf", planted.to_str().unwrap()];
    args.extend(entries.lines());
    tar(&parts, &args);

    let target_db = other_backend(db).await;
    let media = tempfile::tempdir().unwrap();
    succeeded(&byline(&target_db.url, media.path(), &["restore", planted.to_str().unwrap()]));
    let target = TestApp::with_config(&target_db, BASE, |config| {
        config.media.dir = media.path().to_string_lossy().into_owned();
    })
    .await;
    let page = target.get("/articles/seyra-river-accord-signed").await.text().await.unwrap();
    assert!(page.contains("Seyra"), "the story is there");
    assert!(!page.contains("planted"), "HTML from the archive reached the page");
    let api = target.get("/api/v1/articles/seyra-river-accord-signed/comments").await.text().await.unwrap();
    assert!(!api.contains("planted"), "HTML from the archive reached the API");
    target.stop().await;
    target_db.cleanup().await;
}

/// Comment ids of every comment in the archive restored into `db`.
async fn restored_comments(db: &TestDatabase, archive: &Path) -> BTreeSet<i64> {
    let media = tempfile::tempdir().unwrap();
    succeeded(&byline(&db.url, media.path(), &["restore", archive.to_str().unwrap()]));
    let store = db.store().await;
    let ids = byline_store::testing::numbers(&store, "SELECT id FROM comments").await.unwrap();
    store.close().await;
    ids.into_iter().collect()
}

async fn a_backup_under_load_holds_every_comment_acknowledged_before_it(db: &TestDatabase) {
    let app = TestApp::with_settings(db, BASE, |settings| {
        settings.config.comments.min_interval_secs = 0;
        settings.config.comments.per_minute = 100_000;
    })
    .await;
    app.add_article("busy", "open").await;
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut writers = Vec::new();
    for writer in 0..3 {
        let reader = app.commenter(&format!("writer{writer}")).await;
        let acknowledged = acknowledged.clone();
        let stopped = stopped.clone();
        writers.push(tokio::spawn(async move {
            let mut n = 0;
            while !*stopped.borrow() {
                n += 1;
                let id = reader.post_comment("busy", &format!("Writer {writer} says {n}.")).await;
                acknowledged.lock().unwrap().push(id);
            }
        }));
    }
    // Wait for the writers to be under way: an event, not a time.
    while acknowledged.lock().unwrap().len() < 30 {
        assert!(!writers.iter().any(tokio::task::JoinHandle::is_finished), "a writer stopped early");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before: Vec<i64> = acknowledged.lock().unwrap().clone();
    let folder = tempfile::tempdir().unwrap();
    let said = succeeded(&byline(&db.url, app.media.path(), &["backup", folder.path().to_str().unwrap()]));
    stop.send(true).unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let backup = std::fs::read_dir(folder.path()).unwrap().next().unwrap().unwrap().path();
    assert!(said.contains(&backup.display().to_string()), "{said}");

    let target_db = other_backend(db).await;
    let restored = restored_comments(&target_db, &backup).await;
    let lost: Vec<&i64> = before.iter().filter(|id| !restored.contains(id)).collect();
    assert!(lost.is_empty(), "acknowledged before the backup began, missing from it: {lost:?}");
    app.stop().await;
    target_db.cleanup().await;
}

async fn serve_takes_backups_on_its_own_and_keeps_the_newest(db: &TestDatabase) {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().to_string_lossy().into_owned();
    let app = TestApp::with_config(db, BASE, |config| {
        config.backup.dir = dir;
        config.backup.every = "1s".into();
        config.backup.keep = 2;
    })
    .await;
    app.add_article("kept-safe", "open").await;
    let backups = || -> Vec<std::path::PathBuf> {
        let mut found: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "tar"))
            .collect();
        found.sort();
        found
    };
    // Wait until a third backup has been taken (the first is pruned
    // then) and the folder is back to the two kept.
    let mut seen = BTreeSet::new();
    let mut kept = Vec::new();
    for _ in 0..2400 {
        // One listing per pass: the next backup may land between two.
        kept = backups();
        seen.extend(kept.iter().cloned());
        if seen.len() >= 3 && kept.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(seen.len() >= 3, "backups taken: {seen:?}");
    assert_eq!(kept.len(), 2, "the newest two are kept: {kept:?}");
    app.stop().await;

    let target_db = other_backend(db).await;
    let media = tempfile::tempdir().unwrap();
    succeeded(&byline(&target_db.url, media.path(), &["restore", kept[1].to_str().unwrap()]));
    let store = target_db.store().await;
    assert_eq!(count(&store, "SELECT COUNT(*) FROM articles WHERE slug = 'kept-safe'").await.unwrap(), 1);
    store.close().await;
    target_db.cleanup().await;
}

byline_store::test_on_both_backends!(
    an_archive_cannot_bring_html_of_its_own,
    a_backup_under_load_holds_every_comment_acknowledged_before_it,
    serve_takes_backups_on_its_own_and_keeps_the_newest,
    a_site_moves_to_the_other_backend_and_answers_the_same,
    a_private_free_export_has_no_addresses_or_passwords,
    a_damaged_archive_writes_nothing,
);
