//! Learned cue words: the lower-case words that PolNeAR's train split
//! marks as part of an attribution's cue at least as often as the
//! threshold chosen on its held-out fifth, with their counts there.
//! Written by `cargo run --release --example train_cues`; do not edit.

/// (word, occurrences in train, occurrences inside a gold cue), sorted.
pub(crate) const LEARNED_CUES: &[(&str, u32, u32)] = &[
    ("according", 429, 398),
    ("angered", 12, 8),
    ("appears", 72, 40),
    ("assertion", 18, 11),
    ("chants", 10, 8),
    ("convinced", 14, 9),
    ("eager", 20, 12),
    ("emailed", 15, 9),
    ("expecting", 16, 10),
    ("explicitly", 10, 6),
    ("hints", 11, 8),
    ("listed", 21, 12),
    ("ordered", 24, 18),
    ("pointing", 33, 20),
    ("quoted", 12, 7),
    ("railed", 11, 10),
    ("reads", 13, 9),
    ("refused", 54, 38),
    ("refusing", 15, 9),
    ("remembered", 12, 8),
    ("reminding", 12, 7),
    ("reportedly", 29, 19),
    ("seemed", 104, 67),
    ("sided", 10, 6),
    ("sounded", 15, 11),
    ("titled", 16, 10),
];

/// A named source speaks for a sentence under the score threshold too.
pub(crate) const NAMED_STRONG: bool = true;
