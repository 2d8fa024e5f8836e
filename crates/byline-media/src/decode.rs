//! Decoding an upload that has passed the header checks into 8-bit pixels,
//! with the decoder's own limits set as a second line of defence, and
//! turning pixels upright by the upload's Exif orientation.

use std::io::{Cursor, ErrorKind};
use std::panic::{AssertUnwindSafe, catch_unwind};

use image::codecs::jpeg::JpegDecoder;
use image::codecs::png::PngDecoder;
use image::codecs::webp::WebPDecoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageBuffer, ImageDecoder, ImageError, Rgb, Rgba};

use crate::container::Header;
use crate::{Format, Limits, MediaError};

/// Pixels, three (RGB) or four (RGBA) bytes each, rows top to bottom.
pub(crate) struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

/// Decodes `bytes`, whose header said `header`, into pixels as stored (RGB
/// for a JPEG or an opaque image, RGBA when a PNG or WebP has an alpha
/// channel) and the orientation that turns them upright.
///
/// Turning upright is left to the caller so that it can be done after
/// scaling down, on a quarter of the pixels.
pub(crate) fn decode(
    bytes: &[u8],
    format: Format,
    header: Header,
    limits: &Limits,
) -> Result<(Pixels, Orientation), MediaError> {
    // The decoders are fuzzed upstream, but a panic on a hostile file must
    // still end as a refusal, not a crashed request.
    catch_unwind(AssertUnwindSafe(|| decode_unguarded(bytes, format, limits)))
        .unwrap_or(Err(MediaError::Corrupt))
        .map_err(|e| match e {
            MediaError::TooManyPixels { .. } => {
                MediaError::TooManyPixels { width: header.width, height: header.height }
            }
            other => other,
        })
}

fn decode_unguarded(bytes: &[u8], format: Format, limits: &Limits) -> Result<(Pixels, Orientation), MediaError> {
    let reader = Cursor::new(bytes);
    let decoder_limits = image_limits(limits);
    let max_alloc = limits.max_alloc;
    let (image, orientation) = match format {
        Format::Jpeg => read(JpegDecoder::new(reader).map_err(from_image)?, decoder_limits, max_alloc)?,
        Format::Png => read(
            PngDecoder::with_limits(reader, decoder_limits.clone()).map_err(from_image)?,
            decoder_limits,
            max_alloc,
        )?,
        Format::Webp => read(WebPDecoder::new(reader).map_err(from_image)?, decoder_limits, max_alloc)?,
    };
    let alpha = format != Format::Jpeg && image.color().has_alpha();
    let (width, height) = (image.width(), image.height());
    // A no-op for the usual RGB8 JPEG; 16-bit and grey images become 8-bit
    // RGB(A) here, and the decoder's buffer is dropped.
    let data = if alpha { image.into_rgba8().into_raw() } else { image.into_rgb8().into_raw() };
    Ok((Pixels { width, height, alpha, data }, orientation))
}

/// Whether `orientation` turns the picture a quarter, swapping its sides.
pub(crate) fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// Applies `orientation` to `pixels`.
pub(crate) fn turn_upright(pixels: Pixels, orientation: Orientation) -> Result<Pixels, MediaError> {
    if orientation == Orientation::NoTransforms {
        return Ok(pixels);
    }
    let Pixels { width, height, alpha, data } = pixels;
    let mut image = if alpha {
        ImageBuffer::<Rgba<u8>, _>::from_raw(width, height, data).map(DynamicImage::ImageRgba8)
    } else {
        ImageBuffer::<Rgb<u8>, _>::from_raw(width, height, data).map(DynamicImage::ImageRgb8)
    }
    .ok_or(MediaError::Encode)?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let data = if alpha { image.into_rgba8().into_raw() } else { image.into_rgb8().into_raw() };
    Ok(Pixels { width, height, alpha, data })
}

fn read(
    mut decoder: impl ImageDecoder,
    limits: image::Limits,
    max_alloc: u64,
) -> Result<(DynamicImage, Orientation), MediaError> {
    decoder.set_limits(limits).map_err(from_image)?;
    // Not every decoder counts its output against `max_alloc`, so the
    // buffer the decoder says it will fill is checked here too.
    if decoder.total_bytes() > max_alloc {
        return Err(MediaError::TooManyPixels { width: 0, height: 0 });
    }
    // A broken Exif block only loses the rotation, not the photograph.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(from_image)?;
    Ok((image, orientation))
}

fn image_limits(limits: &Limits) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits.max_side);
    l.max_image_height = Some(limits.max_side);
    l.max_alloc = Some(limits.max_alloc);
    l
}

fn from_image(e: ImageError) -> MediaError {
    match e {
        ImageError::Limits(_) => MediaError::TooManyPixels { width: 0, height: 0 },
        ImageError::IoError(io) if io.kind() == ErrorKind::UnexpectedEof => MediaError::Truncated,
        ImageError::Unsupported(_) => MediaError::Unsupported,
        _ => MediaError::Corrupt,
    }
}
