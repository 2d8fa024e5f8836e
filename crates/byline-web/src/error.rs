//! The one error type handlers return, and its one mapping to a response.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_store::StoreError;

/// What can go wrong while answering a request. What the reader sees is
/// decided here; causes are logged, never shown.
#[derive(Debug)]
pub enum AppError {
    NotFound,
    BadRequest(&'static str),
    /// Not allowed: a missing permission, a cross-site request, a bad CSRF token.
    Forbidden,
    /// Only for people who are signed in: sends the browser to sign in.
    SignInRequired,
    /// Too many attempts; try again after this long.
    TooManyRequests(std::time::Duration),
    PayloadTooLarge,
    /// A fault of ours that is not the database's or a template's.
    Internal(&'static str),
    Store(StoreError),
    Template(askama::Error),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        Self::Store(err)
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        Self::Template(err)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            Self::NotFound => problem(
                StatusCode::NOT_FOUND,
                "Page not found",
                "There is no page at this address. It may have moved, or the link may be mistyped.",
            ),
            Self::BadRequest(message) => problem(StatusCode::BAD_REQUEST, "That request was not understood", message),
            Self::Forbidden => problem(
                StatusCode::FORBIDDEN,
                "Not allowed",
                "You do not have permission to do that. If you followed a link from another site, go to the page here and try again.",
            ),
            Self::SignInRequired => {
                (StatusCode::SEE_OTHER, [(header::LOCATION, HeaderValue::from_static("/signin"))]).into_response()
            }
            Self::TooManyRequests(wait) => {
                let mut response = problem(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many attempts",
                    "There have been too many attempts. Please wait a little and try again.",
                );
                if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }
            Self::PayloadTooLarge => problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too much to send",
                "What you sent is larger than this site accepts.",
            ),
            Self::Internal(what) => {
                tracing::error!(error = what, "internal failure");
                internal_error()
            }
            Self::Store(err) => {
                tracing::error!(error = %error_chain(&err), "store failure");
                internal_error()
            }
            Self::Template(err) => {
                tracing::error!(error = %error_chain(&err), "template failure");
                internal_error()
            }
        }
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The 500 page: the same for every unexpected failure, including panics.
pub fn internal_error() -> Response {
    problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "The page could not be shown because of a fault on our side. Please try again in a moment.",
    )
}

/// A reader-facing problem, carried on the response so that
/// [`crate::http::render_problems`] can draw it inside the site's chrome.
#[derive(Debug, Clone, Copy)]
pub struct Problem {
    pub heading: &'static str,
    pub message: &'static str,
}

fn problem(status: StatusCode, heading: &'static str, message: &'static str) -> Response {
    let mut response =
        (status, [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], format!("{heading}\n\n{message}\n"))
            .into_response();
    response.extensions_mut().insert(Problem { heading, message });
    response
}
