//! Text hygiene shared by every field a person writes.

use unicode_normalization::UnicodeNormalization;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_decomposed_accents() {
        assert_eq!(normalise("Cafe\u{301}"), "Café");
    }

    #[test]
    fn single_line_fields_fold_whitespace() {
        assert_eq!(normalise_line("  Two\n  lines\there "), "Two lines here");
    }
}
