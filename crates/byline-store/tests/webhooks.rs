//! The webhooks' and moderators' alerts' contract on both backends: the
//! delivery queue (who wants what, claims that no one else takes, retries,
//! the switch-off) and alerts mailed exactly once.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::accounts::Role;
use byline_core::article_file::parse_article_file;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, render_comment};
use byline_core::{LanguageTag, Timestamp};
use byline_store::testing::TestDatabase;
use byline_store::{AlertMode, AttemptOutcome, AttemptResult, CommentAdded, NewComment, OutgoingMail, Store};

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);

async fn failed(
    store: &Store,
    delivery: &byline_store::DueDelivery,
    at: Timestamp,
    outcome: AttemptOutcome,
) -> Option<Timestamp> {
    let result = AttemptResult {
        delivery_id: delivery.id,
        endpoint_id: delivery.endpoint_id,
        at,
        status: Some(500),
        answer: "oops",
        outcome,
    };
    store.record_webhook_attempt(&result).await.unwrap()
}

async fn deliveries_go_to_the_endpoints_that_want_them_once(db: &TestDatabase) {
    let store = db.store().await;
    let held = store.add_webhook_endpoint("https://a.example/in", &["comment.held"], "s1", NOW).await.unwrap();
    let all = store
        .add_webhook_endpoint("https://b.example/in", &["comment.held", "article.published"], "s2", NOW)
        .await
        .unwrap();
    assert!(store.webhook_event_wanted("comment.held").await.unwrap());
    assert!(!store.webhook_event_wanted("comment_held").await.unwrap());
    assert!(!store.webhook_event_wanted("account.created").await.unwrap());
    assert_eq!(store.queue_webhook_event("comment.held", "{\"n\":1}", NOW).await.unwrap(), 2);
    assert_eq!(store.queue_webhook_event("article.published", "{\"n\":2}", NOW).await.unwrap(), 1);
    // A name that only looks like a wanted one in a LIKE pattern.
    assert_eq!(store.queue_webhook_event("comment_held", "{}", NOW).await.unwrap(), 0);
    assert_eq!(store.queue_webhook_event("comment", "{}", NOW).await.unwrap(), 0);

    let hold = NOW.plus_minutes(5);
    let taken = store.claim_webhook_deliveries(NOW, hold, 10).await.unwrap();
    assert_eq!(taken.len(), 3);
    let endpoints: Vec<i64> = taken.iter().map(|d| d.endpoint_id).collect();
    assert_eq!(endpoints, [held, all, all]);
    assert_eq!((taken[0].url.as_str(), taken[0].secret.as_str()), ("https://a.example/in", "s1"));
    // Held: no one takes them again until the hold is over.
    assert!(store.claim_webhook_deliveries(NOW.plus_minutes(1), hold, 10).await.unwrap().is_empty());

    let delivered = AttemptResult {
        delivery_id: taken[0].id,
        endpoint_id: held,
        at: NOW,
        status: Some(204),
        answer: "",
        outcome: AttemptOutcome::Delivered,
    };
    assert_eq!(store.record_webhook_attempt(&delivered).await.unwrap(), None);
    assert_eq!(failed(&store, &taken[1], NOW, AttemptOutcome::RetryAt(NOW.plus_minutes(1))).await, Some(NOW));
    // A sender that stopped without answering: due again after the hold.
    let again = store.claim_webhook_deliveries(hold, hold.plus_minutes(5), 10).await.unwrap();
    let ids: Vec<i64> = again.iter().map(|d| d.id).collect();
    assert_eq!(ids, [taken[1].id, taken[2].id]);
    assert_eq!(again[0].attempts, 1);

    let log = store.webhook_attempts(all, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].status, log[0].answer.as_str()), (Some(500), "oops"));
    assert_eq!(log[0].next_attempt_at, Some(NOW.plus_minutes(1)));
    let endpoint = store.webhook_endpoint(all).await.unwrap().unwrap();
    assert_eq!(endpoint.events, ["comment.held", "article.published"]);
    assert_eq!((endpoint.waiting, endpoint.failing_since), (2, Some(NOW)));

    // Settled deliveries are forgotten with their log in time; those
    // waiting stay.
    assert_eq!(store.forget_webhook_deliveries(NOW).await.unwrap(), 0);
    assert_eq!(store.forget_webhook_deliveries(NOW.plus_minutes(1)).await.unwrap(), 1);
    assert!(store.webhook_attempts(held, 10).await.unwrap().is_empty());
    assert_eq!(store.webhook_attempts(all, 10).await.unwrap().len(), 1);
    store.close().await;
}

