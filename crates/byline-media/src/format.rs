//! The three formats a photograph may arrive in, told apart by their first
//! bytes and never by a file name.

use std::fmt;
use std::str::FromStr;

/// A format Byline accepts and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The stable lower-case name, as stored and as used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jpeg => "jpeg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }

    /// The media type to send in `Content-Type`.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    /// The usual file-name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }

    /// Tells the format from the file's magic number, if it is one of ours.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name given was not one of `jpeg`, `jpg`, `png` or `webp`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown image format {0:?}")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "jpeg" | "jpg" | "image/jpeg" => Ok(Self::Jpeg),
            "png" | "image/png" => Ok(Self::Png),
            "webp" | "image/webp" => Ok(Self::Webp),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

/// Recognises other image and document formats, so that an upload of one can
/// be told "not accepted" rather than "not an image".
pub(crate) fn is_other_image(bytes: &[u8]) -> bool {
    const MAGICS: [&[u8]; 9] =
        [b"GIF87a", b"GIF89a", b"BM", b"II*\0", b"MM\0*", b"\0\0\x01\0", b"8BPS", b"qoif", b"\xFF\x0A"];
    if MAGICS.iter().any(|m| bytes.starts_with(m)) {
        return true;
    }
    // HEIF/HEIC/AVIF: an ISO BMFF `ftyp` box naming an image brand.
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"heic" | b"heix" | b"mif1" | b"msf1" | b"avif" | b"avis")
}
