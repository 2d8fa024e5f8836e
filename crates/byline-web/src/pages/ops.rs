//! For operators and orchestrators: liveness, readiness, metrics.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;

fn plain(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// The process is up and answering.
pub async fn healthz() -> Response {
    plain(StatusCode::OK, "ok\n".to_owned())
}

/// The process can serve readers: its database answers.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => plain(StatusCode::OK, "ready\n".to_owned()),
        Err(err) => {
            tracing::warn!(error = %err, "not ready");
            plain(StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n".to_owned())
        }
    }
}

/// Prometheus text exposition.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut response = plain(StatusCode::OK, state.metrics.render());
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    response
}
