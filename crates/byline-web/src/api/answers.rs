//! What the API's routes may answer besides their results, for the
//! OpenAPI document: one error shape, and the refusals reads and writes
//! share.

use serde::Serialize;
use utoipa::{IntoResponses, ToSchema};

/// What every error answers: a stable code for programs, a message for
/// people.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub error: ApiErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorDetail {
    /// Stable: programs may rely on it.
    pub code: String,
    /// For people; its words may change.
    pub message: String,
}

/// What any request may be answered, whatever the route.
#[derive(IntoResponses)]
#[expect(dead_code, reason = "it only describes answers in the document")]
pub enum AnyRoute {
    /// The request took longer than the server allows.
    #[response(status = 408)]
    Timeout(ApiError),
    /// A fault of ours, logged.
    #[response(status = 500)]
    Internal(ApiError),
}

/// What a read may be answered besides its result.
#[derive(IntoResponses)]
#[expect(dead_code, reason = "it only describes answers in the document")]
pub enum ReadRefusals {
    /// A parameter is not valid (`bad_sort`, `bad_cursor`, `bad_request`).
    #[response(status = 400)]
    BadRequest(ApiError),
    /// No such thing, or not one readers may see.
    #[response(status = 404)]
    NotFound(ApiError),
}

/// What a write may be answered besides its result.
#[derive(IntoResponses)]
#[expect(dead_code, reason = "it only describes answers in the document")]
pub enum WriteRefusals {
    /// The body or the address could not be read (`bad_json`, `bad_request`).
    #[response(status = 400)]
    BadRequest(ApiError),
    /// Writing needs a session (`sign_in_required`).
    #[response(status = 401)]
    SignIn(ApiError),
    /// Not allowed: a cross-site request, a missing or wrong CSRF token
    /// (`forbidden`), an unconfirmed address, someone else's comment.
    #[response(status = 403)]
    Forbidden(ApiError),
    /// No such article or comment.
    #[response(status = 404)]
    NotFound(ApiError),
    /// The article or comment is not in a state that takes it
    /// (`comments_closed`, `edit_window_over`, …).
    #[response(status = 409)]
    Conflict(ApiError),
    /// The body is over `server.max_body_bytes`.
    #[response(status = 413)]
    TooLarge(ApiError),
    /// The body is not `application/json`.
    #[response(status = 415)]
    NotJson(ApiError),
    /// The content is refused (`empty`, `too_long`, `bad_reason`, …).
    #[response(status = 422)]
    Invalid(ApiError),
    /// Too many, too fast: `Retry-After` says when to try again.
    #[response(status = 429)]
    TooMany(ApiError),
}
