//! The resized copies a page serves: a set of widths, each in WebP and in
//! the upload's own format, re-encoded from pixels so no metadata survives.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};

use image::metadata::Orientation;

use crate::decode::{Pixels, swaps_sides, turn_upright};
use crate::{Format, MediaError, Variant, webp_encode};

/// The widths a page may ask for, narrowest first.
pub const WIDTHS: [u32; 6] = [320, 640, 960, 1280, 1920, 2560];

/// The widest copy made; a wider photograph is scaled down to this.
pub const MAX_WIDTH: u32 = 2560;

/// Quality of the lossy WebP copies (0–100).
pub const WEBP_QUALITY: f32 = 80.0;

/// Quality of the JPEG copies (1–100).
pub const JPEG_QUALITY: u8 = 82;

/// The widths made for an image `width` pixels wide, narrowest first: every
/// standard width narrower than it, and its own width capped at
/// [`MAX_WIDTH`].
pub fn variant_widths(width: u32) -> Vec<u32> {
    let top = width.min(MAX_WIDTH);
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < top).collect();
    widths.push(top);
    widths
}

/// The height that keeps the aspect ratio at `new_width`, at least 1.
pub fn scaled_height(width: u32, height: u32, new_width: u32) -> u32 {
    let h = (u64::from(height) * u64::from(new_width) + u64::from(width) / 2) / u64::from(width.max(1));
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

/// Makes every variant, narrowest first, WebP before the upload's format.
///
/// `pixels` are as stored; `orientation` turns them upright. The widest
/// copy is made first, in the stored orientation, and only it is turned
/// upright; the full-size pixels are dropped as soon as it exists, and the
/// narrower copies are resized from it. A 12-megapixel upload so never
/// holds more than its decoded pixels plus one copy at a time.
pub(crate) fn make(pixels: Pixels, orientation: Orientation, upload: Format) -> Result<Vec<Variant>, MediaError> {
    let swaps = swaps_sides(orientation);
    let (full_width, full_height) = if swaps { (pixels.height, pixels.width) } else { (pixels.width, pixels.height) };
    let widths = variant_widths(full_width);
    // Heights always come from the full-size aspect ratio, not from the
    // (already rounded) widest copy.
    let height_at = |width| scaled_height(full_width, full_height, width);
    let top = widths.last().copied().unwrap_or(full_width);
    let stored = if top == full_width {
        pixels
    } else {
        let (w, h) = if swaps { (height_at(top), top) } else { (top, height_at(top)) };
        let widest = resize(&pixels, w, h)?;
        drop(pixels);
        widest
    };
    let base = turn_upright(stored, orientation)?;
    let mut resizer = Resizer::new();
    let mut variants = Vec::with_capacity(widths.len() * 2);
    for &width in widths.iter().rev() {
        let copy;
        let source = if width == base.width {
            &base
        } else {
            copy = resize_with(&mut resizer, &base, width, height_at(width))?;
            &copy
        };
        let own = match upload {
            Format::Jpeg => Some((Format::Jpeg, encode_jpeg(source)?)),
            Format::Png => Some((Format::Png, encode_png(source)?)),
            Format::Webp => None,
        };
        if let Some((format, bytes)) = own {
            variants.push(Variant { width: source.width, height: source.height, format, bytes });
        }
        let webp = webp_encode::encode(&source.data, source.width, source.height, source.alpha, WEBP_QUALITY)
            .ok_or(MediaError::Encode)?;
        variants.push(Variant { width: source.width, height: source.height, format: Format::Webp, bytes: webp });
    }
    variants.reverse();
    Ok(variants)
}

fn resize(pixels: &Pixels, width: u32, height: u32) -> Result<Pixels, MediaError> {
    resize_with(&mut Resizer::new(), pixels, width, height)
}

/// Lanczos3, with alpha premultiplied during the resize so edges of
/// transparent areas do not darken.
fn resize_with(resizer: &mut Resizer, pixels: &Pixels, width: u32, height: u32) -> Result<Pixels, MediaError> {
    let pixel_type = if pixels.alpha { PixelType::U8x4 } else { PixelType::U8x3 };
    let src = ImageRef::new(pixels.width, pixels.height, &pixels.data, pixel_type).map_err(|_| MediaError::Encode)?;
    let mut dst = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    resizer.resize(&src, &mut dst, &options).map_err(|_| MediaError::Encode)?;
    Ok(Pixels { width, height, alpha: pixels.alpha, data: dst.into_vec() })
}

fn encode_jpeg(pixels: &Pixels) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let rgb;
    let data = if pixels.alpha {
        rgb = drop_alpha(&pixels.data);
        &rgb
    } else {
        &pixels.data
    };
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .write_image(data, pixels.width, pixels.height, ExtendedColorType::Rgb8)
        .map_err(|_| MediaError::Encode)?;
    Ok(out)
}

fn drop_alpha(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect()
}

fn encode_png(pixels: &Pixels) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let color = if pixels.alpha { ExtendedColorType::Rgba8 } else { ExtendedColorType::Rgb8 };
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, image::codecs::png::FilterType::Adaptive)
        .write_image(&pixels.data, pixels.width, pixels.height, color)
        .map_err(|_| MediaError::Encode)?;
    Ok(out)
}
