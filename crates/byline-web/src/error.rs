//! The one error type handlers return, its one mapping to a [`Problem`],
//! and the problem's one shape.

use std::borrow::Cow;
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_store::StoreError;

/// What can go wrong while answering a request. What the reader sees is
/// decided here; causes are logged, never shown.
#[derive(Debug)]
pub enum AppError {
    NotFound,
    BadRequest(&'static str),
    /// A use case's refusal, answered as a bad request in its words.
    Refused(byline_app::Refusal),
    /// Not allowed: a missing permission, a cross-site request, a bad CSRF token.
    Forbidden,
    /// Only for people who are signed in: sends the browser to sign in.
    SignInRequired,
    /// Too many attempts; try again after this long.
    TooManyRequests(std::time::Duration),
    PayloadTooLarge,
    /// A multipart form past this many bytes: a photograph too large.
    UploadTooLarge(usize),
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

impl AppError {
    /// What the person is shown, and what is logged for faults of ours.
    pub fn problem(self) -> Problem {
        use StatusCode as S;
        match self {
            Self::NotFound => Problem::new(
                S::NOT_FOUND,
                "not_found",
                "There is no page at this address. It may have moved, or the link may be mistyped.",
            ),
            Self::BadRequest(message) => Problem::new(S::BAD_REQUEST, "bad_request", message),
            Self::Refused(refusal) => {
                Problem::new(S::BAD_REQUEST, "bad_request", refusal.fixed_message()).of_refusal(refusal)
            }
            Self::Forbidden => Problem::new(
                S::FORBIDDEN,
                "forbidden",
                "You do not have permission to do that. If you followed a link from another site, go to the page here and try again.",
            ),
            Self::SignInRequired => Problem::new(S::UNAUTHORIZED, SIGN_IN_REQUIRED, "Sign in first."),
            Self::TooManyRequests(wait) => Problem::new(
                S::TOO_MANY_REQUESTS,
                "too_fast",
                "There have been too many attempts. Please wait a little and try again.",
            )
            .retry_after(wait),
            Self::PayloadTooLarge => {
                Problem::new(S::PAYLOAD_TOO_LARGE, "too_large", "What you sent is larger than this site accepts.")
            }
            Self::UploadTooLarge(limit) => Problem::new(
                S::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "The photograph is too large: this site takes files of up to {} MB. Export a smaller copy \
                     and upload that; what you typed was not sent, so go back to find it.",
                    limit.div_ceil(1024 * 1024)
                ),
            ),
            Self::Internal(what) => {
                tracing::error!(error = what, "internal failure");
                Problem::internal()
            }
            Self::Store(err) => {
                tracing::error!(error = %error_chain(&err), "store failure");
                Problem::internal()
            }
            Self::Template(err) => {
                tracing::error!(error = %error_chain(&err), "template failure");
                Problem::internal()
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.problem().into_response()
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

/// The answer to every unexpected failure, panics included.
pub fn internal_error() -> Response {
    Problem::internal().into_response()
}

/// Marks an answer meant as it is (plain text for machines: health checks,
/// metrics; cheap refusals), which the problem renderer leaves alone
/// whatever its status.
#[derive(Debug, Clone, Copy)]
pub struct AsItIs;

/// The code of the problem that sends a browser to sign in.
pub const SIGN_IN_REQUIRED: &str = "sign_in_required";

/// Anything the site refuses or fails to do, in one shape: a status, a
/// stable code for programs and a message for people. Handlers, the
/// guard and the framework's own rejections all answer with one;
/// [`crate::http::render_problems`] draws it once, as JSON under `/api/`
/// and as a page inside the site's chrome elsewhere.
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: Cow<'static, str>,
    /// When to try again (`Retry-After`), for 429 and 503.
    pub retry_after: Option<Duration>,
    /// The refusal it tells of, so a page or an API answer in another
    /// language says it in that language's words.
    pub refusal: Option<byline_app::Refusal>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self { status, code, message: message.into(), retry_after: None, refusal: None }
    }

    /// The problem as telling of `refusal`.
    #[must_use]
    pub fn of_refusal(mut self, refusal: byline_app::Refusal) -> Self {
        self.refusal = Some(refusal);
        self
    }

    /// The message in `i18n`'s language: English as it is, another
    /// language's words for a refusal or a fixed message the catalogue
    /// has; anything else as it is.
    pub fn message_in(&self, i18n: &crate::i18n::Locale) -> String {
        if i18n.lang().primary() == "en" {
            return self.message.clone().into_owned();
        }
        if let Some(refusal) = &self.refusal {
            return i18n.refusal(refusal);
        }
        let fixed = format!("problem-message-{}", self.code);
        if i18n.has(&fixed) && crate::i18n::Locale::english().t(&fixed) == self.message {
            return i18n.t(&fixed);
        }
        self.message.clone().into_owned()
    }

    #[must_use]
    pub fn retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side. Please try again in a moment.",
        )
    }

    /// A refusal the framework made before any handler ran (no route for
    /// the method, a body over the limit, a request too slow), by status.
    pub fn of_status(status: StatusCode) -> Self {
        use StatusCode as S;
        match status {
            S::NOT_FOUND => AppError::NotFound.problem(),
            S::METHOD_NOT_ALLOWED => Self::new(status, "method_not_allowed", "This address does not take that method."),
            S::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge.problem(),
            S::UNSUPPORTED_MEDIA_TYPE => Self::new(status, "not_json", "Send the body as application/json."),
            S::REQUEST_TIMEOUT => Self::new(status, "timeout", "The request took too long. Please try again."),
            S::TOO_MANY_REQUESTS => {
                Self::new(status, "too_fast", "Too many requests. Please wait a little and try again.")
            }
            s if s.is_server_error() => Self { status: s, ..Self::internal() },
            s => Self::new(s, "bad_request", "The request was not understood."),
        }
    }

    /// The catalogue's message for the page's heading: what kind of
    /// problem it is, in a few words.
    pub fn heading_id(&self) -> &'static str {
        use StatusCode as S;
        match self.status {
            S::NOT_FOUND => "problem-not-found",
            S::UNAUTHORIZED => "problem-unauthorized",
            S::FORBIDDEN => "problem-forbidden",
            S::METHOD_NOT_ALLOWED => "problem-method",
            S::REQUEST_TIMEOUT => "problem-timeout",
            S::CONFLICT => "problem-conflict",
            S::PAYLOAD_TOO_LARGE => "problem-too-large",
            S::UNPROCESSABLE_ENTITY => "problem-not-accepted",
            S::TOO_MANY_REQUESTS => "problem-too-many",
            s if s.is_server_error() => "problem-internal",
            _ => "problem-bad-request",
        }
    }

    /// The heading in English, for plain-text answers.
    pub fn heading(&self) -> String {
        crate::i18n::Locale::english().t(self.heading_id())
    }
}

impl IntoResponse for Problem {
    /// A plain-text answer carrying the problem, for the renderer to draw.
    fn into_response(self) -> Response {
        let body = format!("{}\n\n{}\n", self.heading(), self.message);
        let mut response =
            (self.status, [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], body).into_response();
        if let Some(wait) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response.extensions_mut().insert(self);
        response
    }
}
