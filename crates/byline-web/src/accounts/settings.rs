//! Account settings: profile, e-mail, password, sessions, export, delete.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use byline_app::sign_in_providers::LinkedProvider;
use byline_app::{Error as UseCaseError, Refusal};
use byline_core::LanguageTag;
use byline_core::accounts::{DeletedComments, Theme};
use byline_store::{SessionSummary, User};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer, clear_session_cookie};
use crate::accounts::sign_in::render_notice;
use crate::error::AppError;
use crate::forms::{Field, PostedForm, Words};
use crate::i18n::Locale;
use crate::layout::Chrome;
use crate::pages::form_page_with;

#[derive(Template)]
#[template(path = "accounts/settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    user: User,
    notice: Option<String>,
    /// The languages a reader may choose, each named in itself, and their choice (`""`: each page's).
    languages: Vec<(&'static str, String)>,
    chosen_language: String,
    name_fields: Vec<Field>,
    email_fields: Vec<Field>,
    password_fields: Vec<Field>,
    delete_fields: Vec<Field>,
    sessions: Vec<SessionSummary>,
    current_session: i64,
    /// Other sites this account signs in with.
    providers: Vec<LinkedProvider>,
    /// For moderators, how they want alerts: `none`, `each` or `digest`.
    alerts: Option<&'static str>,
}

/// What to refill and which error to show when a settings form comes back.
#[derive(Default)]
struct Kept {
    name: Option<(String, Refusal)>,
    email: Option<(String, Option<Refusal>)>,
    email_password: Option<Refusal>,
    password: Option<Refusal>,
    delete: Option<Refusal>,
}

/// Fixed messages for `?done=…` after a redirect.
fn notice_for(query: Option<&str>, i18n: &Locale) -> Option<String> {
    let done = crate::pages::query_param(query, "done")?;
    if done == "language" || done == "theme" {
        return Some(i18n.t(format!("{done}-saved")));
    }
    let id = match done.as_str() {
        "profile" => "account-done-profile",
        "password" => "account-done-password",
        "sessions" => "account-done-sessions",
        "linked" => "account-done-linked",
        "unlinked" => "account-done-unlinked",
        "alerts" => "account-done-alerts",
        "confirmed" => "account-done-confirmed",
        _ => return None,
    };
    Some(i18n.t(id))
}

async fn render_settings(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    status: StatusCode,
    notice: Option<String>,
    kept: Kept,
) -> Result<Response, AppError> {
    // Read afresh: the viewer was loaded before this request's change.
    let user = state.app.store.user(viewer.user.id).await?.ok_or(AppError::SignInRequired)?;
    let (name, name_error) = kept.name.map_or((user.display_name.clone(), None), |(v, e)| (v, Some(e)));
    let (email, email_error) = kept.email.map_or((String::new(), None), |(v, e)| (v, e));
    let mut password_fields = Vec::new();
    if user.has_password {
        password_fields.push(Field::password("current_password", "form-current-password", "current-password"));
    }
    password_fields.push(
        Field::password("new_password", "form-new-password", "new-password")
            .hint("form-password-hint")
            .error(kept.password),
    );
    let page = SettingsPage {
        chrome: state.interface_chrome("/account", Some(viewer), csrf).await?,
        notice,
        languages: crate::i18n::CATALOGUES.iter().map(|(tag, _)| (*tag, Locale::own_name(tag))).collect(),
        chosen_language: user.interface_language.as_ref().map(ToString::to_string).unwrap_or_default(),
        name_fields: vec![
            Field::text("display_name", "form-display-name", &name).autocomplete("name").error(name_error),
        ],
        email_fields: email_fields(&user, email, email_error, kept.email_password),
        password_fields,
        delete_fields: vec![
            Field::text("confirm_handle", "account-confirm-handle", "")
                .hint(deletion_notice(state.app.deleted_comments))
                .error(kept.delete),
        ],
        sessions: state.app.store.sessions_of(user.id, state.app.now()).await?,
        current_session: viewer.session_id,
        providers: state.app.linked_providers(&user).await?,
        alerts: alert_choice(state, &user).await?,
        user,
    };
    form_page_with(&page, status)
}

