//! Photographs that must be accepted, and the copies made of them.

use byline_media::{Format, Limits, Processed, process, scaled_height};
use image::{ColorType, ExtendedColorType, ImageFormat};

use crate::corpus;

/// Decodes every variant back and checks that it is what it claims: the
/// format from its bytes, its dimensions, and the aspect ratio of the
/// upload; returns the colour type of each.
fn check_variants(p: &Processed, upload: Format, expected_widths: &[u32]) -> Vec<ColorType> {
    let mut colours = Vec::new();
    let mut widths = Vec::new();
    for v in &p.variants {
        let decoded = image::load_from_memory(&v.bytes).unwrap();
        let actual = image::guess_format(&v.bytes).unwrap();
        let expected = match v.format {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::Webp => ImageFormat::WebP,
        };
        assert_eq!(actual, expected, "a {} variant is really {actual:?}", v.format);
        assert_eq!((decoded.width(), decoded.height()), (v.width, v.height), "{} {}", v.format, v.width);
        assert_eq!(v.height, scaled_height(p.width, p.height, v.width));
        let aspect = f64::from(v.width) / f64::from(v.height);
        let original = f64::from(p.width) / f64::from(p.height);
        assert!((aspect / original - 1.0).abs() < 0.02 || v.height < 50, "aspect {aspect} vs {original}");
        assert!(v.format == Format::Webp || v.format == upload, "{} copy of a {upload} upload", v.format);
        if !widths.contains(&v.width) {
            widths.push(v.width);
        }
        colours.push(decoded.color());
    }
    assert_eq!(widths, expected_widths);
    let per_width = if upload == Format::Webp { 1 } else { 2 };
    assert_eq!(p.variants.len(), expected_widths.len() * per_width);
    colours
}

#[test]
fn a_large_jpeg_gets_every_width_up_to_2560_in_jpeg_and_webp() {
    let p = process(&corpus::jpeg(2800, 700), &Limits::default()).unwrap();
    assert_eq!((p.width, p.height, p.format), (2800, 700, Format::Jpeg));
    check_variants(&p, Format::Jpeg, &[320, 640, 960, 1280, 1920, 2560]);
    let widest = p.variants.iter().find(|v| v.width == 2560 && v.format == Format::Jpeg).unwrap();
    assert_eq!(widest.height, 640);
}

#[test]
fn a_medium_jpeg_keeps_its_own_width_as_the_largest_copy() {
    let p = process(&corpus::jpeg(1000, 750), &Limits::default()).unwrap();
    let colours = check_variants(&p, Format::Jpeg, &[320, 640, 960, 1000]);
    assert!(colours.iter().all(|c| *c == ColorType::Rgb8), "{colours:?}");
}

#[test]
fn a_jpeg_exactly_at_a_standard_width_is_not_made_twice() {
    let p = process(&corpus::jpeg(640, 427), &Limits::default()).unwrap();
    check_variants(&p, Format::Jpeg, &[320, 640]);
}

#[test]
fn an_image_narrower_than_every_standard_width_gets_one_size() {
    let p = process(&corpus::jpeg(200, 100), &Limits::default()).unwrap();
    check_variants(&p, Format::Jpeg, &[200]);
}

#[test]
fn a_tall_narrow_panorama_keeps_its_aspect() {
    let p = process(&corpus::png(700, 1500, ExtendedColorType::Rgb8), &Limits::default()).unwrap();
    check_variants(&p, Format::Png, &[320, 640, 700]);
    let narrow = &p.variants[0];
    assert_eq!((narrow.width, narrow.height), (320, 686));
}

