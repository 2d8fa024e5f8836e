//! The moderation queue's tools for a busy desk: decisions on several
//! comments at once, featuring from the queue, every comment in one tab,
//! each author's latest comments, and the live count.

use std::time::Duration;

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::accounts::{Browser, location};
use crate::comments::{add_article, comment, comment_id, commenter};
use crate::moderation::{status_of, strict_app};
use crate::{TestApp, attr, select, text_of};

/// A signed-in member of staff with the given role.
pub async fn staff(app: &TestApp, handle: &str, role: Role) -> Browser {
    let browser = commenter(app, handle).await;
    let store = &app.running.store;
    let id = store.user_by_handle(handle).await.unwrap().unwrap().id;
    assert!(store.set_role(id, role, Timestamp::now()).await.unwrap());
    browser
}

/// A signed-in moderator.
pub async fn moderator(app: &TestApp, handle: &str) -> Browser {
    staff(app, handle, Role::Moderator).await
}

async fn a_moderator_decides_on_several_comments_at_once(db: &TestDatabase) {
    let app = strict_app(db).await;
    let store = &app.running.store;
    add_article(store, "desk", "pre-moderated").await;
    let amira = commenter(&app, "amira").await;
    let mut held = Vec::new();
    for text in ["One: the ferry.", "Two: the bridge.", "Three: the harbour.", "Four: the tolls."] {
        held.push(comment_id(&comment(&amira, "desk", text, None).await));
    }
    let mona = moderator(&app, "mona").await;

    // Every item can be chosen for the decision on several.
    let (_, queue) = mona.page("/moderation").await;
    assert_eq!(select(&queue, "input.queue-choose[form=bulk][name=ids]").len(), 4);
    // The author's latest other comments come with each item, newest first.
    let recent = text_of(&queue, &format!("#q-{} .queue-recent", held[0]));
    assert!(recent.contains("Four: the tolls.") && recent.contains("Two: the bridge."), "{recent}");
    assert!(!recent.contains("One: the ferry."), "the item itself is not in its history: {recent}");
    assert_eq!(select(&queue, &format!("#q-{} .queue-recent li", held[0])).len(), 3);

    let bulk = |fields: Vec<(&'static str, String)>| {
        let mona = &mona;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            mona.submit("/moderation", "/moderation/comments", &fields).await
        }
    };
    let ids = |picked: &[i64]| picked.iter().map(|id| ("ids", id.to_string())).collect::<Vec<_>>();
    // A refusal needs its reason, and nothing is decided without one.
    let mut no_reason = ids(&held[..2]);
    no_reason.push(("decision", "reject".into()));
    assert_eq!(bulk(no_reason).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(status_of(&app, held[0]).await.0, "pending");
    // A broken id is refused as a whole.
    let broken = vec![("ids", "12x".into()), ("decision", "approve".into())];
    assert_eq!(bulk(broken).await.status(), StatusCode::BAD_REQUEST);
    assert!(store.moderation_log(10).await.unwrap().is_empty());

    let mut reject = ids(&held[..2]);
    reject.extend([("decision", "reject".into()), ("reason", "off-topic".into()), ("tab", "pending".into())]);
    let answer = bulk(reject).await;
    assert_eq!(location(&answer), "/moderation?tab=pending&done=reject&count=2");
    assert_eq!(status_of(&app, held[0]).await.0, "rejected");
    assert_eq!(status_of(&app, held[1]).await.0, "rejected");
    let (_, queue) = mona.page(&location(&answer)).await;
    assert_eq!(text_of(&queue, ".notice"), "Rejected 2 comments.");
    assert_eq!(select(&queue, ".queue-item").len(), 2);
    // Each author hears of a rejection once, in general words, with the way to appeal.
    let refusals: Vec<_> = store
        .mail_to("amira@example.org")
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.subject.contains("was not published"))
        .collect();
    assert_eq!(refusals.len(), 2);
    let body = &refusals.iter().find(|m| m.body.contains(&format!("#c-{}", held[0]))).unwrap().body;
    assert!(
        body.contains("\"Headline desk\"")
            && body.contains("A moderator found it off the topic of the article.")
            && body.contains("appeal once"),
        "{body}"
    );
    assert!(body.contains(&format!("/articles/desk#c-{}", held[0])), "{body}");

    // Already decided ones are left alone and not counted.
    let mut approve = ids(&[held[1], held[2], held[3], held[3]]);
    approve.push(("decision", "approve".into()));
    let answer = bulk(approve).await;
    assert_eq!(location(&answer), "/moderation?tab=pending&done=approve&count=3");
    let mails = store.mail_to("amira@example.org").await.unwrap();
    assert_eq!(mails.iter().filter(|m| m.subject.contains("was not published")).count(), 2, "approvals send none");
    let article = store.visible_article(&byline_core::Slug::parse("desk").unwrap(), Timestamp::now()).await.unwrap();
    assert_eq!(store.comment_count(article.unwrap().summary.id).await.unwrap(), 3, "each approval counted once");
    assert_eq!(status_of(&app, held[1]).await.0, "published", "a refusal can be undone by a decision");
    let log = store.moderation_log(10).await.unwrap();
    let lines: Vec<_> = log.iter().rev().map(|l| (l.target_id, l.action.as_str())).collect();
    assert_eq!(
        lines,
        [(held[0], "reject"), (held[1], "reject"), (held[1], "approve"), (held[2], "approve"), (held[3], "approve")],
        "one line for each decision"
    );
    // Nothing chosen: nothing done, and the queue says so.
    let answer = bulk(vec![("decision", "approve".into())]).await;
    assert_eq!(location(&answer), "/moderation?tab=pending&done=none");
    app.stop().await;
}

