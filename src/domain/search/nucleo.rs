//! nucleo-matcher as a [`super::matcher::Scorer`]: its fzf-style score and
//! positions over pre-folded text (case and accents are the engine's
//! business: nucleo compares characters exactly), and the figures its score
//! bound ([`super::matcher::Bound`]) is made of.
//!
//! nucleo's score of a path (nucleo-matcher 0.3, default configuration): the
//! first matched character earns `16 + 2 × bonus`, every further one either
//! `16 + max(carried, bonus, 4)` right after the one before it (the carried
//! bonus is a bonus met earlier in the same run), or, after a gap, `16 +
//! bonus − 3` and one less per further skipped character. The in-place
//! bonus is at most 10: 10 for a word character at the start or after white
//! space (9 after `/,:;|`, 8 after other punctuation), 5 for a digit after a
//! non-digit or an upper-case letter after a lower-case one, 10 for a white
//! space character, 8 for other punctuation and 0 otherwise. A path whose
//! first character is the text's first earns 8 more, one starting at the
//! second to the fourteenth character at most 7 more ([`prefix_bonus`],
//! nucleo's `prefer_prefix`).

use std::cell::RefCell;

use nucleo_matcher::{Config, Utf32Str};

use super::matcher::{FirstScores, NEAR_START_CHARS, StepScores};

/// One thread's matcher (nucleo's holds its scoring matrix) and buffers.
struct Scratch {
    matcher: nucleo_matcher::Matcher,
    hay: Vec<char>,
    pat: Vec<char>,
    indices: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        matcher: nucleo_matcher::Matcher::new(config()),
        hay: Vec::new(),
        pat: Vec::new(),
        indices: Vec::new(),
    });
}

/// nucleo's defaults, comparing characters exactly (the engine has folded
/// both sides already), with its bonus for a match near the start of the
/// text: of two claims holding a word, the one opening with it ranks first.
pub(super) fn config() -> Config {
    let mut c = Config::DEFAULT;
    c.ignore_case = false;
    c.normalize = false;
    c.prefer_prefix = true;
    c
}

/// The score of `pat` in `hay`, or None when `pat` is not a subsequence.
#[inline]
pub(super) fn score(hay: &str, pat: &str) -> Option<i64> {
    SCRATCH.with_borrow_mut(|s| {
        let h = Utf32Str::new(hay, &mut s.hay);
        let p = Utf32Str::new(pat, &mut s.pat);
        s.matcher.fuzzy_match(h, p).map(i64::from)
    })
}

/// The score and the matched positions (code-point indices into `hay`).
pub(super) fn indices(hay: &str, pat: &str) -> Option<(i64, Vec<usize>)> {
    SCRATCH.with_borrow_mut(|s| {
        let h = Utf32Str::new(hay, &mut s.hay);
        let p = Utf32Str::new(pat, &mut s.pat);
        s.indices.clear();
        let score = s.matcher.fuzzy_indices(h, p, &mut s.indices)?;
        let mut at: Vec<usize> = s.indices.iter().map(|&i| i as usize).collect();
        at.sort_unstable();
        at.dedup();
        Some((i64::from(score), at))
    })
}

const SCORE_MATCH: i64 = 16;
const PENALTY_GAP_START: i64 = 3;
const BONUS_BOUNDARY_WHITE: i64 = 10;
const BONUS_NON_WORD: i64 = 8;
const BONUS_CAMEL123: i64 = 5;
const FIRST_CHAR_MULTIPLIER: i64 = 2;
const PREFIX_AT_START: i64 = 8;

/// The prefix bonus of a path starting at character `at` (1 or more) of a
/// text whose first character is not the pattern's: 7 at the second,
/// `(14 − at) / 2` from there (nucleo scores with the larger of its matrix
/// figure and its straight-run figure, `8 − 3 × at / 2`).
fn prefix_bonus(at: usize) -> i64 {
    if at <= 1 {
        7
    } else {
        (NEAR_START_CHARS.saturating_sub(at) / 2) as i64
    }
}

/// nucleo's character classes, as far as its bonuses tell them apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Whitespace,
    Delimiter,
    NonWord,
    Lower,
    Upper,
    Number,
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        match c {
            'a'..='z' => Class::Lower,
            'A'..='Z' => Class::Upper,
            '0'..='9' => Class::Number,
            _ if c.is_ascii_whitespace() => Class::Whitespace,
            '/' | ',' | ':' | ';' | '|' => Class::Delimiter,
            _ => Class::NonWord,
        }
    } else if c.is_uppercase() {
        Class::Upper
    } else if c.is_numeric() {
        Class::Number
    } else if c.is_alphabetic() {
        Class::Lower
    } else if c.is_whitespace() {
        Class::Whitespace
    } else {
        Class::NonWord
    }
}

/// The largest in-place bonus `c` can get anywhere.
fn most(c: char) -> i64 {
    match class(c) {
        Class::Delimiter => 0,
        Class::NonWord => BONUS_NON_WORD,
        _ => BONUS_BOUNDARY_WHITE,
    }
}

/// The largest in-place bonus `c` gets where it neither starts the text nor
/// follows a separator (white space or punctuation).
fn inside_a_word(c: char) -> i64 {
    match class(c) {
        Class::Whitespace => BONUS_BOUNDARY_WHITE,
        Class::NonWord => BONUS_NON_WORD,
        Class::Number | Class::Upper => BONUS_CAMEL123,
        Class::Delimiter | Class::Lower => 0,
    }
}

/// The first character's bound: `16 + 2 × bonus`, and the prefix bonus
/// where it can stand near the start. Case-sensitive patterns
/// are scored on case-kept text, which the bound does not look at: they
/// get the largest everywhere.
pub(super) fn first_scores(first: char, case_sensitive: bool) -> FirstScores {
    let top = SCORE_MATCH + FIRST_CHAR_MULTIPLIER * most(first);
    if case_sensitive {
        return FirstScores {
            at_start: top + PREFIX_AT_START,
            after_separator: top + PREFIX_AT_START,
            elsewhere: top + PREFIX_AT_START,
            near_start: |_| 0,
        };
    }
    FirstScores {
        at_start: top + PREFIX_AT_START,
        after_separator: top,
        elsewhere: SCORE_MATCH + FIRST_CHAR_MULTIPLIER * inside_a_word(first),
        near_start: prefix_bonus,
    }
}

/// The bounds of pattern character `cur` after the one before it: right
/// after it `16 + 10` (the carried bonus is at most 10), or `16 + 5` in a
/// run that does not start at a word (the carried bonus is the bonus of the
/// run's first character, or of a later one at a word, 8 or more; inside a
/// word at most 5, a digit's); after a gap `16 −
/// 3 + bonus`, the bonus the largest `cur` can get, or the one it gets
/// inside a word.
pub(super) fn step_scores(cur: char) -> StepScores {
    let after_gap_at_separator = SCORE_MATCH - PENALTY_GAP_START + most(cur);
    StepScores {
        consecutive: SCORE_MATCH + BONUS_BOUNDARY_WHITE,
        consecutive_inside: SCORE_MATCH + BONUS_CAMEL123,
        after_one_separator: after_gap_at_separator,
        after_gap_at_separator,
        after_gap: SCORE_MATCH - PENALTY_GAP_START + inside_a_word(cur),
    }
}
