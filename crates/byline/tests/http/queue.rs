//! The moderation queue's tools for a busy desk: decisions on several
//! comments at once, featuring from the queue, every comment in one tab,
//! each author's latest comments, and the live count.

use std::time::Duration;

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::support::{Browser, TestApp, attr, content_type, location, select, text_of};

async fn a_moderator_decides_on_several_comments_at_once(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("desk", "pre-moderated").await;
    let amira = app.commenter("amira").await;
    let mut held = Vec::new();
    for text in ["One: the ferry.", "Two: the bridge.", "Three: the harbour.", "Four: the tolls."] {
        held.push(amira.post_comment("desk", text).await);
    }
    let mona = app.moderator("mona").await;

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
            mona.decide_many(&fields).await
        }
    };
    let ids = |picked: &[i64]| picked.iter().map(|id| ("ids", id.to_string())).collect::<Vec<_>>();
    // A refusal needs its reason, and nothing is decided without one.
    let mut no_reason = ids(&held[..2]);
    no_reason.push(("decision", "reject".into()));
    assert_eq!(bulk(no_reason).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.status_of(held[0]).await.0, "pending");
    // A broken id is refused as a whole.
    let broken = vec![("ids", "12x".into()), ("decision", "approve".into())];
    assert_eq!(bulk(broken).await.status(), StatusCode::BAD_REQUEST);
    assert!(store.moderation_log(10).await.unwrap().is_empty());

    let mut reject = ids(&held[..2]);
    reject.extend([("decision", "reject".into()), ("reason", "off-topic".into()), ("tab", "pending".into())]);
    let answer = bulk(reject).await;
    assert_eq!(location(&answer), "/moderation?tab=pending&done=reject&count=2");
    assert_eq!(app.status_of(held[0]).await.0, "rejected");
    assert_eq!(app.status_of(held[1]).await.0, "rejected");
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
    assert_eq!(app.comment_count("desk").await, 3, "each approval counted once");
    assert_eq!(app.status_of(held[1]).await.0, "published", "a refusal can be undone by a decision");
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
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("desk", "pre-moderated").await;
    let amira = app.commenter("amira").await;
    let held = amira.post_comment("desk", "The harbour master kept the old logs.").await;
    let mona = app.moderator("mona").await;
    let answer = mona.decide(held, &[("decision", "feature"), ("tab", "pending")]).await;
    assert_eq!(location(&answer), "/moderation?tab=pending&done=feature");
    assert_eq!(app.status_of(held).await.0, "published");
    let featured = store.featured_comments_site(Timestamp::now(), 10).await.unwrap();
    assert_eq!(featured.iter().map(|c| c.id).collect::<Vec<_>>(), [held]);
    // A published comment can be featured from the all tab too, once.
    let (_, all) = mona.page("/moderation?tab=all").await;
    assert_eq!(text_of(&all, &format!("#q-{held} .queue-status")), "published");
    let again = mona.decide(held, &[("decision", "feature")]).await;
    assert_eq!(location(&again), "/moderation?tab=pending&done=stale");
    let actions: Vec<_> = store.moderation_log(10).await.unwrap().into_iter().map(|l| l.action).collect();
    assert_eq!(actions, ["approve-feature"]);
    app.stop().await;
}

async fn approving_a_flagged_comment_settles_its_flags_and_keeps_it_featured(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("desk", "open").await;
    let amira = app.commenter("amira").await;
    let mona = app.moderator("mona").await;
    let id = amira.post_comment("desk", "The harbour master kept the old logs.").await;
    mona.decide(id, &[("decision", "feature")]).await;
    let bruno = app.commenter("bruno").await;
    let flagged = bruno.flag("desk", id, "abuse").await;
    assert_eq!(flagged.status(), StatusCode::SEE_OTHER);
    let (_, queue) = mona.page("/moderation?tab=flagged").await;
    assert_eq!(select(&queue, ".queue-item").len(), 1);

    let approved = mona.decide(id, &[("decision", "approve"), ("tab", "flagged")]).await;
    assert_eq!(location(&approved), "/moderation?tab=flagged&done=approve");
    let (_, queue) = mona.page("/moderation?tab=flagged").await;
    assert!(select(&queue, ".queue-item").is_empty(), "the flags are settled");
    let featured = store.featured_comments_site(Timestamp::now(), 10).await.unwrap();
    assert_eq!(featured.iter().map(|c| c.id).collect::<Vec<_>>(), [id], "still an editors' pick");
    assert_eq!(app.comment_count("desk").await, 1);
    let actions: Vec<_> = store.moderation_log(10).await.unwrap().into_iter().map(|l| l.action).collect();
    assert_eq!(actions, ["approve", "approve-feature"]);
    // Approving it again has nothing left to settle.
    let again = mona.decide(id, &[("decision", "approve")]).await;
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
    let app = TestApp::strict(db).await;
    app.add_article("desk", "pre-moderated").await;
    let amira = app.commenter("amira").await;
    amira.post_comment("desk", "Held at first.").await;
    assert_eq!(amira.get("/moderation/live").await.status(), StatusCode::FORBIDDEN);
    let mona = app.moderator("mona").await;
    let mut stream = mona.get("/moderation/live").await;
    assert!(content_type(&stream).starts_with("text/event-stream"));
    let mut buffer = String::new();
    assert_eq!(next_counts(&mut stream, &mut buffer).await, (1, 0));
    amira.post_comment("desk", "Held as well.").await;
    assert_eq!(next_counts(&mut stream, &mut buffer).await, (2, 0));
    app.stop().await;
}

