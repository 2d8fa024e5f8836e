//! Becoming and being someone: sign up, verify, sign in (by password or by
//! e-mailed link), reset a password, sign out, and the first admin.
//!
//! Answers never tell whether an account exists: sign-up, link sign-in and
//! reset show the same page either way, a failed sign-in costs the same
//! time for known and unknown addresses, and link and reset requests are
//! answered before the address is even looked up.

use std::time::Duration;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use byline_app::accounts::SignedUp;
use byline_app::links::{AskedLink, Confirmed, RESET_MINUTES};
use byline_app::{Error as UseCaseError, Refusal};
use byline_core::accounts::Email;
use byline_store::TokenPurpose;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer, Viewer, clear_session_cookie, start_session};
use crate::clients::ClientAddr;
use crate::error::AppError;
use crate::forms::{ExtraForm, Field, FormPage, FormView, NoticePage, PostedForm, TO_FRONT_PAGE, Words};
use crate::pages::{form_page, form_page_with};

/// Renders a form page with status `status`.
async fn render_form(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    status: StatusCode,
    form: FormView,
) -> Result<Response, AppError> {
    let chrome = state.interface_chrome(form.action.as_str(), viewer, csrf).await?;
    let mut response = form_page(FormPage { chrome, form }.render()?);
    *response.status_mut() = status;
    Ok(response)
}

pub(crate) async fn render_notice(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    status: StatusCode,
    heading: &'static str,
    message: Words,
    confirm: Option<(String, &'static str)>,
) -> Result<Response, AppError> {
    let chrome = state.interface_chrome("/", viewer, csrf).await?;
    let (confirm_action, confirm_label) = match confirm {
        Some((action, label)) => (Some(action), label),
        None => (None, ""),
    };
    let page = NoticePage { chrome, heading, message, confirm_action, confirm_label, go_on: TO_FRONT_PAGE };
    form_page_with(&page, status)
}

/// A notice in the comments bar's sign-in popup, whose way on is the
/// hand-off to the frame: the reader who has opened an e-mailed link in
/// another tab is signed in here, and the popup can finish.
pub(crate) async fn render_popup_notice(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    heading: &'static str,
    message: Words,
) -> Result<Response, AppError> {
    let chrome = state.interface_chrome("/", viewer, csrf).await?;
    let go_on = ("/embed/signin", "form-go-on-to-discussion");
    let page = NoticePage { chrome, heading, message, confirm_action: None, confirm_label: "", go_on };
    form_page_with(&page, StatusCode::OK)
}

/// What limits on a client count against: its address.
fn client_key(client: ClientAddr) -> String {
    client.0.to_string()
}

fn redirect_with_session(location: &str) -> Response {
    Redirect::to(location).into_response()
}

// ---------------------------------------------------------------- sign up

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignUpForm {
    handle: String,
    display_name: String,
    email: String,
    password: String,
}

/// A sign-up form's mistakes, field by field (the use case names them).
type SignUpErrors = byline_app::accounts::SignUpMistakes;

fn sign_up_form(input: &SignUpForm, errors: SignUpErrors, embed: bool) -> FormView {
    let mut form = FormView::new(
        "form-sign-up-heading",
        if embed { "/signup?then=embed" } else { "/signup" },
        "create-account",
        vec![
            Field::text("handle", "form-handle", &input.handle)
                .autocomplete("username")
                .hint("form-handle-hint")
                .error(errors.handle),
            Field::text("display_name", "form-display-name", &input.display_name)
                .autocomplete("name")
                .error(errors.display_name),
            Field::email("email", "form-email", &input.email).hint("form-email-hint").error(errors.email),
            Field::password("password", "form-password", "new-password")
                .hint("form-password-hint")
                .error(errors.password),
        ],
    );
    let sign_in = if embed { "/signin?then=embed" } else { "/signin" };
    form.links = vec![(sign_in, "form-have-account")];
    form
}

pub async fn show_sign_up(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let form = sign_up_form(&SignUpForm::default(), SignUpErrors::default(), then_embed(query.as_deref()));
    render_form(&state, viewer.as_ref(), &csrf, StatusCode::OK, form).await
}

impl SignUpForm {
    fn as_sign_up(&self) -> byline_app::accounts::SignUp<'_> {
        byline_app::accounts::SignUp {
            handle: &self.handle,
            display_name: &self.display_name,
            email: &self.email,
            password: &self.password,
        }
    }
}

