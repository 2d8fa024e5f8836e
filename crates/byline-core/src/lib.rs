//! Byline's domain: the types every other layer speaks (articles, slugs,
//! languages), the rules that make input valid, and the one road from
//! Markdown to HTML (render, then sanitise).
//!
//! This crate does no I/O: it never touches a database, a socket or a file.
//! Anything that reaches a page as markup is a [`SanitizedHtml`], and only
//! [`render`] makes one.

pub mod accounts;
pub mod article_file;
pub mod articles;
pub mod clock;
pub mod comments;
pub mod language;
pub mod media;
pub mod moderation;
pub mod passwords;
pub mod render;
pub mod resemblance;
pub mod slug;
pub mod story_form;
pub mod text;

pub use articles::{ArticleInput, ArticleStatus, CommentDefaults, CommentMode, NamedSlug, NoteKind, StoryFields};
pub use clock::{Timestamp, UtcParts};
pub use language::{Direction, LanguageTag};
pub use render::SanitizedHtml;
pub use slug::Slug;