async fn the_queue_narrows_to_one_article_and_stays_there(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("desk", "open").await;
    app.add_article("derby", "open").await;
    let amira = app.commenter("amira").await;
    let on_desk = amira.post_comment("desk", "On the desk story.").await;
    let on_derby = amira.post_comment("derby", "On the derby story.").await;
    let also_desk = amira.post_comment("desk", "More on the desk story.").await;
    let mona = app.moderator("mona").await;

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
    let bulk = mona.decide_many(&fields).await;
    assert_eq!(location(&bulk), "/moderation?tab=pending&article=desk&done=spam&count=1");
    let (_, cleared) = mona.page(&location(&bulk)).await;
    assert!(select(&cleared, ".queue-item").is_empty());
    assert!(text_of(&cleared, "main").contains("Nothing here."));
    // The other article's comment still waits.
    assert_eq!(app.status_of(on_derby).await.0, "pending");

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
    assert_eq!(app.status_of(on_derby).await.0, "pending");
    app.stop().await;
}

/// The ids of the items of a queue page, in order.
fn item_ids(page: &scraper::Html) -> Vec<i64> {
    select(page, ".queue-item")
        .iter()
        .map(|i| i.attr("id").unwrap().trim_start_matches("q-").parse().unwrap())
        .collect()
}

async fn moderators_see_each_flag_with_its_reason_and_reader(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("desk", "open").await;
    let amira = app.commenter("amira").await;
    let mona = app.moderator("mona").await;
    let id = amira.post_comment("desk", "The harbour master kept the old logs.").await;
    mona.decide(id, &[("decision", "approve")]).await;
    for (reader, reason) in [("bruno", "abuse"), ("carla", "off-topic")] {
        let browser = app.commenter(reader).await;
        let flagged = browser.flag("desk", id, reason).await;
        assert_eq!(flagged.status(), StatusCode::SEE_OTHER);
    }
    let bruno_id = app.user_id("bruno").await;
    let carla_id = app.user_id("carla").await;

    for path in ["/moderation?tab=flagged".to_owned(), format!("/moderation/comments/{id}")] {
        let (_, queue) = mona.page(&path).await;
        assert_eq!(text_of(&queue, &format!("#q-{id} .queue-flags p")), "Flagged by 2 readers:", "{path}");
        let flags = select(&queue, &format!("#q-{id} .queue-flags li"));
        let said: Vec<String> = flags.iter().map(|li| li.text().collect::<String>()).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].starts_with("Abusive or hateful, by ") && said[0].contains("@bruno"), "{said:?}");
        assert!(said[1].starts_with("Off topic, by ") && said[1].contains("@carla"), "{said:?}");
        let links: Vec<&str> =
            select(&queue, &format!("#q-{id} .queue-flags li a")).iter().map(|a| a.attr("href").unwrap()).collect();
        assert_eq!(links, [format!("/moderation/people/{bruno_id}"), format!("/moderation/people/{carla_id}")]);
    }
    // A comment nobody flagged has no list.
    let unflagged = amira.post_comment("desk", "Another thought on the logs.").await;
    let (_, all) = mona.page("/moderation?tab=all").await;
    assert!(select(&all, &format!("#q-{unflagged} .queue-flags")).is_empty());
    app.stop().await;
}

