//! Three `byline serve` processes on one PostgreSQL behind HAProxy
//! (Debian's), as a site that outgrew one machine runs: started at once
//! (they migrate once between them), a reader on one node sees a comment
//! posted on another, sign-ups are limited across the nodes and behind the
//! balancer, each e-mail is sent once, a scheduled story is announced
//! once, `kill -9` of a node under posting loses no acknowledged comment
//! and the balancer routes around it, and a rolling restart of every node
//! under load answers every request.
//!
//! PostgreSQL only (a SQLite site is one process). Skips without
//! `haproxy`, except with `CI=true`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use byline_core::Timestamp;
use byline_core::article_file::parse_article_file;
use byline_store::testing::TestDatabase;
use byline_store::{Backend, Store};

use crate::support::{BASE, Browser, comment_id};

const BYLINE: &str = env!("CARGO_BIN_EXE_byline");
const HAPROXY: &str = "/usr/sbin/haproxy";

/// A port free now, for a server the test starts after it has named it.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Waits (generously: other tests load the machine) until `url` answers 200.
async fn until_ready(url: &str) {
    for _ in 0..1200 {
        if reqwest::get(url).await.is_ok_and(|r| r.status() == 200) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} never answered 200");
}

fn stop(child: &mut Child, signal: &str) {
    let _ = Command::new("kill").args([signal, &child.id().to_string()]).status();
    let _ = child.wait();
}

/// One `byline serve` process.
struct Node {
    port: u16,
    child: Child,
    outbox: PathBuf,
    db_url: String,
}

impl Node {
    fn start(db_url: &str, port: u16, folder: &Path) -> Self {
        let outbox = folder.join(format!("outbox-{port}"));
        let child = Command::new(BYLINE)
            .args(["--database-url", db_url, "serve", "--listen", &format!("127.0.0.1:{port}")])
            .env("BYLINE_SITE__BASE_URL", BASE)
            .env("BYLINE_MAIL__OUTBOX_DIR", &outbox)
            .env("BYLINE_MEDIA__DIR", folder.join("media"))
            .env("BYLINE_BACKUP__EVERY", "off")
            .env("BYLINE_SERVER__DRAIN_SECS", "2")
            .env("BYLINE_SERVER__TRUSTED_PROXIES", "[\"127.0.0.1/32\"]")
            .env("BYLINE_COMMENTS__MIN_INTERVAL_SECS", "0")
            .env("BYLINE_COMMENTS__PER_MINUTE", "100000")
            .env("BYLINE_MODERATION__TRUSTED_AFTER", "0")
            .env("BYLINE_LOG__FILTER", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Self { port, child, outbox, db_url: db_url.to_owned() }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Stops it with SIGTERM (drained) and starts it again on its port.
    async fn restart(&mut self, folder: &Path) {
        stop(&mut self.child, "-TERM");
        *self = Self::start(&self.db_url.clone(), self.port, folder);
        until_ready(&self.url("/readyz")).await;
    }

    /// The messages this node has sent, by recipient.
    fn mailed(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.outbox) else { return Vec::new() };
        entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap();
                text.lines().find_map(|l| l.strip_prefix("To: ")).unwrap_or_default().to_owned()
            })
            .collect()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        stop(&mut self.child, "-KILL");
    }
}

/// HAProxy in front of the nodes, checking each one's `/readyz`.
struct Balancer {
    child: Child,
    url: String,
    /// Its statistics page, where it says which nodes it sends to.
    stats: String,
}

impl Balancer {
    async fn start(nodes: &[Node], folder: &Path) -> Self {
        let (port, stats_port) = (free_port(), free_port());
        let servers: String = nodes
            .iter()
            .enumerate()
            .map(|(n, node)| format!("    server node{n} 127.0.0.1:{} check\n", node.port))
            .collect();
        // Checked often, so a node that is killed or drains is out within
        // two checks; a check may take its time, and one slow answer does
        // not take a node out, as on a busy machine one might.
        let config = format!(
            "global\n    maxconn 2000\n\
             defaults\n    mode http\n    timeout connect 2s\n    timeout client 120s\n    timeout server 120s\n\
                 timeout tunnel 1h\n    retries 3\n    option redispatch 1\n\
                 retry-on conn-failure empty-response response-timeout\n    option forwardfor\n\
             frontend site\n    bind 127.0.0.1:{port}\n    default_backend nodes\n\
             backend nodes\n    balance roundrobin\n    option httpchk GET /readyz\n    http-check expect status 200\n\
                 timeout check 5s\n    default-server inter 100ms fall 2 rise 2\n{servers}\
             listen stats\n    bind 127.0.0.1:{stats_port}\n    stats enable\n    stats uri /stats\n"
        );
        let path = folder.join("haproxy.cfg");
        std::fs::write(&path, config).unwrap();
        let child = Command::new(HAPROXY)
            .arg("-db")
            .arg("-f")
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Stopped when dropped, whatever happens next.
        let url = format!("http://127.0.0.1:{port}");
        let balancer = Self { child, url, stats: format!("http://127.0.0.1:{stats_port}/stats;csv") };
        until_ready(&format!("{}/readyz", balancer.url)).await;
        balancer
    }

