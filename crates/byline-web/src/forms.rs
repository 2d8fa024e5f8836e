//! Form pages: the view models behind every account form, so a form that
//! comes back with errors keeps what the person typed (never passwords).

use askama::Template;

use crate::views::Chrome;

/// One input and what to say about it.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
    pub value: String,
    pub autocomplete: &'static str,
    pub hint: Option<&'static str>,
    pub error: Option<String>,
    pub required: bool,
}

impl Field {
    pub fn text(name: &'static str, label: &'static str, value: &str) -> Self {
        Self {
            name,
            label,
            kind: "text",
            value: value.to_owned(),
            autocomplete: "off",
            hint: None,
            error: None,
            required: true,
        }
    }

    pub fn email(name: &'static str, label: &'static str, value: &str) -> Self {
        Self { kind: "email", autocomplete: "email", ..Self::text(name, label, value) }
    }

    /// Password fields are never refilled.
    pub fn password(name: &'static str, label: &'static str, autocomplete: &'static str) -> Self {
        Self { kind: "password", autocomplete, ..Self::text(name, label, "") }
    }

    pub fn autocomplete(mut self, value: &'static str) -> Self {
        self.autocomplete = value;
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn error(mut self, error: Option<String>) -> Self {
        self.error = error;
        self
    }
}

/// A secondary form on the same page (such as "e-mail me a link").
pub struct ExtraForm {
    pub heading: &'static str,
    pub intro: Option<String>,
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: &'static str,
}

pub struct FormView {
    pub heading: &'static str,
    pub intro: Option<String>,
    /// A message about the whole form.
    pub error: Option<String>,
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: &'static str,
    pub extras: Vec<ExtraForm>,
    pub links: Vec<(&'static str, &'static str)>,
    /// A text area after the fields: name, label, text.
    pub textarea: Option<(&'static str, &'static str, String)>,
}

impl FormView {
    pub fn new(heading: &'static str, action: impl Into<String>, submit: &'static str, fields: Vec<Field>) -> Self {
        Self {
            heading,
            intro: None,
            error: None,
            action: action.into(),
            fields,
            submit,
            extras: Vec::new(),
            links: Vec::new(),
            textarea: None,
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/form.html")]
pub struct FormPage {
    pub chrome: Chrome,
    pub form: FormView,
}

/// A page that tells the reader something, optionally with one button
/// that POSTs (used to confirm e-mailed links, which must not act on GET).
#[derive(Template)]
#[template(path = "accounts/notice.html")]
pub struct NoticePage {
    pub chrome: Chrome,
    pub heading: &'static str,
    pub message: String,
    pub confirm_action: Option<String>,
    pub confirm_label: &'static str,
}

/// A submitted form. Unlike axum's own `Form`, a body that cannot be read
/// (not UTF-8, not a form) is answered with the site's 400 page rather than
/// a bare message.
pub struct PostedForm<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for PostedForm<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = crate::error::AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(Self(value)),
            Err(rejection) => {
                tracing::info!(%rejection, "unreadable form refused");
                Err(crate::error::AppError::BadRequest(
                    "The form could not be read. Please go back, check what you typed and send it again.",
                ))
            }
        }
    }
}
