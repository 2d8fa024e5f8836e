//! The JSON API, version 1: what a page's own script or another site reads
//! and writes. Every error is JSON with a stable `code`; see the README for
//! every route and field.

pub mod comments;

use axum::Json;
use axum::body::to_bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::comment_actions::{ActionError, Refusal, status_of};
use crate::error::AppError;

/// Where the API lives; the guard answers refusals there in JSON.
pub const PREFIX: &str = "/api/";

#[derive(Serialize)]
struct ApiError<'a> {
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
}

/// A JSON error with a stable code.
pub fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    let mut response = (status, Json(ApiError { error: ErrorBody { code, message } })).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

impl AppError {
    /// The error as the API answers it.
    pub fn into_json(self) -> Response {
        match self {
            Self::NotFound => json_error(StatusCode::NOT_FOUND, "not_found", "nothing here"),
            Self::BadRequest(message) => json_error(StatusCode::BAD_REQUEST, "bad_request", message),
            Self::Forbidden => json_error(
                StatusCode::FORBIDDEN,
                "forbidden",
                "not allowed: missing permission, cross-site request or bad CSRF token",
            ),
            Self::SignInRequired => json_error(StatusCode::UNAUTHORIZED, "sign_in_required", "sign in first"),
            Self::TooManyRequests(wait) => with_retry_after(
                json_error(StatusCode::TOO_MANY_REQUESTS, "too_fast", "too many requests; try again later"),
                wait,
            ),
            Self::PayloadTooLarge => {
                json_error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "the request body is larger than allowed")
            }
            fault @ (Self::Internal(_) | Self::Store(_) | Self::Template(_)) => {
                // Logged the same way as for pages; the body is ours.
                let _ = fault.into_response();
                json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "something went wrong on our side")
            }
        }
    }
}

fn with_retry_after(mut response: Response, wait: std::time::Duration) -> Response {
    if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// A refusal as the API answers it.
pub fn refusal_json(refusal: &Refusal) -> Response {
    let response = json_error(status_of(refusal), refusal.code(), &refusal.message());
    match refusal.kind() {
        byline_app::Kind::TooMany(wait) => with_retry_after(response, wait),
        _ => response,
    }
}

impl IntoResponse for ActionError {
    fn into_response(self) -> Response {
        match self {
            Self::Refused(refusal) => refusal_json(&refusal),
            Self::Failed(err) => err.into_json(),
        }
    }
}

/// A JSON request body. Anything else (another content type, broken JSON,
/// invalid UTF-8, missing fields, too large) is answered with a JSON error.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(request: Request, _: &S) -> Result<Self, Response> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(json_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "not_json",
                "send the body as application/json",
            ));
        }
        let bytes =
            to_bytes(request.into_body(), usize::MAX).await.map_err(|_| AppError::PayloadTooLarge.into_json())?;
        serde_json::from_slice(&bytes).map(Self).map_err(|err| {
            let message = format!("the body is not the JSON this route takes: {err}");
            json_error(StatusCode::BAD_REQUEST, "bad_json", &message)
        })
    }
}
