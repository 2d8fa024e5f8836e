//! Signing in with an account elsewhere (an OpenID provider, GitHub): the
//! button's start, the provider's answer, and the e-mailed link that
//! confirms linking an account that already had the address. The rules
//! are the application's ([`byline_app::sign_in_providers`]).
//!
//! The browser holds the sign-in's token in a cookie kept only for the
//! provider's callback path, `SameSite=Lax` so that the provider's
//! top-level redirect back carries it. A sign-in begun in the comments
//! bar's popup (`?then=embed`) says so in the same cookie, and ends with
//! the hand-off to the frame.

use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use byline_app::sign_in_providers::{PROVIDER_SIGN_IN_MINUTES, ProviderAnswer, ProviderSignedIn};
use byline_app::{Error as UseCaseError, Refusal};
use cookie::{Cookie, SameSite};

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer, Viewer, cookie_value, set_cookie, start_session};
use crate::accounts::sign_in::{render_notice, render_popup_notice};
use crate::comments::refusals::status_of;
use crate::error::AppError;
use crate::forms::Words;
use crate::pages::query_param;

/// The cookie that binds a sign-in at a provider to this browser.
pub const PROVIDER_COOKIE: &str = "byline_provider";
const COOKIE_PATH: &str = "/signin/provider/";
/// Ends the provider cookie's value of a sign-in begun in the popup.
const FROM_POPUP: &str = ".embed";

fn provider_cookie(state: &AppState, value: String, max_age: Duration) -> Cookie<'static> {
    Cookie::build((PROVIDER_COOKIE, value))
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.site.base_url.scheme() == "https")
        .max_age(cookie::time::Duration::seconds(i64::try_from(max_age.as_secs()).unwrap_or(0)))
        .build()
}

/// A refused sign-in as a page that says why.
async fn refused(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    err: UseCaseError,
) -> Result<Response, AppError> {
    match err {
        UseCaseError::Refused(refusal @ Refusal::ProviderSignIn(_)) => {
            let status = status_of(&refusal);
            render_notice(state, viewer, csrf, status, "form-not-signed-in", refusal.into(), None).await
        }
        err => Err(err.into()),
    }
}

/// `POST /signin/provider/{provider}`: off to the provider.
pub async fn begin_provider_sign_in(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(provider): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let redirect = match state.app.begin_provider_sign_in(&provider).await {
        Ok(redirect) => redirect,
        Err(err) => return refused(&state, viewer.as_ref(), &csrf, err).await,
    };
    let mut response = Redirect::to(&redirect.url).into_response();
    let lasts = Duration::from_secs(u64::try_from(PROVIDER_SIGN_IN_MINUTES).unwrap_or(10) * 60);
    let mut value = redirect.cookie_token;
    if query_param(query.as_deref(), "then").as_deref() == Some("embed") {
        value.push_str(FROM_POPUP);
    }
    set_cookie(&mut response, provider_cookie(&state, value, lasts));
    Ok(response)
}

/// `GET /signin/provider/{provider}/callback`: the provider's answer.
pub async fn finish_provider_sign_in(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(provider): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let query = query.as_deref();
    let [code, answered_state, error, issuer] = ["code", "state", "error", "iss"].map(|name| query_param(query, name));
    let answer = ProviderAnswer {
        code: code.as_deref(),
        state: answered_state.as_deref(),
        error: error.as_deref(),
        issuer: issuer.as_deref(),
    };
    let cookie = cookie_value(&headers, PROVIDER_COOKIE).unwrap_or_default();
    let (token, from_popup) = match cookie.strip_suffix(FROM_POPUP) {
        Some(token) => (token, true),
        None => (cookie.as_str(), false),
    };
    let token = Some(token).filter(|token| !token.is_empty());
    let finished = state.app.finish_provider_sign_in(&provider, token, answer).await;
    let mut response = match finished {
        Ok(ProviderSignedIn::Account { user_id, created }) => {
            let location = match (from_popup, created) {
                (true, _) => "/embed/signin",
                (false, true) => "/account",
                (false, false) => "/",
            };
            let mut response = Redirect::to(location).into_response();
            // Always a new session, as for any sign-in.
            start_session(&state, viewer.as_ref(), user_id, &headers, &mut response).await?;
            response
        }
        Ok(ProviderSignedIn::ConfirmLink { email, token, provider_label }) => {
            state.mail_identity_link(&email, &provider_label, &token).await?;
            let message = Words::With(
                "form-confirm-yours-message",
                vec![("email", email.to_string()), ("provider", provider_label.clone())],
            );
            let heading = "form-confirm-yours";
            if from_popup {
                render_popup_notice(&state, viewer.as_ref(), &csrf, heading, message).await?
            } else {
                render_notice(&state, viewer.as_ref(), &csrf, StatusCode::OK, heading, message, None).await?
            }
        }
        Err(err) => refused(&state, viewer.as_ref(), &csrf, err).await?,
    };
    // Used or not, the sign-in's token is spent.
    set_cookie(&mut response, provider_cookie(&state, String::new(), Duration::ZERO));
    Ok(response)
}

/// `GET /signin/link-account/{token}`: what the e-mailed link would link,
/// with a button (a link must not act on GET: mail scanners open links).
pub async fn show_account_link(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let Some(pending) = state.app.pending_identity_link(&token).await? else {
        let message = Refusal::LinkNoGood.into();
        let status = StatusCode::BAD_REQUEST;
        return render_notice(&state, viewer.as_ref(), &csrf, status, "form-link-no-good", message, None).await;
    };
    let message = Words::With(
        "form-link-accounts-message",
        vec![
            ("provider", pending.provider_label.clone()),
            ("handle", pending.handle.to_string()),
            ("email", pending.email.to_string()),
        ],
    );
    let confirm = Some((format!("/signin/link-account/{token}"), "form-link-and-sign-in"));
    render_notice(&state, viewer.as_ref(), &csrf, StatusCode::OK, "form-link-accounts", message, confirm).await
}

/// `POST /signin/link-account/{token}`: links, and signs the account in.
pub async fn link_account(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let user_id = match state.app.confirm_identity_link(&token).await {
        Ok(user_id) => user_id,
        Err(UseCaseError::Refused(refusal @ (Refusal::LinkNoGood | Refusal::AddressInUse))) => {
            // As every e-mailed link that no longer works answers.
            let status = if refusal == Refusal::LinkNoGood { StatusCode::BAD_REQUEST } else { status_of(&refusal) };
            let message = refusal.into();
            return render_notice(&state, viewer.as_ref(), &csrf, status, "form-link-no-good", message, None).await;
        }
        Err(err) => return refused(&state, viewer.as_ref(), &csrf, err).await,
    };
    let mut response = Redirect::to("/account?done=linked").into_response();
    start_session(&state, viewer.as_ref(), user_id, &headers, &mut response).await?;
    Ok(response)
}
