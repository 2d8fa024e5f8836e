//! Limits that hold across nodes and behind a load balancer: two servers
//! on one database count the same events, a trusted proxy's
//! `X-Forwarded-For` tells its readers apart, and anyone else's is
//! ignored. Every wait is passed on the injected clock.

use std::sync::Arc;

use byline_app::ManualClock;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use byline::config::AppClock;
use scraper::Html;

use crate::support::{BASE, Browser, PASSWORD, TestApp, clock_now, text_of};

/// Two nodes on `db`, sharing `clock`, each configured by `change` (and
/// the configuration checked again, as at a start).
async fn two_nodes(
    db: &TestDatabase,
    clock: &Arc<ManualClock>,
    change: impl Fn(&mut byline::config::Config),
) -> (TestApp, TestApp) {
    let node = || {
        TestApp::with_settings(db, BASE, |settings| {
            change(&mut settings.config);
            *settings = settings.config.clone().check().unwrap();
            settings.clock = AppClock(clock.clone());
        })
    };
    let one = node().await;
    let two = node().await;
    (one, two)
}

fn behind_the_proxy(config: &mut byline::config::Config) {
    config.server.trusted_proxies = vec!["127.0.0.1/32".into()];
}

/// Asks for a sign-in link to a new address each time (so only the limit
/// per client is in play), from `browser`; the status.
async fn ask_for_link(browser: &Browser, n: usize) -> StatusCode {
    let email = format!("reader{n}@example.org");
    browser.submit("/signin", "/signin/link", &[("email", email.as_str())]).await.status()
}