/// How a moderator wants alerts, as the form names it; `None` for
/// anyone else.
async fn alert_choice(state: &AppState, user: &User) -> Result<Option<&'static str>, AppError> {
    if !user.role.can(byline_core::accounts::Permission::Moderate) {
        return Ok(None);
    }
    Ok(Some(state.app.alert_mode(user).await?.map_or("none", byline_store::AlertMode::as_str)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AlertsForm {
    alerts: String,
}

/// Saves how a moderator wants alerts about held and flagged comments.
pub async fn update_alerts(
    State(state): State<AppState>,
    viewer: Viewer,
    PostedForm(input): PostedForm<AlertsForm>,
) -> Result<Response, AppError> {
    let mode = match input.alerts.as_str() {
        "none" => None,
        other => Some(
            byline_store::AlertMode::parse(other)
                .ok_or(AppError::BadRequest("Choose no alerts, one by one, or an hourly digest."))?,
        ),
    };
    state.app.set_alert_mode(&viewer.user, mode).await?;
    Ok(Redirect::to("/account?done=alerts").into_response())
}

/// What deleting an account does, as the site is set.
fn deletion_notice(comments: DeletedComments) -> &'static str {
    match comments {
        DeletedComments::Remove => "account-delete-removes-comments",
        DeletedComments::Keep => "account-delete-keeps-comments",
    }
}

/// The new address and, for an account with a password, the password:
/// whoever finds a browser left signed in cannot move the account away.
fn email_fields(user: &User, email: String, error: Option<Refusal>, password_error: Option<Refusal>) -> Vec<Field> {
    let mut fields = vec![Field::email("email", "form-new-email", &email).error(error)];
    if user.has_password {
        let mut password = Field::password("email_password", "form-current-password", "current-password")
            .hint("form-email-password-hint")
            .error(password_error);
        password.required = false;
        fields.push(password);
    }
    fields
}

pub async fn show_settings(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let notice = notice_for(query.as_deref(), state.locale_of(&state.site.language, Some(&viewer.user)));
    render_settings(&state, &viewer, &csrf, StatusCode::OK, notice, Kept::default()).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ThemeForm {
    theme: String,
}

/// Saves the colours the reader reads the site in, whatever their system
/// asks for; none follows the system.
pub async fn update_theme(
    State(state): State<AppState>,
    viewer: Viewer,
    PostedForm(input): PostedForm<ThemeForm>,
) -> Result<Response, AppError> {
    let theme = match input.theme.trim() {
        "" => None,
        other => Some(Theme::parse(other).ok_or(AppError::BadRequest("Choose light, dark or your system's colours."))?),
    };
    state.app.set_theme(&viewer.user, theme).await?;
    Ok(Redirect::to("/account?done=theme#theme").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LanguageForm {
    language: String,
}

/// Saves the language the reader reads the site's own words in: one the
/// site has a catalogue for, or none (each page's).
pub async fn update_language(
    State(state): State<AppState>,
    viewer: Viewer,
    PostedForm(input): PostedForm<LanguageForm>,
) -> Result<Response, AppError> {
    let language = match input.language.trim() {
        "" => None,
        // Only the languages offered, as offered: a catalogue's bare tag.
        tag => Some(
            crate::i18n::CATALOGUES
                .iter()
                .find(|(offered, _)| *offered == tag)
                .and_then(|(offered, _)| LanguageTag::parse(offered).ok())
                .ok_or(AppError::BadRequest("Choose one of the languages the form offers."))?,
        ),
    };
    state.app.set_interface_language(&viewer.user, language.as_ref()).await?;
    Ok(Redirect::to("/account?done=language#language").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    display_name: String,
    notify_replies: Option<String>,
}

pub async fn update_profile(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<ProfileForm>,
) -> Result<Response, AppError> {
    match state.app.update_profile(&viewer.user, &input.display_name, input.notify_replies.is_some()).await {
        Ok(()) => {}
        Err(byline_app::Error::Refused(refusal)) => {
            let kept = Kept { name: Some((input.display_name, refusal)), ..Kept::default() };
            return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
        }
        Err(err) => return Err(err.into()),
    }
    Ok(Redirect::to("/account?done=profile").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangeEmailForm {
    email: String,
    email_password: String,
}

pub async fn change_email(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<ChangeEmailForm>,
) -> Result<Response, AppError> {
    // Each request sends mail, some to an address of the requester's
    // choosing: the use case limits them per account.
    let asked = state.app.change_email(&viewer.user, viewer.session_id, &input.email, &input.email_password).await;
    let change = match asked {
        Ok(change) => change,
        Err(UseCaseError::Refused(refusal @ Refusal::Email(_))) => {
            let kept = Kept { email: Some((input.email, Some(refusal))), ..Kept::default() };
            return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
        }
        Err(UseCaseError::Refused(refusal @ (Refusal::WrongPassword | Refusal::SignInAgain { .. }))) => {
            let kept = if viewer.user.has_password {
                Kept { email: Some((input.email, None)), email_password: Some(refusal), ..Kept::default() }
            } else {
                Kept { email: Some((input.email, Some(refusal))), ..Kept::default() }
            };
            return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
        }
        Err(err) => return Err(err.into()),
    };
    let email = &change.link.email;
    state.mail_verification(email, &viewer.user.handle, &change.link.token).await?;
    if change.is_change {
        state.mail_email_change_notice(&viewer.user.email, email).await?;
    }
    let message = Words::With(
        "account-email-link-sent",
        vec![("email", email.to_string()), ("current", viewer.user.email.to_string())],
    );
    render_notice(&state, Some(&viewer), &csrf, StatusCode::OK, "form-check-inbox", message, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangePasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<ChangePasswordForm>,
) -> Result<Response, AppError> {
    let changed =
        state.app.change_password(&viewer.user, viewer.session_id, &input.current_password, &input.new_password).await;
    match changed {
        Ok(()) => {}
        Err(byline_app::Error::Refused(refusal)) => {
            let kept = Kept { password: Some(refusal), ..Kept::default() };
            return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
        }
        Err(err) => return Err(err.into()),
    }
    Ok(Redirect::to("/account?done=password").into_response())
}

pub async fn end_other_sessions(State(state): State<AppState>, viewer: Viewer) -> Result<Response, AppError> {
    state.app.end_other_sessions(&viewer.user, viewer.session_id).await?;
    Ok(Redirect::to("/account?done=sessions").into_response())
}

pub async fn export_data(State(state): State<AppState>, viewer: Viewer) -> Result<Response, AppError> {
    let export = match state.app.export_personal_data(&viewer.user).await {
        Ok(export) => export,
        // The account went while the session lasted.
        Err(byline_app::Error::Refused(byline_app::Refusal::NotFound)) => return Err(AppError::SignInRequired),
        Err(err) => return Err(err.into()),
    };
    let body = serde_json::to_vec_pretty(&export).map_err(|_| AppError::Internal("export serialisation failed"))?;
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers
        .insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"byline-account.json\""));
    Ok((headers, body).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    confirm_handle: String,
}

pub async fn delete_account(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<DeleteForm>,
) -> Result<Response, AppError> {
    match state.app.delete_account(&viewer.user, &input.confirm_handle).await {
        Ok(()) => {}
        Err(byline_app::Error::Refused(refusal)) => {
            let kept = Kept { delete: Some(refusal), ..Kept::default() };
            return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
        }
        Err(err) => return Err(err.into()),
    }
    let message = Words::Message("account-deleted-message");
    let mut response = render_notice(&state, None, &csrf, StatusCode::OK, "account-deleted", message, None).await?;
    clear_session_cookie(&state, &mut response);
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UnlinkForm {
    provider: String,
    subject: String,
}

/// Removes a provider from the reader's own account.
pub async fn unlink_provider(
    State(state): State<AppState>,
    viewer: Viewer,
    PostedForm(input): PostedForm<UnlinkForm>,
) -> Result<Response, AppError> {
    state.app.unlink_provider(&viewer.user, &input.provider, &input.subject).await?;
    Ok(Redirect::to("/account?done=unlinked").into_response())
}
