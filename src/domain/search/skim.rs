//! fuzzy-matcher's SkimMatcherV2 as a [`super::matcher::Scorer`]: its score
//! and positions over pre-folded text, and the figures its score bound
//! ([`super::matcher::Bound`]) is made of.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::matcher::{FirstScores, StepScores};

pub(super) fn new() -> SkimMatcherV2 {
    SkimMatcherV2::default().respect_case()
}

/// The score of `pat` in `hay`, or None when `pat` is not a subsequence.
#[inline]
pub(super) fn score(skim: &SkimMatcherV2, hay: &str, pat: &str) -> Option<i64> {
    let mut chars = pat.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return single_char_score(hay, c);
    }
    let end = match_end(hay, pat)?;
    // Skim's score only depends on the text up to the last place the
    // last pattern character could match: cutting the rest off changes
    // nothing but the work done. Computed as skim does, on a fresh matrix
    // (`skim_dp.rs`), so patterns that repeat a character score as on a
    // fresh matcher too.
    let _ = skim;
    super::skim_dp::score(&hay[..end], pat)
}

/// The score and the matched positions (code-point indices into `hay`).
/// The score is [`score`]'s: skim's own path search for positions keeps
/// every row of its matrix, and can score a text lower than its score
/// alone does (which reuses two rows).
pub(super) fn indices(skim: &SkimMatcherV2, hay: &str, pat: &str) -> Option<(i64, Vec<usize>)> {
    let end = match_end(hay, pat)?;
    let (_, positions) = if repeats(pat) {
        new().fuzzy_indices(&hay[..end], pat)
    } else {
        skim.fuzzy_indices(&hay[..end], pat)
    }?;
    Some((score(skim, hay, pat)?, positions))
}

/// The first character's bound (see [`super::matcher::Bound`] for why it
/// holds): `score_match + gap_extension + bonus`, the in-place bonus 16 at
/// the first text character (8 doubled), at most 8 after a separator and 0
/// elsewhere (lower-case text has no camel humps); case-kept text may have
/// humps, so case-sensitive patterns get the largest everywhere.
pub(super) fn first_scores(case_sensitive: bool) -> FirstScores {
    let top = SCORE_MATCH + GAP_EXTENSION + BONUS_HEAD * FIRST_CHAR_MULTIPLIER;
    if case_sensitive {
        return FirstScores {
            at_start: top,
            after_separator: top,
            elsewhere: top,
            near_start: |_| 0,
        };
    }
    FirstScores {
        at_start: top,
        after_separator: SCORE_MATCH + GAP_EXTENSION + BONUS_HEAD,
        elsewhere: SCORE_MATCH + GAP_EXTENSION,
        near_start: |_| 0,
    }
}

/// The bounds of pattern character `cur` after `prev`: `score_match` plus
/// the consecutive bonus `max(carried, in-place, 4)` (the in-place bonus is
/// fixed by the two pattern characters' classes); after a gap of one
/// character that skim gives the head bonus, `score_match + gap_start +
/// gap_extension + bonus_head`; after any other gap one less, or without
/// an in-place bonus `score_match + gap_start + gap_extension`.
pub(super) fn step_scores(prev: char, cur: char) -> StepScores {
    let consecutive = bonus(char_type(prev), char_type(cur)).max(BONUS_CONSECUTIVE);
    let after_one_separator = SCORE_MATCH + GAP_START + GAP_EXTENSION + BONUS_HEAD;
    StepScores {
        consecutive: SCORE_MATCH + consecutive,
        consecutive_inside: SCORE_MATCH + consecutive,
        after_one_separator,
        after_gap_at_separator: after_one_separator - 1,
        after_gap: SCORE_MATCH + GAP_START + GAP_EXTENSION,
    }
}

/// Does `pat` repeat a character one or two places on ("committee",
/// "aba")? Then SkimMatcherV2 can read a bonus that an earlier call on the
/// same thread left in its reused matrix (fuzzy-matcher 0.3.7), and score
/// the same text differently depending on what that thread scored before:
/// the ranking would depend on which worker scored which claim. Such
/// patterns are scored by a fresh matcher (a clean matrix, as skim's
/// `use_cache(false)` intends; that option itself panics in 0.3.7). Other
/// patterns never read what an earlier call left (tested).
fn repeats(pat: &str) -> bool {
    let mut a = '\0';
    let mut b = '\0';
    for (i, c) in pat.chars().enumerate() {
        if (i >= 1 && c == b) || (i >= 2 && c == a) {
            return true;
        }
        a = b;
        b = c;
    }
    false
}

