//! Walking a file's structure without decoding a pixel: its dimensions from
//! the header (so a decompression bomb is refused before anything big is
//! allocated), whether the file is complete, and which metadata blocks it
//! carries.

use crate::format::Format;

/// What the header says, read before any decoder runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    pub width: u32,
    pub height: u32,
}

/// Why a file's structure could not be walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Broken {
    /// The file ends inside a segment or chunk, or before its end marker.
    Truncated,
    /// A length, marker or signature is wrong.
    Corrupt,
    /// Well formed, but a kind of file we do not take (an animated WebP or
    /// PNG, a JPEG whose height comes only after the scan).
    Unsupported,
    /// A JPEG in print colours (four components: CMYK or YCCK).
    PrintColours,
}

/// Reads the dimensions and checks that the file is whole.
pub(crate) fn inspect(bytes: &[u8], format: Format) -> Result<Header, Broken> {
    match format {
        Format::Jpeg => jpeg::inspect(bytes),
        Format::Png => png::inspect(bytes),
        Format::Webp => webp::inspect(bytes),
    }
}

/// Names of the metadata blocks in a JPEG, PNG or WebP file: `Exif`, `GPS`
/// (an Exif block holding a GPS directory), `XMP`, `IPTC`, `ICC`,
/// `Comment` and `Text`. Empty for a clean file or for anything else.
///
/// A JPEG or PNG is walked as far as its structure allows, so blocks
/// before a cut are still reported; a truncated WebP reports nothing.
pub fn metadata_blocks(bytes: &[u8]) -> Vec<&'static str> {
    let mut found = Vec::new();
    match Format::sniff(bytes) {
        Some(Format::Jpeg) => jpeg::metadata(bytes, &mut found),
        Some(Format::Png) => png::metadata(bytes, &mut found),
        Some(Format::Webp) => webp::metadata(bytes, &mut found),
        None => {}
    }
    let mut unique = Vec::new();
    for name in found {
        if !unique.contains(&name) {
            unique.push(name);
        }
    }
    unique
}

fn u16_be(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_be(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32_le(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Reports `Exif`, and `GPS` when the first directory points to a GPS one.
fn exif(block: &[u8], found: &mut Vec<&'static str>) {
    found.push("Exif");
    let tiff = block.strip_prefix(b"Exif\0\0").unwrap_or(block);
    if exif_has_gps(tiff) {
        found.push("GPS");
    }
}

fn exif_has_gps(tiff: &[u8]) -> bool {
    let big = match tiff.get(0..2) {
        Some(b"MM") => true,
        Some(b"II") => false,
        _ => return false,
    };
    let read16 = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) })
    };
    let read32 = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if big { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
    };
    let Some(ifd) = read32(4).map(|o| o as usize) else {
        return false;
    };
    let Some(count) = read16(ifd) else {
        return false;
    };
    (0..usize::from(count)).any(|i| read16(ifd + 2 + i * 12) == Some(0x8825))
}

mod jpeg {
    use super::{Broken, Header, u16_be};