pub async fn create_account(
    State(state): State<AppState>,
    client: ClientAddr,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
    PostedForm(input): PostedForm<SignUpForm>,
) -> Result<Response, AppError> {
    let embed = then_embed(query.as_deref());
    match state.app.sign_up(&input.as_sign_up(), &client_key(client)).await {
        Err(UseCaseError::Refused(Refusal::SignUp(errors))) => {
            let form = sign_up_form(&input, errors, embed);
            render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await
        }
        Err(err) => Err(err.into()),
        // The page is the same whether or not the address had an account.
        Ok(SignedUp::AddressTaken { email, tell_owner }) => {
            if tell_owner {
                state.mail_already_registered(email.as_str()).await?;
            }
            check_your_inbox(&state, viewer.as_ref(), &csrf, &email, embed).await
        }
        Ok(SignedUp::Created { id, handle, email }) => {
            let token = state.app.issue_link(TokenPurpose::VerifyEmail, id, email.as_str()).await?;
            state.mail_verification(email.as_str(), handle.as_str(), &token).await?;
            check_your_inbox(&state, viewer.as_ref(), &csrf, &email, embed).await
        }
    }
}

async fn check_your_inbox(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    email: &Email,
    embed: bool,
) -> Result<Response, AppError> {
    let message = Words::With("form-inbox-sent", vec![("email", email.to_string())]);
    if embed {
        return render_popup_notice(state, viewer, csrf, "form-check-inbox", message).await;
    }
    render_notice(state, viewer, csrf, StatusCode::OK, "form-check-inbox", message, None).await
}

// ------------------------------------------------------ verify an address

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VerifyForm {
    password: String,
}

/// The confirmation form. An account confirming its first address may
/// have been made by someone else with the owner's address: whoever
/// confirms keeps its password only by typing it; otherwise it is cleared
/// and every session ends.
fn verify_form(token: &str, asks_password: bool, error: Option<Words>) -> FormView {
    let mut fields = Vec::new();
    if asks_password {
        let mut field = Field::password("password", "form-password-chosen", "current-password")
            .hint("form-password-chosen-hint")
            .error(error);
        field.required = false;
        fields.push(field);
    }
    let mut form = FormView::new("form-verify-heading", format!("/verify/{token}"), "form-verify-submit", fields);
    form.intro = Some(Words::Message("form-verify-intro"));
    form
}

pub async fn show_verify(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let Some(pending) = state.app.pending_confirmation(&token).await? else {
        return link_no_good(&state, viewer.as_ref(), &csrf).await;
    };
    let form = verify_form(&token, pending.asks_password, None);
    render_form(&state, viewer.as_ref(), &csrf, StatusCode::OK, form).await
}

pub async fn verify_email(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
    PostedForm(input): PostedForm<VerifyForm>,
) -> Result<Response, AppError> {
    let confirmed = state.app.confirm_address(&token, &input.password).await;
    let page = Page { state: &state, viewer: viewer.as_ref(), csrf: &csrf, headers: &headers };
    match confirmed {
        Err(UseCaseError::Refused(refusal @ Refusal::NotTheAccountsPassword)) => {
            let form = verify_form(&token, true, Some(refusal.into()));
            render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await
        }
        confirmed => page.sign_in_confirmed(confirmed, "/account").await,
    }
}

/// Who a page drawn in answer is for.
struct Page<'a> {
    state: &'a AppState,
    viewer: Option<&'a Viewer>,
    csrf: &'a CsrfToken,
    headers: &'a HeaderMap,
}

