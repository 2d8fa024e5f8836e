//! Builds the test files: photographs painted in code and written by the
//! `image` and `jpeg-encoder` encoders, and the metadata blocks, chunks and
//! headers spliced into them by hand with correct lengths and CRCs.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder};

/// RGB pixels with gradients and deterministic noise, like a photograph.
pub fn rgb_pixels(width: u32, height: u32) -> Vec<u8> {
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64 ^ u64::from(width) << 20 ^ u64::from(height);
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            let n = (next(&mut seed) % 24) as u32;
            out.push(((x * 200 / width.max(1)) + n) as u8);
            out.push(((y * 200 / height.max(1)) + n) as u8);
            out.push((((x + y) * 100 / (width + height).max(1)) + 60 + n) as u8);
        }
    }
    out
}

/// RGBA pixels: the RGB picture with alpha falling off left to right.
pub fn rgba_pixels(width: u32, height: u32) -> Vec<u8> {
    let rgb = rgb_pixels(width, height);
    rgb.chunks_exact(3)
        .enumerate()
        .flat_map(|(i, p)| {
            let x = i as u32 % width;
            [p[0], p[1], p[2], (255 - x * 255 / width.max(1)) as u8]
        })
        .collect()
}

fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Bytes from a seeded generator, for files of pure noise.
pub fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut s = seed | 1;
    (0..len).map(|_| next(&mut s) as u8).collect()
}

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(&rgb_pixels(width, height), width, height, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn jpeg_grey(width: u32, height: u32) -> Vec<u8> {
    let grey: Vec<u8> = rgb_pixels(width, height).chunks_exact(3).map(|p| p[1]).collect();
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 85).write_image(&grey, width, height, ExtendedColorType::L8).unwrap();
    out
}

