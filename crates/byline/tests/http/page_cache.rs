//! The render cache: anonymous readers share one rendered, compressed page
//! of an article, which a new comment replaces at once; signed-in readers
//! get their own.

use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::support::{BASE, Browser, TestApp, attr, header};

async fn anonymous_readers_share_a_page_that_a_new_comment_replaces_at_once(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("harbour", "open").await;
    let anonymous = Browser::new(&app);
    let get = |encoding: &'static str, tag: Option<String>| {
        let anonymous = &anonymous;
        async move {
            let mut request = anonymous.client.get(format!("{}/articles/harbour", anonymous.base));
            request = request.header("accept-encoding", encoding);
            if let Some(tag) = tag {
                request = request.header("if-none-match", tag);
            }
            request.send().await.unwrap()
        }
    };
    let first = get("gzip, br", None).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(header(&first, "content-encoding"), "br");
    assert_eq!(header(&first, "cache-control"), "public, no-cache");
    let tag = header(&first, "etag");
    let gzip = get("gzip", None).await;
    assert_eq!((header(&gzip, "content-encoding"), header(&gzip, "etag")), ("gzip".to_owned(), tag.clone()));
    let plain = get("identity", None).await;
    assert_eq!(header(&plain, "content-encoding"), "");
    assert!(plain.text().await.unwrap().contains("Headline harbour"));
    assert_eq!(get("br", Some(tag.clone())).await.status(), StatusCode::NOT_MODIFIED);

    // A new comment is on the shared page at once.
    let amira = app.commenter("amira").await;
    let id = amira.post_comment("harbour", "The ferry is back on Tuesdays.").await;
    let after = get("identity", Some(tag.clone())).await;
    assert_eq!(after.status(), StatusCode::OK, "the old page is not current");
    assert_ne!(header(&after, "etag"), tag);
    assert!(after.text().await.unwrap().contains(&format!("id=\"c-{id}\"")));

    // The reader who wrote it gets a page of their own, with their forms.
    let own = amira.get("/articles/harbour").await;
    assert_eq!(header(&own, "cache-control"), "private, no-cache");
    assert!(own.text().await.unwrap().contains("name=\"csrf\""));
    app.stop().await;
}

/// A server that did not take the comment learns of it by reading the
/// article's version again, which it does a few times a second while it
/// serves the page from memory.
async fn a_comment_posted_through_another_server_reaches_the_shared_page(db: &TestDatabase) {
    // The reading server renders no page again for its age during the
    // test, so only the version it reads can bring the comment.
    let reading =
        TestApp::with_settings(db, BASE, |settings| settings.page_fresh_for = std::time::Duration::from_secs(3600))
            .await
            .with_client(reqwest::Client::new());
    let writing = TestApp::with_base_url(db, BASE).await;
    reading.add_article("harbour", "open").await;
    let page = || async { reading.get("/articles/harbour").await.text().await.unwrap() };
    assert!(page().await.contains("Headline harbour"));
    assert!(page().await.contains("Headline harbour"), "served from the cache");

    let amira = writing.commenter("amira").await;
    let id = amira.post_comment("harbour", "Heard it at the other desk.").await;
    // The bound only keeps a cache that never learns from hanging the suite.
    let started = std::time::Instant::now();
    while !page().await.contains(&format!("id=\"c-{id}\"")) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(300),
            "the other server's comment never reached the page"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    writing.stop().await;
    reading.stop().await;
}

