//! The article loader on arbitrary bytes: never panics; offsets convert
//! both ways for every code point.
#![no_main]

use std::path::Path;

use claimdesk::domain::Article;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(a) = Article::from_bytes(Path::new("fuzz.txt"), data) else {
        return;
    };
    for cp in 0..=a.char_len() {
        let b = a.byte_of(cp).expect("every code point has a byte offset");
        assert_eq!(a.char_of(b), Some(cp));
    }
    let _ = a.paragraphs();
    let _ = a.position_of(a.char_len() / 2);
    assert!(!a.text.contains('\r'));
});
