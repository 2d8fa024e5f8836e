//! The API as a contract: an OpenAPI 3.1 document made from the handlers'
//! own annotations and types (`utoipa`), served at `/api/v1/openapi.json`,
//! and a page for people at `/api/v1` that is drawn from the same document.

use std::sync::LazyLock;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, Parameter};
use utoipa::openapi::{RefOr, Required};

use super::answers::AnyRoute;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer};
use crate::error::AppError;
use crate::layout::Chrome;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Byline API",
        version = "1",
        description = "Articles and their discussions as JSON. Reading needs nothing; writing needs a \
                       signed-in session (its cookie) and the session's CSRF token in an `x-csrf-token` \
                       header. Every error is `{\"error\": {\"code\", \"message\"}}`; the code is stable."
    ),
    paths(
        super::articles::list_articles,
        super::articles::section_articles,
        super::articles::show_article,
        super::comments::list_comments,
        super::comments::post_comment,
        super::comments::show_comment,
        super::comments::edit_comment,
        super::comments::delete_comment,
        super::comments::give_vote,
        super::comments::take_back_vote,
        super::comments::flag_comment,
        super::comments::preview,
        crate::embed::counts::count_comments,
        crate::embed::start_session_by_code,
        crate::embed::sign_in_by_host,
        openapi_json,
    ),
    tags(
        (name = "articles", description = "Published stories"),
        (name = "comments", description = "Discussions: read, post, edit, vote, flag"),
        (name = "embed", description = "The comments bar on other sites"),
        (name = "contract", description = "This document"),
    )
)]
struct ApiDoc;

/// The document, made once.
static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);
static DOCUMENT_JSON: LazyLock<String> =
    LazyLock::new(|| DOCUMENT.to_pretty_json().unwrap_or_else(|_| "{}".to_owned()));

/// The OpenAPI document, for tests and tools.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    &DOCUMENT
}

/// `GET /api/v1/openapi.json`: this API's OpenAPI 3.1 document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "contract",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"), AnyRoute))]
pub async fn openapi_json() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
        ],
        DOCUMENT_JSON.as_str(),
    )
        .into_response()
}

/// One operation as the API page lists it.
struct OperationView {
    method: &'static str,
    path: String,
    summary: String,
    description: String,
    parameters: Vec<(String, &'static str, bool, String)>,
    body: Option<String>,
    responses: Vec<(String, String)>,
    anchor: String,
}

#[derive(Template)]
#[template(path = "api/reference.html")]
struct ReferencePage {
    chrome: Chrome,
    title: String,
    description: String,
    operations: Vec<OperationView>,
}

/// `GET /api/v1`: the API for people, drawn from the document.
pub async fn show_reference(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let chrome = state.chrome(&state.site.language, "/api/v1", viewer.as_ref(), &csrf).await?;
    let doc = document();
    let mut operations = Vec::new();
    for (path, item) in &doc.paths.paths {
        let methods = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, operation) in methods {
            if let Some(operation) = operation {
                operations.push(view_of(method, path, operation));
            }
        }
    }
    let page = ReferencePage {
        chrome,
        title: doc.info.title.clone(),
        description: doc.info.description.clone().unwrap_or_default(),
        operations,
    };
    Ok(crate::pages::html_page(page.render()?, viewer.is_some()))
}

fn view_of(method: &'static str, path: &str, operation: &Operation) -> OperationView {
    let parameters = operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) => Some(p),
            RefOr::Ref(_) => None,
        })
        .map(|p: &Parameter| {
            let place = match p.parameter_in {
                utoipa::openapi::path::ParameterIn::Path => "path",
                utoipa::openapi::path::ParameterIn::Query | utoipa::openapi::path::ParameterIn::QueryString => "query",
                utoipa::openapi::path::ParameterIn::Header => "header",
                utoipa::openapi::path::ParameterIn::Cookie => "cookie",
            };
            (p.name.clone(), place, matches!(p.required, Required::True), p.description.clone().unwrap_or_default())
        })
        .collect();
    let body = operation.request_body.as_ref().map(|b| match b {
        RefOr::T(b) => b.content.keys().cloned().collect::<Vec<_>>().join(", "),
        RefOr::Ref(r) => r.ref_location.clone(),
    });
    let responses = operation
        .responses
        .responses
        .iter()
        .map(|(status, response)| {
            let text = match response {
                RefOr::T(r) => r.description.clone(),
                RefOr::Ref(r) => r.ref_location.clone(),
            };
            (status.clone(), text)
        })
        .collect();
    let anchor = format!("{}-{}", method.to_ascii_lowercase(), path.replace(['/', '{', '}', '.'], "-"));
    OperationView {
        method,
        path: path.to_owned(),
        summary: operation.summary.clone().unwrap_or_default(),
        description: operation.description.clone().unwrap_or_default(),
        parameters,
        body,
        responses,
        anchor,
    }
}
