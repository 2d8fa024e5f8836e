//! Comments from readers without an account, where a site allows them. The
//! form has a page of its own, so an article page stays the same for every
//! anonymous reader; a name is required, and nothing appears before a
//! moderator has read it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use byline_core::Slug;
use byline_store::Article;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::sessions::{CsrfToken, MaybeViewer};
use crate::accounts::sign_in::render_notice;
use crate::clients::ClientAddr;
use crate::comments::refusals::{ActionError, Refusal};
use crate::error::AppError;
use crate::forms::{Field, FormPage, FormView, PostedForm, Words};
use crate::layout::article_path;
use crate::pages::form_page;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GuestForm {
    name: String,
    body: String,
}

/// The article, while guests may comment on it.
async fn open_article(state: &AppState, slug: &str) -> Result<Article, AppError> {
    if !state.app.guest_comments {
        return Err(AppError::NotFound);
    }
    let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
    state.app.store.visible_article(&slug, state.app.now()).await?.ok_or(AppError::NotFound)
}

async fn render_form(
    state: &AppState,
    maybe: &MaybeViewer,
    csrf: &CsrfToken,
    article: &Article,
    input: &GuestForm,
    refusal: Option<Refusal>,
) -> Result<Response, AppError> {
    let slug = article.summary.slug.as_str();
    let (name_error, form_error) = match &refusal {
        Some(refusal @ Refusal::GuestName(_)) => (Some(Words::Refused(refusal.clone())), None),
        Some(refusal) => (None, Some(Words::Refused(refusal.clone()))),
        None => (None, None),
    };
    let name = Field::text("name", "form-your-name", &input.name)
        .autocomplete("name")
        .hint("form-your-name-hint")
        .error(name_error);
    let mut form = FormView::new(
        "form-guest-heading",
        format!("{}/guest-comment", article_path(slug)),
        "form-guest-submit",
        vec![name],
    );
    form.intro = Some(Words::With("form-guest-intro", vec![("headline", article.summary.headline.clone())]));
    form.textarea = Some(("body", "your-comment", input.body.clone()));
    form.error = form_error;
    form.links = vec![("/signin", "form-sign-in-instead")];
    // The story's language, as its comments bar speaks.
    let chrome = state.chrome(&article.summary.language, &form.action, maybe.0.as_ref(), csrf).await?;
    let mut response = form_page(FormPage { chrome, form }.render()?);
    if let Some(refusal) = refusal {
        *response.status_mut() = match refusal {
            Refusal::TooFast(_) => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
    }
    Ok(response)
}

/// `GET /articles/{slug}/guest-comment`
pub async fn show_form(
    State(state): State<AppState>,
    maybe: MaybeViewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let article = open_article(&state, &slug).await?;
    render_form(&state, &maybe, &csrf, &article, &GuestForm::default(), None).await
}

/// `POST /articles/{slug}/guest-comment`: held for review, or the form back
/// with the reason and the text kept.
pub async fn post_comment(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    maybe: MaybeViewer,
    csrf: CsrfToken,
    Path(slug): Path<String>,
    PostedForm(input): PostedForm<GuestForm>,
) -> Result<Response, AppError> {
    let article = open_article(&state, &slug).await?;
    match state
        .app
        .post_guest_comment(&article.summary, &input.name, &input.body, &client.to_string())
        .await
        .map_err(ActionError::from)
    {
        Ok(posted) => {
            tracing::info!(comment_id = posted.id, "guest comment held for review");
            let message = Words::With("form-guest-thanks", vec![("headline", article.summary.headline.clone())]);
            render_notice(&state, maybe.0.as_ref(), &csrf, StatusCode::OK, "form-thank-you", message, None).await
        }
        Err(ActionError::Refused(Refusal::NotFound)) => Err(AppError::NotFound),
        Err(ActionError::Refused(refusal)) => render_form(&state, &maybe, &csrf, &article, &input, Some(refusal)).await,
        Err(ActionError::Failed(err)) => Err(err),
    }
}
