//! The moderation queue: comments waiting for a decision, each with what a
//! moderator needs to make it (the article, the comment it answers, why it
//! waits, the author's record), and the decisions, each written to the
//! moderation log.

use std::time::Duration;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::sse::Event;
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::accounts::Role;
use byline_core::comments::CommentStatus;
use byline_core::moderation::{Finding, MODERATOR_RULE, Reason, Refusal, Verdict};
use byline_core::{SanitizedHtml, Slug, Timestamp};
use byline_store::{FlagReason, ModerationDecision, QueueItem, QueueTab, RecentComment};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio_stream::wrappers::IntervalStream;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::clients::ClientAddr;
use crate::comments::refusals::FLAG_REASONS;
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::i18n::Locale;
use crate::layout::{Chrome, article_path};
use crate::pages::{form_page, query_param};

/// Items drawn per tab.
const QUEUE_LENGTH: u32 = byline_app::moderation::MOST_CHOSEN as u32;

/// A queued comment as the page draws it.
pub struct QueueView {
    pub id: i64,
    /// The author's account, for their record; `None` for guests and
    /// deleted accounts.
    pub author_id: Option<i64>,
    pub author_status: String,
    /// The author is a reader, so a moderator may suspend or ban them;
    /// staff change by role only.
    pub author_is_reader: bool,
    pub article_href: String,
    pub article_slug: String,
    pub article_headline: String,
    /// The author's name, or the words for a deleted account.
    pub author_name: String,
    pub author_handle: Option<String>,
    pub guest: bool,
    pub created_at: Timestamp,
    pub body_html: SanitizedHtml,
    pub lang: String,
    pub parent_excerpt: Option<String>,
    /// The author's note, when back on appeal.
    pub appeal: Option<String>,
    /// Why it is here, one line a rule.
    pub reasons: Vec<ReasonView>,
    pub author_joined: Option<Timestamp>,
    pub author_published: i64,
    pub author_refused: i64,
    /// Each reader's flag: their reason and who they are.
    pub flag_reasons: Vec<FlagView>,
    pub flag_count: i64,
    /// The message naming its state.
    pub status: &'static str,
    /// The author's latest other comments.
    pub recent: Vec<RecentView>,
    /// The comment to go on to after a decision on this one: the next in
    /// the list, or the one before for the last; the page draws it.
    pub next_id: Option<i64>,
}

/// One rule's finding on a queued comment, in a moderator's words.
pub struct ReasonView {
    /// The message naming the rule: "Word list", "Trust"…
    pub rule: &'static str,
    /// The message for what the rule asked for: "held" or "refused".
    pub verdict: &'static str,
    /// What the rule saw, as the rule wrote it: for the word list, the
    /// term and how it was found ("listed term “kill” (stretched letters)").
    pub detail: String,
    /// The same, as its parts, for the page's own words.
    pub finding: Option<Finding>,
    /// A moderator's reason, named by its message instead.
    pub detail_id: Option<String>,
}

