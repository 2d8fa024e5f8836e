//! The moderation policy at submit: what it holds or refuses, the reasons
//! kept with each comment, and what the author is told.

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;
use scraper::Html;
use serde_json::{Value, json};

use crate::support::{Browser, TestApp, attr, content_type, location, select, text_of};

async fn the_policy_holds_and_refuses_and_tells_the_author_why(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("talks", "open").await;
    let amira = app.commenter("amira").await;

    // A new account's first comment waits; only its author sees it.
    let first = amira.post_comment("talks", "The ferry timetable should be published.").await;
    assert_eq!(app.status_of(first).await, ("pending".to_owned(), vec!["trust".to_owned()]));
    let (_, mine) = amira.page("/articles/talks").await;
    let shown = text_of(&mine, &format!("#c-{first}"));
    assert!(shown.contains("Awaiting review") && shown.contains("A moderator will read it"), "{shown}");
    let (_, public) = Browser::new(&app).page("/articles/talks").await;
    assert!(select(&public, &format!("#c-{first}")).is_empty());
    assert_eq!(app.comment_count("talks").await, 0);

    // A listed word, however spelled, is refused and the author told why,
    // without repeating the word.
    let refused = amira.post_comment("talks", "They are V.E.R.M.I.N, all of them.").await;
    let (status, rules) = app.status_of(refused).await;
    assert_eq!(status, "rejected");
    assert!(rules.contains(&"word_list".to_owned()) && rules.contains(&"trust".to_owned()), "{rules:?}");
    let (_, mine) = amira.page("/articles/talks").await;
    let shown = text_of(&mine, &format!("#c-{refused}"));
    assert!(shown.contains("Not published") && shown.contains("words this site does not publish"), "{shown}");
    let note = text_of(&mine, &format!("#c-{refused} .moderation-note"));
    assert!(!note.to_lowercase().contains("vermin"));
    let (_, public) = Browser::new(&app).page("/articles/talks").await;
    assert!(select(&public, &format!("#c-{refused}")).is_empty());

    // A trusted reader is published at once, until a word the desk holds.
    let naseem = app.commenter("naseem").await;
    let store = &app.running.store;
    let naseem_id = app.user_id("naseem").await;
    let author = store.author_record(naseem_id).await.unwrap().unwrap();
    assert_eq!(author.approved, 0);
    let opening = naseem.post_comment("talks", "My first thought on the accord.").await;
    assert_eq!(app.status_of(opening).await.0, "pending");
    // A moderator approves it (the store's action behind the queue).
    publish(&app, opening).await;
    let clean = naseem.post_comment("talks", "The bridge reopens in spring.").await;
    assert_eq!(app.status_of(clean).await, ("published".to_owned(), vec![]));
    let held = naseem.post_comment("talks", "The minister is a TRAITOR to the valley.").await;
    assert_eq!(app.status_of(held).await, ("pending".to_owned(), vec!["word_list".to_owned()]));
    // The same text twice is held too.
    let again = naseem.post_comment("talks", "The bridge reopens in spring.").await;
    assert_eq!(app.status_of(again).await, ("pending".to_owned(), vec!["repeated".to_owned()]));
    assert_eq!(app.comment_count("talks").await, 2);

    // Editing passes the same rules: a listed word takes it down.
    let page = "/articles/talks".to_owned();
    let action = format!("/comments/{clean}/edit");
    let edited = naseem.submit(&page, &action, &[("body", "The bridge is for vermin.")]).await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.status_of(clean).await.0, "rejected");
    assert_eq!(app.comment_count("talks").await, 1);

    // Flags from three readers send a published comment back for review.
    for reader in ["flag_one", "flag_two", "flag_three"] {
        let browser = app.commenter(reader).await;
        let flagged = browser.flag("talks", opening, "abuse").await;
        assert_eq!(flagged.status(), StatusCode::SEE_OTHER);
    }
    let (status, rules) = app.status_of(opening).await;
    assert_eq!((status.as_str(), rules.last().map(String::as_str)), ("pending", Some("flags")));
    assert_eq!(app.comment_count("talks").await, 0);

    // Once the article closes, edits are refused, not taken as new comments.
    app.add_article("talks", "closed").await;
    let closed = naseem.submit(&page, &format!("/comments/{held}/edit"), &[("body", "A calmer word.")]).await;
    assert_eq!(closed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(closed.text().await.unwrap().contains("Comments are closed"));
    assert_eq!(app.status_of(held).await.0, "pending");
    app.stop().await;
}

