//! URL slugs: the stable, human-readable part of an article's address.

use std::fmt;

use crate::text::normalise;

/// Longest slug we accept, in characters.
pub const MAX_SLUG_CHARS: usize = 120;

/// A slug: lowercase letters and digits of any script, separated by single
/// hyphens, never starting or ending with one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {MAX_SLUG_CHARS} characters")]
    TooLong,
    #[error("may hold only lowercase letters, digits and single hyphens (try `{suggestion}`)")]
    Malformed { suggestion: String },
}

impl Slug {
    /// Accepts a slug exactly as written, or says what a valid one would be.
    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        if raw.trim().is_empty() {
            return Err(SlugError::Empty);
        }
        let suggestion = slugify(raw);
        if suggestion != raw {
            return Err(SlugError::Malformed { suggestion });
        }
        if raw.chars().count() > MAX_SLUG_CHARS {
            return Err(SlugError::TooLong);
        }
        Ok(Self(suggestion))
    }

    /// Derives a slug from a title; fails only when the title holds no
    /// letter or digit at all.
    pub fn from_title(title: &str) -> Result<Self, SlugError> {
        let slug: String = slugify(title).chars().take(MAX_SLUG_CHARS).collect();
        let slug = slug.trim_end_matches('-').to_owned();
        if slug.is_empty() {
            return Err(SlugError::Empty);
        }
        Ok(Self(slug))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lowercases, keeps letters and digits of every script, and joins the
/// words with single hyphens.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for ch in normalise(text).chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(ch);
        } else if ch == '\'' || ch == '\u{2019}' {
            // "People's" reads better as "peoples" than "people-s".
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_hyphenated_lowercase() {
        let slug = Slug::from_title("Who is X? | The people's choice, 2026").unwrap();
        assert_eq!(slug.as_str(), "who-is-x-the-peoples-choice-2026");
    }

    #[test]
    fn urdu_titles_keep_their_letters() {
        let slug = Slug::from_title("لاہور کا کتاب میلہ").unwrap();
        assert_eq!(slug.as_str(), "لاہور-کا-کتاب-میلہ");
    }

    #[test]
    fn punctuation_only_titles_have_no_slug() {
        assert_eq!(Slug::from_title("?! —"), Err(SlugError::Empty));
    }

    #[test]
    fn malformed_slugs_are_rejected_with_a_suggestion() {
        let err = Slug::parse("Bad Slug--here").unwrap_err();
        assert_eq!(err, SlugError::Malformed { suggestion: "bad-slug-here".into() });
        assert!(Slug::parse("good-slug-2").is_ok());
        assert!(Slug::parse("-leading").is_err());
    }

    #[test]
    fn overlong_slugs_are_cut_from_titles_but_rejected_when_given() {
        let long = "a".repeat(MAX_SLUG_CHARS + 5);
        assert_eq!(Slug::from_title(&long).unwrap().as_str().len(), MAX_SLUG_CHARS);
        assert_eq!(Slug::parse(&long), Err(SlugError::TooLong));
    }
}
