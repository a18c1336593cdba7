//! SkimMatcherV2's score (fuzzy-matcher 0.3.7, default scores, case
//! respected) computed the way skim computes it, step for step: the same
//! dynamic programme over two alternating rows, including the cells a row
//! keeps from two pattern characters back (which let skim's best path skip
//! pattern characters), on a fresh matrix each time, as a fresh
//! `SkimMatcherV2` does. It is faster because it works on bytes when the
//! text is ASCII (no copy into characters), looks at character classes
//! only where a character matches, and keeps its matrix between calls on
//! the same thread. Equal to skim's score by property test.

use std::cell::RefCell;

use super::skim::{CharType, bonus, byte_class, char_type};

/// skim's "minus infinity" for a cell.
const NEG: i32 = i16::MIN as i32;
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_CONSECUTIVE: i32 = 4;
const FIRST_CHAR_MULTIPLIER: i32 = 2;

/// skim's matrix, two rows of `cols` cells, a field at a time: the best
/// score ending in a match at a cell (`m`), ending in a gap there (`p`),
/// and the bonus a match there carries on (`bonus`).
#[derive(Default)]
struct Matrix {
    m: Vec<i32>,
    p: Vec<i32>,
    bonus: Vec<i32>,
    /// Where each pattern character first matches.
    first: Vec<usize>,
}

thread_local! {
    static SCRATCH: RefCell<Matrix> = RefCell::new(Matrix::default());
}

/// SkimMatcherV2's score of `pat` in `hay`, or None when `pat` is not a
/// subsequence of it (compared exactly, as the engine's folded text is).
pub(super) fn score(hay: &str, pat: &str) -> Option<i64> {
    if pat.is_empty() {
        return Some(0);
    }
    if hay.is_ascii() && pat.is_ascii() {
        return dp(hay.as_bytes(), pat.as_bytes(), byte_class);
    }
    let h: Vec<char> = hay.chars().collect();
    let p: Vec<char> = pat.chars().collect();
    dp(&h, &p, char_type)
}

/// skim's `fuzzy` without positions, over `choice` and `pattern`.
fn dp<T: Copy + Eq>(choice: &[T], pattern: &[T], class: impl Fn(T) -> CharType) -> Option<i64> {
    SCRATCH.with(|s| {
        let mx = &mut *s.borrow_mut();
        first_matches(choice, pattern, &mut mx.first)?;
        let cols = choice.len() + 1;
        for v in [&mut mx.m, &mut mx.p, &mut mx.bonus] {
            v.clear();
        }
        mx.m.resize(2 * cols, NEG);
        // Row 0 is the pattern's empty prefix: a gap everywhere.
        mx.p.resize(cols, GAP_EXTENSION);
        mx.p.resize(2 * cols, NEG);
        mx.bonus.resize(2 * cols, 0);
        // The in-place bonus of the character at column `col` (1-based),
        // the text's first doubled.
        let in_place = |col: usize| {
            let prev = if col >= 2 {
                class(choice[col - 2])
            } else {
                CharType::Empty
            };
            let b = bonus(prev, class(choice[col - 1])) as i32;
            if col == 1 {
                b * FIRST_CHAR_MULTIPLIER
            } else {
                b
            }
        };
        for (i, &p_ch) in pattern.iter().enumerate() {
            let to_skip = mx.first[i];
            // Row 1 holds the odd-numbered pattern prefixes, row 0 the even.
            let (m_lo, m_hi) = mx.m.split_at_mut(cols);
            let (p_lo, p_hi) = mx.p.split_at_mut(cols);
            let (b_lo, b_hi) = mx.bonus.split_at_mut(cols);
            let (m_cur, m_prev, p_cur, p_prev, b_cur) = if i & 1 == 0 {
                (m_hi, &*m_lo, p_hi, &*p_lo, b_hi)
            } else {
                (m_lo, &*m_hi, p_lo, &*p_hi, b_lo)
            };
            let mut last_m = m_cur[to_skip];
            let mut last_p = p_cur[to_skip];
            for (j, &c_ch) in choice[to_skip..].iter().enumerate() {
                let col = to_skip + j + 1;
                let m = if c_ch == p_ch {
                    let ip = in_place(col);
                    let consecutive = b_cur[col - 1].max(ip.max(BONUS_CONSECUTIVE));
                    b_cur[col - 1] = consecutive;
                    let by_match = m_prev[col - 1] + consecutive;
                    let by_skip = p_prev[col - 1] + ip;
                    by_match.max(by_skip) + SCORE_MATCH
                } else {
                    b_cur[col] = 0;
                    NEG
                };
                let p = (GAP_START + GAP_EXTENSION + last_m).max(GAP_EXTENSION + last_p);
                m_cur[col] = m;
                p_cur[col] = p;
                last_m = m;
                last_p = p;
            }
        }
        let last_row = (pattern.len() & 1) * cols;
        let from = mx.first[pattern.len() - 1];
        let best = mx.m[last_row + from..last_row + cols].iter().max()?;
        Some(i64::from(*best))
    })
}

/// Where each pattern character first matches, greedily (skim's
/// `cheap_matches`), into `first`; None when the pattern does not match.
/// The cell skim resets at the first match is the row's own reset here:
/// the matrix is fresh.
fn first_matches<T: Copy + Eq>(choice: &[T], pattern: &[T], first: &mut Vec<usize>) -> Option<()> {
    first.clear();
    let mut at = 0;
    for &p in pattern {
        at += choice.get(at..)?.iter().position(|&c| c == p)?;
        first.push(at);
        at += 1;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use proptest::prelude::*;

    use super::*;

    fn skims(hay: &str, pat: &str) -> Option<i64> {
        super::super::skim::new().fuzzy_match(hay, pat)
    }

    #[test]
    fn equals_skim_on_chosen_texts() {
        let hays = [
            "the us is in contact with the taliban about a possible peace deal",
            "Peace Talks are going on. peace",
            "committee of the commission; a committed committee",
            "aaa aab aba abb baa",
            "é accents ü and “quotes” in the text, café",
            "x/y-z_w.v(u)t[s]r{q}p|o\\n",
            "HTTPServer parliamentary Parliament PARLIAMENT",
            "",
        ];
        let pats = [
            "p",
            "pe",
            "peace",
            "pc",
            "committee",
            "aba",
            "aa",
            "café",
            "xyz",
            "the",
            "prlmnt",
            "Parliament",
            "PS",
            "t t",
            "-z",
            "ü",
            "ab ab",
        ];
        for hay in hays {
            for pat in pats {
                assert_eq!(score(hay, pat), skims(hay, pat), "{hay:?} / {pat:?}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn equals_skim(hay in "[abcAB .é/_-]{0,40}", pat in "[abcAB .é]{1,6}") {
            prop_assert_eq!(score(&hay, &pat), skims(&hay, &pat));
        }

        #[test]
        fn equals_skim_on_words(hay in "(par|lia|ment|the|pa|rl|ia| |, )*", pat in "[parliment ]{1,10}") {
            prop_assert_eq!(score(&hay, &pat), skims(&hay, &pat));
        }
    }
}
