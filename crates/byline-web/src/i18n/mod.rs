//! The interface's words in the page's language: the Fluent catalogues in
//! `locales/` (built into the binary) with CLDR's plural rules, and dates
//! and digits as ICU4X writes them for the locale.
//!
//! A page asks [`Locale::choose`] for the first of its candidate languages
//! that has a catalogue (the reader's choice, the story's edition, the
//! site's), and its templates draw every word through the locale's
//! methods. A message missing from a catalogue shows as `⟦id⟧`, never as
//! English in the middle of an Urdu page; the tests look for that mark.

mod numbers;
mod refusals;

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{LazyLock, OnceLock, RwLock};

use byline_core::{LanguageTag, Timestamp};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_calendar::Iso;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMDT;
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::options::TimePrecision;

/// Each catalogue: the language it speaks and its Fluent source.
pub const CATALOGUES: &[(&str, &str)] = &[
    ("en", include_str!("../../locales/en.ftl")),
    ("ur", include_str!("../../locales/ur.ftl")),
    ("ar", include_str!("../../locales/ar.ftl")),
];

/// The script each catalogue is written in: a tag naming another script
/// (Roman Urdu, `ur-Latn`) is not spoken by it.
const SCRIPTS: &[(&str, &str)] = &[("en", "Latn"), ("ur", "Arab"), ("ar", "Arab")];

/// The catalogue used when no candidate language has one.
const FALLBACK: &str = "en";

/// How many distinct locale tags (`ar`, `ar-EG`, `ur-IN` …) are kept ready;
/// beyond it a tag is served by its bare language's locale.
const MOST_TAGS: usize = 64;

/// Where a phrase's markup goes, inside its message (private-use
/// characters, which escaping leaves alone).
const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// Marks a message the catalogue lacks.
pub const MISSING_OPEN: char = '⟦';
pub const MISSING_CLOSE: char = '⟧';

static RESOURCES: LazyLock<Vec<(&'static str, FluentResource)>> = LazyLock::new(|| {
    CATALOGUES
        .iter()
        .map(|(lang, source)| {
            let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(resource, errors)| {
                tracing::error!(lang, ?errors, "the catalogue has syntax errors; its readable messages are kept");
                resource
            });
            (*lang, resource)
        })
        .collect()
});

static LOCALES: LazyLock<RwLock<HashMap<String, &'static Locale>>> = LazyLock::new(|| RwLock::new(HashMap::new()));

/// One language's words, dates and digits.
pub struct Locale {
    tag: LanguageTag,
    bundle: FluentBundle<&'static FluentResource>,
    moment: DateTimeFormatter<YMDT>,
    digits: icu_decimal::DecimalFormatter,
    /// The comments script's words as JSON, made once per locale (every
    /// article page hands them over).
    pub(crate) comments_script: OnceLock<String>,
}

impl fmt::Debug for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locale").field("tag", &self.tag).finish_non_exhaustive()
    }
}

/// Whether a catalogue speaks `tag`'s language, in its script.
pub fn has_catalogue(tag: &LanguageTag) -> bool {
    let script = tag.as_str().split('-').skip(1).find(|part| part.len() == 4);
    CATALOGUES.iter().any(|(lang, _)| *lang == tag.primary())
        && script.is_none_or(|script| SCRIPTS.iter().any(|(lang, own)| *lang == tag.primary() && *own == script))
}