async fn an_endpoint_switched_off_gets_nothing_until_switched_on(db: &TestDatabase) {
    let store = db.store().await;
    let id = store.add_webhook_endpoint("https://a.example/in", &["comment.held"], "s", NOW).await.unwrap();
    store.queue_webhook_event("comment.held", "{}", NOW).await.unwrap();
    let taken = store.claim_webhook_deliveries(NOW, NOW.plus_minutes(5), 10).await.unwrap();
    failed(&store, &taken[0], NOW, AttemptOutcome::RetryAt(NOW.plus_minutes(1))).await;
    assert!(store.switch_off_webhook_endpoint(id, NOW.plus_hours(24)).await.unwrap());
    assert!(!store.switch_off_webhook_endpoint(id, NOW.plus_hours(24)).await.unwrap(), "only once");
    let endpoint = store.webhook_endpoint(id).await.unwrap().unwrap();
    assert!(!endpoint.enabled);
    assert_eq!((endpoint.switched_off_at, endpoint.waiting), (Some(NOW.plus_hours(24)), 0));
    assert_eq!(store.queue_webhook_event("comment.held", "{}", NOW).await.unwrap(), 0);
    assert!(store.claim_webhook_deliveries(NOW.plus_hours(48), NOW.plus_hours(49), 10).await.unwrap().is_empty());

    assert!(store.set_webhook_enabled(id, true).await.unwrap());
    let endpoint = store.webhook_endpoint(id).await.unwrap().unwrap();
    assert!(endpoint.enabled && endpoint.failing_since.is_none() && endpoint.switched_off_at.is_none());
    assert!(store.queue_webhook_delivery(id, "ping", "{}", NOW).await.unwrap().is_some());
    assert_eq!(store.claim_webhook_deliveries(NOW, NOW.plus_minutes(5), 10).await.unwrap().len(), 1);
    assert!(store.delete_webhook_endpoint(id).await.unwrap());
    assert!(store.webhook_endpoints().await.unwrap().is_empty());
    store.close().await;
}

async fn concurrent_claims_never_take_one_delivery_twice(db: &TestDatabase) {
    let store = db.store().await;
    store.add_webhook_endpoint("https://a.example/in", &["comment.held"], "s", NOW).await.unwrap();
    for n in 0..40 {
        store.queue_webhook_event("comment.held", &format!("{{\"n\":{n}}}"), NOW).await.unwrap();
    }
    // Several senders at once, as several nodes would be.
    let mut claims = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let store = store.clone();
        claims.spawn(async move {
            let mut mine = Vec::new();
            loop {
                let taken = store.claim_webhook_deliveries(NOW, NOW.plus_minutes(5), 3).await.unwrap();
                if taken.is_empty() {
                    return mine;
                }
                mine.extend(taken.into_iter().map(|d| d.id));
            }
        });
    }
    let mut all = Vec::new();
    while let Some(mine) = claims.join_next().await {
        all.extend(mine.unwrap());
    }
    all.sort_unstable();
    let count = all.len();
    all.dedup();
    assert_eq!((count, all.len()), (40, 40));
    store.close().await;
}

async fn moderator(store: &Store, handle: &str) -> i64 {
    let id = byline_store::testing::reader(store, handle, NOW).await;
    assert!(store.set_role(id, Role::Moderator, NOW).await.unwrap());
    id
}

