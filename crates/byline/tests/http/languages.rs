//! Pages in the reader's language: an Urdu or Arabic site, or an Urdu
//! story on an English one, speaks that language in every word of its
//! interface, right to left, with its dates and digits.

use scraper::{ElementRef, Html, Selector};

use byline_store::testing::TestDatabase;

use crate::support::{LEAD, TestApp, URDU, attr, select, text_of};

const ARABIC: &str = "deir-al-sanabil-manuscripts-restored";

/// What a page says in the site's own words: its body's text, less what
/// its authors and readers wrote (stories, comments, names, section and
/// tag names, the site's title) and anything marked as another language.
fn interface_text(page: &Html, page_lang: &str) -> String {
    let content = Selector::parse(
        "bdi, nav.site-nav, .site-title, .site-footer .inner > p, .kicker, .card-title, .standfirst, h1, \
         .story-body, .byline, .tags, .comment-body, blockquote, figcaption, .call-to-comment, .queue-excerpt, .log-excerpt, \
         .meta a[href^='/sections/'], textarea, .featured-comments-rail .meta a, .snippet, option",
    )
    .unwrap();
    let body = select(page, "body")[0];
    let mut text = String::new();
    for node in body.descendants() {
        let Some(words) = node.value().as_text() else { continue };
        let set_apart = node.ancestors().filter_map(ElementRef::wrap).any(|element| {
            content.matches(&element) || element.value().attr("lang").is_some_and(|lang| lang != page_lang)
        });
        if !set_apart {
            text.push_str(words);
            text.push(' ');
        }
    }
    text
}

/// Latin-script words in the interface, less the few no language
/// translates (feed formats, and the example address in the Markdown hint).
fn latin_words(text: &str) -> Vec<String> {
    const KEPT: &[&str] = &["RSS", "Atom", "https", "example", "org", "JSON", "CSV"];
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1 && !KEPT.contains(w))
        .map(str::to_owned)
        .collect()
}

fn assert_speaks(page: &Html, lang: &str, what: &str) {
    assert_eq!(attr(page, "html", "lang"), lang, "{what}");
    assert_eq!(attr(page, "html", "dir"), "rtl", "{what}");
    // The chrome is the page's language: nothing marks it as another.
    assert!(select(page, "header.site-header")[0].value().attr("lang").is_none(), "{what}");
    let html = page.html();
    assert!(!html.contains('⟦'), "{what}: a message is missing from the {lang} catalogue");
    let text = interface_text(page, lang);
    let latin = latin_words(&text);
    assert!(latin.is_empty(), "{what}: English words in the {lang} interface: {latin:?}\n{text}");
}

