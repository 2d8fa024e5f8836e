//! Staff pages for admins: the people on the site and their roles.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::accounts::Role;
use byline_store::User;
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
    let actor = viewer.actor();
    state.store.change_role(user_id, role, actor, state.app.now()).await?;
    tracing::info!(actor = viewer.user.id, target = user_id, role = %role, "role changed");
    Ok(Redirect::to("/admin/users?done=role").into_response())
}
