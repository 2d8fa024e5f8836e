//! Byline's storage: the only crate that speaks SQL.
//!
//! One [`Store`] serves either an embedded SQLite file (WAL, one writer
//! connection, a small pool of readers) or a PostgreSQL server. Each query is
//! written once, in the dialect both share (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`, times as integer epoch milliseconds), and runs on whichever
//! pool is live through the [`on_pool!`] macro. Migrations are kept per
//! backend with identical version lists.
//!
//! This crate never renders HTML and never decides policy; it stores and
//! fetches what the domain hands it.

mod accounts;
mod alerts;
mod archive;
mod articles;
mod audit;
mod backend;
mod comment_batch;
mod comments;
mod dashboard;
mod error;
mod external;
mod identities;
mod media;
mod moderation;
mod new_comments;
mod once;
mod people;
mod personal_data;
mod search;
mod signals;
mod stories;
#[cfg(feature = "testing")]
pub mod testing;
mod throttles;
mod webhooks;

pub use accounts::{
    Confirmation, CreatedUser, Mail, NewSession, NewUser, RedeemedToken, SessionRecord, SessionSummary, TokenPurpose,
    User,
};
pub use alerts::{AlertMode, AlertsDue, CommentNotice, OutgoingMail, TakenAlert};
pub use archive::{
    ARCHIVE_TABLES, ArchiveFacts, ArchivePart, ArchiveRestore, ArchiveTable, RestoreError, TABLES_NOT_ARCHIVED,
};
pub use articles::{Article, ArticleNote, ArticleSummary, ArticleText, Author, Cursor, ListOf, Listing, SitemapEntry};
pub use audit::{Actor, LogLine};
pub use backend::{Backend, Store};
pub use comments::{
    CommentEdit, CommentRecord, FeaturedComment, FeedComment, MoreReplies, PostingAsk, PostingRecord, ReaderMarks,
    ThreadComment, ThreadOrder, ThreadPage,
};
pub use dashboard::{Bucket, DayDecisions, DeskFigures, approval_percent};
pub use error::StoreError;
pub use external::{ExternalArticle, NewExternalArticle};
pub use identities::{Identity, LinkRequest, Linked, NewProviderSignIn, ProviderSignIn};
pub use media::{AddedMedia, MediaFile, MediaItem, NewMedia, Withdrawn};
pub use moderation::{
    Decision as ModerationDecision, FlagReason, LOG_ACTIONS, LogEntry, LogFilter, LoggedComment, Moderated, QueueItem,
    QueueTab, RecentComment,
};
pub use new_comments::{CommentAdded, CommentAuthor, CommentImported, ImportedComment, NewComment};
pub use people::{Person, TakeDown};
pub use personal_data::{DecisionAbout, MutedThread, OwnComment, OwnFlag, OwnVote, PersonalData};
pub use search::{MOST_SEARCH_WORDS, SearchHit, SearchQuery, SearchResults, search_words};
pub use signals::{Heard, Listener};
pub use stories::{
    Base, ComeDue, DeskFilter, DeskLine, Editor, NewNote, Revision, RevisionEntry, Saved, Story, Upserted,
};
pub use throttles::{ThrottleCount, ThrottleRule};
pub use webhooks::{AttemptOutcome, AttemptResult, DueDelivery, WebhookAttempt, WebhookEndpoint};