    /// One marker segment: its marker byte and its payload.
    struct Segment<'a> {
        marker: u8,
        payload: &'a [u8],
    }

    /// Walks every segment, through the entropy-coded scans, to the end
    /// marker. Calls `each` for every segment with a payload.
    fn walk<'a>(bytes: &'a [u8], mut each: impl FnMut(Segment<'a>)) -> Result<(), Broken> {
        let mut pos = 2;
        let mut in_scan = false;
        loop {
            if in_scan {
                pos = next_marker_after_scan(bytes, pos).ok_or(Broken::Truncated)?;
                in_scan = false;
            }
            if bytes.get(pos) != Some(&0xFF) {
                return Err(if pos >= bytes.len() { Broken::Truncated } else { Broken::Corrupt });
            }
            while bytes.get(pos) == Some(&0xFF) {
                pos += 1;
            }
            let marker = *bytes.get(pos).ok_or(Broken::Truncated)?;
            pos += 1;
            match marker {
                0xD9 => return Ok(()),
                0x01 | 0xD0..=0xD8 => continue,
                _ => {}
            }
            let len = usize::from(u16_be(bytes, pos).ok_or(Broken::Truncated)?);
            if len < 2 {
                return Err(Broken::Corrupt);
            }
            let payload = bytes.get(pos + 2..pos + len).ok_or(Broken::Truncated)?;
            each(Segment { marker, payload });
            pos += len;
            in_scan = marker == 0xDA;
        }
    }

    /// In entropy-coded data a 0xFF is followed by 0x00 (stuffing) or a
    /// restart marker; anything else starts the next segment.
    fn next_marker_after_scan(bytes: &[u8], mut pos: usize) -> Option<usize> {
        loop {
            let at = pos + bytes.get(pos..)?.iter().position(|&b| b == 0xFF)?;
            match bytes.get(at + 1)? {
                0x00 | 0xD0..=0xD7 | 0xFF => pos = at + 1,
                _ => return Some(at),
            }
        }
    }

    pub(super) fn inspect(bytes: &[u8]) -> Result<Header, Broken> {
        let mut header = None;
        let mut components = 0;
        let mut saw_scan = false;
        walk(bytes, |s| match s.marker {
            // Start-of-frame markers; C4, C8 and CC are other things.
            0xC0..=0xCF if !matches!(s.marker, 0xC4 | 0xC8 | 0xCC) => {
                if header.is_none()
                    && let (Some(h), Some(w)) = (u16_be(s.payload, 1), u16_be(s.payload, 3))
                {
                    header = Some(Header { width: u32::from(w), height: u32::from(h) });
                    components = s.payload.get(5).copied().unwrap_or(0);
                }
            }
            0xDA => saw_scan = true,
            _ => {}
        })?;
        match header {
            None => Err(Broken::Corrupt),
            Some(_) if !saw_scan => Err(Broken::Corrupt),
            // The height may be given only after the first scan (DNL); rare
            // enough that we refuse rather than decode blind.
            Some(Header { height: 0, .. }) => Err(Broken::Unsupported),
            Some(_) if components == 4 => Err(Broken::PrintColours),
            Some(h) => Ok(h),
        }
    }

    pub(super) fn metadata(bytes: &[u8], found: &mut Vec<&'static str>) {
        let _ = walk(bytes, |s| match s.marker {
            0xE1 if s.payload.starts_with(b"Exif\0") => super::exif(s.payload, found),
            0xE1 if s.payload.starts_with(b"http://ns.adobe.com/") => found.push("XMP"),
            0xE2 if s.payload.starts_with(b"ICC_PROFILE\0") => found.push("ICC"),
            0xED => found.push("IPTC"),
            0xFE => found.push("Comment"),
            _ => {}
        });
    }
}

mod png {
    use super::{Broken, Header, u32_be};

    const SIGNATURE: usize = 8;

    /// Walks the chunks to `IEND`, calling `each` with every chunk's type
    /// and data.
    fn walk<'a>(bytes: &'a [u8], mut each: impl FnMut(&'a [u8], &'a [u8])) -> Result<(), Broken> {
        let mut pos = SIGNATURE;
        loop {
            let len = u32_be(bytes, pos).ok_or(Broken::Truncated)? as usize;
            if len > i32::MAX as usize {
                return Err(Broken::Corrupt);
            }
            let kind = bytes.get(pos + 4..pos + 8).ok_or(Broken::Truncated)?;
            let data = bytes.get(pos + 8..pos + 8 + len).ok_or(Broken::Truncated)?;
            if bytes.len() < pos + 12 + len {
                return Err(Broken::Truncated);
            }
            each(kind, data);
            if kind == b"IEND" {
                return Ok(());
            }
            pos += 12 + len;
        }
    }

    pub(super) fn inspect(bytes: &[u8]) -> Result<Header, Broken> {
        if bytes.get(12..16) != Some(b"IHDR") {
            return Err(if bytes.len() < 16 { Broken::Truncated } else { Broken::Corrupt });
        }
        let width = u32_be(bytes, 16).ok_or(Broken::Truncated)?;
        let height = u32_be(bytes, 20).ok_or(Broken::Truncated)?;
        let mut animated = false;
        walk(bytes, |kind, _| animated |= kind == b"acTL")?;
        if animated {
            return Err(Broken::Unsupported);
        }
        Ok(Header { width, height })
    }

    pub(super) fn metadata(bytes: &[u8], found: &mut Vec<&'static str>) {
        let _ = walk(bytes, |kind, data| match kind {
            b"eXIf" => super::exif(data, found),
            b"iTXt" | b"tEXt" | b"zTXt" if data.starts_with(b"XML:com.adobe.xmp\0") => found.push("XMP"),
            b"iTXt" | b"tEXt" | b"zTXt" => found.push("Text"),
            b"iCCP" => found.push("ICC"),
            _ => {}
        });
    }
}

