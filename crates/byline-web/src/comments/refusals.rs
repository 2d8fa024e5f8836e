//! How the web shows what the comment use cases ([`byline_app::comments`])
//! answer: a refusal's HTTP status, and a refusal as a plain error page for
//! forms that have no page of their own to come back to.

use axum::http::StatusCode;
use byline_app::Kind;
pub use byline_app::Refusal;
pub use byline_app::comments::{FLAG_REASONS, Posted};

use crate::error::AppError;

/// The HTTP status a refusal is answered with.
pub fn status_of(refusal: &Refusal) -> StatusCode {
    match refusal.kind() {
        Kind::NotFound => StatusCode::NOT_FOUND,
        Kind::Forbidden => StatusCode::FORBIDDEN,
        Kind::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
        Kind::Conflict => StatusCode::CONFLICT,
        Kind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// The refusal as a plain error page.
pub fn into_app_error(refusal: Refusal) -> AppError {
    match refusal.kind() {
        Kind::NotFound => AppError::NotFound,
        // An unconfirmed reader is told what to do, not just refused.
        Kind::Forbidden if refusal != Refusal::ConfirmEmail => AppError::Forbidden,
        Kind::TooMany(wait) => AppError::TooManyRequests(wait),
        _ => AppError::Refused(refusal),
    }
}

/// A use case's failure as the web handles it: refused by a rule, or a
/// fault of ours.
#[derive(Debug)]
pub enum ActionError {
    Refused(Refusal),
    Failed(AppError),
}

impl From<Refusal> for ActionError {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl From<byline_app::Error> for ActionError {
    fn from(err: byline_app::Error) -> Self {
        match err {
            byline_app::Error::Refused(refusal) => Self::Refused(refusal),
            byline_app::Error::Store(err) => Self::Failed(err.into()),
            byline_app::Error::Internal(what) => Self::Failed(AppError::Internal(what)),
        }
    }
}

impl From<byline_app::Error> for AppError {
    /// A use case's failure as a plain error page: a refusal by its kind,
    /// with its message for the mistakes a form can make.
    fn from(err: byline_app::Error) -> Self {
        match err {
            byline_app::Error::Refused(refusal) => into_app_error(refusal),
            byline_app::Error::Store(err) => err.into(),
            byline_app::Error::Internal(what) => AppError::Internal(what),
        }
    }
}

impl From<byline_store::StoreError> for ActionError {
    fn from(err: byline_store::StoreError) -> Self {
        Self::Failed(err.into())
    }
}

impl From<AppError> for ActionError {
    fn from(err: AppError) -> Self {
        Self::Failed(err)
    }
}