#[test]
fn grey_and_progressive_jpegs_are_accepted_as_colour_jpegs() {
    for (name, bytes) in [("grey", corpus::jpeg_grey(700, 500)), ("progressive", corpus::jpeg_progressive(700, 500))] {
        let p = process(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let colours = check_variants(&p, Format::Jpeg, &[320, 640, 700]);
        assert!(colours.iter().all(|c| *c == ColorType::Rgb8), "{name}: {colours:?}");
    }
}

/// Why CMYK JPEGs are refused: with the decoder of the day, the far corner
/// of this file (libjpeg reads it as about (195, 193, 159)) comes out black.
/// When this passes, CMYK uploads can be accepted again.
#[test]
#[ignore = "zune-jpeg 0.5.15 decodes parts of this CMYK JPEG as black"]
fn the_jpeg_decoder_reads_cmyk_colours_faithfully() {
    let img = image::load_from_memory(&corpus::jpeg_cmyk(320, 200)).unwrap().into_rgb8();
    let far = img.get_pixel(317, 197);
    assert!(far[0] > 150 && far[1] > 150 && far[2] > 120, "far corner {far:?}");
}

#[test]
fn png_colour_types_become_8_bit_rgb_or_rgba() {
    for (color, alpha) in [
        (ExtendedColorType::Rgb8, false),
        (ExtendedColorType::Rgba8, true),
        (ExtendedColorType::L8, false),
        (ExtendedColorType::La8, true),
        (ExtendedColorType::Rgb16, false),
        (ExtendedColorType::Rgba16, true),
    ] {
        let p = process(&corpus::png(700, 400, color), &Limits::default()).unwrap_or_else(|e| panic!("{color:?}: {e}"));
        let colours = check_variants(&p, Format::Png, &[320, 640, 700]);
        let want = if alpha { ColorType::Rgba8 } else { ColorType::Rgb8 };
        for (v, c) in p.variants.iter().zip(&colours) {
            // The WebP decoder reports RGB or RGBA by whether there is alpha.
            assert_eq!(*c, want, "{color:?}: {} {}", v.format, v.width);
        }
    }
}

#[test]
fn transparent_areas_stay_transparent() {
    let p = process(&corpus::png(800, 200, ExtendedColorType::Rgba8), &Limits::default()).unwrap();
    for v in &p.variants {
        let img = image::load_from_memory(&v.bytes).unwrap().into_rgba8();
        let left = img.get_pixel(0, v.height / 2)[3];
        let right = img.get_pixel(v.width - 1, v.height / 2)[3];
        assert!(left > 230 && right < 25, "{} {}: alpha {left} → {right}", v.format, v.width);
    }
}

#[test]
fn webp_uploads_get_webp_copies_only() {
    for (name, bytes, alpha) in [
        ("lossy", corpus::webp_lossy(960, 640), false),
        ("lossless", corpus::webp_lossless(700, 400, false), false),
        ("lossless with alpha", corpus::webp_lossless(700, 400, true), true),
    ] {
        let p = process(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(p.format, Format::Webp);
        let expected: &[u32] = if p.width == 960 { &[320, 640, 960] } else { &[320, 640, 700] };
        let colours = check_variants(&p, Format::Webp, expected);
        assert!(colours.iter().all(|c| c.has_alpha() == alpha), "{name}: {colours:?}");
    }
}

#[test]
fn lossy_webp_copies_are_much_smaller_than_lossless_would_be() {
    let p = process(&corpus::jpeg(1280, 853), &Limits::default()).unwrap();
    let webp = p.variants.iter().find(|v| v.format == Format::Webp && v.width == 1280).unwrap();
    let lossless = corpus::webp_lossless(1280, 853, false);
    assert!(webp.bytes.len() * 3 < lossless.len(), "lossy {} vs lossless {}", webp.bytes.len(), lossless.len());
    // A VP8 (lossy) bitstream, not VP8L.
    assert_eq!(&webp.bytes[12..16], b"VP8 ");
}

/// A stored JPEG, left half red and right half blue, with Exif
/// orientation 6 ("rotate 90° clockwise to display"): upright it is red on
/// top and blue below.
fn red_left_blue_right_phone_photo(w: u32, h: u32) -> Vec<u8> {
    let rgb: Vec<u8> = (0..w * h).flat_map(|i| if i % w < w / 2 { [220, 20, 20] } else { [20, 20, 220] }).collect();
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .encode(&rgb, w, h, ExtendedColorType::Rgb8)
        .unwrap();
    corpus::jpeg_with_metadata(&plain, 6)
}

fn assert_red_on_top(p: &Processed) {
    for v in &p.variants {
        let img = image::load_from_memory(&v.bytes).unwrap().into_rgb8();
        let top = img.get_pixel(v.width / 2, v.height / 4);
        let bottom = img.get_pixel(v.width / 2, v.height * 3 / 4);
        assert!(top[0] > 150 && top[2] < 80, "{} {}: top {top:?}", v.format, v.width);
        assert!(bottom[2] > 150 && bottom[0] < 80, "{} {}: bottom {bottom:?}", v.format, v.width);
    }
}

#[test]
fn orientation_6_turns_a_phone_photo_upright() {
    let p = process(&red_left_blue_right_phone_photo(400, 200), &Limits::default()).unwrap();
    assert_eq!((p.width, p.height), (200, 400));
    check_variants(&p, Format::Jpeg, &[200]);
    assert_red_on_top(&p);
}

#[test]
fn a_rotated_photo_wider_than_2560_upright_is_scaled_then_turned() {
    // Stored 900 × 2700; upright 2700 × 900, so the widest copy is 2560.
    let p = process(&red_left_blue_right_phone_photo(900, 2700), &Limits::default()).unwrap();
    assert_eq!((p.width, p.height), (2700, 900));
    check_variants(&p, Format::Jpeg, &[320, 640, 960, 1280, 1920, 2560]);
    assert_red_on_top(&p);
}

#[test]
fn orientation_in_png_and_webp_exif_is_applied_too() {
    let png = corpus::png_with_metadata(&corpus::png(300, 100, ExtendedColorType::Rgb8), 8);
    assert_eq!(process(&png, &Limits::default()).map(|p| (p.width, p.height)).unwrap(), (100, 300));
    let webp = corpus::webp_with_metadata(&corpus::webp_lossless(300, 100, false), 300, 100, false, 6);
    assert_eq!(process(&webp, &Limits::default()).map(|p| (p.width, p.height)).unwrap(), (100, 300));
}

#[test]
fn format_names_types_and_extensions_are_stable() {
    for (f, name, mime, ext) in [
        (Format::Jpeg, "jpeg", "image/jpeg", "jpg"),
        (Format::Png, "png", "image/png", "png"),
        (Format::Webp, "webp", "image/webp", "webp"),
    ] {
        assert_eq!((f.as_str(), f.mime(), f.extension()), (name, mime, ext));
        assert_eq!(name.parse::<Format>().unwrap(), f);
        assert_eq!(ext.parse::<Format>().unwrap(), f);
        assert_eq!(f.to_string(), name);
    }
    assert!("gif".parse::<Format>().is_err());
}
