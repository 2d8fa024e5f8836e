//! Account settings: profile, e-mail, password, sessions, export, delete.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::Timestamp;
use byline_core::accounts::{DisplayName, Email, Password};
use byline_core::passwords::verify_password;
use byline_store::{SessionSummary, TokenPurpose, User};
use serde::{Deserialize, Serialize};

use super::accounts::{hash_off_thread, issue_token, render_notice};
use super::form_page;
use crate::AppState;
use crate::error::AppError;
use crate::forms::{Field, PostedForm};
use crate::mail::VERIFY_HOURS;
use crate::sessions::{CsrfToken, Viewer, clear_session_cookie};
use crate::views::Chrome;

#[derive(Template)]
#[template(path = "accounts/settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    user: User,
    notice: Option<&'static str>,
    name_fields: Vec<Field>,
    email_fields: Vec<Field>,
    password_fields: Vec<Field>,
    delete_fields: Vec<Field>,
    sessions: Vec<SessionSummary>,
    current_session: i64,
}

/// What to refill and which error to show when a settings form comes back.
#[derive(Default)]
struct Kept {
    name: Option<(String, String)>,
    email: Option<(String, String)>,
    password: Option<String>,
    delete: Option<String>,
}

/// Fixed messages for `?done=…` after a redirect.
fn notice_for(query: Option<&str>) -> Option<&'static str> {
    let done = super::query_param(query, "done")?;
    Some(match done.as_str() {
        "profile" => "Your profile is saved.",
        "password" => "Your password is changed. Other browsers were signed out.",
        "sessions" => "You are signed out everywhere else.",
        _ => return None,
    })
}

