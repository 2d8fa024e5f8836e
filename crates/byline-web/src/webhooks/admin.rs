//! The admins' webhook pages: the endpoints with the form that adds one,
//! and each endpoint's page with its secret, its events, its switch, a
//! test ping and its delivery log. The rules are the application's
//! ([`byline_app::webhooks`]).

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_app::webhooks::{EVENTS, WebhookForm, WebhookPage};
use byline_app::{Error as UseCaseError, Refusal};
use byline_store::{WebhookAttempt, WebhookEndpoint};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, Viewer};
use crate::error::AppError;
use crate::forms::{Field, PostedForm, Words};
use crate::layout::Chrome;
use crate::pages::{form_page_with, query_param};

/// Attempts an endpoint's page shows.
const LOG_LINES: u32 = 100;

/// An event offered as a checkbox.
pub struct EventChoice {
    name: &'static str,
    label: &'static str,
    checked: bool,
}

fn event_choices(chosen: &[String]) -> Vec<EventChoice> {
    EVENTS.iter().map(|(name, label)| EventChoice { name, label, checked: chosen.iter().any(|c| c == name) }).collect()
}

/// The mistakes of a refused form, by field.
fn field_error(refusal: &Refusal, field: &str) -> Option<String> {
    let Refusal::WebhookFields(errors) = refusal else { return None };
    let messages: Vec<String> =
        errors.iter().filter(|e| e.field == field).map(|e| format!("{} {}.", field_name(e.field), e.message)).collect();
    if messages.is_empty() { None } else { Some(messages.join(" ")) }
}

fn field_name(field: &str) -> &'static str {
    match field {
        "url" => "The address",
        _ => "The events",
    }
}

#[derive(Template)]
#[template(path = "webhooks/list.html")]
pub struct WebhooksPage {
    chrome: Chrome,
    endpoints: Vec<WebhookEndpoint>,
    url_field: Field,
    events: Vec<EventChoice>,
    events_error: Option<String>,
    notice: Option<&'static str>,
}

async fn render_list(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    status: StatusCode,
    form: &WebhookForm,
    refusal: Option<&Refusal>,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let url_field = Field::text("url", "form-webhook-url", &form.url)
        .autocomplete("url")
        .hint("form-webhook-url-hint")
        .error(refusal.and_then(|r| field_error(r, "url")).map(Words::Text));
    let page = WebhooksPage {
        chrome: state.chrome(&state.site.language, "/admin/webhooks", Some(viewer), csrf).await?,
        endpoints: state.app.webhooks(&viewer.user).await?,
        url_field: Field { kind: "url", ..url_field },
        events: event_choices(&form.events),
        events_error: refusal.and_then(|r| field_error(r, "events")),
        notice,
    };
    form_page_with(&page, status)
}

pub async fn list_webhooks(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let notice = match query_param(query.as_deref(), "done").as_deref() {
        Some("deleted") => Some("The webhook is deleted."),
        _ => None,
    };
    render_list(&state, &viewer, &csrf, StatusCode::OK, &WebhookForm::default(), None, notice).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EndpointForm {
    url: String,
    events: Vec<String>,
}

pub async fn add_webhook(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<EndpointForm>,
) -> Result<Response, AppError> {
    let form = WebhookForm { url: input.url, events: input.events };
    match state.app.add_webhook(&viewer.user, &form).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/webhooks/{id}?done=added")).into_response()),
        Err(UseCaseError::Refused(refusal @ Refusal::WebhookFields(_))) => {
            render_list(&state, &viewer, &csrf, StatusCode::UNPROCESSABLE_ENTITY, &form, Some(&refusal), None).await
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Template)]
#[template(path = "webhooks/show.html")]
pub struct WebhookShowPage {
    chrome: Chrome,
    endpoint: WebhookEndpoint,
    attempts: Vec<WebhookAttempt>,
    events: Vec<EventChoice>,
    events_error: Option<String>,
    notice: Option<&'static str>,
}

async fn render_endpoint(
    state: &AppState,
    viewer: &Viewer,
    csrf: &CsrfToken,
    id: i64,
    status: StatusCode,
    kept: Option<(Vec<String>, &Refusal)>,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let WebhookPage { endpoint, attempts } = state.app.webhook(&viewer.user, id, LOG_LINES).await?;
    let (chosen, error) = match kept {
        Some((chosen, refusal)) => (chosen, field_error(refusal, "events")),
        None => (endpoint.events.clone(), None),
    };
    let path = format!("/admin/webhooks/{id}");
    let page = WebhookShowPage {
        chrome: state.chrome(&state.site.language, &path, Some(viewer), csrf).await?,
        events: event_choices(&chosen),
        events_error: error,
        endpoint,
        attempts,
        notice,
    };
    form_page_with(&page, status)
}

pub async fn show_webhook(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let notice = match query_param(query.as_deref(), "done").as_deref() {
        Some("added") => {
            Some("The webhook is added. Give its secret to the receiving side: it checks signatures with it.")
        }
        Some("events") => Some("Its events are saved."),
        Some("on") => Some("The webhook is switched on."),
        Some("off") => Some("The webhook is switched off."),
        Some("ping") => Some("A test ping is on its way; its attempt appears in the log below."),
        _ => None,
    };
    render_endpoint(&state, &viewer, &csrf, id, StatusCode::OK, None, notice).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EventsForm {
    events: Vec<String>,
}

pub async fn change_events(
    State(state): State<AppState>,
    viewer: Viewer,
    csrf: CsrfToken,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<EventsForm>,
) -> Result<Response, AppError> {
    match state.app.change_webhook_events(&viewer.user, id, &input.events).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/webhooks/{id}?done=events")).into_response()),
        Err(UseCaseError::Refused(refusal @ Refusal::WebhookFields(_))) => {
            let kept = Some((input.events, &refusal));
            render_endpoint(&state, &viewer, &csrf, id, StatusCode::UNPROCESSABLE_ENTITY, kept, None).await
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SwitchForm {
    on: String,
}

pub async fn switch_webhook(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    PostedForm(input): PostedForm<SwitchForm>,
) -> Result<Response, AppError> {
    let on = match input.on.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest("Switch the webhook on or off.")),
    };
    state.app.switch_webhook(&viewer.user, id, on).await?;
    let done = if on { "on" } else { "off" };
    Ok(Redirect::to(&format!("/admin/webhooks/{id}?done={done}")).into_response())
}

pub async fn ping_webhook(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.app.ping_webhook(&viewer.user, id).await?;
    Ok(Redirect::to(&format!("/admin/webhooks/{id}?done=ping")).into_response())
}

pub async fn delete_webhook(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.app.delete_webhook(&viewer.user, id).await?;
    Ok(Redirect::to("/admin/webhooks?done=deleted").into_response())
}
