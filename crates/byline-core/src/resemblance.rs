//! How much two articles say the same thing, word for word: the check that
//! keeps one story from going live twice under two addresses (a file
//! published again after its headline was fixed, a file copied under a new
//! name).
//!
//! Texts are compared by their runs of three words ("shingles"): the share
//! of runs two texts have in common, out of all the runs either has, is
//! their resemblance, from 0 (nothing shared) to 1 (the same words in the
//! same order). Case, accents' composed forms, punctuation and Markdown
//! marks do not count; words of every script do.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::text::normalise;

/// Words per shingle: long enough that two different stories on one
/// subject share few runs, short enough that a few edited words leave most
/// runs whole.
const SHINGLE_WORDS: usize = 3;

/// From this resemblance up, one text is a near-duplicate of the other.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// Bodies shorter than this many words ("More to follow.") resemble each
/// other by chance; they count as duplicates only if the headlines agree too.
const SHORT_BODY_WORDS: usize = 40;

/// A text reduced to what comparison needs.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    shingles: HashSet<u64>,
    words: usize,
}

impl Fingerprint {
    pub fn of(text: &str) -> Self {
        let words = words(text);
        let shingles = if words.len() < SHINGLE_WORDS {
            words.iter().map(|w| hash(&[w.as_str()])).collect()
        } else {
            words.windows(SHINGLE_WORDS).map(|run| hash(&run.iter().map(String::as_str).collect::<Vec<_>>())).collect()
        };
        Self { shingles, words: words.len() }
    }

    /// The share of runs the two texts have in common, 0 to 1; two empty
    /// texts resemble each other not at all.
    pub fn resemblance(&self, other: &Self) -> f64 {
        let shared = self.shingles.intersection(&other.shingles).count();
        let either = self.shingles.len() + other.shingles.len() - shared;
        if either == 0 { 0.0 } else { shared as f64 / either as f64 }
    }
}

/// An article as the duplicate check sees it.
#[derive(Debug, Clone)]
pub struct ArticleLikeness {
    headline: Fingerprint,
    body: Fingerprint,
}

impl ArticleLikeness {
    pub fn of(headline: &str, body: &str) -> Self {
        Self { headline: Fingerprint::of(headline), body: Fingerprint::of(body) }
    }

    /// How much of `other`'s body this one repeats, when it repeats enough
    /// to be the same story: the bodies resemble each other from
    /// [`NEAR_DUPLICATE`] up and, for short bodies, the headlines share
    /// words too.
    pub fn repeats(&self, other: &Self) -> Option<f64> {
        let body = self.body.resemblance(&other.body);
        if body < NEAR_DUPLICATE {
            return None;
        }
        let short = self.body.words.min(other.body.words) < SHORT_BODY_WORDS;
        if short && word_overlap(&self.headline, &other.headline) < 0.5 {
            return None;
        }
        Some(body)
    }
}

/// For headlines, which are short: the share of words in common.
fn word_overlap(a: &Fingerprint, b: &Fingerprint) -> f64 {
    // Headlines of under three words are fingerprinted by word already;
    // longer ones by runs, which one changed word breaks three of, so
    // compare their runs leniently.
    let shared = a.shingles.intersection(&b.shingles).count();
    let smaller = a.shingles.len().min(b.shingles.len());
    if smaller == 0 { 0.0 } else { shared as f64 / smaller as f64 }
}

/// Lowercased words of letters and digits, in order.
fn words(text: &str) -> Vec<String> {
    normalise(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn hash(run: &[&str]) -> u64 {
    let mut hasher = DefaultHasher::new();
    run.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Dorvana and Kelmar signed the Seyra River accord on Tuesday, ending eleven years \
        of talks over how much water each may draw from the river in a dry summer. The accord sets \
        a shared gauge at Lower Kessa, a joint commission that meets each spring, and a formula that \
        cuts both countries' draw by the same share when the river runs low. Farmers on both banks \
        said they would wait to see the first dry season before they believed it.";

    #[test]
    fn the_same_story_with_a_fixed_headline_is_a_near_duplicate() {
        let first = ArticleLikeness::of("Dorvana and Kelmar sign Seyra Rvier accord", STORY);
        let fixed = ArticleLikeness::of("Dorvana and Kelmar sign Seyra River accord", STORY);
        assert_eq!(fixed.repeats(&first), Some(1.0));
    }

    #[test]
    fn a_story_with_a_few_words_edited_is_still_the_same_story() {
        let edited = STORY.replace("Tuesday", "Wednesday").replace("eleven", "twelve");
        let a = ArticleLikeness::of("Seyra accord signed", STORY);
        let b = ArticleLikeness::of("Seyra accord signed at last", &edited);
        let share = b.repeats(&a).expect("a near-duplicate");
        assert!(share > NEAR_DUPLICATE && share < 1.0, "{share}");
    }

    #[test]
    fn case_punctuation_and_markdown_do_not_count() {
        let marked = format!("# The accord\n\n**{}**", STORY.to_uppercase().replace(", ", " — "));
        let plain = format!("The accord {STORY}");
        assert!(Fingerprint::of(&marked).resemblance(&Fingerprint::of(&plain)) > 0.99);
    }

    #[test]
    fn two_stories_on_one_subject_are_not_duplicates() {
        let follow_up = "A week after the Seyra River accord was signed, the joint commission met for the \
            first time at Lower Kessa. Its members chose a chair from Kelmar and agreed that the gauge \
            readings will be published every morning, so farmers on both banks can check the river \
            themselves. The first dry-season test comes in July.";
        let a = ArticleLikeness::of("Dorvana and Kelmar sign Seyra River accord", STORY);
        let b = ArticleLikeness::of("Seyra commission meets for the first time", follow_up);
        assert_eq!(b.repeats(&a), None);
        assert!(Fingerprint::of(follow_up).resemblance(&Fingerprint::of(STORY)) < 0.1);
    }

    #[test]
    fn short_bodies_count_only_with_the_same_headline() {
        let a = ArticleLikeness::of("Bridge at Lower Kessa closed", "More to follow.");
        let b = ArticleLikeness::of("Flooding in the Tarvel valley", "More to follow.");
        assert_eq!(b.repeats(&a), None);
        let c = ArticleLikeness::of("Bridge at Lower Kessa closed again", "More to follow.");
        assert_eq!(c.repeats(&a), Some(1.0));
    }

    #[test]
    fn right_to_left_text_is_compared_by_its_words() {
        let urdu = "قندیل پور میں کتاب میلہ تین سال بعد پھر سے شروع ہو گیا ہے اور پہلے دن ہزاروں لوگ آئے";
        let a = Fingerprint::of(urdu);
        assert_eq!(a.resemblance(&Fingerprint::of(&format!("{urdu}۔"))), 1.0);
        assert!(a.resemblance(&Fingerprint::of("لاہور میں بارش کے بعد سڑکیں بند ہو گئیں")) < 0.1);
    }

    #[test]
    fn empty_texts_resemble_nothing() {
        assert_eq!(Fingerprint::of("").resemblance(&Fingerprint::of("")), 0.0);
    }
}
