//! Byline's photograph processing against a corpus made here: valid
//! JPEG, PNG and WebP files of several sizes and colour types, files that
//! only pretend to be images, truncated and corrupted files, decompression
//! bombs, and uploads carrying Exif with GPS, XMP and comments.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

mod accepted;
mod corpus;
mod metadata;
mod refused;
