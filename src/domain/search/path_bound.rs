//! A bound of SkimMatcherV2's score that follows the text's positions
//! ([`path_bound`]): the skim programme (`skim_dp.rs`) run only at the
//! places where a pattern character is, with each cell's value bounded
//! from above, so that matches whose characters lie scattered far apart
//! bound lower than [`super::matcher::Bound::refined`] says.
//!
//! Per pattern character `t` and text column `c` (1-based) holding it, the
//! bound `V[t][c]` of skim's match cell is `16 + max of`
//! - `V[t-1][c-1] + consecutive bonus` (its most, as the other bound's),
//! - after a gap: `max over k <= c-2 of (V[t-1][k] + k) - c - 2` (skim's
//!   gap cells lose 4, then 1 a column), plus the in-place bonus at `c`;
//! - what skim's reused rows let a path do: skip pattern characters (a
//!   row reads the cell left of its first match from the row two
//!   characters back, and its gap cells go on from there): the best bound
//!   of any character `t-3` or earlier (or the start, -2, from `t = 2`),
//!   less 4, plus the in-place bonus, for any column;
//!
//! and the score is at most the largest bound of the last character, or of
//! any character three or more before it (skim reads the last row from a
//! cell left from two characters back). Property-tested against skim with
//! the other bounds.

use std::cell::RefCell;

use super::skim::{CharType, bonus, byte_class};

/// The longest pattern bounded this way (longer ones get the other bound).
pub(super) const MAX_PATTERN: usize = 64;

/// A bound of skim's cell value where none is possible.
const NONE: i64 = i64::MIN / 4;

thread_local! {
    /// Per column, the bound of the previous character's match there (or
    /// NONE), and the columns it holds; the current character's.
    static ROWS: RefCell<[(Vec<i64>, Vec<u32>); 2]> = RefCell::new(Default::default());
}

/// An upper bound of SkimMatcherV2's score of the ASCII pattern `pat` (two
/// characters or more, lower case) in `lower` (a case-blind folded ASCII
/// text in which it matches: a column is a byte), where `consecutive(t)` bounds what
/// character `t` earns right after character `t - 1` (16 and the bonus).
pub(super) fn path_bound(lower: &[u8], pat: &[u8], consecutive: impl Fn(usize) -> i64) -> i64 {
    ROWS.with(|rows| {
        let rows = &mut *rows.borrow_mut();
        // Every cell is NONE between calls: only the cells set are reset.
        for row in rows.iter_mut() {
            if row.0.len() < lower.len() + 2 {
                row.0.resize(lower.len() + 2, NONE);
            }
            clear(row);
        }
        // The best bound of each character so far, for the skips.
        let mut best_of = [NONE; MAX_PATTERN];
        // Where the greedy match of the pattern has got to.
        let mut from = 0;
        for (t, &ch) in pat.iter().enumerate() {
            // Skim fills a character's row only from its greedy first match
            // on (the cells before it are the skips' business).
            let Some(start) = memchr::memchr(ch, lower.get(from..).unwrap_or_default()) else {
                break;
            };
            from += start + 1;
            let (lo, hi) = rows.split_at_mut(1);
            let (prev, cur) = if t & 1 == 0 {
                (&mut hi[0], &mut lo[0])
            } else {
                (&mut lo[0], &mut hi[0])
            };
            let skip_from = match t {
                0 | 1 => NONE,
                _ => best_of[..t - 2].iter().map(|b| b - 4).fold(-2, i64::max),
            };
            let step = (t > 0).then(|| consecutive(t));
            best_of[t] = fill_row(lower, ch, from - 1, prev, cur, skip_from, step);
            // The previous row is done with.
            clear(prev);
        }
        for row in rows.iter_mut() {
            clear(row);
        }
        let m = pat.len();
        let stale = best_of[..m.saturating_sub(2)]
            .iter()
            .copied()
            .max()
            .unwrap_or(NONE);
        best_of[m - 1].max(stale)
    })
}

/// Per column, a bound (NONE where none), and the columns set.
type Row = (Vec<i64>, Vec<u32>);

