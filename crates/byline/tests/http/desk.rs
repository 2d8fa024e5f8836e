//! The newsroom desk over HTTP: a writer writes and submits, an editor
//! previews, publishes, renames and takes down; two editors on one story
//! meet the conflict page with both texts; every mistake comes back on
//! the form with the text kept.

use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::support::{BASE, Browser, TestApp, attr, header, location, select, text_of};

const STORY: [(&str, &str); 5] = [
    ("headline", "Harbour reopens after the storm"),
    ("standfirst", "Boats are back in the water."),
    ("author", "Samira Okafor"),
    ("section", "World"),
    ("body", "The harbour **reopened** on Monday.\n\n> [!pullquote]\n> We are back."),
];

/// Posts a new story from the editor and answers its id.
async fn write(browser: &Browser, fields: &[(&str, &str)]) -> i64 {
    let created = browser.submit("/desk/new", "/desk/new", fields).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "the story is saved");
    let to = location(&created);
    let id = to.trim_start_matches("/desk/stories/").split('?').next().unwrap().parse().unwrap();
    assert_eq!(to, format!("/desk/stories/{id}?done=created"));
    id
}

/// The editor's version field: what the next save starts from.
async fn version(browser: &Browser, id: i64) -> String {
    let (status, page) = browser.page(&format!("/desk/stories/{id}")).await;
    assert_eq!(status, 200);
    attr(&page, "form.story-form input[name=version]", "value")
}

async fn act(browser: &Browser, id: i64, action: &str, at: &str) -> reqwest::Response {
    let version = version(browser, id).await;
    let path = format!("/desk/stories/{id}");
    browser.submit(&path, &format!("{path}/move"), &[("version", &version), ("action", action), ("at", at)]).await
}

