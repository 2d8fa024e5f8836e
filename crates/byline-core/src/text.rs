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
/// lower case, separated by single spaces; accents, vowel marks, tatweel
/// and invisible characters gone, presentation forms read as their letters,
/// the Arabic and Urdu shapes of a letter (yeh, kaf, heh …) one letter as
/// the word lists read them, and Arabic-Indic digits as 0–9. So a search
/// typed without diacritics, or with the other script's letters, finds the
/// story; and unlike the word lists' reading, no letter is taken for
/// another (a search for "modern" does not find "modem").
pub fn search_form(text: &str) -> String {
    use crate::moderation::words::{fold_arabic, is_invisible};
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfkd() {
        if is_invisible(c) || is_combining_mark(c) {
            continue;
        }
        if !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        for lower in c.to_lowercase() {
            out.push(fold_arabic(western_digit(lower)));
        }
    }
    out
}

/// Arabic-Indic and Eastern Arabic-Indic digits as 0–9.
fn western_digit(c: char) -> char {
    let zero = match c {
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        _ => return c,
    };
    char::from_digit(u32::from(c) - zero, 10).unwrap_or(c)
}

/// The text of HTML the sanitiser wrote: tags dropped (each leaves a
/// space), character references read.
pub fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(&mut text, &rest[..open]);
        text.push(' ');
        rest = rest[open..].find('>').map_or("", |close| &rest[open + close + 1..]);
    }
    push_decoded(&mut text, rest);
    text
}

/// `raw` with its character references read; one it does not know stays
/// as it is.
fn push_decoded(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|end| *end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{00A0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map_or_else(
                        || name.strip_prefix('#').and_then(|n| n.parse::<u32>().ok()),
                        |hex| u32::from_str_radix(hex, 16).ok(),
                    )
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
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
    fn search_form_folds_what_readers_type_and_nothing_more() {
        assert_eq!(search_form("The Seyra's ACCORD, 2026!"), "the seyra s accord 2026");
        assert_eq!(search_form("مَخْطُوطَاتُ"), search_form("مخطوطات"));
        assert_eq!(search_form("مخـــطوطات"), search_form("مخطوطات"));
        assert_eq!(search_form("\u{FEE3}\u{FEA8}\u{FEC4}\u{FEEE}\u{FEC3}\u{FE8E}\u{FE95}"), search_form("مخطوطات"));
        assert_eq!(search_form("كتاب ميله"), search_form("کتاب میلہ"));
        assert_eq!(search_form("٢٠٢٦ ۲۰۲۶"), "2026 2026");
        assert_eq!(search_form("café naïve"), "cafe naive");
        // A zero-width non-joiner inside a word keeps it one word.
        assert_eq!(search_form("می\u{200C}خواهم"), "میخواہم");
        // Letters are not taken for others, nor digits for letters.
        assert_eq!(search_form("modern G7"), "modern g7");
    }

    #[test]
    fn html_text_reads_what_the_sanitiser_wrote() {
        let html = "<p>A&nbsp;<strong>bold</strong> &amp; &lt;tag&gt; &#39;quote&#39; &#x41; &bogus; &</p><p>Next</p>";
        assert_eq!(html_text(html), " A\u{00A0} bold  & <tag> 'quote' A &bogus; &  Next ");
    }

    #[test]
    fn single_line_fields_fold_whitespace() {
        assert_eq!(normalise_line("  Two\n  lines\there "), "Two lines here");
    }
}
