//! Reading what other publishing systems export, for `byline import`.
//!
//! [`wordpress`] streams a WordPress export (WXR 1.1/1.2) one record at a
//! time, so an export of any size is read in the memory of one post and its
//! comments; [`html_to_markdown`] turns WordPress post HTML (classic editor or
//! Gutenberg blocks, with shortcodes) into Byline's Markdown. [`disqus`]
//! streams a Disqus export (threads and their comments) the same way.
//! Both report a broken file as a [`ReadError`] naming its line and
//! element.
//!
//! This crate never opens files, touches a database or runs async code: the
//! caller hands it a reader and decides what the records become.

pub mod disqus;
pub mod html_to_markdown;
pub mod wordpress;
mod xml;

pub use xml::ReadError;
