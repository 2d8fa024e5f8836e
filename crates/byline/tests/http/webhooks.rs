//! Webhooks end to end: an admin adds endpoints on the admin page; events
//! of the use cases reach a receiver on a loopback port, signed; a
//! receiver's 500s are retried until it answers; a delivery queued while
//! the site was down arrives once it is back; an endpoint failing for a
//! day is switched off and the admins are told. The site's clock is the
//! test's, so a day passes at once.

use byline_app::Clock;
use byline_core::accounts::Role;
use byline_core::article_file::parse_article_file;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::support::{
    BASE, Browser, Receiver, TestApp, clock_now, location, published_file, scheduled_file, select, text_of, until,
};

async fn deliveries_are_signed_retried_after_500s_and_go_only_where_wanted(db: &TestDatabase) {
    let clock = clock_now();
    let app = TestApp::with_clock(db, &clock, |_| {}).await;
    app.add_article("talks", "open").await;
    let admin = app.admin("editor_in_chief").await;
    let comments = Receiver::start(2).await;
    let articles = Receiver::start(0).await;
    let (hook, secret) = app.add_webhook(&admin, &comments.url, &["comment.posted", "comment.held"]).await;
    let (other, other_secret) = app.add_webhook(&admin, &articles.url, &["article.published"]).await;
    assert_ne!(secret, other_secret);

    let amira = app.commenter("amira").await;
    let id = amira.post_comment("talks", "The ferry timetable should be published.").await;

    // Answered 500 twice: tried again after each pause, the same delivery.
    let first = comments.next().await;
    assert_eq!((first.event.as_str(), first.answered), ("comment.posted", 500));
    app.until_attempts(hook, 1).await;
    clock.advance_minutes(60);
    let second = comments.next().await;
    assert_eq!(second.answered, 500);
    app.until_attempts(hook, 2).await;
    clock.advance_minutes(60);
    let third = comments.next().await;
    assert_eq!(third.answered, 200);
    app.until_attempts(hook, 3).await;
    for delivery in [&first, &second, &third] {
        assert!(delivery.signed_with(&secret), "{delivery:?}");
        assert!(!delivery.signed_with(&other_secret));
        assert_eq!((delivery.id.as_str(), delivery.body.as_str()), (first.id.as_str(), first.body.as_str()));
    }
    let event = third.json();
    assert_eq!(event["event"], "comment.posted");
    assert_eq!(event["data"]["comment"]["id"], id);
    assert_eq!(event["data"]["comment"]["status"], "published");
    assert_eq!(event["data"]["comment"]["author"]["handle"], "amira");
    assert_eq!(event["data"]["article"]["slug"], "talks");
    assert_eq!(event["data"]["comment"]["url"], format!("{BASE}comments/{id}"));
    assert!(!third.body.contains("@example.org"), "no e-mail address in {}", third.body);

    // The delivery log shows each attempt's answer, newest first.
    let (status, page) = admin.page(&format!("/admin/webhooks/{hook}")).await;
    assert_eq!(status, 200);
    let answers: Vec<String> =
        select(&page, ".delivery-log td.status").iter().map(|td| td.text().collect::<String>()).collect();
    assert_eq!(answers, ["200", "500", "500"]);
    let log = text_of(&page, ".delivery-log tbody");
    assert!(log.contains("receiver down for maintenance") && log.contains("thanks"), "{log}");

    // The articles' endpoint heard nothing of the comment: the first thing
    // it gets is the article published after it.
    let store = &app.running.store;
    let command = byline_app::App::new(store.clone(), byline_app::Settings::default(), clock.clone());
    let article = parse_article_file(&published_file("ferry")).unwrap();
    command.publish_articles(&[article], true).await.unwrap();
    let heard = articles.next().await;
    assert_eq!(heard.event, "article.published");
    assert!(heard.signed_with(&other_secret));
    assert_eq!(heard.json()["data"]["article"]["slug"], "ferry");
    app.until_attempts(other, 1).await;
    app.stop().await;
}

