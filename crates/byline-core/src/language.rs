//! Languages and writing direction.

use std::fmt;

/// Languages whose script runs right to left (primary subtag).
const RTL_LANGUAGES: &[&str] = &["ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "syr", "ug", "ur", "yi"];

/// Writing direction of a block of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// A BCP 47 language tag in its canonical case (`en`, `ur`, `pt-BR`,
/// `zh-Hant`); it knows which way its script runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageTag(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a language tag such as `en`, `ur` or `pt-BR`")]
pub struct LanguageError(pub String);

impl LanguageTag {
    pub fn parse(raw: &str) -> Result<Self, LanguageError> {
        let err = || LanguageError(raw.to_owned());
        let mut parts = raw.trim().split(['-', '_']);
        let primary = parts.next().ok_or_else(err)?;
        if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(err());
        }
        let mut tag = primary.to_ascii_lowercase();
        for part in parts {
            if part.is_empty() || part.len() > 8 || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(err());
            }
            tag.push('-');
            match part.len() {
                2 => tag.push_str(&part.to_ascii_uppercase()),
                4 => {
                    let mut chars = part.chars();
                    if let Some(first) = chars.next() {
                        tag.push(first.to_ascii_uppercase());
                    }
                    tag.push_str(&chars.as_str().to_ascii_lowercase());
                }
                _ => tag.push_str(&part.to_ascii_lowercase()),
            }
        }
        Ok(Self(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language, without region or script.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    pub fn direction(&self) -> Direction {
        let script_is_latin = self.0.split('-').any(|p| p == "Latn");
        if !script_is_latin && RTL_LANGUAGES.contains(&self.primary()) { Direction::Rtl } else { Direction::Ltr }
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_canonicalised() {
        assert_eq!(LanguageTag::parse("PT_br").unwrap().as_str(), "pt-BR");
        assert_eq!(LanguageTag::parse("zh-hant").unwrap().as_str(), "zh-Hant");
    }

    #[test]
    fn urdu_and_arabic_run_right_to_left() {
        assert_eq!(LanguageTag::parse("ur").unwrap().direction(), Direction::Rtl);
        assert_eq!(LanguageTag::parse("ar-EG").unwrap().direction(), Direction::Rtl);
        assert_eq!(LanguageTag::parse("en").unwrap().direction(), Direction::Ltr);
        assert_eq!(LanguageTag::parse("ur-Latn").unwrap().direction(), Direction::Ltr);
    }

    #[test]
    fn nonsense_is_not_a_language() {
        for bad in ["", "english", "e", "en-", "12", "en-<b>"] {
            assert!(LanguageTag::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
