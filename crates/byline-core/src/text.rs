//! Text hygiene shared by every field a person writes.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Combining marks kept on one base character: enough for any script's
/// real text (Vietnamese stacks two, Arabic vowels with shadda three),
/// too few to draw "zalgo" over the lines around it.
pub const MAX_COMBINING_RUN: usize = 3;

/// Characters that reorder or hide text: bidi embeddings, overrides and
/// isolates, marks, and other invisible formatting.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
        || c.is_control()
}

/// Normalises text to NFC and trims surrounding whitespace, so the same
/// words typed on two keyboards are stored as the same bytes.
pub fn normalise(raw: &str) -> String {
    raw.trim().nfc().collect()
}

/// Like [`normalise`], and also folds every run of whitespace (including
/// newlines) into one space: for single-line fields such as headlines.
pub fn normalise_line(raw: &str) -> String {
    let nfc = normalise(raw);
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drops combining marks beyond [`MAX_COMBINING_RUN`] on one base
/// character, as comments do: enough for any script's real names, too few
/// to draw over the lines around them. Expects NFC text.
pub fn cap_combining_marks(text: &str) -> String {
    let mut run = 0;
    text.chars()
        .filter(|&c| {
            if is_combining_mark(c) {
                run += 1;
                run <= MAX_COMBINING_RUN
            } else {
                run = 0;
                true
            }
        })
        .collect()
}

/// Text in the form search matches it: words of letters and digits in
/// lower case, separated by single spaces, marks and tatweel gone, and the
/// Arabic and Urdu shapes of a letter (yeh, kaf, heh …) one letter: the form
/// the word lists read comments in, so a search typed without diacritics,
/// or with the other script's letters, finds the story.
pub fn search_form(text: &str) -> String {
    crate::moderation::words::reduce(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_decomposed_accents() {
        assert_eq!(normalise("Cafe\u{301}"), "Café");
    }

    #[test]
    fn stacked_marks_are_capped_but_real_ones_kept() {
        let zalgo = format!("Z{}o", "\u{0336}\u{0315}\u{0327}\u{0316}".repeat(6));
        assert_eq!(cap_combining_marks(&zalgo), "Z\u{0336}\u{0315}\u{0327}o");
        // Vietnamese and vowelled Arabic stay whole.
        assert_eq!(cap_combining_marks("Nguy\u{1EC5}n"), "Nguy\u{1EC5}n");
        assert_eq!(
            cap_combining_marks("\u{0645}\u{064F}\u{062D}\u{064E}\u{0645}\u{0651}\u{064E}\u{062F}"),
            "\u{0645}\u{064F}\u{062D}\u{064E}\u{0645}\u{0651}\u{064E}\u{062F}"
        );
    }

    #[test]
    fn single_line_fields_fold_whitespace() {
        assert_eq!(normalise_line("  Two\n  lines\there "), "Two lines here");
    }
}
