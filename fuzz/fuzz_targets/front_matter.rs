//! Any text as an article file: front matter and body are read without a
//! panic, and an article that is accepted has a body that can run no
//! script.

#![no_main]

use byline_core::article_file::parse_article_file;
use byline_fuzz::assert_inert;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(article) = parse_article_file(text) {
        assert_inert(article.body_html.as_str());
    }
});
