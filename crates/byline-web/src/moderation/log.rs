//! The moderation log as admins read it: filtered, a page at a time, or
//! whole as CSV for a spreadsheet or an archive.

use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use byline_core::Timestamp;
use byline_store::{Actor, LOG_ACTIONS, LogEntry, LogFilter, LoggedComment, Store};
use futures_util::{StreamExt, stream};

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;
use crate::layout::{Chrome, article_path};
use crate::pages::{form_page, query_param};

/// Lines a page of the log shows.
const LOG_PAGE: u32 = 100;
/// Lines the CSV export reads from the store at a time.
const CSV_BATCH: u32 = 1_000;

/// A log line as the log and a person's record show it.
pub struct LogLine {
    pub at: Timestamp,
    /// `@handle`; for the command line or the setup link, the message
    /// naming it instead.
    pub actor: String,
    pub actor_id: Option<&'static str>,
    /// The message naming what it is about ("comment 12"), and its number.
    pub target_id_message: &'static str,
    pub target_id: i64,
    /// Where the target is seen: a person's record, or the comment as the
    /// queue shows it.
    pub target_href: String,
    pub action: String,
    pub reason: String,
    /// For a line about a comment still kept: its words and its story.
    pub comment: Option<LoggedCommentView>,
}

/// What a log line shows of the comment it is about.
pub struct LoggedCommentView {
    /// The start of its words, plain.
    pub excerpt: String,
    /// The comment in its story.
    pub href: String,
    pub article_headline: String,
}

impl From<LoggedComment> for LoggedCommentView {
    fn from(c: LoggedComment) -> Self {
        Self {
            excerpt: c.excerpt,
            href: format!("{}#c-{}", article_path(&c.article_slug), c.id),
            article_headline: c.article_headline,
        }
    }
}

/// Log lines as the pages show them, each comment's words and story read
/// in one query for the whole page.
pub async fn log_lines(store: &Store, entries: Vec<LogEntry>) -> Result<Vec<LogLine>, AppError> {
    let mut ids: Vec<i64> = entries.iter().filter(|e| e.target_kind == "comment").map(|e| e.target_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let comments = store.logged_comments(&ids).await?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let comment = match e.target_kind.as_str() {
                "comment" => comments.get(&e.target_id).cloned().map(LoggedCommentView::from),
                _ => None,
            };
            LogLine { comment, ..LogLine::from(e) }
        })
        .collect())
}

impl From<LogEntry> for LogLine {
    fn from(e: LogEntry) -> Self {
        let target_href = match e.target_kind.as_str() {
            "user" => format!("/moderation/people/{}", e.target_id),
            _ => format!("/moderation/comments/{}", e.target_id),
        };
        Self {
            at: Timestamp::from_millis(e.at),
            actor_id: match e.actor_handle.as_str() {
                handle if handle == Actor::COMMAND_LINE.handle => Some("log-by-command-line"),
                handle if handle == Actor::SETUP_LINK.handle => Some("log-by-setup-link"),
                _ => None,
            },
            actor: format!("@{}", e.actor_handle),
            target_id_message: match e.target_kind.as_str() {
                "user" => "log-target-user",
                _ => "log-target-comment",
            },
            target_id: e.target_id,
            target_href,
            action: e.action,
            reason: e.reason,
            comment: None,
        }
    }
}

/// Reads a `before` cursor (a line's or a comment's id) from a query.
pub fn before_param(query: Option<&str>, name: &str) -> Result<Option<i64>, AppError> {
    match query_param(query, name) {
        None => Ok(None),
        Some(id) => id.parse().map(Some).map_err(|_| AppError::BadRequest("That page of the list does not exist.")),
    }
}

/// The cursor of the page after `items`, if a page of `size` was full.
pub fn next_cursor<T>(items: &[T], size: u32, id: impl Fn(&T) -> i64) -> Option<i64> {
    (items.len() == size as usize).then(|| items.last().map(id)).flatten()
}

