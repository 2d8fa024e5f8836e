//! The JSON API, version 1: what a page's own script or another site reads
//! and writes. Every error is JSON with a stable `code`; see the README for
//! every route and field.

pub mod answers;
pub mod articles;
pub mod comments;
pub mod contract;

use axum::body::to_bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::comments::refusals::{ActionError, Refusal, status_of};
use crate::error::{AppError, Problem};

/// Lets pages of the sites allowed to carry the comments bar read the API
/// from their own scripts (CORS): reads only, and only for those sites.
pub async fn cors(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let reads = matches!(*request.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    let origin = (reads && request.uri().path().starts_with(PREFIX))
        .then(|| request.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_owned))
        .flatten();
    let api = request.uri().path().starts_with(PREFIX);
    let mut response = next.run(request).await;
    if api {
        response.headers_mut().append(header::VARY, axum::http::HeaderValue::from_static("origin"));
    }
    if let Some(origin) = origin.filter(|o| state.app.allowed_site(o).is_some())
        && let Ok(value) = axum::http::HeaderValue::from_str(&origin)
    {
        response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    response
}

/// Where the API lives; the guard answers refusals there in JSON.
pub const PREFIX: &str = "/api/";

/// An API error with a stable code (drawn as JSON by
/// [`crate::http::render_problems`]).
pub fn json_error(status: StatusCode, code: &'static str, message: &str) -> Response {
    Problem::new(status, code, message.to_owned()).into_response()
}

/// A refusal by a use case, as the API and pages answer it.
pub fn refusal_problem(refusal: &Refusal) -> Problem {
    let problem = Problem::new(status_of(refusal), refusal.code(), refusal.message()).of_refusal(refusal.clone());
    match refusal.kind() {
        byline_app::Kind::TooMany(wait) => problem.retry_after(wait),
        _ => problem,
    }
}

impl IntoResponse for ActionError {
    fn into_response(self) -> Response {
        match self {
            Self::Refused(refusal) => refusal_problem(&refusal).into_response(),
            Self::Failed(err) => err.into_response(),
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
            to_bytes(request.into_body(), usize::MAX).await.map_err(|_| AppError::PayloadTooLarge.into_response())?;
        serde_json::from_slice(&bytes).map(Self).map_err(|err| {
            let message = format!("the body is not the JSON this route takes: {err}");
            json_error(StatusCode::BAD_REQUEST, "bad_json", &message)
        })
    }
}