async fn an_urdu_site_speaks_urdu_to_everyone(db: &TestDatabase) {
    let app = TestApp::with_demo_in(db, "ur").await;
    let home = app.page("/").await;
    assert_speaks(&home, "ur", "the front page");
    assert_eq!(text_of(&home, "#featured-heading"), "منتخب مواد");
    assert_speaks(&app.page("/sections/culture").await, "ur", "a section");
    let tag = app.page("/tags/river-talks").await;
    assert_speaks(&tag, "ur", "a tag");
    assert_eq!(text_of(&tag, "h1"), "موضوع: river talks");
    let search = app.page("/search?q=%DA%A9%D8%AA%D8%A7%D8%A8").await;
    assert_speaks(&search, "ur", "search results");
    assert_eq!(select(&search, ".search-results li").len(), 1, "the Urdu story is found");
    assert_speaks(&app.page(&format!("/articles/{URDU}")).await, "ur", "an Urdu story, read anonymously");
    let missing = app.get("/no/such/page").await;
    assert_eq!(missing.status(), 404);
    let missing = Html::parse_document(&missing.text().await.unwrap());
    assert_speaks(&missing, "ur", "the 404 page");
    assert_eq!(text_of(&missing, "h1"), "صفحہ نہیں ملا");

    // The pages of an account: signing up, in, and a password reset.
    for path in ["/signup", "/signin", "/reset"] {
        assert_speaks(&app.page(path).await, "ur", path);
    }
    let visitor = crate::support::Browser::new(&app);
    let refused =
        visitor.submit("/signin", "/signin", &[("email", "nobody@example.org"), ("password", "wrong one")]).await;
    assert_eq!(refused.status(), 422);
    let refused = Html::parse_document(&refused.text().await.unwrap());
    assert_speaks(&refused, "ur", "a refused sign-in");
    let mistakes = visitor.submit("/signup", "/signup", &[("handle", "x"), ("email", "not an address")]).await;
    assert_eq!(mistakes.status(), 422);
    let mistakes = Html::parse_document(&mistakes.text().await.unwrap());
    assert_speaks(&mistakes, "ur", "a sign-up with mistakes");
    assert_eq!(text_of(&mistakes, "#handle-error"), "ہینڈل 3 سے 30 حروف تک کا ہونا چاہیے۔");
    assert_eq!(text_of(&refused, ".form-error"), "یہ ای میل پتہ اور پاس ورڈ کسی اکاؤنٹ سے نہیں ملتے۔");

    let commenter = app.commenter("qari").await;
    // The e-mail confirming the address was in Urdu, its link kept.
    let mails = app.running.store.mail_to("qari@example.org").await.unwrap();
    let confirm = mails.iter().find(|m| m.body.contains("/verify/")).expect("the confirmation e-mail");
    assert!(confirm.subject.ends_with("کے لیے اپنے ای میل پتے کی تصدیق کریں"), "{}", confirm.subject);
    assert!(confirm.body.starts_with("السلام علیکم qari،"), "{}", confirm.body);
    let (_, account) = commenter.page("/account").await;
    assert_speaks(&account, "ur", "the account page");
    assert_eq!(text_of(&account, "h1"), "آپ کا اکاؤنٹ");
    let (_, story) = commenter.page(&format!("/articles/{URDU}")).await;
    assert_speaks(&story, "ur", "an Urdu story, to a commenter");
    assert_eq!(text_of(&story, "label[for=comment-body]"), "آپ کا تبصرہ");
    let moderator = app.moderator("nigran").await;
    let (_, story) = moderator.page(&format!("/articles/{URDU}")).await;
    assert_speaks(&story, "ur", "an Urdu story, to a moderator");
    assert!(!select(&story, "form[action$='/feature'] button").is_empty(), "a moderator's buttons are on the page");

    // The moderation queue: a comment held for its many links, with why
    // and how long ago, every decision and the author's record.
    let own = commenter.post_comment(URDU, "کتابوں کی مرمت کا کام بہت اچھا ہے۔").await;
    // Flagging one's own comment is refused on a page in Urdu.
    let flagged = commenter.flag(URDU, own, "spam").await;
    assert_eq!(flagged.status(), 400);
    let flagged = Html::parse_document(&flagged.text().await.unwrap());
    assert_speaks(&flagged, "ur", "a refused flag");
    assert!(flagged.html().contains("آپ اپنے تبصرے کو ووٹ یا رپورٹ نہیں کر سکتے۔"));
    let links = "مزید: https://a.example https://b.example https://c.example https://d.example";
    // Too soon after the first: refused, in Urdu, the text kept.
    let again = commenter.submit_comment(URDU, "ایک اور بات", None).await;
    assert_eq!(again.status(), 422);
    let again = Html::parse_document(&again.text().await.unwrap());
    assert_speaks(&again, "ur", "a comment refused for coming too fast");
    assert!(text_of(&again, "#compose-error").starts_with("آپ بہت تیزی سے تبصرے کر رہے ہیں۔"));
    assert_eq!(text_of(&again, "#comment-body"), "ایک اور بات");
    // Another reader's comment is held; its author is told why, in Urdu.
    let second = app.commenter("dusra").await;
    let held = second.post_comment(URDU, links).await;
    let (_, own) = second.page(&format!("/articles/{URDU}")).await;
    assert_speaks(&own, "ur", "a story with its reader's held comment");
    assert_eq!(text_of(&own, &format!("#c-{held} .moderation-note")), "شائع ہونے سے پہلے ایک نگران اسے پڑھے گا۔");
    let (_, queue) = moderator.page("/moderation").await;
    assert_speaks(&queue, "ur", "the moderation queue");
    let item = format!("#q-{held}");
    assert_eq!(text_of(&queue, &format!("{item} .queue-reasons li")), "روابط، روکا گیا: روابط: 4 (3 سے زیادہ)");
    assert_eq!(text_of(&queue, &format!("{item} header time")), "ابھی");
    assert_eq!(text_of(&queue, &format!("{item} .queue-approve button[value=approve]")), "منظور کریں");
    let decided = moderator
        .submit("/moderation", &format!("/moderation/comments/{held}"), &[("decision", "approve"), ("tab", "pending")])
        .await;
    assert_eq!(decided.status(), 303);
    let (_, after) = moderator.page(decided.headers()["location"].to_str().unwrap()).await;
    assert_speaks(&after, "ur", "the queue after a decision");
    assert_eq!(text_of(&after, ".notice"), "منظور: تبصرہ شائع ہو گیا۔");
    let (_, all) = moderator.page("/moderation?tab=all").await;
    assert_speaks(&all, "ur", "every comment in the queue");
    // Finding a reader, and their whole record with the decision above.
    let (_, people) = moderator.page("/moderation/people?q=dusra").await;
    assert_speaks(&people, "ur", "the people search");
    let record = attr(&people, "table.people a", "href");
    let (_, person) = moderator.page(&record).await;
    assert_speaks(&person, "ur", "a reader's record");
    assert_eq!(text_of(&person, ".person-standing"), "فعال");
    assert!(text_of(&person, ".person-history tbody").contains("منظوری"), "the approval is in the record");
    // The dashboard, its figures and charts.
    let (_, dashboard) = moderator.page("/moderation/dashboard").await;
    assert_speaks(&dashboard, "ur", "the moderation dashboard");
    assert_eq!(text_of(&dashboard, "h1"), "نگرانی کا ڈیش بورڈ");
    // The moderation log, as an admin reads it.
    let admin = app.staff("mudir", byline_core::accounts::Role::Admin).await;
    let (_, log) = admin.page("/admin/log").await;
    assert_speaks(&log, "ur", "the moderation log");
    assert!(text_of(&log, "tbody").contains("منظوری"), "the approval is logged");
    let (_, users) = admin.page("/admin/users").await;
    assert_speaks(&users, "ur", "the admin's list of users");
    app.stop().await;
}

