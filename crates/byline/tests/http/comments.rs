//! The comments bar over HTTP: posting, replying, every refusal, and
//! hostile input.

use byline_core::Timestamp;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, detect_language, render_comment};
use byline_store::NewComment;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;
use scraper::Html;

use crate::support::{BASE, Browser, PASSWORD, TestApp, attr, comment_id, header, location, select, text_of};

async fn readers_post_and_reply_in_any_script(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("talks", "open").await;
    let amira = app.commenter("amira").await;
    let naseem = app.commenter("naseem").await;

    let posted = amira.submit_comment("talks", "The accord is **fragile**, but it is a start.", None).await;
    assert_eq!(posted.status(), 303);
    let first = comment_id(&posted);
    assert_eq!(location(&posted), format!("/articles/talks#c-{first}"));
    let urdu = "یہ معاہدہ کمزور ضرور ہے، لیکن دریا کے کنارے رہنے والوں کے لیے یہ ایک نئی شروعات ہے۔";
    let reply = naseem.post_reply("talks", first, urdu).await;

    let (status, page) = Browser::new(&app).page("/articles/talks").await;
    assert_eq!(status, 200);
    assert_eq!(text_of(&page, "#comments h2"), "Comments (2)");
    let top = select(&page, "#comments ol.thread > li");
    assert_eq!(top.len(), 1);
    assert_eq!(top[0].value().attr("id"), Some(format!("c-{first}").as_str()));
    let nested = select(&page, &format!("#c-{first} > ol.replies > li#c-{reply}"));
    assert_eq!(nested.len(), 1, "the reply is nested under its parent");
    assert_eq!(attr(&page, &format!("#c-{reply} .comment-body"), "lang"), "ur");
    assert_eq!(attr(&page, &format!("#c-{reply} .comment-body"), "dir"), "auto");
    assert!(
        select(&page, &format!("#c-{first} > article .comment-body[lang]")).is_empty(),
        "English on an English page"
    );
    assert_eq!(text_of(&page, &format!("#c-{first} .comment-body strong")), "fragile");
    assert!(!select(&page, &format!("#c-{first} .comment-author bdi")).is_empty());
    assert!(!attr(&page, &format!("#c-{first} time"), "datetime").is_empty());
    // Anonymous readers get a sign-in prompt, not a form.
    assert!(select(&page, "form.comment-form").is_empty());
    assert!(text_of(&page, "#compose").contains("Sign in"));
    // Lists show the count.
    let (_, home) = Browser::new(&app).page("/").await;
    assert_eq!(
        text_of(&home, ".card-title a[href='/articles/talks'] ~ *, .lead .meta a[href$='#comments']"),
        "2 comments"
    );
    app.stop().await;
}

async fn refused_comments_come_back_with_the_text(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("open-one", "open").await;
    app.add_article("other", "open").await;
    app.add_article("shut", "closed").await;
    let farid = app.commenter("farid").await;

    let empty = farid.submit_comment("open-one", "   ", None).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&empty.text().await.unwrap());
    assert_eq!(text_of(&page, "#compose-error"), "The comment is empty.");

    let long = "word ".repeat(1_200);
    let too_long = farid.submit_comment("open-one", &long, None).await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&too_long.text().await.unwrap());
    assert!(text_of(&page, "#compose-error").contains("the limit is 5,000"));
    assert_eq!(select(&page, "#comment-body")[0].text().collect::<String>(), long, "text kept");

    let someone = app.commenter("someone").await;
    let elsewhere = someone.post_comment("other", "On the other article.").await;
    let wrong_thread = farid.submit_comment("open-one", "A reply that belongs nowhere", Some(elsewhere)).await;
    assert_eq!(wrong_thread.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&wrong_thread.text().await.unwrap());
    assert!(text_of(&page, "#compose-error").contains("not part of this article"));
    assert!(select(&page, "#comment-body")[0].text().collect::<String>().contains("belongs nowhere"));

    let closed = farid.submit_comment("shut", "Let me in", None).await;
    assert_eq!(closed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&closed.text().await.unwrap());
    assert!(text_of(&page, "#compose").contains("closed"));

    // Too fast: one comment starts an interval before the next.
    assert_eq!(farid.submit_comment("other", "A fine first comment", None).await.status(), 303);
    let flood = farid.submit_comment("other", "And another thing", None).await;
    assert_eq!(flood.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&flood.text().await.unwrap());
    assert!(text_of(&page, "#compose-error").contains("very fast"));
    assert_eq!(select(&page, "#comment-body")[0].text().collect::<String>(), "And another thing");

    // Nothing refused was written.
    assert_eq!(app.comment_count("open-one").await, 0);

    // Anonymous posts go to sign in; unconfirmed accounts are told why.
    let anonymous = Browser::new(&app);
    let csrf = anonymous.csrf("/signin").await;
    assert_eq!(
        location(&anonymous.post("/articles/open-one/comments", &[("body", "hi"), ("csrf", &csrf)]).await),
        "/signin"
    );
    let unconfirmed = Browser::new(&app);
    unconfirmed.sign_up("unsure", "unsure@example.org").await;
    unconfirmed.sign_in("unsure@example.org", PASSWORD).await;
    let refused = unconfirmed.submit_comment("open-one", "Hello", None).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}