impl Page<'_> {
    /// Signs in the holder of a link that confirmed an address. On an
    /// account's first confirmation every session has ended, so the holder
    /// gets a fresh one whoever was signed in.
    async fn sign_in_confirmed(
        &self,
        confirmed: Result<Confirmed, UseCaseError>,
        location: &str,
    ) -> Result<Response, AppError> {
        let (state, viewer, csrf) = (self.state, self.viewer, self.csrf);
        let confirmed = match confirmed {
            Ok(confirmed) => confirmed,
            Err(UseCaseError::Refused(refusal @ Refusal::AddressInUse)) => {
                let (status, message) = (StatusCode::CONFLICT, refusal.into());
                return render_notice(state, viewer, csrf, status, "form-address-in-use", message, None).await;
            }
            Err(UseCaseError::Refused(Refusal::LinkNoGood)) => return link_no_good(state, viewer, csrf).await,
            Err(err) => return Err(err.into()),
        };
        if !confirmed.first {
            return signed_in_as(state, viewer, confirmed.user_id, self.headers, location).await;
        }
        let location = if confirmed.password_cleared { "/account?done=confirmed" } else { location };
        let mut response = redirect_with_session(location);
        start_session(state, viewer, confirmed.user_id, self.headers, &mut response).await?;
        Ok(response)
    }
}

/// Redirects to `location`, signing `user_id` in first unless they already
/// are (a fresh session if someone else was signed in).
async fn signed_in_as(
    state: &AppState,
    viewer: Option<&Viewer>,
    user_id: i64,
    headers: &HeaderMap,
    location: &str,
) -> Result<Response, AppError> {
    let mut response = redirect_with_session(location);
    if viewer.is_none_or(|v| v.user.id != user_id) {
        start_session(state, viewer, user_id, headers, &mut response).await?;
    }
    Ok(response)
}

async fn link_no_good(state: &AppState, viewer: Option<&Viewer>, csrf: &CsrfToken) -> Result<Response, AppError> {
    let message = Refusal::LinkNoGood.into();
    render_notice(state, viewer, csrf, StatusCode::BAD_REQUEST, "form-link-no-good", message, None).await
}

// ---------------------------------------------------------------- sign in

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
}

/// A button for each provider readers may sign in with.
pub(crate) fn provider_buttons(state: &AppState) -> Vec<(String, String)> {
    state.app.sign_in_providers().into_iter().map(|p| (format!("/signin/provider/{}", p.id), p.label)).collect()
}

/// Where a sign-in goes on to: the framed comments bar's popup
/// (`?then=embed`), which hands the sign-in to the frame, or the front page.
fn then_embed(query: Option<&str>) -> bool {
    crate::pages::query_param(query, "then").as_deref() == Some("embed")
}

fn sign_in_form(state: &AppState, email: &str, error: Option<Words>, embed: bool) -> FormView {
    let mut form = FormView::new(
        "sign-in",
        if embed { "/signin?then=embed" } else { "/signin" },
        "sign-in",
        vec![
            Field::email("email", "form-email", email).autocomplete("username"),
            Field::password("password", "form-password", "current-password"),
        ],
    );
    form.error = error;
    form.extras = vec![ExtraForm {
        heading: "form-link-heading",
        intro: Some(Words::Message("form-link-intro")),
        action: if embed { "/signin/link?then=embed" } else { "/signin/link" }.into(),
        fields: vec![Field::email("email", "form-email", email).autocomplete("email").id_prefix("link-")],
        submit: "form-link-submit",
    }];
    let sign_up = if embed { "/signup?then=embed" } else { "/signup" };
    form.links = vec![("/reset", "form-forgot"), (sign_up, "form-sign-up-heading")];
    form.providers = provider_buttons(state);
    if embed {
        for (href, _) in &mut form.providers {
            href.push_str("?then=embed");
        }
    }
    form
}

pub async fn show_sign_in(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let form = sign_in_form(&state, "", None, then_embed(query.as_deref()));
    render_form(&state, viewer.as_ref(), &csrf, StatusCode::OK, form).await
}

pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    PostedForm(input): PostedForm<SignInForm>,
) -> Result<Response, AppError> {
    let embed = then_embed(query.as_deref());
    let user_id = match state.app.sign_in_with_password(&input.email, &input.password, &client_key(client)).await {
        Ok(user_id) => user_id,
        Err(UseCaseError::Refused(refusal @ Refusal::SignInLocked(wait))) => {
            return locked_out(&state, viewer.as_ref(), &csrf, &input.email, refusal.into(), wait, embed).await;
        }
        Err(UseCaseError::Refused(refusal)) => {
            let form = sign_in_form(&state, &input.email, Some(refusal.into()), embed);
            return render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
        }
        Err(err) => return Err(err.into()),
    };
    // Always a new session: a token planted before sign-in is worth nothing.
    let mut response = redirect_with_session(if embed { "/embed/signin" } else { "/" });
    start_session(&state, viewer.as_ref(), user_id, &headers, &mut response).await?;
    Ok(response)
}

