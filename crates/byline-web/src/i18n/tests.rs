//! The catalogues are complete and well formed, every message the
//! templates and handlers ask for exists, and the localised templates hold
//! no words of their own.

use std::collections::BTreeSet;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

use super::*;

fn tag(text: &str) -> LanguageTag {
    LanguageTag::parse(text).unwrap()
}

/// Each catalogue's messages, attributes as `id.attr`.
fn ids(source: &str) -> BTreeSet<String> {
    let resource = FluentResource::try_new(source.to_owned()).unwrap();
    let mut ids = BTreeSet::new();
    for entry in resource.entries() {
        if let Entry::Message(message) = entry {
            ids.insert(message.id.name.to_owned());
            for attribute in &message.attributes {
                ids.insert(format!("{}.{}", message.id.name, attribute.id.name));
            }
        }
    }
    ids
}

#[test]
fn every_catalogue_parses_whole() {
    for (lang, source) in CATALOGUES {
        if let Err((_, errors)) = FluentResource::try_new((*source).to_owned()) {
            panic!("{lang}.ftl: {errors:?}");
        }
    }
}

#[test]
fn every_catalogue_has_every_message() {
    let english = ids(CATALOGUES[0].1);
    assert!(english.len() > 100, "the English catalogue is the reference");
    for (lang, source) in &CATALOGUES[1..] {
        let theirs = ids(source);
        let missing: Vec<_> = english.difference(&theirs).collect();
        let extra: Vec<_> = theirs.difference(&english).collect();
        assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
        assert!(extra.is_empty(), "{lang}.ftl has messages English lacks: {extra:?}");
    }
}

/// The plural categories a language uses, found by asking its rules about
/// the numbers that tell them apart.
fn categories(lang: &str) -> BTreeSet<&'static str> {
    let rules = PluralRules::create(lang.parse::<unic_langid::LanguageIdentifier>().unwrap(), PluralRuleType::CARDINAL)
        .unwrap();
    (0..=1_000)
        .map(|n| match rules.select(n).unwrap() {
            PluralCategory::ZERO => "zero",
            PluralCategory::ONE => "one",
            PluralCategory::TWO => "two",
            PluralCategory::FEW => "few",
            PluralCategory::MANY => "many",
            PluralCategory::OTHER => "other",
        })
        .collect()
}

/// The variant keys of every selection on `$count` in a pattern.
fn count_selections<'s>(pattern: &Pattern<&'s str>, found: &mut Vec<BTreeSet<&'s str>>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression: Expression::Select { selector, variants } } = element
            && matches!(selector, InlineExpression::VariableReference { id } if id.name == "count")
        {
            found.push(
                variants
                    .iter()
                    .filter_map(|v| match &v.key {
                        fluent_syntax::ast::VariantKey::Identifier { name } => Some(*name),
                        fluent_syntax::ast::VariantKey::NumberLiteral { .. } => None,
                    })
                    .collect(),
            );
            for variant in variants {
                count_selections(&variant.value, found);
            }
        }
    }
}

#[test]
fn every_count_has_each_plural_form_of_its_language() {
    assert_eq!(categories("ar").len(), 6, "Arabic has six plural forms");
    assert_eq!(categories("ur").len(), 2);
    for (lang, source) in CATALOGUES {
        let needed = categories(lang);
        let resource = FluentResource::try_new((*source).to_owned()).unwrap();
        let mut checked = 0;
        for entry in resource.entries() {
            let Entry::Message(message) = entry else { continue };
            let mut found = Vec::new();
            if let Some(value) = &message.value {
                count_selections(value, &mut found);
            }
            for keys in found {
                checked += 1;
                assert_eq!(keys, needed, "{lang}.ftl: {} needs exactly the forms {needed:?}", message.id.name);
            }
        }
        assert!(checked >= 2, "{lang}.ftl has its counted messages");
    }
}

#[test]
fn arabic_counts_take_their_six_forms() {
    let ar = Locale::for_tag(&tag("ar")).unwrap();
    assert_eq!(ar.count("card-comments", 0), "لا تعليقات");
    assert_eq!(ar.count("card-comments", 1), "تعليق واحد");
    assert_eq!(ar.count("card-comments", 2), "تعليقان");
    assert_eq!(ar.count("card-comments", 3), "3 تعليقات");
    assert_eq!(ar.count("card-comments", 11), "11 تعليقًا");
    assert_eq!(ar.count("card-comments", 100), "100 تعليق");
    let ur = Locale::for_tag(&tag("ur")).unwrap();
    assert_eq!(ur.count("card-comments", 1), "1 تبصرہ");
    assert_eq!(ur.count("card-comments", 5), "5 تبصرے");
    let en = Locale::english();
    assert_eq!(en.count("card-comments", 1), "1 comment");
    assert_eq!(en.count("card-comments", 0), "0 comments");
}

