//! Lossy WebP through libwebp's one-call encoder, which writes only the
//! image chunks (`VP8 `, or `VP8X` + `ALPH` + `VP8 ` with alpha): no Exif,
//! XMP or ICC.

use std::ffi::c_int;

/// Encodes tightly packed RGB or RGBA pixels; `None` if libwebp refuses
/// (dimensions over 16,383, or out of memory).
pub(crate) fn encode(data: &[u8], width: u32, height: u32, alpha: bool, quality: f32) -> Option<Vec<u8>> {
    let channels: usize = if alpha { 4 } else { 3 };
    let w = c_int::try_from(width).ok()?;
    let h = c_int::try_from(height).ok()?;
    let stride = c_int::try_from(width as usize * channels).ok()?;
    if data.len() != width as usize * height as usize * channels || width == 0 || height == 0 {
        return None;
    }
    let mut out: *mut u8 = std::ptr::null_mut();
    // SAFETY: `data` holds exactly `height` rows of `stride` bytes (checked
    // above); libwebp only reads it, and on success hands back a buffer of
    // `size` bytes that we copy and then free with `WebPFree`.
    let size = unsafe {
        if alpha {
            libwebp_sys::WebPEncodeRGBA(data.as_ptr(), w, h, stride, quality, &mut out)
        } else {
            libwebp_sys::WebPEncodeRGB(data.as_ptr(), w, h, stride, quality, &mut out)
        }
    };
    if out.is_null() {
        return None;
    }
    // SAFETY: libwebp allocated `out` with `size` bytes and we own it.
    unsafe {
        let copy = (size > 0).then(|| std::slice::from_raw_parts(out, size).to_vec());
        libwebp_sys::WebPFree(out.cast());
        copy
    }
}
