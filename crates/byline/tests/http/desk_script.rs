//! What the editor's script asks of the desk over HTTP: the body's live
//! preview, rendered and sanitised as the article page has it, and
//! autosave of drafts through the Save button's own use case, with its
//! conflicts and refusals as JSON with stable codes.

use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Api, BASE, Browser, TestApp, attr, code, location, read, select, text_of, with_json};

const STORY: [(&str, &str); 5] = [
    ("headline", "Ferry timetable changes for winter"),
    ("standfirst", "Fewer crossings from November."),
    ("author", "Tomas Lindqvist"),
    ("section", "World"),
    ("body", "The ferry runs **twice** a day."),
];

/// Posts a new story from the editor and answers its id.
async fn write(browser: &Browser) -> i64 {
    let created = browser.submit("/desk/new", "/desk/new", &STORY).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "the story is saved");
    location(&created).trim_start_matches("/desk/stories/").split('?').next().unwrap().parse().unwrap()
}

/// The editor's fields as the script sends them, from `version`.
fn fields(version: i64, body: &str) -> Value {
    let mut fields: serde_json::Map<String, Value> = STORY.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
    fields.insert("body".into(), json!(body));
    fields.insert("version".into(), json!(version));
    Value::Object(fields)
}

/// The version the editor page says the next save starts from.
async fn version(browser: &Browser, id: i64) -> i64 {
    let (status, page) = browser.page(&format!("/desk/stories/{id}")).await;
    assert_eq!(status, 200);
    attr(&page, "form.story-form input[name=version]", "value").parse().unwrap()
}

async fn the_preview_draws_the_body_as_articles_are_drawn(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let writer = app.staff("preview_writer", Role::Writer).await;
    let desk = Api::new(&writer, "/desk/new").await;

    let (status, shown) = desk
        .post("/desk/preview", json!({"body": "A **bold** claim\n\n> [!pullquote]\n> Quoted.", "language": "en"}))
        .await;
    assert_eq!(status, 200, "{shown}");
    let html = shown["html"].as_str().unwrap();
    assert!(html.contains("<strong>bold</strong>"), "{html}");
    assert!(html.contains("pull-quote"), "pull quotes as on the article page: {html}");
    assert_eq!((shown["lang"].as_str(), shown["dir"].as_str()), (Some("en"), Some("ltr")));

    let (_, urdu) = desk.post("/desk/preview", json!({"body": "بندرگاہ", "language": "ur"})).await;
    assert_eq!(urdu["dir"], "rtl", "the story's language sets the direction");

    let (status, hostile) = desk
        .post("/desk/preview", json!({"body": "Fine <script>alert(1)</script><img src=x onerror=alert(2)> words"}))
        .await;
    assert_eq!(status, 200);
    let html = hostile["html"].as_str().unwrap();
    let fragment = scraper::Html::parse_fragment(html);
    assert!(select(&fragment, "script, [onerror]").is_empty(), "nothing runs: {html}");
    assert!(html.contains("Fine"), "the words stay: {html}");

    let (status, empty) = desk.post("/desk/preview", json!({"body": "  "})).await;
    assert_eq!((status, empty["html"].as_str()), (StatusCode::OK, Some("")));
    let (status, refused) = desk.post("/desk/preview", json!({"body": "![](photo.jpg)"})).await;
    assert_eq!((status, code(&refused)), (StatusCode::UNPROCESSABLE_ENTITY, "bad_story"), "an image needs words");
    let (status, refused) = desk.post("/desk/preview", json!({"text": "wrong field"})).await;
    assert_eq!((status, code(&refused)), (StatusCode::BAD_REQUEST, "bad_json"));

    // Without the token (as another site would send it): refused, as JSON.
    let no_token = with_json(writer.client.post(format!("{}/desk/preview", writer.base)), &json!({"body": "Hi"}));
    let (status, refused) = read(no_token.send().await.unwrap()).await;
    assert_eq!((status, code(&refused)), (StatusCode::FORBIDDEN, "forbidden"));
    let cross_site = with_json(writer.client.post(format!("{}/desk/preview", writer.base)), &json!({"body": "Hi"}))
        .header("x-csrf-token", &desk.csrf)
        .header("sec-fetch-site", "cross-site");
    assert_eq!(cross_site.send().await.unwrap().status(), StatusCode::FORBIDDEN);

    // A reader has no desk, and no preview of it.
    let reader = app.commenter("preview_reader").await;
    let theirs = Api::new(&reader, "/account").await;
    let (status, refused) = theirs.post("/desk/preview", json!({"body": "Hi"})).await;
    assert_eq!((status, code(&refused)), (StatusCode::FORBIDDEN, "forbidden"));
    app.stop().await;
}