async fn an_arabic_site_speaks_arabic_with_six_plural_forms(db: &TestDatabase) {
    let app = TestApp::with_demo_in(db, "ar").await;
    assert_speaks(&app.page("/").await, "ar", "the front page");
    let story = app.page(&format!("/articles/{ARABIC}")).await;
    assert_speaks(&story, "ar", "an Arabic story");
    assert_eq!(text_of(&story, "#comments-heading > span:first-child"), "التعليقات");
    let commenter = app.commenter("qari").await;
    let id = commenter.post_comment(ARABIC, "تعليق للتجربة").await;
    let (_, story) = commenter.page(&format!("/articles/{ARABIC}")).await;
    assert_speaks(&story, "ar", "an Arabic story, to a commenter");
    // Nobody has voted for the new comment yet: Arabic's zero form.
    assert_eq!(text_of(&story, &format!("#c-{id} .score")), "لا أصوات");

    // The moderation queue, in Arabic: two readers flag the comment.
    let moderator = app.moderator("mushrif").await;
    for reader in ["qari2", "qari3"] {
        let reader = app.commenter(reader).await;
        assert_eq!(reader.flag(ARABIC, id, "off-topic").await.status(), 303);
    }
    let (_, queue) = moderator.page("/moderation?tab=flagged").await;
    assert_speaks(&queue, "ar", "the flagged comments");
    let item = format!("#q-{id}");
    assert_eq!(text_of(&queue, &format!("{item} .queue-flags p")), "أبلغ عنه قارئان:");
    assert!(text_of(&queue, &format!("{item} .queue-flags li:first-child")).starts_with("خارج الموضوع، من"));
    let (_, all) = moderator.page("/moderation?tab=all").await;
    assert_speaks(&all, "ar", "every comment in the queue");
    app.stop().await;
}

async fn an_urdu_story_on_an_english_site_wears_urdu_chrome(db: &TestDatabase) {
    let app = TestApp::with_demo(db).await;
    let story = app.page(&format!("/articles/{URDU}")).await;
    assert_speaks(&story, "ur", "an Urdu story on an English site");
    // English stories in its rail keep their language, marked.
    for card in select(&story, "aside.rail .card") {
        assert_eq!(card.value().attr("lang"), Some("en"));
    }
    // The English front page stays English, its Urdu cards' dates and
    // counts in English around Urdu headlines.
    let home = app.page("/").await;
    assert_eq!(attr(&home, "html", "lang"), "en");
    assert_eq!(text_of(&home, "#featured-heading"), "Featured content");
    let english = app.page(&format!("/articles/{LEAD}")).await;
    assert_eq!(attr(&english, "html", "lang"), "en");
    assert_eq!(text_of(&english, "#comments-heading > span:first-child"), "Comments");
    app.stop().await;
}

async fn an_urdu_section_of_an_english_site_is_an_urdu_edition(db: &TestDatabase) {
    let app = TestApp::with_config(db, crate::support::BASE, |c| {
        c.site.section_languages.insert("culture".into(), "ur".into());
    })
    .await
    .with_demo_loaded()
    .await;
    let section = app.page("/sections/culture").await;
    assert_speaks(&section, "ur", "the Urdu edition's section page");
    // Its English stories keep their language, marked on their cards.
    assert!(!select(&section, "article.card[lang=en]").is_empty(), "{}", section.html());
    // The rest of the site is English.
    let world = app.page("/sections/world").await;
    assert_eq!(attr(&world, "html", "lang"), "en");
    assert_eq!(attr(&app.page("/").await, "html", "lang"), "en");
    app.stop().await;
}

