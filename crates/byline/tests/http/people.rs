//! People, as moderators see them: search, a person's whole record, bans
//! that take comments down and put them back, trust reset, and the log
//! lines each of these writes.

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::support::{Browser, TestApp, attr, location, select, text_of};

async fn moderators_find_people_and_read_their_whole_record(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("desk", "open").await;
    let amira = app.commenter("amira").await;
    app.commenter("amir_k").await;
    app.commenter("bruno").await;
    let held = amira.post_comment("desk", "My first word on the ferry.").await;
    let mona = app.moderator("mona").await;
    assert_eq!(amira.get("/moderation/people?q=amir").await.status(), StatusCode::FORBIDDEN);

    let found = |q: &'static str| {
        let mona = &mona;
        async move {
            let (status, page) = mona.page(&format!("/moderation/people?q={q}")).await;
            assert_eq!(status, StatusCode::OK);
            // The `@` is isolated with the handle, or a right-to-left page
            // shows it on the wrong side.
            select(&page, "table.people tbody tr td:first-child .handle > bdi")
                .iter()
                .map(|h| h.text().collect::<String>())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(found("AMIR").await, ["@amir_k", "@amira"], "any case, by handle");
    // E-mail addresses are for admins: moderators neither search by them nor see them.
    assert_eq!(found("bruno%40example.org").await, Vec::<String>::new());
    let ada = app.staff("ada", Role::Admin).await;
    let (_, by_email) = ada.page("/moderation/people?q=bruno%40example.org").await;
    assert_eq!(text_of(&by_email, "table.people tbody .handle"), "@bruno", "admins find people by address");
    // Wildcards are plain text: "_" is not any one letter.
    assert_eq!(found("amir_").await, ["@amir_k"]);
    assert_eq!(found("%25").await, Vec::<String>::new());
    let (_, none) = mona.page("/moderation/people?q=zz").await;
    assert_eq!(text_of(&none, "[role=status]"), "Nobody matches “zz”.");

    let amira_id = app.user_id("amira").await;
    let (status, person) = mona.page(&format!("/moderation/people/{amira_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text_of(&person, ".person-record"), "0 published, 0 refused, 1 waiting");
    assert_eq!(text_of(&person, "h1 .handle > bdi"), "@amira");
    assert!(text_of(&person, ".person-comments").contains("My first word on the ferry."));
    assert!(!text_of(&person, "main").contains("amira@example.org"), "no address for moderators");
    let (_, for_admin) = ada.page(&format!("/moderation/people/{amira_id}")).await;
    assert!(text_of(&for_admin, ".person-facts").contains("amira@example.org"));
    assert_eq!(mona.get("/moderation/people/999999").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(mona.get("/moderation/people/x").await.status(), StatusCode::BAD_REQUEST);

    // Decisions on their comments are part of their record.
    mona.decide(held, &[("decision", "approve")]).await;
    let (_, person) = mona.page(&format!("/moderation/people/{amira_id}")).await;
    assert_eq!(text_of(&person, ".person-record"), "1 published, 0 refused, 0 waiting");
    let history = text_of(&person, ".person-history tbody");
    assert!(history.contains("@mona") && history.contains("approve") && history.contains(&format!("comment {held}")));
    app.stop().await;
}

async fn a_ban_can_take_comments_down_and_lifting_it_puts_them_back(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("desk", "open").await;
    let amira = app.commenter("amira").await;
    let mona = app.moderator("mona").await;
    let first = amira.post_comment("desk", "The ferry runs late.").await;
    mona.decide(first, &[("decision", "approve")]).await;
    let second = amira.post_comment("desk", "Again this morning.").await;
    let third = amira.post_reply("desk", first, "And tonight.").await;
    assert_eq!(app.comment_count("desk").await, 3, "trusted after one approval");
    let amira_id = app.user_id("amira").await;
    let person = format!("/moderation/people/{amira_id}");
    let act = |fields: Vec<(&'static str, &'static str)>| {
        let (mona, person) = (&mona, &person);
        async move {
            let mut all = fields;
            all.push(("from", "person"));
            mona.submit(person, &format!("/moderation/users/{amira_id}"), &all).await
        }
    };

    // A ban needs a reason; without one nothing changes and nothing is logged.
    let unsaid = act(vec![("standing", "ban"), ("remove_comments", "yes"), ("reason", "  ")]).await;
    assert_eq!(unsaid.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.comment_count("desk").await, 3);
    assert_eq!(store.moderation_log(10).await.unwrap().len(), 1, "the approval only");
    let banned =
        act(vec![("standing", "ban"), ("remove_comments", "yes"), ("reason", "Spam  across\nthree stories")]).await;
    assert_eq!(location(&banned), format!("{person}?done=ban"));
    assert_eq!(app.comment_count("desk").await, 0);
    for id in [first, second, third] {
        assert_eq!(app.status_of(id).await.0, "removed");
    }
    // Readers see where they were, not what they said.
    let (_, article) = Browser::new(&app).page("/articles/desk").await;
    assert!(text_of(&article, &format!("#c-{first}")).contains("removed by a moderator"));
    assert!(!text_of(&article, "main").contains("The ferry runs late."));
    let (_, page) = mona.page(&person).await;
    assert_eq!(text_of(&page, ".person-standing"), "banned");
    let (_, own) = amira.page("/articles/desk").await;
    assert_eq!(text_of(&own, "#compose .comments-note"), "A moderator has closed commenting to your account.");
    assert!(select(&own, "#compose form").is_empty());
    assert_eq!(text_of(&page, ".person-record"), "0 published, 0 refused, 0 waiting, 3 taken down with a ban");

    let restored = act(vec![("standing", "restore")]).await;
    assert_eq!(location(&restored), format!("{person}?done=restore"));
    assert_eq!(app.comment_count("desk").await, 3);
    for id in [first, second, third] {
        assert_eq!(app.status_of(id).await.0, "published");
    }
    let reply_count = store.thread_comment(first).await.unwrap().unwrap().reply_count;
    assert_eq!(reply_count, 1, "the reply is counted under its parent again");

    // A ban without the box ticked leaves comments up.
    act(vec![("standing", "ban"), ("reason", "Threats")]).await;
    assert_eq!(app.comment_count("desk").await, 3);
    act(vec![("standing", "restore"), ("reason", "Appeal accepted")]).await;

    // One log line for each action, saying what moved.
    let log = store.moderation_log(10).await.unwrap();
    let lines: Vec<_> = log.iter().rev().skip(1).map(|l| (l.action.as_str(), l.reason.as_str())).collect();
    assert_eq!(
        lines,
        [
            ("ban", "Spam across three stories; 3 comments taken down"),
            ("restore", "3 comments put back"),
            ("ban", "Threats"),
            ("restore", "Appeal accepted")
        ]
    );
    app.stop().await;
}

async fn resetting_trust_holds_the_next_comments_again(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("desk", "open").await;
    let amira = app.commenter("amira").await;
    let mona = app.moderator("mona").await;
    let first = amira.post_comment("desk", "The ferry runs late.").await;
    mona.decide(first, &[("decision", "approve")]).await;
    let trusted = amira.post_comment("desk", "Again this morning.").await;
    assert_eq!(app.status_of(trusted).await.0, "published");

    let amira_id = app.user_id("amira").await;
    let person = format!("/moderation/people/{amira_id}");
    let reset = mona
        .submit(&person, &format!("/moderation/users/{amira_id}"), &[("standing", "reset-trust"), ("from", "person")])
        .await;
    assert_eq!(location(&reset), format!("{person}?done=reset-trust"));
    let held = amira.post_comment("desk", "And tonight, once more.").await;
    let (status, rules) = app.status_of(held).await;
    assert_eq!(status, "pending");
    assert!(rules.contains(&"trust".to_owned()), "{rules:?}");
    let (_, page) = mona.page(&person).await;
    assert!(text_of(&page, ".person-facts").contains("when a moderator reset it"));
    // Staff have no trust to reset.
    let mona_id = app.user_id("mona").await;
    let staff = mona
        .submit(&person, &format!("/moderation/users/{mona_id}"), &[("standing", "reset-trust"), ("from", "person")])
        .await;
    assert_eq!(location(&staff), format!("/moderation/people/{mona_id}?done=not-reader"));
    let (_, page) = mona.page(&format!("/moderation/people/{mona_id}")).await;
    assert!(select(&page, ".person-actions").is_empty());
    let actions: Vec<_> = store.moderation_log(10).await.unwrap().into_iter().map(|l| l.action).collect();
    assert_eq!(actions, ["reset-trust", "approve"]);
    app.stop().await;
}

async fn the_log_has_every_staff_action_and_filters_by_target_and_date(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("desk", "open").await;
    let amira = app.commenter("amira").await;
    let mona = app.moderator("mona").await;
    let ada = app.staff("ada", Role::Admin).await;
    let amira_id = app.user_id("amira").await;
    let first = amira.post_comment("desk", "The ferry runs late.").await;
    mona.decide(first, &[("decision", "approve")]).await;

    // Featuring from the article is logged, and doing it twice logs once.
    for _ in 0..2 {
        let answer = mona.feature("desk", first, "yes").await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    }
    // So is a change of role.
    let promoted = ada.submit("/admin/users", &format!("/admin/users/{amira_id}/role"), &[("role", "editor")]).await;
    assert_eq!(promoted.status(), StatusCode::SEE_OTHER);
    let lines: Vec<_> = store
        .moderation_log(10)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .map(|l| (l.actor_handle, l.target_kind, l.action, l.reason))
        .collect();
    let line = |a: &str, k: &str, act: &str, r: &str| (a.to_owned(), k.to_owned(), act.to_owned(), r.to_owned());
    assert_eq!(
        lines,
        [
            line("mona", "comment", "approve", ""),
            line("mona", "comment", "feature", ""),
            line("ada", "user", "role", "editor")
        ]
    );

    let rows = |query: String| {
        let ada = &ada;
        async move {
            let (status, page) = ada.page(&format!("/admin/log?{query}")).await;
            assert_eq!(status, StatusCode::OK, "{query}");
            select(&page, "tbody tr").len()
        }
    };
    // Two days either side, so the test holds across midnight.
    let yesterday = Timestamp::now().plus_hours(-24).date();
    let tomorrow = Timestamp::now().plus_hours(24).date();
    let later = Timestamp::now().plus_hours(48).date();
    assert_eq!(rows(format!("target_kind=user&target_id={amira_id}")).await, 1);
    assert_eq!(rows(format!("target_kind=comment&target_id={first}")).await, 2);
    assert_eq!(rows(format!("from={yesterday}&until={tomorrow}")).await, 3);
    assert_eq!(rows(format!("from={later}")).await, 0);
    assert_eq!(rows("until=2020-01-01".into()).await, 0);
    for bad in ["from=yesterday", "target_id=abc", "target_kind=article"] {
        assert_eq!(ada.get(&format!("/admin/log?{bad}")).await.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    // Each line links its target: a person's record, or the comment as the queue shows it.
    let (_, log) = ada.page("/admin/log?action=role").await;
    assert_eq!(attr(&log, "tbody a", "href"), format!("/moderation/people/{amira_id}"));
    let (_, log) = ada.page("/admin/log?action=approve").await;
    let href = attr(&log, "tbody a", "href");
    assert_eq!(href, format!("/moderation/comments/{first}"));
    // A refused comment is there too, with its state and the actions.
    mona.submit("/moderation", &href, &[("decision", "reject"), ("reason", "abuse")]).await;
    let (status, item) = mona.page(&href).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text_of(&item, &format!("#q-{first}")).contains("The ferry runs late."));
    assert_eq!(text_of(&item, &format!("#q-{first} .queue-status")), "rejected");
    assert_eq!(select(&item, &format!("#q-{first} button[value=approve]")).len(), 1);
    assert_eq!(amira.get(&href).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(mona.get("/moderation/comments/999999").await.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

byline_store::test_on_both_backends!(
    moderators_find_people_and_read_their_whole_record,
    a_ban_can_take_comments_down_and_lifting_it_puts_them_back,
    resetting_trust_holds_the_next_comments_again,
    the_log_has_every_staff_action_and_filters_by_target_and_date,
);