async fn featuring_from_the_queue_publishes_among_the_editors_picks(db: &TestDatabase) {
    let app = strict_app(db).await;
    let store = &app.running.store;
    add_article(store, "desk", "pre-moderated").await;
    let amira = commenter(&app, "amira").await;
    let held = comment_id(&comment(&amira, "desk", "The harbour master kept the old logs.", None).await);
    let mona = moderator(&app, "mona").await;
    let answer = mona
        .submit("/moderation", &format!("/moderation/comments/{held}"), &[("decision", "feature"), ("tab", "pending")])
        .await;
    assert_eq!(location(&answer), "/moderation?tab=pending&done=feature");
    assert_eq!(status_of(&app, held).await.0, "published");
    let featured = store.featured_comments_site(Timestamp::now(), 10).await.unwrap();
    assert_eq!(featured.iter().map(|c| c.id).collect::<Vec<_>>(), [held]);
    // A published comment can be featured from the all tab too, once.
    let (_, all) = mona.page("/moderation?tab=all").await;
    assert_eq!(text_of(&all, &format!("#q-{held} .queue-status")), "published");
    let again = mona.submit("/moderation", &format!("/moderation/comments/{held}"), &[("decision", "feature")]).await;
    assert_eq!(location(&again), "/moderation?tab=pending&done=stale");
    let actions: Vec<_> = store.moderation_log(10).await.unwrap().into_iter().map(|l| l.action).collect();
    assert_eq!(actions, ["approve-feature"]);
    app.stop().await;
}

async fn approving_a_flagged_comment_settles_its_flags_and_keeps_it_featured(db: &TestDatabase) {
    let app = strict_app(db).await;
    let store = &app.running.store;
    add_article(store, "desk", "open").await;
    let amira = commenter(&app, "amira").await;
    let mona = moderator(&app, "mona").await;
    let id = comment_id(&comment(&amira, "desk", "The harbour master kept the old logs.", None).await);
    mona.submit("/moderation", &format!("/moderation/comments/{id}"), &[("decision", "feature")]).await;
    let bruno = commenter(&app, "bruno").await;
    let flagged = bruno.submit("/articles/desk", &format!("/comments/{id}/flag"), &[("reason", "abuse")]).await;
    assert_eq!(flagged.status(), StatusCode::SEE_OTHER);
    let (_, queue) = mona.page("/moderation?tab=flagged").await;
    assert_eq!(select(&queue, ".queue-item").len(), 1);

    let approved = mona
        .submit("/moderation", &format!("/moderation/comments/{id}"), &[("decision", "approve"), ("tab", "flagged")])
        .await;
    assert_eq!(location(&approved), "/moderation?tab=flagged&done=approve");
    let (_, queue) = mona.page("/moderation?tab=flagged").await;
    assert!(select(&queue, ".queue-item").is_empty(), "the flags are settled");
    let featured = store.featured_comments_site(Timestamp::now(), 10).await.unwrap();
    assert_eq!(featured.iter().map(|c| c.id).collect::<Vec<_>>(), [id], "still an editors' pick");
    let article = store.visible_article(&byline_core::Slug::parse("desk").unwrap(), Timestamp::now()).await.unwrap();
    assert_eq!(store.comment_count(article.unwrap().summary.id).await.unwrap(), 1);
    let actions: Vec<_> = store.moderation_log(10).await.unwrap().into_iter().map(|l| l.action).collect();
    assert_eq!(actions, ["approve", "approve-feature"]);
    // Approving it again has nothing left to settle.
    let again = mona.submit("/moderation", &format!("/moderation/comments/{id}"), &[("decision", "approve")]).await;
    assert_eq!(location(&again), "/moderation?tab=pending&done=stale");
    app.stop().await;
}

/// The next `counts` event of a live stream, as (pending, flagged).
async fn next_counts(stream: &mut reqwest::Response, buffer: &mut String) -> (i64, i64) {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data:")) {
                let counts: serde_json::Value = serde_json::from_str(data.trim()).unwrap();
                return (counts["pending"].as_i64().unwrap(), counts["flagged"].as_i64().unwrap());
            }
            continue;
        }
        let chunk = tokio::time::timeout(Duration::from_secs(30), stream.chunk()).await;
        let chunk = chunk.expect("a counts event").unwrap().expect("the stream stays open");
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
}