impl Locale {
    /// The first candidate with a catalogue, or English.
    pub fn choose<'a>(candidates: impl IntoIterator<Item = &'a LanguageTag>) -> &'static Self {
        candidates.into_iter().find(|tag| has_catalogue(tag)).and_then(Self::for_tag).unwrap_or_else(|| *ENGLISH)
    }

    /// English, the catalogue of last resort.
    pub fn english() -> &'static Self {
        *ENGLISH
    }

    /// The locale for `tag`, if a catalogue speaks its language.
    pub fn for_tag(tag: &LanguageTag) -> Option<&'static Self> {
        if !has_catalogue(tag) {
            return None;
        }
        if let Some(found) = LOCALES.read().ok()?.get(tag.as_str()) {
            return Some(found);
        }
        let mut locales = LOCALES.write().ok()?;
        if let Some(found) = locales.get(tag.as_str()) {
            return Some(found);
        }
        let tag = if locales.len() >= MOST_TAGS { LanguageTag::parse(tag.primary()).ok()? } else { tag.clone() };
        if let Some(found) = locales.get(tag.as_str()) {
            return Some(found);
        }
        let locale: &'static Self = Box::leak(Box::new(Self::build(tag.clone())?));
        locales.insert(tag.to_string(), locale);
        Some(locale)
    }

    fn build(tag: LanguageTag) -> Option<Self> {
        let resource = &RESOURCES.iter().find(|(lang, _)| *lang == tag.primary())?.1;
        let id: unic_langid::LanguageIdentifier = tag.as_str().parse().or_else(|_| tag.primary().parse()).ok()?;
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Names and numbers inside a sentence sit in <bdi> where it matters;
        // Fluent's own isolation marks would land inside attribute values.
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(numbers::format));
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(%tag, ?errors, "the catalogue repeats a message");
        }
        // Times on the 24-hour clock in every language, as newsrooms
        // write UTC (and as Urdu's data would otherwise say "AM" in Latin).
        let icu: icu_locale_core::Locale =
            format!("{tag}-u-hc-h23").parse().or_else(|_| format!("{}-u-hc-h23", tag.primary()).parse()).ok()?;
        let moment =
            DateTimeFormatter::try_new(icu.into(), YMDT::long().with_time_precision(TimePrecision::Minute)).ok()?;
        let digits = numbers::formatter(tag.as_str()).or_else(|| numbers::formatter(tag.primary()))?;
        Some(Self { tag, bundle, moment, digits, comments_script: OnceLock::new() })
    }

    /// The language this locale writes, for `lang`.
    pub fn lang(&self) -> &LanguageTag {
        &self.tag
    }

    /// A catalogue's language named in itself, for a choice of language.
    pub fn own_name(lang: &str) -> String {
        LanguageTag::parse(lang)
            .ok()
            .and_then(|tag| Self::for_tag(&tag))
            .map_or_else(|| lang.to_owned(), |l| l.t("language-name"))
    }

    /// Whether the catalogue has the message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message `id`.
    pub fn t(&self, id: impl AsRef<str>) -> String {
        self.format(id.as_ref(), None)
    }

    /// The message `id` about `count` things, which chooses its plural form.
    pub fn count(&self, id: &str, count: impl Borrow<i64>) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(*count.borrow()));
        self.format(id, Some(&args))
    }

    /// The message `id` with text arguments.
    pub fn with(&self, id: &str, values: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(*name, FluentValue::from(*value));
        }
        self.format(id, Some(&args))
    }

    /// The message `id` as HTML whose arguments are links: each `(name,
    /// href)` becomes a link whose words are the message's attribute
    /// `.name`. Everything else is escaped.
    pub fn linked(&self, id: &str, links: &[(&str, &str)]) -> Phrase {
        self.linked_popup(id, "", links)
    }

    /// As [`Self::linked`], the link `popup` opening in a small window
    /// (`data-popup`, for sign-in from a framed page).
    pub fn linked_popup(&self, id: &str, popup: &str, links: &[(&str, &str)]) -> Phrase {
        let html = links.iter().map(|(name, href)| {
            let extra = if *name == popup { " data-popup" } else { "" };
            format!("<a href=\"{}\"{extra}>{}</a>", escape(href), escape(&self.attribute(id, name)))
        });
        self.phrase(id, html.collect(), links.iter().map(|(name, _)| *name))
    }

    /// The message `id` with `$name` set to a person's name (or handle),
    /// isolated in `<bdi>` so its script cannot reorder the sentence.
    pub fn named(&self, id: &str, name: impl AsRef<str>) -> Phrase {
        self.phrase(id, vec![format!("<bdi>{}</bdi>", escape(name.as_ref()))], std::iter::once("name"))
    }

    /// The message `id` with `$until` a moment in a `<time>` element.
    pub fn until(&self, id: &str, at: impl Borrow<Timestamp>) -> Phrase {
        let at = *at.borrow();
        let html = format!("<time datetime=\"{}\">{}</time>", at.rfc3339(), escape(&self.moment(at)));
        self.phrase(id, vec![html], std::iter::once("until"))
    }

    /// The message `id` with numbers: each `(name, n)` sets `$name`.
    pub fn numbers(&self, id: &str, values: &[(&str, i64)]) -> String {
        let mut args = FluentArgs::new();
        for (name, n) in values {
            args.set(*name, FluentValue::from(*n));
        }
        self.format(id, Some(&args))
    }

    /// The message `id` with numbers a script may change: each `(name, n)`
    /// is `$name`, written in the locale's digits inside `<span
    /// data-count="name">`.
    pub fn counted(&self, id: &str, values: &[(&str, i64)]) -> Phrase {
        let html = values.iter().map(|(name, n)| format!("<span data-count=\"{name}\">{}</span>", self.number(*n)));
        self.phrase(id, html.collect(), values.iter().map(|(name, _)| *name))
    }

    /// The message `id` with `$name` a link to `href` whose words are
    /// `words` (a headline, a person), isolated in `<bdi>`.
    pub fn link_to(&self, id: &str, name: &str, href: impl AsRef<str>, words: impl AsRef<str>) -> Phrase {
        let html = format!("<a href=\"{}\"><bdi>{}</bdi></a>", escape(href.as_ref()), escape(words.as_ref()));
        self.phrase(id, vec![html], std::iter::once(name))
    }

    /// How long ago `at` was, as of `now`, in a `<time>` element whose
    /// title is the moment in full: "3 hours ago", or the date itself past
    /// a month. For pages drawn for one person (the moderation queue),
    /// never for cached pages, where it would go stale.
    pub fn ago(&self, at: impl Borrow<Timestamp>, now: impl Borrow<Timestamp>) -> Phrase {
        let (at, now) = (*at.borrow(), *now.borrow());
        let seconds = now.millis().saturating_sub(at.millis()).max(0) / 1_000;
        let moment = self.moment(at);
        let words = match seconds {
            0..60 => self.t("ago-now"),
            60..3_600 => self.count("ago-minutes", seconds / 60),
            3_600..86_400 => self.count("ago-hours", seconds / 3_600),
            86_400..2_592_000 => self.count("ago-days", seconds / 86_400),
            _ => moment.clone(),
        };
        Phrase(format!("<time datetime=\"{}\" title=\"{}\">{}</time>", at.rfc3339(), escape(&moment), escape(&words)))
    }

    /// "{author} on {headline}", the headline linking to the comment.
    pub fn comment_on(&self, author: &str, href: impl AsRef<str>, headline: &str) -> Phrase {
        let html = vec![
            format!("<bdi>{}</bdi>", escape(author)),
            format!("<a href=\"{}\" dir=\"auto\">{}</a>", escape(href.as_ref()), escape(headline)),
        ];
        self.phrase("comment-on", html, ["author", "article"].into_iter())
    }

    fn phrase<'n>(&self, id: &str, html: Vec<String>, names: impl Iterator<Item = &'n str>) -> Phrase {
        // Each argument goes in as a private-use mark that survives
        // escaping; then, in one pass over the message's own words, each
        // mark is swapped for its markup. The markup is never read again,
        // so marks typed into a name cannot pull another part in.
        let mut args = FluentArgs::new();
        for (i, name) in names.enumerate() {
            args.set(name, FluentValue::from(format!("{MARK_OPEN}{i}{MARK_CLOSE}")));
        }
        let words = escape(&self.format(id, Some(&args)));
        let mut out = String::with_capacity(words.len() + html.iter().map(String::len).sum::<usize>());
        let mut rest = words.as_str();
        while let Some(open) = rest.find(MARK_OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + MARK_OPEN.len_utf8()..];
            let Some(close) = after.find(MARK_CLOSE) else {
                rest = after;
                continue;
            };
            if let Some(part) = after[..close].parse::<usize>().ok().and_then(|i| html.get(i)) {
                out.push_str(part);
            }
            rest = &after[close + MARK_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        Phrase(out)
    }

    /// The attribute `.name` of message `id`.
    pub fn attribute(&self, id: &str, name: &str) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.get_attribute(name)).map(|a| a.value()) else {
            return missing(&format!("{id}.{name}"));
        };
        let mut errors = Vec::new();
        self.bundle.format_pattern(pattern, None, &mut errors).into_owned()
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(lang = %self.tag, id, "a message missing from the catalogue");
            return missing(id);
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::warn!(lang = %self.tag, id, ?errors, "a message could not be fully formatted");
        }
        text
    }

    /// A number with the locale's digits and grouping.
    pub fn number(&self, n: impl Borrow<i64>) -> String {
        self.digits.format(&icu_decimal::input::Decimal::from(*n.borrow())).to_string()
    }

    /// A moment in full, date and time to the minute, in UTC.
    pub fn moment(&self, at: impl Borrow<Timestamp>) -> String {
        let at = *at.borrow();
        let Some(moment) = to_icu(at) else { return at.rfc3339() };
        self.with("moment-utc", &[("moment", &self.moment.format(&moment).to_string())])
    }
}

