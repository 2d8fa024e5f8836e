//! Text hygiene shared by every field a person writes.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::comments::MAX_COMBINING_RUN;

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