async fn the_queue_count_follows_new_comments_live(db: &TestDatabase) {
    let app = strict_app(db).await;
    add_article(&app.running.store, "desk", "pre-moderated").await;
    let amira = commenter(&app, "amira").await;
    comment_id(&comment(&amira, "desk", "Held at first.", None).await);
    assert_eq!(amira.get("/moderation/live").await.status(), StatusCode::FORBIDDEN);
    let mona = moderator(&app, "mona").await;
    let mut stream = mona.get("/moderation/live").await;
    assert!(crate::content_type(&stream).starts_with("text/event-stream"));
    let mut buffer = String::new();
    assert_eq!(next_counts(&mut stream, &mut buffer).await, (1, 0));
    comment_id(&comment(&amira, "desk", "Held as well.", None).await);
    assert_eq!(next_counts(&mut stream, &mut buffer).await, (2, 0));
    app.stop().await;
}

async fn the_queue_narrows_to_one_article_and_stays_there(db: &TestDatabase) {
    let app = strict_app(db).await;
    let store = &app.running.store;
    add_article(store, "desk", "open").await;
    add_article(store, "derby", "open").await;
    let amira = commenter(&app, "amira").await;
    let on_desk = comment_id(&comment(&amira, "desk", "On the desk story.", None).await);
    let on_derby = comment_id(&comment(&amira, "derby", "On the derby story.", None).await);
    let also_desk = comment_id(&comment(&amira, "desk", "More on the desk story.", None).await);
    let mona = moderator(&app, "mona").await;

    // A moderator reaches an article's queue from the article; readers see no way there.
    let (_, article) = mona.page("/articles/desk").await;
    assert_eq!(attr(&article, "#comments a[href^='/moderation']", "href"), "/moderation?tab=pending&article=desk");
    for reader in [&amira, &Browser::new(&app)] {
        let (_, article) = reader.page("/articles/desk").await;
        assert!(select(&article, "a[href^='/moderation']").is_empty());
    }
    // Each item offers its article's own queue.
    let (_, all) = mona.page("/moderation").await;
    assert_eq!(select(&all, ".queue-item").len(), 3);
    assert_eq!(attr(&all, &format!("#q-{on_derby} a.queue-narrow"), "href"), "/moderation?tab=pending&article=derby");

    let (status, desk) = mona.page("/moderation?tab=pending&article=desk").await;
    assert_eq!(status, StatusCode::OK);
    let shown: Vec<_> = select(&desk, ".queue-item").iter().map(|i| i.attr("id").unwrap().to_owned()).collect();
    assert_eq!(shown, [format!("q-{on_desk}"), format!("q-{also_desk}")]);
    assert!(text_of(&desk, ".queue-article").contains("Headline desk"));
    // The tabs and the forms keep to the article.
    assert_eq!(attr(&desk, ".queue-tabs a[aria-current=page]", "href"), "/moderation?tab=pending&article=desk");
    assert_eq!(
        select(&desk, "form input[name=article][value=desk]").len(),
        select(&desk, "form[action^=\"/moderation\"]").len()
    );

    let decided = mona
        .submit(
            "/moderation",
            &format!("/moderation/comments/{on_desk}"),
            &[("decision", "approve"), ("tab", "pending"), ("article", "desk")],
        )
        .await;
    assert_eq!(location(&decided), "/moderation?tab=pending&article=desk&done=approve");
    let fields = [("ids", also_desk.to_string()), ("decision", "spam".into()), ("article", "desk".into())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bulk = mona.submit("/moderation", "/moderation/comments", &fields).await;
    assert_eq!(location(&bulk), "/moderation?tab=pending&article=desk&done=spam&count=1");
    let (_, cleared) = mona.page(&location(&bulk)).await;
    assert!(select(&cleared, ".queue-item").is_empty());
    assert!(text_of(&cleared, "main").contains("Nothing here."));
    // The other article's comment still waits.
    assert_eq!(status_of(&app, on_derby).await.0, "pending");

    // An address that names no article is refused, and decides nothing.
    assert_eq!(mona.get("/moderation?article=Not%20a%20slug").await.status(), StatusCode::BAD_REQUEST);
    let bad = mona
        .submit(
            "/moderation",
            &format!("/moderation/comments/{on_derby}"),
            &[("decision", "approve"), ("article", "../x")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(status_of(&app, on_derby).await.0, "pending");
    app.stop().await;
}

byline_store::test_on_both_backends!(
    the_queue_narrows_to_one_article_and_stays_there,
    a_moderator_decides_on_several_comments_at_once,
    featuring_from_the_queue_publishes_among_the_editors_picks,
    approving_a_flagged_comment_settles_its_flags_and_keeps_it_featured,
    the_queue_count_follows_new_comments_live,
);
