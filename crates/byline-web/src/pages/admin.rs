//! Staff pages for admins: the people on the site and their roles.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::{Actor, LogEntry, User};
use serde::Deserialize;

use super::form_page;
use crate::AppState;
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::sessions::{CsrfToken, Viewer};
use crate::views::Chrome;

#[derive(Template)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    chrome: Chrome,
    users: Vec<User>,
    roles: [Role; 4],
    notice: Option<&'static str>,
}

pub async fn list_users(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let notice = match query.as_deref() {
        Some("done=role") => Some("The role is saved."),
        Some("done=last-admin") => Some("The last admin cannot stop being one; make someone else an admin first."),
        _ => None,
    };
    let page = UsersPage {
        chrome: state.chrome(&state.site.language, "/admin/users", Some(&viewer), &csrf).await?,
        users: state.store.users().await?,
        roles: Role::ALL,
        notice,
    };
    Ok(form_page(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(user_id): Path<i64>,
    PostedForm(input): PostedForm<RoleForm>,
) -> Result<Response, AppError> {
    let role: Role = input.role.parse().map_err(|_| AppError::BadRequest("That is not a role."))?;
    let target = state.store.user(user_id).await?.ok_or(AppError::NotFound)?;
    if target.role == Role::Admin && role != Role::Admin && state.store.count_admins().await? <= 1 {
        return Ok(Redirect::to("/admin/users?done=last-admin").into_response());
    }
    let actor = Actor { id: Some(viewer.user.id), handle: &viewer.user.handle };
    state.store.change_role(user_id, role, actor, Timestamp::now()).await?;
    tracing::info!(actor = viewer.user.id, target = user_id, role = %role, "role changed");
    Ok(Redirect::to("/admin/users?done=role").into_response())
}

/// Lines of the moderation log a page or an export holds.
const LOG_LINES: u32 = 10_000;

/// A log line as the log and a person's record show it.
pub struct LogLine {
    pub at: Timestamp,
    /// `@handle`, or the command line.
    pub actor: String,
    pub target: String,
    /// Where the target is seen: a person's record, or the comment as the
    /// queue shows it.
    pub target_href: String,
    pub action: String,
    pub reason: String,
}

impl From<LogEntry> for LogLine {
    fn from(e: LogEntry) -> Self {
        let target_href = match e.target_kind.as_str() {
            "user" => format!("/moderation/people/{}", e.target_id),
            _ => format!("/moderation/comments/{}", e.target_id),
        };
        Self {
            at: Timestamp::from_millis(e.at),
            actor: match e.actor_handle.as_str() {
                handle if handle == Actor::COMMAND_LINE.handle => "the command line".to_owned(),
                handle => format!("@{handle}"),
            },
            target: format!("{} {}", e.target_kind, e.target_id),
            target_href,
            action: e.action,
            reason: e.reason,
        }
    }
}

#[derive(Template)]
#[template(path = "admin/log.html")]
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
}

/// `GET /admin/log?action=…&actor=…[&format=csv]`: the moderation log,
/// newest first, filtered; as CSV for a spreadsheet or an archive.
pub async fn show_log(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let action = super::query_param(query.as_deref(), "action").unwrap_or_default();
    if !action.is_empty() && !byline_store::LOG_ACTIONS.contains(&action.as_str()) {
        return Err(AppError::BadRequest("There is no such action in the log."));
    }
    let param = |name: &str| super::query_param(query.as_deref(), name).unwrap_or_default().trim().to_owned();
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
    let filter = byline_store::LogFilter {
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
    let entries = state.store.moderation_log_filtered(&filter, LOG_LINES).await?;
    if super::query_param(query.as_deref(), "format").as_deref() == Some("csv") {
        return log_csv(&entries);
    }
    let lines = entries.into_iter().map(LogLine::from).collect();
    let filter_query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("action", &action)
        .append_pair("actor", &actor)
        .append_pair("target_kind", &target_kind)
        .append_pair("target_id", &target_id)
        .append_pair("from", &from)
        .append_pair("until", &until)
        .finish();
    let page = LogPage {
        chrome: state.chrome(&state.site.language, "/admin/log", Some(&viewer), &csrf).await?,
        lines,
        actions: byline_store::LOG_ACTIONS,
        action,
        actor,
        target_kind,
        target_id,
        from,
        until,
        csv_href: format!("/admin/log?{filter_query}&format=csv"),
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

fn log_csv(entries: &[byline_store::LogEntry]) -> Result<Response, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = ["id", "at", "actor", "target_kind", "target_id", "action", "reason"];
    out.write_record(header).map_err(|_| AppError::Internal("writing the log as CSV"))?;
    for e in entries {
        let record = [
            e.id.to_string(),
            Timestamp::from_millis(e.at).rfc3339(),
            e.actor_handle.clone(),
            e.target_kind.clone(),
            e.target_id.to_string(),
            e.action.clone(),
            inert_cell(&e.reason),
        ];
        out.write_record(&record).map_err(|_| AppError::Internal("writing the log as CSV"))?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal("writing the log as CSV"))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"moderation-log.csv\""),
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::inert_cell;

    #[test]
    fn a_reason_that_looks_like_a_formula_is_kept_as_text() {
        assert_eq!(inert_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(inert_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert_cell("-1+1"), "'-1+1");
        assert_eq!(inert_cell("off-topic"), "off-topic");
        assert_eq!(inert_cell(""), "");
    }
}