trait ParseSlug {
    fn parse_slug(&self) -> byline_core::Slug;
}

impl ParseSlug for str {
    fn parse_slug(&self) -> byline_core::Slug {
        byline_core::Slug::parse(self).unwrap()
    }
}

async fn pre_moderated_comments_wait_for_review_seen_only_by_their_author(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("careful", "pre-moderated").await;
    let omar = app.commenter("omar").await;
    let (_, page) = omar.page("/articles/careful").await;
    assert!(text_of(&page, "#compose .comments-note").contains("reviewed by a moderator"));
    let id = omar.post_comment("careful", "Held, please").await;
    let (_, own) = omar.page("/articles/careful").await;
    assert!(text_of(&own, &format!("#c-{id} .badge")).contains("Awaiting review"));
    assert_eq!(text_of(&own, "#comments h2"), "Comments (0)");
    let (_, others) = Browser::new(&app).page("/articles/careful").await;
    assert!(select(&others, &format!("#c-{id}")).is_empty());
    app.stop().await;
}

async fn hostile_comments_never_reach_the_page_as_markup(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let store = &app.running.store;
    app.add_article("target", "open").await;
    let article = store.visible_article(&"target".parse_slug(), Timestamp::now()).await.unwrap().unwrap();
    let attacker = app.commenter("mallory").await;
    // One through the whole HTTP path…
    attacker
        .submit_comment("target", "<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))", None)
        .await;
    // …and the full suite through the same rendering, stored directly so
    // flood control does not stretch the test to minutes.
    let user = store.user_by_handle("mallory").await.unwrap().unwrap();
    let inputs = hostile_inputs();
    assert!(inputs.len() >= 100);
    for input in &inputs {
        let body = CommentBody::parse(input, &CommentLimits::default()).unwrap();
        let html = render_comment(&body);
        let language = detect_language(&body, &article.summary.language);
        let new = NewComment {
            article_id: article.summary.id,
            parent_id: None,
            author: byline_store::CommentAuthor::Member(user.id),
            body: &body,
            body_html: &html,
            language: &language,
            status: CommentStatus::Published,
            reasons: &[],
        };
        store.add_comment(&new, Timestamp::now()).await.unwrap();
    }
    let reader = Browser::new(&app);
    let mut path = "/articles/target".to_owned();
    let mut shown = 0;
    loop {
        let (status, page) = reader.page(&path).await;
        assert_eq!(status, 200);
        shown += select(&page, ".comment-body").len();
        assert_page_is_inert(&page);
        let Some(more) = select(&page, "nav[aria-label='More comments'] a")
            .first()
            .map(|a| a.value().attr("href").unwrap().to_owned())
        else {
            break;
        };
        path = more.trim_end_matches("#comments").to_owned();
    }
    assert_eq!(shown, inputs.len() + 1, "every comment is shown, on some page");
    app.stop().await;
}

/// No script but the JSON-LD, no dangerous element in a comment, no event
/// handler and no script URL anywhere.
fn assert_page_is_inert(page: &Html) {
    for script in select(page, "script") {
        let own = script.value().attr("src").is_some_and(|src| src.starts_with("/static/comments."));
        let data = script.value().attr("type") == Some("application/ld+json");
        assert!(own || data, "a script that is not ours: {}", script.html());
    }
    for bad in
        ["iframe", "object", "embed", "svg", "math", "img", "style", "input", "video", "details[ontoggle]", "body"]
    {
        assert!(select(page, &format!(".comment-body {bad}")).is_empty(), "{bad} in a comment");
    }
    for element in page.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}={value}");
            if name == "href" || name == "src" {
                let v = value.trim().to_lowercase();
                assert!(
                    !v.starts_with("javascript:") && !v.starts_with("vbscript:") && !v.starts_with("data:"),
                    "{name}={value}"
                );
            }
        }
    }
}

/// The hostile-input suite the sanitiser's unit test and the browser test
/// read too.
#[derive(serde::Deserialize)]
struct HostileSuite {
    payloads: Vec<String>,
    contexts: Vec<String>,
}

/// Hostile inputs: classic payloads in every Markdown context a comment has.
fn hostile_inputs() -> Vec<String> {
    let suite: HostileSuite =
        serde_json::from_str(include_str!("../../../byline-core/testdata/hostile-comments.json")).unwrap();
    let contexts = &suite.contexts;
    suite.payloads.iter().flat_map(|p| contexts.iter().map(move |c| c.replace("{}", p))).collect()
}

