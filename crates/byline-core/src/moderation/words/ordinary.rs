//! Ordinary words of English, Urdu, Roman Urdu and Arabic, and common
//! names: what a comment is mostly made of. Two real words next to each
//! other are never joined into a listed term ("at tack"), a real word is
//! never read as a term with a prefix, and a run-together word is read as
//! a term only when the rest of it is made of real words ("#killthemall").
//!
//! The lists under `ordinary/` were written for Byline; they hold common
//! words only, so a rare word cut in two is still looked at.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::reduce::{is_arabic, reduce_word};

const LISTS: [&str; 5] = [
    include_str!("../ordinary/en.txt"),
    include_str!("../ordinary/roman-ur.txt"),
    include_str!("../ordinary/ur.txt"),
    include_str!("../ordinary/ar.txt"),
    include_str!("../ordinary/names.txt"),
];

/// Every word of the lists, reduced as text is.
static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    LISTS
        .iter()
        .flat_map(|list| list.lines())
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(reduce_word)
        .filter(|word| !word.is_empty())
        .collect()
});

/// English endings an ordinary word may carry, and what they replace.
const ENGLISH_ENDINGS: [(&str, &str); 14] = [
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
    ("er", ""),
    ("ers", ""),
    ("ly", ""),
    ("est", ""),
    ("ness", ""),
];

/// Whether a reduced word is an ordinary word (or a plain form of one:
/// "skills", "bombed", "الکتاب").
pub(super) fn is_ordinary(word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let words = &*WORDS;
    if words.contains(word) {
        return true;
    }
    if word.chars().any(is_arabic) {
        return ["ال", "و"].iter().any(|p| word.strip_prefix(p).is_some_and(|rest| words.contains(rest)));
    }
    ENGLISH_ENDINGS.iter().any(|(ending, instead)| {
        word.strip_suffix(ending).is_some_and(|stem| {
            if stem.chars().count() < 2 {
                return false;
            }
            let known =
                if instead.is_empty() { words.contains(stem) } else { words.contains(&format!("{stem}{instead}")) };
            if known {
                return true;
            }
            // A doubled final consonant: "stopped", "running".
            let mut chars = stem.chars().rev();
            instead.is_empty() && chars.next().is_some_and(|a| chars.next() == Some(a)) && {
                let mut shorter = stem.to_owned();
                shorter.pop();
                words.contains(&shorter)
            }
        })
    })
}

/// English words of two letters, the only ones a run-together Latin word
/// is split into.
const ENGLISH_TWO_LETTERS: [&str; 25] = [
    "am", "an", "as", "at", "be", "by", "do", "em", "go", "he", "if", "in", "is", "it", "me", "my", "no", "of", "on",
    "or", "so", "to", "up", "us", "we",
];

/// Urdu postpositions of two letters, in reduced form.
const URDU_POSTPOSITIONS: [&str; 8] = ["کو", "کا", "کی", "کے", "سے", "نے", "پر", "تک"];

/// Whether `text` is made of ordinary words (of two letters or more) or of
/// words `also` accepts, end to end: "themall" is "them all".
pub(super) fn is_made_of_words(text: &str, also: &dyn Fn(&str) -> bool) -> bool {
    if text.is_empty() {
        return true;
    }
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    // Too long a run of letters is not a tag; do not spend time on it.
    if bounds.len() > 48 {
        return false;
    }
    let mut reachable = vec![false; bounds.len()];
    reachable[0] = true;
    for from in 0..bounds.len() {
        if !reachable[from] {
            continue;
        }
        for to in from + 2..bounds.len() {
            if reachable[to] {
                continue;
            }
            let piece = &text[bounds[from]..bounds[to]];
            // Of two-letter words, only English ones in Latin letters
            // (Roman Urdu's particles, ka, ki, ko, begin too many words)
            // and Urdu's postpositions, often written joined, in Arabic
            // script (Arabic's يا, ما, لا end too many words).
            if to - from == 2 && !ENGLISH_TWO_LETTERS.contains(&piece) && !URDU_POSTPOSITIONS.contains(&piece) {
                continue;
            }
            if is_ordinary(piece) || also(piece) {
                reachable[to] = true;
            }
        }
    }
    reachable[bounds.len() - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_words_and_their_forms_are_known() {
        for word in ["the", "group", "vowed", "skills", "stopped", "running", "hating", "ki", "nahi", "کا", "الکتاب"]
        {
            assert!(is_ordinary(&reduce_word(word)), "{word}");
        }
        for word in ["kil", "ll", "zzq", "کافرو"] {
            assert!(!is_ordinary(&reduce_word(word)), "{word}");
        }
    }

    #[test]
    fn run_together_words_split_into_ordinary_words() {
        let none = |_: &str| false;
        let made = |text: &str, also: &dyn Fn(&str) -> bool| is_made_of_words(&reduce_word(text), also);
        assert!(made("themall", &none));
        assert!(made("deathto", &none));
        assert!(!made("s", &none));
        assert!(!made("arney", &none));
        assert!(made("kuffar", &|w| w == "kuffar"));
    }
}