    /// Waits until the balancer sends to node `n` again.
    async fn until_up(&self, n: usize) {
        let row = format!("nodes,node{n},");
        for _ in 0..1200 {
            if let Ok(answer) = reqwest::get(&self.stats).await
                && let Ok(csv) = answer.text().await
                && csv.lines().any(|line| line.starts_with(&row) && line.split(',').nth(17) == Some("UP"))
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the balancer never counted node {n} back in");
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        stop(&mut self.child, "-KILL");
    }
}

/// A browser signed in to a new account, asking `base`.
async fn member(db_url: &str, base: &str, handle: &str) -> Browser {
    let output = Command::new(BYLINE)
        .args([
            "--database-url",
            db_url,
            "user",
            "add",
            "--handle",
            handle,
            "--email",
            &format!("{handle}@example.org"),
        ])
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    let at = printed.find("/signin/link/").expect("a sign-in link");
    let link: String = printed[at..].chars().take_while(|c| !c.is_whitespace()).collect();
    let browser = Browser::asking(base);
    assert_eq!(browser.submit(&link, &link, &[]).await.status(), 303);
    browser
}

async fn add_article(db_url: &str, slug: &str) {
    let store = Store::connect(db_url).await.unwrap();
    let text = format!(
        "+++\nslug = \"{slug}\"\nheadline = \"Headline {slug}\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\n\
         status = \"published\"\ncomments = \"open\"\npublished_at = \"{}\"\n+++\nBody.\n",
        Timestamp::now().plus_hours(-1).rfc3339()
    );
    store.upsert_article(&parse_article_file(&text).unwrap(), Timestamp::now()).await.unwrap();
    store.close().await;
}

/// Of the comments in `ids`, those the database does not hold in any
/// state, or holds under another story than `load`. A post the killed
/// node had saved but not answered is sent again by the balancer to
/// another node, which holds the repeat for review: acknowledged, and not
/// published.
async fn not_stored(db_url: &str, ids: &BTreeSet<i64>) -> Vec<i64> {
    let store = Store::connect(db_url).await.unwrap();
    let mut missing = Vec::new();
    for &id in ids {
        match store.comment_notice(id).await.unwrap() {
            Some(comment) if comment.article_slug == "load" => {}
            _ => missing.push(id),
        }
    }
    store.close().await;
    missing
}

/// Posts through `browser` until `stop` turns true; answers the ids the
/// site acknowledged, and how many posts failed.
async fn keep_posting(browser: Browser, who: String, stop: tokio::sync::watch::Receiver<bool>) -> (Vec<i64>, usize) {
    let (mut acknowledged, mut failed) = (Vec::new(), 0);
    let mut n = 0;
    while !*stop.borrow() {
        n += 1;
        let response = browser.submit_comment("load", &format!("Comment {n} under load, by {who}."), None).await;
        if response.status() == 303 {
            acknowledged.push(comment_id(&response));
        } else {
            failed += 1;
        }
    }
    (acknowledged, failed)
}

async fn three_nodes_behind_a_balancer_serve_as_one_site(db: &TestDatabase) {
    if db.backend == Backend::Sqlite {
        return;
    }
    if !Path::new(HAPROXY).exists() {
        assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "haproxy is needed");
        eprintln!("skipped: no haproxy");
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    // Started at once on a new database: they migrate it once between them.
    let mut nodes: Vec<Node> = (0..3).map(|_| Node::start(&db.url, free_port(), folder.path())).collect();
    for node in &nodes {
        until_ready(&node.url("/readyz")).await;
    }
    let balancer = Balancer::start(&nodes, folder.path()).await;
    add_article(&db.url, "talks").await;
    add_article(&db.url, "load").await;

    // A reader on the third node sees a comment posted on the first.
    let mut stream = reqwest::Client::new().get(nodes[2].url("/articles/talks/live")).send().await.unwrap();
    assert_eq!(stream.status(), 200);
    let writer = member(&db.url, &nodes[0].url(""), "writer").await;
    let id = writer.post_comment("talks", "Posted on the first node.").await;
    let mut received = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while !received.contains(&format!("id: {id}\n")) {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk()).await.expect("an event").unwrap().unwrap();
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    drop(stream);

    // A scheduled story comes out once: every node looks for stories come
    // due, and the first to claim it announces it. The next thing the
    // site's webhook hears is the story published after it, not a repeat.
    let receiver = crate::support::Receiver::start(0).await;
    let store = Store::connect(&db.url).await.unwrap();
    store.add_webhook_endpoint(&receiver.url, &["article.published"], "secret", Timestamp::now()).await.unwrap();
    let command = byline_app::App::new(
        store.clone(),
        byline_app::Settings::default(),
        std::sync::Arc::new(byline_app::SystemClock),
    );
    let at = Timestamp::from_millis(Timestamp::now().millis() + 2_000);
    let scheduled = parse_article_file(&crate::support::scheduled_file("at-two-seconds", at)).unwrap();
    command.publish_articles(&[scheduled], true).await.unwrap();
    let announced = receiver.next().await;
    assert_eq!(announced.event, "article.published");
    assert_eq!(announced.json()["data"]["article"]["slug"], "at-two-seconds");
    let after = parse_article_file(&crate::support::published_file("after-it")).unwrap();
    command.publish_articles(&[after], true).await.unwrap();
    assert_eq!(receiver.next().await.json()["data"]["article"]["slug"], "after-it", "announced once");
    store.close().await;

    // Sign-ups through the balancer: the limit per client holds across the
    // three nodes (the balancer says who the client is), and each
    // confirmation is mailed once, by one node.
    let limit = byline_app::RateLimits::default().sign_ups_per_hour;
    let newcomer = Browser::asking(&balancer.url);
    let mut signed_up = BTreeSet::new();
    for n in 0..=limit {
        let handle = format!("newcomer{n}");
        let answer = newcomer.sign_up(&handle, &format!("{handle}@example.org")).await;
        if answer.status() == 200 {
            signed_up.insert(format!("{handle}@example.org"));
        }
    }
    assert_eq!(signed_up.len(), usize::try_from(limit).unwrap(), "one client, spread over three nodes");
    let mut mailed = Vec::new();
    for _ in 0..1200 {
        mailed = nodes.iter().flat_map(Node::mailed).filter(|to| to.starts_with("newcomer")).collect();
        if mailed.len() >= signed_up.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    mailed.sort();
    assert_eq!(mailed, signed_up.iter().cloned().collect::<Vec<_>>(), "each confirmation mailed once");

    // Posting through the balancer while one node is killed: every
    // acknowledged comment is stored, and posting goes on on the others.
    let (stop_load, stopped) = tokio::sync::watch::channel(false);
    let mut posters = Vec::new();
    for n in 0..4 {
        let browser = member(&db.url, &balancer.url, &format!("poster{n}")).await;
        posters.push(tokio::spawn(keep_posting(browser, format!("poster {n}"), stopped.clone())));
    }
    stop(&mut nodes[1].child, "-KILL");
    let after_kill = member(&db.url, &balancer.url, "after_kill").await;
    for n in 0..20 {
        let answer = after_kill.submit_comment("load", &format!("After the kill, {n}."), None).await;
        assert_eq!(answer.status(), 303, "routed around the dead node");
    }
    stop_load.send_replace(true);
    let mut acknowledged = BTreeSet::new();
    for poster in posters {
        let (ids, _failed) = poster.await.unwrap();
        acknowledged.extend(ids);
    }
    assert!(acknowledged.len() >= 4, "posting went on: {}", acknowledged.len());
    let lost = not_stored(&db.url, &acknowledged).await;
    assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");

    // A rolling restart of every node (the killed one first) under reading
    // load: every request is answered, none with a 5xx.
    let (stop_reads, reads_stopped) = tokio::sync::watch::channel(false);
    let mut readers = Vec::new();
    for _ in 0..4 {
        let url = format!("{}/articles/talks", balancer.url);
        let stopped = reads_stopped.clone();
        readers.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut answers = Vec::new();
            while !*stopped.borrow() {
                answers.push(client.get(&url).send().await.map(|r| r.status().as_u16()).map_err(|e| e.to_string()));
            }
            answers
        }));
    }
    for (n, node) in nodes.iter_mut().enumerate() {
        node.restart(folder.path()).await;
        // The balancer counts it back in before the next one goes.
        balancer.until_up(n).await;
    }
    stop_reads.send_replace(true);
    let mut answered = 0;
    for reader in readers {
        for answer in reader.await.unwrap() {
            assert_eq!(answer, Ok(200), "every read answered during the rolling restart");
            answered += 1;
        }
    }
    assert!(answered > 0);
    let again = writer.at(&balancer.url);
    assert_eq!(again.submit_comment("talks", "After the restarts.", None).await.status(), 303);
    drop(balancer);
    drop(nodes);
}

byline_store::test_on_both_backends!(three_nodes_behind_a_balancer_serve_as_one_site);
