//! The moderation log is complete: every staff action, taken through the
//! site as staff take it, appends exactly one line naming who did what to
//! which target, and an action that changes nothing appends none.

use std::collections::BTreeSet;

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use byline_store::{LOG_ACTIONS, LogEntry, Store};
use reqwest::StatusCode;

use crate::comments::{add_article, comment, comment_id, commenter};
use crate::moderation::strict_app;
use crate::queue::moderator;

/// The log's lines after `after`, oldest first.
async fn lines_after(store: &Store, after: i64) -> Vec<LogEntry> {
    let mut lines: Vec<_> = store.moderation_log(1_000).await.unwrap().into_iter().filter(|l| l.id > after).collect();
    lines.reverse();
    lines
}

async fn every_staff_action_writes_exactly_one_log_line(db: &TestDatabase) {
    let app = strict_app(db).await;
    let store = &app.running.store;
    add_article(store, "desk", "open").await;
    let amira = commenter(&app, "amira").await;
    let mona = moderator(&app, "mona").await;
    let ada = commenter(&app, "ada").await;
    let ada_id = store.user_by_handle("ada").await.unwrap().unwrap().id;
    assert!(store.set_role(ada_id, Role::Admin, Timestamp::now()).await.unwrap());
    let amira_id = store.user_by_handle("amira").await.unwrap().unwrap().id;
    // A new account's comments are held: each waits for a decision.
    let mut held = Vec::new();
    for n in 0..8 {
        held.push(comment_id(&comment(&amira, "desk", &format!("Held comment number {n}."), None).await));
    }

    let mut last = 0;
    let mut seen = BTreeSet::new();
    // Checks that the last step wrote exactly these lines, in order, and
    // no others.
    let mut expect = async |lines: &[(&str, &str, i64)]| {
        let written = lines_after(store, last).await;
        let got: Vec<_> = written.iter().map(|l| (l.actor_handle.as_str(), l.action.as_str(), l.target_id)).collect();
        assert_eq!(got, lines);
        if let Some(line) = written.last() {
            last = line.id;
        }
        seen.extend(lines.iter().map(|(_, action, _)| action.to_string()));
    };
    let decide = |id: i64, fields: &'static [(&'static str, &'static str)]| {
        let mona = &mona;
        async move {
            let answer = mona.submit("/moderation", &format!("/moderation/comments/{id}"), fields).await;
            assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        }
    };
    let standing = |fields: &'static [(&'static str, &'static str)]| {
        let mona = &mona;
        async move {
            let answer = mona.submit("/moderation", &format!("/moderation/users/{amira_id}"), fields).await;
            assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        }
    };
    let feature = |id: i64, featured: &'static str| {
        let mona = &mona;
        async move {
            let answer =
                mona.submit("/articles/desk", &format!("/comments/{id}/feature"), &[("featured", featured)]).await;
            assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        }
    };

    // Decisions on comments, one at a time.
    decide(held[0], &[("decision", "approve")]).await;
    expect(&[("mona", "approve", held[0])]).await;
    decide(held[1], &[("decision", "feature")]).await;
    expect(&[("mona", "approve-feature", held[1])]).await;
    decide(held[2], &[("decision", "reject"), ("reason", "abuse")]).await;
    expect(&[("mona", "reject", held[2])]).await;
    decide(held[3], &[("decision", "spam")]).await;
    expect(&[("mona", "spam", held[3])]).await;
    // Deciding again what is decided writes nothing.
    decide(held[0], &[("decision", "approve")]).await;
    expect(&[]).await;

    // Featuring a published comment and taking it back; twice is once.
    feature(held[0], "yes").await;
    feature(held[0], "yes").await;
    expect(&[("mona", "feature", held[0])]).await;
    feature(held[0], "no").await;
    feature(held[0], "no").await;
    expect(&[("mona", "unfeature", held[0])]).await;

    // A decision on several: one line for each comment it changed.
    let bulk = [held[4], held[5], held[6], held[0]].map(|id| id.to_string());
    let mut fields: Vec<(&str, &str)> = bulk.iter().map(|id| ("ids", id.as_str())).collect();
    fields.push(("decision", "approve"));
    let answer = mona.submit("/moderation", "/moderation/comments", &fields).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    expect(&[("mona", "approve", held[4]), ("mona", "approve", held[5]), ("mona", "approve", held[6])]).await;

    // Changes of standing: one line each, however many comments a ban
    // takes down or lifting it puts back.
    standing(&[("standing", "suspend"), ("days", "3"), ("reason", "Insults")]).await;
    expect(&[("mona", "suspend", amira_id)]).await;
    standing(&[("standing", "restore")]).await;
    expect(&[("mona", "restore", amira_id)]).await;
    standing(&[("standing", "ban"), ("remove_comments", "yes"), ("reason", "Threats")]).await;
    expect(&[("mona", "ban", amira_id)]).await;
    standing(&[("standing", "restore"), ("reason", "Appeal accepted")]).await;
    expect(&[("mona", "restore", amira_id)]).await;
    standing(&[("standing", "reset-trust")]).await;
    expect(&[("mona", "reset-trust", amira_id)]).await;
    // Refused changes write nothing.
    let unsaid = mona.submit("/moderation", &format!("/moderation/users/{amira_id}"), &[("standing", "ban")]).await;
    assert_eq!(unsaid.status(), StatusCode::BAD_REQUEST);
    expect(&[]).await;

    // An admin's change of role.
    let promoted = ada.submit("/admin/users", &format!("/admin/users/{amira_id}/role"), &[("role", "editor")]).await;
    assert_eq!(promoted.status(), StatusCode::SEE_OTHER);
    expect(&[("ada", "role", amira_id)]).await;

    // The author's appeal is not a staff action.
    let appeal = amira.submit("/articles/desk", &format!("/comments/{}/appeal", held[2]), &[("note", "Fair")]).await;
    assert_eq!(appeal.status(), StatusCode::SEE_OTHER);
    expect(&[]).await;

    // Every action the log knows was taken, and logged.
    let known: BTreeSet<_> = LOG_ACTIONS.iter().map(|a| a.to_string()).collect();
    assert_eq!(seen, known);
    app.stop().await;
}

byline_store::test_on_both_backends!(every_staff_action_writes_exactly_one_log_line);