#[test]
fn digits_follow_the_locale() {
    // Egypt's Arabic writes Eastern Arabic-Indic digits, inside messages
    // and out; Arabic without a region and Urdu write Western ones.
    let egypt = Locale::for_tag(&tag("ar-EG")).unwrap();
    assert_eq!(egypt.count("card-comments", 11), "١١ تعليقًا");
    assert_eq!(egypt.number(1_234), "١٬٢٣٤");
    let at = Timestamp::parse_minute("2026-11-26T09:30").unwrap();
    let moment = egypt.moment(at);
    assert!(moment.contains("٢٠٢٦") && moment.contains("٠٩:٣٠") && moment.contains("نوفمبر"), "{moment}");
    let india = Locale::for_tag(&tag("ur-IN")).unwrap();
    assert!(india.moment(at).contains("۲۰۲۶"), "{}", india.moment(at));
    assert_eq!(Locale::english().number(1_234), "1,234");
}

#[test]
fn moments_are_written_in_each_language_on_the_24_hour_clock() {
    let at = Timestamp::parse_minute("2026-11-26T21:05").unwrap();
    let en = Locale::english().moment(at);
    assert!(en.contains("November") && en.contains("2026") && en.contains("21:05") && en.ends_with("UTC"), "{en}");
    let ur = Locale::for_tag(&tag("ur")).unwrap().moment(at);
    assert!(ur.contains("نومبر") && ur.contains("21:05") && !ur.contains("PM"), "{ur}");
    assert!(!ur.chars().any(|c| c.is_ascii_alphabetic()), "no Latin letters in an Urdu date: {ur}");
    let ar = Locale::for_tag(&tag("ar")).unwrap().moment(at);
    assert!(ar.contains("نوفمبر") && ar.contains("21:05"), "{ar}");
    assert!(!ar.chars().any(|c| c.is_ascii_alphabetic()), "{ar}");
}

#[test]
fn a_page_speaks_the_first_language_with_a_catalogue() {
    assert_eq!(Locale::choose([&tag("fr"), &tag("ur")]).lang().as_str(), "ur");
    assert_eq!(Locale::choose([&tag("fr")]).lang().as_str(), "en");
    assert_eq!(Locale::choose([&tag("ar-EG")]).lang().as_str(), "ar-EG");
    assert!(Locale::for_tag(&tag("de")).is_none());
    // Roman Urdu is Urdu in another script than the catalogue's.
    assert!(Locale::for_tag(&tag("ur-Latn")).is_none());
    assert_eq!(Locale::choose([&tag("ur-Latn"), &tag("en")]).lang().as_str(), "en");
    assert!(Locale::for_tag(&tag("ur-Arab-PK")).is_some());
}

#[test]
fn a_missing_message_is_marked_not_invented() {
    let ur = Locale::for_tag(&tag("ur")).unwrap();
    assert_eq!(ur.t("no-such-message"), "⟦no-such-message⟧");
}

#[test]
fn phrases_escape_their_words_and_keep_their_links() {
    let en = Locale::english();
    let joined = en.linked("join", &[("signin", "/signin"), ("signup", "/signup?a=1&b=2")]).to_string();
    assert_eq!(
        joined,
        "<a href=\"/signin\">Sign in</a> or <a href=\"/signup?a=1&#38;b=2\">create an account</a> to join the discussion."
    );
    let named = en.named("signed-in-as", "<script>x</script>").to_string();
    assert_eq!(named, "Signed in as <bdi>&#60;script&#62;x&#60;/script&#62;</bdi>");
    // A name holding the marks the phrase uses inside cannot pull in
    // another part of it.
    let forged = en.comment_on("Ann\u{E000}1\u{E001}", "/articles/x#c-1", "Headline").to_string();
    assert_eq!(forged, "<bdi>Ann\u{E000}1\u{E001}</bdi> on <a href=\"/articles/x#c-1\" dir=\"auto\">Headline</a>");
    let framed = en.linked_popup("join-framed", "signin", &[("signin", "/embed/signin")]).to_string();
    assert!(framed.contains("<a href=\"/embed/signin\" data-popup>"), "{framed}");
}

