//! Photographs on pages: the `<picture>` a story's lead photograph is
//! drawn with (every width in WebP and in the upload's own format, with
//! its size so nothing shifts as it loads), the files themselves served
//! for good, and the desk's media library.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_store::{MediaFile, MediaItem};

use crate::AppState;
use crate::error::AppError;

pub mod library;

/// A photograph as a page draws it.
#[derive(Debug, Clone)]
pub struct Picture {
    /// `srcset` of the WebP files; empty when the upload was itself WebP.
    pub webp_srcset: String,
    /// `srcset` of the files in the upload's own format.
    pub srcset: String,
    /// The file browsers without `srcset` load.
    pub src: String,
    /// The largest file's size, for the aspect ratio.
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// The address a file is served at.
pub fn file_path(file: &MediaFile) -> String {
    format!("/media/{}", file.name)
}

fn srcset<'a>(files: impl Iterator<Item = &'a MediaFile>) -> String {
    files.map(|f| format!("{} {}w", file_path(f), f.width)).collect::<Vec<_>>().join(", ")
}

/// The width a page's default `src` and share cards use, at most.
const SHARE_WIDTH: u32 = 1280;

/// The file to hand to whoever reads no `srcset`: share cards, feeds and
/// old browsers. The widest up to [`SHARE_WIDTH`] in the upload's format
/// (JPEG or PNG, which every reader of them takes), else any.
pub fn share_file(item: &MediaItem) -> Option<&MediaFile> {
    let own: Vec<&MediaFile> = item.files.iter().filter(|f| f.format == item.format).collect();
    let pool = if own.is_empty() { item.files.iter().collect() } else { own };
    pool.iter().filter(|f| f.width <= SHARE_WIDTH).max_by_key(|f| f.width).or_else(|| pool.first()).copied()
}

impl Picture {
    pub fn of(item: &MediaItem) -> Option<Self> {
        let largest = item.files.iter().max_by_key(|f| f.width)?;
        let src = share_file(item)?;
        let own_format = item.files.iter().filter(|f| f.format == item.format);
        let webp = item.files.iter().filter(|f| f.format == "webp");
        let webp_srcset = if item.format == "webp" { String::new() } else { srcset(webp) };
        Some(Self {
            webp_srcset,
            srcset: srcset(own_format),
            src: file_path(src),
            width: largest.width,
            height: largest.height,
            alt: item.alt.clone(),
            caption: item.caption.clone(),
            credit: item.credit.clone(),
        })
    }
}

/// The content type of a file by its name's extension.
pub fn content_type(name: &str) -> Option<&'static str> {
    match name.rsplit_once('.')?.1 {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// Cached for a year, never revalidated: a name is its content's hash.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// `GET /media/{name}`: a file made from an upload.
pub async fn serve_media(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let kind = content_type(&name).ok_or(AppError::NotFound)?;
    let etag = format!("\"{name}\"");
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains(&etag)) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::CACHE_CONTROL, FOREVER)]).into_response());
    }
    let bytes = state.app.media_folder().read(&name).await?.ok_or(AppError::NotFound)?;
    let mut response = bytes.into_response();
    let set = response.headers_mut();
    set.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    set.insert(header::CACHE_CONTROL, HeaderValue::from_static(FOREVER));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        set.insert(header::ETAG, value);
    }
    Ok(response)
}