mod webp {
    use super::{Broken, Header, u32_le};

    const ANIMATION: u8 = 0x02;

    /// Walks the RIFF chunks, calling `each` with every chunk's tag and data.
    fn walk<'a>(bytes: &'a [u8], mut each: impl FnMut(&'a [u8], &'a [u8])) -> Result<(), Broken> {
        let riff = u32_le(bytes, 4).ok_or(Broken::Truncated)? as usize;
        let end = riff.checked_add(8).ok_or(Broken::Corrupt)?;
        if bytes.len() < end {
            return Err(Broken::Truncated);
        }
        let mut pos = 12;
        while pos < end {
            let tag = bytes.get(pos..pos + 4).ok_or(Broken::Corrupt)?;
            let len = u32_le(bytes, pos + 4).ok_or(Broken::Corrupt)? as usize;
            let data = bytes.get(pos + 8..pos + 8 + len).ok_or(Broken::Corrupt)?;
            if pos + 8 + len > end {
                return Err(Broken::Corrupt);
            }
            each(tag, data);
            pos += 8 + len + (len & 1);
        }
        Ok(())
    }

    fn u24_le(b: &[u8], at: usize) -> Option<u32> {
        let s = b.get(at..at + 3)?;
        Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
    }

    pub(super) fn inspect(bytes: &[u8]) -> Result<Header, Broken> {
        let mut first: Option<Result<Header, Broken>> = None;
        let mut has_image = false;
        walk(bytes, |tag, data| {
            has_image |= matches!(tag, b"VP8 " | b"VP8L");
            if first.is_some() {
                return;
            }
            first = Some(match tag {
                b"VP8X" => extended(data),
                b"VP8 " => lossy(data),
                b"VP8L" => lossless(data),
                _ => Err(Broken::Corrupt),
            });
        })?;
        let header = first.ok_or(Broken::Truncated)??;
        if !has_image {
            return Err(Broken::Truncated);
        }
        Ok(header)
    }

    fn extended(data: &[u8]) -> Result<Header, Broken> {
        let flags = *data.first().ok_or(Broken::Corrupt)?;
        if flags & ANIMATION != 0 {
            return Err(Broken::Unsupported);
        }
        let width = u24_le(data, 4).ok_or(Broken::Corrupt)? + 1;
        let height = u24_le(data, 7).ok_or(Broken::Corrupt)? + 1;
        Ok(Header { width, height })
    }

    fn lossy(data: &[u8]) -> Result<Header, Broken> {
        if data.get(3..6) != Some(&[0x9D, 0x01, 0x2A]) {
            return Err(Broken::Corrupt);
        }
        let size = data.get(6..10).ok_or(Broken::Corrupt)?;
        let w = u16::from_le_bytes([size[0], size[1]]);
        let h = u16::from_le_bytes([size[2], size[3]]);
        Ok(Header { width: u32::from(w & 0x3FFF), height: u32::from(h & 0x3FFF) })
    }

    fn lossless(data: &[u8]) -> Result<Header, Broken> {
        if data.first() != Some(&0x2F) {
            return Err(Broken::Corrupt);
        }
        let bits = u32_le(data, 1).ok_or(Broken::Corrupt)?;
        Ok(Header { width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1 })
    }

    pub(super) fn metadata(bytes: &[u8], found: &mut Vec<&'static str>) {
        let _ = walk(bytes, |tag, data| match tag {
            b"EXIF" => super::exif(data, found),
            b"XMP " => found.push("XMP"),
            b"ICCP" => found.push("ICC"),
            _ => {}
        });
    }
}