#[derive(Template)]
#[template(path = "moderation/log.html")]
pub struct LogPage {
    chrome: Chrome,
    lines: Vec<LogLine>,
    actions: [&'static str; 11],
    action: String,
    actor: String,
    target_kind: String,
    target_id: String,
    from: String,
    until: String,
    csv_href: String,
    /// The next page's address, when there are older lines.
    older_href: Option<String>,
    /// The first page's address, when this is a later one.
    newest_href: Option<String>,
}

/// `GET /admin/log?action=…&actor=…[&before=ID][&format=csv]`: the
/// moderation log, newest first, filtered, a page at a time; or every line
/// the filter matches as CSV.
pub async fn show_log(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let action = query_param(query.as_deref(), "action").unwrap_or_default();
    if !action.is_empty() && !LOG_ACTIONS.contains(&action.as_str()) {
        return Err(AppError::BadRequest("There is no such action in the log."));
    }
    let param = |name: &str| query_param(query.as_deref(), name).unwrap_or_default().trim().to_owned();
    let actor = param("actor").trim_start_matches('@').to_owned();
    let target_kind = param("target_kind");
    if !["", "comment", "user"].contains(&target_kind.as_str()) {
        return Err(AppError::BadRequest("Log lines are about a comment or a user."));
    }
    let target_id = param("target_id");
    let (from, until) = (param("from"), param("until"));
    let date = |text: &str| match text {
        "" => Ok(None),
        _ => Timestamp::parse_date(text).map(Some).ok_or(AppError::BadRequest("Write dates as 2026-11-26.")),
    };
    let filter = LogFilter {
        action: action.clone(),
        actor: actor.clone(),
        target_kind: target_kind.clone(),
        target_id: match target_id.as_str() {
            "" => None,
            id => Some(id.parse().map_err(|_| AppError::BadRequest("A target is named by its number."))?),
        },
        from: date(&from)?,
        // Up to the end of the day named.
        until: date(&until)?.map(|day| day.plus_hours(24)),
    };
    if query_param(query.as_deref(), "format").as_deref() == Some("csv") {
        return Ok(log_csv(state.app.store.clone(), filter));
    }
    let before = before_param(query.as_deref(), "before")?;
    let entries = state.app.store.moderation_log_filtered(&filter, before, LOG_PAGE).await?;
    let older = next_cursor(&entries, LOG_PAGE, |e| e.id);
    let lines = log_lines(&state.app.store, entries).await?;
    let filter_query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("action", &action)
        .append_pair("actor", &actor)
        .append_pair("target_kind", &target_kind)
        .append_pair("target_id", &target_id)
        .append_pair("from", &from)
        .append_pair("until", &until)
        .finish();
    let page = LogPage {
        chrome: state.interface_chrome("/admin/log", Some(&viewer), &csrf).await?,
        lines,
        actions: LOG_ACTIONS,
        action,
        actor,
        target_kind,
        target_id,
        from,
        until,
        csv_href: format!("/admin/log?{filter_query}&format=csv"),
        older_href: older.map(|id| format!("/admin/log?{filter_query}&before={id}")),
        newest_href: before.map(|_| format!("/admin/log?{filter_query}")),
    };
    Ok(form_page(page.render()?))
}

/// A cell a spreadsheet shows as text: one that would begin a formula
/// (`=`, `+`, `-`, `@`, or a tab or carriage return before one) starts with
/// an apostrophe, which spreadsheets hide. Reasons are typed by people.
fn inert_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// CSV text of some records.
fn csv_text<const N: usize>(records: impl IntoIterator<Item = [String; N]>) -> Result<Bytes, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for record in records {
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(Bytes::from(out.into_inner().map_err(|e| csv::Error::from(e.into_error()))?))
}

fn csv_record(e: &LogEntry) -> [String; 7] {
    [
        e.id.to_string(),
        Timestamp::from_millis(e.at).rfc3339(),
        e.actor_handle.clone(),
        e.target_kind.clone(),
        e.target_id.to_string(),
        e.action.clone(),
        inert_cell(&e.reason),
    ]
}

/// Every line the filter matches, newest first, as CSV: read from the
/// store a batch at a time and sent as it is read, so an export of the
/// whole log is never held in memory. A failure part-way ends the download
/// short (it cannot change the status sent), and is logged.
fn log_csv(store: Store, filter: LogFilter) -> Response {
    let header = ["id", "at", "actor", "target_kind", "target_id", "action", "reason"].map(str::to_owned);
    let head = stream::once(async move { csv_text([header]).map_err(std::io::Error::other) });
    // The state is the next batch's cursor; `None` once the last is sent.
    let batches = stream::try_unfold(Some(i64::MAX), move |cursor| {
        let (store, filter) = (store.clone(), filter.clone());
        async move {
            let Some(before) = cursor else { return Ok(None) };
            let lines = store.moderation_log_filtered(&filter, Some(before), CSV_BATCH).await.map_err(|err| {
                tracing::error!(error = ?err, "reading the moderation log for an export");
                std::io::Error::other("the moderation log could not be read")
            })?;
            let text = csv_text(lines.iter().map(csv_record)).map_err(std::io::Error::other)?;
            Ok(Some((text, next_cursor(&lines, CSV_BATCH, |e| e.id))))
        }
    });
    let body = Body::from_stream(head.chain(batches));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"moderation-log.csv\""),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::{inert_cell, next_cursor};

    #[test]
    fn a_reason_that_looks_like_a_formula_is_kept_as_text() {
        assert_eq!(inert_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(inert_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert_cell("-1+1"), "'-1+1");
        assert_eq!(inert_cell("off-topic"), "off-topic");
        assert_eq!(inert_cell(""), "");
    }

    #[test]
    fn only_a_full_page_has_a_next_one() {
        assert_eq!(next_cursor(&[9, 7, 4], 3, |n| *n), Some(4));
        assert_eq!(next_cursor(&[9, 7], 3, |n| *n), None);
        assert_eq!(next_cursor::<i64>(&[], 3, |n| *n), None);
    }
}
