//! The media library on both backends: a photograph and its files, the
//! same upload stored once, the library's search and pages, and a story's
//! lead photograph kept with each revision.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::article_file::parse_article_file;
use byline_core::media::MediaText;
use byline_core::{ArticleInput, Slug, Timestamp};
use byline_store::testing::TestDatabase;
use byline_store::{AddedMedia, Base, Editor, MediaFile, NewMedia, Saved, Store, Withdrawn};

const NOON: Timestamp = Timestamp::from_millis(1_795_780_800_000);
const DESK: Editor<'static> = Editor { id: None, name: "Desk" };

fn text(alt: &str, caption: &str) -> MediaText {
    MediaText { alt: alt.into(), caption: caption.into(), credit: "Staff".into() }
}

fn files(hash: &str) -> Vec<MediaFile> {
    [(320, "webp"), (320, "jpeg"), (640, "webp"), (640, "jpeg")]
        .into_iter()
        .map(|(width, format)| MediaFile {
            format: format.into(),
            width,
            height: width * 2 / 3,
            name: format!("{hash}{width}.{format}"),
            bytes: u64::from(width) * 10,
        })
        .collect()
}

async fn add(store: &Store, hash: &str, text: &MediaText) -> AddedMedia {
    let files = files(hash);
    let new = NewMedia {
        source_hash: hash,
        format: "jpeg",
        width: 640,
        height: 427,
        text,
        uploader: Editor { id: None, name: "Amina" },
        files: &files,
    };
    store.add_media(&new, NOON).await.unwrap()
}

fn story(slug: &str) -> ArticleInput {
    let text = format!(
        "+++\nslug = \"{slug}\"\nheadline = \"Headline of {slug}\"\nstandfirst = \"Standfirst.\"\n\
         author = \"Reporter\"\nsection = \"World\"\nstatus = \"published\"\n+++\nBody.\n"
    );
    parse_article_file(&text).unwrap()
}

async fn a_photograph_is_kept_with_its_files_and_stored_once(db: &TestDatabase) {
    let store = db.store().await;
    let words = text("Fishing boats in the harbour at dusk", "Boats wait out the blockade.");
    let AddedMedia::Added(id) = add(&store, "aaaa", &words).await else { panic!("a new upload is added") };
    // The same file again is the same photograph, with its first words.
    assert_eq!(add(&store, "aaaa", &text("Other words", "")).await, AddedMedia::Existing(id));

    let item = store.media(id).await.unwrap().unwrap();
    assert_eq!(
        (item.alt.as_str(), item.caption.as_str(), item.credit.as_str()),
        ("Fishing boats in the harbour at dusk", "Boats wait out the blockade.", "Staff")
    );
    assert_eq!((item.width, item.height, item.format.as_str()), (640, 427, "jpeg"));
    assert_eq!(item.uploaded_by_name, "Amina");
    assert_eq!(item.created_at, NOON);
    let mut expected = files("aaaa");
    expected.sort_by(|a, b| (a.width, &a.format).cmp(&(b.width, &b.format)));
    assert_eq!(item.files, expected, "every file, narrowest first");
    assert!(store.media(id + 1000).await.unwrap().is_none());

    assert!(store.set_media_text(id, &text("Boats at dusk", "")).await.unwrap());
    assert_eq!(store.media(id).await.unwrap().unwrap().alt, "Boats at dusk");
    assert!(!store.set_media_text(id + 1000, &words).await.unwrap());
}

async fn the_library_is_newest_first_searchable_and_paged(db: &TestDatabase) {
    let store = db.store().await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(add(&store, &format!("h{n}"), &text(&format!("Photograph {n} of the Harbour"), "")).await.id());
    }
    let urdu = add(&store, "urdu", &text("بندرگاہ پر کشتیاں", "کراچی")).await.id();
    let (page, next) = store.media_library(None, None, 4).await.unwrap();
    assert_eq!(page.iter().map(|m| m.id).collect::<Vec<_>>(), [urdu, ids[4], ids[3], ids[2]]);
    assert!(page.iter().all(|m| m.files.len() == 4), "each with its files");
    let (rest, after) = store.media_library(None, next, 4).await.unwrap();
    assert_eq!(rest.iter().map(|m| m.id).collect::<Vec<_>>(), [ids[1], ids[0]]);
    assert_eq!(after, None);

    let (found, _) = store.media_library(Some("HARBOUR"), None, 10).await.unwrap();
    assert_eq!(found.len(), 5, "search ignores case");
    let (found, _) = store.media_library(Some("کشتیاں"), None, 10).await.unwrap();
    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [urdu]);
    let (found, _) = store.media_library(Some("%"), None, 10).await.unwrap();
    assert!(found.is_empty(), "LIKE's own characters are taken literally");
}

