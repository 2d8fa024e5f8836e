//! What readers can do to comments, written once for the pages' forms and
//! the JSON API: each action checks its rules and answers with what it did
//! or with a [`Refusal`] that both can show (a message for the form, a
//! stable code for the API).

use std::time::Duration;

use axum::http::StatusCode;
use byline_core::accounts::{DisplayName, DisplayNameError, Permission};
use byline_core::comments::{CommentBody, CommentBodyError, CommentStatus, detect_language, render_comment};
use byline_core::moderation::{AuthorRecord, Decision, Reason, Standing, Submission, Verdict};
use byline_core::{CommentMode, LanguageTag, SanitizedHtml, Slug, Timestamp};
use byline_store::{ArticleSummary, CommentAdded, CommentAuthor, CommentEdit, CommentRecord, NewComment};

use crate::AppState;
use crate::comments_view::CommentView;
use crate::error::AppError;
use crate::published;
use crate::sessions::Viewer;
use crate::views::ComposeState;

/// Reasons a reader may give for a flag, as the form offers them.
pub const FLAG_REASONS: [(&str, &str); 5] = [
    ("abuse", "Abusive or hateful"),
    ("spam", "Spam or advertising"),
    ("off-topic", "Off topic"),
    ("misinformation", "False or misleading"),
    ("other", "Something else"),
];

/// Why an action on a comment was not done. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    Closed,
    ConfirmEmail,
    TooFast(Duration),
    Body(CommentBodyError),
    ParentElsewhere,
    ParentRemoved,
    EditWindowOver { minutes: i64 },
    NotYours,
    NotPublished,
    OwnComment,
    BadReason,
    GuestName(DisplayNameError),
}

impl Refusal {
    /// The API's stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Closed => "comments_closed",
            Self::ConfirmEmail => "email_unconfirmed",
            Self::TooFast(_) => "too_fast",
            Self::Body(CommentBodyError::Empty) => "empty",
            Self::Body(CommentBodyError::TooLong { .. }) => "too_long",
            Self::ParentElsewhere => "parent_elsewhere",
            Self::ParentRemoved => "parent_removed",
            Self::EditWindowOver { .. } => "edit_window_over",
            Self::NotYours => "not_yours",
            Self::NotPublished => "not_published",
            Self::OwnComment => "own_comment",
            Self::BadReason => "bad_reason",
            Self::GuestName(_) => "bad_name",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::NotYours | Self::ConfirmEmail => StatusCode::FORBIDDEN,
            Self::TooFast(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Closed | Self::ParentRemoved | Self::NotPublished | Self::EditWindowOver { .. } => {
                StatusCode::CONFLICT
            }
            Self::Body(_) | Self::ParentElsewhere | Self::OwnComment | Self::BadReason | Self::GuestName(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        }
    }

    /// What the reader is told.
    pub fn message(&self) -> String {
        match self {
            Self::TooFast(wait) => {
                format!(
                    "You are commenting very fast. Please wait {} seconds and send it again.",
                    wait.as_secs().max(1)
                )
            }
            Self::Body(err) => err.to_string(),
            Self::GuestName(err) => format!("Your name {err}."),
            Self::EditWindowOver { minutes } => {
                format!("Comments can be edited for {minutes} minutes after posting; that time is over.")
            }
            other => other.fixed_message().to_owned(),
        }
    }

    fn fixed_message(&self) -> &'static str {
        match self {
            Self::NotFound => "There is no such comment.",
            Self::Closed => "Comments are closed on this article.",
            Self::ConfirmEmail => {
                "Confirm your e-mail address (see Your account) before commenting, voting or flagging."
            }
            Self::TooFast(_) => "You are commenting very fast. Please wait a little and send it again.",
            Self::Body(CommentBodyError::Empty) => "The comment is empty.",
            Self::Body(CommentBodyError::TooLong { .. }) => "The comment is too long.",
            Self::ParentElsewhere => "The comment you replied to is not part of this article.",
            Self::ParentRemoved => "The comment you replied to has been removed, so it takes no replies.",
            Self::EditWindowOver { .. } => "The time for editing this comment is over.",
            Self::NotYours => "Only its author can change a comment.",
            Self::NotPublished => "Only published comments take votes and flags.",
            Self::OwnComment => "You cannot vote for or flag your own comment.",
            Self::BadReason => "Choose a reason for the flag.",
            Self::GuestName(_) => "Give the name to show with your comment.",
        }
    }

    /// The refusal as a plain error page, for forms that have no page of
    /// their own to come back to.
    pub fn into_app_error(self) -> AppError {
        match self {
            Self::NotFound => AppError::NotFound,
            Self::NotYours => AppError::Forbidden,
            Self::TooFast(wait) => AppError::TooManyRequests(wait),
            other => AppError::BadRequest(other.fixed_message()),
        }
    }
}

