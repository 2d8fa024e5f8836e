//! No metadata of an upload survives into any copy, and the detector that
//! proves it does find metadata where there is some.

use byline_media::{Limits, metadata_blocks, process};
use image::ExtendedColorType;

use crate::corpus;

fn assert_clean_copies(name: &str, upload: &[u8]) {
    let p = process(upload, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(!p.variants.is_empty());
    for v in &p.variants {
        assert_eq!(metadata_blocks(&v.bytes), Vec::<&str>::new(), "{name}: {} {}", v.format, v.width);
        for needle in [&b"Exif"[..], b"GPS", b"xmpmeta", b"51,30", b"Source", b"source", b"8BIM"] {
            assert!(
                !v.bytes.windows(needle.len()).any(|w| w == needle),
                "{name}: {} {} holds {needle:?}",
                v.format,
                v.width
            );
        }
    }
}

#[test]
fn the_detector_finds_exif_gps_xmp_iptc_and_comments_in_a_jpeg() {
    let jpeg = corpus::jpeg_with_metadata(&corpus::jpeg(300, 200), 1);
    assert_eq!(metadata_blocks(&jpeg), ["Exif", "GPS", "XMP", "IPTC", "Comment"]);
    assert_eq!(metadata_blocks(&corpus::jpeg(300, 200)), Vec::<&str>::new());
}

#[test]
fn the_detector_finds_exif_gps_xmp_and_text_in_a_png() {
    let png = corpus::png_with_metadata(&corpus::png(300, 200, ExtendedColorType::Rgb8), 1);
    assert_eq!(metadata_blocks(&png), ["Exif", "GPS", "XMP", "Text"]);
    let mut with_icc = corpus::png(30, 20, ExtendedColorType::Rgb8);
    with_icc.splice(33..33, corpus::png_chunk(b"iCCP", b"sRGB\0\0\x78\x01\x03\0\0\0\0\x01"));
    assert_eq!(metadata_blocks(&with_icc), ["ICC"]);
}

#[test]
fn the_detector_finds_exif_gps_and_xmp_in_a_webp() {
    let webp = corpus::webp_with_metadata(&corpus::webp_lossy(320, 213), 320, 213, false, 1);
    assert_eq!(metadata_blocks(&webp), ["Exif", "GPS", "XMP"]);
    assert_eq!(metadata_blocks(b"not an image"), Vec::<&str>::new());
}

#[test]
fn no_metadata_survives_from_a_jpeg() {
    assert_clean_copies("jpeg", &corpus::jpeg_with_metadata(&corpus::jpeg(1400, 933), 1));
    assert_clean_copies("rotated jpeg", &corpus::jpeg_with_metadata(&corpus::jpeg(500, 300), 6));
}

#[test]
fn no_metadata_survives_from_a_png() {
    assert_clean_copies("png", &corpus::png_with_metadata(&corpus::png(900, 600, ExtendedColorType::Rgb8), 1));
    assert_clean_copies("rgba png", &corpus::png_with_metadata(&corpus::png(700, 400, ExtendedColorType::Rgba8), 3));
}

#[test]
fn no_metadata_survives_from_a_webp() {
    let lossy = corpus::webp_with_metadata(&corpus::webp_lossy(960, 640), 960, 640, false, 1);
    assert_clean_copies("lossy webp", &lossy);
    let lossless = corpus::webp_with_metadata(&corpus::webp_lossless(700, 400, true), 700, 400, true, 1);
    assert_clean_copies("lossless webp with alpha", &lossless);
}
