//! E-mail alerts to moderators: each chooses on their settings page none,
//! one by one, or an hourly digest; held and flagged comments reach them
//! through the outbox that way. The site's clock is the test's, so the
//! hour passes at once.

use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::support::{Browser, TestApp, clock_now, location, select, until};

async fn choose(moderator: &Browser, alerts: &str) {
    let saved = moderator.submit("/account", "/account/alerts", &[("alerts", alerts)]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{}", saved.text().await.unwrap());
    assert_eq!(location(&saved), "/account?done=alerts");
    let (_, page) = moderator.page("/account").await;
    let checked = select(&page, "#alerts input[checked]");
    assert_eq!(checked.len(), 1);
    assert_eq!(checked[0].value().attr("value"), Some(alerts));
}

/// The alerts mailed to `email` (not its sign-up's mail), oldest first.
async fn alerts_to(app: &TestApp, email: &str) -> Vec<byline_store::Mail> {
    let mut mail = app.running.store.mail_to(email).await.unwrap();
    mail.retain(|m| m.body.contains("/moderation"));
    mail.reverse();
    mail
}

async fn moderators_hear_of_held_and_flagged_comments_one_by_one_or_hourly(db: &TestDatabase) {
    let clock = clock_now();
    let app = TestApp::with_clock(db, &clock, |config| {
        config.moderation.trusted_after = 1;
        config.moderation.hold_after_flags = 3;
        config.comments.min_interval_secs = 0;
        config.comments.per_minute = 100;
    })
    .await;
    app.add_article("talks", "open").await;
    let each = app.staff("each_mod", Role::Moderator).await;
    let digest = app.staff("digest_mod", Role::Admin).await;
    let quiet = app.staff("quiet_mod", Role::Moderator).await;
    choose(&each, "each").await;
    choose(&digest, "digest").await;
    choose(&quiet, "none").await;
    // Readers are offered no such choice, and cannot make it.
    let amira = app.commenter("amira").await;
    let (_, page) = amira.page("/account").await;
    assert!(select(&page, "#alerts").is_empty());
    let refused = amira.submit("/account", "/account/alerts", &[("alerts", "each")]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // A new reader's first comment is held: the one who wants each hears
    // at once.
    let held = amira.post_comment("talks", "The ferry timetable should be published.").await;
    let mail = until("the held comment's alert", || async {
        alerts_to(&app, "each_mod@example.org").await.into_iter().find(|m| m.subject.contains("waiting for review"))
    })
    .await;
    assert!(mail.body.contains("The ferry timetable should be published."), "{}", mail.body);
    assert!(mail.body.contains(&format!("/moderation/comments/{held}")), "{}", mail.body);
    assert!(mail.subject.contains("Headline talks"));

    // A reader's flag on a published comment: another alert.
    let naseem = app.staff("naseem", Role::Writer).await;
    let published = naseem.post_comment("talks", "My first thought on the accord.").await;
    let flagged = amira.flag("talks", published, "abuse").await;
    assert_eq!(flagged.status(), StatusCode::SEE_OTHER);
    let mail = until("the flag's alert", || async {
        alerts_to(&app, "each_mod@example.org").await.into_iter().find(|m| m.subject.contains("flagged"))
    })
    .await;
    assert!(mail.body.contains("My first thought on the accord."));

    // The digest waits for its hour, then brings both at once.
    assert!(alerts_to(&app, "digest_mod@example.org").await.is_empty());
    clock.advance_minutes(61);
    let digest_mail =
        until("the digest", || async { alerts_to(&app, "digest_mod@example.org").await.into_iter().next() }).await;
    assert_eq!(digest_mail.subject, "2 comments for the moderators this hour");
    assert!(digest_mail.body.contains(&format!("/moderation/comments/{held}")));
    assert!(digest_mail.body.contains(&format!("/moderation/comments/{published}")));
    assert!(digest_mail.body.contains("A reader flagged a comment"));
    assert!(alerts_to(&app, "quiet_mod@example.org").await.is_empty());
    assert_eq!(alerts_to(&app, "each_mod@example.org").await.len(), 2);
    assert_eq!(alerts_to(&app, "digest_mod@example.org").await.len(), 1);
    drop(quiet);
    drop(digest);
    app.stop().await;
}

byline_store::test_on_both_backends!(moderators_hear_of_held_and_flagged_comments_one_by_one_or_hourly);
