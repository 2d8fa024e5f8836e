//! Form pages: the view models behind every account form, so a form that
//! comes back with errors keeps what the person typed (never passwords).

use askama::Template;

use byline_app::Refusal;
use byline_app::accounts::Mistake;

use crate::i18n::Locale;
use crate::layout::Chrome;

pub mod upload;

/// Words a form page says that are not fixed: a message, a message with
/// text or a count, a refusal or a field's mistake, each said in the
/// page's language when the page is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Words {
    Message(&'static str),
    /// A message with text arguments (an address, a number written out).
    With(&'static str, Vec<(&'static str, String)>),
    /// A message about a number of things, which chooses its plural form.
    Count(&'static str, i64),
    Refused(Refusal),
    Mistake(Mistake),
    /// Words of a page the catalogue does not speak yet (the admin's).
    Text(String),
}

impl Words {
    /// The words in `i18n`'s language.
    pub fn say(&self, i18n: &Locale) -> String {
        match self {
            Self::Message(id) => i18n.t(id),
            Self::With(id, values) => {
                let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
                i18n.with(id, &values)
            }
            Self::Count(id, n) => i18n.count(id, n),
            Self::Refused(refusal) => i18n.refusal(refusal),
            Self::Mistake(mistake) => i18n.mistake(mistake),
            Self::Text(text) => text.clone(),
        }
    }
}

impl From<Refusal> for Words {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl From<Mistake> for Words {
    fn from(mistake: Mistake) -> Self {
        Self::Mistake(mistake)
    }
}

/// One input and what to say about it. Its label and hint are message
/// ids.
pub struct Field {
    pub name: &'static str,
    /// The input's id, its name unless the page holds two fields of that
    /// name (ids are unique on a page, or a label focuses the wrong field).
    pub id: String,
    pub label: &'static str,
    pub kind: &'static str,
    pub value: String,
    pub autocomplete: &'static str,
    pub hint: Option<&'static str>,
    pub error: Option<Words>,
    pub required: bool,
}

impl Field {
    pub fn text(name: &'static str, label: &'static str, value: &str) -> Self {
        Self {
            name,
            id: name.to_owned(),
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

    /// Sets the id apart from a field of the same name in another form.
    pub fn id_prefix(mut self, prefix: &str) -> Self {
        self.id = format!("{prefix}{}", self.name);
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn error(mut self, error: Option<impl Into<Words>>) -> Self {
        self.error = error.map(Into::into);
        self
    }
}

/// A secondary form on the same page (such as "e-mail me a link"); its
/// heading and button are message ids.
pub struct ExtraForm {
    pub heading: &'static str,
    pub intro: Option<Words>,
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: &'static str,
}

/// A form page's parts; every `&'static str` of words is a message id.
pub struct FormView {
    pub heading: &'static str,
    pub intro: Option<Words>,
    /// A message about the whole form.
    pub error: Option<Words>,
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: &'static str,
    pub extras: Vec<ExtraForm>,
    /// Links after the form: where, and the message saying it.
    pub links: Vec<(&'static str, &'static str)>,
    /// A text area after the fields: name, label, text.
    pub textarea: Option<(&'static str, &'static str, String)>,
    /// Other sites to sign in with, one button each: where it posts, and
    /// the site's name.
    pub providers: Vec<(String, String)>,
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
            providers: Vec::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "forms/form.html")]
pub struct FormPage {
    pub chrome: Chrome,
    pub form: FormView,
}

/// A page that tells the reader something, optionally with one button
/// that POSTs (used to confirm e-mailed links, which must not act on GET).
/// Its heading and labels are message ids.
#[derive(Template)]
#[template(path = "forms/notice.html")]
pub struct NoticePage {
    pub chrome: Chrome,
    pub heading: &'static str,
    pub message: Words,
    pub confirm_action: Option<String>,
    pub confirm_label: &'static str,
    /// Where the reader goes on to, and the message saying it.
    pub go_on: (&'static str, &'static str),
}

/// A notice's way on: the front page.
pub const TO_FRONT_PAGE: (&str, &str) = ("/", "go-to-front-page");

/// What a reader is told when a form body cannot be read.
const UNREADABLE: &str = "The form could not be read. Please go back, check what you typed and send it again.";

/// A submitted form. Unlike axum's own `Form`, a body that cannot be read
/// (not a form, or text that is not UTF-8) is answered with the site's 400
/// page rather than a bare message, and never read half-way.
pub struct PostedForm<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for PostedForm<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = crate::error::AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        use crate::error::AppError;
        let is_form = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest(UNREADABLE));
        }
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|_| AppError::PayloadTooLarge)?;
        parse_form(&bytes).map(Self)
    }
}

/// Reads a URL-encoded form body into `T`, as [`PostedForm`] does once it
/// holds the whole body: text that is not UTF-8 once decoded, or a body
/// that does not fit `T`, is a 400 with the site's page. Apart from the
/// extractor so that it can be tested and fuzzed without HTTP.
pub fn parse_form<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, crate::error::AppError> {
    use crate::error::AppError;
    if !form_is_utf8(bytes) {
        tracing::info!("form with text that is not UTF-8 refused");
        return Err(AppError::BadRequest(
            "The form held text that is not valid UTF-8. Please go back, check what you typed and send it again.",
        ));
    }
    serde_html_form::from_bytes(bytes).map_err(|err| {
        tracing::info!(error = %err, "unreadable form refused");
        AppError::BadRequest(UNREADABLE)
    })
}

/// Whether every name and value of a URL-encoded form is UTF-8 once
/// decoded (browsers only send UTF-8 for a UTF-8 page).
fn form_is_utf8(bytes: &[u8]) -> bool {
    bytes.split(|b| *b == b'&').all(|pair| {
        let decoded: Vec<u8> = percent_encoding::percent_decode(pair).collect();
        std::str::from_utf8(&decoded).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::{form_is_utf8, parse_form};
    use crate::error::AppError;

    #[test]
    fn forms_must_be_utf8_once_decoded() {
        assert!(form_is_utf8(b"body=%D8%B3%D9%84%D8%A7%D9%85&name=a+b"));
        assert!(form_is_utf8(b"body=%25FF&x"));
        assert!(!form_is_utf8(b"body=%FF%FE"));
        assert!(!form_is_utf8(b"body=ok&name=\xff"));
        assert!(!form_is_utf8(b"body=%D8"));
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Sample {
        body: String,
        #[serde(default)]
        ids: Vec<i64>,
    }

    #[test]
    fn form_bodies_are_read_or_refused_with_the_sites_page() {
        let read: Sample = parse_form(b"body=a+%C3%A9&ids=1&ids=2").unwrap();
        assert_eq!(read, Sample { body: "a é".into(), ids: vec![1, 2] });
        assert!(matches!(parse_form::<Sample>(b"body=%FF"), Err(AppError::BadRequest(_))));
        assert!(matches!(parse_form::<Sample>(b"ids=1"), Err(AppError::BadRequest(_))));
        assert!(matches!(parse_form::<Sample>(b"body=x&ids=one"), Err(AppError::BadRequest(_))));
    }
}
