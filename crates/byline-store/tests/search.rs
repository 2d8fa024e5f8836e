//! Search on both backends, in English, Urdu and Arabic: what readers type
//! finds the stories written otherwise (without diacritics, with the other
//! script's letters), the headline counts above the body, and nothing a
//! reader may not see is ever found.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::article_file::parse_article_file;
use byline_core::{ArticleInput, ArticleStatus, Timestamp};
use byline_store::testing::TestDatabase;
use byline_store::{Base, Editor, SearchQuery, Store, search_words};

const NOON: Timestamp = Timestamp::from_millis(1_795_780_800_000);
const DESK: Editor<'static> = Editor { id: None, name: "Desk" };

fn story(slug: &str, section: &str, language: &str, headline: &str, body: &str) -> ArticleInput {
    let text = format!(
        "+++\nslug = \"{slug}\"\nheadline = \"{headline}\"\nstandfirst = \"A standfirst.\"\n\
         author = \"Reporter\"\nsection = \"{section}\"\nlanguage = \"{language}\"\nstatus = \"published\"\n+++\n{body}\n"
    );
    parse_article_file(&text).unwrap()
}

async fn publish(store: &Store, input: &ArticleInput, at: Timestamp) -> i64 {
    let mut input = input.clone();
    input.published_at = Some(at);
    match store.save_story(Base::New, &input, DESK, "", at).await.unwrap() {
        byline_store::Saved::Saved { id, .. } => id,
        other => panic!("not saved: {other:?}"),
    }
}

async fn found(store: &Store, words: &str) -> Vec<String> {
    found_with(store, SearchQuery { words, limit: 20, ..SearchQuery::default() }).await
}

async fn found_with(store: &Store, query: SearchQuery<'_>) -> Vec<String> {
    let results = store.search_articles(&query, NOON.plus_hours(1)).await.unwrap();
    results.hits.into_iter().map(|h| h.summary.slug.to_string()).collect()
}

async fn seed(store: &Store) {
    let stories = [
        story(
            "dam-budget",
            "Politics",
            "en",
            "Dam budget passes",
            "Councillors passed the budget for the river works: river walls, river gauges and a new river bridge.",
        ),
        story(
            "river-accord",
            "World",
            "en",
            "River accord signed",
            "The Seyra accord shares water between two states.",
        ),
        story(
            "book-fair",
            "Culture",
            "ur",
            "قندیل پور کا کتاب میلہ",
            "کتاب میلہ تین برس بعد لوٹ آیا۔ پرانی کتابیں اور نئی کہانیاں۔",
        ),
        story(
            "manuscripts",
            "Culture",
            "ar",
            "مَخْطُوطَاتُ دَيرِ السَّنابِل",
            "أنهى فريق من المرمّمين إصلاح أكثر من ألفي مخطوطة في المكتبة.",
        ),
    ];
    for (i, input) in stories.iter().enumerate() {
        publish(store, input, NOON.plus_minutes(-(i as i64) * 10)).await;
    }
}

async fn english_words_find_their_stories_headline_first(db: &TestDatabase) {
    let store = db.store().await;
    seed(&store).await;
    // Both hold "river": the one with it once in its headline comes first,
    // though the other is newer and says it four times in its body.
    assert_eq!(found(&store, "river").await, ["river-accord", "dam-budget"]);
    // Case, punctuation and the words' order do not matter; every word must be there.
    assert_eq!(found(&store, "ACCORD, Seyra!").await, ["river-accord"]);
    assert_eq!(found(&store, "river budget").await, ["dam-budget"]);
    assert!(found(&store, "river harbour").await.is_empty());
    assert!(found(&store, "   ").await.is_empty(), "no words, no search");
    // Operators of either query language are only words here.
    assert!(found(&store, "river OR NOT \"dam\" AND (budget*) -x & !y | z:").await.is_empty());
    assert_eq!(found(&store, "\"river\" accord").await, ["river-accord"]);
}

async fn urdu_and_arabic_are_found_however_they_are_typed(db: &TestDatabase) {
    let store = db.store().await;
    seed(&store).await;
    assert_eq!(found(&store, "کتاب میلہ").await, ["book-fair"]);
    // Arabic kaf and yeh for the Urdu letters, as an Arabic keyboard types them.
    assert_eq!(found(&store, "كتاب ميلہ").await, ["book-fair"]);
    assert_eq!(found(&store, "قنديل پور").await, ["book-fair"]);
    // A headline written with diacritics, found by a search without them;
    assert_eq!(found(&store, "مخطوطات دير").await, ["manuscripts"]);
    // and a search with them, or with tatweel, or in presentation forms.
    assert_eq!(found(&store, "مَخطوطات").await, ["manuscripts"]);
    assert_eq!(found(&store, "مخـــطوطات").await, ["manuscripts"]);
    assert_eq!(found(&store, "\u{FEE3}\u{FEA8}\u{FEC4}\u{FEEE}\u{FEC3}\u{FE8E}\u{FE95}").await, ["manuscripts"]);
    // Body words count too.
    assert_eq!(found(&store, "المكتبة").await, ["manuscripts"]);
    assert_eq!(found(&store, "کہانیاں").await, ["book-fair"]);
}