// --- What the templates and handlers ask for ------------------------------

/// The templates whose every word comes from the catalogue. A template
/// moves here when it is translated; `localised_templates_hold_no_words`
/// then keeps it so.
const LOCALISED: &[&str] = &[
    "layout/base.html",
    "layout/_card.html",
    "layout/_rail.html",
    "layout/problem.html",
    "pages/home.html",
    "pages/list.html",
    "pages/article.html",
    "pages/search.html",
    "comments/_bar.html",
    "comments/_item.html",
    "comments/item.html",
    "moderation/queue.html",
    "moderation/_nav.html",
    "moderation/_queue_fields.html",
    "forms/form.html",
    "forms/_field.html",
    "forms/notice.html",
    "accounts/settings.html",
    "moderation/people.html",
    "moderation/person.html",
    "moderation/_log_table.html",
    "moderation/dashboard.html",
    "moderation/_chart.html",
    "moderation/log.html",
    "accounts/users.html",
];

fn template(path: &str) -> String {
    std::fs::read_to_string(format!("{}/src/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Template text with its tags, expressions, statements, comments and
/// markup taken out: what a reader would read that the template wrote.
fn own_words(source: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = source;
    let mut text = String::new();
    while !rest.is_empty() {
        let next = ["{{", "{%", "{#", "<"].iter().filter_map(|open| rest.find(open).map(|at| (at, *open))).min();
        let Some((at, open)) = next else {
            text.push_str(rest);
            break;
        };
        text.push_str(&rest[..at]);
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            "{#" => "#}",
            _ => ">",
        };
        let after = &rest[at + open.len()..];
        let end = after.find(close).unwrap_or(after.len());
        if open == "<" {
            // Attribute values a reader meets: labels, titles, alternatives.
            words.extend(attribute_words(&after[..end]));
        }
        text.push(' ');
        rest = after.get(end + close.len()..).unwrap_or("");
    }
    words.extend(text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).map(str::to_owned));
    words
}

fn attribute_words(tag: &str) -> Vec<String> {
    let tag: String = tag.split("{{").map(|part| part.split_once("}}").map_or(part, |(_, after)| after)).collect();
    let mut words = Vec::new();
    for name in ["aria-label=\"", "title=\"", "alt=\"", "placeholder=\""] {
        for (at, _) in tag.match_indices(name) {
            let value = &tag[at + name.len()..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            words.extend(value.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).map(str::to_owned));
        }
    }
    words
}

/// Names no language translates: the feed formats.
const NAMES: &[&str] = &["RSS", "Atom", "(RSS)", "(Atom)"];

#[test]
fn localised_templates_hold_no_words() {
    for path in LOCALISED {
        let mut words = own_words(&template(path));
        words.retain(|w| !NAMES.contains(&w.as_str()));
        assert!(words.is_empty(), "{path} writes words of its own instead of the catalogue's: {words:?}");
    }
}

#[test]
fn the_word_finder_finds_words() {
    // The check above would pass on an empty finder; this one would not.
    let words = own_words(
        "<p class=\"x\">Hello {{ name }}</p><a aria-label=\"More stories\" href=\"/\">{{ t(\"x\") }}</a> · {# note #}",
    );
    assert_eq!(words, ["More", "stories", "Hello"]);
}

/// The message ids a source asks for through `method("id"`.
fn asked_for(source: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for method in [
        "i18n.t(\"",
        ".count(\"",
        ".named(\"",
        ".linked(\"",
        ".linked_popup(\"",
        ".until(\"",
        ".with(\"",
        ".numbers(\"",
        ".counted(\"",
        ".link_to(\"",
        "Tombstone(\"",
    ] {
        for (at, _) in source.match_indices(method) {
            let rest = &source[at + method.len()..];
            let id = &rest[..rest.find('"').unwrap_or(0)];
            if !id.contains('{') && !id.is_empty() {
                ids.push(id.to_owned());
            }
        }
    }
    ids
}

fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "html" || e == "rs") && !path.ends_with("i18n/tests.rs") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn every_message_asked_for_is_in_the_catalogue() {
    let english = ids(CATALOGUES[0].1);
    let mut files = Vec::new();
    sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut asked = 0;
    for (path, source) in &files {
        for id in asked_for(source) {
            asked += 1;
            assert!(english.contains(&id), "{path} asks for `{id}`, which the catalogue lacks");
        }
    }
    assert!(asked > 80, "the finder found the messages asked for ({asked})");
    // Messages named by a key at run time.
    for (key, _) in FLAG_REASONS {
        assert!(english.contains(&format!("flag-reason-{key}")), "flag reason {key}");
    }
    for status in 100..600 {
        let problem = crate::error::Problem::of_status(axum::http::StatusCode::from_u16(status).unwrap());
        assert!(english.contains(problem.heading_id()), "{status}");
    }
}