async fn the_queue_offers_suspend_and_ban_only_on_readers_comments(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("desk", "pre-moderated").await;
    let amira = app.commenter("amira").await;
    let reader = amira.post_comment("desk", "A reader's comment.").await;
    let mut by_staff = Vec::new();
    for (handle, role) in [("eddie", Role::Editor), ("mona", Role::Moderator), ("ada", Role::Admin)] {
        let browser = app.staff(handle, role).await;
        by_staff.push(browser.post_comment("desk", &format!("A comment by {handle}.")).await);
    }
    let mona = app.moderator("moira").await;
    let (_, queue) = mona.page("/moderation?tab=all").await;
    // The reader's comment: suspend and ban, folded away.
    let standing = format!("#q-{reader} details.queue-standing");
    assert_eq!(select(&queue, &format!("{standing} button[name=standing][value=suspend]")).len(), 1);
    assert_eq!(select(&queue, &format!("{standing} button[name=standing][value=ban]")).len(), 1);
    assert!(select(&queue, &format!("#q-{reader} .queue-staff")).is_empty());
    // Staff comments: neither, and the page says why.
    for id in by_staff {
        assert!(select(&queue, &format!("#q-{id} button[name=standing]")).is_empty(), "comment {id}");
        assert!(select(&queue, &format!("#q-{id} form[action^='/moderation/users/']")).is_empty(), "comment {id}");
        assert!(text_of(&queue, &format!("#q-{id} .queue-staff")).contains("staff"), "comment {id}");
        // The comment itself can still be decided on.
        assert_eq!(select(&queue, &format!("#q-{id} button[name=decision]")).len(), 4);
    }
    app.stop().await;
}

