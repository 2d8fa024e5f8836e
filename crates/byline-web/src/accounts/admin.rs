//! Staff pages for admins: the people on the site and their roles.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::accounts::Role;
use byline_store::User;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;
use crate::forms::PostedForm;
use crate::layout::Chrome;
use crate::pages::form_page;

#[derive(Template)]
#[template(path = "accounts/users.html")]
pub struct UsersPage {
    chrome: Chrome,
    users: Vec<User>,
    roles: [Role; 5],
    /// The message saying what was just done.
    notice: Option<&'static str>,
}

pub async fn list_users(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let notice = match query.as_deref() {
        Some("done=role") => Some("users-done-role"),
        Some("done=last-admin") => Some("users-done-last-admin"),
        _ => None,
    };
    let page = UsersPage {
        chrome: state.interface_chrome("/admin/users", Some(&viewer), &csrf).await?,
        users: state.app.store.users().await?,
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
    match state.app.set_role(&viewer.user, user_id, role).await {
        Ok(()) => {}
        Err(byline_app::Error::Refused(byline_app::Refusal::LastAdmin)) => {
            return Ok(Redirect::to("/admin/users?done=last-admin").into_response());
        }
        Err(err) => return Err(err.into()),
    }
    Ok(Redirect::to("/admin/users?done=role").into_response())
}
