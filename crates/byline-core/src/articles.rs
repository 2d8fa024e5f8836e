//! Articles: what an editor writes and what a reader is shown.

use std::fmt;
use std::str::FromStr;

use crate::clock::Timestamp;
use crate::language::LanguageTag;
use crate::render::SanitizedHtml;
use crate::slug::Slug;

/// The stored name of an [`ArticleStatus`], as a literal, for SQL built
/// with `concat!` at compile time; a test holds it to
/// [`ArticleStatus::as_str`].
#[macro_export]
macro_rules! article_status {
    (Draft) => {
        "draft"
    };
    (Submitted) => {
        "submitted"
    };
    (Scheduled) => {
        "scheduled"
    };
    (Published) => {
        "published"
    };
    (Unpublished) => {
        "unpublished"
    };
}

/// Where a story is in its life. Readers see only [`Scheduled`] and
/// [`Published`] stories, and those only once their publication time has
/// come.
///
/// [`Scheduled`]: ArticleStatus::Scheduled
/// [`Published`]: ArticleStatus::Published
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleStatus {
    /// Being written: visible to no reader.
    Draft,
    /// Sent by its writer to an editor: visible to no reader.
    Submitted,
    /// Visible from its publication time on, without anyone acting.
    Scheduled,
    /// Visible now (or from its publication time, if that is later).
    Published,
    /// Taken off the site after publication: visible to no reader, its
    /// URL answers as if it never existed.
    Unpublished,
}

impl ArticleStatus {
    pub const ALL: [ArticleStatus; 5] = [
        ArticleStatus::Draft,
        ArticleStatus::Submitted,
        ArticleStatus::Scheduled,
        ArticleStatus::Published,
        ArticleStatus::Unpublished,
    ];

    /// Whether readers see it once its publication time has come.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Scheduled | Self::Published)
    }
}

/// How the comments bar under an article behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentMode {
    Open,
    /// Every comment waits for a moderator before it appears.
    PreModerated,
    /// Existing comments stay readable; nobody may add one.
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected one of {expected}; found `{found}`")]
pub struct UnknownValue {
    pub expected: &'static str,
    pub found: String,
}

macro_rules! string_enum {
    ($ty:ident, $expected:literal, { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),* }
            }
        }

        impl FromStr for $ty {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)*
                    other => Err(UnknownValue { expected: $expected, found: other.to_owned() }),
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(ArticleStatus, "draft, submitted, scheduled, published, unpublished", {
    Draft => "draft",
    Submitted => "submitted",
    Scheduled => "scheduled",
    Published => "published",
    Unpublished => "unpublished",
});

string_enum!(CommentMode, "open, pre-moderated, closed", {
    Open => "open",
    PreModerated => "pre-moderated",
    Closed => "closed",
});

/// What a note appended to a published story is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Something the story got wrong, put right.
    Correction,
    /// News since publication.
    Update,
}

string_enum!(NoteKind, "correction, update", {
    Correction => "correction",
    Update => "update",
});

/// A name shown to readers with the slug that addresses it (sections, tags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedSlug {
    pub slug: Slug,
    pub name: String,
}

/// The people a byline names, each with the slug of their author page:
/// names are separated by commas, `&` or ` and `. Names with no letters or
/// digits are left out; a name given twice counts once.
pub fn bylines(author_name: &str) -> Vec<NamedSlug> {
    let mut found: Vec<NamedSlug> = Vec::new();
    for part in author_name.split([',', '&']).flat_map(|p| p.split(" and ")) {
        let name = crate::text::normalise_line(part);
        let Ok(slug) = Slug::from_title(&name) else { continue };
        if !found.iter().any(|b| b.slug == slug) {
            found.push(NamedSlug { slug, name });
        }
    }
    found
}

/// Limits on article fields, in characters.
pub mod limits {
    pub const KICKER: usize = 120;
    pub const HEADLINE: usize = 200;
    pub const STANDFIRST: usize = 400;
    pub const AUTHOR: usize = 120;
    pub const SECTION: usize = 60;
    pub const TAG: usize = 60;
    pub const TAGS: usize = 12;
    pub const CALL_TO_COMMENT: usize = 200;
    pub const BODY: usize = 200_000;
    pub const NOTE: usize = 2_000;
    pub const AUTHOR_TITLE: usize = 120;
    pub const AUTHOR_BIO: usize = 1_000;
    pub const FEATURED_RANK: i64 = 100;
}

/// Comment modes for articles that name none, by section: set by the site
/// (the security desk pre-moderates, say), open elsewhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentDefaults {
    by_section: std::collections::HashMap<String, CommentMode>,
}

impl CommentDefaults {
    pub fn new(by_section: impl IntoIterator<Item = (Slug, CommentMode)>) -> Self {
        Self { by_section: by_section.into_iter().map(|(slug, mode)| (slug.as_str().to_owned(), mode)).collect() }
    }