async fn the_queue_weighs_its_actions_and_asks_for_a_reason_and_a_confirmation(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("desk", "pre-moderated").await;
    let amira = app.commenter("amira").await;
    let id = amira.post_comment("desk", "Only comment of hers.").await;
    let mona = app.moderator("mona").await;
    let (_, queue) = mona.page("/moderation").await;
    let item = format!("#q-{id}");
    // Approve is the one primary action; the rest of the decisions are secondary.
    let primary: Vec<String> =
        select(&queue, &format!("{item} button.primary")).iter().map(|b| b.attr("value").unwrap().to_owned()).collect();
    assert_eq!(primary, ["approve"]);
    let secondary: Vec<String> = select(&queue, &format!("{item} button.secondary"))
        .iter()
        .map(|b| b.attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(secondary, ["feature", "reject", "spam"]);
    // Suspending and banning are folded away, marked as dangerous, and
    // each asks for a ticked confirmation (the browser asks, no script).
    let dangerous: Vec<String> = select(&queue, &format!("{item} details.queue-standing button.danger"))
        .iter()
        .map(|b| b.attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(dangerous, ["suspend", "ban"]);
    assert_eq!(select(&queue, &format!("{item} button[name=standing]")).len(), 2, "none outside the fold");
    for form in select(&queue, &format!("{item} details.queue-standing form")) {
        let sure = form.select(&scraper::Selector::parse("input[type=checkbox][name=confirm]").unwrap()).next();
        assert!(sure.is_some_and(|c| c.attr("required").is_some()), "{}", form.html());
    }
    // No reason is chosen for a rejection until the moderator chooses one.
    for list in [format!("#reason-{id}"), "#bulk-reason".to_owned()] {
        assert!(select(&queue, &format!("{list}[required]")).len() == 1, "{list}");
        assert_eq!(select(&queue, &format!("{list} option[selected]")).len(), 1, "{list}");
        assert_eq!(attr(&queue, &format!("{list} option[selected]"), "value"), "", "{list}");
    }
    // The bulk form's other decisions do not need the reason.
    for value in ["approve", "feature", "spam"] {
        assert_eq!(select(&queue, &format!("#bulk button[value={value}][formnovalidate]")).len(), 1, "{value}");
    }
    // A rejection sent without a reason is refused, and changes nothing.
    let unsaid = mona.decide(id, &[("decision", "reject"), ("reason", "")]).await;
    assert_eq!(unsaid.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.status_of(id).await.0, "pending");
    // An author with no other comment gets no heading over an empty list.
    assert!(select(&queue, &format!("{item} .queue-recent")).is_empty());
    assert!(!text_of(&queue, &item).contains("Their latest other comments"));
    app.stop().await;
}

async fn after_a_decision_the_queue_goes_on_to_the_comment_that_moved_up(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("desk", "pre-moderated").await;
    let amira = app.commenter("amira").await;
    let mut held = Vec::new();
    for text in ["First.", "Second.", "Third."] {
        held.push(amira.post_comment("desk", text).await);
    }
    let mona = app.moderator("mona").await;
    let (_, queue) = mona.page("/moderation").await;
    assert_eq!(item_ids(&queue), held);
    // Each item's decisions name the comment after it; the last names the one before.
    let next = |id: i64| -> Vec<String> {
        select(&queue, &format!("#q-{id} form[action='/moderation/comments/{id}'] input[name=next]"))
            .iter()
            .map(|i| i.attr("value").unwrap().to_owned())
            .collect()
    };
    assert_eq!(next(held[0]), vec![held[1].to_string(); 3]);
    assert_eq!(next(held[1]), vec![held[2].to_string(); 3]);
    assert_eq!(next(held[2]), vec![held[1].to_string(); 3]);
    assert!(select(&queue, "#bulk input[name=next]").is_empty());

    let next_field = held[2].to_string();
    let decided = mona
        .submit(
            "/moderation",
            &format!("/moderation/comments/{}", held[1]),
            &[("decision", "approve"), ("tab", "pending"), ("next", &next_field)],
        )
        .await;
    assert_eq!(location(&decided), format!("/moderation?tab=pending&done=approve#q-{}", held[2]));
    assert_eq!(app.status_of(held[1]).await.0, "published");
    // The third is now second, where the decided one was.
    let (_, queue) = mona.page("/moderation?tab=pending&done=approve").await;
    assert_eq!(item_ids(&queue), [held[0], held[2]]);
    // A broken `next` is refused, and decides nothing.
    let broken = mona
        .submit(
            "/moderation",
            &format!("/moderation/comments/{}", held[0]),
            &[("decision", "approve"), ("next", "q-1")],
        )
        .await;
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.status_of(held[0]).await.0, "pending");
    app.stop().await;
}

async fn the_parent_excerpt_is_plain_text(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("desk", "open").await;
    let amira = app.commenter("amira").await;
    let mona = app.moderator("mona").await;
    let parent = amira.post_comment("desk", "The ferry is **late** again, and `nobody` _says_ why.").await;
    mona.decide(parent, &[("decision", "approve")]).await;
    let bruno = app.commenter("bruno").await;
    let reply = bruno.post_reply("desk", parent, "It was on time today.").await;
    let (_, queue) = mona.page("/moderation").await;
    assert_eq!(
        text_of(&queue, &format!("#q-{reply} .queue-parent")).trim(),
        "In reply to: The ferry is late again, and nobody says why."
    );
    app.stop().await;
}

async fn the_admin_log_shows_each_comments_words_and_story(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("desk", "open").await;
    let amira = app.commenter("amira").await;
    let ada = app.staff("ada", Role::Admin).await;
    let id = amira.post_comment("desk", "The **harbour** master kept the old logs.").await;
    ada.decide(id, &[("decision", "approve")]).await;
    let amira_id = app.user_id("amira").await;
    ada.set_standing(amira_id, &[("standing", "reset-trust")]).await;
    let (_, log) = ada.page("/admin/log").await;
    let rows = select(&log, "tbody tr");
    assert_eq!(rows.len(), 2);
    let about_comment = rows.iter().find(|r| r.text().collect::<String>().contains(&format!("comment {id}"))).unwrap();
    let text: String = about_comment.text().collect();
    assert!(text.contains("The harbour master kept the old logs.") && text.contains("Headline desk"), "{text}");
    let links: Vec<&str> =
        about_comment.select(&scraper::Selector::parse("a").unwrap()).map(|a| a.attr("href").unwrap()).collect();
    assert_eq!(links, [format!("/moderation/comments/{id}"), format!("/articles/desk#c-{id}")]);
    // A line about a person has no comment to quote.
    let about_person = rows.iter().find(|r| r.text().collect::<String>().contains("user ")).unwrap();
    assert!(about_person.select(&scraper::Selector::parse("q").unwrap()).next().is_none());
    // A person's record quotes the comments its decisions are about, too.
    let (_, record) = ada.page(&format!("/moderation/people/{amira_id}")).await;
    assert!(text_of(&record, ".person-history").contains("The harbour master kept the old logs."));
    app.stop().await;
}

byline_store::test_on_both_backends!(
    the_queue_narrows_to_one_article_and_stays_there,
    a_moderator_decides_on_several_comments_at_once,
    featuring_from_the_queue_publishes_among_the_editors_picks,
    approving_a_flagged_comment_settles_its_flags_and_keeps_it_featured,
    the_queue_count_follows_new_comments_live,
    moderators_see_each_flag_with_its_reason_and_reader,
    the_queue_offers_suspend_and_ban_only_on_readers_comments,
    the_queue_weighs_its_actions_and_asks_for_a_reason_and_a_confirmation,
    after_a_decision_the_queue_goes_on_to_the_comment_that_moved_up,
    the_parent_excerpt_is_plain_text,
    the_admin_log_shows_each_comments_words_and_story,
);
