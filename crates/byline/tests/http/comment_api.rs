//! The comments JSON API's write side: post, reply, edit, delete, vote and
//! flag, and every refusal as a JSON error with a stable code.

use byline_store::testing::TestDatabase;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{Api, BASE, Browser, TestApp, code, header, read, text_of, with_json};

async fn readers_post_reply_vote_flag_edit_and_delete_as_json(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("talks", "open").await;
    let amira_browser = app.commenter("amira").await;
    let naseem_browser = app.commenter("naseem").await;
    let amira = Api::new(&amira_browser, "/articles/talks").await;
    let naseem = Api::new(&naseem_browser, "/articles/talks").await;

    let (status, posted) =
        amira.post("/api/v1/articles/talks/comments", json!({"body": "The accord is **fragile**."})).await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    let first = posted["comment"]["id"].as_i64().unwrap();
    assert_eq!(posted["comment"]["status"], "published");
    assert_eq!(posted["comment"]["html"], "<p>The accord is <strong>fragile</strong>.</p>\n");
    assert_eq!(posted["comment"]["author"]["handle"], "amira");
    // The list item the page's script inserts: the author's own buttons.
    let item = posted["item_html"].as_str().unwrap();
    assert!(item.starts_with(&format!("<li id=\"c-{first}\"")), "{item}");
    assert!(item.contains(&format!("href=\"/comments/{first}/edit\"")), "{item}");
    assert!(item.trim_end().ends_with("</li>"), "{item}");

    let urdu = "یہ معاہدہ کمزور ضرور ہے، لیکن ایک نئی شروعات ہے۔";
    let (status, reply) = naseem.post("/api/v1/articles/talks/comments", json!({"body": urdu, "parent": first})).await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    let reply_id = reply["comment"]["id"].as_i64().unwrap();
    assert_eq!(reply["comment"]["parent"], first);
    assert_eq!(reply["comment"]["depth"], 1);
    assert_eq!(reply["comment"]["language"], "ur");
    assert_eq!(app.comment_count("talks").await, 2);
    // What the post answered is what the comment's own address says.
    for answer in [&posted, &reply] {
        let (_, stored) = amira.get(&format!("/api/v1/comments/{}", answer["comment"]["id"])).await;
        assert_eq!(stored["comment"], answer["comment"]);
    }

    // Votes: given once however often it is sent, and taken back.
    let vote = format!("/api/v1/comments/{first}/vote");
    for _ in 0..2 {
        let (status, body) = naseem.send(reqwest::Method::PUT, &vote, None).await;
        assert_eq!((status, body), (StatusCode::OK, json!({"score": 1, "voted": true})));
    }
    let (_, listed) = naseem.get("/api/v1/articles/talks/comments").await;
    assert_eq!(listed["comments"][0]["score"], 1);
    let (status, body) = naseem.send(reqwest::Method::DELETE, &vote, None).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"score": 0, "voted": false})));
    let (status, body) = amira.send(reqwest::Method::PUT, &vote, None).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "own_comment"));

    // Flags need a known reason.
    let flags = format!("/api/v1/comments/{first}/flags");
    let (status, body) = naseem.post(&flags, json!({"reason": "because"})).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "bad_reason"));
    let (status, body) = naseem.post(&flags, json!({"reason": "spam"})).await;
    assert_eq!((status, body), (StatusCode::CREATED, json!({"flagged": true})));

    // The source is the author's alone, while they may edit.
    let one = format!("/api/v1/comments/{first}");
    let (_, mine) = amira.get(&one).await;
    assert_eq!(mine["source"], "The accord is **fragile**.");
    let (status, theirs) = naseem.get(&one).await;
    assert_eq!(status, StatusCode::OK);
    assert!(theirs.get("source").is_none(), "{theirs}");

    let (status, body) = naseem.send(reqwest::Method::PATCH, &one, Some(json!({"body": "Hijacked"}))).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "not_yours"));
    let (status, edited) =
        amira.send(reqwest::Method::PATCH, &one, Some(json!({"body": "Fragile, _but_ real."}))).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["comment"]["html"], "<p>Fragile, <em>but</em> real.</p>\n");
    assert!(edited["comment"]["edited_at"].is_string());

    // Deleting leaves a tombstone; the reply keeps its place.
    let (status, body) = naseem.send(reqwest::Method::DELETE, &one, None).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "not_yours"));
    let (status, deleted) = amira.send(reqwest::Method::DELETE, &one, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(deleted["comment"]["status"], "deleted");
    assert_eq!(deleted["comment"]["html"], "");
    assert!(deleted["comment"]["author"].is_null());
    assert_eq!(app.comment_count("talks").await, 1);
    let (_, listed) = Api::new(&Browser::new(&app), "/signin").await.get("/api/v1/articles/talks/comments").await;
    let ids: Vec<_> = listed["comments"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [first, reply_id]);
    let (status, body) = amira.post(&format!("/api/v1/comments/{first}/flags"), json!({"reason": "spam"})).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "not_published"));
    app.stop().await;
}

