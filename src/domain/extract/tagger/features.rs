//! The attribution tagger's token features: the word and its neighbours,
//! shape, suffix, capitals, the reporting-verb, action and stance lexicons,
//! quotation state, position in the sentence, and what the rules found in
//! the sentence (a cue of their own, the content span, the source); plus the
//! tags chosen for the two tokens before (added while decoding). Every
//! feature is hashed into [`super::DIM`] buckets.

use super::DIM;
use crate::domain::extract::Found;
use crate::domain::extract::lexicon::{in_action, in_pronouns, in_speech, in_that_only};
use crate::domain::extract::token::Tok;

/// FNV-1a of a feature kind and its value, folded into the feature space.
fn hash(kind: u8, value: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in std::iter::once(kind).chain(value.bytes()) {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h & (DIM as u32 - 1)
}

/// The feature of a token's own (lower-case) word.
#[cfg(test)]
pub(crate) fn word_feature(w: &str) -> u32 {
    hash(1, w)
}

/// "Xx", "x", "X.", "d": the word's shape with runs collapsed.
fn shape(w: &str) -> String {
    let mut out = String::new();
    for c in w.chars().take(12) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if !out.ends_with(k) {
            out.push(k);
        }
    }
    out
}

fn suffix(w: &str, n: usize) -> &str {
    let k = w.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &w[k..]
}

/// What one token's lexicon membership says, as a short code.
fn lex(w: &str) -> &'static str {
    if in_speech(w) {
        "S"
    } else if in_that_only(w) {
        "T"
    } else if in_action(w) {
        "A"
    } else if in_pronouns(w) {
        "P"
    } else {
        "-"
    }
}

/// Quotation state before each token: inside a quote or not.
fn quote_state(toks: &[Tok], open_at_start: bool) -> Vec<bool> {
    let mut inside = open_at_start;
    toks.iter()
        .map(|t| {
            let before = inside;
            match t.text.as_str() {
                "“" | "«" | "``" => inside = true,
                "”" | "»" => inside = false,
                "\"" | "''" => inside = !inside,
                _ => {}
            }
            before
        })
        .collect()
}

/// The features of each token that do not depend on the tags.
pub(crate) fn static_features(toks: &[Tok], open_at_start: bool, rules: &Found) -> Vec<Vec<u32>> {
    let n = toks.len();
    let quoted = quote_state(toks, open_at_start);
    let word = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else {
            toks.get(i as usize).map_or("</s>", |t| t.lower.as_str())
        }
    };
    let speech_in = toks.iter().any(|t| in_speech(&t.lower));
    let cues: Vec<usize> = (0..n)
        .filter(|&i| matches!(lex(&toks[i].lower), "S" | "T" | "A"))
        .collect();
    let own = if rules.own { "1" } else { "0" };
    let span = rules.span.filter(|_| rules.own);
    let mut out = Vec::with_capacity(n);
    for (i, t) in toks.iter().enumerate() {
        let k = i as isize;
        let w = t.lower.as_str();
        let pos = match i {
            0..=2 => i.to_string(),
            3..=5 => "3".to_owned(),
            6..=10 => "6".to_owned(),
            _ => "11".to_owned(),
        };
        let in_span = span.is_some_and(|(s, e)| t.s >= s && t.e <= e);
        let at_source = rules.own && t.s <= rules.source_at && rules.source_at < t.e;
        let cap = if t.cap() { "C" } else { "c" };
        let mut f = vec![
            hash(0, ""),
            hash(1, w),
            hash(2, word(k - 1)),
            hash(3, word(k + 1)),
            hash(4, word(k - 2)),
            hash(5, word(k + 2)),
            hash(6, &shape(&t.text)),
            hash(7, suffix(w, 3)),
            hash(8, lex(w)),
            hash(9, lex(word(k - 1))),
            hash(10, lex(word(k + 1))),
            hash(11, if quoted[i] { "q" } else { "-" }),
            hash(12, &pos),
            hash(13, &((i * 4) / n.max(1)).to_string()),
            hash(14, own),
            hash(15, if in_span { "in" } else { "out" }),
            hash(16, if at_source { "src" } else { "-" }),
            hash(17, if speech_in { "speech" } else { "-" }),
            hash(18, &format!("{cap}{}", lex(w))),
            hash(19, &format!("{}|{}", word(k - 1), w)),
            hash(20, &format!("{}|{}", w, word(k + 1))),
        ];
        let prev_cap = i > 0 && toks[i - 1].cap();
        let next_cap = toks.get(i + 1).is_some_and(Tok::cap);
        f.push(hash(21, &format!("{cap}{prev_cap}{next_cap}")));
        f.push(hash(
            22,
            &format!("{}{}", lex(w), if quoted[i] { "q" } else { "-" }),
        ));
        // how far the nearest cue word is, on either side
        let right = cues.iter().find(|&&c| c > i).map(|&c| c - i);
        let left = cues.iter().rev().find(|&&c| c < i).map(|&c| i - c);
        f.push(hash(23, distance(right)));
        f.push(hash(24, distance(left)));
        f.push(hash(25, &format!("{}|{}", distance(left), distance(right))));
        f.push(hash(26, suffix(w, 2)));
        let shape_at = |k: isize| {
            usize::try_from(k)
                .ok()
                .and_then(|k| toks.get(k))
                .map_or_else(|| "-".to_owned(), |t| shape(&t.text))
        };
        f.push(hash(
            27,
            &format!("{}|{}", shape_at(k - 1), shape_at(k + 1)),
        ));
        out.push(f);
    }
    out
}

fn distance(d: Option<usize>) -> &'static str {
    match d {
        None => "none",
        Some(1) => "1",
        Some(2) => "2",
        Some(3) => "3",
        Some(4..=6) => "4",
        Some(7..=12) => "7",
        Some(_) => "13",
    }
}

/// The features that read the tags of the two tokens before, appended to
/// `out`; `word` is the token's own word feature (its lower-case form).
pub fn history(word: u32, prev: u8, prev2: u8, out: &mut Vec<u32>) {
    out.push(hash(30, &prev.to_string()));
    out.push(hash(31, &format!("{prev2}|{prev}")));
    out.push(hash(32, &format!("{prev}|{word}")));
}