async fn the_queue_shows_which_listed_term_matched_and_how(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("talks", "open").await;
    let amira = app.commenter("amira").await;
    let stretched = amira.post_comment("talks", "The minister is a traaaaitor.").await;
    // A refused term, found only by reading a mask, is held for a person.
    let masked = amira.post_comment("talks", "They are v#rmin, all of them.").await;
    assert_eq!(app.status_of(masked).await.0, "pending");
    let (_, mine) = amira.page("/articles/talks").await;
    let note = text_of(&mine, &format!("#c-{masked}"));
    assert!(!note.to_lowercase().contains("vermin") && !note.contains("mask"), "{note}");

    let mona = app.moderator("mona").await;
    let (_, queue) = mona.page("/moderation").await;
    let reasons = |id: i64| {
        select(&queue, &format!("#q-{id} .queue-reasons li"))
            .iter()
            .map(|li| li.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
    };
    let shown = reasons(stretched);
    assert!(shown.contains(&"Word list, held: listed term “traitor” (stretched letters)".to_owned()), "{shown:?}");
    let shown = reasons(masked);
    assert!(
        shown.contains(
            &"Word list, held: listed term “vermin” (masked letter); listed to refuse, held because the match is \
              uncertain"
                .to_owned()
        ),
        "{shown:?}"
    );
    app.stop().await;
}

async fn publish(app: &TestApp, id: i64) {
    let comment = app.running.store.comment(id).await.unwrap().unwrap();
    assert_eq!(comment.status.as_str(), "pending");
    assert!(app.running.store.approve_comment(id).await.unwrap());
}

async fn the_api_answers_with_the_policy_s_verdict(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("talks", "open").await;
    let amira = app.commenter("amira").await;
    let csrf = amira.csrf("/articles/talks").await;
    let response = amira
        .client
        .post(format!("{}/api/v1/articles/talks/comments", amira.base))
        .header("x-csrf-token", &csrf)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&json!({"body": "Vermin, the lot."})).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["comment"]["status"], "rejected");
    let item = Html::parse_fragment(body["item_html"].as_str().unwrap());
    assert!(text_of(&item, ".moderation-note").contains("does not publish"));
    app.stop().await;
}

fn bad_word_lists_stop_the_server_starting() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("words.txt");
    std::fs::write(&list, "reject: vermin\nban: traitor\n").unwrap();
    let mut config = byline::config::Config::default();
    config.moderation.word_list = list.to_string_lossy().into_owned();
    let err = config.check().err().unwrap().to_string();
    assert!(err.contains("moderation.word_list") && err.contains("line 2"), "{err}");
    let mut config = byline::config::Config::default();
    config.moderation.word_list = dir.path().join("missing.txt").to_string_lossy().into_owned();
    assert!(config.check().err().unwrap().to_string().contains("cannot read"));
}

#[test]
fn word_lists_are_checked_at_start() {
    bad_word_lists_stop_the_server_starting();
}

