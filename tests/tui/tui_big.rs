//! The real binary in a pseudo-terminal on sheets too big for one frame's
//! work: a search run off the UI thread is drawn as soon as it is done,
//! with no further key.

use crate::common;

use std::path::{Path, PathBuf};

use claimdesk::domain::claim::Anchor;
use claimdesk::domain::{Claim, Doc};
use common::Pty;

/// An article of `n` one-line claims, its sheet saved beside it; claim
/// `odd` (1-based) alone mentions a zebra.
fn big_article(dir: &Path, n: usize, odd: usize) -> PathBuf {
    let article = dir.join("big.txt");
    let mut text = String::new();
    let mut spans = Vec::with_capacity(n);
    for i in 1..=n {
        let start = text.len();
        if i == odd {
            text.push_str(&format!("Speaker {i} said a zebra crossed the bridge."));
        } else {
            text.push_str(&format!("Speaker {i} said the bridge is {i} years old."));
        }
        spans.push((start, text.len()));
        text.push('\n');
    }
    std::fs::write(&article, &text).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let claims = spans
        .iter()
        .map(|&(s, e)| Claim::anchored("", Anchor::from_chars(&chars, s, e)))
        .collect();
    Doc::create(&article, claims).unwrap().save().unwrap();
    article
}

#[test]
fn a_search_off_the_ui_thread_is_drawn_without_another_key() {
    let dir = tempfile::tempdir().unwrap();
    // Over the 5,000 claims searched within a frame: the search runs on a
    // worker thread and its result comes back on the event loop's channel.
    let article = big_article(dir.path(), 6_000, 4_321);
    let mut p = Pty::spawn(dir.path(), &[article.as_os_str()], &[], (100, 30));
    p.wait_for(&|s| s.contains("Claims 6000/6000"));
    p.send(b"/zebra");
    // Nothing more is typed: the result alone must bring the next frame.
    let screen = p.wait_for(&|s| s.contains("Claims 1/6000"));
    assert!(screen.contains("C4321"), "{screen}");
    p.send(b"\x1b");
    p.wait_for(&|s| !s.contains("/zebra"));
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
}

#[test]
fn a_big_sheet_draws_loading_first_and_keeps_the_keys_typed_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let article = big_article(dir.path(), 6_000, 1);
    let sheet = dir.path().join("big.claims.toml");
    assert!(std::fs::metadata(&sheet).unwrap().len() >= 1 << 20);
    let env = [("CLAIMDESK_NO_CACHE", "1")];
    let mut p = Pty::spawn(dir.path(), &[article.as_os_str()], &env, (100, 30));
    p.wait_for(&|s| s.contains("loading big.claims.toml…"));
    // Typed as soon as the first frame is there, the sheet perhaps not.
    p.send(b"jjd");
    let screen = p.wait_for(&|s| s.contains("1/6000 reviewed") && s.contains("saved "));
    assert!(screen.contains("Claims 6000/6000"), "{screen}");
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
    let doc = Doc::open(&article).unwrap();
    assert_eq!(
        doc.sheet.claims[2].status,
        claimdesk::domain::Status::Denied
    );
    assert_eq!(doc.sheet.counts().reviewed, 1);
}

#[test]
fn a_big_sheet_that_does_not_parse_says_where_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let article = big_article(dir.path(), 6_000, 1);
    let sheet = dir.path().join("big.claims.toml");
    let text = std::fs::read_to_string(&sheet).unwrap();
    let broken = text.replacen("status = \"unconfirmed\"", "status = \"maybe\"", 1);
    std::fs::write(&sheet, &broken).unwrap();
    let mut p = Pty::spawn(dir.path(), &[article.as_os_str()], &[], (100, 30));
    assert_eq!(p.exit_code(), 1);
    let screen = p.parser.screen().contents();
    assert!(!p.parser.screen().alternate_screen());
    // FILE:LINE:COL of the third claim's status, as the one-pass parse says.
    let line = broken[..broken.find("\"maybe\"").unwrap()].lines().count();
    assert!(
        screen.contains(&format!(
            "big.claims.toml:{line}:10: unknown variant `maybe`"
        )),
        "{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(&sheet).unwrap(),
        broken,
        "not written over"
    );
}