async fn autosave_saves_drafts_and_never_over_a_newer_version(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let writer = app.staff("autosave_writer", Role::Writer).await;
    let editor = app.staff("autosave_editor", Role::Editor).await;
    let id = write(&writer).await;
    let path = format!("/desk/stories/{id}/autosave");
    let desk = Api::new(&writer, &format!("/desk/stories/{id}")).await;

    // Saved as the button saves: a new version, the text kept.
    let opened = version(&writer, id).await;
    let (status, saved) = desk.post(&path, fields(opened, "The ferry runs three times a day.")).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], opened + 1);
    assert_eq!(version(&writer, id).await, opened + 1);
    let (_, page) = writer.page(&format!("/desk/stories/{id}")).await;
    assert_eq!(text_of(&page, "textarea#body"), "The ferry runs three times a day.");

    // Again from the version answered, as the script does.
    let (status, again) = desk.post(&path, fields(opened + 1, "The ferry runs four times a day.")).await;
    assert_eq!((status, again["version"].as_i64()), (StatusCode::OK, Some(opened + 2)));

    // From a version someone else has saved over: refused, nothing saved.
    let (status, refused) = desk.post(&path, fields(opened + 1, "Typed over an old version.")).await;
    assert_eq!((status, code(&refused)), (StatusCode::CONFLICT, "edit_conflict"));
    let (_, page) = writer.page(&format!("/desk/stories/{id}")).await;
    assert_eq!(text_of(&page, "textarea#body"), "The ferry runs four times a day.");

    // A mistake in a field is answered, not saved.
    let mut blank = fields(opened + 2, "Still here.");
    blank["headline"] = json!("  ");
    let (status, refused) = desk.post(&path, blank).await;
    assert_eq!((status, code(&refused)), (StatusCode::UNPROCESSABLE_ENTITY, "bad_story"));

    // Published, the story is saved only with the button.
    let version_now = version(&editor, id).await.to_string();
    let story = format!("/desk/stories/{id}");
    let published =
        editor.submit(&story, &format!("{story}/move"), &[("version", &version_now), ("action", "publish")]).await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let editors = Api::new(&editor, &story).await;
    let current = version(&editor, id).await;
    let (status, refused) = editors.post(&path, fields(current, "Changed live without a button.")).await;
    assert_eq!((status, code(&refused)), (StatusCode::CONFLICT, "wrong_state"));
    assert_eq!(version(&editor, id).await, current, "nothing saved");

    // A reader cannot autosave anyone's story; signed out, nobody has a
    // token to send.
    let reader = app.commenter("autosave_reader").await;
    let theirs = Api::new(&reader, "/account").await;
    let (status, refused) = theirs.post(&path, fields(current, "Mine now.")).await;
    assert_eq!((status, code(&refused)), (StatusCode::FORBIDDEN, "forbidden"));
    let stranger = Browser::new(&app);
    let (status, refused) = read(
        with_json(stranger.client.post(format!("{}{path}", stranger.base)), &fields(current, "Anyone's."))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, code(&refused)), (StatusCode::FORBIDDEN, "forbidden"));
    app.stop().await;
}

async fn the_editor_page_carries_its_script(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let writer = app.staff("script_writer", Role::Writer).await;
    let id = write(&writer).await;
    let (_, page) = writer.page(&format!("/desk/stories/{id}")).await;
    let script = attr(&page, "head script[src]", "src");
    assert!(script.starts_with("/static/desk.") && script.ends_with(".js"), "{script}");
    let served = writer.get(&script).await;
    assert_eq!(served.status(), 200);
    assert!(served.text().await.unwrap().contains("beforeunload"));
    assert_eq!(attr(&page, "form.story-form", "data-autosave"), format!("/desk/stories/{id}/autosave"));
    assert_eq!(attr(&page, "form.story-form", "data-state"), "draft");
    assert_eq!(attr(&page, ".live-preview", "aria-labelledby"), "live-preview-heading");
    // The desk's list has no use for it.
    let (_, desk) = writer.page("/desk").await;
    assert!(!desk.html().contains("/static/desk."));
    app.stop().await;
}

byline_store::test_on_both_backends!(
    the_preview_draws_the_body_as_articles_are_drawn,
    autosave_saves_drafts_and_never_over_a_newer_version,
    the_editor_page_carries_its_script,
);