impl ReasonView {
    /// What the rule saw, in the page's language; as the rule wrote it
    /// when it is in no form the rules write now.
    pub fn words(&self, i18n: &Locale) -> String {
        if let Some(id) = &self.detail_id {
            return i18n.t(id);
        }
        let Some(finding) = &self.finding else { return self.detail.clone() };
        match finding {
            Finding::Closed => i18n.t("finding-closed"),
            Finding::PreModerated => i18n.t("finding-premoderated"),
            Finding::Banned => i18n.t("finding-banned"),
            Finding::SuspendedUntil(until) => i18n.with("finding-suspended", &[("until", &i18n.moment(until))]),
            Finding::Guest => i18n.t("finding-guest"),
            Finding::NewAccount { approved, needed } => {
                i18n.numbers("finding-new-account", &[("approved", *approved), ("needed", *needed)])
            }
            Finding::LowTrust { approved, rejected } => {
                i18n.numbers("finding-low-trust", &[("approved", *approved), ("rejected", *rejected)])
            }
            Finding::Listed { term, how, uncertain } => {
                let how = if how.is_empty() {
                    i18n.t("finding-as-written")
                } else {
                    let each: Vec<String> = how.iter().map(|d| i18n.t(format!("disguise-{}", d.key()))).collect();
                    each.join(&i18n.t("list-comma"))
                };
                let id = if *uncertain { "finding-listed-uncertain" } else { "finding-listed" };
                i18n.with(id, &[("term", term), ("how", &how)])
            }
            Finding::ManyLinks { count, most } => {
                let (count, most) = (i64::try_from(*count).unwrap_or(i64::MAX), i64::try_from(*most).unwrap_or(0));
                i18n.numbers("finding-many-links", &[("count", count), ("most", most)])
            }
            Finding::UntrustedLink => i18n.t("finding-untrusted-link"),
            Finding::Repeated => i18n.t("finding-repeated"),
            Finding::Spam { score, signals } => {
                let each: Vec<String> = signals.iter().map(|key| i18n.t(format!("signal-{key}"))).collect();
                i18n.with("finding-spam", &[("score", score), ("signals", &each.join(&i18n.t("list-comma")))])
            }
            Finding::Flagged { readers } => i18n.count("finding-flagged", readers),
        }
    }
}

impl From<&Reason> for ReasonView {
    fn from(reason: &Reason) -> Self {
        let rule = match reason.rule.as_str() {
            "comment_mode" => "rule-comment-mode",
            "standing" => "rule-standing",
            "trust" => "rule-trust",
            "word_list" => "rule-word-list",
            "links" => "rule-links",
            "repeated" => "rule-repeated",
            "spam" => "rule-spam",
            "flags" => "rule-flags",
            MODERATOR_RULE => "rule-moderator",
            _ => "rule-other",
        };
        let verdict = match reason.verdict {
            Verdict::Publish => "verdict-noted",
            Verdict::Hold => "verdict-held",
            Verdict::Reject => "verdict-refused",
        };
        // A moderator's reason is kept as its key; show its words.
        let detail_id = match (reason.rule.as_str(), Refusal::from_key(&reason.detail)) {
            (MODERATOR_RULE, Some(refusal)) => Some(format!("refusal-{}", refusal.key)),
            _ => None,
        };
        Self { rule, verdict, detail: reason.detail.clone(), finding: reason.finding(), detail_id }
    }
}

/// One reader's flag on a queued comment.
pub struct FlagView {
    /// The message for the reason, as the flag form offered it.
    pub reason: String,
    pub reader_name: String,
    pub reader_handle: String,
    /// The reader's record.
    pub reader_href: String,
    pub created_at: Timestamp,
}

impl From<FlagReason> for FlagView {
    fn from(flag: FlagReason) -> Self {
        Self {
            reason: format!(
                "flag-reason-{}",
                FLAG_REASONS.iter().find(|(key, _)| *key == flag.reason).map_or("other", |(key, _)| key)
            ),
            reader_name: flag.reader_name,
            reader_handle: flag.reader_handle,
            reader_href: format!("/moderation/people/{}", flag.reader_id),
            created_at: flag.created_at,
        }
    }
}

/// One of the author's other comments, in a queue item's history.
pub struct RecentView {
    pub href: String,
    pub article_headline: String,
    pub status: &'static str,
    pub created_at: Timestamp,
    pub excerpt: String,
}

/// The message naming a comment's state on the moderators' pages.
pub fn status_label(status: CommentStatus) -> &'static str {
    match status {
        CommentStatus::Pending => "status-waiting",
        CommentStatus::Published => "status-published",
        CommentStatus::Rejected => "status-rejected",
        CommentStatus::Spam => "status-spam",
        CommentStatus::Deleted => "status-withdrawn",
        CommentStatus::Removed => "status-removed",
    }
}

impl From<RecentComment> for RecentView {
    fn from(c: RecentComment) -> Self {
        Self {
            href: format!("{}#c-{}", article_path(&c.article_slug), c.id),
            article_headline: c.article_headline,
            status: status_label(c.status),
            created_at: c.created_at,
            excerpt: c.excerpt,
        }
    }
}