async fn sign_in_failures_spread_over_two_nodes_hit_the_limit_of_one(db: &TestDatabase) {
    let clock = clock_now();
    let (one, two) = two_nodes(db, &clock, |_| {}).await;
    one.verified_account(&Browser::new(&one), "yusuf", "yusuf@example.org").await;
    let on = [Browser::new(&one), Browser::new(&two)];
    // Five failures for one address from one client, taken in turn by the
    // two nodes: the fifth starts a block, as it would on one node.
    for n in 0..5 {
        let answer = on[n % 2].sign_in("yusuf@example.org", "wrong guess number").await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "failure {n}");
    }
    for browser in &on {
        assert_eq!(browser.sign_in("yusuf@example.org", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    // The block ends by the clock both nodes read.
    clock.advance_minutes(1);
    assert_eq!(on[1].sign_in("yusuf@example.org", PASSWORD).await.status(), StatusCode::SEE_OTHER);
    one.stop().await;
    two.stop().await;
}

async fn behind_a_trusted_proxy_readers_are_counted_apart_and_nodes_together(db: &TestDatabase) {
    let clock = clock_now();
    let (one, two) = two_nodes(db, &clock, behind_the_proxy).await;
    let amina = [Browser::forwarded_for(&one, "203.0.113.7"), Browser::forwarded_for(&two, "203.0.113.7")];
    // Five links an hour per client, asked for on either node.
    for n in 0..5 {
        assert_eq!(ask_for_link(&amina[n % 2], n).await, StatusCode::OK, "link {n}");
    }
    assert_eq!(ask_for_link(&amina[0], 5).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(ask_for_link(&amina[1], 6).await, StatusCode::TOO_MANY_REQUESTS);
    // Another reader behind the same proxy is not held back by her.
    let bilal = Browser::forwarded_for(&two, "203.0.113.8");
    assert_eq!(ask_for_link(&bilal, 7).await, StatusCode::OK);
    // Nor is the proxy itself, asking for no one.
    assert_eq!(ask_for_link(&Browser::new(&one), 8).await, StatusCode::OK);
    // A proxy that writes RFC 7239's header instead is read alike.
    let forwarded = Browser::with_header(&one, "forwarded", "for=\"[2001:db8::7]:4711\";proto=https");
    for n in 10..15 {
        assert_eq!(ask_for_link(&forwarded, n).await, StatusCode::OK, "link {n}");
    }
    assert_eq!(ask_for_link(&forwarded, 15).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(ask_for_link(&Browser::forwarded_for(&one, "2001:db8::8"), 16).await, StatusCode::OK);
    clock.advance_minutes(61);
    assert_eq!(ask_for_link(&amina[1], 9).await, StatusCode::OK, "an hour later");
    one.stop().await;
    two.stop().await;
}

async fn a_forged_x_forwarded_for_from_an_untrusted_peer_is_ignored(db: &TestDatabase) {
    let clock = clock_now();
    let (one, two) = two_nodes(db, &clock, |_| {}).await;
    // Each request claims another client; all come from 127.0.0.1, which
    // nobody said to trust, so all count against it.
    for n in 0..5 {
        let forger = Browser::forwarded_for(if n % 2 == 0 { &one } else { &two }, &format!("198.51.100.{n}"));
        assert_eq!(ask_for_link(&forger, n).await, StatusCode::OK, "link {n}");
    }
    let forger = Browser::forwarded_for(&one, "198.51.100.99");
    assert_eq!(ask_for_link(&forger, 5).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(ask_for_link(&Browser::new(&two), 6).await, StatusCode::TOO_MANY_REQUESTS);
    one.stop().await;
    two.stop().await;
}

async fn comment_flood_control_holds_across_nodes(db: &TestDatabase) {
    let clock = clock_now();
    let (one, two) = two_nodes(db, &clock, |config| {
        behind_the_proxy(config);
        config.comments.guests = true;
    })
    .await;
    one.add_article("talks", "open").await;
    // A member's comment on one node holds back their next on the other.
    let nadia = one.commenter("nadia").await;
    assert_eq!(nadia.submit_comment("talks", "First thoughts.", None).await.status(), StatusCode::SEE_OTHER);
    let elsewhere = nadia.on(&two);
    let too_fast = elsewhere.submit_comment("talks", "And more.", None).await;
    assert_eq!(too_fast.status(), StatusCode::UNPROCESSABLE_ENTITY, "the form comes back…");
    let page = Html::parse_document(&too_fast.text().await.unwrap());
    assert!(text_of(&page, "#compose-error").contains("commenting very fast"), "…saying why");
    clock.advance_minutes(1);
    assert_eq!(elsewhere.submit_comment("talks", "And more.", None).await.status(), StatusCode::SEE_OTHER);

    // A guest is known by the address the proxy forwards for.
    let form = "/articles/talks/guest-comment";
    let guest = |app: &TestApp, client: &str| Browser::forwarded_for(app, client);
    let fields = [("name", "Ilse"), ("body", "A guest's view.")];
    let first = guest(&one, "203.0.113.7").submit(form, form, &fields).await;
    assert_eq!(first.status(), StatusCode::OK);
    let again = guest(&two, "203.0.113.7").submit(form, form, &fields).await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS, "the same reader, on the other node");
    let other = guest(&two, "203.0.113.8").submit(form, form, &fields).await;
    assert_eq!(other.status(), StatusCode::OK, "another reader behind the same proxy");
    one.stop().await;
    two.stop().await;
}

/// Live streams are counted per reader behind the proxy, not per proxy.
async fn live_streams_count_per_reader_behind_the_proxy(db: &TestDatabase) {
    let app = TestApp::with_config(db, BASE, |config| {
        behind_the_proxy(config);
        config.live.streams_per_client = 1;
    })
    .await;
    app.add_article("river", "open").await;
    let amina = Browser::forwarded_for(&app, "203.0.113.7");
    let held = amina.get("/articles/river/live").await;
    assert_eq!(held.status(), StatusCode::OK);
    assert_eq!(amina.get("/articles/river/live").await.status(), StatusCode::TOO_MANY_REQUESTS);
    let bilal = Browser::forwarded_for(&app, "203.0.113.8").get("/articles/river/live").await;
    assert_eq!(bilal.status(), StatusCode::OK, "another reader behind the same proxy");
    drop((held, bilal));
    app.stop().await;
}

byline_store::test_on_both_backends!(
    live_streams_count_per_reader_behind_the_proxy,
    sign_in_failures_spread_over_two_nodes_hit_the_limit_of_one,
    behind_a_trusted_proxy_readers_are_counted_apart_and_nodes_together,
    a_forged_x_forwarded_for_from_an_untrusted_peer_is_ignored,
    comment_flood_control_holds_across_nodes,
);
