//! Author pages: every byline links to a page of the stories it is on,
//! with its feeds, and names its people in the structured data.

use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::support::{BASE, Browser, TestApp, select, text_of};

async fn each_person_in_a_byline_has_a_page_of_their_stories(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let editor = app.staff("byline_editor", Role::Editor).await;
    let fields = [
        ("headline", "Two reporters on the river talks"),
        ("standfirst", "Written together."),
        ("author", "Samira Okafor and Farid Osei"),
        ("section", "World"),
        ("body", "Both were there."),
        ("slug", "two-reporters"),
    ];
    let created = editor.submit("/desk/new", "/desk/new", &fields).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let id =
        crate::support::location(&created).trim_start_matches("/desk/stories/").split('?').next().unwrap().to_owned();
    let path = format!("/desk/stories/{id}");
    let (_, page) = editor.page(&path).await;
    let version = crate::support::attr(&page, "form.story-form input[name=version]", "value");
    let published =
        editor.submit(&path, &format!("{path}/move"), &[("version", &version), ("action", "publish")]).await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);

    let reader = Browser::new(&app);
    let (_, story) = reader.page("/articles/two-reporters").await;
    let links: Vec<(String, String)> = select(&story, ".byline a[rel=author]")
        .iter()
        .map(|a| (a.text().collect(), a.value().attr("href").unwrap().to_owned()))
        .collect();
    assert_eq!(
        links,
        [
            ("Samira Okafor".to_owned(), "/authors/samira-okafor".to_owned()),
            ("Farid Osei".to_owned(), "/authors/farid-osei".to_owned())
        ]
    );
    let ld: String = select(&story, "script[type='application/ld+json']").iter().flat_map(|e| e.text()).collect();
    let base = BASE.trim_end_matches('/');
    assert!(ld.contains(&format!("\"url\":\"{base}/authors/farid-osei\"")), "{ld}");

    for author in ["samira-okafor", "farid-osei"] {
        let (status, page) = reader.page(&format!("/authors/{author}")).await;
        assert_eq!(status, 200, "{author}");
        assert!(text_of(&page, "main").contains("Two reporters on the river talks"), "{author}");
        let feed = reader.get(&format!("/authors/{author}/feed.xml")).await.text().await.unwrap();
        assert!(feed.contains("/articles/two-reporters"), "{author}'s feed");
        let atom = reader.get(&format!("/authors/{author}/atom.xml")).await;
        assert_eq!(atom.status(), 200);
    }
    let (_, farid) = reader.page("/authors/farid-osei").await;
    assert_eq!(text_of(&farid, "h1"), "Farid Osei");
    assert_eq!(reader.get("/authors/nobody-at-all").await.status(), 404);

    // What the page says of them: an editor's to change, not another writer's.
    let writer = app.staff("other_writer", Role::Writer).await;
    assert_eq!(writer.get("/desk/authors/farid-osei").await.status(), 403);
    let too_long = "x".repeat(121);
    let refused = editor
        .submit("/desk/authors/farid-osei", "/desk/authors/farid-osei", &[("title", &too_long), ("bio", "Kept.")])
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = scraper::Html::parse_document(&refused.text().await.unwrap());
    assert_eq!(text_of(&page, "textarea#bio"), "Kept.");
    let fields = [("title", "Diplomatic correspondent"), ("bio", "Covers the river talks.\n\nBased in Kessa.")];
    let saved = editor.submit("/desk/authors/farid-osei", "/desk/authors/farid-osei", &fields).await;
    assert_eq!(
        (saved.status(), crate::support::location(&saved)),
        (StatusCode::SEE_OTHER, "/authors/farid-osei".into())
    );
    let (_, farid) = reader.page("/authors/farid-osei").await;
    assert_eq!(text_of(&farid, ".author-title"), "Diplomatic correspondent");
    assert_eq!(select(&farid, ".author-about p[dir]").len(), 3, "the job and two paragraphs");
    assert!(select(&farid, ".author-about a").is_empty(), "readers get no edit link");
    let (_, as_editor) = editor.page("/authors/farid-osei").await;
    assert_eq!(text_of(&as_editor, ".author-about a"), "Edit this page");
    assert_eq!(reader.get("/authors/nobody-at-all/feed.xml").await.status(), 404);

    // A portrait: a photograph of the library, by its number.
    let portrait = [("alt", "Farid Osei, smiling"), ("caption", ""), ("credit", "")];
    let uploaded = editor
        .upload("/desk/media", "/desk/media", &portrait, Some(("photo", crate::support::images::jpeg(600, 800))))
        .await;
    let number =
        crate::support::location(&uploaded).trim_start_matches("/desk/media/").split('?').next().unwrap().to_owned();
    let path = "/desk/authors/farid-osei";
    let refused = editor.submit(path, path, &[fields[0], fields[1], ("photo", "99999")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = scraper::Html::parse_document(&refused.text().await.unwrap());
    assert!(text_of(&page, "#photo-error").contains("media library"));
    assert_eq!(crate::support::attr(&page, "#photo", "value"), "99999", "kept as typed");
    let saved = editor.submit(path, path, &[fields[0], fields[1], ("photo", &number)]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, farid) = reader.page("/authors/farid-osei").await;
    let img = select(&farid, ".author-photo img");
    let img = img.first().expect("the portrait is shown").value();
    assert_eq!(
        (img.attr("alt"), img.attr("width"), img.attr("height")),
        (Some("Farid Osei, smiling"), Some("600"), Some("800"))
    );
    app.stop().await;
}

byline_store::test_on_both_backends!(each_person_in_a_byline_has_a_page_of_their_stories);