async fn comment(store: &Store, author: i64) -> i64 {
    let text = format!(
        "+++\nslug = \"s\"\nheadline = \"The headline\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\nstatus = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        NOW.plus_hours(-1).rfc3339()
    );
    let article_id = store.upsert_article(&parse_article_file(&text).unwrap(), NOW).await.unwrap().id();
    let body = CommentBody::parse("Held words", &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    let lang = LanguageTag::parse("en").unwrap();
    let new = NewComment {
        article_id,
        parent_id: None,
        author: byline_store::CommentAuthor::Member(author),
        body: &body,
        body_html: &html,
        language: &lang,
        status: CommentStatus::Pending,
        reasons: &[],
    };
    match store.add_comment(&new, NOW).await.unwrap() {
        CommentAdded::Added { id, .. } => id,
        other => panic!("{other:?}"),
    }
}

async fn alerts_wait_for_their_moderators_and_are_mailed_once(db: &TestDatabase) {
    let store = db.store().await;
    let each = moderator(&store, "each_mod").await;
    let digest = moderator(&store, "digest_mod").await;
    let quiet = moderator(&store, "quiet_mod").await;
    let reader = byline_store::testing::reader(&store, "reader", NOW).await;
    store.set_alert_mode(each, Some(AlertMode::Each)).await.unwrap();
    store.set_alert_mode(digest, Some(AlertMode::Digest)).await.unwrap();
    // A reader's choice left from a role since taken away counts for nothing.
    store.set_alert_mode(reader, Some(AlertMode::Each)).await.unwrap();
    assert_eq!(store.alert_mode(quiet).await.unwrap(), None);
    assert_eq!(store.alert_mode(digest).await.unwrap(), Some(AlertMode::Digest));

    let id = comment(&store, reader).await;
    let roles = ["moderator", "editor", "admin"];
    assert_eq!(store.queue_moderator_alerts(id, "held", &roles, NOW).await.unwrap(), 2);
    assert_eq!(store.queue_moderator_alerts(id, "flagged", &roles, NOW.plus_minutes(10)).await.unwrap(), 2);

    // Now: the one who wants each; the digest waits for its hour.
    let due = store.alerts_due(NOW.plus_minutes(-60)).await.unwrap();
    assert_eq!(due.iter().map(|d| (d.user_id, d.mode)).collect::<Vec<_>>(), [(each, AlertMode::Each)]);
    let compose = |alerts: &[byline_store::TakenAlert]| {
        alerts
            .iter()
            .map(|a| OutgoingMail {
                recipient: "each_mod@example.org".into(),
                subject: format!("{} {}", a.kind, a.comment.as_ref().unwrap().article_headline),
                body: a.comment.as_ref().unwrap().body_source.clone(),
            })
            .collect()
    };
    assert_eq!(store.mail_alerts(each, NOW, compose).await.unwrap(), 2);
    assert_eq!(store.mail_alerts(each, NOW, |_| panic!("nothing left to mail")).await.unwrap(), 0);
    let mail = store.mail_to("each_mod@example.org").await.unwrap();
    let subjects: Vec<&str> = mail.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects, ["flagged The headline", "held The headline"]);

    let due = store.alerts_due(NOW).await.unwrap();
    assert_eq!(due.iter().map(|d| d.user_id).collect::<Vec<_>>(), [digest]);
    let one = |alerts: &[byline_store::TakenAlert]| {
        vec![OutgoingMail {
            recipient: "digest_mod@example.org".into(),
            subject: format!("{}", alerts.len()),
            body: String::new(),
        }]
    };
    assert_eq!(store.mail_alerts(digest, NOW, one).await.unwrap(), 2);
    assert!(store.alerts_due(NOW.plus_hours(2)).await.unwrap().is_empty());
    assert_eq!(store.mail_to("digest_mod@example.org").await.unwrap()[0].subject, "2");

    // No alerts any more: those waiting go too.
    store.queue_moderator_alerts(id, "held", &roles, NOW).await.unwrap();
    store.set_alert_mode(each, None).await.unwrap();
    assert_eq!(
        store.alerts_due(NOW.plus_hours(2)).await.unwrap().iter().map(|d| d.user_id).collect::<Vec<_>>(),
        [digest]
    );
    let notice = store.comment_notice(id).await.unwrap().unwrap();
    assert_eq!((notice.author_handle.as_deref(), notice.status), (Some("reader"), CommentStatus::Pending));
    store.close().await;
}

byline_store::test_on_both_backends!(
    deliveries_go_to_the_endpoints_that_want_them_once,
    an_endpoint_switched_off_gets_nothing_until_switched_on,
    concurrent_claims_never_take_one_delivery_twice,
    alerts_wait_for_their_moderators_and_are_mailed_once,
);
