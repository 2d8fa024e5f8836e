//! The moderation dashboard: for moderators only, with the desk's figures
//! in words and its charts as images a screen reader can name.

use byline_core::Timestamp;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::support::{BASE, Browser, TestApp, attr, location, select, text_of};

/// A site that lets one reader post several comments in a row.
async fn desk_app(db: &TestDatabase) -> TestApp {
    TestApp::with_settings(db, BASE, |settings| {
        settings.config.comments.min_interval_secs = 0;
        settings.config.comments.per_minute = 100;
    })
    .await
}

async fn moderators_see_the_desk_in_figures_and_charts(db: &TestDatabase) {
    let app = desk_app(db).await;
    app.add_article("talks", "pre-moderated").await;
    let amira = app.commenter("amira").await;
    let bodies = [
        "The ferry timetable should be published.",
        "And the council minutes with it.",
        "Third thought, same point.",
        "A fourth, still waiting.",
    ];
    let mut posted = Vec::new();
    for body in bodies {
        posted.push(amira.post_comment("talks", body).await);
    }
    assert_eq!(amira.get("/moderation/dashboard").await.status(), StatusCode::FORBIDDEN, "readers have no dashboard");
    assert_eq!(location(&Browser::new(&app).get("/moderation/dashboard").await), "/signin");

    let mona = app.moderator("mona").await;

    // Nothing decided yet: the figures say so rather than show a zero.
    let (status, page) = mona.page("/moderation/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text_of(&page, "#desk-waiting"), "4");
    assert_eq!(text_of(&page, "#desk-median"), "Nothing decided yet");
    assert_eq!(text_of(&page, "#desk-approval"), "No decisions yet");

    // From the queue, which links to the dashboard: two approved, one refused.
    let (_, queue) = mona.page("/moderation").await;
    assert_eq!(attr(&queue, ".desk-nav a[href$=dashboard]", "href"), "/moderation/dashboard");
    for (id, fields) in [
        (posted[0], vec![("decision", "approve")]),
        (posted[1], vec![("decision", "reject"), ("reason", "off-topic")]),
        (posted[2], vec![("decision", "approve")]),
    ] {
        let mut all = fields;
        all.push(("tab", "pending"));
        let done = mona.decide(id, &all).await;
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
    }

    let (_, page) = mona.page("/moderation/dashboard").await;
    assert_eq!(text_of(&page, "#desk-waiting"), "1");
    assert_eq!(text_of(&page, "#desk-flagged"), "0");
    assert_eq!(text_of(&page, "#desk-comments"), "4");
    assert_eq!(text_of(&page, "#desk-approval"), "67% 2 of 3 decisions");
    // Decided within the test's second or so: a wait of seconds.
    let median = text_of(&page, "#desk-median");
    assert!(median.ends_with(" s over 3 decisions"), "{median}");

    // Four charts, each an image named by its title and described in words,
    // with its figures in a table.
    let charts = select(&page, "section.chart svg[role=img]");
    assert_eq!(charts.len(), 4);
    for svg in &charts {
        let named = svg.value().attr("aria-labelledby").unwrap();
        assert_eq!(select(&page, &format!("svg > title#{named}")).len(), 1, "{named}");
        let described = svg.value().attr("aria-describedby").unwrap();
        assert!(!text_of(&page, &format!("svg > desc#{described}")).is_empty());
    }
    let approval = text_of(&page, "#chart-approval-desc");
    assert!(approval.contains("67% of 3 decisions in 30 days"), "{approval}");
    let today = Timestamp::now().date();
    let rows: Vec<String> = select(&page, "#chart-approval-heading ~ details tbody tr")
        .iter()
        .map(|r| r.text().map(str::trim).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(rows.len(), 30);
    assert_eq!(rows.last().unwrap(), &format!("{today} 67% (2 of 3)"));
    // Every comment is in the hourly table, which leaves out quiet hours.
    let hourly: i64 = select(&page, "#chart-comments-heading ~ details tbody td")
        .iter()
        .map(|cell| cell.text().collect::<String>().parse::<i64>().unwrap())
        .sum();
    assert_eq!(hourly, 4);
    app.stop().await;
}

byline_store::test_on_both_backends!(moderators_see_the_desk_in_figures_and_charts);
