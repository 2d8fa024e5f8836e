//! What can go wrong with an upload, in words a writer on deadline can act on.

/// Why an upload could not be made into a photograph for the site.
///
/// `Display` is written for the person who uploaded the file; `code()` is
/// stable for JSON answers and logs.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("The file is larger than the {} MB limit. Export a smaller copy and upload that.", mebibytes(*.limit))]
    TooLarge { limit: u64 },
    #[error("This file is not a picture. Upload a photograph saved as JPEG, PNG or WebP.")]
    NotAnImage,
    #[error("This kind of picture is not accepted. Save it as JPEG, PNG or WebP and upload it again.")]
    Unsupported,
    #[error(
        "The file stops part of the way through; it may not have finished uploading or copying. Try uploading it again."
    )]
    Truncated,
    #[error(
        "This JPEG is saved in print colours (CMYK). Export it in RGB (sRGB) colours, as for the web, and upload it again."
    )]
    PrintColours,
    #[error("The picture is damaged and cannot be read. Open it on your computer, save a new copy and upload that.")]
    Corrupt,
    #[error(
        "The picture is {width} × {height} pixels, too big to process. Resize it (6,000 pixels on the longest side is plenty for the web) and upload it again."
    )]
    TooManyPixels { width: u32, height: u32 },
    #[error("The picture is {width} × {height} pixels and has no area to show.")]
    Empty { width: u32, height: u32 },
    #[error(
        "The picture was read but its resized copies could not be made. Try again; if it keeps failing, tell the web team."
    )]
    Encode,
}

impl MediaError {
    /// A stable, machine-readable name for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "image_too_large",
            Self::NotAnImage => "not_an_image",
            Self::Unsupported => "image_unsupported",
            Self::PrintColours => "image_print_colours",
            Self::Truncated => "image_truncated",
            Self::Corrupt => "image_corrupt",
            Self::TooManyPixels { .. } => "image_too_many_pixels",
            Self::Empty { .. } => "image_empty",
            Self::Encode => "image_encode_failed",
        }
    }
}

fn mebibytes(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}