impl From<QueueItem> for QueueView {
    fn from(item: QueueItem) -> Self {
        let c = item.comment;
        Self {
            id: c.id,
            author_id: c.author_id,
            author_status: item.author_status.unwrap_or_default(),
            author_is_reader: item.author_role == Some(Role::Commenter),
            article_href: format!("{}#c-{}", article_path(&item.article_slug), c.id),
            article_slug: item.article_slug,
            article_headline: item.article_headline,
            // Named in the page's language when the page is drawn.
            author_name: c.author_name.unwrap_or_default(),
            author_handle: c.author_handle,
            guest: c.guest,
            created_at: c.created_at,
            body_html: c.body_html,
            lang: c.language,
            parent_excerpt: item.parent_excerpt,
            appeal: item.appeal,
            reasons: c.reasons.iter().map(ReasonView::from).collect(),
            author_joined: item.author_joined,
            author_published: item.author_published,
            author_refused: item.author_refused,
            flag_count: i64::try_from(item.flag_reasons.len()).unwrap_or(i64::MAX),
            flag_reasons: item.flag_reasons.into_iter().map(FlagView::from).collect(),
            status: status_label(c.status),
            recent: item.author_recent.into_iter().map(RecentView::from).collect(),
            next_id: None,
        }
    }
}

#[derive(Template)]
#[template(path = "moderation/queue.html")]
pub struct QueuePage {
    chrome: Chrome,
    script: &'static str,
    tab: &'static str,
    /// Each tab's key and the message naming it.
    tabs: Vec<(&'static str, &'static str)>,
    items: Vec<QueueView>,
    pending: i64,
    flagged: i64,
    notice: Option<String>,
    /// The moment the page is drawn, for how long ago things were.
    now: Timestamp,
    /// The keys the script answers, each with the message saying what it
    /// does.
    keys: &'static [(&'static str, &'static str)],
    /// One comment on a page of its own (from the log or a person's
    /// record), not a tab.
    single: bool,
    /// The article the page is narrowed to.
    article: Option<QueueArticle>,
    /// The reasons for a rejection: each one's key, its number in the
    /// list, and the message naming it.
    refusals: Vec<(&'static str, String, String)>,
    /// What the page asks when a rejection has no reason.
    ask_reason: String,
}

/// The queue's keys, as the page lists them (the numbers follow).
const KEYS: &[(&str, &str)] = &[
    ("j", "mod-key-next"),
    ("k", "mod-key-previous"),
    ("a", "mod-key-approve"),
    ("f", "mod-key-feature"),
    ("r", "mod-key-reject"),
    ("s", "mod-key-spam"),
    ("x", "mod-key-choose"),
];

/// The article a queue page is narrowed to, as the page names it.
pub struct QueueArticle {
    slug: String,
    headline: String,
    href: String,
}

/// Reads `article=SLUG` from a query or a form: `None` for every article.
pub(crate) fn article_filter(raw: Option<&str>) -> Result<Option<Slug>, AppError> {
    match raw.unwrap_or_default() {
        "" => Ok(None),
        slug => Slug::parse(slug).map(Some).map_err(|_| AppError::BadRequest("There is no such article.")),
    }
}

/// Where the queue is: its tab, the article it is narrowed to, and what
/// was just done there (with how many comments, for a decision on several).
pub(crate) fn queue_href(tab: QueueTab, article: Option<&Slug>, done: &str, count: Option<usize>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("tab", tab.key());
    if let Some(slug) = article {
        query.append_pair("article", slug.as_str());
    }
    query.append_pair("done", done);
    if let Some(n) = count {
        query.append_pair("count", &n.to_string());
    }
    format!("/moderation?{}", query.finish())
}

/// The message naming a tab.
fn tab_label(tab: QueueTab) -> &'static str {
    match tab {
        QueueTab::Pending => "mod-tab-pending",
        QueueTab::Flagged => "mod-tab-flagged",
        QueueTab::Spam => "mod-tab-spam",
        QueueTab::Rejected => "mod-tab-rejected",
        QueueTab::All => "mod-tab-all",
    }
}

