//! Becoming and being someone: sign up, verify, sign in (by password or by
//! e-mailed link), reset a password, sign out, and the first admin.
//!
//! Answers never tell whether an account exists: sign-up, link sign-in and
//! reset show the same page either way, a failed sign-in costs the same
//! time for known and unknown addresses, and link and reset requests are
//! answered before the address is even looked up.

use std::net::SocketAddr;
use std::time::Duration;

use askama::Template;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use byline_app::accounts::SignedUp;
use byline_core::accounts::{Email, Password, Role};
use byline_store::{Actor, Confirmation, CreatedUser, NewUser, RedeemedToken, TokenPurpose};
use serde::Deserialize;

use super::form_page;
use crate::AppState;
use crate::error::AppError;
use crate::forms::{ExtraForm, Field, FormPage, FormView, NoticePage, PostedForm};
use crate::mail::{RESET_MINUTES, SIGN_IN_MINUTES, VERIFY_HOURS};
use crate::sessions::{CsrfToken, MaybeViewer, Viewer, clear_session_cookie, hash_token, new_token, start_session};

/// Renders a form page with status `status`.
async fn render_form(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    status: StatusCode,
    form: FormView,
) -> Result<Response, AppError> {
    let chrome = state.chrome(&state.site.language, form.action.as_str(), viewer, csrf).await?;
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
    message: String,
    confirm: Option<(String, &'static str)>,
) -> Result<Response, AppError> {
    let chrome = state.chrome(&state.site.language, "/", viewer, csrf).await?;
    let (confirm_action, confirm_label) = match confirm {
        Some((action, label)) => (Some(action), label),
        None => (None, ""),
    };
    let page = NoticePage { chrome, heading, message, confirm_action, confirm_label };
    let mut response = form_page(page.render()?);
    *response.status_mut() = status;
    Ok(response)
}

fn client_key(addr: &SocketAddr) -> String {
    addr.ip().to_string()
}

/// Creates a single-use token for `purpose`, valid for `minutes`.
pub(crate) async fn issue_token(
    state: &AppState,
    purpose: TokenPurpose,
    user_id: i64,
    email: &str,
    minutes: i64,
) -> Result<String, AppError> {
    let token = new_token();
    let now = state.app.now();
    state.store.create_token(purpose, &hash_token(&token), user_id, email, now, now.plus_minutes(minutes)).await?;
    Ok(token)
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

fn sign_up_form(action: &str, heading: &'static str, input: &SignUpForm, errors: SignUpErrors) -> FormView {
    let mut form = FormView::new(
        heading,
        action,
        "Create account",
        vec![
            Field::text("handle", "Handle", &input.handle)
                .autocomplete("username")
                .hint("3–30 letters, digits or underscores, in one script. Shown with your comments.")
                .error(errors.handle),
            Field::text("display_name", "Display name", &input.display_name)
                .autocomplete("name")
                .error(errors.display_name),
            Field::email("email", "E-mail address", &input.email)
                .hint("We send a link to confirm it. It is never shown to others.")
                .error(errors.email),
            Field::password("password", "Password", "new-password")
                .hint("At least 10 characters; a few unrelated words work well.")
                .error(errors.password),
        ],
    );
    form.links = vec![("/signin", "Already have an account? Sign in")];
    form
}

pub async fn show_sign_up(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let form = sign_up_form("/signup", "Create an account", &SignUpForm::default(), SignUpErrors::default());
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

/// Checks every field at once, so the form comes back with all its
/// problems named.
fn parse_sign_up(input: &SignUpForm) -> Result<byline_app::accounts::CheckedSignUp, SignUpErrors> {
    input.as_sign_up().check()
}

pub async fn create_account(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<SignUpForm>,
) -> Result<Response, AppError> {
    match state.app.sign_up(&input.as_sign_up(), &client_key(&addr)).await {
        Err(byline_app::Error::Refused(byline_app::Refusal::SignUp(errors))) => {
            let form = sign_up_form("/signup", "Create an account", &input, errors);
            render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await
        }
        Err(err) => Err(err.into()),
        // The page is the same whether or not the address had an account.
        Ok(SignedUp::AddressTaken { email, tell_owner }) => {
            if tell_owner {
                state.mail_already_registered(email.as_str()).await?;
            }
            check_your_inbox(&state, viewer.as_ref(), &csrf, &email).await
        }
        Ok(SignedUp::Created { id, handle, email }) => {
            let token = issue_token(&state, TokenPurpose::VerifyEmail, id, email.as_str(), VERIFY_HOURS * 60).await?;
            state.mail_verification(email.as_str(), handle.as_str(), &token).await?;
            check_your_inbox(&state, viewer.as_ref(), &csrf, &email).await
        }
    }
}

async fn check_your_inbox(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    email: &Email,
) -> Result<Response, AppError> {
    let message = format!(
        "We have sent a message to {email}. Open the link in it to confirm your address and sign in. \
         It can take a minute to arrive; check your spam folder too."
    );
    render_notice(state, viewer, csrf, StatusCode::OK, "Check your inbox", message, None).await
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
fn verify_form(token: &str, asks_password: bool, error: Option<String>) -> FormView {
    let mut fields = Vec::new();
    if asks_password {
        let mut field = Field::password("password", "The password you chose", "current-password")
            .hint(
                "If you did not create this account, leave this empty: any password set for it is cleared, \
                 everyone signed in to it is signed out, and you choose your own.",
            )
            .error(error);
        field.required = false;
        fields.push(field);
    }
    let mut form =
        FormView::new("Confirm your e-mail address", format!("/verify/{token}"), "Confirm my address", fields);
    form.intro = Some("Confirm that this address is yours to finish.".to_owned());
    form
}

/// Whether confirming for `user_id` asks for the password: the address
/// was never confirmed and a password is set.
async fn asks_password(state: &AppState, user_id: i64) -> Result<bool, AppError> {
    Ok(state.store.user(user_id).await?.is_some_and(|u| !u.email_verified && u.has_password))
}

pub async fn show_verify(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let now = state.app.now();
    let Some(pending) = state.store.token_holder(TokenPurpose::VerifyEmail, &hash_token(&token), now).await? else {
        return link_no_good(&state, viewer.as_ref(), &csrf).await;
    };
    let form = verify_form(&token, asks_password(&state, pending.user_id).await?, None);
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
    let now = state.app.now();
    let hash = hash_token(&token);
    let Some(pending) = state.store.token_holder(TokenPurpose::VerifyEmail, &hash, now).await? else {
        return link_no_good(&state, viewer.as_ref(), &csrf).await;
    };
    // The password is checked before the link is used up, so a typing
    // mistake can be corrected with the same link.
    let mut keep_password = false;
    if asks_password(&state, pending.user_id).await? && !input.password.is_empty() {
        keep_password = state.app.password_matches(pending.user_id, &input.password).await? == Some(true);
        if !keep_password {
            let error = "That is not the password of this account. Leave the field empty if you did not create it.";
            let form = verify_form(&token, true, Some(error.to_owned()));
            return render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
        }
    }
    let Some(redeemed) = state.store.redeem_token(TokenPurpose::VerifyEmail, &hash, now).await? else {
        return link_no_good(&state, viewer.as_ref(), &csrf).await;
    };
    confirm_and_sign_in(&state, viewer.as_ref(), &csrf, &headers, &redeemed, keep_password, "/account").await
}

/// Confirms the address a link was sent to and signs its holder in. On
/// an account's first confirmation every session has ended, so the
/// holder gets a fresh one whoever was signed in.
async fn confirm_and_sign_in(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    headers: &HeaderMap,
    redeemed: &RedeemedToken,
    keep_password: bool,
    location: &str,
) -> Result<Response, AppError> {
    let email = Email::parse(&redeemed.email).map_err(|_| AppError::Internal("stored e-mail no longer parses"))?;
    let had_password = state.store.password_hash(redeemed.user_id).await?.is_some();
    match state.store.confirm_email(redeemed.user_id, &email, keep_password, state.app.now()).await? {
        Confirmation::AddressTaken => {
            let message = "Another account confirmed this address first, so it cannot be used for this one.".to_owned();
            render_notice(state, viewer, csrf, StatusCode::CONFLICT, "Address already in use", message, None).await
        }
        Confirmation::NoSuchUser => link_no_good(state, viewer, csrf).await,
        Confirmation::Confirmed { first: false } => {
            signed_in_as(state, viewer, redeemed.user_id, headers, location).await
        }
        Confirmation::Confirmed { first: true } => {
            tracing::info!(
                user_id = redeemed.user_id,
                kept_password = keep_password,
                "first address confirmation ended every session"
            );
            let location = if had_password && !keep_password { "/account?done=confirmed" } else { location };
            let mut response = redirect_with_session(location);
            if let Some(other) = viewer {
                state.store.delete_session(other.session_id).await?;
            }
            start_session(state, redeemed.user_id, headers, &mut response).await?;
            Ok(response)
        }
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
        if let Some(other) = viewer {
            state.store.delete_session(other.session_id).await?;
        }
        start_session(state, user_id, headers, &mut response).await?;
    }
    Ok(response)
}

async fn link_no_good(state: &AppState, viewer: Option<&Viewer>, csrf: &CsrfToken) -> Result<Response, AppError> {
    let message = "This link has expired or has already been used. Ask for a new one and use it soon.".to_owned();
    render_notice(state, viewer, csrf, StatusCode::BAD_REQUEST, "That link no longer works", message, None).await
}

// ---------------------------------------------------------------- sign in

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
}

fn sign_in_form(email: &str, error: Option<String>) -> FormView {
    let mut form = FormView::new(
        "Sign in",
        "/signin",
        "Sign in",
        vec![
            Field::email("email", "E-mail address", email).autocomplete("username"),
            Field::password("password", "Password", "current-password"),
        ],
    );
    form.error = error;
    form.extras = vec![ExtraForm {
        heading: "No password? Get a link",
        intro: Some("We can e-mail you a link that signs you in once.".into()),
        action: "/signin/link".into(),
        fields: vec![Field::email("email", "E-mail address", email).autocomplete("email").id_prefix("link-")],
        submit: "E-mail me a sign-in link",
    }];
    form.links = vec![("/reset", "Forgot your password?"), ("/signup", "Create an account")];
    form
}

pub async fn show_sign_in(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    render_form(&state, viewer.as_ref(), &csrf, StatusCode::OK, sign_in_form("", None)).await
}

pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    headers: HeaderMap,
    PostedForm(input): PostedForm<SignInForm>,
) -> Result<Response, AppError> {
    let user_id = match state.app.sign_in_with_password(&input.email, &input.password, &client_key(&addr)).await {
        Ok(user_id) => user_id,
        Err(byline_app::Error::Refused(refusal @ byline_app::Refusal::SignInLocked(wait))) => {
            return locked_out(&state, viewer.as_ref(), &csrf, &input.email, &refusal.message(), wait).await;
        }
        Err(byline_app::Error::Refused(refusal)) => {
            let form = sign_in_form(&input.email, Some(refusal.message()));
            return render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
        }
        Err(err) => return Err(err.into()),
    };
    // Always a new session: a token planted before sign-in is worth nothing.
    let mut response = redirect_with_session("/");
    if let Some(old) = &viewer {
        state.store.delete_session(old.session_id).await?;
    }
    start_session(&state, user_id, &headers, &mut response).await?;
    Ok(response)
}

/// The sign-in page, answered 429 with `Retry-After`, offering the
/// e-mailed link, which no failed password holds back.
async fn locked_out(
    state: &AppState,
    viewer: Option<&Viewer>,
    csrf: &CsrfToken,
    email: &str,
    error: &str,
    wait: Duration,
) -> Result<Response, AppError> {
    let form = sign_in_form(email, Some(error.to_owned()));
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
    what: &str,
) -> Result<Response, AppError> {
    let message = format!(
        "If an account uses {email}, a {what} is on its way to it. It works once and expires soon; \
         check your spam folder if it does not arrive."
    );
    render_notice(state, viewer, csrf, StatusCode::OK, "Check your inbox", message, None).await
}

pub async fn send_sign_in_link(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<EmailForm>,
) -> Result<Response, AppError> {
    let who = Asker { addr, viewer, csrf };
    send_link(&state, who, &input.email, MailedLink::SignIn).await
}

/// The two links a person may ask to have e-mailed.
#[derive(Clone, Copy)]
enum MailedLink {
    SignIn,
    Reset,
}

/// Who asked, for pages drawn in answer.
struct Asker {
    addr: SocketAddr,
    viewer: Option<Viewer>,
    csrf: CsrfToken,
}

/// E-mails the link if the address has an account; answers the same page
/// either way.
async fn send_link(state: &AppState, who: Asker, raw_email: &str, kind: MailedLink) -> Result<Response, AppError> {
    let Ok(email) = Email::parse(raw_email) else {
        let error = Some("That is not an e-mail address such as name@example.org.".to_owned());
        let form = match kind {
            MailedLink::SignIn => sign_in_form(raw_email, error),
            MailedLink::Reset => reset_request_form(raw_email, error),
        };
        return render_form(state, who.viewer.as_ref(), &who.csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
    };
    // Per client and per recipient, for addresses with and without an
    // account alike: many clients cannot flood one inbox, and a refusal
    // tells nothing about who has an account.
    let (by_client, by_recipient) = (&state.app.throttles.mail_links, &state.app.throttles.mail_links_recipient);
    let (client, recipient) = (client_key(&who.addr), email.key());
    by_client.check(&client).map_err(AppError::TooManyRequests)?;
    by_recipient.check(&recipient).map_err(AppError::TooManyRequests)?;
    by_client.record(&client);
    by_recipient.record(&recipient);
    // The answer goes first and the work after, in the background: looking
    // the address up, making a token and queueing mail take time only for
    // addresses with an account, and the answer must not show which.
    let shown = email.as_str().to_owned();
    let job = state.clone();
    tokio::spawn(async move {
        if let Err(err) = mail_link_if_account(&job, &email, kind).await {
            tracing::warn!(error = ?err, "an e-mailed link could not be prepared");
        }
    });
    let what = match kind {
        MailedLink::SignIn => "sign-in link",
        MailedLink::Reset => "password reset link",
    };
    link_on_its_way(state, who.viewer.as_ref(), &who.csrf, &shown, what).await
}

/// E-mails the link if `email` has an account; nothing otherwise.
async fn mail_link_if_account(state: &AppState, email: &Email, kind: MailedLink) -> Result<(), AppError> {
    let Some((user, _)) = state.store.user_with_password(email).await? else {
        return Ok(());
    };
    match kind {
        MailedLink::SignIn => {
            let token = issue_token(state, TokenPurpose::SignIn, user.id, &user.email, SIGN_IN_MINUTES).await?;
            state.mail_sign_in_link(&user.email, &token).await
        }
        MailedLink::Reset => {
            let token = issue_token(state, TokenPurpose::ResetPassword, user.id, &user.email, RESET_MINUTES).await?;
            state.mail_reset_link(&user.email, &token).await
        }
    }
}

pub async fn show_sign_in_link(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let message = "Press the button to finish signing in.".to_owned();
    let confirm = Some((format!("/signin/link/{token}"), "Sign me in"));
    render_notice(&state, viewer.as_ref(), &csrf, StatusCode::OK, "Sign in", message, confirm).await
}

pub async fn sign_in_by_link(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let now = state.app.now();
    let Some(redeemed) = state.store.redeem_token(TokenPurpose::SignIn, &hash_token(&token), now).await? else {
        return link_no_good(&state, viewer.as_ref(), &csrf).await;
    };
    // The link reached the inbox, which proves the address; a password
    // set before it was confirmed is not proven to be the owner's.
    confirm_and_sign_in(&state, viewer.as_ref(), &csrf, &headers, &redeemed, false, "/").await
}

// ------------------------------------------------------- reset a password

fn reset_request_form(email: &str, error: Option<String>) -> FormView {
    let mut form = FormView::new(
        "Reset your password",
        "/reset",
        "E-mail me a reset link",
        vec![Field::email("email", "E-mail address", email)],
    );
    form.intro =
        Some(format!("We will e-mail a link to choose a new password. It expires in {RESET_MINUTES} minutes."));
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
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    PostedForm(input): PostedForm<EmailForm>,
) -> Result<Response, AppError> {
    let who = Asker { addr, viewer, csrf };
    send_link(&state, who, &input.email, MailedLink::Reset).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPasswordForm {
    password: String,
}

fn new_password_form(token: &str, error: Option<String>) -> FormView {
    FormView::new(
        "Choose a new password",
        format!("/reset/{token}"),
        "Save the new password",
        vec![
            Field::password("password", "New password", "new-password")
                .hint("At least 10 characters; a few unrelated words work well.")
                .error(error),
        ],
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
    // Check the password before using up the token, so a weak choice can
    // be corrected with the same link.
    let password = match Password::parse(&input.password, &[]) {
        Ok(password) => password,
        Err(err) => {
            let form = new_password_form(&token, Some(format!("The password {err}.")));
            return render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
        }
    };
    let now = state.app.now();
    let Some(redeemed) = state.store.redeem_token(TokenPurpose::ResetPassword, &hash_token(&token), now).await? else {
        return link_no_good(&state, viewer.as_ref(), &csrf).await;
    };
    let hash = byline_app::accounts::hash_off_thread(password).await?;
    state.store.set_password_hash(redeemed.user_id, &hash, now).await?;
    // The link reached the inbox, which proves the address: an account not
    // yet confirmed is now, with the password just chosen.
    if let Ok(email) = Email::parse(&redeemed.email) {
        state.store.confirm_email(redeemed.user_id, &email, true, now).await?;
    }
    // Whoever knew the old password is signed out everywhere.
    state.store.delete_sessions_of(redeemed.user_id, None).await?;
    let mut response = redirect_with_session("/account");
    start_session(&state, redeemed.user_id, &headers, &mut response).await?;
    Ok(response)
}

// --------------------------------------------------------------- sign out

pub async fn sign_out(State(state): State<AppState>, MaybeViewer(viewer): MaybeViewer) -> Result<Response, AppError> {
    if let Some(viewer) = viewer {
        state.store.delete_session(viewer.session_id).await?;
    }
    let mut response = Redirect::to("/").into_response();
    clear_session_cookie(&state, &mut response);
    Ok(response)
}

// ------------------------------------------------------- the first admin

fn setup_matches(state: &AppState, token: &str) -> bool {
    state.setup_token.lock().ok().is_some_and(|t| t.as_deref() == Some(hash_token(token).as_str()))
}

pub async fn show_setup(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !setup_matches(&state, &token) || state.store.count_admins().await? > 0 {
        return Err(AppError::NotFound);
    }
    let form = sign_up_form(
        &format!("/setup/{token}"),
        "Create the first admin",
        &SignUpForm::default(),
        SignUpErrors::default(),
    );
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
    if !setup_matches(&state, &token) || state.store.count_admins().await? > 0 {
        return Err(AppError::NotFound);
    }
    let action = format!("/setup/{token}");
    let (handle, name, email, password) = match parse_sign_up(&input) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let form = sign_up_form(&action, "Create the first admin", &input, errors);
            return render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
        }
    };
    let hash = byline_app::accounts::hash_off_thread(password).await?;
    let new = NewUser {
        handle: &handle,
        display_name: &name,
        email: &email,
        password_hash: Some(&hash),
        role: Role::Admin,
        email_verified: true,
        granted_by: Some(Actor::SETUP_LINK),
    };
    let CreatedUser::Created(id) = state.store.create_user(&new, state.app.now()).await? else {
        let errors = SignUpErrors {
            email: Some("An account already uses this handle or address.".into()),
            ..SignUpErrors::default()
        };
        let form = sign_up_form(&action, "Create the first admin", &input, errors);
        return render_form(&state, viewer.as_ref(), &csrf, StatusCode::UNPROCESSABLE_ENTITY, form).await;
    };
    if let Ok(mut slot) = state.setup_token.lock() {
        *slot = None;
    }
    tracing::info!(user_id = id, "first admin created");
    let mut response = redirect_with_session("/admin/users");
    start_session(&state, id, &headers, &mut response).await?;
    Ok(response)
}
