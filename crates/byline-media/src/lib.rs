//! Byline's photographs: checks an uploaded JPEG, PNG or WebP, refuses
//! anything else (or anything too big, truncated or damaged) with a reason a
//! writer can act on, turns it upright, and makes resized copies in WebP and
//! in the upload's own format.
//!
//! Every copy is re-encoded from pixels, so no Exif, GPS, XMP, IPTC, ICC or
//! comment block of the upload survives; [`metadata_blocks`] lets tests
//! prove it.
//!
//! Pure computation on bytes: this crate must never do I/O, touch the
//! database or run async code. Dimensions are read from the header and
//! checked against [`Limits`] before any decoder allocates pixels.

mod container;
mod decode;
mod error;
mod format;
mod variants;
mod webp_encode;

pub use container::metadata_blocks;
pub use error::MediaError;
pub use format::{Format, UnknownFormat};
pub use variants::{JPEG_QUALITY, MAX_WIDTH, WEBP_QUALITY, WIDTHS, scaled_height, variant_widths};

/// How much an upload may ask of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Longest side accepted, in pixels.
    pub max_side: u32,
    /// Most pixels (width × height) accepted.
    pub max_pixels: u64,
    /// Most memory a decoder may allocate, in bytes.
    pub max_alloc: u64,
}

impl Default for Limits {
    /// 20 MiB, 16,384 pixels a side, 60 megapixels and 384 MiB: room for any
    /// camera's JPEG, not for a decompression bomb.
    fn default() -> Self {
        Self { max_bytes: 20 * 1024 * 1024, max_side: 16_384, max_pixels: 60_000_000, max_alloc: 384 * 1024 * 1024 }
    }
}

/// One resized copy, ready to store and serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// An accepted upload: its upright size and format, and its copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// Width once turned upright.
    pub width: u32,
    /// Height once turned upright.
    pub height: u32,
    /// The format the upload arrived in.
    pub format: Format,
    /// Narrowest first; at each width the WebP copy, then (for a JPEG or
    /// PNG upload) one in the upload's format.
    pub variants: Vec<Variant>,
}

/// What the checks found before decoding, for a caller that wants to refuse
/// early (say, before storing the upload) without decoding anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub format: Format,
    /// Width as stored, before any Exif rotation.
    pub width: u32,
    /// Height as stored, before any Exif rotation.
    pub height: u32,
}

/// Checks size, format, structure and dimensions, decoding nothing.
pub fn probe(bytes: &[u8], limits: &Limits) -> Result<Probe, MediaError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(MediaError::TooLarge { limit: limits.max_bytes });
    }
    let Some(format) = Format::sniff(bytes) else {
        return Err(if format::is_other_image(bytes) { MediaError::Unsupported } else { MediaError::NotAnImage });
    };
    let header = container::inspect(bytes, format).map_err(|broken| match broken {
        container::Broken::Truncated => MediaError::Truncated,
        container::Broken::Corrupt => MediaError::Corrupt,
        container::Broken::Unsupported => MediaError::Unsupported,
        // zune-jpeg 0.5.15 (the `image` crate's JPEG decoder) turns parts of
        // some CMYK JPEGs black that libjpeg reads correctly; a refusal the
        // writer can fix beats publishing a damaged photograph.
        container::Broken::PrintColours => MediaError::PrintColours,
    })?;
    let (width, height) = (header.width, header.height);
    if width == 0 || height == 0 {
        return Err(MediaError::Empty { width, height });
    }
    if width.max(height) > limits.max_side || u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(MediaError::TooManyPixels { width, height });
    }
    Ok(Probe { format, width, height })
}

/// Checks an upload and makes its copies; see the crate's overview.
pub fn process(bytes: &[u8], limits: &Limits) -> Result<Processed, MediaError> {
    let probe = probe(bytes, limits)?;
    let header = container::Header { width: probe.width, height: probe.height };
    let (pixels, orientation) = decode::decode(bytes, probe.format, header, limits)?;
    let (width, height) =
        if decode::swaps_sides(orientation) { (pixels.height, pixels.width) } else { (pixels.width, pixels.height) };
    let variants = variants::make(pixels, orientation, probe.format)?;
    Ok(Processed { width, height, format: probe.format, variants })
}
