//! The extractor on arbitrary text: never panics, and every candidate's
//! span lies inside the text and holds its text.
#![no_main]

use claimdesk::domain::{Article, extract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let article = Article::from_text("fuzz.txt", text);
    for c in extract::extract(&article.text) {
        assert!(c.start <= c.end && c.end <= article.char_len());
        assert!((0.0..=1.0).contains(&c.score));
    }
    for c in extract::claims(&article) {
        assert_eq!(article.slice(c.anchor.start, c.anchor.end), Some(c.anchor.quote.as_str()));
    }
});