    /// The mode an article's comments are in: its own, or else its
    /// section's, or else open.
    pub fn mode_of(&self, own: Option<CommentMode>, section: &Slug) -> CommentMode {
        own.or_else(|| self.by_section.get(section.as_str()).copied()).unwrap_or(CommentMode::Open)
    }
}

/// A complete, valid article as an editor submits it: every field already
/// checked, the body already rendered and sanitised.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleInput {
    pub slug: Slug,
    pub kicker: Option<String>,
    pub headline: String,
    pub standfirst: String,
    pub author_name: String,
    pub section: NamedSlug,
    pub tags: Vec<NamedSlug>,
    pub language: LanguageTag,
    pub status: ArticleStatus,
    /// When readers first see it; `None` keeps an existing article's time,
    /// or uses the time of writing for a new one.
    pub published_at: Option<Timestamp>,
    /// Position in the Featured content rail (1 first); `None` if not featured.
    pub featured_rank: Option<i64>,
    /// `None`: the section's default, whatever it is at the time.
    pub comment_mode: Option<CommentMode>,
    pub call_to_comment: Option<String>,
    /// The media library's photograph shown above the story, if any.
    pub lead_image: Option<i64>,
    pub body_source: String,
    pub body_html: SanitizedHtml,
}

/// A story's fields in the words its editor typed (the body's Markdown,
/// not its HTML): what a revision keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryFields {
    pub slug: Slug,
    pub kicker: Option<String>,
    pub headline: String,
    pub standfirst: String,
    pub body_source: String,
    pub language: LanguageTag,
    pub author_name: String,
    pub section: NamedSlug,
    pub tags: Vec<NamedSlug>,
    pub status: ArticleStatus,
    pub published_at: Option<Timestamp>,
    pub featured_rank: Option<i64>,
    /// `None`: the section's mode.
    pub comment_mode: Option<CommentMode>,
    pub call_to_comment: Option<String>,
    /// The media library's photograph shown above the story, if any.
    pub lead_image: Option<i64>,
}

impl StoryFields {
    pub fn of(input: &ArticleInput) -> Self {
        Self {
            slug: input.slug.clone(),
            kicker: input.kicker.clone(),
            headline: input.headline.clone(),
            standfirst: input.standfirst.clone(),
            body_source: input.body_source.clone(),
            language: input.language.clone(),
            author_name: input.author_name.clone(),
            section: input.section.clone(),
            tags: input.tags.clone(),
            status: input.status,
            published_at: input.published_at,
            featured_rank: input.featured_rank,
            comment_mode: input.comment_mode,
            call_to_comment: input.call_to_comment.clone(),
            lead_image: input.lead_image,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byline_names_each_of_its_people_once() {
        let names = |text: &str| bylines(text).into_iter().map(|b| (b.name, b.slug.to_string())).collect::<Vec<_>>();
        assert_eq!(names("Samira Okafor"), [("Samira Okafor".to_owned(), "samira-okafor".to_owned())]);
        assert_eq!(
            names("Samira Okafor, Farid Osei and  Lena Park & samira okafor"),
            [
                ("Samira Okafor".to_owned(), "samira-okafor".to_owned()),
                ("Farid Osei".to_owned(), "farid-osei".to_owned()),
                ("Lena Park".to_owned(), "lena-park".to_owned()),
            ]
        );
        assert_eq!(names("ثمینہ اختر").len(), 1);
        assert!(names(" , & ").is_empty());
    }

    #[test]
    fn statuses_and_modes_round_trip_through_text() {
        assert_eq!(
            [
                crate::article_status!(Draft),
                crate::article_status!(Submitted),
                crate::article_status!(Scheduled),
                crate::article_status!(Published),
                crate::article_status!(Unpublished),
            ],
            ArticleStatus::ALL.map(ArticleStatus::as_str)
        );
        for status in ArticleStatus::ALL {
            assert_eq!(status.as_str().parse::<ArticleStatus>(), Ok(status));
        }
        let defaults = CommentDefaults::new([(Slug::parse("security").unwrap(), CommentMode::PreModerated)]);
        let security = Slug::parse("security").unwrap();
        let sport = Slug::parse("sport").unwrap();
        assert_eq!(defaults.mode_of(None, &security), CommentMode::PreModerated);
        assert_eq!(defaults.mode_of(Some(CommentMode::Open), &security), CommentMode::Open, "the article's own wins");
        assert_eq!(defaults.mode_of(None, &sport), CommentMode::Open);
        assert_eq!(defaults.mode_of(Some(CommentMode::Closed), &sport), CommentMode::Closed);
        for mode in [CommentMode::Open, CommentMode::PreModerated, CommentMode::Closed] {
            assert_eq!(mode.as_str().parse::<CommentMode>(), Ok(mode));
        }
        let err = "publishd".parse::<ArticleStatus>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected one of draft, submitted, scheduled, published, unpublished; found `publishd`"
        );
    }
}
