//! Photographs over HTTP: an upload to the media library keeps no camera
//! metadata in any file stored or served; files are served for good at
//! their content's address; bad files, missing alt text and uploads past
//! the limit are refused with the form kept and nothing stored; a story's
//! lead photograph reaches its page (with `srcset`, sizes and no layout
//! shift), its share cards, its JSON-LD and the feeds.

use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;
use scraper::Html;

use crate::support::images::{PLANTED, holds, jpeg, jpeg_with_location, png, png_bomb};
use crate::support::{BASE, Browser, TestApp, attr, header, location, select, text_of};

const WORDS: [(&str, &str); 3] = [
    ("alt", "Fishing boats in the harbour at dusk"),
    ("caption", "Boats leave Ostrel harbour."),
    ("credit", "Staff photographer"),
];

/// Uploads `bytes` to the library with `words`; answers the response.
async fn upload(browser: &Browser, words: &[(&str, &str)], bytes: Vec<u8>) -> reqwest::Response {
    browser.upload("/desk/media", "/desk/media", words, Some(("photo", bytes))).await
}

/// Every file in the media folder, with its bytes.
fn stored_files(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![app.media.path().to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push((path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files
}

fn photo_id(response: &reqwest::Response) -> i64 {
    let to = location(response);
    to.trim_start_matches("/desk/media/").split('?').next().unwrap().parse().unwrap()
}

async fn an_upload_keeps_no_location_in_any_file_stored_or_served(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let writer = app.staff("wendy_writer", Role::Writer).await;
    let original = jpeg_with_location(1400, 900);
    assert!(holds(&original, PLANTED), "the upload carries the position");
    assert!(byline_media::metadata_blocks(&original).contains(&"GPS"));

    let uploaded = upload(&writer, &WORDS, original.clone()).await;
    assert_eq!(uploaded.status(), StatusCode::SEE_OTHER);
    assert!(location(&uploaded).ends_with("?done=uploaded"));
    let id = photo_id(&uploaded);

    // Every width in WebP and JPEG, up to the photograph's own.
    let (status, page) = writer.page(&format!("/desk/media/{id}")).await;
    assert_eq!(status, 200);
    let links: Vec<String> =
        select(&page, "ul.media-files a").iter().map(|a| a.value().attr("href").unwrap().to_owned()).collect();
    let kinds: Vec<String> = select(&page, "ul.media-files a").iter().map(|a| a.text().collect::<String>()).collect();
    for width in ["320", "640", "960", "1280", "1400"] {
        assert!(kinds.iter().any(|k| k.starts_with(&format!("{width} ×")) && k.ends_with("webp")), "{kinds:?}");
        assert!(kinds.iter().any(|k| k.starts_with(&format!("{width} ×")) && k.ends_with("jpeg")), "{kinds:?}");
    }
    assert_eq!(attr(&page, "#alt", "value"), "Fishing boats in the harbour at dusk");

    for link in &links {
        let served = writer.get(link).await;
        assert_eq!(served.status(), 200, "{link}");
        assert_eq!(header(&served, "cache-control"), "public, max-age=31536000, immutable");
        let kind = header(&served, "content-type");
        let etag = header(&served, "etag");
        let bytes = served.bytes().await.unwrap();
        assert!(byline_media::metadata_blocks(&bytes).is_empty(), "{link} carries metadata");
        assert!(!holds(&bytes, PLANTED) && !holds(&bytes, "Exif"), "{link} carries the position");
        let expected = if link.ends_with(".webp") { "image/webp" } else { "image/jpeg" };
        assert_eq!(kind, expected);
        // Named by their content: a reader who has one never asks again.
        let again =
            writer.client.get(format!("{}{link}", writer.base)).header("if-none-match", etag).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
    let stored = stored_files(&app);
    assert_eq!(stored.len(), links.len(), "only the files made are kept, never the upload");
    for (name, bytes) in &stored {
        assert!(byline_media::metadata_blocks(bytes).is_empty(), "{name} carries metadata");
        assert!(!holds(bytes, PLANTED), "{name} carries the position");
        assert_ne!(bytes, &original);
    }

    // The same file again is the same photograph.
    let again = upload(&writer, &[("alt", "Another description")], original).await;
    assert_eq!(location(&again), format!("/desk/media/{id}?done=existing"));
    assert_eq!(stored_files(&app).len(), links.len());

    // Names that are not ours reach nothing.
    let hash = &links[0]["/media/".len().."/media/".len() + 64];
    for bad in [
        "/media/../byline.db".to_owned(),
        "/media/abc.jpg".to_owned(),
        "/media/%2e%2e%2fbyline.db".to_owned(),
        format!("{}x", links[0]),
        format!("/media/..%2f..%2f{hash}.jpg"),
        format!("/media/{}.jpg", hash.to_uppercase()),
    ] {
        assert_eq!(Browser::new(&app).get(&bad).await.status(), 404, "{bad}");
    }
    app.stop().await;
}

async fn bad_files_are_refused_with_the_form_kept_and_nothing_stored(db: &TestDatabase) {
    let app = TestApp::with_config(db, BASE, |config| config.media.max_upload_mb = 1).await;
    let writer = app.staff("wendy_writer", Role::Writer).await;
    let good = jpeg(800, 600);
    let mut cut = good.clone();
    cut.truncate(good.len() / 2);
    let cases: [(&str, Vec<u8>); 5] = [
        ("a web page named photo.jpg", b"<!doctype html><script>alert(1)</script>".to_vec()),
        ("a JPEG cut short", cut),
        ("a tiny PNG claiming 100,000 x 100,000 pixels", png_bomb(100_000, 100_000)),
        ("an SVG", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec()),
        ("a GIF", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec()),
    ];
    for (what, bytes) in cases {
        let refused = upload(&writer, &WORDS, bytes).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        let page = Html::parse_document(&refused.text().await.unwrap());
        assert!(!text_of(&page, "#photo-error").is_empty(), "{what}: the mistake is shown at the file");
        assert_eq!(attr(&page, "#alt", "value"), WORDS[0].1, "{what}: the words are kept");
        assert_eq!(attr(&page, "#caption", "value"), WORDS[1].1, "{what}");
    }
    // Alt text is required, whatever the file.
    let refused = upload(&writer, &[("alt", "   "), ("caption", "Kept")], good.clone()).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&refused.text().await.unwrap());
    assert!(text_of(&page, "#alt-error").contains("required"));
    assert_eq!(attr(&page, "#caption", "value"), "Kept");
    // No file at all.
    let refused = writer.upload("/desk/media", "/desk/media", &WORDS, None).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Past the limit (1 MB here): refused at once, before the body is
    // sent, with the limit named.
    let (status, answer) = writer.post_head_only("/desk/media", "multipart/form-data; boundary=x", 8 << 20).await;
    assert_eq!(status, 413);
    assert!(answer.contains("up to 1 MB"), "{answer}");
    // Within the body's slack but past the photograph's limit: the form
    // comes back with the limit named.
    let refused = upload(&writer, &WORDS, vec![0xFF_u8; 1024 * 1024 + 10]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&refused.text().await.unwrap());
    assert!(text_of(&page, "#photo-error").contains("MB"), "{}", text_of(&page, "#photo-error"));

    assert!(stored_files(&app).is_empty(), "nothing of a refused upload is kept");
    let (_, library) = writer.page("/desk/media").await;
    assert!(select(&library, "ul.media-grid li").is_empty());
    // A good one still goes in, and readers cannot reach the library.
    assert_eq!(upload(&writer, &WORDS, good).await.status(), StatusCode::SEE_OTHER);
    let reader = app.commenter("rita_reader").await;
    assert_eq!(reader.get("/desk/media").await.status(), 403);
    let sneaky = reader.upload("/account", "/desk/media", &WORDS, Some(("photo", png(10, 10)))).await;
    assert_eq!(sneaky.status(), 403);
    // Only the forms that take a photograph take a body that large: a
    // multipart body elsewhere keeps the ordinary limit (1 MB).
    let multipart = "multipart/form-data; boundary=x";
    let (status, _) = writer.post_head_only("/account/profile", multipart, 1024 * 1024 + 10).await;
    assert_eq!(status, 413);
    let (status, _) = writer.post_head_only("/desk/media", multipart, 1024 * 1024 + 10).await;
    assert_ne!(status, 413, "within the upload limit where photographs are taken");
    app.stop().await;
}

async fn a_lead_photograph_reaches_the_page_its_cards_and_the_feeds(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let writer = app.staff("wendy_writer", Role::Writer).await;
    let editor = app.staff("eddie_editor", Role::Editor).await;
    // The writer writes a story with a new photograph in one form.
    let fields = [
        ("headline", "Boats return to Ostrel"),
        ("standfirst", "The blockade is over."),
        ("author", "Wendy Writer"),
        ("section", "World"),
        ("body", "The boats **sailed** at dusk."),
        ("photo_alt", ""),
        ("photo_caption", "The first boats leave."),
    ];
    // Without alt text the story comes back whole, the photograph's field
    // marked.
    let refused = writer.upload("/desk/new", "/desk/new", &fields, Some(("photo", jpeg(1000, 750)))).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&refused.text().await.unwrap());
    assert!(!text_of(&page, "#photo_alt-error").is_empty());
    assert_eq!(attr(&page, "#headline", "value"), "Boats return to Ostrel");
    assert_eq!(attr(&page, "#photo_caption", "value"), "The first boats leave.");
    assert!(stored_files(&app).is_empty());

    let mut fields = fields.to_vec();
    fields[5] = ("photo_alt", "Boats leaving a harbour at dusk");
    let created = writer.upload("/desk/new", "/desk/new", &fields, Some(("photo", jpeg(1000, 750)))).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let story = location(&created).trim_start_matches("/desk/stories/").split('?').next().unwrap().to_owned();
    let (_, opened) = writer.page(&format!("/desk/stories/{story}")).await;
    let chosen = attr(&opened, "input[name=lead_image][checked]", "value");
    assert!(!chosen.is_empty(), "the new photograph is the lead");

    // A photograph sent with a story that has mistakes is not stored.
    let files_before = stored_files(&app).len();
    let mut broken = fields.clone();
    broken[0] = ("headline", "");
    let refused = writer.upload("/desk/new", "/desk/new", &broken, Some(("photo", jpeg(640, 480)))).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!text_of(&Html::parse_document(&refused.text().await.unwrap()), "#headline-error").is_empty());
    assert_eq!(stored_files(&app).len(), files_before);

    // The preview draws it as readers will see it.
    let (_, preview) = writer.page(&format!("/desk/stories/{story}/preview")).await;
    assert_eq!(attr(&preview, "figure.lead-image img", "alt"), "Boats leaving a harbour at dusk");

    // A save from a plain form keeps it; the editor publishes.
    let version = attr(&opened, "form.story-form input[name=version]", "value");
    let path = format!("/desk/stories/{story}");
    let mut plain: Vec<(&str, &str)> = fields[..5].to_vec();
    plain.extend([("version", version.as_str()), ("lead_image", chosen.as_str()), ("kicker", "Ostrel")]);
    assert_eq!(writer.submit(&path, &path, &plain).await.status(), StatusCode::SEE_OTHER);
    let (_, opened) = writer.page(&path).await;
    assert_eq!(attr(&opened, "input[name=lead_image][checked]", "value"), chosen);
    let version = attr(&opened, "form.story-form input[name=version]", "value");
    let moved = editor.submit(&path, &format!("{path}/move"), &[("version", &version), ("action", "publish")]).await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);

    let reader = Browser::new(&app);
    let (status, page) = reader.page("/articles/boats-return-to-ostrel").await;
    assert_eq!(status, 200);
    let img = select(&page, "figure.lead-image img");
    let img = img.first().unwrap().value();
    assert_eq!(img.attr("alt"), Some("Boats leaving a harbour at dusk"));
    assert_eq!((img.attr("width"), img.attr("height")), (Some("1000"), Some("750")), "no layout shift");
    assert!(img.attr("srcset").unwrap().contains(" 640w"), "{:?}", img.attr("srcset"));
    assert!(img.attr("sizes").is_some());
    let webp = attr(&page, "figure.lead-image source[type='image/webp']", "srcset");
    assert!(webp.contains(".webp 320w") && webp.contains(".webp 1000w"), "{webp}");
    assert_eq!(text_of(&page, "figure.lead-image figcaption"), "The first boats leave.");
    let og = attr(&page, "meta[property='og:image']", "content");
    assert!(og.starts_with(&format!("{BASE}media/")) && og.ends_with(".jpg"), "{og}");
    assert_eq!(attr(&page, "meta[name='twitter:card']", "content"), "summary_large_image");
    let ld: serde_json::Value = serde_json::from_str(&text_of(&page, "script[type='application/ld+json']")).unwrap();
    assert_eq!(ld["image"][0], og.as_str());
    assert_eq!(reader.get(&og[BASE.len() - 1..]).await.status(), 200);

    let rss = reader.get("/feed.xml").await.text().await.unwrap();
    let channel = rss::Channel::read_from(rss.as_bytes()).unwrap();
    let item = channel.items().iter().find(|i| i.title() == Some("Boats return to Ostrel")).unwrap();
    let enclosure = item.enclosure().unwrap();
    assert_eq!((enclosure.url(), enclosure.mime_type()), (og.as_str(), "image/jpeg"));
    let atom = reader.get("/atom.xml").await.text().await.unwrap();
    let feed = atom_syndication::Feed::read_from(atom.as_bytes()).unwrap();
    let entry = feed.entries().iter().find(|e| e.title().as_str() == "Boats return to Ostrel").unwrap();
    assert!(entry.links().iter().any(|l| l.rel() == "enclosure" && l.href() == og));

    // The words under a photograph readers see are an editor's to change.
    let photo = format!("/desk/media/{chosen}");
    let (_, page) = writer.page(&photo).await;
    assert!(select(&page, "form.story-form").is_empty(), "the writer sees the words, not a form");
    let words = [("alt", "Changed by a writer"), ("caption", ""), ("credit", "")];
    let csrf = writer.csrf("/desk/media").await;
    let changed = writer.post(&photo, &[words[0], words[1], words[2], ("csrf", &csrf)]).await;
    assert_eq!(changed.status(), 403);
    let changed =
        editor.submit(&photo, &photo, &[("alt", "Boats leave Ostrel at dusk"), ("caption", ""), ("credit", "")]);
    assert_eq!(changed.await.status(), StatusCode::SEE_OTHER);
    let (_, page) = reader.page("/articles/boats-return-to-ostrel").await;
    assert_eq!(attr(&page, "figure.lead-image img", "alt"), "Boats leave Ostrel at dusk", "the page follows at once");

    // The same photograph again in the editor: it leads, keeping its words,
    // and the editor says so.
    let (_, opened) = editor.page(&path).await;
    let version = attr(&opened, "form.story-form input[name=version]", "value");
    let mut again: Vec<(&str, &str)> = fields.clone();
    again[5] = ("photo_alt", "Other words");
    again.push(("version", version.as_str()));
    let saved = editor.upload(&path, &path, &again, Some(("photo", jpeg(1000, 750)))).await;
    assert!(location(&saved).ends_with(&format!("&photo={chosen}")), "{}", location(&saved));
    let (_, opened) = editor.page(&location(&saved)).await;
    assert!(text_of(&opened, ".notice").contains(&format!("already (No. {chosen})")));

    // Withdrawn only once nothing shows it, and then its files are gone.
    let withdraw = format!("{photo}/withdraw");
    let csrf = writer.csrf("/desk/media").await;
    assert_eq!(writer.post(&withdraw, &[("csrf", &csrf)]).await.status(), 403, "an editor's decision");
    let refused = editor.submit(&photo, &withdraw, &[]).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let page = Html::parse_document(&refused.text().await.unwrap());
    assert!(text_of(&page, ".error").contains("“Boats return to Ostrel”"), "{}", text_of(&page, ".error"));
    assert_eq!(reader.get(&og[BASE.len() - 1..]).await.status(), 200);

    // A number that is not in the library is refused at its field, and
    // stays there.
    let (_, opened) = editor.page(&path).await;
    let version = attr(&opened, "form.story-form input[name=version]", "value");
    let mut again: Vec<(&str, &str)> = fields[..5].to_vec();
    again.extend([("version", version.as_str()), ("lead_image_number", "999999")]);
    let refused = editor.submit(&path, &path, &again).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&refused.text().await.unwrap());
    assert!(text_of(&page, "#lead_image-error").contains("not a photograph in the media library"));
    assert_eq!(attr(&page, "#lead_image_number", "value"), "999999");

    // With another lead chosen (none), it can go.
    let (_, opened) = editor.page(&path).await;
    let version = attr(&opened, "form.story-form input[name=version]", "value");
    let mut none: Vec<(&str, &str)> = fields[..5].to_vec();
    none.extend([("version", version.as_str()), ("lead_image", "")]);
    assert_eq!(editor.submit(&path, &path, &none).await.status(), StatusCode::SEE_OTHER);
    let files_before = stored_files(&app).len();
    let withdrawn = editor.submit(&photo, &withdraw, &[]).await;
    assert_eq!(location(&withdrawn), "/desk/media?done=withdrawn");
    assert!(stored_files(&app).len() < files_before, "its files are removed");
    assert_eq!(reader.get(&og[BASE.len() - 1..]).await.status(), 404);
    assert_eq!(editor.get(&photo).await.status(), 404);
    app.stop().await;
}

byline_store::test_on_both_backends!(
    an_upload_keeps_no_location_in_any_file_stored_or_served,
    bad_files_are_refused_with_the_form_kept_and_nothing_stored,
    a_lead_photograph_reaches_the_page_its_cards_and_the_feeds,
);