/// A scheduled story turns public by itself when its time comes: it is
/// announced then, once, and not before; two nodes looking at once
/// announce it once between them.
async fn a_scheduled_story_is_announced_when_its_time_comes(db: &TestDatabase) {
    let clock = clock_now();
    let app = TestApp::with_clock(db, &clock, |_| {}).await;
    let admin = app.admin("editor_in_chief").await;
    let receiver = Receiver::start(0).await;
    let (hook, secret) = app.add_webhook(&admin, &receiver.url, &["article.published"]).await;
    // The command line's use cases, and another node's, on their own pools.
    let store = byline_store::Store::connect(&db.url).await.unwrap();
    let command = byline_app::App::new(store.clone(), byline_app::Settings::default(), clock.clone());
    let at = clock.now().plus_minutes(30);
    let story = parse_article_file(&scheduled_file("at-half-past", at)).unwrap();
    command.publish_articles(&[story], true).await.unwrap();
    // Stored, not announced: the first thing heard is a story published
    // after it.
    let now = parse_article_file(&published_file("right-away")).unwrap();
    command.publish_articles(&[now], true).await.unwrap();
    let first = receiver.next().await;
    assert_eq!(first.json()["data"]["article"]["slug"], "right-away");
    app.until_attempts(hook, 1).await;

    clock.advance_minutes(31);
    let come_out = receiver.next().await;
    assert_eq!((come_out.event.as_str(), come_out.answered), ("article.published", 200));
    assert!(come_out.signed_with(&secret));
    assert_eq!(come_out.json()["data"]["article"]["slug"], "at-half-past");
    app.until_attempts(hook, 2).await;

    // Once: two more nodes looking now find nothing left to announce, and
    // the next thing heard is the next story.
    let other = byline_app::App::new(store.clone(), byline_app::Settings::default(), clock.clone());
    assert_eq!(command.announce_stories_come_due().await.unwrap(), 0);
    assert_eq!(other.announce_stories_come_due().await.unwrap(), 0);
    let later = parse_article_file(&published_file("later")).unwrap();
    command.publish_articles(&[later], true).await.unwrap();
    assert_eq!(receiver.next().await.json()["data"]["article"]["slug"], "later");

    // Two nodes looking at the same moment announce a story once between them.
    let at = clock.now().plus_minutes(10);
    let story = parse_article_file(&scheduled_file("contended", at)).unwrap();
    command.publish_articles(&[story], true).await.unwrap();
    app.stop().await;
    clock.advance_minutes(11);
    let (a, b) = tokio::join!(command.announce_stories_come_due(), other.announce_stories_come_due());
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    store.close().await;
}

async fn a_delivery_queued_while_the_site_was_down_arrives_after_a_restart(db: &TestDatabase) {
    let receiver = Receiver::start(0).await;
    let app = TestApp::with_base_url(db, BASE).await;
    let admin = app.admin("editor_in_chief").await;
    let (hook, secret) = app.add_webhook(&admin, &receiver.url, &["article.published", "account.created"]).await;
    app.stop().await;

    // While no server runs, `byline article publish` (its use case) queues
    // the event.
    let store = byline_store::Store::connect(&db.url).await.unwrap();
    let command = byline_app::App::new(
        store.clone(),
        byline_app::Settings::default(),
        std::sync::Arc::new(byline_app::SystemClock),
    );
    let article = parse_article_file(&published_file("while-down")).unwrap();
    command.publish_articles(&[article], true).await.unwrap();
    store.close().await;

    let app = TestApp::with_base_url(db, BASE).await;
    let delivery = receiver.next().await;
    assert_eq!((delivery.event.as_str(), delivery.answered), ("article.published", 200));
    assert!(delivery.signed_with(&secret));
    assert_eq!(delivery.json()["data"]["article"]["slug"], "while-down");
    app.until_attempts(hook, 1).await;

    // And a new account is announced without its address.
    let _reader = app.commenter("zainab").await;
    let created = receiver.next().await;
    assert_eq!(created.event, "account.created");
    assert_eq!(created.json()["data"]["account"]["handle"], "zainab");
    assert!(!created.body.contains('@'), "{}", created.body);
    app.stop().await;
}

