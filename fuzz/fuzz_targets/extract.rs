//! The extractor on arbitrary text: never panics, and every claim's span
//! lies inside the text.
#![no_main]

use claimdesk::domain::{Article, extract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let article = Article::from_text("fuzz.txt", text);
    for c in extract::claims(&article.text) {
        assert!(c.anchor.start <= c.anchor.end && c.anchor.end <= article.char_len());
        assert_eq!(article.slice(c.anchor.start, c.anchor.end), Some(c.anchor.quote.as_str()));
    }
});
