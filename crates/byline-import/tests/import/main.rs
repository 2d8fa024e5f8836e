//! The integration tests of byline-import, in one binary.

mod disqus;
mod html_to_markdown;
mod wordpress;
