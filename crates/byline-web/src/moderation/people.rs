//! People, as moderators see them: finding someone, their whole record
//! (every comment, every decision about them), and the changes to whether
//! they may comment, from here or from the queue.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use byline_app::moderation::StandingRequest;
use byline_core::accounts::{Permission, Role};
use byline_store::{Person, QueueTab};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::layout::Chrome;
use crate::moderation::log::{LogLine, before_param, next_cursor};
use crate::moderation::queue::{RecentView, standing_notice};
use crate::pages::{form_page, query_param};

/// People a search lists.
const SEARCH_RESULTS: u32 = 50;
/// Comments, and log lines, a page of someone's record lists.
const RECORD_PAGE: u32 = 50;

#[derive(Template)]
#[template(path = "moderation/people.html")]
pub struct PeoplePage {
    chrome: Chrome,
    /// Whether the viewer may search by e-mail address.
    by_email: bool,
    query: String,
    people: Vec<Person>,
    /// How many were found.
    found: i64,
    searched: bool,
}

/// `GET /moderation/people?q=…`: people whose handle, name or e-mail
/// address holds the text.
pub async fn show_people(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let query = query_param(raw.as_deref(), "q").unwrap_or_default().trim().trim_start_matches('@').to_owned();
    if query.chars().count() > 200 {
        return Err(AppError::BadRequest("Search for at most 200 characters."));
    }
    let searched = !query.is_empty();
    // E-mail addresses are for admins, who manage accounts.
    let by_email = viewer.user.role.can(Permission::ManageUsers);
    let people =
        if searched { state.app.store.search_people(&query, by_email, SEARCH_RESULTS).await? } else { Vec::new() };
    let page = PeoplePage {
        by_email,
        chrome: state.interface_chrome("/moderation/people", Some(&viewer), &csrf).await?,
        query,
        found: i64::try_from(people.len()).unwrap_or(i64::MAX),
        people,
        searched,
    };
    Ok(form_page(page.render()?))
}

#[derive(Template)]
#[template(path = "moderation/person.html")]
pub struct PersonPage {
    chrome: Chrome,
    person: Person,
    /// Whether moderators may change their standing (readers only).
    reader: bool,
    comments: Vec<RecentView>,
    /// The moment the page is drawn, for how long ago comments came.
    now: byline_core::Timestamp,
    history: Vec<LogLine>,
    /// Addresses of the next page of each list, when there is one, and of
    /// the first, when this is a later one.
    older_comments: Option<String>,
    older_history: Option<String>,
    newest: Option<String>,
    notice: Option<String>,
    /// Admins see the e-mail address; moderators do not.
    show_email: bool,
}

/// `GET /moderation/people/{id}`: someone's whole record.
pub async fn show_person(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let comments_before = before_param(raw.as_deref(), "comments_before")?;
    let history_before = before_param(raw.as_deref(), "history_before")?;
    let person = state.app.store.person(id).await?.ok_or(AppError::NotFound)?;
    let comments = state.app.store.comments_of(id, comments_before, RECORD_PAGE).await?;
    let history = state.app.store.moderation_log_about(id, history_before, RECORD_PAGE).await?;
    // Each list pages on its own; the other stays where it was.
    let page_href = |comments: Option<i64>, history: Option<i64>| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(before) = comments {
            query.append_pair("comments_before", &before.to_string());
        }
        if let Some(before) = history {
            query.append_pair("history_before", &before.to_string());
        }
        format!("/moderation/people/{id}?{}", query.finish())
    };
    let older_comments = next_cursor(&comments, RECORD_PAGE, |c| c.id).map(|c| page_href(Some(c), history_before));
    let older_history = next_cursor(&history, RECORD_PAGE, |l| l.id).map(|h| page_href(comments_before, Some(h)));
    let later = comments_before.is_some() || history_before.is_some();
    let comments = comments.into_iter().map(RecentView::from).collect();
    let history = crate::moderation::log::log_lines(&state.app.store, history).await?;
    let chrome = state.interface_chrome("/moderation/people", Some(&viewer), &csrf).await?;
    let notice =
        query_param(raw.as_deref(), "done").and_then(|done| standing_notice(&done)).map(|id| chrome.i18n.t(id));
    let page = PersonPage {
        chrome,
        show_email: viewer.user.role.can(Permission::ManageUsers),
        reader: person.role == Role::Commenter,
        person,
        comments,
        now: state.app.now(),
        history,
        older_comments,
        older_history,
        newest: later.then(|| format!("/moderation/people/{id}")),
        notice,
    };
    Ok(form_page(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StandingForm {
    standing: String,
    days: String,
    /// `yes` to take their published comments down with a ban.
    remove_comments: String,
    /// Why, for the log and the moderators who come after.
    reason: String,
    /// Where the form was: `person`, or the queue's tab.
    from: String,
    tab: String,
    /// The article the queue was narrowed to, if it was.
    article: String,
}

/// `POST /moderation/users/{id}`: suspend a reader for some days, ban them
/// (and take their comments down, if asked), let them comment again (and
/// put back what a ban took down), or reset their trust; logged like
/// every decision.
pub async fn set_standing(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(user_id): Path<i64>,
    PostedForm(input): PostedForm<StandingForm>,
) -> Result<Response, AppError> {
    let request = match input.standing.as_str() {
        // A length that is no number is outside the allowed ones too.
        "suspend" => StandingRequest::Suspend { days: input.days.trim().parse::<i64>().unwrap_or(0) },
        "ban" => StandingRequest::Ban { remove_comments: input.remove_comments == "yes" },
        "restore" => StandingRequest::Restore,
        "reset-trust" => StandingRequest::ResetTrust,
        _ => return Err(AppError::BadRequest("Suspend, ban, restore or reset trust.")),
    };
    let done = state.app.change_standing(&viewer.user, user_id, request, &input.reason).await?;
    let action = match request {
        StandingRequest::Suspend { .. } => "suspend",
        StandingRequest::Ban { .. } => "ban",
        StandingRequest::Restore => "restore",
        StandingRequest::ResetTrust => "reset-trust",
    };
    let outcome = if done { action } else { "not-reader" };
    let back = match input.from.as_str() {
        "person" => format!("/moderation/people/{user_id}?done={outcome}"),
        _ => {
            // Only a slug goes back into the address; anything else is dropped.
            let article = crate::moderation::queue::article_filter(Some(&input.article)).ok().flatten();
            crate::moderation::queue::queue_href(
                QueueTab::from_key(&input.tab).unwrap_or_default(),
                article.as_ref(),
                outcome,
                None,
            )
        }
    };
    Ok(Redirect::to(&back).into_response())
}