pub fn jpeg_progressive(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 85);
    encoder.set_progressive(true);
    encoder.encode(&rgb_pixels(width, height), width as u16, height as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

pub fn jpeg_cmyk(width: u32, height: u32) -> Vec<u8> {
    let cmyk: Vec<u8> =
        rgb_pixels(width, height).chunks_exact(3).flat_map(|p| [255 - p[0], 255 - p[1], 255 - p[2], 20]).collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 85)
        .encode(&cmyk, width as u16, height as u16, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    out
}

pub fn png(width: u32, height: u32, color: ExtendedColorType) -> Vec<u8> {
    let data: Vec<u8> = match color {
        ExtendedColorType::Rgb8 => rgb_pixels(width, height),
        ExtendedColorType::Rgba8 => rgba_pixels(width, height),
        ExtendedColorType::L8 => rgb_pixels(width, height).chunks_exact(3).map(|p| p[0]).collect(),
        ExtendedColorType::La8 => rgba_pixels(width, height).chunks_exact(4).flat_map(|p| [p[0], p[3]]).collect(),
        // 16-bit samples are given in native byte order.
        ExtendedColorType::Rgb16 => {
            rgb_pixels(width, height).iter().flat_map(|&v| (u16::from(v) * 257).to_ne_bytes()).collect()
        }
        ExtendedColorType::Rgba16 => {
            rgba_pixels(width, height).iter().flat_map(|&v| (u16::from(v) * 257).to_ne_bytes()).collect()
        }
        other => panic!("no corpus PNG for {other:?}"),
    };
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(&data, width, height, color)
        .unwrap();
    out
}

/// A lossless WebP (`VP8L`), as the `image` crate writes it.
pub fn webp_lossless(width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let (data, color) = if alpha {
        (rgba_pixels(width, height), ExtendedColorType::Rgba8)
    } else {
        (rgb_pixels(width, height), ExtendedColorType::Rgb8)
    };
    WebPEncoder::new_lossless(&mut out).write_image(&data, width, height, color).unwrap();
    out
}

/// A lossy WebP (`VP8 `), taken from the copies made of a JPEG upload.
pub fn webp_lossy(width: u32, height: u32) -> Vec<u8> {
    let processed = byline_media::process(&jpeg(width, height), &byline_media::Limits::default()).unwrap();
    processed.variants.into_iter().find(|v| v.format == byline_media::Format::Webp && v.width == width).unwrap().bytes
}

/// A PNG saved with a single colour and next to no size: all zeros.
pub fn png_zeros(width: u32, height: u32) -> Vec<u8> {
    let data = vec![0u8; width as usize * height as usize];
    let mut out = Vec::new();
    PngEncoder::new_with_quality(Cursor::new(&mut out), CompressionType::Fast, FilterType::NoFilter)
        .write_image(&data, width, height, ExtendedColorType::L8)
        .unwrap();
    out
}

// ---- Metadata -------------------------------------------------------------

/// A big-endian TIFF block: an orientation tag and a GPS directory with a
/// latitude, as a phone writes when location is on.
pub fn exif_tiff(orientation: u16) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"MM\0\x2A");
    t.extend_from_slice(&8u32.to_be_bytes());
    // IFD0 at 8: two entries, ends at 8 + 2 + 24 + 4 = 38.
    t.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation) << 16);
    entry(&mut t, 0x8825, 4, 1, 38);
    t.extend_from_slice(&0u32.to_be_bytes());
    // GPS IFD at 38: three entries, ends at 38 + 2 + 36 + 4 = 80.
    t.extend_from_slice(&3u16.to_be_bytes());
    entry(&mut t, 0x0000, 1, 4, 0x0202_0000);
    entry(&mut t, 0x0001, 2, 2, u32::from_be_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, 80);
    t.extend_from_slice(&0u32.to_be_bytes());
    // Latitude 51° 30' 26": three rationals.
    for (n, d) in [(51u32, 1u32), (30, 1), (26, 1)] {
        t.extend_from_slice(&n.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    t
}

fn entry(t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    t.extend_from_slice(&tag.to_be_bytes());
    t.extend_from_slice(&kind.to_be_bytes());
    t.extend_from_slice(&count.to_be_bytes());
    t.extend_from_slice(&value.to_be_bytes());
}

pub const XMP: &[u8] = br#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.43N" exif:GPSLongitude="0,7.5W"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;

/// Splices an Exif APP1 (with GPS), an XMP APP1, an IPTC APP13 and a
/// comment into a JPEG, right after its start marker.
pub fn jpeg_with_metadata(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(&exif_tiff(orientation));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(XMP);
    let iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x0d\x1c\x02\x78\0\x09Secret src\0".to_vec();
    let mut out = jpeg[..2].to_vec();
    for (marker, payload) in
        [(0xE1, &exif), (0xE1, &xmp), (0xED, &iptc), (0xFE, &b"Shot by our source at home".to_vec())]
    {
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&(payload.len() as u16 + 2).to_be_bytes());
        out.extend_from_slice(payload);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Splices `eXIf` (with GPS), an `iTXt` XMP packet and a `tEXt` author into
/// a PNG after its `IHDR`.
pub fn png_with_metadata(png: &[u8], orientation: u16) -> Vec<u8> {
    let ihdr_end = 8 + 12 + 13;
    let mut itxt = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
    itxt.extend_from_slice(XMP);
    let mut out = png[..ihdr_end].to_vec();
    out.extend_from_slice(&png_chunk(b"eXIf", &exif_tiff(orientation)));
    out.extend_from_slice(&png_chunk(b"iTXt", &itxt));
    out.extend_from_slice(&png_chunk(b"tEXt", b"Author\0A. Source, 12 Hidden Lane"));
    out.extend_from_slice(&png[ihdr_end..]);
    out
}

pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[4..]);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Rewrites a simple WebP (one `VP8 ` or `VP8L` chunk) as an extended one
/// with a `VP8X` header and `EXIF` (with GPS) and `XMP ` chunks.
pub fn webp_with_metadata(webp: &[u8], width: u32, height: u32, alpha: bool, orientation: u16) -> Vec<u8> {
    const ALPHA: u8 = 0x10;
    const EXIF: u8 = 0x08;
    const XMP_FLAG: u8 = 0x04;
    let image_chunk = &webp[12..];
    let mut vp8x = vec![EXIF | XMP_FLAG | if alpha { ALPHA } else { 0 }, 0, 0, 0];
    vp8x.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
    webp_file(&[
        riff_chunk(b"VP8X", &vp8x),
        image_chunk.to_vec(),
        riff_chunk(b"EXIF", &exif_tiff(orientation)),
        riff_chunk(b"XMP ", XMP),
    ])
}

pub fn riff_chunk(tag: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = tag.to_vec();
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

pub fn webp_file(chunks: &[Vec<u8>]) -> Vec<u8> {
    let body: Vec<u8> = chunks.concat();
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32 + 4).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&body);
    out
}

// ---- Bombs ----------------------------------------------------------------

/// A PNG whose header claims `width` × `height` with a tiny, valid IDAT.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    // zlib: a stored block of 16 zero bytes, with its Adler-32.
    let mut idat = vec![0x78, 0x01, 0x01, 16, 0, !16, 0xFF];
    idat.extend_from_slice(&[0; 16]);
    idat.extend_from_slice(&0x0010_0001u32.to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend_from_slice(&png_chunk(b"IHDR", &ihdr));
    out.extend_from_slice(&png_chunk(b"IDAT", &idat));
    out.extend_from_slice(&png_chunk(b"IEND", b""));
    out
}

/// A real JPEG whose frame header is rewritten to claim `width` × `height`.
pub fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg(64, 48);
    let sof = out.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    out
}

/// A real lossy WebP wrapped in a `VP8X` header claiming a huge canvas.
pub fn webp_claiming(width: u32, height: u32) -> Vec<u8> {
    let small = webp_lossy(64, 48);
    let mut vp8x = vec![0, 0, 0, 0];
    vp8x.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
    webp_file(&[riff_chunk(b"VP8X", &vp8x), small[12..].to_vec()])
}