async fn the_json_api_refuses_bad_input_with_stable_codes(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("open-one", "open").await;
    app.add_article("other", "open").await;
    app.add_article("shut", "closed").await;
    let farid_browser = app.commenter("farid").await;
    let farid = Api::new(&farid_browser, "/articles/open-one").await;
    let someone_browser = app.commenter("someone").await;
    let someone = Api::new(&someone_browser, "/articles/other").await;
    let url = |path: &str| format!("{}{path}", farid_browser.base);
    let post = "/api/v1/articles/open-one/comments";

    let (_, elsewhere) = someone.post("/api/v1/articles/other/comments", json!({"body": "Over here."})).await;
    let elsewhere = elsewhere["comment"]["id"].as_i64().unwrap();
    let leaver_browser = app.commenter("leaver").await;
    let leaver = Api::new(&leaver_browser, "/articles/open-one").await;
    let (_, gone) = leaver.post(post, json!({"body": "Soon withdrawn."})).await;
    let gone = gone["comment"]["id"].as_i64().unwrap();
    leaver.send(reqwest::Method::DELETE, &format!("/api/v1/comments/{gone}"), None).await;

    let long = "word ".repeat(1_200);
    for (body, status, expected) in [
        (json!({"body": "  \n "}), StatusCode::UNPROCESSABLE_ENTITY, "empty"),
        (json!({"body": long}), StatusCode::UNPROCESSABLE_ENTITY, "too_long"),
        (json!({"body": "Hi", "parent": elsewhere}), StatusCode::UNPROCESSABLE_ENTITY, "parent_elsewhere"),
        (json!({"body": "Hi", "parent": 999_999}), StatusCode::UNPROCESSABLE_ENTITY, "parent_elsewhere"),
        (json!({"body": "Hi", "parent": gone}), StatusCode::CONFLICT, "parent_removed"),
        (json!({"text": "Hi"}), StatusCode::BAD_REQUEST, "bad_json"),
        (json!({"body": 7}), StatusCode::BAD_REQUEST, "bad_json"),
        (json!({"body": "Hi", "parent": "seven"}), StatusCode::BAD_REQUEST, "bad_json"),
    ] {
        let (got, answer) = farid.post(post, body.clone()).await;
        assert_eq!((got, code(&answer)), (status, expected), "{body}");
        assert!(!answer["error"]["message"].as_str().unwrap().is_empty());
    }
    let (status, body) = farid.post("/api/v1/articles/shut/comments", json!({"body": "Let me in"})).await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "comments_closed"));
    let (status, body) = farid.post("/api/v1/articles/missing/comments", json!({"body": "Anyone?"})).await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));

    // What is not JSON, or not UTF-8, or too large.
    let raw = |body: Vec<u8>, kind: &'static str| {
        farid_browser.client.post(url(post)).header("x-csrf-token", &farid.csrf).header("content-type", kind).body(body)
    };
    let (status, body) =
        read(raw(b"body=hi".to_vec(), "application/x-www-form-urlencoded").send().await.unwrap()).await;
    assert_eq!((status, code(&body)), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_json"));
    let (status, body) = read(raw(b"{\"body\": \"unclosed".to_vec(), "application/json").send().await.unwrap()).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "bad_json"));
    let (status, body) =
        read(raw(b"{\"body\": \"\xff\xfe\"}".to_vec(), "application/json").send().await.unwrap()).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "bad_json"));
    // Just over the 1 MiB limit. The server may answer before the client has
    // sent it all and close the connection under it; then try again.
    let huge = format!("{{\"body\": \"{}\"}}", "a".repeat(1024 * 1024 + 1024));
    let mut answer = None;
    for _ in 0..5 {
        // On a connection of its own, which the server may close unread:
        // the next request must not find it in the client's pool.
        let oversize = raw(huge.clone().into_bytes(), "application/json").header("connection", "close");
        if let Ok(response) = oversize.send().await {
            answer = Some(response);
            break;
        }
    }
    let (status, body) = read(answer.expect("an answer to an oversize request")).await;
    assert_eq!((status, code(&body)), (StatusCode::PAYLOAD_TOO_LARGE, "too_large"));

    // Who may call: a token, the same site, a signed-in reader.
    let no_token = with_json(farid_browser.client.post(url(post)), &json!({"body": "Hi"})).send().await.unwrap();
    let (status, body) = read(no_token).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
    let cross_site = raw(br#"{"body": "Hi"}"#.to_vec(), "application/json").header("sec-fetch-site", "cross-site");
    let (status, body) = read(cross_site.send().await.unwrap()).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
    let anonymous_browser = Browser::new(&app);
    let anonymous = Api::new(&anonymous_browser, "/signin").await;
    let (status, body) = anonymous.post(post, json!({"body": "Hi"})).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "sign_in_required"));
    let (status, body) =
        anonymous.send(reqwest::Method::PUT, &format!("/api/v1/comments/{elsewhere}/vote"), None).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "sign_in_required"));
    let (status, body) = farid.get("/api/v1/comments/not-a-number").await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "bad_request"));
    let (status, body) = farid.get("/api/v1/comments/999999").await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));

    // Nothing refused was written.
    assert_eq!(app.comment_count("open-one").await, 0);

    // Too fast: the second post inside the interval, with when to retry.
    let (status, _) = farid.post(post, json!({"body": "A fine first comment"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let again = farid_browser.client.post(url(post)).header("x-csrf-token", &farid.csrf);
    let response = with_json(again, &json!({"body": "And another thing"})).send().await.unwrap();
    assert!(!header(&response, "retry-after").is_empty());
    let (status, body) = read(response).await;
    assert_eq!((status, code(&body)), (StatusCode::TOO_MANY_REQUESTS, "too_fast"));
    assert!(body["error"]["message"].as_str().unwrap().starts_with("You are commenting very fast."));
    // The same refusal asked for in Arabic (as an Arabic page's script
    // asks): the same code, the message in Arabic.
    let arabic = farid_browser.client.post(url(post)).header("x-csrf-token", &farid.csrf);
    let arabic = arabic.header("accept-language", "ar, en;q=0.5");
    let (status, body) = read(with_json(arabic, &json!({"body": "وتعليق آخر"})).send().await.unwrap()).await;
    assert_eq!((status, code(&body)), (StatusCode::TOO_MANY_REQUESTS, "too_fast"));
    assert!(body["error"]["message"].as_str().unwrap().starts_with("إنك تعلّق بسرعة كبيرة."), "{body}");
    // A language no catalogue speaks gets the site's.
    let other = farid_browser.client.post(url(post)).header("x-csrf-token", &farid.csrf);
    let other = other.header("accept-language", "de-CH");
    let (_, body) = read(with_json(other, &json!({"body": "Noch etwas"})).send().await.unwrap()).await;
    assert!(body["error"]["message"].as_str().unwrap().starts_with("You are commenting very fast."));
    assert_eq!(app.comment_count("open-one").await, 1);
    app.stop().await;
}

/// Preview, by form and by API, shows the text as it will look and saves
/// nothing.
async fn a_preview_shows_the_comment_and_saves_nothing(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("talks", "open").await;
    let amira_browser = app.commenter("amira").await;
    let amira = Api::new(&amira_browser, "/articles/talks").await;

    let (status, shown) = amira.post("/api/v1/preview", json!({"body": "A **bold** <script>x</script> claim"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["html"], "<p>A <strong>bold</strong> &lt;script&gt;x&lt;/script&gt; claim</p>\n");
    let (status, body) = amira.post("/api/v1/preview", json!({"body": " "})).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "empty"));

    let fields = [("body", "A **bold** claim"), ("preview", "yes"), ("csrf", amira.csrf.as_str())];
    let page = amira_browser.post("/articles/talks/comments", &fields).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = scraper::Html::parse_document(&page.text().await.unwrap());
    assert_eq!(text_of(&page, "#compose .comment-preview strong"), "bold");
    assert_eq!(text_of(&page, "#comment-body"), "A **bold** claim", "the text stays in the form");
    assert_eq!(app.comment_count("talks").await, 0);
    // A form whose text is not UTF-8 is refused whole.
    let raw = format!("body=%FF%FEbroken&csrf={}", amira.csrf).into_bytes();
    let url = format!("{}/articles/talks/comments", amira_browser.base);
    let refused = amira_browser
        .client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(refused.text().await.unwrap().contains("not valid UTF-8"));
    let (_, listed) = amira.get("/api/v1/articles/talks/comments").await;
    assert_eq!(listed["comments"].as_array().unwrap().len(), 0);
    app.stop().await;
}

byline_store::test_on_both_backends!(
    a_preview_shows_the_comment_and_saves_nothing,
    readers_post_reply_vote_flag_edit_and_delete_as_json,
    the_json_api_refuses_bad_input_with_stable_codes,
);