/// An action's failure: refused by a rule, or a fault of ours.
#[derive(Debug)]
pub enum ActionError {
    Refused(Refusal),
    Failed(AppError),
}

impl From<Refusal> for ActionError {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl From<byline_store::StoreError> for ActionError {
    fn from(err: byline_store::StoreError) -> Self {
        Self::Failed(err.into())
    }
}

impl From<AppError> for ActionError {
    fn from(err: AppError) -> Self {
        Self::Failed(err)
    }
}

/// What the comment form may offer this viewer on this article.
pub fn compose_state(state: &AppState, article: &ArticleSummary, viewer: Option<&Viewer>) -> ComposeState {
    match (state.comment_mode(article), viewer) {
        (CommentMode::Closed, _) => ComposeState::Closed,
        (_, None) if state.guest_comments => ComposeState::SignInOrGuest,
        (_, None) => ComposeState::SignInPrompt,
        (_, Some(v)) if !v.user.role.can(Permission::Comment) => ComposeState::Closed,
        (_, Some(v)) if !v.user.email_verified => ComposeState::ConfirmEmail,
        (_, Some(v)) if let Some(until) = kept_out(v.user.standing) => ComposeState::KeptOut { until },
        (mode, Some(_)) => ComposeState::Open { premoderated: mode == CommentMode::PreModerated },
    }
}

/// Whether a reader's standing keeps them from commenting now: `Some`
/// with the end of a suspension (`None` inside for a ban, or a suspension
/// with no end).
fn kept_out(standing: Standing) -> Option<Option<Timestamp>> {
    match standing {
        Standing::Banned => Some(None),
        Standing::Suspended { until } if until > Timestamp::now() => {
            Some((until < Timestamp::from_millis(i64::MAX)).then_some(until))
        }
        Standing::Suspended { .. } | Standing::Active => None,
    }
}

/// The text as it would be shown, without saving anything.
pub fn preview(state: &AppState, text: &str) -> Result<SanitizedHtml, Refusal> {
    let body = CommentBody::parse(text, &state.comment_limits).map_err(Refusal::Body)?;
    Ok(render_comment(&body))
}

/// A comment as it was saved.
pub struct Posted {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub depth: i64,
    /// Published, or what the moderation policy made of it, and why.
    pub status: CommentStatus,
    pub reasons: Vec<Reason>,
    pub html: SanitizedHtml,
    pub language: LanguageTag,
    pub created_at: Timestamp,
}

/// An author the store has no record of: active, no history.
fn newcomer() -> AuthorRecord {
    AuthorRecord { standing: Standing::Active, guest: false, approved: 0, rejected: 0, staff: false }
}

/// Runs the site's moderation policy over a new or edited text.
fn decide(
    state: &AppState,
    article: &ArticleSummary,
    body: &CommentBody,
    language: &LanguageTag,
    author: &AuthorRecord,
    repeated: bool,
    now: Timestamp,
) -> Decision {
    let mode = state.comment_mode(article);
    let submission = Submission { body, language, mode, author, now, repeated };
    let decision = state.policy.decide(&submission);
    // Staff skip the trust rule; what the other rules made of their
    // comment is logged whatever it is.
    if decision.verdict != Verdict::Publish || author.staff {
        let rules: Vec<&str> = decision.reasons.iter().map(|r| r.rule.as_str()).collect();
        tracing::info!(verdict = ?decision.verdict, ?rules, staff = author.staff, "moderation policy verdict");
    }
    decision
}

/// Posts a comment, or a reply when `parent_id` is set, then tells open
/// pages and the parent's author.
pub async fn post(
    state: &AppState,
    viewer: &Viewer,
    article: &ArticleSummary,
    parent_id: Option<i64>,
    text: &str,
) -> Result<Posted, ActionError> {
    match compose_state(state, article, Some(viewer)) {
        ComposeState::Closed => return Err(Refusal::Closed.into()),
        ComposeState::ConfirmEmail => return Err(Refusal::ConfirmEmail.into()),
        _ => {}
    }
    let flood_key = viewer.user.id.to_string();
    state.throttles.flood_check(&flood_key).map_err(Refusal::TooFast)?;
    let body = CommentBody::parse(text, &state.comment_limits).map_err(Refusal::Body)?;
    let now = Timestamp::now();
    let language = detect_language(&body, &article.language);
    let (mut author, repeated) = state
        .store
        .posting_record(viewer.user.id, &body, now.plus_hours(-24))
        .await?
        .unwrap_or_else(|| (newcomer(), false));
    author.staff = viewer.user.role.can(Permission::TrustedComments);
    let decision = decide(state, article, &body, &language, &author, repeated, now);
    let html = render_comment(&body);
    let new = NewComment {
        article_id: article.id,
        parent_id,
        author: CommentAuthor::Member(viewer.user.id),
        body: &body,
        body_html: &html,
        language: &language,
        status: decision.status(),
        reasons: &decision.reasons,
    };
    let (id, status, depth, count) = match state.store.add_comment(&new, now).await? {
        CommentAdded::Added { id, status, depth, comment_count } => (id, status, depth, comment_count),
        CommentAdded::ParentMissing | CommentAdded::ParentElsewhere => return Err(Refusal::ParentElsewhere.into()),
        CommentAdded::ParentUnavailable => return Err(Refusal::ParentRemoved.into()),
    };
    state.throttles.flood_record(&flood_key);
    let posted = Posted { id, parent_id, depth, status, html, language, created_at: now, reasons: decision.reasons };
    if let Some(count) = count {
        let view = CommentView::fresh(&posted, viewer, &article.language);
        published::announce(state, article, &view, parent_id, count);
        if let Some(parent) = parent_id {
            // The reply is saved; a failed notice must not undo it.
            let replier = published::Replier { id: Some(viewer.user.id), name: &viewer.user.display_name };
            if let Err(err) = published::notify_parent_author(state, parent, id, &replier, article, body.as_str()).await
            {
                tracing::warn!(comment_id = id, error = ?err, "reply notification not sent");
            }
        }
    }
    Ok(posted)
}

/// Posts a comment from a reader without an account, where the site allows
/// it: a name is required, and the comment always waits for a moderator.
/// Flood control counts per network address.
pub async fn post_as_guest(
    state: &AppState,
    article: &ArticleSummary,
    name: &str,
    text: &str,
    client: &str,
) -> Result<Posted, ActionError> {
    if !state.guest_comments {
        return Err(Refusal::NotFound.into());
    }
    if state.comment_mode(article) == CommentMode::Closed {
        return Err(Refusal::Closed.into());
    }
    let name = DisplayName::parse(name).map_err(Refusal::GuestName)?;
    let flood_key = format!("guest {client}");
    state.throttles.flood_check(&flood_key).map_err(Refusal::TooFast)?;
    let body = CommentBody::parse(text, &state.comment_limits).map_err(Refusal::Body)?;
    let now = Timestamp::now();
    let html = render_comment(&body);
    let language = detect_language(&body, &article.language);
    let author = AuthorRecord { guest: true, ..newcomer() };
    let mut decision = decide(state, article, &body, &language, &author, false, now);
    // Whatever a site's policy, a guest comment waits for a moderator.
    if decision.verdict == Verdict::Publish {
        decision.verdict = Verdict::Hold;
    }
    let new = NewComment {
        article_id: article.id,
        parent_id: None,
        author: CommentAuthor::Guest(name.as_str()),
        body: &body,
        body_html: &html,
        language: &language,
        status: decision.status(),
        reasons: &decision.reasons,
    };
    let CommentAdded::Added { id, status, depth, .. } = state.store.add_comment(&new, now).await? else {
        return Err(Refusal::NotFound.into());
    };
    state.throttles.flood_record(&flood_key);
    Ok(Posted { id, parent_id: None, depth, status, html, language, created_at: now, reasons: decision.reasons })
}

/// The comment, or [`Refusal::NotFound`].
pub async fn find(state: &AppState, id: i64) -> Result<CommentRecord, ActionError> {
    Ok(state.store.comment(id).await?.ok_or(Refusal::NotFound)?)
}

/// Whether `viewer` may still edit `comment` at `now`.
pub fn may_edit(state: &AppState, viewer: &Viewer, comment: &CommentRecord, now: Timestamp) -> bool {
    comment.author_id == Some(viewer.user.id)
        && matches!(comment.status, CommentStatus::Published | CommentStatus::Pending)
        && comment.created_at.plus_minutes(state.comment_limits.edit_minutes) > now
}

/// Replaces the text of the viewer's own comment within the edit window.
pub async fn edit(state: &AppState, viewer: &Viewer, id: i64, text: &str) -> Result<CommentRecord, ActionError> {
    let comment = find(state, id).await?;
    if comment.author_id != Some(viewer.user.id) {
        return Err(Refusal::NotYours.into());
    }
    let now = Timestamp::now();
    if !may_edit(state, viewer, &comment, now) {
        return Err(Refusal::EditWindowOver { minutes: state.comment_limits.edit_minutes }.into());
    }
    let body = CommentBody::parse(text, &state.comment_limits).map_err(Refusal::Body)?;
    let slug = Slug::parse(&comment.article_slug).map_err(|_| Refusal::NotFound)?;
    let article = state.store.visible_article_summary(&slug, now).await?.ok_or(Refusal::NotFound)?;
    if state.comment_mode(&article) == CommentMode::Closed {
        return Err(Refusal::Closed.into());
    }
    let html = render_comment(&body);
    let language = detect_language(&body, &article.language);
    let mut author = state.store.author_record(viewer.user.id).await?.unwrap_or_else(newcomer);
    author.staff = viewer.user.role.can(Permission::TrustedComments);
    let decision = decide(state, &article, &body, &language, &author, false, now);
    // A held comment stays held, whatever its new text.
    let status = match (comment.status, decision.status()) {
        (CommentStatus::Pending, CommentStatus::Published) => CommentStatus::Pending,
        (_, status) => status,
    };
    let edit =
        CommentEdit { id, body: &body, body_html: &html, language: &language, status, reasons: &decision.reasons };
    if !state.store.edit_comment(&edit, now).await? {
        return Err(Refusal::NotFound.into());
    }
    Ok(comment)
}

/// Withdraws the viewer's own comment, leaving a tombstone.
pub async fn delete(state: &AppState, viewer: &Viewer, id: i64) -> Result<CommentRecord, ActionError> {
    let comment = find(state, id).await?;
    if comment.author_id != Some(viewer.user.id) {
        return Err(Refusal::NotYours.into());
    }
    if !state.store.delete_comment(id).await? {
        return Err(Refusal::NotFound.into());
    }
    Ok(comment)
}

/// Gives (`on`) or takes back the viewer's vote; returns the new score.
pub async fn vote(state: &AppState, viewer: &Viewer, id: i64, on: bool) -> Result<(CommentRecord, i64), ActionError> {
    // Votes order threads: only confirmed readers give them, as flags.
    if !viewer.user.email_verified {
        return Err(Refusal::ConfirmEmail.into());
    }
    let comment = reactable(state, viewer, id).await?;
    let score = state.store.set_vote(id, viewer.user.id, on, Timestamp::now()).await?;
    Ok((comment, score))
}

/// Records the viewer's flag with one of [`FLAG_REASONS`].
pub async fn flag(state: &AppState, viewer: &Viewer, id: i64, reason: &str) -> Result<CommentRecord, ActionError> {
    if !FLAG_REASONS.iter().any(|(key, _)| *key == reason) {
        return Err(Refusal::BadReason.into());
    }
    // Flags can take a comment down: only confirmed readers give them.
    if !viewer.user.email_verified {
        return Err(Refusal::ConfirmEmail.into());
    }
    let comment = reactable(state, viewer, id).await?;
    let readers = state.store.flag_comment(id, viewer.user.id, reason, Timestamp::now()).await?;
    if let Some(hold) = state.policy.hold_for_flags(readers) {
        // Staff comments stay up whatever the flags; a moderator decides.
        let author = match comment.author_id {
            Some(author_id) => state.store.user(author_id).await?,
            None => None,
        };
        let staff = author.is_some_and(|a| a.role.can(Permission::Moderate));
        if !staff && state.store.hold_comment(id, &hold, Timestamp::now()).await? {
            tracing::info!(comment_id = id, readers, "comment held after flags");
        }
    }
    Ok(comment)
}

/// A comment the viewer may vote for or flag: published, not their own.
async fn reactable(state: &AppState, viewer: &Viewer, id: i64) -> Result<CommentRecord, ActionError> {
    let comment = find(state, id).await?;
    if comment.status != CommentStatus::Published {
        return Err(Refusal::NotPublished.into());
    }
    if comment.author_id == Some(viewer.user.id) {
        return Err(Refusal::OwnComment.into());
    }
    Ok(comment)
}
