//! A real Varnish (Debian's `varnishd`) in front of two nodes: it keeps
//! anonymous article pages, never a signed-in reader's, and a comment
//! posted on either node purges the page, so the cache's next reader sees
//! it. The test skips without `varnishd`, except with `CI=true`.

use std::process::{Child, Command, Stdio};

use byline_store::Backend;
use byline_store::testing::TestDatabase;

use crate::support::{BASE, TestApp, header, text_of};

/// A port free now, for a server the test starts after it has named it.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn varnishd() -> Option<&'static str> {
    ["/usr/sbin/varnishd", "/usr/local/sbin/varnishd"].into_iter().find(|path| std::path::Path::new(path).exists())
}

/// Varnish in front of `nodes`, taking turns; stopped when dropped.
struct Varnish {
    url: String,
    child: Child,
    _work: tempfile::TempDir,
}

impl Varnish {
    async fn start(binary: &str, port: u16, nodes: &[std::net::SocketAddr]) -> Self {
        let work = tempfile::tempdir().unwrap();
        let backends: String = nodes
            .iter()
            .enumerate()
            .map(|(n, addr)| format!("backend node{n} {{ .host = \"{}\"; .port = \"{}\"; }}\n", addr.ip(), addr.port()))
            .collect();
        let members: String = (0..nodes.len()).map(|n| format!("    nodes.add_backend(node{n});\n")).collect();
        // Every request names the site's host, as the purges do.
        let vcl = format!(
            "vcl 4.1;\nimport directors;\n{backends}\
             sub vcl_init {{\n    new nodes = directors.round_robin();\n{members}}}\n\
             sub vcl_recv {{\n    set req.backend_hint = nodes.backend();\n    set req.http.host = \"news.example\";\n\
                 if (req.method == \"PURGE\") {{ return (purge); }}\n}}\n"
        );
        let vcl_path = work.path().join("byline.vcl");
        std::fs::write(&vcl_path, vcl).unwrap();
        let child = Command::new(binary)
            .arg("-F")
            .arg("-n")
            .arg(work.path().join("state"))
            .args(["-a", &format!("127.0.0.1:{port}"), "-s", "malloc,32m", "-f"])
            .arg(&vcl_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Stopped when dropped, whatever happens next.
        let varnish = Self { url: format!("http://127.0.0.1:{port}"), child, _work: work };
        // Generous: other tests load the machine meanwhile.
        for _ in 0..1200 {
            if reqwest::get(format!("{}/healthz", varnish.url)).await.is_ok_and(|r| r.status() == 200) {
                return varnish;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("varnish never answered");
    }
}

impl Drop for Varnish {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// Whether Varnish answered from its cache (it names two transactions).
fn from_cache(response: &reqwest::Response) -> bool {
    header(response, "x-varnish").split_whitespace().count() == 2
}

async fn varnish_keeps_anonymous_pages_until_a_comment_purges_them(db: &TestDatabase) {
    let Some(binary) = varnishd() else {
        assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "varnishd is needed");
        eprintln!("skipped: no varnishd");
        return;
    };
    let port = free_port();
    let cache = |config: &mut byline::config::Config| {
        // Long enough that only a purge can show the new comment.
        config.cache.s_maxage_secs = 3600;
        config.cache.purge_urls = vec![format!("http://127.0.0.1:{port}")];
    };
    let a = TestApp::with_config(db, BASE, cache).await;
    // A SQLite site is one node; PostgreSQL's has two.
    let b = match db.backend {
        Backend::Postgres => Some(TestApp::with_config(db, BASE, cache).await),
        Backend::Sqlite => None,
    };
    let nodes: Vec<_> = [Some(&a), b.as_ref()].into_iter().flatten().map(|app| app.running.addr).collect();
    let varnish = Varnish::start(binary, port, &nodes).await;
    a.add_article("river", "open").await;
    let reader = reqwest::Client::new();
    let page = format!("{}/articles/river", varnish.url);

    let first = reader.get(&page).send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert!(!from_cache(&first));
    let again = reader.get(&page).send().await.unwrap();
    assert!(from_cache(&again), "the second read is Varnish's: {:?}", again.headers());
    let html = scraper::Html::parse_document(&again.text().await.unwrap());
    assert_eq!(text_of(&html, "#comments h2"), "Comments (0)");

    // A signed-in reader passes through to a node, and their page is not
    // kept for anyone.
    // (Cookies are the host's, whatever the port: the browser sends its
    // session to Varnish too.)
    let commenter = a.commenter("leila").await;
    let own = commenter.client.get(&page).send().await.unwrap();
    assert!(!from_cache(&own));
    assert!(own.text().await.unwrap().contains("leila"));
    let anonymous = reader.get(&page).send().await.unwrap();
    assert!(from_cache(&anonymous));
    assert!(!anonymous.text().await.unwrap().contains("leila"));

    // A comment posted on the last node (not through Varnish) purges the
    // page: the next reads show it.
    let poster = match &b {
        Some(b) => b.commenter("omar").await,
        None => a.commenter("omar").await,
    };
    poster.post_comment("river", "The water is back in the valley.").await;
    let mut shown = false;
    // Bounded far below the page's hour in the cache.
    for _ in 0..1200 {
        let read = reader.get(&page).send().await.unwrap();
        if read.text().await.unwrap().contains("The water is back in the valley.") {
            shown = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(shown, "the purge never reached Varnish");
    drop(varnish);
    if let Some(b) = b {
        b.stop().await;
    }
    a.stop().await;
}

byline_store::test_on_both_backends!(varnish_keeps_anonymous_pages_until_a_comment_purges_them);