// SkimMatcherV2's default scores (fuzzy_matcher::skim::SkimScoreConfig).
const SCORE_MATCH: i64 = 16;
const GAP_EXTENSION: i64 = -1;
const GAP_START: i64 = -3;
const BONUS_CONSECUTIVE: i64 = 4;
const BONUS_HEAD: i64 = 8;
const BONUS_BREAK: i64 = 7;
const BONUS_CAMEL: i64 = 6;
const FIRST_CHAR_MULTIPLIER: i64 = 2;

/// Skim's character classes (fuzzy_matcher::skim::CharType).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

pub(super) const fn char_type(c: char) -> CharType {
    match c {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

/// Skim's class of each ASCII byte (any other byte: lower case, as skim
/// has every character beyond ASCII).
static BYTE_CLASS: [CharType; 256] = {
    let mut t = [CharType::Lower; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = char_type(b as u8 as char);
        b += 1;
    }
    t
};

/// [`char_type`] of an ASCII byte, by table.
#[inline]
pub(super) fn byte_class(b: u8) -> CharType {
    BYTE_CLASS[usize::from(b)]
}

/// Is this byte one of skim's hard separators?
pub(super) fn is_hard_separator(b: u8) -> bool {
    b < 0x80 && char_type(b as char) == CharType::HardSep
}

/// Skim's in-place bonus for a character after `prev`.
pub(super) fn bonus(prev: CharType, cur: CharType) -> i64 {
    match (prev, cur) {
        (CharType::Empty | CharType::HardSep, _) => BONUS_HEAD,
        (CharType::SoftSep, _) => BONUS_BREAK,
        (CharType::Lower | CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// SkimMatcherV2's score for a one-character pattern, computed directly:
/// with one pattern row its dynamic programme reduces to
/// `score_match + gap_extension + max(bonus at each occurrence)`, the first
/// character's bonus doubled. Equal to skim's by test
/// (`single_char_scores_equal_skims`); the first keystroke of every search
/// is this case, and it needs no matrix.
fn single_char_score(hay: &str, p: char) -> Option<i64> {
    let mut best: Option<i64> = None;
    let mut prev = CharType::Empty;
    for (j, c) in hay.chars().enumerate() {
        let cur = char_type(c);
        if c == p {
            let mut b = bonus(prev, cur);
            if j == 0 {
                b *= FIRST_CHAR_MULTIPLIER;
                best = Some(b);
                break; // nothing beats the doubled first-character bonus
            }
            if best.is_none_or(|x| b > x) {
                best = Some(b);
                if b == BONUS_HEAD {
                    break; // the best bonus after the first character
                }
            }
        }
        prev = cur;
    }
    best.map(|b| SCORE_MATCH + GAP_EXTENSION + b)
}

/// If `pat` is a subsequence of `hay` (compared byte by byte, a necessary
/// condition for a code-point subsequence), the byte offset just after the
/// last occurrence of `pat`'s last character; None otherwise.
#[inline]
fn match_end(hay: &str, pat: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let p = pat.as_bytes();
    let mut at = 0;
    for &b in p {
        at += h.get(at..)?.iter().position(|&x| x == b)? + 1;
    }
    let last = pat.chars().next_back()?;
    let from = hay.rfind(last)?;
    Some(from + last.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_char_scores_equal_skims() {
        let skim = new();
        let hays = [
            "a",
            "ba",
            "b a",
            "b-a",
            "bA",
            "1A",
            "xAy",
            "abc",
            "é a",
            "(a)",
            "aa",
            "x/a",
            "x.a",
            "the afghan push towards peace",
            "Peace Talks",
            "3 abc",
            "“quoted” a",
            "",
        ];
        for hay in hays {
            for p in ['a', 'A', 'p', 'P', 't', '3', ' ', '-', '"', 'é', 'z'] {
                let mut buf = [0; 4];
                let pat = p.encode_utf8(&mut buf);
                assert_eq!(
                    single_char_score(hay, p),
                    skim.fuzzy_match(hay, pat),
                    "{hay:?} / {p:?}"
                );
            }
        }
    }

    #[test]
    fn cutting_the_tail_keeps_skim_scores() {
        let skim = new();
        let hays = [
            "the us is in contact with the taliban about a possible peace deal",
            "peace talks are going on with the taliban. peace",
            "president karzai said the talks",
            "é accents ü and “quotes” in the text, café",
        ];
        for hay in hays {
            for pat in [
                "t", "ta", "tal", "peace", "pc", "aeiou", "café", "xyz", "e", "the",
            ] {
                assert_eq!(
                    score(&skim, hay, pat),
                    skim.fuzzy_match(hay, pat),
                    "{hay} / {pat}"
                );
                assert_eq!(
                    indices(&skim, hay, pat),
                    skim.fuzzy_indices(hay, pat),
                    "{hay} / {pat}"
                );
            }
        }
    }
}