async fn a_writers_story_reaches_readers_only_when_an_editor_publishes_it(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let writer = app.staff("wendy_writer", Role::Writer).await;
    let editor = app.staff("eddie_editor", Role::Editor).await;
    let reader = app.commenter("rita_reader").await;
    assert_eq!(reader.get("/desk").await.status(), 403, "readers have no desk");

    let id = write(&writer, &STORY).await;
    let (_, desk) = writer.page("/desk").await;
    assert_eq!(text_of(&desk, "table.desk-stories tbody td a"), "Harbour reopens after the storm");
    assert_eq!(text_of(&desk, "table.desk-stories .story-state"), "draft");
    assert_eq!(Browser::new(&app).get("/articles/harbour-reopens-after-the-storm").await.status(), 404);

    // The preview is the article page itself, for staff alone, kept nowhere.
    let preview = writer.get(&format!("/desk/stories/{id}/preview")).await;
    assert_eq!(preview.status(), 200);
    assert_eq!(header(&preview, "x-robots-tag"), "noindex");
    assert!(header(&preview, "cache-control").contains("no-store"));
    let page = scraper::Html::parse_document(&preview.text().await.unwrap());
    assert_eq!(text_of(&page, "article h1"), "Harbour reopens after the storm");
    assert_eq!(text_of(&page, ".story-body strong"), "reopened");
    assert_eq!(Browser::new(&app).get(&format!("/desk/stories/{id}/preview")).await.status(), 303);

    assert_eq!(act(&writer, id, "submit", "").await.status(), StatusCode::SEE_OTHER);
    // The writer may not publish, and after submitting sees no button for it.
    let (_, editor_page) = writer.page(&format!("/desk/stories/{id}")).await;
    assert!(select(&editor_page, "input[name=action][value=publish]").is_empty());
    assert_eq!(act(&writer, id, "publish", "").await.status(), 403);

    // An editor schedules it far ahead: still nobody sees it.
    assert_eq!(act(&editor, id, "schedule", "2999-01-01T09:00").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(Browser::new(&app).get("/articles/harbour-reopens-after-the-storm").await.status(), 404);
    assert_eq!(act(&editor, id, "publish", "").await.status(), StatusCode::SEE_OTHER);
    let (status, live) = Browser::new(&app).page("/articles/harbour-reopens-after-the-storm").await;
    assert_eq!((status, text_of(&live, "article h1")), (StatusCode::OK, "Harbour reopens after the storm".into()));

    // A new address: the old one sends readers on for good.
    let version = version(&editor, id).await;
    let mut renamed = STORY.to_vec();
    renamed.push(("slug", "harbour-reopens"));
    renamed.push(("version", &version));
    let path = format!("/desk/stories/{id}");
    assert_eq!(editor.submit(&path, &path, &renamed).await.status(), StatusCode::SEE_OTHER);
    let old = Browser::new(&app).get("/articles/harbour-reopens-after-the-storm").await;
    assert_eq!((old.status(), location(&old)), (StatusCode::MOVED_PERMANENTLY, "/articles/harbour-reopens".into()));

    assert_eq!(act(&editor, id, "unpublish", "").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(Browser::new(&app).get("/articles/harbour-reopens").await.status(), 404);
    assert_eq!(Browser::new(&app).get("/articles/harbour-reopens-after-the-storm").await.status(), 404);

    let (_, editor_page) = editor.page(&format!("/desk/stories/{id}")).await;
    let revisions: Vec<String> =
        select(&editor_page, ".story-revisions li > span").iter().map(|e| e.text().collect()).collect();
    assert_eq!(revisions.len(), 6, "created, submitted, scheduled, published, renamed, unpublished: {revisions:?}");
    app.stop().await;
}

async fn two_editors_on_one_story_meet_both_texts(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let first = app.staff("first_editor", Role::Editor).await;
    let second = app.staff("second_editor", Role::Editor).await;
    let id = write(&first, &STORY).await;
    let path = format!("/desk/stories/{id}");
    let opened = version(&second, id).await;

    let mut theirs = STORY.to_vec();
    theirs[0] = ("headline", "Harbour reopens, boats return");
    theirs.push(("version", &opened));
    assert_eq!(first.submit(&path, &path, &theirs).await.status(), StatusCode::SEE_OTHER);

    let mut mine = STORY.to_vec();
    mine[4] = ("body", "My own paragraph, typed while the other saved.");
    mine.push(("version", &opened));
    let refused = second.submit(&path, &path, &mine).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let page = scraper::Html::parse_document(&refused.text().await.unwrap());
    assert!(text_of(&page, ".conflict-columns").contains("Harbour reopens, boats return"), "their version is shown");
    assert_eq!(text_of(&page, "textarea#body"), "My own paragraph, typed while the other saved.", "mine is kept");
    let current = attr(&page, "form.story-form input[name=version]", "value");
    assert_ne!(current, opened);

    // Saved again from the conflict page, over the version now current.
    mine.pop();
    mine.push(("version", &current));
    assert_eq!(second.submit(&path, &path, &mine).await.status(), StatusCode::SEE_OTHER);
    let (_, editor_page) = first.page(&path).await;
    assert_eq!(text_of(&editor_page, "textarea#body"), "My own paragraph, typed while the other saved.");

    // What each save changed, word by word.
    let (status, compared) = first.page(&format!("{path}/compare?from=1&to=2")).await;
    assert_eq!(status, 200);
    let gone: String = select(&compared, ".story-diff del").iter().flat_map(|e| e.text()).collect();
    let new: String = select(&compared, ".story-diff ins").iter().flat_map(|e| e.text()).collect();
    assert!(gone.contains("storm") && !gone.contains("Harbour"), "taken out: {gone}");
    assert!(new.contains("boats") && !new.contains("Harbour"), "put in: {new}");
    let labels: Vec<String> = select(&compared, ".story-diff dt").iter().map(|e| e.text().collect()).collect();
    assert_eq!(labels, ["Headline", "Address"], "a blank address follows the headline; nothing else changed");
    assert_eq!(first.get(&format!("{path}/compare?from=1&to=99")).await.status(), 404);
    assert_eq!(first.get(&format!("{path}/compare?from=one")).await.status(), 400);
    app.stop().await;
}

async fn mistakes_come_back_on_the_form_with_the_text_kept(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let editor = app.staff("careful_editor", Role::Editor).await;
    let mut bad = STORY.to_vec();
    bad[0] = ("headline", "   ");
    bad.push(("featured_rank", "0"));
    let refused = editor.submit("/desk/new", "/desk/new", &bad).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = scraper::Html::parse_document(&refused.text().await.unwrap());
    assert_eq!(text_of(&page, "#headline-error"), "is required");
    assert!(!text_of(&page, "#featured_rank-error").is_empty());
    assert_eq!(attr(&page, "#headline", "aria-invalid"), "true");
    assert!(text_of(&page, "textarea#body").contains("The harbour **reopened** on Monday."), "the body is kept");

    let id = write(&editor, &STORY).await;
    let taken = editor.submit("/desk/new", "/desk/new", &STORY).await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY, "the headline's address is taken");
    let page = scraper::Html::parse_document(&taken.text().await.unwrap());
    assert!(!text_of(&page, "#slug-error").is_empty());

    for (at, problem) in [("2001-01-01T09:00", "still to come"), ("next tuesday", "date and time")] {
        let refused = act(&editor, id, "schedule", at).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{at}");
        let page = scraper::Html::parse_document(&refused.text().await.unwrap());
        assert!(text_of(&page, "p.error[role=alert]").contains(problem), "{at}");
    }

    // Raw HTML in a body is sanitised for staff too.
    let mut hostile = STORY.to_vec();
    hostile[0] = ("headline", "A hostile body");
    hostile[4] = ("body", "Fine <script>alert(1)</script><img src=x onerror=alert(2)> words");
    let id = write(&editor, &hostile).await;
    let preview = editor.get(&format!("/desk/stories/{id}/preview")).await.text().await.unwrap();
    let page = scraper::Html::parse_document(&preview);
    assert!(select(&page, ".story-body script, .story-body [onerror]").is_empty(), "nothing runs");
    assert!(text_of(&page, ".story-body").contains("Fine"), "the words stay");
    app.stop().await;
}

/// Every public address a story could show through, tried with a story
/// readers may not see: none names it, none answers with it.
async fn no_public_route_reveals(app: &TestApp, reader: &Browser, slug: &str, headline: &str) {
    let anonymous = Browser::new(app);
    let paths = [
        "/".to_owned(),
        format!("/articles/{slug}"),
        format!("/articles/{slug}/live"),
        format!("/articles/{slug}/guest-comment"),
        format!("/api/v1/articles/{slug}/comments"),
        "/sections/world".to_owned(),
        "/authors/samira-okafor".to_owned(),
        "/authors/samira-okafor/feed.xml".to_owned(),
        "/sections/world/feed.xml".to_owned(),
        "/sections/world/atom.xml".to_owned(),
        "/tags/embargoed-tag".to_owned(),
        "/tags/embargoed-tag/feed.xml".to_owned(),
        "/tags/embargoed-tag/atom.xml".to_owned(),
        "/feed.xml".to_owned(),
        "/atom.xml".to_owned(),
        "/sitemap.xml".to_owned(),
        "/news-sitemap.xml".to_owned(),
    ];
    for who in [&anonymous, reader] {
        for path in &paths {
            let response = who.get(path).await;
            let status = response.status();
            let text = response.text().await.unwrap();
            assert!(!text.contains(headline), "{path} shows the headline");
            if path.contains(slug) {
                assert_eq!(status, 404, "{path}");
            } else {
                assert!(!text.contains(slug), "{path} names the story");
            }
        }
        let signed_out = std::ptr::eq(who, &anonymous);
        let csrf = who.csrf(if signed_out { "/signin" } else { "/account" }).await;
        let posted = who.post(&format!("/articles/{slug}/comments"), &[("body", "Early!"), ("csrf", &csrf)]).await;
        if signed_out {
            assert_eq!(crate::support::location(&posted), "/signin", "signed out: sent to sign in");
        } else {
            assert_eq!(posted.status(), 404, "no comment on a story nobody may see");
        }
        for path in ["/tags/embargoed-tag", "/authors/samira-okafor", "/sections/world"] {
            assert_eq!(who.get(path).await.status(), 404, "{path}: nothing out there yet");
        }
    }
}

async fn an_embargoed_or_unpublished_story_shows_nowhere(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let editor = app.staff("embargo_editor", Role::Editor).await;
    let reader = app.commenter("curious_reader").await;
    let mut fields = STORY.to_vec();
    fields[0] = ("headline", "Secret budget leaks before noon");
    fields.push(("tags", "Embargoed tag"));
    fields.push(("slug", "secret-budget"));
    let id = write(&editor, &fields).await;
    assert_eq!(act(&editor, id, "schedule", "2999-01-01T09:00").await.status(), StatusCode::SEE_OTHER);
    no_public_route_reveals(&app, &reader, "secret-budget", "Secret budget leaks before noon").await;

    assert_eq!(act(&editor, id, "publish", "").await.status(), StatusCode::SEE_OTHER);
    let (_, home) = Browser::new(&app).page("/").await;
    assert!(home.html().contains("Secret budget leaks before noon"), "published, it is on the home page");
    let feed = Browser::new(&app).get("/sections/world/feed.xml").await.text().await.unwrap();
    assert!(feed.contains("secret-budget"), "and in its section's feed");

    let comment = reader.post_comment("secret-budget", "Published at last.").await;
    assert_eq!(Browser::new(&app).get(&format!("/comments/{comment}")).await.status(), 303);

    assert_eq!(act(&editor, id, "unpublish", "").await.status(), StatusCode::SEE_OTHER);
    no_public_route_reveals(&app, &reader, "secret-budget", "Secret budget leaks before noon").await;
    // Its comments' addresses lead nowhere, and do not name it.
    for path in [format!("/comments/{comment}"), format!("/api/v1/comments/{comment}")] {
        let answer = Browser::new(&app).get(&path).await;
        assert_eq!(answer.status(), 404, "{path}");
        assert!(!answer.text().await.unwrap().contains("secret-budget"), "{path}");
    }
    app.stop().await;
}

async fn an_editor_appends_corrections_that_readers_see_with_their_time(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let editor = app.staff("note_editor", Role::Editor).await;
    let writer = app.staff("note_writer", Role::Writer).await;
    let mut fields = STORY.to_vec();
    fields.push(("slug", "harbour-notes"));
    let id = write(&editor, &fields).await;
    let path = format!("/desk/stories/{id}");
    let notes = format!("{path}/notes");

    // Not before it is out.
    let version = version(&editor, id).await;
    let early = editor.submit(&path, &notes, &[("version", &version), ("kind", "update"), ("note", "Too soon.")]).await;
    assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(act(&editor, id, "publish", "").await.status(), StatusCode::SEE_OTHER);
    let (_, before) = Browser::new(&app).page("/articles/harbour-notes").await;
    let modified_before = attr(&before, "meta[property='article:modified_time']", "content");
    assert!(select(&before, ".story-notes").is_empty());

    let version = self::version(&editor, id).await;
    let empty = editor.submit(&path, &notes, &[("version", &version), ("kind", "correction"), ("note", "  ")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        writer.post(&notes, &[("version", &version), ("kind", "correction"), ("note", "Mine")]).await.status(),
        403
    );

    let text = "An earlier version gave the harbour's reopening as Tuesday; it was Monday.";
    let fields = [("version", version.as_str()), ("kind", "correction"), ("note", text)];
    let appended = editor.submit(&path, &notes, &fields).await;
    assert_eq!((appended.status(), location(&appended)), (StatusCode::SEE_OTHER, format!("{path}?done=noted")));
    let (_, after) = Browser::new(&app).page("/articles/harbour-notes").await;
    assert_eq!(text_of(&after, ".story-notes .story-note strong"), "Correction");
    assert!(text_of(&after, ".story-notes .story-note").contains(text));
    let modified_after = attr(&after, "meta[property='article:modified_time']", "content");
    let slug = byline_core::Slug::parse("harbour-notes").unwrap();
    let stored = app.running.store.visible_article(&slug, byline_core::Timestamp::now()).await.unwrap().unwrap();
    assert_eq!(stored.summary.updated_at, stored.notes[0].at, "the story's time of change is the note's");
    assert_eq!(modified_after, stored.notes[0].at.rfc3339());
    assert!(modified_after >= modified_before);
    let ld: String = select(&after, "script[type='application/ld+json']").iter().flat_map(|e| e.text()).collect();
    assert!(ld.contains(&format!("\"dateModified\":\"{modified_after}\"")), "{ld}");

    // A stale version is refused; the typed note comes back.
    let stale = editor.submit(&path, &notes, &[("version", &version), ("kind", "update"), ("note", "Again")]).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let page = scraper::Html::parse_document(&stale.text().await.unwrap());
    assert_eq!(text_of(&page, "textarea#note-text"), "Again");
    app.stop().await;
}

byline_store::test_on_both_backends!(
    an_editor_appends_corrections_that_readers_see_with_their_time,
    an_embargoed_or_unpublished_story_shows_nowhere,
    a_writers_story_reaches_readers_only_when_an_editor_publishes_it,
    two_editors_on_one_story_meet_both_texts,
    mistakes_come_back_on_the_form_with_the_text_kept,
);
