//! Forms that may carry a photograph: posted as `multipart/form-data`
//! (or, without a file, URL-encoded as any other form). The text fields
//! are read exactly as [`super::PostedForm`] reads them; the one file
//! comes apart.

use axum::extract::{FromRequest, Multipart, Request};

use super::{UNREADABLE, parse_form};
use crate::AppState;
use crate::error::AppError;
use crate::http::{UPLOAD_SLACK, is_multipart};

/// The file a form carried (a form carries one at most). An empty file
/// input sends no file.
#[derive(Debug)]
pub struct UploadedFile {
    pub bytes: Vec<u8>,
}

/// A form's fields as `T`, and the file it carried, if any.
#[derive(Debug)]
pub struct PostedUpload<T> {
    pub fields: T,
    pub file: Option<UploadedFile>,
}

impl<T> FromRequest<AppState> for PostedUpload<T>
where
    T: serde::de::DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let photo_limit = state.limits.max_upload_bytes.saturating_sub(UPLOAD_SLACK);
        let unreadable = |err: axum::extract::multipart::MultipartError| unreadable(&err, photo_limit);
        if !is_multipart(request.headers()) {
            let super::PostedForm(fields) = super::PostedForm::<T>::from_request(request, state).await?;
            return Ok(Self { fields, file: None });
        }
        let mut form = Multipart::from_request(request, state).await.map_err(|_| AppError::BadRequest(UNREADABLE))?;
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut file = None;
        loop {
            let field = match form.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(err) => return Err(unreadable(err)),
            };
            let name = field.name().unwrap_or_default().to_owned();
            if field.file_name().is_some() {
                let bytes = field.bytes().await.map_err(unreadable)?;
                if !bytes.is_empty() && file.is_none() {
                    file = Some(UploadedFile { bytes: bytes.to_vec() });
                }
            } else {
                let value = field.text().await.map_err(unreadable)?;
                pairs.push((name, value));
            }
        }
        let text = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        let fields = parse_form(text.as_bytes())?;
        Ok(Self { fields, file })
    }
}

/// A multipart body that could not be read: cut off at the size limit
/// (the photograph was too large), or not well formed.
fn unreadable(err: &axum::extract::multipart::MultipartError, photo_limit: usize) -> AppError {
    // axum finds the body limit's own error under the parser's.
    if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::UploadTooLarge(photo_limit);
    }
    tracing::info!(error = %err, "unreadable multipart form refused");
    AppError::BadRequest(UNREADABLE)
}