use crate::comments::refusals::FLAG_REASONS;

/// Message ids the code names as constants (a tab's, a state's, a rule's)
/// and hands to a template: string literals made only of lowercase words
/// and hyphens, beginning with one of these.
const ID_PREFIXES: &[&str] = &[
    "mod-", "status-", "rule-", "verdict-", "refusal-", "ago-", "finding-", "refused-", "mistake-", "js-", "form-",
    "account-",
];

fn literal_ids(source: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for piece in source.split('"').skip(1).step_by(2) {
        if ID_PREFIXES.iter().any(|p| piece.starts_with(p))
            && piece.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            && !piece.ends_with('-')
        {
            ids.push(piece.to_owned());
        }
    }
    ids
}

#[test]
fn every_message_the_code_names_is_in_the_catalogue() {
    let english = ids(CATALOGUES[0].1);
    let mut files = Vec::new();
    sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut named = 0;
    for (path, source) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        for id in literal_ids(source) {
            named += 1;
            assert!(english.contains(&id), "{path} names `{id}`, which the catalogue lacks");
        }
    }
    assert!(named > 30, "the finder found the messages named ({named})");
    for disguise in byline_core::moderation::Disguise::ALL {
        assert!(english.contains(&format!("disguise-{}", disguise.key())), "disguise {}", disguise.key());
    }
    for (key, _) in byline_core::moderation::findings::SIGNALS {
        assert!(english.contains(&format!("signal-{key}")), "signal {key}");
    }
    for action in byline_store::LOG_ACTIONS {
        assert!(english.contains(&format!("log-action-{action}")), "log action {action}");
    }
    for standing in ["active", "suspended", "banned"] {
        assert!(english.contains(&format!("standing-{standing}")), "standing {standing}");
    }
    for role in byline_core::accounts::Role::ALL {
        assert!(english.contains(&format!("role-{role}")), "role {role}");
    }
    for refusal in byline_core::moderation::Refusal::ALL {
        assert!(english.contains(&format!("refusal-{}", refusal.key)), "refusal {}", refusal.key);
    }
}

#[test]
fn how_long_ago_reads_in_each_language() {
    let now = Timestamp::from_millis(1_795_771_800_000);
    let english = Locale::choose([&tag("en")]);
    let said = |locale: &Locale, seconds: i64| {
        let html = locale.ago(Timestamp::from_millis(now.millis() - seconds * 1_000), now).to_string();
        let start = html.find('>').unwrap() + 1;
        html[start..html.rfind("</time>").unwrap()].to_owned()
    };
    assert_eq!(said(english, 5), "just now");
    assert_eq!(said(english, 60), "a minute ago");
    assert_eq!(said(english, 3 * 3_600 + 59), "3 hours ago");
    assert_eq!(said(english, 2 * 86_400), "2 days ago");
    // Past a month, the date itself; a moment to come reads as now.
    assert!(said(english, 40 * 86_400).contains("2026"), "{}", said(english, 40 * 86_400));
    assert_eq!(said(english, -30), "just now");
    let arabic = Locale::choose([&tag("ar")]);
    assert_eq!(said(arabic, 2 * 3_600), "منذ ساعتين");
    assert_eq!(said(arabic, 11 * 86_400), "منذ 11 يومًا");
    let urdu = Locale::choose([&tag("ur")]);
    assert_eq!(said(urdu, 5 * 60), "5 منٹ پہلے");
    // The machine value and the full moment ride along.
    let html = english.ago(Timestamp::from_millis(now.millis() - 90_000), now).to_string();
    assert!(html.starts_with("<time datetime=\"2026-11-27T09:28:30Z\" title=\""), "{html}");
}

#[test]
fn a_locale_is_built_once_and_shared_between_threads() {
    // Locales are shared between request tasks: built once per tag, then
    // the same for every thread.
    let first = Locale::for_tag(&tag("ur")).unwrap() as *const Locale;
    let others: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                Locale::for_tag(&LanguageTag::parse("ur").unwrap()).unwrap() as *const Locale as usize
            })
        })
        .map(|t| t.join().unwrap())
        .collect();
    assert!(others.iter().all(|p| *p == first as usize));
}