/// The sign-in page, answered 429 with `Retry-After`, offering the
/// e-mailed link, which no failed password holds back.
async fn locked_out(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    email: &str,
    error: Words,
    wait: Duration,
    embed: bool,
) -> Result<Response, AppError> {
    let form = sign_in_form(state, email, Some(error), embed);
    let mut response = render_form(state, viewer, csrf, StatusCode::TOO_MANY_REQUESTS, form).await?;
    if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailForm {
    email: String,
}

/// Same page whether or not the address has an account.
async fn link_on_its_way(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    email: &str,
    asked: AskedLink,
    embed: bool,
) -> Result<Response, AppError> {
    let id = match asked {
        AskedLink::SignIn => "form-sign-in-link-on-its-way",
        AskedLink::Reset => "form-reset-link-on-its-way",
    };
    let message = Words::With(id, vec![("email", email.to_owned())]);
    if embed {
        return render_popup_notice(state, viewer, csrf, "form-check-inbox", message).await;
    }
    render_notice(state, viewer, csrf, StatusCode::OK, "form-check-inbox", message, None).await
}

pub async fn send_sign_in_link(
    State(state): State<AppState>,
    client: ClientAddr,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    RawQuery(query): RawQuery,
    PostedForm(input): PostedForm<EmailForm>,
) -> Result<Response, AppError> {
    let who = Asker { client, viewer, csrf, embed: then_embed(query.as_deref()) };
    send_link(&state, who, &input.email, AskedLink::SignIn).await
}

/// Who asked, for pages drawn in answer.
struct Asker {
    client: ClientAddr,
    viewer: Option<Viewer>,
    csrf: CsrfToken,
    /// Asked from the comments bar's sign-in popup.
    embed: bool,
}

/// E-mails the link if the address has an account; answers the same page
/// either way.
async fn send_link(state: &AppState, who: Asker, raw_email: &str, asked: AskedLink) -> Result<Response, AppError> {
    let email = match state.app.ask_for_link(raw_email, &client_key(who.client)).await {
        Ok(email) => email,
        Err(UseCaseError::Refused(refusal @ Refusal::NotAnAddress)) => {
            let error = Some(refusal.into());
            let form = match asked {
                AskedLink::SignIn => sign_in_form(state, raw_email, error, who.embed),
                AskedLink::Reset => reset_request_form(raw_email, error),
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render_form(state, who.viewer.as_ref(), &who.csrf, status, form).await;
        }
        Err(err) => return Err(err.into()),
    };
    // The answer goes first and the work after, in the background: looking
    // the address up, making a token and queueing mail take time only for
    // addresses with an account, and the answer must not show which.
    let shown = email.as_str().to_owned();
    let job = state.clone();
    tokio::spawn(async move {
        if let Err(err) = mail_link_if_account(&job, &email, asked).await {
            tracing::warn!(error = ?err, "an e-mailed link could not be prepared");
        }
    });
    link_on_its_way(state, who.viewer.as_ref(), &who.csrf, &shown, asked, who.embed).await
}

/// E-mails the link if `email` has an account; nothing otherwise.
async fn mail_link_if_account(state: &AppState, email: &Email, asked: AskedLink) -> Result<(), AppError> {
    let Some(link) = state.app.link_for(email, asked).await? else { return Ok(()) };
    match asked {
        AskedLink::SignIn => state.mail_sign_in_link(&link.email, &link.token).await,
        AskedLink::Reset => state.mail_reset_link(&link.email, &link.token).await,
    }
}

pub async fn show_sign_in_link(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let message = Words::Message("form-press-to-sign-in");
    let confirm = Some((format!("/signin/link/{token}"), "form-sign-me-in"));
    render_notice(&state, viewer.as_ref(), &csrf, StatusCode::OK, "sign-in", message, confirm).await
}

pub async fn sign_in_by_link(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let confirmed = state.app.sign_in_by_link(&token).await;
    let page = Page { state: &state, viewer: viewer.as_ref(), csrf: &csrf, headers: &headers };
    page.sign_in_confirmed(confirmed, "/").await
}

// ------------------------------------------------------- reset a password

fn reset_request_form(email: &str, error: Option<Words>) -> FormView {
    let mut form = FormView::new(
        "form-reset-heading",
        "/reset",
        "form-reset-submit",
        vec![Field::email("email", "form-email", email)],
    );
    form.intro = Some(Words::Count("form-reset-intro", RESET_MINUTES));
    form.error = error;
    form
}

pub async fn show_reset_request(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    render_form(&state, viewer.as_ref(), &csrf, StatusCode::OK, reset_request_form("", None)).await
}

pub async fn request_reset(
    State(state): State<AppState>,
    client: ClientAddr,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<EmailForm>,
) -> Result<Response, AppError> {
    let who = Asker { client, viewer, csrf, embed: false };
    send_link(&state, who, &input.email, AskedLink::Reset).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPasswordForm {
    password: String,
}

fn new_password_form(token: &str, error: Option<Words>) -> FormView {
    FormView::new(
        "form-new-password-heading",
        format!("/reset/{token}"),
        "form-new-password-submit",
        vec![Field::password("password", "form-new-password", "new-password").hint("form-password-hint").error(error)],
    )
}

pub async fn show_new_password(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    render_form(&state, viewer.as_ref(), &csrf, StatusCode::OK, new_password_form(&token, None)).await
}

pub async fn reset_password(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
    PostedForm(input): PostedForm<NewPasswordForm>,
) -> Result<Response, AppError> {
    let user_id = match state.app.reset_password(&token, &input.password).await {
        Ok(user_id) => user_id,
        Err(UseCaseError::Refused(refusal @ Refusal::Password(_))) => {
            let form = new_password_form(&token, Some(refusal.into()));
            return render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
        }
        Err(UseCaseError::Refused(Refusal::LinkNoGood)) => return link_no_good(&state, viewer.as_ref(), &csrf).await,
        Err(err) => return Err(err.into()),
    };
    // Every session of the account has ended; the viewer's, if theirs,
    // with them.
    let mut response = redirect_with_session("/account");
    let before = viewer.as_ref().filter(|v| v.user.id != user_id);
    start_session(&state, before, user_id, &headers, &mut response).await?;
    Ok(response)
}

// --------------------------------------------------------------- sign out

pub async fn sign_out(State(state): State<AppState>, MaybeViewer(viewer): MaybeViewer) -> Result<Response, AppError> {
    if let Some(viewer) = viewer {
        state.app.end_session(viewer.session_id).await?;
    }
    let mut response = Redirect::to("/").into_response();
    clear_session_cookie(&state, &mut response);
    Ok(response)
}

// ------------------------------------------------------- the first admin

/// The sign-up form, made the first admin's.
fn setup_form(token: &str, input: &SignUpForm, errors: SignUpErrors) -> FormView {
    let mut form = sign_up_form(input, errors, false);
    form.heading = "form-setup-heading";
    form.action = format!("/setup/{token}");
    form
}

pub async fn show_setup(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !state.app.setup_open(&token).await? {
        return Err(AppError::NotFound);
    }
    let form = setup_form(&token, &SignUpForm::default(), SignUpErrors::default());
    render_form(&state, viewer.as_ref(), &csrf, StatusCode::OK, form).await
}

pub async fn create_first_admin(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
    PostedForm(input): PostedForm<SignUpForm>,
) -> Result<Response, AppError> {
    let id = match state.app.create_first_admin(&token, &input.as_sign_up()).await {
        Ok(id) => id,
        Err(UseCaseError::Refused(Refusal::SignUp(errors))) => {
            let form = setup_form(&token, &input, errors);
            return render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
        }
        Err(err) => return Err(err.into()),
    };
    let mut response = redirect_with_session("/admin/users");
    start_session(&state, viewer.as_ref(), id, &headers, &mut response).await?;
    Ok(response)
}
