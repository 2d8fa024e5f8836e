//! Photographs made in the tests: small real JPEG and PNG files, one that
//! carries a GPS position in its Exif and XMP blocks, and the bad files an
//! upload must refuse (not an image, cut short, a decompression bomb).

use std::io::Cursor;

use image::{ImageFormat, RgbImage};

/// The position planted in the test photograph's metadata.
pub const PLANTED: &str = "51,30.0N";

/// A `width` × `height` photograph-like gradient.
fn pixels(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let shade = |v: u32, n: u32| u8::try_from(v * 255 / n.max(1)).unwrap_or(255);
        image::Rgb([shade(x, width), shade(y, height), shade(x + y, width + height)])
    })
}

/// A JPEG of that size, with no metadata.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    pixels(width, height).write_to(&mut out, ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// A PNG of that size.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    pixels(width, height).write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A JPEG segment: its marker, its length, its payload.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let length = u16::try_from(payload.len() + 2).unwrap();
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// A JPEG as a phone writes one: an Exif block whose GPS directory holds a
/// latitude, an XMP block that says it again, and a comment.
pub fn jpeg_with_location(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    // Exif: big-endian TIFF; IFD0 at 8 points to the GPS IFD at 26, whose
    // latitude (three rationals) is at 44.
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 44, 0, 0, 0, 0]);
    for (numerator, denominator) in [(51_u32, 1_u32), (30, 1), (0, 1)] {
        tiff.extend_from_slice(&numerator.to_be_bytes());
        tiff.extend_from_slice(&denominator.to_be_bytes());
    }
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(&tiff);
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(
        format!(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
             <rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"{PLANTED}\"/>\
             </rdf:RDF></x:xmpmeta>"
        )
        .as_bytes(),
    );
    let mut out = plain[..2].to_vec();
    out.extend(segment(0xE1, &exif));
    out.extend(segment(0xE1, &xmp));
    out.extend(segment(0xFE, format!("taken at {PLANTED}").as_bytes()));
    out.extend_from_slice(&plain[2..]);
    out
}

/// CRC-32 as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    let mut typed = kind.to_vec();
    typed.extend_from_slice(data);
    out.extend_from_slice(&typed);
    out.extend_from_slice(&crc32(&typed).to_be_bytes());
    out
}

/// A PNG of a few hundred bytes that claims `width` × `height` pixels.
pub fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &header));
    // A valid zlib stream of a few zero bytes.
    out.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// Whether `bytes` hold `needle` anywhere.
pub fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}