async fn filters_narrow_by_section_and_date(db: &TestDatabase) {
    let store = db.store().await;
    seed(&store).await;
    let in_politics = SearchQuery { words: "river", section: Some("politics"), limit: 20, ..SearchQuery::default() };
    assert_eq!(found_with(&store, in_politics).await, ["dam-budget"]);
    // dam-budget at noon, river-accord ten minutes before.
    let since = SearchQuery { words: "river", from: Some(NOON.plus_minutes(-5)), limit: 20, ..SearchQuery::default() };
    assert_eq!(found_with(&store, since).await, ["dam-budget"]);
    let before =
        SearchQuery { words: "river", until: Some(NOON.plus_minutes(-5)), limit: 20, ..SearchQuery::default() };
    assert_eq!(found_with(&store, before).await, ["river-accord"]);
    // Pages: one at a time, with word of more.
    let first = store
        .search_articles(&SearchQuery { words: "river", limit: 1, ..SearchQuery::default() }, NOON.plus_hours(1))
        .await
        .unwrap();
    assert_eq!((first.hits.len(), first.more), (1, true));
    let second = store
        .search_articles(
            &SearchQuery { words: "river", limit: 1, offset: 1, ..SearchQuery::default() },
            NOON.plus_hours(1),
        )
        .await
        .unwrap();
    assert_eq!((second.hits[0].summary.slug.as_str(), second.more), ("dam-budget", false));
}

async fn nothing_a_reader_may_not_see_is_found(db: &TestDatabase) {
    let store = db.store().await;
    seed(&store).await;
    // An embargoed story: scheduled for after the search.
    let mut embargoed = story("embargoed-river", "World", "en", "Embargoed river plan", "Secret until Friday.");
    embargoed.status = ArticleStatus::Scheduled;
    publish(&store, &embargoed, NOON.plus_hours(2)).await;
    let mut draft = story("draft-river", "World", "en", "Draft river notes", "Not for readers.");
    draft.status = ArticleStatus::Draft;
    publish(&store, &draft, NOON).await;
    assert_eq!(found(&store, "river").await, ["river-accord", "dam-budget"]);
    assert!(found(&store, "embargoed").await.is_empty());
    assert!(found(&store, "draft notes").await.is_empty());
    // Once its time has come, the scheduled story is found.
    let later = store
        .search_articles(&SearchQuery { words: "embargoed", limit: 5, ..SearchQuery::default() }, NOON.plus_hours(3))
        .await
        .unwrap();
    assert_eq!(later.hits.len(), 1);

    // Withdrawn: edited out of the index at once.
    let id = publish(&store, &story("withdrawn", "World", "en", "Withdrawn harbour story", "Harbour."), NOON).await;
    assert_eq!(found(&store, "harbour").await, ["withdrawn"]);
    let mut unpublished = story("withdrawn", "World", "en", "Withdrawn harbour story", "Harbour.");
    unpublished.status = ArticleStatus::Unpublished;
    unpublished.published_at = Some(NOON);
    store.save_story(Base::Version { id, version: 1 }, &unpublished, DESK, "", NOON).await.unwrap();
    assert!(found(&store, "harbour").await.is_empty());
}

async fn an_edit_changes_what_a_story_is_found_by(db: &TestDatabase) {
    let store = db.store().await;
    let mut input = story("renamed", "World", "en", "Harbour reopens", "Boats return.");
    input.published_at = Some(NOON);
    let id = publish(&store, &input, NOON).await;
    assert_eq!(found(&store, "harbour").await, ["renamed"]);
    input.headline = "Port reopens".into();
    store.save_story(Base::Version { id, version: 1 }, &input, DESK, "", NOON).await.unwrap();
    assert!(found(&store, "harbour").await.is_empty());
    assert_eq!(found(&store, "port boats").await, ["renamed"]);
}

#[test]
fn search_words_are_reduced_deduplicated_and_bounded() {
    assert_eq!(search_words("River, river RIVER accord"), ["river", "accord"]);
    assert_eq!(search_words("مَخْطُوطَة"), ["مخطوطہ"]);
    let many = (0..40).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
    assert_eq!(search_words(&many).len(), byline_store::MOST_SEARCH_WORDS);
}

byline_store::test_on_both_backends!(
    english_words_find_their_stories_headline_first,
    urdu_and_arabic_are_found_however_they_are_typed,
    filters_narrow_by_section_and_date,
    nothing_a_reader_may_not_see_is_found,
    an_edit_changes_what_a_story_is_found_by,
);