/// What the queue says after a decision or a change of standing.
fn notice(query: Option<&str>, i18n: &Locale) -> Option<String> {
    let done = query_param(query, "done")?;
    let count = query_param(query, "count").and_then(|n| n.parse::<i64>().ok());
    if let Some(n) = count {
        let id = match done.as_str() {
            "approve" => "mod-done-approve-many",
            "feature" => "mod-done-feature-many",
            "reject" => "mod-done-reject-many",
            "spam" => "mod-done-spam-many",
            _ => return None,
        };
        return Some(i18n.count(id, n));
    }
    let id = match done.as_str() {
        "approve" => "mod-done-approve",
        "feature" => "mod-done-feature",
        "reject" => "mod-done-reject",
        "spam" => "mod-done-spam",
        "stale" => "mod-done-stale",
        "none" => "mod-done-none",
        _ => standing_notice(&done)?,
    };
    Some(i18n.t(id))
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
    let only = article_filter(query_param(query.as_deref(), "article").as_deref())?;
    let items = state.app.store.queue(tab, only.as_ref().map(Slug::as_str), QUEUE_LENGTH).await?;
    let article = match only {
        None => None,
        Some(slug) => {
            // An article not (or no longer) shown to readers is named by its slug.
            let summary = state.app.store.visible_article_summary(&slug, Timestamp::now()).await?;
            Some(QueueArticle {
                headline: summary.map_or_else(|| slug.as_str().to_owned(), |a| a.headline),
                href: article_path(slug.as_str()),
                slug: slug.as_str().to_owned(),
            })
        }
    };
    let items = with_next(items.into_iter().map(QueueView::from).collect());
    queue_page(&state, &viewer, &csrf, Some(tab), article, items, query.as_deref()).await
}

/// Names for each item the one to go on to after deciding on it: the one
/// after it, which moves up into its place, or, for the last, the one
/// before.
fn with_next(mut items: Vec<QueueView>) -> Vec<QueueView> {
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    for (n, item) in items.iter_mut().enumerate() {
        item.next_id = ids.get(n + 1).or_else(|| n.checked_sub(1).and_then(|p| ids.get(p))).copied();
    }
    items
}

/// The queue's page around its items: a tab's, or (`tab` `None`) one
/// comment's.
async fn queue_page(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    tab: Option<QueueTab>,
    article: Option<QueueArticle>,
    mut items: Vec<QueueView>,
    query: Option<&str>,
) -> Result<Response, AppError> {
    let (pending, flagged) = state.app.store.queue_counts().await?;
    let chrome = state.interface_chrome("/moderation", Some(viewer), csrf).await?;
    for item in items.iter_mut().filter(|item| item.author_name.is_empty()) {
        item.author_name = chrome.i18n.t("deleted-user");
    }
    let refusals =
        (1..).zip(Refusal::ALL).map(|(n, r)| (r.key, chrome.i18n.number(n), format!("refusal-{}", r.key))).collect();
    let most = i64::try_from(Refusal::ALL.len()).unwrap_or(i64::MAX);
    let ask_reason = chrome.i18n.numbers("mod-ask-reason", &[("most", most)]);
    let page = QueuePage {
        notice: notice(query, chrome.i18n),
        now: state.app.now(),
        keys: KEYS,
        chrome,
        script: &crate::assets::MODERATION_JS.path,
        tab: tab.map_or("", QueueTab::key),
        tabs: QueueTab::ALL.into_iter().map(|t| (t.key(), tab_label(t))).collect(),
        items,
        pending,
        flagged,
        single: tab.is_none(),
        article,
        refusals,
        ask_reason,
    };
    Ok(form_page(page.render()?))
}

/// `GET /moderation/comments/{id}`: one comment as the queue shows it,
/// whatever its state, with the same actions.
pub async fn show_item(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let item = state.app.store.queue_item(id).await?.ok_or(AppError::NotFound)?;
    queue_page(&state, &viewer, &csrf, None, None, vec![QueueView::from(item)], None).await
}