/// Signed-in pages are drawn from the data the shared page was rendered
/// from, with each reader's own parts: the shared page never takes a
/// reader's, and a reader's held comment is still shown to them alone.
async fn signed_in_pages_lay_each_reader_over_the_shared_view(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let amira = app.commenter("amira").await;
    let bashir = app.commenter("bashir").await;
    app.add_article("bridge", "open").await;
    let first = amira.post_comment("bridge", "The bridge reopens at dawn.").await;

    // Bashir is the first reader since the comment: his request renders
    // the shared page, which must hold nothing of his.
    let own = bashir.get("/articles/bridge").await.text().await.unwrap();
    let token = own.split("name=\"csrf\" value=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap().to_owned();
    assert!(own.contains("Sign out") && own.contains(&format!("action=\"/comments/{first}/vote\"")));
    let shared = Browser::new(&app).get("/articles/bridge").await;
    assert_eq!(header(&shared, "cache-control"), "public, no-cache");
    let shared = shared.text().await.unwrap();
    assert!(shared.contains("The bridge reopens at dawn."));
    assert!(!shared.contains(&token) && !shared.contains("Sign out") && !shared.contains("/vote\""), "{shared}");

    // His vote is his: pressed on his page, counted on everyone's.
    let csrf = bashir.csrf("/articles/bridge").await;
    let voted = bashir.post(&format!("/comments/{first}/vote"), &[("vote", "yes"), ("csrf", &csrf)]).await;
    assert!(voted.status().is_redirection(), "{}", voted.status());
    let his = bashir.get("/articles/bridge").await.text().await.unwrap();
    assert!(his.contains("aria-pressed=\"true\"") && his.contains("1 vote<"), "{his}");
    let hers = amira.get("/articles/bridge").await.text().await.unwrap();
    assert!(!hers.contains("aria-pressed=\"true\"") && hers.contains("1 vote<"));
    assert!(hers.contains(&format!("href=\"/comments/{first}/edit\"")), "her own comment is hers to edit");
    assert!(!his.contains(&format!("href=\"/comments/{first}/edit\"")));

    // A comment the policy holds shows to its author, and to no one else.
    app.add_article("bridge", "pre-moderated").await;
    let held = bashir.post_comment("bridge", "Held until a moderator reads it.").await;
    let his = bashir.get("/articles/bridge").await.text().await.unwrap();
    assert!(his.contains(&format!("id=\"c-{held}\"")) && his.contains("Awaiting review"));
    let hers = amira.get("/articles/bridge").await.text().await.unwrap();
    assert!(!hers.contains("Held until a moderator") && hers.contains("The bridge reopens at dawn."));
    assert!(!Browser::new(&app).get("/articles/bridge").await.text().await.unwrap().contains("Held until"));
    app.stop().await;
}

/// Every value of the `vary` headers, lower case, one name each.
fn varies_by(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("vary")
        .iter()
        .flat_map(|v| v.to_str().unwrap().split(',').map(|n| n.trim().to_lowercase()).collect::<Vec<_>>())
        .collect()
}

/// What depends on the session is never kept by a shared cache, and what
/// holds a reader's unpublished words is kept by no cache at all; what
/// anonymous readers get is cached as before.
async fn personal_answers_are_private_and_unpublished_ones_never_stored(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("held", "pre-moderated").await;
    let amira = app.commenter("amira").await;
    let id = amira.post_comment("held", "Waiting for a moderator, my own words.").await;
    let anonymous = Browser::new(&app);

    // Her own held comment, with its source, through the API.
    let own = amira.get(&format!("/api/v1/comments/{id}")).await;
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(header(&own, "cache-control"), "private, no-store");
    assert!(varies_by(&own).contains(&"cookie".to_owned()), "{:?}", varies_by(&own));
    assert!(own.text().await.unwrap().contains("my own words"));
    let list = amira.get("/api/v1/articles/held/comments").await;
    assert_eq!(header(&list, "cache-control"), "private, no-store");
    // Her page of the story, which shows her held comment.
    let page = amira.get("/articles/held").await;
    assert_eq!(header(&page, "cache-control"), "private, no-store");
    assert!(page.text().await.unwrap().contains("my own words"));
    // Other pages of hers: private, and still revalidated by tag.
    for path in ["/", "/articles/held?sort=newest", "/feed.xml"] {
        let response = amira.get(path).await;
        let policy = header(&response, "cache-control");
        assert!(policy.starts_with("private"), "{path}: {policy}");
        assert!(varies_by(&response).contains(&"cookie".to_owned()), "{path}");
    }

    // Anonymous readers: the shared page as before, and answers that say
    // they differ for those with a cookie.
    let shared = anonymous.get("/articles/held").await;
    assert_eq!(header(&shared, "cache-control"), "public, no-cache");
    assert_eq!(header(&shared, "vary"), "cookie, accept-encoding");
    assert!(!shared.text().await.unwrap().contains("my own words"));
    let answer = anonymous.get("/api/v1/articles/held/comments").await;
    assert!(!header(&answer, "cache-control").contains("private"));
    assert!(varies_by(&answer).contains(&"cookie".to_owned()));
    // Assets are the same for everyone, session or not.
    let home = amira.page("/").await.1;
    let css = attr(&home, "link[rel=stylesheet]", "href");
    assert_eq!(header(&amira.get(&css).await, "cache-control"), "public, max-age=31536000, immutable");
    app.stop().await;
}

byline_store::test_on_both_backends!(
    personal_answers_are_private_and_unpublished_ones_never_stored,
    signed_in_pages_lay_each_reader_over_the_shared_view,
    anonymous_readers_share_a_page_that_a_new_comment_replaces_at_once,
    a_comment_posted_through_another_server_reaches_the_shared_page,
);