async fn replies_notify_by_email_until_the_thread_is_muted(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("talks", "open").await;
    let amira = app.commenter("amira").await;
    let farid = app.commenter("farid").await;
    let root = amira.post_comment("talks", "Where is the money coming from?").await;
    let reply = farid.post_reply("talks", root, "From the joint fund, **mostly**.").await;

    let mails = app.running.store.mail_to("amira@example.org").await.unwrap();
    let notice = mails.iter().find(|m| m.subject.contains("replied to you")).expect("a reply notice");
    assert!(notice.body.contains(&format!("http://news.example/comments/{reply}")), "{}", notice.body);
    // The permalink opens the page holding the reply.
    let permalink = Browser::new(&app).get(&format!("/comments/{reply}")).await;
    assert_eq!(location(&permalink), format!("/articles/talks?after={:012}#c-{reply}", root - 1));
    let (_, page) = Browser::new(&app).page(location(&permalink).split('#').next().unwrap()).await;
    assert_eq!(select(&page, &format!("#c-{reply}")).len(), 1);

    // One click (and a confirmation) mutes the thread.
    let start = notice.body.find("http://news.example/unsubscribe/").unwrap();
    let link =
        notice.body[start..].split_whitespace().next().unwrap().trim_start_matches("http://news.example").to_owned();
    let reader = Browser::new(&app);
    assert_eq!(reader.submit(&link, &link, &[]).await.status(), 200);
    let before = app.running.store.mail_to("amira@example.org").await.unwrap().len();
    let naseem = app.commenter("naseem").await;
    naseem.submit_comment("talks", "Another reply in the muted thread", Some(root)).await;
    assert_eq!(app.running.store.mail_to("amira@example.org").await.unwrap().len(), before, "muted");
    // Farid, who was replied to by nobody, got no notice.
    assert!(
        app.running.store.mail_to("farid@example.org").await.unwrap().iter().all(|m| !m.subject.contains("replied"))
    );
    assert_eq!(Browser::new(&app).get("/comments/999999").await.status(), 404);
    app.stop().await;
}

async fn new_comments_stream_to_open_pages(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("live", "open").await;
    let reader = reqwest::Client::new();
    let mut stream = reader.get(app.running.url("/articles/live/live")).send().await.unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(header(&stream, "content-type"), "text/event-stream");
    let writer = app.commenter("leila").await;
    let id = writer.post_comment("live", "Live from the valley: **water** is back.").await;
    let mut received = String::new();
    // The bound only keeps a broken stream from hanging the suite.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(120);
    while !received.contains("\n\n") || !received.contains("event: comment") {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk()).await.expect("an event").unwrap().unwrap();
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(received.contains(&format!("id: {id}")), "{received}");
    let data = received.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
    let event: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!((event["id"].as_i64(), event["count"].as_i64()), (Some(id), Some(1)));
    let fragment = Html::parse_fragment(event["html"].as_str().unwrap());
    assert_eq!(select(&fragment, &format!("li#c-{id} .comment-body strong")).len(), 1);
    assert_eq!(Browser::new(&app).get("/articles/nothing/live").await.status(), 404);
    app.stop().await;
}

async fn the_json_api_lists_threads_with_a_cursor(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let get = |path: String| {
        let client = app.client.clone();
        let url = app.running.url(&path);
        async move {
            let response = client.get(url).send().await.unwrap();
            let status = response.status();
            assert_eq!(header(&response, "content-type"), "application/json");
            (status, serde_json::from_str::<serde_json::Value>(&response.text().await.unwrap()).unwrap())
        }
    };
    let (status, first) = get("/api/v1/articles/seyra-river-accord-signed/comments".into()).await;
    assert_eq!(status, 200);
    assert_eq!(first["count"], 43);
    let comments = first["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 43, "all threads fit one page");
    assert!(first.get("next").is_none());
    assert_eq!(comments[0]["depth"], 0);
    assert!(comments[0]["html"].as_str().unwrap().starts_with("<p>"));
    assert!(comments[0]["url"].as_str().unwrap().starts_with("https://news.example/comments/"));
    assert!(comments.iter().any(|c| c["language"] == "ur") && comments.iter().any(|c| c["featured"] == true));
    // Children follow their parents.
    let ids: Vec<i64> = comments.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    for c in comments {
        if let Some(parent) = c["parent"].as_i64() {
            let here = ids.iter().position(|i| *i == c["id"].as_i64().unwrap()).unwrap();
            assert!(ids[..here].contains(&parent));
        }
    }
    let (_, voted) = get("/api/v1/articles/seyra-river-accord-signed/comments?sort=voted".into()).await;
    assert_eq!(voted["sort"], "voted");

    for (path, code) in [
        ("/api/v1/articles/nope/comments", "not_found"),
        ("/api/v1/articles/seyra-river-accord-signed/comments?sort=loudest", "bad_sort"),
        ("/api/v1/articles/seyra-river-accord-signed/comments?after=%3Cx%3E", "bad_cursor"),
    ] {
        let (status, body) = get(path.into()).await;
        assert!(status.is_client_error(), "{path}");
        assert_eq!(body["error"]["code"], code, "{path}");
    }
    app.stop().await;
}

byline_store::test_on_both_backends!(
    the_json_api_lists_threads_with_a_cursor,
    new_comments_stream_to_open_pages,
    replies_notify_by_email_until_the_thread_is_muted,
    readers_post_and_reply_in_any_script,
    refused_comments_come_back_with_the_text,
    pre_moderated_comments_wait_for_review_seen_only_by_their_author,
    hostile_comments_never_reach_the_page_as_markup,
);
