//! Files that must be refused, each with the right reason and without a
//! panic: non-images, truncated and corrupted files, bombs, oversize files.

use std::time::{Duration, Instant};

use byline_media::{Limits, MediaError, probe, process};
use image::ExtendedColorType;

use crate::corpus;

fn refusal(bytes: &[u8], limits: &Limits) -> MediaError {
    match process(bytes, limits) {
        Ok(p) => panic!("accepted a {} of {}×{}", p.format, p.width, p.height),
        Err(e) => e,
    }
}

#[test]
fn files_that_are_not_images_are_refused_whatever_their_name() {
    let cases: [(&str, Vec<u8>); 9] = [
        ("empty.jpg", Vec::new()),
        ("notes.png", b"Council meeting notes, 14 March.\nItem 1: budget.".to_vec()),
        ("page.jpg", b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>".to_vec()),
        (
            "logo.png",
            br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec(),
        ),
        ("bare.svg.webp", br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#.to_vec()),
        ("report.jpg", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec()),
        ("noise.webp", corpus::random_bytes(4096, 7)),
        ("one-byte.jpg", vec![0xFF]),
        ("zip.png", b"PK\x03\x04\x14\0\0\0\x08\0".to_vec()),
    ];
    for (name, bytes) in cases {
        let e = refusal(&bytes, &Limits::default());
        assert!(matches!(e, MediaError::NotAnImage), "{name}: {e:?}");
    }
}

#[test]
fn other_image_formats_are_unsupported_rather_than_not_images() {
    let gif =
        b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
    for (name, bytes) in [("gif", &gif[..]), ("bmp", b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0"), ("heic", &heic[..])] {
        let e = refusal(bytes, &Limits::default());
        assert!(matches!(e, MediaError::Unsupported), "{name}: {e:?}");
    }
}

#[test]
fn cmyk_jpegs_are_refused_with_a_way_to_fix_them() {
    let e = refusal(&corpus::jpeg_cmyk(320, 200), &Limits::default());
    assert!(matches!(e, MediaError::PrintColours), "{e:?}");
    assert!(e.to_string().contains("RGB"), "{e}");
}

#[test]
fn an_animated_webp_is_unsupported() {
    let mut vp8x = vec![0x02, 0, 0, 0];
    vp8x.extend_from_slice(&[9, 0, 0, 9, 0, 0]);
    let webp = corpus::webp_file(&[corpus::riff_chunk(b"VP8X", &vp8x), corpus::riff_chunk(b"ANIM", &[0; 6])]);
    assert!(matches!(refusal(&webp, &Limits::default()), MediaError::Unsupported));
}

/// Every way a file can be cut short: inside the signature, inside the
/// header, at fractions of the data, and just before the end.
fn cut_points(len: usize) -> Vec<usize> {
    let mut cuts = vec![1, 2, 3, 4, 8, 11, 12, 16, 20, 24, 30, 33, 40, 64, 100, 200];
    for percent in [5, 10, 25, 33, 50, 66, 75, 90, 95, 99] {
        cuts.push(len * percent / 100);
    }
    cuts.extend([len - 12, len - 8, len - 4, len - 2, len - 1]);
    cuts.retain(|&c| c < len);
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[test]
fn truncated_files_are_refused_at_every_cut_without_panicking() {
    let files = [
        ("jpeg", corpus::jpeg(500, 300)),
        ("progressive jpeg", corpus::jpeg_progressive(500, 300)),
        ("jpeg with metadata", corpus::jpeg_with_metadata(&corpus::jpeg(300, 200), 1)),
        ("png", corpus::png(500, 300, ExtendedColorType::Rgb8)),
        ("rgba png", corpus::png(300, 200, ExtendedColorType::Rgba8)),
        ("lossy webp", corpus::webp_lossy(500, 300)),
        ("lossless webp", corpus::webp_lossless(300, 200, true)),
        ("extended webp", corpus::webp_with_metadata(&corpus::webp_lossy(320, 213), 320, 213, false, 1)),
    ];
    for (name, bytes) in files {
        process(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name} whole: {e}"));
        for cut in cut_points(bytes.len()) {
            let e = refusal(&bytes[..cut], &Limits::default());
            assert!(
                matches!(e, MediaError::Truncated | MediaError::Corrupt | MediaError::NotAnImage),
                "{name} cut at {cut} of {}: {e:?}",
                bytes.len()
            );
        }
        // Cut after the signature, a file says it ends too early.
        let e = refusal(&bytes[..bytes.len() / 2], &Limits::default());
        assert!(matches!(e, MediaError::Truncated), "{name} cut in half: {e:?}");
    }
}

#[test]
fn corrupted_files_never_panic() {
    let files = [
        corpus::jpeg(160, 120),
        corpus::jpeg_progressive(160, 120),
        corpus::png(160, 120, ExtendedColorType::Rgba8),
        corpus::webp_lossy(160, 120),
        corpus::webp_lossless(160, 120, true),
    ];
    let mut seed = 0xDEAD_BEEF_u64;
    let mut refused = 0;
    for bytes in &files {
        for _ in 0..150 {
            let mut broken = bytes.clone();
            for _ in 0..4 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed % broken.len() as u64) as usize;
                broken[at] = (seed >> 32) as u8;
            }
            // Either outcome is fine; a panic or a hang is not.
            if process(&broken, &Limits::default()).is_err() {
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "no corruption was noticed at all");
}

#[test]
fn a_png_claiming_100000_pixels_square_is_refused_instantly() {
    for (w, h) in [(100_000, 100_000), (20_000, 20_000), (16_000, 16_000), (1, 16_385)] {
        let bomb = corpus::png_claiming(w, h);
        assert!(bomb.len() < 2048);
        let started = Instant::now();
        let e = refusal(&bomb, &Limits::default());
        assert!(started.elapsed() < Duration::from_millis(50), "{w}×{h} took {:?}", started.elapsed());
        assert!(
            matches!(e, MediaError::TooManyPixels { width, height } if (width, height) == (w, h)),
            "{w}×{h}: {e:?}"
        );
    }
}

#[test]
fn jpeg_and_webp_headers_claiming_huge_sizes_are_refused_before_decoding() {
    for (w, h) in [(65_000u16, 65_000u16), (20_000, 20_000), (9_000, 9_000)] {
        let started = Instant::now();
        let e = refusal(&corpus::jpeg_claiming(w, h), &Limits::default());
        assert!(started.elapsed() < Duration::from_millis(50));
        assert!(
            matches!(e, MediaError::TooManyPixels { width, height } if width == u32::from(w) && height == u32::from(h)),
            "{e:?}"
        );
    }
    for (w, h) in [(100_000, 100_000), (20_000, 20_000), (16_000, 16_000)] {
        let started = Instant::now();
        let e = refusal(&corpus::webp_claiming(w, h), &Limits::default());
        assert!(started.elapsed() < Duration::from_millis(50));
        assert!(matches!(e, MediaError::TooManyPixels { width, height } if (width, height) == (w, h)), "{e:?}");
    }
}

#[test]
fn a_real_9000_square_png_of_zeros_is_a_bomb_and_refused() {
    let bomb = corpus::png_zeros(9000, 9000);
    assert!(bomb.len() < 512 * 1024, "{} bytes", bomb.len());
    let started = Instant::now();
    let e = refusal(&bomb, &Limits::default());
    assert!(matches!(e, MediaError::TooManyPixels { width: 9000, height: 9000 }), "{e:?}");
    assert!(started.elapsed() < Duration::from_millis(200), "{:?}", started.elapsed());
    // probe gives the same answer without being asked to decode.
    assert!(matches!(probe(&bomb, &Limits::default()), Err(MediaError::TooManyPixels { .. })));
}

#[test]
fn the_decoders_own_allocation_limit_is_a_second_line() {
    // Within max_side and max_pixels, but more than max_alloc once decoded.
    let limits = Limits { max_alloc: 1024 * 1024, ..Limits::default() };
    for bytes in [corpus::png(1000, 1000, ExtendedColorType::Rgba8), corpus::jpeg(1000, 1000)] {
        let e = refusal(&bytes, &limits);
        assert!(matches!(e, MediaError::TooManyPixels { width: 1000, height: 1000 }), "{e:?}");
    }
}

#[test]
fn files_over_the_byte_limit_are_refused_before_anything_else() {
    let jpeg = corpus::jpeg(200, 150);
    let limits = Limits { max_bytes: 1000, ..Limits::default() };
    assert!(matches!(refusal(&jpeg, &limits), MediaError::TooLarge { limit: 1000 }));
    let huge = vec![0u8; 21 * 1024 * 1024];
    let e = refusal(&huge, &Limits::default());
    assert!(matches!(e, MediaError::TooLarge { limit } if limit == 20 * 1024 * 1024));
    assert!(e.to_string().contains("20 MB"), "{e}");
}

#[test]
fn every_error_has_a_stable_distinct_code_and_a_plain_message() {
    let errors = [
        MediaError::TooLarge { limit: 20 * 1024 * 1024 },
        MediaError::NotAnImage,
        MediaError::Unsupported,
        MediaError::PrintColours,
        MediaError::Truncated,
        MediaError::Corrupt,
        MediaError::TooManyPixels { width: 100_000, height: 100_000 },
        MediaError::Empty { width: 0, height: 10 },
        MediaError::Encode,
    ];
    let mut codes: Vec<&str> = errors.iter().map(MediaError::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), errors.len());
    for e in &errors {
        let text = e.to_string();
        assert!(text.ends_with('.') && text.len() > 30, "{text}");
        for jargon in ["decode", "error", "EOF", "magic", "chunk", "IHDR", "Error"] {
            assert!(!text.contains(jargon), "{text}");
        }
    }
    assert!(MediaError::TooManyPixels { width: 100_000, height: 20 }.to_string().contains("100000 × 20"));
}

#[test]
fn a_zero_width_image_is_refused() {
    let e = refusal(&corpus::png_claiming(0, 10), &Limits::default());
    assert!(matches!(e, MediaError::Empty { width: 0, height: 10 }), "{e:?}");
}
