//! The sheet loader on arbitrary bytes: never panics; whatever parses
//! renders and parses back to the same sheet.
#![no_main]

use std::path::Path;

use claimdesk::domain::sheet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.claims.toml");
    if let Ok(s) = sheet::parse(path, text, Some(1000)) {
        let again = sheet::render(&s);
        let back = sheet::parse(path, &again, None).expect("a rendered sheet parses");
        assert_eq!(back, s);
        // The comment-preserving writer agrees with the canonical one.
        let kept = sheet::render_preserving(&s, text, &s);
        assert_eq!(sheet::parse(path, &kept, None).expect("kept text parses"), s);
    }
});
