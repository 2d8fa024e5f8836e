//! Guest comments: off unless a site turns them on; then a name is required
//! and every guest comment waits for a moderator.

use byline_store::testing::TestDatabase;
use reqwest::StatusCode;
use scraper::Html;

use crate::support::{BASE, Browser, TestApp, attr, select, text_of};

async fn app_with_guests(db: &TestDatabase, guests: bool) -> TestApp {
    TestApp::with_settings(db, BASE, |settings| settings.config.comments.guests = guests).await
}

async fn held(app: &TestApp, slug: &str) -> Vec<byline_store::ThreadComment> {
    app.running.store.held_comments(app.article_id(slug).await).await.unwrap()
}

async fn guest_comments_are_off_unless_the_site_allows_them(db: &TestDatabase) {
    let app = app_with_guests(db, false).await;
    app.add_article("talks", "open").await;
    let guest = Browser::new(&app);
    let (_, page) = guest.page("/articles/talks").await;
    assert!(select(&page, "a[href$='/guest-comment']").is_empty());
    assert_eq!(guest.get("/articles/talks/guest-comment").await.status(), StatusCode::NOT_FOUND);
    let csrf = guest.csrf("/signin").await;
    let fields = [("name", "Ilse"), ("body", "Hello"), ("csrf", csrf.as_str())];
    assert_eq!(guest.post("/articles/talks/guest-comment", &fields).await.status(), StatusCode::NOT_FOUND);
    assert!(held(&app, "talks").await.is_empty());
    app.stop().await;
}

async fn guests_comment_by_name_and_wait_for_review(db: &TestDatabase) {
    let app = app_with_guests(db, true).await;
    app.add_article("talks", "open").await;
    app.add_article("shut", "closed").await;
    let guest = Browser::new(&app);
    let (_, article) = guest.page("/articles/talks").await;
    assert_eq!(attr(&article, "#compose a[href$='/guest-comment']", "href"), "/articles/talks/guest-comment");
    let form = "/articles/talks/guest-comment";

    // A name is required, and the text is kept while it is missing.
    let nameless = guest.submit(form, form, &[("name", "  "), ("body", "Was there; the bridge shook.")]).await;
    assert_eq!(nameless.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&nameless.text().await.unwrap());
    assert!(text_of(&page, "main form").contains("Your name must not be empty"), "{}", text_of(&page, "main form"));
    assert_eq!(text_of(&page, "textarea[name=body]"), "Was there; the bridge shook.");
    let spoofed = guest.submit(form, form, &[("name", "Ilse\u{202e}reh"), ("body", "Hi")]).await;
    assert_eq!(spoofed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let empty = guest.submit(form, form, &[("name", "Ilse"), ("body", "")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&empty.text().await.unwrap());
    assert_eq!(text_of(&page, "[role=alert]"), "The comment is empty.");
    assert_eq!(attr(&page, "input[name=name]", "value"), "Ilse");
    assert!(held(&app, "talks").await.is_empty(), "nothing refused is written");

    let sent = guest.submit(form, form, &[("name", "Ilse"), ("body", "Was there; the bridge shook.")]).await;
    assert_eq!(sent.status(), StatusCode::OK);
    let page = Html::parse_document(&sent.text().await.unwrap());
    assert!(text_of(&page, "main").contains("with our moderators"));
    let waiting = held(&app, "talks").await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].author_name.as_deref(), Some("Ilse"));
    assert!(waiting[0].guest);
    // Nobody sees it before a moderator has read it.
    let (_, article) = Browser::new(&app).page("/articles/talks").await;
    assert!(!text_of(&article, "#comments").contains("bridge shook"));
    assert_eq!(text_of(&article, "#comments h2"), "Comments (0)");

    // Flooding is counted per address.
    let again = guest.submit(form, form, &[("name", "Ilse"), ("body", "And once more.")]).await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = Html::parse_document(&again.text().await.unwrap());
    assert!(text_of(&page, "[role=alert]").contains("very fast"));
    assert_eq!(held(&app, "talks").await.len(), 1);

    // Closed articles take no comments, from guests either.
    let shut = "/articles/shut/guest-comment";
    let closed = Browser::new(&app).submit(shut, shut, &[("name", "Ilse"), ("body", "Let me in")]).await;
    assert_eq!(closed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(held(&app, "shut").await.is_empty());
    app.stop().await;
}

byline_store::test_on_both_backends!(
    guest_comments_are_off_unless_the_site_allows_them,
    guests_comment_by_name_and_wait_for_review,
);