async fn a_story_keeps_its_lead_photograph_in_each_revision(db: &TestDatabase) {
    let store = db.store().await;
    let photo = add(&store, "lead", &text("A dam at dawn", "")).await.id();
    let mut input = story("dam-at-dawn");
    input.lead_image = Some(photo);
    let Saved::Saved { id, version } = store.save_story(Base::New, &input, DESK, "", NOON).await.unwrap() else {
        panic!("saved")
    };
    let slug = Slug::parse("dam-at-dawn").unwrap();
    let article = store.visible_article(&slug, NOON).await.unwrap().unwrap();
    assert_eq!(article.lead_image.as_ref().map(|m| m.alt.as_str()), Some("A dam at dawn"));
    assert_eq!(store.lead_images(&[id, id + 99]).await.unwrap().get(&id).map(|m| m.id), Some(photo));

    input.lead_image = None;
    let saved = store.save_story(Base::Version { id, version }, &input, DESK, "", NOON).await.unwrap();
    assert_eq!(saved, Saved::Saved { id, version: 2 });
    assert!(store.visible_article(&slug, NOON).await.unwrap().unwrap().lead_image.is_none());
    assert!(store.lead_images(&[id]).await.unwrap().is_empty());
    assert_eq!(store.revision(id, 1).await.unwrap().unwrap().fields.lead_image, Some(photo));
    assert_eq!(store.story(id).await.unwrap().unwrap().fields.lead_image, None);

    // New words for the photograph change the page (its cached copy is
    // stale), not the story an editor may have open.
    input.lead_image = Some(photo);
    let Saved::Saved { version, .. } =
        store.save_story(Base::Version { id, version: 2 }, &input, DESK, "", NOON).await.unwrap()
    else {
        panic!("saved")
    };
    let page = store.article_version(&slug, NOON).await.unwrap();
    assert!(store.set_media_text(photo, &text("A dam at dawn, from the east bank", "")).await.unwrap());
    assert!(store.article_version(&slug, NOON).await.unwrap() > page);
    assert_eq!(store.story(id).await.unwrap().unwrap().version, version);
    assert_eq!(
        store.visible_article(&slug, NOON).await.unwrap().unwrap().lead_image.map(|m| m.alt),
        Some("A dam at dawn, from the east bank".to_owned())
    );

    // An article file's upsert sets it too.
    input.lead_image = None;
    store.upsert_article(&input, NOON).await.unwrap();
    assert_eq!(store.story(id).await.unwrap().unwrap().fields.lead_image, None);
    input.lead_image = Some(photo);
    store.upsert_article(&input, NOON).await.unwrap();
    assert_eq!(store.story(id).await.unwrap().unwrap().fields.lead_image, Some(photo));
}

/// A photograph leaves the library only once nothing shows it; its files
/// go unless another photograph (the same pixels uploaded with other
/// metadata) shares them, and old revisions lose it quietly.
async fn a_photograph_is_withdrawn_only_once_nothing_shows_it(db: &TestDatabase) {
    let store = db.store().await;
    let photo = add(&store, "withdrawn", &text("A dam at dusk", "")).await.id();
    // The same pixels with other metadata: another upload, the same files.
    let twin_files = files("withdrawn");
    let twin = NewMedia {
        source_hash: "twin",
        format: "jpeg",
        width: 640,
        height: 427,
        text: &text("The same dam", ""),
        uploader: Editor { id: None, name: "Amina" },
        files: &twin_files[..2],
    };
    let twin = store.add_media(&twin, NOON).await.unwrap().id();
    let mut input = story("dam-at-dusk");
    input.lead_image = Some(photo);
    let Saved::Saved { id, version } = store.save_story(Base::New, &input, DESK, "", NOON).await.unwrap() else {
        panic!("saved")
    };
    let Withdrawn::InUse { stories, authors } = store.withdraw_media(photo).await.unwrap() else {
        panic!("a story leads with it")
    };
    assert_eq!((stories, authors), (vec![(id, "Headline of dam-at-dusk".to_owned())], vec![]));
    assert!(store.media(photo).await.unwrap().is_some(), "nothing was taken away");

    input.lead_image = None;
    store.save_story(Base::Version { id, version }, &input, DESK, "", NOON).await.unwrap();
    let Withdrawn::Withdrawn { mut unused_files } = store.withdraw_media(photo).await.unwrap() else {
        panic!("withdrawn")
    };
    unused_files.sort();
    let mut expected: Vec<String> = files("withdrawn")[2..].iter().map(|f| f.name.clone()).collect();
    expected.sort();
    assert_eq!(unused_files, expected, "the files the twin shares stay");
    assert!(store.media(photo).await.unwrap().is_none());
    assert_eq!(store.media(twin).await.unwrap().unwrap().files.len(), 2);
    assert_eq!(store.revision(id, 1).await.unwrap().unwrap().fields.lead_image, None, "revision 1 lost it");
    assert_eq!(store.withdraw_media(photo).await.unwrap(), Withdrawn::Gone);
}

byline_store::test_on_both_backends!(
    a_photograph_is_withdrawn_only_once_nothing_shows_it,
    a_photograph_is_kept_with_its_files_and_stored_once,
    the_library_is_newest_first_searchable_and_paged,
    a_story_keeps_its_lead_photograph_in_each_revision,
);
