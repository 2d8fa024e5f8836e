//! A 10,000-comment discussion over HTTP: a reader following "More
//! comments" and "More replies in this thread" reaches every comment once,
//! no page draws more than its budget, and a permalink deep in a long
//! thread opens the page that holds it.

use std::collections::HashSet;

use byline_core::Timestamp;
use byline_store::testing::{TestDatabase, reader, seed_discussion};
use scraper::Html;

use crate::support::{BASE, Browser, TestApp, attr, location, select};

/// The ids of the comments a page draws, in order.
fn drawn(page: &Html) -> Vec<i64> {
    select(page, "#comments ol.thread li.comment-item[id]")
        .iter()
        .map(|li| li.value().attr("id").unwrap().trim_start_matches("c-").parse().unwrap())
        .collect()
}

fn link(page: &Html, css: &str) -> Option<String> {
    select(page, css).first().map(|a| a.value().attr("href").unwrap().replace("&amp;", "&"))
}

async fn a_ten_thousand_comment_discussion_is_read_to_the_end(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let store = &app.running.store;
    app.add_article("long", "open").await;
    let authors = [reader(store, "amira", Timestamp::now()).await, reader(store, "naseem", Timestamp::now()).await];
    let posted = seed_discussion(store, app.article_id("long").await, &authors, 10_000).await;

    let reader = Browser::new(&app);
    let mut seen: Vec<i64> = Vec::new();
    let mut next = Some("/articles/long".to_owned());
    let mut continued = 0;
    while let Some(address) = next.take() {
        let (status, page) = reader.page(&address).await;
        assert_eq!(status, 200, "{address}");
        let ids = drawn(&page);
        assert!(!ids.is_empty() && ids.len() <= 500, "{address}: {} comments", ids.len());
        seen.extend(ids);
        next = link(&page, "nav.pager a");
        // The rest of a thread too long for the page, page by page.
        let mut more = link(&page, ".more-replies a");
        while let Some(address) = more.take() {
            let (status, rest) = reader.page(&address).await;
            assert_eq!(status, 200, "{address}");
            let ids = drawn(&rest);
            assert!(!ids.is_empty() && ids.len() <= 500);
            seen.extend(ids);
            assert!(link(&rest, ".continuing a").is_some());
            more = link(&rest, ".more-replies a");
            continued += 1;
        }
        assert!(seen.len() <= posted.len(), "paging must end");
    }
    assert!(continued >= 2, "the long thread continues over several pages");
    let unique: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "a comment drawn twice");
    assert_eq!(unique, posted.iter().copied().collect::<HashSet<_>>(), "every comment is reachable");

    // The last comment of the long thread: its permalink opens its page.
    let (mut deepest, mut deepest_place) = (posted[0], 0);
    for id in posted.iter().rev().take(2_000) {
        if store.comment(*id).await.unwrap().unwrap().root_id == posted[0] {
            let (before, _) = store.place_in_thread(*id).await.unwrap().unwrap();
            if before > deepest_place {
                (deepest, deepest_place) = (*id, before);
            }
        }
    }
    assert!(deepest_place >= 500, "{deepest_place}");
    let permalink = reader.get(&format!("/comments/{deepest}")).await;
    let to = location(&permalink);
    assert!(to.contains(&format!("thread={}", posted[0])), "{to}");
    let (status, page) = reader.page(&to).await;
    assert_eq!(status, 200);
    assert!(drawn(&page).contains(&deepest), "{to} draws the comment");
    assert!(!attr(&page, &format!("#c-{deepest} time"), "datetime").is_empty());

    // The JSON API pages the same way.
    let json = |path: String| {
        let reader = &reader;
        async move {
            let response = reader.get(&path).await;
            (response.status(), serde_json::from_str::<serde_json::Value>(&response.text().await.unwrap()).unwrap())
        }
    };
    let (_, first) = json("/api/v1/articles/long/comments".into()).await;
    let more = &first["more_replies"];
    assert_eq!(more["thread"], posted[0], "{more}");
    let rest =
        format!("/api/v1/articles/long/comments?thread={}&after={}", more["thread"], more["after"].as_str().unwrap());
    let (status, rest) = json(rest).await;
    assert_eq!(status, 200);
    let first_ids: Vec<_> = first["comments"].as_array().unwrap().iter().map(|c| c["id"].clone()).collect();
    let rest_ids: Vec<_> = rest["comments"].as_array().unwrap().iter().map(|c| c["id"].clone()).collect();
    assert_eq!(rest_ids.len(), 500);
    assert!(rest_ids.iter().all(|id| !first_ids.contains(id)));
    let (status, bad) = json("/api/v1/articles/long/comments?thread=2&after=000000000001".into()).await;
    assert_eq!((status.as_u16(), bad["error"]["code"].as_str()), (400, Some("bad_cursor")));

    // Addresses that do not name a place in a thread are refused.
    for bad in ["?thread=abc&after=000000000001", "?thread=1", "?thread=2&after=000000000001", "?thread=1&after=00001"]
    {
        assert_eq!(reader.get(&format!("/articles/long{bad}")).await.status(), 400, "{bad}");
    }
    app.stop().await;
}

byline_store::test_on_both_backends!(a_ten_thousand_comment_discussion_is_read_to_the_end);
