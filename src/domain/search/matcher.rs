//! The fuzzy scorer: fuzzy-matcher's SkimMatcherV2, behind this one module so
//! that it can be swapped. Everything the engine knows about scoring goes
//! through [`Matcher::score`] and [`Matcher::indices`].
//!
//! Both take a haystack and a pattern that the engine has already folded
//! (lower case or not, accents removed), so the matcher compares characters
//! exactly.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// A fuzzy scorer over pre-folded text. Cheap to share between threads.
pub struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matcher(SkimMatcherV2)")
    }
}

impl Matcher {
    pub fn new() -> Matcher {
        Matcher {
            skim: SkimMatcherV2::default().respect_case(),
        }
    }

    /// The score of `pat` in `hay` (higher is better), or None when `pat`
    /// is not a subsequence of `hay`.
    #[inline]
    pub fn score(&self, hay: &str, pat: &str) -> Option<i64> {
        let mut chars = pat.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return single_char_score(hay, c);
        }
        let end = match_end(hay, pat)?;
        // Skim's score only depends on the text up to the last place the
        // last pattern character could match: cutting the rest off changes
        // nothing but the work done.
        self.skim.fuzzy_match(&hay[..end], pat)
    }

    /// The score and the matched positions (code-point indices into `hay`).
    pub fn indices(&self, hay: &str, pat: &str) -> Option<(i64, Vec<usize>)> {
        let end = match_end(hay, pat)?;
        self.skim.fuzzy_indices(&hay[..end], pat)
    }
}

// SkimMatcherV2's default scores (fuzzy_matcher::skim::SkimScoreConfig).
const SCORE_MATCH: i64 = 16;
const GAP_EXTENSION: i64 = -1;
const BONUS_HEAD: i64 = 8;
const BONUS_BREAK: i64 = 7;
const BONUS_CAMEL: i64 = 6;
const FIRST_CHAR_MULTIPLIER: i64 = 2;

/// Skim's character classes (fuzzy_matcher::skim::CharType).
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn char_type(c: char) -> CharType {
    match c {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

/// Skim's in-place bonus for a character after `prev`.
fn bonus(prev: CharType, cur: CharType) -> i64 {
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
        let skim = SkimMatcherV2::default().respect_case();
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
        let skim = SkimMatcherV2::default().respect_case();
        let m = Matcher::new();
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
                    m.score(hay, pat),
                    skim.fuzzy_match(hay, pat),
                    "{hay} / {pat}"
                );
                assert_eq!(
                    m.indices(hay, pat),
                    skim.fuzzy_indices(hay, pat),
                    "{hay} / {pat}"
                );
            }
        }
    }
}