async fn an_endpoint_failing_for_a_day_is_switched_off_and_the_admins_told(db: &TestDatabase) {
    let clock = clock_now();
    let app = TestApp::with_clock(db, &clock, |config| config.comments.min_interval_secs = 0).await;
    app.add_article("talks", "open").await;
    let admin = app.admin("editor_in_chief").await;
    let receiver = Receiver::start(usize::MAX).await;
    let (hook, secret) = app.add_webhook(&admin, &receiver.url, &["comment.posted"]).await;

    let amira = app.commenter("amira").await;
    let posted = amira.submit_comment("talks", "The first comment of the day.", None).await;
    assert_eq!(posted.status(), StatusCode::SEE_OTHER, "{}", posted.text().await.unwrap());
    assert_eq!(receiver.next().await.answered, 500);
    app.until_attempts(hook, 1).await;
    let page = format!("/admin/webhooks/{hook}");
    let (_, shown) = admin.page(&page).await;
    assert!(text_of(&shown, "#state").starts_with("On, failing since"));

    // A day of failures later, the next failure switches it off.
    clock.advance_minutes(24 * 60 + 1);
    assert_eq!(receiver.next().await.answered, 500);
    let store = &app.running.store;
    until("the webhook switched off", || async {
        let endpoint = store.webhook_endpoint(hook).await.unwrap().unwrap();
        (!endpoint.enabled).then_some(())
    })
    .await;
    // The admins are told just after it is switched off.
    let told = until("the admin told", || async {
        let mail = store.mail_to("editor_in_chief@example.org").await.unwrap();
        mail.into_iter().find(|m| m.subject == "A webhook was switched off")
    })
    .await;
    assert!(told.body.contains(&receiver.url) && told.body.contains(&format!("{BASE}admin/webhooks/{hook}")));
    let (_, shown) = admin.page(&page).await;
    assert!(text_of(&shown, "#switched-off").contains("failed every delivery for a day"));
    let (_, list) = admin.page("/admin/webhooks").await;
    assert!(text_of(&list, ".webhooks tbody").contains("Switched off"));

    // Switched off, it hears nothing; switched on again, a test ping.
    amira.post_comment("talks", "Second, while it is off.").await;
    receiver.fail_next(0);
    let on = admin.submit(&page, &format!("{page}/switch"), &[("on", "true")]).await;
    assert_eq!(location(&on), format!("{page}?done=on"));
    let ping = admin.submit(&page, &format!("{page}/ping"), &[]).await;
    assert_eq!(ping.status(), StatusCode::SEE_OTHER);
    let heard = receiver.next().await;
    assert_eq!((heard.event.as_str(), heard.answered), ("ping", 200));
    assert!(heard.signed_with(&secret));
    app.stop().await;
}

async fn the_webhook_form_keeps_what_was_typed_and_says_what_is_wrong(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let admin = app.admin("editor_in_chief").await;
    let refused = admin.submit("/admin/webhooks", "/admin/webhooks", &[("url", "ftp://files.example/x")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = scraper::Html::parse_document(&refused.text().await.unwrap());
    assert_eq!(crate::support::attr(&page, "input[name=url]", "value"), "ftp://files.example/x");
    assert!(text_of(&page, "#url-error").contains("http:// or https://"));
    assert!(text_of(&page, "#events-error").contains("at least one"));
    assert!(app.running.store.webhook_endpoints().await.unwrap().is_empty());
    // Only admins see the page.
    let moderator = app.staff("mod", Role::Moderator).await;
    assert_eq!(moderator.get("/admin/webhooks").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(Browser::new(&app).get("/admin/webhooks").await.status(), StatusCode::SEE_OTHER);
    app.stop().await;
}

byline_store::test_on_both_backends!(
    deliveries_are_signed_retried_after_500s_and_go_only_where_wanted,
    a_delivery_queued_while_the_site_was_down_arrives_after_a_restart,
    an_endpoint_failing_for_a_day_is_switched_off_and_the_admins_told,
    the_webhook_form_keeps_what_was_typed_and_says_what_is_wrong,
    a_scheduled_story_is_announced_when_its_time_comes,
);