async fn moderators_decide_from_the_queue_and_every_decision_is_logged(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("talks", "open").await;
    let amira = app.commenter("amira").await;
    let first = amira.post_comment("talks", "The ferry timetable should be published.").await;
    let second = amira.post_comment("talks", "And the council minutes with it.").await;
    let third = amira.post_comment("talks", "Third thought, same point.").await;

    let mona = app.moderator("mona").await;
    let mona_id = app.user_id("mona").await;
    assert_eq!(amira.get("/moderation").await.status(), StatusCode::FORBIDDEN, "readers have no queue");

    // The queue shows each comment with the article, why it waits and the author's record.
    let (status, queue) = mona.page("/moderation").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text_of(&queue, ".queue-counts"), "Waiting: 3 · Flagged: 0");
    let item = text_of(&queue, &format!("#q-{first}"));
    assert!(item.contains("Headline talks") && item.contains("Trust, held: a new account"), "{item}");
    assert!(item.contains("Published: 0. Refused: 0."), "{item}");

    let decide = |id: i64, fields: Vec<(&'static str, &'static str)>| {
        let mona = &mona;
        async move {
            let mut all = fields;
            all.push(("tab", "pending"));
            mona.decide(id, &all).await
        }
    };
    let approved = decide(first, vec![("decision", "approve")]).await;
    assert_eq!(location(&approved), "/moderation?tab=pending&done=approve");
    assert_eq!(app.status_of(first).await.0, "published");
    assert_eq!(app.comment_count("talks").await, 1);
    // Refusals need a reason; nothing is written without one.
    assert_eq!(decide(second, vec![("decision", "reject")]).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(decide(second, vec![("decision", "shred")]).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(store.moderation_log(10).await.unwrap().len(), 1);
    decide(second, vec![("decision", "reject"), ("reason", "off-topic")]).await;
    assert_eq!(app.status_of(second).await.0, "rejected");
    decide(third, vec![("decision", "spam")]).await;
    assert_eq!(app.status_of(third).await.0, "spam");
    // Only the rejection was e-mailed; spam is not answered.
    let mails = store.mail_to("amira@example.org").await.unwrap();
    let refusals: Vec<_> = mails.iter().filter(|m| m.subject.contains("was not published")).collect();
    assert_eq!(refusals.len(), 1);
    assert!(refusals[0].body.contains(&format!("#c-{second}")));
    // Deciding again what is decided changes nothing and logs nothing.
    let stale = decide(first, vec![("decision", "approve")]).await;
    assert_eq!(location(&stale), "/moderation?tab=pending&done=stale");

    let log = store.moderation_log(10).await.unwrap();
    let lines: Vec<_> =
        log.iter().map(|l| (l.actor_handle.as_str(), l.target_id, l.action.as_str(), l.reason.as_str())).collect();
    assert_eq!(
        lines,
        [("mona", third, "spam", ""), ("mona", second, "reject", "off-topic"), ("mona", first, "approve", "")]
    );

    // The author learns why a moderator refused it, in general words;
    // spam is told no more than that a moderator refused it.
    let (_, mine) = amira.page("/articles/talks").await;
    let refused = text_of(&mine, &format!("#c-{second}"));
    assert!(refused.contains("A moderator found it off the topic of the article."), "{refused}");
    assert!(text_of(&mine, &format!("#c-{third}")).contains("A moderator decided not to publish it."));
    // Each tab holds its own.
    let (_, spam) = mona.page("/moderation?tab=spam").await;
    assert_eq!(select(&spam, ".queue-item").len(), 1);
    assert_eq!(mona.get("/moderation?tab=everything").await.status(), StatusCode::BAD_REQUEST);
    let (_, pending) = mona.page("/moderation").await;
    assert!(select(&pending, ".queue-item").is_empty());

    // Suspending the author from the queue: their next comment is refused
    // until the suspension ends or is lifted.
    let amira_id = app.user_id("amira").await;
    let standing = |fields: Vec<(&'static str, &'static str)>| {
        let mona = &mona;
        async move { mona.set_standing(amira_id, &fields).await }
    };
    let said = ("reason", "Insults after a warning");
    assert_eq!(standing(vec![("standing", "suspend"), ("days", "0"), said]).await.status(), StatusCode::BAD_REQUEST);
    // Suspending needs a reason, of at most 500 characters.
    assert_eq!(standing(vec![("standing", "suspend"), ("days", "7")]).await.status(), StatusCode::BAD_REQUEST);
    let long = "why ".repeat(126);
    let long = standing(vec![("standing", "suspend"), ("days", "7"), ("reason", long.leak())]).await;
    assert_eq!(long.status(), StatusCode::BAD_REQUEST);
    assert_eq!(store.moderation_log(10).await.unwrap().len(), 3, "nothing logged for a refused change");
    let before = Timestamp::now();
    let suspended = standing(vec![("standing", "suspend"), ("days", "7"), said]).await;
    assert_eq!(location(&suspended), "/moderation?tab=pending&done=suspend");
    // The author's page says so, and until when, instead of offering a form.
    let (_, kept_out) = amira.page("/articles/talks").await;
    assert!(select(&kept_out, "#compose form").is_empty());
    let note = text_of(&kept_out, "#compose .comments-note");
    assert!(note.starts_with("A moderator has suspended your account until "), "{note}");
    let until = attr(&kept_out, "#compose .comments-note time", "datetime");
    let week_on = [before.plus_hours(7 * 24).date(), Timestamp::now().plus_hours(7 * 24).date()];
    assert!(week_on.iter().any(|day| until.starts_with(day.as_str())), "{until}, not a week on");
    // What they send anyway is refused, and kept for moderators.
    let refused = amira.post_comment("talks", "Let me say one more thing.").await;
    let (status, rules) = app.status_of(refused).await;
    assert_eq!(status, "rejected");
    assert!(rules.contains(&"standing".to_owned()), "{rules:?}");
    let (_, queue) = mona.page("/moderation?tab=rejected").await;
    assert!(text_of(&queue, &format!("#q-{refused}")).contains("The author is suspended"));
    standing(vec![("standing", "restore")]).await;
    assert_eq!(
        store.author_record(amira_id).await.unwrap().unwrap().standing,
        byline_core::moderation::Standing::Active
    );
    let (_, back) = amira.page("/articles/talks").await;
    assert_eq!(select(&back, "#compose form.comment-form").len(), 1);
    // Staff are not banned from the queue.
    let not_reader = mona.set_standing(mona_id, &[("standing", "ban"), said]).await;
    assert_eq!(location(&not_reader), "/moderation?tab=pending&done=not-reader");

    // Admins read the log, filter it and take it away as CSV.
    assert_eq!(mona.get("/admin/log").await.status(), StatusCode::FORBIDDEN);
    let ada = app.staff("ada", Role::Admin).await;
    let (status, log) = ada.page("/admin/log").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select(&log, "tbody tr").len(), 5, "approve, reject, spam, suspend, restore");
    let (_, rejects) = ada.page("/admin/log?action=reject").await;
    assert_eq!(select(&rejects, "tbody tr").len(), 1);
    assert!(text_of(&rejects, "tbody").contains("off-topic"));
    let csv = ada.get("/admin/log?action=&actor=mona&format=csv").await;
    assert!(content_type(&csv).starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "id,at,actor,target_kind,target_id,action,reason");
    assert_eq!(rows.len(), 6);
    assert!(rows[1].contains(",mona,user,") && rows[1].ends_with(",restore,"), "{}", rows[1]);
    assert!(rows[2].contains(",suspend,Insults after a warning; until "), "{}", rows[2]);
    assert_eq!(ada.get("/admin/log?action=delete-everything").await.status(), StatusCode::BAD_REQUEST);

    // Its author may appeal a refusal once, with a note: it returns to the
    // queue marked as an appeal.
    let appeal = format!("/comments/{second}/appeal");
    let (_, mine) = amira.page("/articles/talks").await;
    assert_eq!(select(&mine, &format!("#c-{second} details.appeal textarea[name=note]")).len(), 1);
    assert_eq!(ada.submit("/articles/talks", &appeal, &[("note", "Not mine")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(amira.submit("/articles/talks", &appeal, &[("note", "  ")]).await.status(), StatusCode::BAD_REQUEST);
    let sent = amira
        .submit("/articles/talks", &appeal, &[("note", "The minutes are on topic: they set the timetable.")])
        .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.status_of(second).await.0, "pending");
    let (_, queue) = mona.page("/moderation").await;
    assert!(text_of(&queue, &format!("#q-{second} .queue-appeal")).contains("they set the timetable"));
    // Refused again, it cannot be appealed again; the author is told the
    // latest reason.
    decide(second, vec![("decision", "reject"), ("reason", "personal")]).await;
    assert_eq!(app.status_of(second).await.0, "rejected");
    let (_, mine) = amira.page("/articles/talks").await;
    assert!(text_of(&mine, &format!("#c-{second}")).contains("shares someone's personal information"));
    assert!(select(&mine, &format!("#c-{second} details.appeal")).is_empty());
    let again = amira.submit("/articles/talks", &appeal, &[("note", "Please, once more.")]).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.status_of(second).await.0, "rejected");
    app.stop().await;
}

async fn sections_set_the_comment_mode_of_articles_that_name_none(db: &TestDatabase) {
    let app = TestApp::strict_with(db, |config| {
        config.moderation.sections.insert("security".into(), "pre-moderated".into());
        config.moderation.trusted_after = 0;
    })
    .await;
    let store = &app.running.store;
    for (slug, section, mode) in
        [("raid", "Security", ""), ("raid-live", "Security", "comments = \"open\"\n"), ("derby", "Sport", "")]
    {
        let text = format!(
            "+++\nslug = \"{slug}\"\nheadline = \"Headline {slug}\"\nstandfirst = \"S.\"\nauthor = \"A\"\n\
             section = \"{section}\"\nstatus = \"published\"\n{mode}published_at = \"{}\"\n+++\nBody.\n",
            Timestamp::now().plus_hours(-1).rfc3339()
        );
        let article = byline_core::article_file::parse_article_file(&text).unwrap();
        store.upsert_article(&article, Timestamp::now()).await.unwrap();
    }
    let amira = app.commenter("amira").await;
    // The security desk pre-moderates unless an article says otherwise.
    let (_, page) = amira.page("/articles/raid").await;
    assert!(text_of(&page, ".comments-note").contains("reviewed by a moderator"));
    let held = amira.post_comment("raid", "Who ordered the raid?").await;
    let (status, rules) = app.status_of(held).await;
    assert_eq!((status.as_str(), rules), ("pending", vec!["comment_mode".to_owned()]));
    let open = amira.post_comment("raid-live", "Following the live page.").await;
    assert_eq!(app.status_of(open).await.0, "published", "the article's own mode wins");
    let sport = amira.post_comment("derby", "What a match.").await;
    assert_eq!(app.status_of(sport).await.0, "published", "other sections are open");
    app.stop().await;
}

byline_store::test_on_both_backends!(
    sections_set_the_comment_mode_of_articles_that_name_none,
    the_policy_holds_and_refuses_and_tells_the_author_why,
    the_api_answers_with_the_policy_s_verdict,
    the_queue_shows_which_listed_term_matched_and_how,
    moderators_decide_from_the_queue_and_every_decision_is_logged,
);
