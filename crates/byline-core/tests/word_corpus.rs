//! The word-list matcher against a corpus of evasions and ordinary
//! comments (`tests/corpus/`): every evasion must be held or refused,
//! ordinary comments published, and reportage quoting a threat word held,
//! never refused. Prints the catch and false-hold rates with every miss,
//! and fails below 95 % caught or above 1 % held.
//!
//! Each comment goes through what posting does: its language is detected
//! with the article's language as the fallback, then the list is searched.
#![expect(clippy::expect_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::LanguageTag;
use byline_core::comments::{CommentBody, CommentLimits, detect_language};
use byline_core::moderation::{WordAction, WordLists, WordMatch, parse_word_list};

const LIST: &str = include_str!("corpus/list.txt");
const EVASIONS: &str = include_str!("corpus/evasions.txt");
const ORDINARY: &str = include_str!("corpus/ordinary.txt");
const REPORTAGE: &str = include_str!("corpus/reportage.txt");

/// One comment of the corpus.
struct Line {
    number: usize,
    /// The language of the article it is posted under.
    article: &'static str,
    family: String,
    text: String,
}

/// `\uXXXX` and `\u{XXXXX}` escapes, for characters that cannot be seen.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        let braced = rest[at + 2..].strip_prefix('{').and_then(|r| r.split_once('}'));
        let (hex, len) = match braced {
            Some((hex, _)) => (Some(hex), hex.len() + 4),
            None => (rest.get(at + 2..at + 6), 6),
        };
        match hex.and_then(|hex| u32::from_str_radix(hex, 16).ok()).and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                rest = &rest[at + len..];
            }
            None => {
                out.push_str("\\u");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn lines(corpus: &str) -> Vec<Line> {
    corpus
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(index, line)| {
            let mut parts = line.splitn(3, ' ');
            let (language, family, text) = (parts.next(), parts.next(), parts.next());
            let (Some(language), Some(family), Some(text)) = (language, family, text) else {
                panic!("line {}: expected `LANGUAGE FAMILY text`", index + 1)
            };
            let article = match language {
                "en" | "roman" => "en",
                "ur" => "ur",
                "ar" => "ar",
                other => panic!("line {}: unknown language {other}", index + 1),
            };
            Line { number: index + 1, article, family: format!("{language} {family}"), text: unescape(text) }
        })
        .collect()
}

fn search(lists: &WordLists, line: &Line) -> Vec<WordMatch> {
    let body = CommentBody::parse(&line.text, &CommentLimits::default()).expect("a comment of the corpus");
    let article = LanguageTag::parse(line.article).expect("a language tag");
    lists.find(body.as_str(), &detect_language(&body, &article))
}

fn describe(found: &[WordMatch]) -> String {
    found.iter().map(|m| format!("“{}” ({}, {:?})", m.term, m.how_described(), m.action)).collect::<Vec<_>>().join("; ")
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { 100.0 * part as f64 / whole as f64 }
}

#[test]
fn the_corpus_is_caught_and_ordinary_comments_pass() {
    let lists = WordLists::new(parse_word_list(LIST).expect("the corpus list reads")).expect("the list compiles");

    let evasions = lines(EVASIONS);
    let mut missed = Vec::new();
    let mut families: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for line in &evasions {
        let caught = !search(&lists, line).is_empty();
        let tally = families.entry(line.family.clone()).or_default();
        tally.1 += 1;
        if caught {
            tally.0 += 1;
        } else {
            missed.push(format!("  line {}: {} {:?}", line.number, line.family, line.text));
        }
    }

    let ordinary = lines(ORDINARY);
    let mut held = Vec::new();
    for line in &ordinary {
        let found = search(&lists, line);
        if !found.is_empty() {
            held.push(format!("  line {}: {} {:?}: {}", line.number, line.family, line.text, describe(&found)));
        }
    }

    let reportage = lines(REPORTAGE);
    let mut misjudged = Vec::new();
    for line in &reportage {
        let found = search(&lists, line);
        if found.is_empty() || found.iter().any(|m| m.action == WordAction::Reject) {
            misjudged.push(format!("  line {}: {:?}: {}", line.number, line.text, describe(&found)));
        }
    }

    let caught = evasions.len() - missed.len();
    let caught_rate = percent(caught, evasions.len());
    let held_rate = percent(held.len(), ordinary.len());
    println!("evasions caught: {caught} of {} ({caught_rate:.1} %)", evasions.len());
    for (family, (caught, all)) in &families {
        println!("  {family}: {caught} of {all}");
    }
    println!("ordinary comments held: {} of {} ({held_rate:.1} %)", held.len(), ordinary.len());
    println!("reportage held, never refused: {} of {}", reportage.len() - misjudged.len(), reportage.len());
    println!("missed:\n{}", missed.join("\n"));
    println!("held:\n{}", held.join("\n"));
    println!("reportage misjudged:\n{}", misjudged.join("\n"));

    assert!(evasions.len() >= 300 && ordinary.len() >= 200, "the corpus is too small");
    assert!(caught_rate >= 95.0, "caught {caught_rate:.1} % of evasions");
    assert!(held_rate <= 1.0, "held {held_rate:.1} % of ordinary comments");
    assert!(misjudged.is_empty(), "reportage refused or published");
}

/// The starter lists shipped in `word-lists/`, joined as the README says.
fn starter_lists() -> WordLists {
    let joined = [
        include_str!("../../../word-lists/en.txt"),
        include_str!("../../../word-lists/ur.txt"),
        include_str!("../../../word-lists/ar.txt"),
    ]
    .join("\n");
    WordLists::new(parse_word_list(&joined).expect("the starter lists read")).expect("the starter lists compile")
}

#[test]
fn the_starter_lists_hold_threats_in_reportage_and_refuse_slurs() {
    let lists = starter_lists();
    let verdict = |text: &str, article: &'static str| {
        let line = Line { number: 0, article, family: String::new(), text: text.to_owned() };
        let found = search(&lists, &line);
        if found.iter().any(|m| m.action == WordAction::Reject) {
            Some(WordAction::Reject)
        } else {
            found.first().map(|m| m.action)
        }
    };
    for (text, article) in [
        ("The group vowed to kill anyone who spoke to the press.", "en"),
        ("Two men were killed when the bomb went off.", "en"),
        ("پولیس نے قتل کا مقدمہ درج کر لیا۔", "ur"),
        ("قال المتحدث إن الجماعة توعدت بذبح الرهائن.", "ar"),
        ("Usne kaha tha ke woh gaddar hai.", "en"),
    ] {
        assert_eq!(verdict(text, article), Some(WordAction::Hold), "{text}");
    }
    for (text, article) in [("Go home, raghead.", "en"), ("یہ حرامی ہے", "ur"), ("يا خنزير", "ar")] {
        assert_eq!(verdict(text, article), Some(WordAction::Reject), "{text}");
    }
    for (text, article) in [
        ("The ceasefire held for a third day.", "en"),
        ("He is a skilled negotiator from Killarney.", "en"),
        ("کافی لوگ زخمی ہوئے ہیں۔", "ur"),
        ("الصليب الأحمر يقدم المساعدات.", "ar"),
    ] {
        assert_eq!(verdict(text, article), None, "{text}");
    }
}