/// Set every cell of `row` back to NONE.
fn clear(row: &mut Row) {
    for &c in &row.1 {
        row.0[c as usize] = NONE;
    }
    row.1.clear();
}

/// The bounds of character `ch` at each place it has from byte `from`
/// on into `cur`, after the previous character's `prev` (`step`: its
/// consecutive bound; None for the first character), the skips bounded by
/// `skip_from`; returns the largest.
fn fill_row(
    lower: &[u8],
    ch: u8,
    from: usize,
    prev: &Row,
    cur: &mut Row,
    skip_from: i64,
    step: Option<i64>,
) -> i64 {
    // Running max of V[t-1][k] + k over the columns k <= col - 2.
    let mut gap_max = NONE;
    let mut p = 0;
    let mut best = NONE;
    for at in memchr::memchr_iter(ch, &lower[from..]) {
        let col = at + from + 1;
        while p < prev.1.len() && (prev.1[p] as usize) + 2 <= col {
            let k = prev.1[p] as usize;
            gap_max = gap_max.max(prev.0[k] + k as i64);
            p += 1;
        }
        let ip = in_place(lower, col);
        let v = match step {
            None => 16 - 1 + ip,
            Some(consecutive) => {
                let by_run = prev.0[col - 1] + consecutive;
                let by_gap = gap_max - col as i64 - 2 + ip + 16;
                let by_skip = skip_from + ip + 16;
                by_run.max(by_gap).max(by_skip)
            }
        };
        if v > NONE / 2 {
            cur.0[col] = v;
            cur.1.push(col as u32);
            best = best.max(v);
        }
    }
    best
}

/// Skim's in-place bonus of column `col` (1-based) of `lower`, the first
/// column's doubled.
fn in_place(lower: &[u8], col: usize) -> i64 {
    let prev = if col >= 2 {
        byte_class(lower[col - 2])
    } else {
        CharType::Empty
    };
    let b = bonus(prev, byte_class(lower[col - 1]));
    if col == 1 { 2 * b } else { b }
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use proptest::prelude::*;

    use super::super::matcher::{Matcher, Scorer, Shape};

    /// The bound the engine uses (the refined one, with this one in it) is
    /// never below a fresh skim's score, and this one alone neither.
    fn check(hay: &str, pat: &str) -> Result<(), TestCaseError> {
        let skim = super::super::skim::new();
        if let Some(s) = skim.fuzzy_match(hay, pat) {
            let bound = Matcher::with(Scorer::Skim).bound(pat, false);
            let r = bound.refined(hay.as_bytes(), Shape::of(hay));
            prop_assert!(r >= s, "{hay:?} / {pat:?}: refined {r} < score {s}");
        }
        Ok(())
    }

    #[test]
    fn scattered_matches_bound_lower_than_words() {
        let word = "the parliament met on monday";
        let scattered = "a party leader in italy came to the moment";
        let b = Matcher::with(Scorer::Skim).bound("parliament", false);
        let w = b.refined(word.as_bytes(), Shape::of(word));
        let s = b.refined(scattered.as_bytes(), Shape::of(scattered));
        assert!(s + 40 < w, "scattered {s}, word {w}");
        let skim = super::super::skim::new();
        assert!(skim.fuzzy_match(scattered, "parliament").unwrap() <= s);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn never_below_skim_on_words(
            hay in "(par|lia|ment|the|pa|rl|ia|am|en|nt|a|p| |, |-|/)*",
            pat in "[parliment]{2,10}",
        ) {
            check(&hay, &pat)?;
        }

        #[test]
        fn never_below_skim_with_accents(
            hay in "(par|lia|ment|é|ü|“|—| |a|p|-)*",
            pat in "[parliment]{2,8}",
        ) {
            let folded = super::super::fold::lower_str(&hay);
            check(&hay.to_lowercase(), &pat)?;
            check(&folded, &pat)?;
        }

        #[test]
        fn never_below_skim_on_small_alphabets(
            hay in "[abc .,/_-]{0,60}",
            pat in "[abc .-]{2,8}",
        ) {
            check(&hay, &pat)?;
        }
    }
}