/// English, the last resort. Its catalogue is built in, so failing to
/// build it is a defect of the build, which a unit test rules out.
static ENGLISH: LazyLock<&'static Locale> = LazyLock::new(|| {
    LanguageTag::parse(FALLBACK)
        .ok()
        .and_then(|tag| Locale::for_tag(&tag))
        .unwrap_or_else(|| panic!("the built-in English catalogue does not load"))
});

fn to_icu(at: Timestamp) -> Option<DateTime<Iso>> {
    let at = at.utc_parts();
    Some(DateTime {
        date: Date::try_new_iso(at.year, at.month, at.day).ok()?,
        time: Time::try_new(at.hour, at.minute, at.second, 0).ok()?,
    })
}

fn missing(id: &str) -> String {
    format!("{MISSING_OPEN}{id}{MISSING_CLOSE}")
}

/// A catalogue message made HTML by [`Locale::linked`] or
/// [`Locale::marked`]: its words escaped, its markup the template's.
#[derive(Debug, Clone)]
pub struct Phrase(String);

impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for Phrase {}

/// `text` escaped for HTML as the templates escape it.
fn escape(text: &str) -> String {
    use askama::filters::Escaper;
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = askama::filters::Html.write_escaped_str(&mut out, text);
    out
}

#[cfg(test)]
mod tests;
