//! The `byline` command as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use byline_store::testing::TestDatabase;

fn byline(db: &TestDatabase, args: &[&str]) -> Output {
    byline_with(&db.url, args, &[])
}

/// `byline` on the database at `url`, with more settings in `env`.
fn byline_with(url: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    // Photographs (the demo's, an article file's) go to a folder of the
    // command's own.
    let media = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_byline"))
        .arg("--database-url")
        .arg(url)
        .args(args)
        .env("BYLINE_LOG__FILTER", "warn")
        .env("BYLINE_MEDIA__DIR", media.path())
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The command's own error, from `error:` to the end: on a busy machine the
/// log may warn of a slow statement before it.
fn error_message(output: &Output) -> String {
    let text = stderr(output);
    text.find("error: ").map_or(text.clone(), |at| text[at..].to_owned())
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write_file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::File::create(&path).unwrap().write_all(text.as_bytes()).unwrap();
    path.to_string_lossy().into_owned()
}

const GOOD: &str = "+++\nslug = \"harbour-reopens\"\nheadline = \"The harbour reopens\"\nstandfirst = \"Boats are back.\"\n\
                    author = \"A. Reporter\"\nsection = \"World\"\nstatus = \"published\"\n+++\n\n> [!pullquote]\n> Boats are back.\n";

async fn publish_validates_every_file_before_writing_any(db: &TestDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let good = write_file(&dir, "good.md", GOOD);
    let bad =
        write_file(&dir, "bad.md", &GOOD.replace("harbour-reopens", "other").replace("\"published\"", "\"publishd\""));

    let output = byline(db, &["article", "publish", &good, &bad]);
    assert_eq!(output.status.code(), Some(1));
    let message = error_message(&output);
    assert_eq!(
        message.trim(),
        format!(
            "error: {bad}:7: field `status`: expected one of draft, submitted, scheduled, published, unpublished; found `publishd`"
        )
    );
    // Nothing was written, not even the good file.
    let store = db.store().await;
    assert!(!store.article_exists(&byline_core::Slug::parse("harbour-reopens").unwrap()).await.unwrap());

    let output = byline(db, &["article", "publish", &good]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), format!("created /articles/harbour-reopens (published) from {good}"));
    let output = byline(db, &["article", "publish", &good]);
    assert!(stdout(&output).starts_with("updated /articles/harbour-reopens"));
    let article = store
        .visible_article(&byline_core::Slug::parse("harbour-reopens").unwrap(), byline_core::Timestamp::now())
        .await
        .unwrap()
        .unwrap();
    assert!(article.body_html.as_str().contains("<aside class=\"pull-quote\">"));
    store.close().await;
}

async fn publish_reports_unreadable_files(db: &TestDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.md").to_string_lossy().into_owned();
    let output = byline(db, &["article", "publish", &missing]);
    assert_eq!(output.status.code(), Some(1));
    assert!(error_message(&output).starts_with(&format!("error: {missing}: cannot read the file")));
    let binary = dir.path().join("binary.md");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    let output = byline(db, &["article", "publish", &binary.to_string_lossy()]);
    assert!(stderr(&output).contains("not valid UTF-8"));
}

/// A story of a few paragraphs, with no slug: its file's name gives one.
fn story(headline: &str, status: &str) -> String {
    format!(
        "+++\nheadline = \"{headline}\"\nstandfirst = \"The ferry runs again.\"\nauthor = \"A. Reporter\"\n\
         section = \"World\"\nstatus = \"{status}\"\n+++\n\n\
         The ferry between Lower Kessa and the east bank ran again on Monday for the first time since the \
         spring floods tore away its landing stage. Crews worked through the autumn to rebuild the stage on \
         higher ground, and the first crossing carried forty passengers and a lorry of winter feed.\n\n\
         The ferry's owners said the timetable would follow the summer pattern until the river drops, with \
         crossings every forty minutes from six in the morning. Farmers on the east bank, who had driven two \
         hours round by the bridge at Vessenford since April, welcomed the news.\n"
    )
}