async fn render_settings(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    status: StatusCode,
    notice: Option<&'static str>,
    kept: Kept,
) -> Result<Response, AppError> {
    // Read afresh: the viewer was loaded before this request's change.
    let user = state.store.user(viewer.user.id).await?.ok_or(AppError::SignInRequired)?;
    let (name, name_error) = kept.name.map_or((user.display_name.clone(), None), |(v, e)| (v, Some(e)));
    let (email, email_error) = kept.email.map_or((String::new(), None), |(v, e)| (v, Some(e)));
    let mut password_fields = Vec::new();
    if user.has_password {
        password_fields.push(Field::password("current_password", "Current password", "current-password"));
    }
    password_fields.push(
        Field::password("new_password", "New password", "new-password")
            .hint("At least 10 characters; a few unrelated words work well.")
            .error(kept.password),
    );
    let page = SettingsPage {
        chrome: state.chrome(&state.site.language, "/account", Some(viewer), csrf).await?,
        notice,
        name_fields: vec![Field::text("display_name", "Display name", &name).autocomplete("name").error(name_error)],
        email_fields: vec![Field::email("email", "New e-mail address", &email).error(email_error)],
        password_fields,
        delete_fields: vec![
            Field::text("confirm_handle", "Type your handle to confirm", "")
                .hint("This removes your account and signs you out. It cannot be undone.")
                .error(kept.delete),
        ],
        sessions: state.store.sessions_of(user.id, Timestamp::now()).await?,
        current_session: viewer.session_id,
        user,
    };
    let mut response = form_page(page.render()?);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn show_settings(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    render_settings(&state, &viewer, &csrf, StatusCode::OK, notice_for(query.as_deref()), Kept::default()).await
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
    let name = match DisplayName::parse(&input.display_name) {
        Ok(name) => name,
        Err(err) => {
            let kept = Kept { name: Some((input.display_name, format!("The display name {err}."))), ..Kept::default() };
            return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
        }
    };
    let now = Timestamp::now();
    state.store.set_display_name(viewer.user.id, &name, now).await?;
    state.store.set_notify_replies(viewer.user.id, input.notify_replies.is_some(), now).await?;
    Ok(Redirect::to("/account?done=profile").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangeEmailForm {
    email: String,
}

pub async fn change_email(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<ChangeEmailForm>,
) -> Result<Response, AppError> {
    // An empty field on an unconfirmed account resends the link.
    let wanted = if input.email.trim().is_empty() && !viewer.user.email_verified {
        viewer.user.email.clone()
    } else {
        input.email.clone()
    };
    let email = match Email::parse(&wanted) {
        Ok(email) => email,
        Err(err) => {
            let kept = Kept { email: Some((input.email, format!("That {err}."))), ..Kept::default() };
            return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
        }
    };
    let token =
        issue_token(&state, TokenPurpose::VerifyEmail, viewer.user.id, email.as_str(), VERIFY_HOURS * 60).await?;
    state.mail_verification(email.as_str(), &viewer.user.handle, &token).await?;
    if email.key() != viewer.user.email.to_lowercase() {
        state.mail_email_change_notice(&viewer.user.email, email.as_str()).await?;
    }
    let message = format!(
        "We have sent a link to {email}. The address changes when you open it; until then your account keeps {}.",
        viewer.user.email
    );
    render_notice(&state, Some(&viewer), &csrf, StatusCode::OK, "Check your inbox", message, None).await
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
    let again = |error: String| Kept { password: Some(error), ..Kept::default() };
    let stored = state.store.password_hash(viewer.user.id).await?;
    if let Some(stored) = stored {
        let attempt = input.current_password.clone();
        let matches = tokio::task::spawn_blocking(move || verify_password(&attempt, &stored))
            .await
            .map_err(|_| AppError::Internal("password check task failed"))?;
        if !matches {
            let kept = again("The current password is not right.".into());
            return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
        }
    }
    let related = [viewer.user.handle.as_str(), viewer.user.display_name.as_str()];
    let password = match Password::parse(&input.new_password, &related) {
        Ok(password) => password,
        Err(err) => {
            let kept = again(format!("The new password {err}."));
            return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
        }
    };
    let hash = hash_off_thread(password).await?;
    state.store.set_password_hash(viewer.user.id, &hash, Timestamp::now()).await?;
    state.store.delete_sessions_of(viewer.user.id, Some(viewer.session_id)).await?;
    Ok(Redirect::to("/account?done=password").into_response())
}

pub async fn end_other_sessions(State(state): State<AppState>, viewer: Viewer) -> Result<Response, AppError> {
    state.store.delete_sessions_of(viewer.user.id, Some(viewer.session_id)).await?;
    Ok(Redirect::to("/account?done=sessions").into_response())
}

/// Everything Byline keeps about a person, as they may take it away.
#[derive(Serialize)]
struct Export {
    exported_at: String,
    account: ExportedAccount,
    /// Comments arrive with the comments bar; the list is kept in the
    /// format from now on.
    comments: Vec<()>,
}

#[derive(Serialize)]
struct ExportedAccount {
    handle: String,
    display_name: String,
    email: String,
    email_confirmed: bool,
    role: String,
    notify_replies: bool,
    created_at: String,
    sessions: Vec<ExportedSession>,
}

#[derive(Serialize)]
struct ExportedSession {
    browser: String,
    signed_in_at: String,
    last_seen_at: String,
}

pub async fn export_data(State(state): State<AppState>, viewer: Viewer) -> Result<Response, AppError> {
    let now = Timestamp::now();
    let user = state.store.user(viewer.user.id).await?.ok_or(AppError::SignInRequired)?;
    let sessions = state.store.sessions_of(user.id, now).await?;
    let export = Export {
        exported_at: now.rfc3339(),
        account: ExportedAccount {
            sessions: sessions
                .into_iter()
                .map(|s| ExportedSession {
                    browser: s.user_agent,
                    signed_in_at: s.created_at.rfc3339(),
                    last_seen_at: s.last_seen_at.rfc3339(),
                })
                .collect(),
            handle: user.handle,
            display_name: user.display_name,
            email: user.email,
            email_confirmed: user.email_verified,
            role: user.role.to_string(),
            notify_replies: user.notify_replies,
            created_at: user.created_at.rfc3339(),
        },
        comments: Vec::new(),
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
    if input.confirm_handle.trim().trim_start_matches('@') != viewer.user.handle {
        let kept =
            Kept { delete: Some("Type your handle exactly as shown to delete the account.".into()), ..Kept::default() };
        return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
    }
    if viewer.user.role == byline_core::accounts::Role::Admin && state.store.count_admins().await? <= 1 {
        let kept = Kept {
            delete: Some("You are the only admin. Make someone else an admin first.".into()),
            ..Kept::default()
        };
        return render_settings(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, None, kept).await;
    }
    state.store.delete_user(viewer.user.id).await?;
    tracing::info!(user_id = viewer.user.id, "account deleted by its owner");
    let message = "Your account is deleted and you are signed out.".to_owned();
    let mut response = render_notice(&state, None, &csrf, StatusCode::OK, "Account deleted", message, None).await?;
    clear_session_cookie(&state, &mut response);
    Ok(response)
}
