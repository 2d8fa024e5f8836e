//! Addresses stories had on the system they were imported from: each
//! leads to the story for good (301), while readers may see it; any other
//! unknown address is a 404.

use axum::extract::State;
use axum::http::{Method, Uri};
use axum::response::Response;
use byline_app::imports::normalise_path;

use crate::AppState;
use crate::error::AppError;
use crate::layout::moved_to_article;

/// A 301 to the story `path` (as imported) leads to, or a 404.
pub async fn redirect(state: &AppState, path: &str) -> Result<Response, AppError> {
    let target = state.app.store.old_path_target(&normalise_path(path), state.app.now()).await?;
    let slug = target.ok_or(AppError::NotFound)?;
    Ok(moved_to_article(slug.as_str()))
}

/// What answers an address no route knows: an old address of an imported
/// story, or the site's 404.
pub async fn unknown_address(State(state): State<AppState>, method: Method, uri: Uri) -> Result<Response, AppError> {
    if method != Method::GET && method != Method::HEAD {
        return Err(AppError::NotFound);
    }
    redirect(&state, uri.path()).await
}
