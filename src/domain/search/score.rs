//! Scoring one claim: the sum over the terms of their best field score
//! (SkimMatcherV2 via [`super::Matcher`]), the refined bound of a candidate,
//! and the text positions a hit highlights.

use super::matcher::{Bound, Shape};
use super::prepared::Prepared;
use super::query::{self, Kind, Query, Term};
use super::{FIELDS, ID, ID_BONUS, Index, TEXT, fold};

impl Index {
    /// The score of item `i` for `q`, or None if it does not match.
    pub(super) fn score(&self, i: usize, q: &Query) -> Option<i64> {
        self.sum_over_terms(
            i,
            &q.terms,
            |t| t,
            |t, f| self.contains(i, f, t),
            |t, f| self.term_score(i, f, t),
        )
    }

    /// A tighter bound than the candidate's for a matching item `i`, from a
    /// closer look at its fields ([`Bound::refined`]).
    pub(super) fn refined_bound(&self, i: usize, terms: &[Prepared]) -> Option<i64> {
        self.sum_over_terms(
            i,
            terms,
            |p| p.term,
            |p, f| p.matches(self, i, f),
            |p, f| {
                p.matches(self, i, f)
                    .then(|| self.field_bound(p, i, f, Bound::refined))
            },
        )
    }

    /// The bound of term `p` in field `f` of item `i`, where it matches.
    #[inline]
    pub(super) fn field_bound(
        &self,
        p: &Prepared,
        i: usize,
        f: usize,
        bound: fn(&Bound, &[u8], Shape) -> i64,
    ) -> i64 {
        let lower = self.folded_bytes(i, f);
        let b = bound(&p.bound, lower, self.shapes[i][f]);
        let id = f == ID && lower == p.term.lower.as_bytes();
        b + if id { ID_BONUS } else { 0 }
    }

    /// A claim's score (or bound): over the positive terms, the sum of the
    /// best `field` value among the fields the term's prefilter mask lets
    /// through; None when a positive term finds no field or an excluded term
    /// is `found` in one.
    #[inline]
    fn sum_over_terms<T>(
        &self,
        i: usize,
        terms: &[T],
        term: impl Fn(&T) -> &Term,
        found: impl Fn(&T, usize) -> bool,
        field: impl Fn(&T, usize) -> Option<i64>,
    ) -> Option<i64> {
        let masks = &self.masks[i];
        let mut total = 0;
        for x in terms {
            let t = term(x);
            let fields = (0..FIELDS).filter(|&f| masks[f] & t.mask == t.mask);
            if t.kind == Kind::Exclude {
                if fields.into_iter().any(|f| found(x, f)) {
                    return None;
                }
                continue;
            }
            total += fields.filter_map(|f| field(x, f)).max()?;
        }
        Some(total)
    }

    fn contains(&self, i: usize, f: usize, t: &Term) -> bool {
        let lower = self.folded(i, f);
        if !lower.contains(t.lower.as_str()) {
            return false;
        }
        !t.case_sensitive || fold::plain_str(self.items[i].field(f)).contains(&t.pat)
    }

    /// The score of term `t` in field `f` of item `i`.
    fn term_score(&self, i: usize, f: usize, t: &Term) -> Option<i64> {
        let lower = self.folded(i, f);
        let plain;
        let hay = if t.case_sensitive {
            // Case-sensitive terms are rare: a case-blind check first, then
            // the case-kept copy, made only for the claims that pass it.
            if !query::is_subsequence(&t.lower, lower) {
                return None;
            }
            plain = fold::plain_str(self.items[i].field(f));
            plain.as_str()
        } else {
            lower
        };
        if t.kind == Kind::Exact && !hay.contains(&t.pat) {
            return None;
        }
        let mut s = self.matcher.score(hay, &t.pat)?;
        if f == ID && hay == t.pat {
            s += ID_BONUS;
        }
        Some(s)
    }

    /// The positions in item `i`'s text that the positive terms match.
    pub fn text_positions(&self, i: usize, q: &Query) -> Vec<usize> {
        let mut pos = Vec::new();
        let lower = self.folded(i, TEXT);
        for t in q.positive() {
            let plain;
            let hay = if t.case_sensitive {
                plain = fold::plain_str(&self.items[i].text);
                plain.as_str()
            } else {
                lower
            };
            if t.kind == Kind::Exact {
                if let Some(at) = hay.find(&t.pat) {
                    let start = hay[..at].chars().count();
                    pos.extend(start..start + t.pat.chars().count());
                }
            } else if let Some((_, p)) = self.matcher.indices(hay, &t.pat) {
                pos.extend(p);
            }
        }
        pos.sort_unstable();
        pos.dedup();
        pos
    }
}
