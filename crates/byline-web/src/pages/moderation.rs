//! The moderation queue: comments waiting for a decision, each with what a
//! moderator needs to make it (the article, the comment it answers, why it
//! waits, the author's record), and the decisions, each written to the
//! moderation log.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::{SanitizedHtml, Timestamp};
use byline_store::{Actor, ModerationDecision, QueueItem, QueueTab, StandingChange};
use serde::Deserialize;

use super::{form_page, query_param};
use crate::AppState;
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::sessions::{CsrfToken, Viewer};
use crate::views::{Chrome, article_path};

/// Items drawn per tab.
const QUEUE_LENGTH: u32 = 100;

/// A queued comment as the page draws it.
pub struct QueueView {
    pub id: i64,
    /// The author's account, for suspending or banning; `None` for guests
    /// and deleted accounts.
    pub author_id: Option<i64>,
    pub author_status: String,
    pub article_href: String,
    pub article_headline: String,
    pub author_name: String,
    pub author_handle: Option<String>,
    pub guest: bool,
    pub created_at: Timestamp,
    pub body_html: SanitizedHtml,
    pub lang: String,
    pub parent_excerpt: Option<String>,
    /// The author's note, when back on appeal.
    pub appeal: Option<String>,
    /// Each reason as `rule: detail`.
    pub reasons: Vec<String>,
    pub author_joined: Option<Timestamp>,
    pub author_published: i64,
    pub author_refused: i64,
    pub flags: i64,
}

impl From<QueueItem> for QueueView {
    fn from(item: QueueItem) -> Self {
        let c = item.comment;
        Self {
            id: c.id,
            author_id: c.author_id,
            author_status: item.author_status.unwrap_or_default(),
            article_href: format!("{}#c-{}", article_path(&item.article_slug), c.id),
            article_headline: item.article_headline,
            author_name: c.author_name.unwrap_or_else(|| "Deleted user".to_owned()),
            author_handle: c.author_handle,
            guest: c.guest,
            created_at: c.created_at,
            body_html: c.body_html,
            lang: c.language,
            parent_excerpt: item.parent_excerpt,
            appeal: item.appeal,
            reasons: c.reasons.iter().map(|r| format!("{}: {}", r.rule, r.detail)).collect(),
            author_joined: item.author_joined,
            author_published: item.author_published,
            author_refused: item.author_refused,
            flags: item.flags,
        }
    }
}

/// Why a moderator refuses a comment; the author is told in general words.
pub const REJECT_REASONS: [(&str, &str); 5] = [
    ("abuse", "Abusive or hateful"),
    ("off-topic", "Off topic"),
    ("misinformation", "False or misleading"),
    ("personal", "Personal information"),
    ("other", "Against the rules in another way"),
];

#[derive(Template)]
#[template(path = "moderation/queue.html")]
pub struct QueuePage {
    chrome: Chrome,
    script: &'static str,
    tab: &'static str,
    tabs: Vec<(&'static str, &'static str)>,
    items: Vec<QueueView>,
    pending: i64,
    flagged: i64,
    notice: Option<&'static str>,
    reject_reasons: [(&'static str, &'static str); 5],
}

fn tab_label(tab: QueueTab) -> &'static str {
    match tab {
        QueueTab::Pending => "Pending",
        QueueTab::Flagged => "Flagged",
        QueueTab::Spam => "Spam",
        QueueTab::Rejected => "Rejected",
    }
}

/// `GET /moderation?tab=pending|flagged|spam|rejected`
pub async fn show_queue(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let tab = match query_param(query.as_deref(), "tab") {
        None => QueueTab::Pending,
        Some(key) => QueueTab::from_key(&key).ok_or(AppError::BadRequest("There is no such tab in the queue."))?,
    };
    let notice = match query_param(query.as_deref(), "done").as_deref() {
        Some("approve") => Some("Approved: the comment is published."),
        Some("reject") => Some("Rejected: its author sees that it was not published."),
        Some("spam") => Some("Marked as spam."),
        Some("stale") => Some("Someone else decided on that comment first."),
        Some("suspend") => Some("The author is suspended."),
        Some("ban") => Some("The author is banned."),
        Some("restore") => Some("The author may comment again."),
        Some("not-reader") => Some("Only readers can be suspended or banned; staff change by role."),
        _ => None,
    };
    let (pending, flagged) = state.store.queue_counts().await?;
    let items = state.store.queue(tab, QUEUE_LENGTH).await?.into_iter().map(QueueView::from).collect();
    let page = QueuePage {
        chrome: state.chrome(&state.site.language, "/moderation", Some(&viewer), &csrf).await?,
        script: &crate::assets::MODERATION_JS.path,
        tab: tab.key(),
        tabs: QueueTab::ALL.into_iter().map(|t| (t.key(), tab_label(t))).collect(),
        items,
        pending,
        flagged,
        notice,
        reject_reasons: REJECT_REASONS,
    };
    Ok(form_page(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
    reason: String,
    tab: String,
}

/// `POST /moderation/comments/{id}`: approve, reject with a reason, or spam.
pub async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<DecisionForm>,
) -> Result<Response, AppError> {
    let decision =
        ModerationDecision::from_key(&input.decision).ok_or(AppError::BadRequest("Approve, reject or spam."))?;
    let reason = match decision {
        ModerationDecision::Reject => REJECT_REASONS
            .iter()
            .find(|(key, _)| *key == input.reason)
            .map(|(key, _)| *key)
            .ok_or(AppError::BadRequest("Choose why the comment is rejected."))?,
        _ => "",
    };
    let tab = QueueTab::from_key(&input.tab).unwrap_or_default();
    let actor = Actor { id: viewer.user.id, handle: &viewer.user.handle };
    let done = state.store.moderate_comment(id, decision, actor, reason, Timestamp::now()).await?;
    let outcome = if done { decision.key() } else { "stale" };
    tracing::info!(actor = viewer.user.id, comment_id = id, decision = decision.key(), done, "moderation decision");
    Ok(Redirect::to(&format!("/moderation?tab={}&done={outcome}", tab.key())).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StandingForm {
    standing: String,
    days: String,
    tab: String,
}

/// `POST /moderation/users/{id}`: suspend a reader for some days, ban them,
/// or let them comment again; logged like every decision.
pub async fn set_standing(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(user_id): Path<i64>,
    PostedForm(input): PostedForm<StandingForm>,
) -> Result<Response, AppError> {
    let now = Timestamp::now();
    let change = match input.standing.as_str() {
        "suspend" => {
            let days = input.days.trim().parse::<i64>().ok().filter(|d| (1..=365).contains(d));
            let days = days.ok_or(AppError::BadRequest("Suspend for 1 to 365 days."))?;
            StandingChange::Suspend { until: now.plus_hours(days * 24) }
        }
        "ban" => StandingChange::Ban,
        "restore" => StandingChange::Restore,
        _ => return Err(AppError::BadRequest("Suspend, ban or restore.")),
    };
    let actor = Actor { id: viewer.user.id, handle: &viewer.user.handle };
    let done = state.store.set_standing(user_id, change, actor, "", now).await?;
    let outcome = if done { input.standing.as_str() } else { "not-reader" };
    tracing::info!(actor = viewer.user.id, user_id, standing = %input.standing, done, "author standing changed");
    let tab = QueueTab::from_key(&input.tab).unwrap_or_default();
    Ok(Redirect::to(&format!("/moderation?tab={}&done={outcome}", tab.key())).into_response())
}
