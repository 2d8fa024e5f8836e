//! The moderation log is complete: every staff action, taken through the
//! site as staff take it, appends exactly one line naming who did what to
//! which target, and an action that changes nothing appends none. However
//! long it grows, every line can be read: a page at a time on the site,
//! all at once as CSV; so can a person's whole record.

use std::collections::BTreeSet;

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::testing::{TestDatabase, execute_raw, seed_discussion};
use byline_store::{LOG_ACTIONS, LogEntry, Store};
use reqwest::StatusCode;

use crate::support::{TestApp, select};

/// The log's lines after `after`, oldest first.
async fn lines_after(store: &Store, after: i64) -> Vec<LogEntry> {
    let mut lines: Vec<_> = store.moderation_log(1_000).await.unwrap().into_iter().filter(|l| l.id > after).collect();
    lines.reverse();
    lines
}

async fn every_staff_action_writes_exactly_one_log_line(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("desk", "open").await;
    let amira = app.commenter("amira").await;
    let mona = app.moderator("mona").await;
    let ada = app.staff("ada", Role::Admin).await;
    let amira_id = app.user_id("amira").await;
    // A new account's comments are held: each waits for a decision.
    let mut held = Vec::new();
    for n in 0..8 {
        held.push(amira.post_comment("desk", &format!("Held comment number {n}.")).await);
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
            let answer = mona.decide(id, fields).await;
            assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        }
    };
    let standing = |fields: &'static [(&'static str, &'static str)]| {
        let mona = &mona;
        async move {
            let answer = mona.set_standing(amira_id, fields).await;
            assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        }
    };
    let feature = |id: i64, featured: &'static str| {
        let mona = &mona;
        async move {
            let answer = mona.feature("desk", id, featured).await;
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
    let answer = mona.decide_many(&fields).await;
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
    let unsaid = mona.set_standing(amira_id, &[("standing", "ban")]).await;
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

/// The address of the page a list's "Older …" link leads to, if it has one.
fn older(page: &scraper::Html, text: &str) -> Option<String> {
    select(page, "a[rel=next]")
        .into_iter()
        .find(|a| a.text().collect::<String>() == text)
        .and_then(|a| a.attr("href").map(str::to_owned))
}

async fn a_long_log_and_a_long_record_are_read_to_their_first_line(db: &TestDatabase) {
    let app = TestApp::strict(db).await;
    let store = &app.running.store;
    app.add_article("desk", "open").await;
    app.commenter("amira").await;
    let amira_id = app.user_id("amira").await;
    let mona = app.moderator("mona").await;
    let ada = app.staff("ada", Role::Admin).await;

    // 2,345 lines: more than two batches of the export, many pages.
    let lines = 2_345;
    let at = Timestamp::now().millis() - 10_000_000;
    let insert = format!(
        "INSERT INTO moderation_log (actor_id, actor_handle, at, target_kind, target_id, action, reason) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {lines}) \
         SELECT NULL, 'mona', {at} + i, 'user', {amira_id}, 'reset-trust', 'line ' || i FROM n"
    );
    assert_eq!(execute_raw(store, &insert).await.unwrap(), lines);

    // The site: 100 lines a page, newest first, to the very first line.
    let mut href = Some("/admin/log?actor=mona".to_owned());
    let mut read = Vec::new();
    let mut pages = 0;
    while let Some(path) = href {
        let (status, page) = ada.page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let reasons: Vec<String> =
            select(&page, "tbody tr td:last-child").iter().map(|td| td.text().collect()).collect();
        assert!(reasons.len() <= 100);
        read.extend(reasons);
        // Later pages lead back to the first.
        let back = select(&page, "a").iter().any(|a| a.text().collect::<String>() == "Back to the newest");
        assert_eq!(back, pages > 0, "{path}");
        href = older(&page, "Older lines");
        pages += 1;
    }
    assert_eq!(pages, 24);
    let expected: Vec<String> = (1..=lines).rev().map(|i| format!("line {i}")).collect();
    assert_eq!(read, expected);
    assert_eq!(ada.get("/admin/log?before=later").await.status(), StatusCode::BAD_REQUEST);

    // The export: every line, once, newest first, whatever the batches.
    let csv = ada.get("/admin/log?actor=mona&format=csv").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), usize::try_from(lines).unwrap() + 1);
    assert_eq!(rows[0], "id,at,actor,target_kind,target_id,action,reason");
    let reasons: Vec<&str> = rows[1..].iter().map(|r| r.rsplit(',').next().unwrap()).collect();
    assert_eq!(reasons, expected);

    // A person's record: 120 comments and the lines about them, 50 a page.
    let posted = seed_discussion(store, app.article_id("desk").await, &[amira_id], 120).await;
    let (_, first) = mona.page(&format!("/moderation/people/{amira_id}")).await;
    let mut shown = select(&first, ".person-comments li").len();
    let mut href = older(&first, "Older comments");
    while let Some(path) = href {
        let (status, page) = mona.page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        shown += select(&page, ".person-comments li").len();
        // The decisions stay on their first page meanwhile.
        assert_eq!(select(&page, ".person-history tbody tr").len(), 50);
        href = older(&page, "Older comments");
    }
    assert_eq!(shown, posted.len());
    let mut decisions = 0;
    let mut href = Some(format!("/moderation/people/{amira_id}"));
    while let Some(path) = href {
        let (_, page) = mona.page(&path).await;
        decisions += select(&page, ".person-history tbody tr").len();
        href = older(&page, "Older decisions");
    }
    assert_eq!(decisions, usize::try_from(lines).unwrap());
    app.stop().await;
}

byline_store::test_on_both_backends!(
    every_staff_action_writes_exactly_one_log_line,
    a_long_log_and_a_long_record_are_read_to_their_first_line
);
