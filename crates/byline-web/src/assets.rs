//! Static assets embedded in the binary, served under content-hashed names
//! so browsers may keep them forever.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub struct Asset {
    /// The URL path, such as `/static/site.3f2a9c1b7d.css`.
    pub path: String,
    content_type: &'static str,
    bytes: &'static [u8],
}

fn asset(stem: &str, ext: &str, content_type: &'static str, bytes: &'static [u8]) -> Asset {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    Asset { path: format!("/static/{stem}.{hash}.{ext}"), content_type, bytes }
}

pub static STYLESHEET: LazyLock<Asset> =
    LazyLock::new(|| asset("site", "css", "text/css; charset=utf-8", include_bytes!("../assets/site.css")));
pub static COMMENTS_JS: LazyLock<Asset> = LazyLock::new(|| {
    asset("comments", "js", "text/javascript; charset=utf-8", include_bytes!("../assets/comments.js"))
});
/// The framed comments bar's own script: its height for the host page,
/// and sign-in by popup or by the host site's token.
pub static FRAME_JS: LazyLock<Asset> =
    LazyLock::new(|| asset("frame", "js", "text/javascript; charset=utf-8", include_bytes!("../assets/frame.js")));
pub static MODERATION_JS: LazyLock<Asset> = LazyLock::new(|| {
    asset("moderation", "js", "text/javascript; charset=utf-8", include_bytes!("../assets/moderation.js"))
});
pub static DESK_JS: LazyLock<Asset> =
    LazyLock::new(|| asset("desk", "js", "text/javascript; charset=utf-8", include_bytes!("../assets/desk.js")));
pub static ICON: LazyLock<Asset> =
    LazyLock::new(|| asset("icon", "svg", "image/svg+xml", include_bytes!("../assets/icon.svg")));

/// The site's logo for search engines and feed readers, which want a
/// raster image; a site may name its own (`site.logo_url`).
pub static LOGO: LazyLock<Asset> =
    LazyLock::new(|| asset("logo", "png", "image/png", include_bytes!("../assets/logo.png")));

/// `GET /static/{name}`: only the current hashed names exist.
pub async fn serve_asset(Path(name): Path<String>) -> Response {
    let path = format!("/static/{name}");
    let Some(asset) = [&*STYLESHEET, &*ICON, &*LOGO, &*COMMENTS_JS, &*FRAME_JS, &*MODERATION_JS, &*DESK_JS]
        .into_iter()
        .find(|a| a.path == path)
    else {
        // Cheap, as asked for often by scanners: no page, no database.
        let mut missing =
            (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], "not found")
                .into_response();
        missing.extensions_mut().insert(crate::error::AsItIs);
        return missing;
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ],
        asset.bytes,
    )
        .into_response()
}
