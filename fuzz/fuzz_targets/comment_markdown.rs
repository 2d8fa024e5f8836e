//! Any text, as a reader's comment and as an article body: rendering never
//! panics, and the sanitised HTML can run no script.

#![no_main]

use byline_core::comments::{CommentBody, CommentLimits, render_comment};
use byline_core::render::render_article;
use byline_fuzz::assert_inert;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(body) = CommentBody::parse(text, &CommentLimits::default()) {
        assert_inert(render_comment(&body).as_str());
    }
    if let Ok(html) = render_article(text) {
        assert_inert(html.as_str());
    }
});