/// The message the pages show after a change of standing.
pub fn standing_notice(done: &str) -> Option<&'static str> {
    Some(match done {
        "suspend" => "mod-done-suspend",
        "ban" => "mod-done-ban",
        "restore" => "mod-done-restore",
        "reset-trust" => "mod-done-reset-trust",
        "not-reader" => "mod-done-not-reader",
        _ => return None,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
    reason: String,
    tab: String,
    /// The article the queue was narrowed to, if it was.
    article: String,
    /// The comments chosen, for a decision on several at once.
    ids: Vec<i64>,
    /// The comment the queue goes on to after this decision.
    next: Option<i64>,
}

impl DecisionForm {
    fn decision(&self) -> Result<ModerationDecision, AppError> {
        ModerationDecision::from_key(&self.decision).ok_or(AppError::BadRequest("Approve, feature, reject or spam."))
    }
}

/// `POST /moderation/comments/{id}`: approve, feature, reject with a
/// reason, or spam.
pub async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<DecisionForm>,
) -> Result<Response, AppError> {
    let decision = input.decision()?;
    let tab = QueueTab::from_key(&input.tab).unwrap_or_default();
    let article = article_filter(Some(&input.article))?;
    let moderated = state.app.moderate(&viewer.user, id, decision, &input.reason).await?;
    let outcome = if moderated.done() { decision.key() } else { "stale" };
    let mut back = queue_href(tab, article.as_ref(), outcome, None);
    // Back at the comment that moved up into this one's place.
    if let Some(next) = input.next {
        back.push_str(&format!("#q-{next}"));
    }
    Ok(Redirect::to(&back).into_response())
}

/// `POST /moderation/comments`: one decision on every comment chosen. Each
/// is its own decision, logged on its own line; comments someone else
/// decided on meanwhile are left as they are.
pub async fn decide_many(
    State(state): State<AppState>,
    viewer: Viewer,
    PostedForm(input): PostedForm<DecisionForm>,
) -> Result<Response, AppError> {
    let decision = input.decision()?;
    let tab = QueueTab::from_key(&input.tab).unwrap_or_default();
    let article = article_filter(Some(&input.article))?;
    if input.ids.is_empty() {
        return Ok(Redirect::to(&queue_href(tab, article.as_ref(), "none", None)).into_response());
    }
    let done = state.app.moderate_many(&viewer.user, &input.ids, decision, &input.reason).await?;
    Ok(Redirect::to(&queue_href(tab, article.as_ref(), decision.key(), Some(done))).into_response())
}

/// The queue's counts, as the live stream sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
struct QueueCounts {
    pending: i64,
    flagged: i64,
}

/// How often the live count looks at the store. Reading the counts is one
/// indexed query, and reading them (rather than listening for this
/// process's own events) sees comments every server takes.
const COUNT_EVERY: Duration = Duration::from_secs(2);

/// `GET /moderation/live`: a Server-Sent Events stream of the queue's
/// counts, sent when they change.
pub async fn stream_counts(State(state): State<AppState>, ClientAddr(client): ClientAddr) -> Response {
    let permit = match state.live.admit(client) {
        Ok(permit) => permit,
        Err(refused) => return refused.into_response(),
    };
    let store = state.app.store.clone();
    let ticks = IntervalStream::new(tokio::time::interval(COUNT_EVERY));
    let mut last = None;
    let events = ticks
        .then(move |_| {
            let store = store.clone();
            async move { store.queue_counts().await.ok() }
        })
        .filter_map(move |counts| {
            let counts = counts.map(|(pending, flagged)| QueueCounts { pending, flagged });
            let changed = counts.filter(|c| last != Some(*c));
            if changed.is_some() {
                last = changed;
            }
            let event = changed.and_then(|c| Event::default().event("counts").json_data(c).ok());
            async move { event }
        });
    state.live.bounded(events, permit).into_response()
}
