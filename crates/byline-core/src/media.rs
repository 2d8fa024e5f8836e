//! What a newsroom says of a photograph: the words a reader who cannot
//! see it is read instead (required), and the caption and credit printed
//! under it. The pixels are the media crate's; these rules are the same
//! for an upload from the desk and a photograph named by an article file.

use crate::story_form::FieldError;
use crate::text::normalise_line;

/// Longest alt text, caption and credit, in characters.
pub mod limits {
    pub const ALT: usize = 300;
    pub const CAPTION: usize = 600;
    pub const CREDIT: usize = 120;
}

/// A photograph's words as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaTextForm {
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// A photograph's words, checked: each one line, normalised, within its
/// limit; alt text never without words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaText {
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

impl MediaTextForm {
    /// The words as valid text, or every mistake by field (`alt`,
    /// `caption`, `credit`).
    pub fn check(&self) -> Result<MediaText, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field = |name: &'static str, raw: &str, max: usize| {
            if raw.chars().any(|c| c.is_control() && c != '\t' && c != '\n' && c != '\r') {
                errors.push(FieldError { field: name, message: "must not contain control characters".into() });
                return String::new();
            }
            let text = normalise_line(raw);
            if text.chars().count() > max {
                errors.push(FieldError { field: name, message: format!("must be at most {max} characters") });
            }
            text
        };
        let alt = field("alt", &self.alt, limits::ALT);
        let caption = field("caption", &self.caption, limits::CAPTION);
        let credit = field("credit", &self.credit, limits::CREDIT);
        // Words, not just spaces, marks or invisible characters.
        if !alt.chars().any(char::is_alphanumeric) && !errors.iter().any(|e| e.field == "alt") {
            errors.push(FieldError {
                field: "alt",
                message: "is required: say what the photograph shows, for readers who cannot see it".into(),
            });
        }
        if errors.is_empty() { Ok(MediaText { alt, caption, credit }) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(alt: &str, caption: &str, credit: &str) -> MediaTextForm {
        MediaTextForm { alt: alt.into(), caption: caption.into(), credit: credit.into() }
    }

    #[test]
    fn alt_text_is_required_and_blank_is_not_enough() {
        for blank in ["", "   ", "\u{200b}", "\n"] {
            let errors = form(blank, "A caption", "").check().unwrap_err();
            assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["alt"], "{blank:?}");
        }
    }

    #[test]
    fn words_are_normalised_to_one_line_and_kept_in_any_script() {
        let text = form("  ماہی گیر   کشتیاں\nبندرگاہ میں ", "Boats at dusk.\r\nOstrel", " Staff ").check().unwrap();
        assert_eq!(text.alt, "ماہی گیر کشتیاں بندرگاہ میں");
        assert_eq!(text.caption, "Boats at dusk. Ostrel");
        assert_eq!(text.credit, "Staff");
    }

    #[test]
    fn each_limit_and_control_characters_are_refused_by_field() {
        let long = "a".repeat(limits::CAPTION + 1);
        let errors = form("fine", &long, "x\u{7}y").check().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["caption", "credit"]);
        assert!(form(&"a".repeat(limits::ALT), "", "").check().is_ok());
        assert!(form(&"a".repeat(limits::ALT + 1), "", "").check().is_err());
    }
}