async fn a_reader_chooses_the_language_of_the_site_for_themselves(db: &TestDatabase) {
    let app = TestApp::with_demo_in(db, "en").await;
    let reader = app.commenter("amna").await;
    let chosen = reader.submit("/account", "/account/language", &[("language", "ur")]).await;
    assert_eq!(chosen.status(), 303);
    assert_eq!(chosen.headers()["location"], "/account?done=language#language");
    // Said in the language just chosen.
    let (_, account) = reader.page("/account?done=language").await;
    assert_eq!(text_of(&account, ".notice"), "آپ کی منتخب زبان محفوظ ہو گئی۔");
    assert_eq!(attr(&account, "input[name=language][checked]", "value"), "ur");

    // An English story: the story stays English, the site's words around
    // it are Urdu, and say so.
    let (_, story) = reader.page(&format!("/articles/{LEAD}")).await;
    assert_eq!(attr(&story, "html", "lang"), "en");
    assert_eq!(attr(&story, "header.site-header", "lang"), "ur");
    assert_eq!(attr(&story, "header.site-header", "dir"), "rtl");
    assert_eq!(text_of(&story, "label[for=comment-body]"), "آپ کا تبصرہ");
    assert_eq!(attr(&story, "#compose", "lang"), "ur");
    // Nobody else is affected, and the shared page is not changed.
    let anonymous = app.page(&format!("/articles/{LEAD}")).await;
    assert!(select(&anonymous, "header.site-header")[0].value().attr("lang").is_none());
    assert_eq!(text_of(&anonymous, "#comments-heading > span:first-child"), "Comments");

    // The site's own words around English cards on the front page are
    // the reader's, and marked so.
    let (_, home) = reader.page("/").await;
    let english_card = "article.card:has(a[href='/articles/who-is-ines-achterberg']) .meta";
    assert_eq!(attr(&home, english_card, "lang"), "ur");

    // A problem page speaks it too, and says so.
    let (status, missing) = reader.page("/no/such/page").await;
    assert_eq!(status, 404);
    assert_speaks(&missing, "ur", "a 404 page for a reader who chose Urdu");
    assert_eq!(text_of(&missing, "h1"), "صفحہ نہیں ملا");

    // A language the site has no catalogue for is refused, the choice
    // kept; so is an offered language written another way.
    for refused in ["de", "ar-x-private", "UR"] {
        let response = reader.submit("/account", "/account/language", &[("language", refused)]).await;
        assert_eq!(response.status(), 400, "{refused}");
    }
    let (_, story) = reader.page(&format!("/articles/{LEAD}")).await;
    assert_eq!(attr(&story, "header.site-header", "lang"), "ur");
    // Back to each page's own language.
    assert_eq!(reader.submit("/account", "/account/language", &[("language", "")]).await.status(), 303);
    let (_, story) = reader.page(&format!("/articles/{LEAD}")).await;
    assert!(select(&story, "header.site-header")[0].value().attr("lang").is_none());
    assert_eq!(text_of(&story, "label[for=comment-body]"), "Your comment");
    app.stop().await;
}

async fn a_reader_chooses_their_colours_without_a_script(db: &TestDatabase) {
    let app = TestApp::with_demo_in(db, "en").await;
    let reader = app.commenter("nadia").await;
    let (_, account) = reader.page("/account").await;
    assert_eq!(attr(&account, "input[name=theme][checked]", "value"), "", "the system's until chosen");
    assert!(select(&account, "html")[0].value().attr("data-theme").is_none());
    let chosen = reader.submit("/account", "/account/theme", &[("theme", "dark")]).await;
    assert_eq!(chosen.status(), 303);
    let (_, account) = reader.page("/account?done=theme").await;
    assert_eq!(text_of(&account, ".notice"), "Your choice of colours is saved.");
    assert_eq!(attr(&account, "input[name=theme][checked]", "value"), "dark");
    // Every page they open is drawn dark; nobody else's is.
    let (_, story) = reader.page(&format!("/articles/{LEAD}")).await;
    assert_eq!(attr(&story, "html", "data-theme"), "dark");
    let anonymous = app.page(&format!("/articles/{LEAD}")).await;
    assert!(select(&anonymous, "html")[0].value().attr("data-theme").is_none());
    assert_eq!(reader.submit("/account", "/account/theme", &[("theme", "purple")]).await.status(), 400);
    assert_eq!(reader.submit("/account", "/account/theme", &[("theme", "")]).await.status(), 303);
    let (_, story) = reader.page(&format!("/articles/{LEAD}")).await;
    assert!(select(&story, "html")[0].value().attr("data-theme").is_none());
    app.stop().await;
}

byline_store::test_on_both_backends!(
    a_reader_chooses_their_colours_without_a_script,
    a_reader_chooses_the_language_of_the_site_for_themselves,
    an_urdu_site_speaks_urdu_to_everyone,
    an_arabic_site_speaks_arabic_with_six_plural_forms,
    an_urdu_story_on_an_english_site_wears_urdu_chrome,
    an_urdu_section_of_an_english_site_is_an_urdu_edition,
);
