//! Every way a comment becomes published announces it to open pages and
//! e-mails the author of the comment it answers, once: a moderator's
//! approval (single and bulk), an upheld appeal, a lifted ban.

use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Browser, PASSWORD, TestApp, select};

/// An open Server-Sent Events stream of an article's new comments.
struct LiveStream {
    response: reqwest::Response,
    buffer: String,
}

impl LiveStream {
    async fn open(app: &TestApp, slug: &str) -> Self {
        let response = reqwest::Client::new().get(app.running.url(&format!("/articles/{slug}/live"))).send().await;
        let response = response.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        Self { response, buffer: String::new() }
    }

    /// The next comment event, whatever comes before it (keep-alives).
    async fn next_comment(&mut self) -> Value {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                if !event.lines().any(|l| l == "event: comment") {
                    continue;
                }
                let data = event.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
                return serde_json::from_str(data).unwrap();
            }
            // Waits for the server's next bytes; the guard only keeps a
            // broken build from hanging the suite.
            let chunk = tokio::time::timeout(std::time::Duration::from_secs(120), self.response.chunk())
                .await
                .expect("the stream sends the comment")
                .unwrap()
                .expect("the stream stays open");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

async fn reply_notices(app: &TestApp, to: &str) -> usize {
    let mails = app.running.store.mail_to(to).await.unwrap();
    mails.iter().filter(|m| m.subject.contains("replied to you")).count()
}

async fn decide(mona: &Browser, id: i64, fields: &[(&str, &str)]) {
    let response = mona.decide(id, fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn comments_approved_later_go_live_and_notify_once(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("desk", "pre-moderated").await;
    let amira = app.commenter("amira").await;
    let naseem = app.commenter("naseem").await;
    let mona = app.moderator("mona").await;
    let root = amira.post_comment("desk", "The ferry timetable should be published.").await;
    decide(&mona, root, &[("decision", "approve")]).await;

    // A held reply, approved from the queue, reaches an open page and
    // tells the author of the comment it answers.
    let mut live = LiveStream::open(&app, "desk").await;
    let reply = naseem.post_reply("desk", root, "It was, last **Tuesday**.").await;
    assert_eq!(app.status_of(reply).await.0, "pending");
    assert_eq!(reply_notices(&app, "amira@example.org").await, 0, "nothing is said of a held reply");
    decide(&mona, reply, &[("decision", "approve")]).await;
    let event = live.next_comment().await;
    assert_eq!(
        (event["id"].as_i64(), event["parent"].as_i64(), event["count"].as_i64()),
        (Some(reply), Some(root), Some(2))
    );
    let fragment = scraper::Html::parse_fragment(event["html"].as_str().unwrap());
    assert_eq!(select(&fragment, &format!("li#c-{reply} .comment-body strong")).len(), 1);
    assert_eq!(reply_notices(&app, "amira@example.org").await, 1);

    // Refused and approved again: shown again, but never a second e-mail.
    decide(&mona, reply, &[("decision", "reject"), ("reason", "off-topic")]).await;
    decide(&mona, reply, &[("decision", "approve")]).await;
    assert_eq!(live.next_comment().await["id"].as_i64(), Some(reply));
    assert_eq!(reply_notices(&app, "amira@example.org").await, 1, "one notice, however often it is published");

    // An appeal upheld: refused at once, appealed, approved in a bulk decision.
    let farid = app.commenter("farid").await;
    let appealed = farid.post_reply("desk", root, "A fair question, I think.").await;
    decide(&mona, appealed, &[("decision", "reject"), ("reason", "off-topic")]).await;
    let sent = farid.appeal("desk", appealed, "It is on topic.").await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let id = appealed.to_string();
    let bulk = mona.decide_many(&[("decision", "approve"), ("ids", &id)]).await;
    assert_eq!(bulk.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.status_of(appealed).await.0, "published");
    assert_eq!(live.next_comment().await["id"].as_i64(), Some(appealed));
    assert_eq!(reply_notices(&app, "amira@example.org").await, 2);

    // A ban that takes the reply down, lifted: the reply is back live,
    // and its parent's author is not told a second time.
    let naseem_id = app.user_id("naseem").await;
    let standing = |change: &'static str| {
        let mona = &mona;
        async move {
            let fields = [("standing", change), ("remove_comments", "yes"), ("reason", "threats"), ("from", "person")];
            let path = format!("/moderation/people/{naseem_id}");
            mona.submit(&path, &format!("/moderation/users/{naseem_id}"), &fields).await
        }
    };
    assert_eq!(standing("ban").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.status_of(reply).await.0, "removed");
    assert_eq!(standing("restore").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.status_of(reply).await.0, "published");
    assert_eq!(live.next_comment().await["id"].as_i64(), Some(reply));
    assert_eq!(reply_notices(&app, "amira@example.org").await, 2);
    app.stop().await;
}

async fn staff_comments_skip_the_trust_rule_but_not_the_word_list(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    app.add_article("talks", "open").await;
    for (handle, role) in
        [("desk_editor", Role::Editor), ("desk_moderator", Role::Moderator), ("site_admin", Role::Admin)]
    {
        let member = app.staff(handle, role).await;
        let first = member.post_comment("talks", "A note from the desk: the map is corrected.").await;
        assert_eq!(app.status_of(first).await, ("published".to_owned(), vec![]), "{handle}");
        let linked = "The full report: https://news.example/report";
        let linked = member.post_comment("talks", linked).await;
        assert_eq!(app.status_of(linked).await.0, "published", "{handle}: one link is no reason to wait");
        let listed = member.post_comment("talks", "They are vermin.").await;
        assert_eq!(app.status_of(listed).await.0, "rejected", "{handle}: the word list holds for staff");
    }
    // A reader with no history still waits.
    let reader = app.commenter("reader").await;
    let first = reader.post_comment("talks", "A note from a reader.").await;
    assert_eq!(app.status_of(first).await, ("pending".to_owned(), vec!["trust".to_owned()]));
    app.stop().await;
}

async fn unconfirmed_accounts_cannot_vote(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("talks", "open").await;
    let mona = app.moderator("mona").await;
    let posted = mona.post_comment("talks", "Corrections go under the story.").await;
    // Signed up and signed in by password, the address not yet confirmed.
    let pending = Browser::new(&app);
    assert_eq!(pending.sign_up("squatter", "someone@example.org").await.status(), StatusCode::OK);
    let signed_in = pending.sign_in("someone@example.org", PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let vote = pending.submit("/articles/talks", &format!("/comments/{posted}/vote"), &[("vote", "yes")]).await;
    assert_eq!(vote.status(), StatusCode::BAD_REQUEST);
    assert!(vote.text().await.unwrap().contains("Confirm your e-mail address"));
    let csrf = pending.csrf("/articles/talks").await;
    let api = pending
        .client
        .put(format!("{}/api/v1/comments/{posted}/vote", pending.base))
        .header("x-csrf-token", csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    let body: Value = serde_json::from_str(&api.text().await.unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "email_unconfirmed");
    assert_eq!(store.thread_comment(posted).await.unwrap().unwrap().score, 0);
    app.stop().await;
}

byline_store::test_on_both_backends!(
    comments_approved_later_go_live_and_notify_once,
    staff_comments_skip_the_trust_rule_but_not_the_word_list,
    unconfirmed_accounts_cannot_vote,
);