async fn an_article_file_keeps_its_address_and_is_not_published_twice(db: &TestDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let store = db.store().await;
    let count = || async { store.live_article_texts(100).await.unwrap().len() };
    // Published without a slug, its headline misspelt, then again corrected:
    // the same article, updated, at the address the file's name gives.
    let file = write_file(&dir, "ferry-runs-again.md", &story("Ferry runs agian", "published"));
    let output = byline(db, &["article", "publish", &file]);
    assert_eq!(stdout(&output).trim(), format!("created /articles/ferry-runs-again (published) from {file}"));
    write_file(&dir, "ferry-runs-again.md", &story("Ferry runs again", "published"));
    let output = byline(db, &["article", "publish", &file]);
    assert_eq!(stdout(&output).trim(), format!("updated /articles/ferry-runs-again (published) from {file}"));
    assert_eq!(count().await, 1);
    let shown = store
        .visible_article(&byline_core::Slug::parse("ferry-runs-again").unwrap(), byline_core::Timestamp::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shown.summary.headline, "Ferry runs again");

    // The same story under another name would be a second live copy:
    // refused with the reason, and nothing of the run is written.
    let other = write_file(&dir, "other.md", &GOOD.replace("harbour-reopens", "harbour-news"));
    let copy = write_file(&dir, "ferry-back.md", &story("The ferry is back", "published").replace("Monday", "Tuesday"));
    let output = byline(db, &["article", "publish", &other, &copy]);
    assert_eq!(output.status.code(), Some(1));
    let message = error_message(&output);
    assert!(message.starts_with(&format!("error: {copy}: refused: its text is")), "{message}");
    assert!(
        message.contains("the same as /articles/ferry-runs-again (\"Ferry runs again\"), which is live"),
        "{message}"
    );
    assert!(
        message.contains("set `slug = \"ferry-runs-again\"`") && message.contains("--allow-duplicate"),
        "{message}"
    );
    assert_eq!(count().await, 1, "the other file was not written either");
    // Two new copies in one run are caught the same way: short bodies
    // count as one story when their headlines agree.
    let short =
        |headline: &str| GOOD.replace("slug = \"harbour-reopens\"\n", "").replace("The harbour reopens", headline);
    let first = write_file(&dir, "storm-one.md", &short("Storm closes the harbour"));
    let second = write_file(&dir, "storm-two.md", &short("Storm closes the harbour again"));
    let output = byline(db, &["article", "publish", &first, &second]);
    assert!(error_message(&output).starts_with(&format!("error: {second}: refused")), "{}", stderr(&output));
    assert!(stderr(&output).contains("/articles/storm-one"), "{}", stderr(&output));
    // On purpose, it goes through.
    let output = byline(db, &["article", "publish", &copy, "--allow-duplicate"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(count().await, 2);
    // A draft is not live: keeping a copy as a draft is no duplicate.
    let draft = write_file(&dir, "ferry-draft.md", &story("Ferry draft", "draft"));
    assert!(byline(db, &["article", "publish", &draft]).status.success());
    // Two files with one slug in one run are refused.
    let same = write_file(&dir, "same.md", GOOD);
    let output = byline(db, &["article", "publish", &same, &same]);
    assert!(stderr(&output).contains("the slug `harbour-reopens` is also"), "{}", stderr(&output));
    store.close().await;
}

/// A story published from the command line has the cache in front drop
/// the pages that show it (its own, its section's, the front page): the
/// nodes serving the site did not see the run, so the command purges.
async fn a_story_published_from_the_command_line_is_purged_in_front(db: &TestDatabase) {
    let (sender, mut received) = tokio::sync::mpsc::unbounded_channel();
    let record = move |request: axum::extract::Request| {
        let key = request.headers().get("surrogate-key").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let _ = sender.send((request.method().to_string(), request.uri().path().to_owned(), key.to_owned()));
        async { "purged" }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let cache = format!("[\"http://{}\"]", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().fallback(record)).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(&dir, "harbour.md", GOOD);
    let url = db.url.clone();
    let output = tokio::task::spawn_blocking(move || {
        byline_with(&url, &["article", "publish", &file], &[("BYLINE_CACHE__PURGE_URLS", &cache)])
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let store = db.store().await;
    let id = store
        .visible_article(&byline_core::Slug::parse("harbour-reopens").unwrap(), byline_core::Timestamp::now())
        .await
        .unwrap()
        .unwrap()
        .summary
        .id;
    store.close().await;
    // Everything was sent before the command ended.
    let mut purged = std::collections::BTreeSet::new();
    while let Ok((method, path, key)) = received.try_recv() {
        assert_eq!((method.as_str(), key.as_str()), ("PURGE", format!("article-{id} section-world").as_str()));
        purged.insert(path);
    }
    assert_eq!(purged, ["/", "/articles/harbour-reopens", "/sections/world"].map(String::from).into());
}

async fn demo_is_idempotent(db: &TestDatabase) {
    let first = byline(db, &["demo"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(stdout(&first).trim(), "demo content: 16 articles created, 0 already present; 71 comments written");
    let second = byline(db, &["demo"]);
    assert_eq!(stdout(&second).trim(), "demo content: 0 articles created, 16 already present; 0 comments written");
}

async fn migrate_prepares_the_database(db: &TestDatabase) {
    let output = byline(db, &["migrate"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), "database is up to date");
}

async fn staff_accounts_come_from_the_command_line(db: &TestDatabase) {
    let added = byline(db, &["user", "add", "--handle", "chief", "--email", "chief@example.org", "--role", "admin"]);
    assert!(added.status.success(), "{}", stderr(&added));
    let out = stdout(&added);
    assert!(out.starts_with("created @chief (admin) <chief@example.org>"), "{out}");
    assert!(out.contains("/signin/link/"), "{out}");

    let taken = byline(db, &["user", "add", "--handle", "CHIEF", "--email", "x@example.org"]);
    assert_eq!(taken.status.code(), Some(1));
    assert!(stderr(&taken).contains("--handle"), "{}", stderr(&taken));
    let bad_role = byline(db, &["user", "add", "--handle", "x_y", "--email", "x@example.org", "--role", "root"]);
    assert_eq!(bad_role.status.code(), Some(2), "clap refuses unknown roles");

    assert!(byline(db, &["user", "add", "--handle", "nadia", "--email", "n@example.org"]).status.success());
    let promoted = byline(db, &["user", "set-role", "nadia", "moderator"]);
    assert_eq!(stdout(&promoted).trim(), "@nadia is now moderator (was commenter)");
    let last_admin = byline(db, &["user", "set-role", "chief", "editor"]);
    assert_eq!(last_admin.status.code(), Some(1));
    assert!(stderr(&last_admin).contains("only admin"));
    let missing = byline(db, &["user", "set-role", "nobody", "editor"]);
    assert!(stderr(&missing).contains("no user with the handle `nobody`"));

    let list = stdout(&byline(db, &["user", "list"]));
    let lines: Vec<_> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert!(lines[1].starts_with("@chief") && lines[1].contains("admin"), "{list}");
    assert!(lines[2].starts_with("@nadia") && lines[2].contains("moderator"), "{list}");

    // Staff made or changed from the command line are in the moderation
    // log, by the command line; readers made and refused changes are not.
    let store = db.store().await;
    let log = store.moderation_log(10).await.unwrap();
    let lines: Vec<_> = log.iter().map(|l| (l.actor_handle.as_str(), l.action.as_str(), l.reason.as_str())).collect();
    assert_eq!(lines, [("command-line", "role", "moderator"), ("command-line", "role", "admin")]);
    store.close().await;
}

/// A story renamed on the desk left its old address behind, leading to
/// the new one: a file may not take it back.
async fn a_file_may_not_take_an_address_a_story_left(db: &TestDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let good = write_file(&dir, "good.md", GOOD);
    assert_eq!(byline(db, &["article", "publish", &good]).status.code(), Some(0));
    let store = db.store().await;
    let slug = byline_core::Slug::parse("harbour-reopens").unwrap();
    let story = store.visible_article(&slug, byline_core::Timestamp::now()).await.unwrap().unwrap();
    let mut input = byline_core::article_file::parse_article_file(GOOD).unwrap();
    input.slug = byline_core::Slug::parse("harbour-reopens-at-last").unwrap();
    let base = byline_store::Base::Version { id: story.summary.id, version: story.version };
    let editor = byline_store::Editor { id: None, name: "Desk" };
    let saved = store.save_story(base, &input, editor, "", byline_core::Timestamp::now()).await.unwrap();
    assert!(matches!(saved, byline_store::Saved::Saved { .. }));

    let output = byline(db, &["article", "publish", &good]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains(&format!("{good}: the address /articles/harbour-reopens was a story's")), "{message}");
    assert!(message.contains("slug = \"harbour-reopens-at-last\""), "{message}");
    assert!(!store.article_exists(&slug).await.unwrap(), "no second story took the old address");
}

/// An article file names its lead photograph beside it: the photograph
/// goes into the library (its metadata gone) and leads the story; one
/// that is not a photograph stops the run before any article is written.
async fn an_article_file_brings_its_lead_photograph(db: &TestDatabase) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("media")).unwrap();
    std::fs::write(dir.path().join("media/boats.jpg"), crate::support::images::jpeg_with_location(900, 600)).unwrap();
    std::fs::write(dir.path().join("media/fake.jpg"), b"<html>not a photograph</html>").unwrap();
    let with_lead = |file: &str| {
        GOOD.replacen(
            "status = \"published\"\n",
            &format!("status = \"published\"\n[lead_image]\nfile = \"{file}\"\nalt = \"Boats at the quay\"\n"),
            1,
        )
    };
    let fake = write_file(&dir, "fake.md", &with_lead("media/fake.jpg").replace("harbour-reopens", "fake-one"));
    let output = byline(db, &["article", "publish", &fake]);
    assert_eq!(output.status.code(), Some(1));
    assert!(error_message(&output).contains("fake.jpg: This file is not a picture"), "{}", error_message(&output));
    let store = db.store().await;
    assert!(!store.article_exists(&byline_core::Slug::parse("fake-one").unwrap()).await.unwrap());

    let good = write_file(&dir, "good.md", &with_lead("media/boats.jpg"));
    let output = byline(db, &["article", "publish", &good]);
    assert!(output.status.success(), "{}", stderr(&output));
    let article = store
        .visible_article(&byline_core::Slug::parse("harbour-reopens").unwrap(), byline_core::Timestamp::now())
        .await
        .unwrap()
        .unwrap();
    let lead = article.lead_image.expect("the photograph leads the story");
    assert_eq!((lead.alt.as_str(), lead.width, lead.height), ("Boats at the quay", 900, 600));
    assert!(lead.files.iter().any(|f| f.format == "webp") && lead.files.iter().any(|f| f.format == "jpeg"));
    // A path leaving the file's folder is refused where it is written.
    let escape = write_file(&dir, "escape.md", &with_lead("../boats.jpg").replace("harbour-reopens", "escape"));
    let output = byline(db, &["article", "publish", &escape]);
    assert!(error_message(&output).contains("field `lead_image`"), "{}", error_message(&output));
    store.close().await;
}

const WXR: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:other="http://example.org/other/">
<channel>
<title>The Daily Lamp</title>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>amina</wp:author_login><wp:author_email>amina@lamp.example</wp:author_email><wp:author_display_name><![CDATA[Amina Qureshi]]></wp:author_display_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>quiet</wp:author_login><wp:author_email>quiet@lamp.example</wp:author_email><wp:author_display_name>Quiet Author</wp:author_display_name></wp:author>
ITEMS
</channel>
</rss>
"#;

/// One `<item>` of the export.
fn wxr_item(id: u32, kind: &str, status: &str, slug: &str, date: &str, content: &str) -> String {
    format!(
        "<item><title>Story {id} &amp; more</title><dc:creator><![CDATA[amina]]></dc:creator>\
         <content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>\
         <wp:post_id>{id}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>\
         <wp:status>{status}</wp:status><wp:post_type>{kind}</wp:post_type><other:thing><other:deep>x</other:deep></other:thing>\
         <category domain=\"category\" nicename=\"politics\"><![CDATA[Politics]]></category>\
         <category domain=\"post_tag\" nicename=\"elections\"><![CDATA[Elections]]></category></item>\n"
    )
}

fn wxr_export() -> String {
    let published = "<!-- wp:paragraph --><p>The council <strong>voted</strong> last night. کونسل نے ووٹ دیا۔</p><!-- /wp:paragraph -->\
                     <script>alert('x')</script>[caption id=\"c1\"]<img src=\"https://lamp.example/a.jpg\" alt=\"The hall\"> The hall.[/caption]";
    let comment = |id: u32, parent: u32, who: &str, text: &str, state: &str, kind: &str| {
        format!(
            "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author><![CDATA[{who}]]></wp:comment_author>\
             <wp:comment_date_gmt>2024-01-10 09:{id:02}:00</wp:comment_date_gmt>\
             <wp:comment_content><![CDATA[{text}]]></wp:comment_content><wp:comment_approved>{state}</wp:comment_approved>\
             <wp:comment_type>{kind}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        )
    };
    let thread = [
        comment(1, 0, "Reader", "First!", "1", "comment"),
        comment(2, 1, "رضیہ", "<p>متفق ہوں۔</p>", "1", "comment"),
        comment(3, 2, "Sam", "A reply to a reply <script>alert(1)</script>", "1", "comment"),
        comment(4, 0, "Waiting", "Held for review", "0", "comment"),
        comment(5, 4, "Answer", "A reply to a held comment", "1", "comment"),
        comment(6, 0, "Spammer", "Buy now", "spam", "comment"),
        comment(7, 0, "Binned", "Removed words", "trash", "comment"),
        comment(8, 0, "Other blog", "Linked here", "1", "pingback"),
        comment(9, 0, "Blank", "<p> </p>", "1", "comment"),
    ]
    .concat();
    let mut items = wxr_item(10, "post", "publish", "council-votes", "2024-01-10 08:30:00", published)
        .replace("</item>", &format!("{thread}</item>"));
    items += &wxr_item(11, "post", "draft", "", "0000-00-00 00:00:00", "<p>Not yet.</p>");
    items += &wxr_item(12, "post", "future", "budget-day", "2099-03-01 06:00:00", "<p>The budget, later.</p>");
    items += &wxr_item(13, "post", "private", "staff-only", "2024-01-09 08:00:00", "<p>For staff.</p>");
    items += &wxr_item(14, "post", "pending", "awaiting-review", "2024-01-09 08:00:00", "<p>Please review.</p>");
    items += &wxr_item(15, "page", "publish", "about", "2024-01-01 08:00:00", "<p>About us.</p>");
    items += &wxr_item(16, "attachment", "inherit", "hall", "2024-01-01 08:00:00", "")
        .replace("</item>", "<wp:attachment_url>https://lamp.example/a.jpg</wp:attachment_url></item>");
    items += &wxr_item(17, "post", "trash", "binned", "2024-01-01 08:00:00", "<p>Gone.</p>");
    items += &wxr_item(
        18,
        "post",
        "publish",
        "%d8%a7%d9%84%d8%b3%d9%84%d8%a7%d9%85",
        "2024-01-11 08:00:00",
        "<p>السلام عليكم</p>",
    );
    WXR.replace("ITEMS", &items)
}

/// A WordPress export's posts become stories in the states they had;
/// importing again changes nothing; a dry run and a broken file write
/// nothing.
async fn a_wordpress_export_becomes_stories(db: &TestDatabase) {
    use byline_core::{ArticleStatus, Slug, Timestamp};
    use byline_store::DeskFilter;
    let dir = tempfile::tempdir().unwrap();
    let export = wxr_export();
    let file = write_file(&dir, "export.xml", &export);
    let broken = write_file(&dir, "broken.xml", &export[..export.len() * 2 / 3]);
    let store = db.store().await;

    let output = byline(db, &["import", "wordpress", &broken]);
    assert_eq!(output.status.code(), Some(1));
    assert!(error_message(&output).contains("broken.xml: line "), "{}", error_message(&output));
    let output = byline(db, &["import", "wordpress", "--dry-run", &file]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("posts: 6 would be created, 0 already present"), "{}", stdout(&output));
    assert!(stdout(&output).contains("comments: 7 would be created, 0 already present"), "{}", stdout(&output));
    let all = store.desk_stories(DeskFilter::default(), None, 50).await.unwrap().0;
    assert!(all.is_empty(), "neither a broken file nor a dry run writes anything");

    let output = byline(db, &["import", "wordpress", &file]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(report.contains("posts: 6 created, 0 already present"), "{report}");
    assert!(report.contains("1 × a page: Byline has no pages"), "{report}");
    assert!(report.contains("1 × in the trash"), "{report}");
    assert!(report.contains("https://lamp.example/a.jpg"), "{report}");
    assert!(report.contains("comments: 7 created, 0 already present"), "{report}");
    assert!(report.contains("1 × a pingback"), "{report}");
    assert!(report.contains("1 × an empty comment"), "{report}");

    let now = Timestamp::now();
    let council = store.visible_article(&Slug::parse("council-votes").unwrap(), now).await.unwrap().unwrap();
    assert_eq!(council.summary.headline, "Story 10 & more");
    assert_eq!(council.summary.author_name, "Amina Qureshi");
    assert_eq!(council.summary.section.name, "Politics");
    assert_eq!(council.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Elections"]);
    assert_eq!(council.summary.published_at.rfc3339(), "2024-01-10T08:30:00Z");
    let body = council.body_html.as_str();
    assert!(body.contains("<strong>voted</strong>") && body.contains("کونسل نے ووٹ دیا۔"), "{body}");
    assert!(!body.contains("<script") && !body.contains("alert") && !body.contains("[caption"), "{body}");
    assert!(body.contains("alt=\"The hall\""), "{body}");
    assert!(store.visible_article(&Slug::parse("السلام").unwrap(), now).await.unwrap().is_some(), "Arabic slug");
    let state_of = |status| DeskFilter { status: Some(status), ..DeskFilter::default() };
    for (status, count) in [
        (ArticleStatus::Draft, 1),
        (ArticleStatus::Scheduled, 1),
        (ArticleStatus::Unpublished, 1),
        (ArticleStatus::Submitted, 1),
        (ArticleStatus::Published, 2),
    ] {
        assert_eq!(store.desk_stories(state_of(status), None, 50).await.unwrap().0.len(), count, "{status}");
    }
    assert!(
        store.visible_article(&Slug::parse("budget-day").unwrap(), now).await.unwrap().is_none(),
        "not before its time"
    );

    // The thread keeps its shape, states, names and words; scripts go.
    let count = |sql: String| {
        let store = store.clone();
        async move { byline_store::testing::count(&store, &sql).await.unwrap() }
    };
    for (status, name, depth, parent) in [
        ("published", "Reader", 0, None),
        ("published", "رضیہ", 1, Some("Reader")),
        ("published", "Sam", 2, Some("رضیہ")),
        ("pending", "Waiting", 0, None),
        ("published", "Answer", 1, Some("Waiting")),
        ("spam", "Spammer", 0, None),
        ("removed", "Binned", 0, None),
    ] {
        let parent = parent.map_or("c.parent_id IS NULL".to_owned(), |p| format!("p.guest_name = '{p}'"));
        let sql = format!(
            "SELECT COUNT(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id \
             WHERE c.status = '{status}' AND c.guest_name = '{name}' AND c.depth = {depth} AND {parent}"
        );
        assert_eq!(count(sql).await, 1, "{name}");
    }
    assert_eq!(count("SELECT COUNT(*) FROM comments WHERE body_html LIKE '%متفق ہوں۔%'".into()).await, 1);
    assert_eq!(count("SELECT COUNT(*) FROM comments WHERE body_html LIKE '%<script%'".into()).await, 0);
    let council = store.visible_article(&Slug::parse("council-votes").unwrap(), now).await.unwrap().unwrap();
    assert_eq!(council.summary.comment_count, 4, "the published ones count");

    // Again: nothing changes.
    let output = byline(db, &["import", "wordpress", &file]);
    assert!(stdout(&output).contains("posts: 0 created, 6 already present"), "{}", stdout(&output));
    assert!(stdout(&output).contains("comments: 0 created, 7 already present"), "{}", stdout(&output));
    assert_eq!(count("SELECT COUNT(*) FROM comments".into()).await, 7, "nothing twice");

    // Old addresses lead to the stories, whatever the permalink setting
    // was; a draft's gives nothing away.
    let app = crate::support::TestApp::with_base_url(db, crate::support::BASE).await;
    for old in ["/?p=10", "/2024/01/10/council-votes/", "/2024/01/council-votes", "/council-votes/", "/COUNCIL-VOTES"] {
        let answer = app.get(old).await;
        let expected = if old == "/COUNCIL-VOTES" { 404 } else { 301 };
        assert_eq!(answer.status(), expected, "{old}");
        if expected == 301 {
            assert_eq!(crate::support::location(&answer), "/articles/council-votes", "{old}");
        }
    }
    let arabic = app.get("/%D8%A7%D9%84%D8%B3%D9%84%D8%A7%D9%85/").await;
    assert_eq!(arabic.status(), 301);
    assert_eq!(crate::support::location(&arabic), "/articles/%D8%A7%D9%84%D8%B3%D9%84%D8%A7%D9%85");
    assert_eq!(app.get("/articles/%D8%A7%D9%84%D8%B3%D9%84%D8%A7%D9%85").await.status(), 200);
    for hidden in ["/?p=11", "/?p=12", "/budget-day/", "/?p=999", "/no-such-post/"] {
        assert_eq!(app.get(hidden).await.status(), 404, "{hidden}");
    }
    app.stop().await;
    assert_eq!(store.desk_stories(DeskFilter::default(), None, 50).await.unwrap().0.len(), 6);
    store.close().await;
}

/// A Disqus export as Disqus writes it, with `THREADS` and `POSTS` to fill.
const DISQUS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd http://disqus.com/api/schemas/1.0/disqus-internals.xsd">
<category dsq:id="1"><forum>dailylamp</forum><title>General</title><isDefault>true</isDefault></category>
THREADS
POSTS
</disqus>
"#;

fn disqus_thread(id: u32, identifier: &str, link: &str) -> String {
    format!(
        "<thread dsq:id=\"{id}\"><id>{identifier}</id><forum>dailylamp</forum><category dsq:id=\"1\"/><link>{link}</link>\
         <title>Thread {id}</title><createdAt>2019-03-04T10:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n"
    )
}

fn disqus_post(id: u32, thread: u32, parent: Option<u32>, who: &str, text: &str, spam: bool, deleted: bool) -> String {
    let parent = parent.map_or(String::new(), |p| format!("<parent dsq:id=\"{p}\"/>"));
    format!(
        "<post dsq:id=\"{id}\"><id/><message><![CDATA[{text}]]></message><createdAt>2019-03-04T10:{:02}:30Z</createdAt>\
         <isDeleted>{deleted}</isDeleted><isSpam>{spam}</isSpam><author><email>r{id}@example.org</email><name>{who}</name>\
         <isAnonymous>true</isAnonymous></author><ipAddress>10.0.0.1</ipAddress><thread dsq:id=\"{thread}\"/>{parent}</post>\n",
        id % 60
    )
}

/// A Disqus export whose threads find their stories by link (on another
/// host), by number, by WordPress's identifier and by a WordPress address,
/// with one thread whose page is not here, and replies four levels deep
/// written before what they answer. `council` is the number of the story
/// `council-votes`.
fn disqus_export(council: i64, extra_posts: &str) -> String {
    let threads = [
        disqus_thread(1, "", "https://www.new-lamp.example/articles/harbour-reopens/?utm_source=feed"),
        disqus_thread(2, &council.to_string(), "https://lamp.example/somewhere-else/"),
        disqus_thread(3, "", "http://lamp.example/2024/01/11/%d8%a7%d9%84%d8%b3%d9%84%d8%a7%d9%85/"),
        disqus_thread(4, "lost-story", "https://lamp.example/2019/01/lost-story/"),
        disqus_thread(5, "", "https://lamp.example/quiet-page/"),
        disqus_thread(6, "10 https://lamp.example/?p=10", "https://lamp.example/?p=10"),
    ]
    .concat();
    let posts = [
        disqus_post(105, 1, Some(104), "Deepest", "<p>Four levels down.</p>", false, false),
        disqus_post(101, 1, None, "Amina", "<p>The harbour <b>matters</b>.</p>", false, false),
        disqus_post(104, 1, Some(103), "Third", "<p>Three levels down.</p>", false, false),
        disqus_post(102, 1, Some(101), "رضیہ بیگم", "<p>متفق ہوں۔</p>", false, false),
        disqus_post(103, 1, Some(102), "سعيد", "<p>أوافق على ذلك.</p><script>alert(1)</script>", false, false),
        disqus_post(106, 1, None, "Spammer", "<p>Buy cheap pills</p>", true, false),
        disqus_post(107, 1, None, "Binned", "<p>Words taken down</p>", false, true),
        disqus_post(108, 1, Some(999), "Orphan", "<p>Answering a comment that is gone.</p>", false, false),
        disqus_post(109, 1, None, "", "<p>No name given.</p>", false, false),
        disqus_post(110, 1, None, "Blank", "<p> </p>", false, false),
        disqus_post(201, 2, None, "By number", "<p>Found by its number.</p>", false, false),
        disqus_post(301, 3, None, "Old address", "<p>السلام عليكم</p>", false, false),
        disqus_post(401, 4, None, "Lost", "<p>Nowhere to go.</p>", false, false),
        disqus_post(601, 6, None, "Plugin", "<p>Found by WordPress's identifier.</p>", false, false),
        extra_posts.to_owned(),
    ]
    .concat();
    DISQUS.replace("THREADS", &threads).replace("POSTS", &posts)
}

/// A Disqus export's comments join the stories their threads discussed,
/// found by link, number or old WordPress address, with their thread's
/// shape and states; threads without a story are reported; a dry run and
/// a broken file write nothing; importing again adds only what is new.
async fn a_disqus_export_joins_its_stories(db: &TestDatabase) {
    use byline_core::Slug;
    use scraper::Selector;
    let dir = tempfile::tempdir().unwrap();
    let wordpress = write_file(&dir, "wordpress.xml", &wxr_export());
    let harbour = write_file(&dir, "harbour.md", GOOD);
    for args in [&["import", "wordpress", wordpress.as_str()][..], &["article", "publish", harbour.as_str()]] {
        let output = byline(db, args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    let store = db.store().await;
    let council = store.article_id(&Slug::parse("council-votes").unwrap()).await.unwrap().unwrap();
    let export = disqus_export(council, "");
    let file = write_file(&dir, "disqus.xml", &export);
    let broken = write_file(&dir, "broken.xml", &export[..export.find("متفق").unwrap()]);
    let count = |sql: &'static str| {
        let store = store.clone();
        async move { byline_store::testing::count(&store, sql).await.unwrap() }
    };
    const IMPORTED: &str = "SELECT COUNT(*) FROM imported_records WHERE kind = 'disqus-comment'";
    let wordpress_comments = count("SELECT COUNT(*) FROM comments").await;

    let output = byline(db, &["import", "disqus", &broken]);
    assert_eq!(output.status.code(), Some(1));
    let error = error_message(&output);
    assert!(error.contains("broken.xml: line ") && error.contains("<message>"), "{error}");
    let output = byline(db, &["import", "disqus", "--dry-run", &file]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("comments: 12 would be created, 0 already present"), "{}", stdout(&output));
    assert_eq!(count("SELECT COUNT(*) FROM comments").await, wordpress_comments, "nothing written yet");
    assert_eq!(count(IMPORTED).await, 0);

    let output = byline(db, &["import", "disqus", &file]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("read 14 of 14 comments"), "progress: {}", stderr(&output));
    let report = stdout(&output);
    assert!(report.contains("threads: 6, 4 matched to a story"), "{report}");
    assert!(report.contains("comments: 12 created, 0 already present"), "{report}");
    assert!(report.contains("is not in the file or was skipped): 1"), "{report}");
    assert!(report.contains("1 × an empty comment"), "{report}");
    assert!(report.contains("1 × its thread's page has no story here"), "{report}");
    assert!(report.contains("threads without a story: 1 (with 1 comments)"), "{report}");
    assert!(report.contains("https://lamp.example/2019/01/lost-story/ (identifier lost-story)"), "{report}");
    assert!(!report.contains("quiet-page"), "a thread without comments is not worth a line: {report}");

    // Each comment under its story, in its state, by its name, at its
    // depth under the comment it answers.
    for (slug, status, name, depth, parent) in [
        ("harbour-reopens", "published", "Amina", 0, None),
        ("harbour-reopens", "published", "رضیہ بیگم", 1, Some("Amina")),
        ("harbour-reopens", "published", "سعيد", 2, Some("رضیہ بیگم")),
        ("harbour-reopens", "published", "Third", 3, Some("سعيد")),
        ("harbour-reopens", "published", "Deepest", 4, Some("Third")),
        ("harbour-reopens", "spam", "Spammer", 0, None),
        ("harbour-reopens", "removed", "Binned", 0, None),
        ("harbour-reopens", "published", "Orphan", 0, None),
        ("harbour-reopens", "published", "A reader", 0, None),
        ("council-votes", "published", "By number", 0, None),
        ("council-votes", "published", "Plugin", 0, None),
        ("السلام", "published", "Old address", 0, None),
    ] {
        let parent = parent.map_or("c.parent_id IS NULL".to_owned(), |p| format!("p.guest_name = '{p}'"));
        let sql = format!(
            "SELECT COUNT(*) FROM comments c JOIN articles a ON a.id = c.article_id \
             LEFT JOIN comments p ON p.id = c.parent_id WHERE a.slug = '{slug}' AND c.status = '{status}' \
             AND c.guest_name = '{name}' AND c.depth = {depth} AND {parent}"
        );
        assert_eq!(byline_store::testing::count(&store, &sql).await.unwrap(), 1, "{name}");
    }
    assert_eq!(count("SELECT COUNT(*) FROM comments WHERE body_html LIKE '%<script%'").await, 0);
    assert_eq!(count("SELECT COUNT(*) FROM comments WHERE guest_name = 'Lost' OR guest_name = 'Blank'").await, 0);

    // On the story's page, the replies sit in their thread, Urdu and
    // Arabic as they were written; spam and removed words are not shown.
    let app = crate::support::TestApp::with_base_url(db, crate::support::BASE).await;
    let page = app.page("/articles/harbour-reopens").await;
    let id_of = |name: &str| {
        let sql = format!("SELECT id FROM comments WHERE guest_name = '{name}'");
        let store = store.clone();
        async move { byline_store::testing::count(&store, &sql).await.unwrap() }
    };
    let mut chain = String::new();
    for name in ["Amina", "رضیہ بیگم", "سعيد", "Third", "Deepest"] {
        let id = id_of(name).await;
        chain = if chain.is_empty() { format!("li#c-{id}") } else { format!("{chain} > ol.replies > li#c-{id}") };
    }
    let deepest = Selector::parse(&chain).unwrap();
    let found: Vec<String> = page.select(&deepest).map(|e| e.text().collect()).collect();
    assert_eq!(found.len(), 1, "{chain}");
    assert!(found[0].contains("Four levels down."), "{found:?}");
    let text: String = page.root_element().text().collect();
    assert!(text.contains("متفق ہوں۔") && text.contains("أوافق على ذلك."), "Urdu and Arabic kept");
    assert!(!text.contains("Buy cheap pills") && !text.contains("Words taken down"), "spam and removed hidden");
    assert!(text.contains("No name given.") && text.contains("A reader"));
    app.stop().await;

    // Again: nothing changes. A later export adds only what is new.
    let output = byline(db, &["import", "disqus", &file]);
    assert!(stdout(&output).contains("comments: 0 created, 12 already present"), "{}", stdout(&output));
    assert_eq!(count(IMPORTED).await, 12, "nothing twice");
    // It may bring a reply to an old comment, two replies naming each
    // other (the first goes on the story, the second under it), and a
    // thread deleted on Disqus, written after its comment.
    let later = [
        disqus_post(111, 1, Some(105), "Late", "<p>Five levels down.</p>", false, false),
        disqus_post(112, 1, Some(113), "Circle one", "<p>You first.</p>", false, false),
        disqus_post(113, 1, Some(112), "Circle two", "<p>No, you.</p>", false, false),
        disqus_post(701, 7, None, "Deleted thread", "<p>Taken down with its page.</p>", false, false),
        disqus_thread(7, "harbour-reopens", "https://lamp.example/articles/harbour-reopens")
            .replace("<isDeleted>false</isDeleted>", "<isDeleted>true</isDeleted>"),
    ]
    .concat();
    let later = write_file(&dir, "later.xml", &disqus_export(council, &later));
    let output = byline(db, &["import", "disqus", &later]);
    let report = stdout(&output);
    assert!(report.contains("comments: 3 created, 12 already present"), "{report}");
    assert!(report.contains("is not in the file or was skipped): 1"), "{report}");
    assert!(report.contains("1 × its thread was deleted on Disqus"), "{report}");
    assert_eq!(count(IMPORTED).await, 15);
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM comments c JOIN comments p ON p.id = c.parent_id \
             WHERE c.guest_name = 'Circle two' AND p.guest_name = 'Circle one' AND p.parent_id IS NULL"
        )
        .await,
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM comments c JOIN comments p ON p.id = c.parent_id WHERE c.guest_name = 'Late' AND p.guest_name = 'Deepest'").await,
        1
    );
    store.close().await;
}

/// A WordPress export whose authors are people with addresses: one with
/// posts, one without, one whose address already has an account here.
fn wxr_with_authors() -> String {
    let author = |id: u32, login: &str, email: &str, name: &str| {
        format!(
            "<wp:author><wp:author_id>{id}</wp:author_id><wp:author_login>{login}</wp:author_login>\
             <wp:author_email>{email}</wp:author_email><wp:author_display_name><![CDATA[{name}]]></wp:author_display_name></wp:author>"
        )
    };
    let comment = |id: u32, who: &str, email: &str, url: &str, user: u32, text: &str| {
        format!(
            "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author><![CDATA[{who}]]></wp:comment_author>\
             <wp:comment_author_email>{email}</wp:comment_author_email><wp:comment_author_url>{url}</wp:comment_author_url>\
             <wp:comment_date_gmt>2024-01-10 09:{id:02}:00</wp:comment_date_gmt>\
             <wp:comment_content><![CDATA[{text}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>\
             <wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent>\
             <wp:comment_user_id>{user}</wp:comment_user_id></wp:comment>"
        )
    };
    let comments = [
        comment(1, "Reader", "  Reader@Mail.example ", "https://reader.example/home", 0, "A guest's words."),
        comment(2, "Amina", "amina@lamp.example", "", 1, "The author answers."),
        comment(
            3,
            "Amina Q",
            "AMINA@lamp.example",
            "",
            0,
            "The author again, signed out (or someone using her address).",
        ),
        comment(4, "Trickster", "not an address", "javascript:alert(1)", 0, "Another guest."),
    ]
    .concat();
    let items = wxr_item(10, "post", "publish", "council-votes", "2024-01-10 08:30:00", "<p>The council voted.</p>")
        .replace("</item>", &format!("{comments}</item>"));
    let authors = [
        author(1, "amina", "amina@lamp.example", "Amina Qureshi"),
        author(2, "quiet.one", "quiet@lamp.example", "Quiet Author"),
        author(3, "desk", "desk@lamp.example", "The Desk"),
    ]
    .concat();
    // The channel's head, these authors in place of the usual ones, the item.
    let (head, tail) = (WXR.find("<wp:author>").unwrap(), WXR.find("ITEMS").unwrap());
    format!("{}{authors}\n{items}{}", &WXR[..head], &WXR[tail + "ITEMS".len()..])
}

/// Each WordPress author becomes a writer's account without a password,
/// which they claim by resetting it; an address with an account here
/// keeps that account; their comments are theirs; guests' addresses are
/// kept but never shown; importing again changes nothing.
async fn wordpress_authors_become_accounts_they_claim(db: &TestDatabase) {
    use byline_core::accounts::Role;
    use byline_core::{Slug, Timestamp};
    let store = db.store().await;
    // A reader here has the handle `amina` already; another has the desk's address.
    byline_store::testing::reader(&store, "amina", Timestamp::now()).await;
    byline_store::testing::reader(&store, "desk_reader", Timestamp::now()).await;
    byline_store::testing::execute_raw(
        &store,
        "UPDATE users SET email = 'desk@lamp.example', email_key = 'desk@lamp.example' WHERE handle = 'desk_reader'",
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(&dir, "export.xml", &wxr_with_authors());

    let output = byline(db, &["import", "wordpress", "--dry-run", &file]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(store.user_by_handle("quiet_one").await.unwrap().is_none(), "a dry run makes no account");
    let output = byline(db, &["import", "wordpress", &file]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("author accounts: 2 created, 0 already present, 1 linked to an account with their address"),
        "{report}"
    );

    let amina = store.user_by_handle("amina_2").await.unwrap().expect("a variant of a taken handle");
    assert_eq!((amina.email.as_str(), amina.display_name.as_str()), ("amina@lamp.example", "Amina Qureshi"));
    assert_eq!((amina.role, amina.has_password, amina.email_verified), (Role::Writer, false, false));
    let quiet = store.user_by_handle("quiet_one").await.unwrap().expect("an author without posts has an account");
    assert_eq!((quiet.role, quiet.has_password), (Role::Writer, false));
    let desk = store.user_by_handle("desk_reader").await.unwrap().unwrap();
    assert_eq!(desk.role, Role::Commenter, "an existing account keeps its role");
    let page = store.author(&Slug::parse("amina-qureshi").unwrap()).await.unwrap().unwrap();
    assert_eq!(page.user_id, Some(amina.id), "the byline's page is the account's");

    let count = |sql: String| {
        let store = store.clone();
        async move { byline_store::testing::count(&store, &sql).await.unwrap() }
    };
    assert_eq!(
        count(format!("SELECT COUNT(*) FROM comments WHERE author_id = {} AND guest_name IS NULL", amina.id)).await,
        1
    );
    // Signed out, with her address: a guest's, as anyone could type it.
    assert_eq!(
        count("SELECT COUNT(*) FROM comments WHERE guest_name = 'Amina Q' AND author_id IS NULL".into()).await,
        1
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM comments WHERE guest_name = 'Reader' AND guest_email = 'Reader@Mail.example' \
               AND guest_url = 'https://reader.example/home'"
                .into()
        )
        .await,
        1,
        "a guest's address, trimmed"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM comments WHERE guest_name = 'Trickster' AND guest_email IS NULL AND guest_url IS NULL".into())
            .await,
        1,
        "neither a non-address nor a script URL is kept"
    );

    let app = crate::support::TestApp::with_base_url(db, crate::support::BASE).await;
    let page = app.get("/articles/council-votes").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("A guest&#39;s words.") || html.contains("A guest's words."), "{html}");
    for private in ["Reader@Mail.example", "reader@mail.example", "reader.example", "amina@lamp.example", "javascript:"]
    {
        assert!(!html.contains(private), "{private} shown to readers");
    }
    // The author claims the account by "forgot password".
    let browser = crate::support::Browser::new(&app);
    browser.submit("/reset", "/reset", &[("email", "amina@lamp.example")]).await;
    let link = app.mailed_link("amina@lamp.example", "/reset/").await;
    let chosen = "harbour lamps at dusk 2024";
    assert_eq!(browser.submit(&link, &link, &[("password", chosen)]).await.status(), 303);
    assert_eq!(crate::support::Browser::new(&app).sign_in("amina@lamp.example", chosen).await.status(), 303);
    let claimed = store.user(amina.id).await.unwrap().unwrap();
    assert!(claimed.has_password && claimed.email_verified);
    app.stop().await;

    // Again: nothing changes, and the claimed password stays.
    let output = byline(db, &["import", "wordpress", &file]);
    let report = stdout(&output);
    assert!(report.contains("author accounts: 0 created, 3 already present, 0 linked"), "{report}");
    assert!(report.contains("comments: 0 created, 4 already present"), "{report}");
    assert_eq!(count("SELECT COUNT(*) FROM users".into()).await, 4);
    assert_eq!(count("SELECT COUNT(*) FROM comments".into()).await, 4);
    assert!(store.user(amina.id).await.unwrap().unwrap().has_password);
    store.close().await;
}

/// With a copy of wp-content/uploads, attachments (before or after the
/// posts that show them) become photographs in the library: a featured
/// image leads its story, and a post's links to an upload, at any of
/// WordPress's sizes, lead to the library's copy. A file missing from the
/// folder is reported. Importing again adds nothing.
async fn wordpress_uploads_become_photographs(db: &TestDatabase) {
    use byline_core::{Slug, Timestamp};
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("uploads/2024/01")).unwrap();
    std::fs::write(
        dir.path().join("uploads/2024/01/harbour.jpg"),
        crate::support::images::jpeg_with_location(900, 600),
    )
    .unwrap();
    let attachment = |id: u32, file: &str, alt: &str| {
        wxr_item(id, "attachment", "inherit", file, "2024-01-01 08:00:00", "").replace(
            "</item>",
            &format!(
                "<wp:attachment_url>https://lamp.example/wp-content/uploads/2024/01/{file}.jpg</wp:attachment_url>\
                 <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta></item>"
            ),
        )
    };
    let body = "<p>The harbour at dawn.</p><figure><img src=\"https://lamp.example/wp-content/uploads/2024/01/harbour-300x200.jpg\" \
                alt=\"Boats\"></figure><p>Still at <a href=\"https://elsewhere.example/wp-content/uploads/x.jpg\">elsewhere</a>.</p>";
    let post = wxr_item(10, "post", "publish", "harbour-dawn", "2024-01-10 08:30:00", body).replace(
        "</item>",
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>21</wp:meta_value></wp:postmeta></item>",
    );
    // One attachment before the post, whose file is missing; the one it leads with after it.
    let items =
        format!("{}{post}{}", attachment(20, "missing", "Gone"), attachment(21, "harbour", "Boats leave at dawn"));
    let file = write_file(&dir, "export.xml", &WXR.replace("ITEMS", &items));
    let uploads = dir.path().join("uploads").to_string_lossy().into_owned();
    let store = db.store().await;

    let output = byline(db, &["import", "wordpress", "--uploads", &uploads, &file]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(report.contains("attachments: 1 created, 0 already present"), "{report}");
    assert!(report.contains("1 × an attachment whose file is not in the folder"), "{report}");
    assert!(report.contains("https://lamp.example/wp-content/uploads/2024/01/missing.jpg"), "{report}");

    let story = store.visible_article(&Slug::parse("harbour-dawn").unwrap(), Timestamp::now()).await.unwrap().unwrap();
    let lead = story.lead_image.as_ref().expect("the featured image leads the story");
    assert_eq!((lead.alt.as_str(), lead.width, lead.height), ("Boats leave at dawn", 900, 600));
    let html = story.body_html.as_str();
    assert!(!html.contains("lamp.example/wp-content"), "{html}");
    let served = lead.files.iter().map(|f| format!("/media/{}", f.name)).find(|path| html.contains(path.as_str()));
    assert!(served.is_some(), "the body shows the library's copy: {html}");
    assert!(html.contains("https://elsewhere.example/wp-content/uploads/x.jpg"), "another site's upload stays: {html}");

    let output = byline(db, &["import", "wordpress", "--uploads", &uploads, &file]);
    let report = stdout(&output);
    assert!(report.contains("attachments: 0 created, 1 already present"), "{report}");
    assert_eq!(byline_store::testing::count(&store, "SELECT COUNT(*) FROM media").await.unwrap(), 1);
    // Without the folder they are only listed.
    let output = byline(db, &["import", "wordpress", &file]);
    assert!(stdout(&output).contains("attachments: 2 (not imported"), "{}", stdout(&output));
    store.close().await;
}

/// A later export of a post whose story moved to another address since
/// the first import: its new comments still reach the story.
async fn a_later_export_reaches_a_story_that_moved(db: &TestDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let comment = |id: u32, text: &str| {
        format!(
            "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author>Reader {id}</wp:comment_author>\
             <wp:comment_date_gmt>2024-01-10 09:{id:02}:00</wp:comment_date_gmt>\
             <wp:comment_content><![CDATA[{text}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>\
             <wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>"
        )
    };
    let post = |comments: String| {
        wxr_item(10, "post", "publish", "council-votes", "2024-01-10 08:30:00", "<p>The council voted.</p>")
            .replace("</item>", &format!("{comments}</item>"))
    };
    let first = write_file(&dir, "first.xml", &WXR.replace("ITEMS", &post(comment(1, "Before the move."))));
    assert!(byline(db, &["import", "wordpress", &first]).status.success());
    let store = db.store().await;
    let id =
        byline_store::testing::count(&store, "SELECT id FROM articles WHERE slug = 'council-votes'").await.unwrap();
    byline_store::testing::execute_raw(
        &store,
        "UPDATE articles SET slug = 'council-vote-result' WHERE slug = 'council-votes'",
    )
    .await
    .unwrap();
    byline_store::testing::execute_raw(
        &store,
        &format!("INSERT INTO article_old_slugs (slug, article_id, retired_at) VALUES ('council-votes', {id}, 0)"),
    )
    .await
    .unwrap();

    let later = post(format!("{}{}", comment(1, "Before the move."), comment(2, "After the move.")));
    let later = write_file(&dir, "later.xml", &WXR.replace("ITEMS", &later));
    let output = byline(db, &["import", "wordpress", &later]);
    assert!(stdout(&output).contains("comments: 1 created, 1 already present"), "{}", stdout(&output));
    let landed = format!("SELECT COUNT(*) FROM comments WHERE article_id = {id} AND body_source = 'After the move.'");
    assert_eq!(byline_store::testing::count(&store, &landed).await.unwrap(), 1);
    store.close().await;
}

byline_store::test_on_both_backends!(
    a_file_may_not_take_an_address_a_story_left,
    a_later_export_reaches_a_story_that_moved,
    a_disqus_export_joins_its_stories,
    a_wordpress_export_becomes_stories,
    wordpress_authors_become_accounts_they_claim,
    wordpress_uploads_become_photographs,
    an_article_file_brings_its_lead_photograph,
    staff_accounts_come_from_the_command_line,
    publish_validates_every_file_before_writing_any,
    publish_reports_unreadable_files,
    an_article_file_keeps_its_address_and_is_not_published_twice,
    a_story_published_from_the_command_line_is_purged_in_front,
    demo_is_idempotent,
    migrate_prepares_the_database,
);

#[test]
fn invalid_configuration_is_one_line_and_exit_code_2() {
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
    let cases: [Case<'_>; 4] = [
        (&["migrate"], &[("BYLINE_SERVER__LISTEN", "not-an-address")]),
        (&["migrate"], &[("BYLINE_SITE__LANGUAGE", "english!")]),
        (&["--config", "/definitely/missing.toml", "migrate"], &[]),
        (&["migrate"], &[("BYLINE_SERVER__NO_SUCH_KEY", "1")]),
    ];
    for (args, env) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_byline")).args(args).envs(env.iter().copied()).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?} {env:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.starts_with("error: invalid configuration: "), "{message}");
    }
}

#[test]
fn a_toml_file_configures_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let config =
        write_file(&dir, "byline.toml", "[server]\nlisten = \"127.0.0.1:0\"\n[site]\nlanguage = \"klingon!\"\n");
    let output = Command::new(env!("CARGO_BIN_EXE_byline")).args(["--config", &config, "migrate"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("site.language"));
}

#[test]
fn serve_drains_and_stops_gracefully_on_sigterm() {
    // A database made as every other test's is (a SQLite file: the test
    // is about the process, not the backend).
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let db = runtime.block_on(TestDatabase::sqlite());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_byline"))
        .args(["--database-url", &db.url, "serve", "--listen", &format!("127.0.0.1:{port}")])
        // Longer than the test: it ends by the second signal alone.
        .env("BYLINE_SERVER__DRAIN_SECS", "3600")
        .env("BYLINE_LOG__FILTER", "info")
        .env("BYLINE_LOG__FORMAT", "json")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut ready = false;
    // Generous: other tests load the machine meanwhile.
    for _ in 0..600 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            ready = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(ready, "server never listened");
    let term = || {
        let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
        assert!(killed.success());
    };
    let get = |path: &str| {
        let url = format!("http://127.0.0.1:{port}{path}");
        runtime.block_on(async { reqwest::get(url).await.unwrap().status().as_u16() })
    };
    assert_eq!(get("/readyz"), 200);
    // Draining: still serving, but no longer ready, so a load balancer
    // moves away.
    term();
    let mut drained = false;
    for _ in 0..600 {
        if get("/readyz") == 503 {
            drained = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(drained, "/readyz never failed");
    assert_eq!(get("/healthz"), 200);
    // A second signal stops it without waiting for the drain to end.
    term();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "exit after SIGTERM: {:?}", output.status);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
    // Logs are JSON lines when configured so.
    let logs: Vec<serde_json::Value> =
        stderr(&output).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let messages: Vec<_> = logs.iter().filter_map(|l| l["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.starts_with("byline is listening")), "{messages:?}");
    assert!(messages.contains(&"shutting down"), "{messages:?}");
}

#[test]
fn help_documents_every_command() {
    let output = Command::new(env!("CARGO_BIN_EXE_byline")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for word in [
        "serve",
        "migrate",
        "demo",
        "article",
        "import",
        "export",
        "backup",
        "restore",
        "--config",
        "--database-url",
        "BYLINE_",
    ] {
        assert!(help.contains(word), "--help lacks {word}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_byline")).args(["article", "publish", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("front matter"));
    let output = Command::new(env!("CARGO_BIN_EXE_byline")).args(["import", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for word in ["wordpress", "disqus", "byline"] {
        assert!(help.contains(word), "import --help lacks {word}");
    }
}

/// The systemd unit in `packaging/` is one systemd takes (with this build
/// as its binary), and hardened: `systemd-analyze security` rates its
/// exposure at most 2.0 of 10.
#[test]
fn the_systemd_unit_is_valid_and_hardened() {
    let analyze = "/usr/bin/systemd-analyze";
    if !std::path::Path::new(analyze).exists() {
        assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "systemd-analyze is needed");
        eprintln!("skipped: no systemd-analyze");
        return;
    }
    let unit = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../packaging/byline.service")).unwrap();
    assert!(unit.contains("ExecStart=/usr/bin/byline --config /etc/byline/byline.toml serve"));
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(&dir, "byline.service", &unit.replace("/usr/bin/byline", env!("CARGO_BIN_EXE_byline")));
    let verified = Command::new(analyze).args(["verify", &path]).output().unwrap();
    assert!(verified.status.success(), "{}", stderr(&verified));
    let rated = Command::new(analyze).args(["security", "--offline=yes", "--threshold=20", &path]).output().unwrap();
    assert!(rated.status.success(), "{}", String::from_utf8_lossy(&rated.stdout));
}
