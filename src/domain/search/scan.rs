//! Finding the matches of a query: every claim (or every one of the last
//! matches) tested term by term over the folded bytes, in parallel chunks
//! that can be cancelled, each match kept as a [`Candidate`] with an upper
//! bound of its score.

use rayon::prelude::*;

use super::matcher::Bound;
use super::prepared::{Prepared, subsequence_end};
use super::query::{Kind, Query, Term};
use super::{CHUNK, FIELDS, Index};

impl Index {
    /// Every item matching `q` with an upper bound of its score, in document
    /// order, looking only at `within` when given (itself in document
    /// order). None when `stop` said so.
    pub(super) fn run(
        &self,
        q: &Query,
        within: Option<&[Candidate]>,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Candidate>> {
        if q.is_empty() {
            let all = |index| Candidate {
                index,
                bound: 0,
                others: 0,
                ends: [NO_END; FIELDS],
            };
            return Some(match within {
                Some(w) => w.iter().map(|c| all(c.index)).collect(),
                None => (0..self.len() as u32).map(all).collect(),
            });
        }
        let terms: Vec<Prepared> = q
            .terms
            .iter()
            .map(|t| Prepared::new(t, &self.matcher))
            .collect();
        self.filter_map(within, stop, |i, _| self.candidate(i, &terms))
    }

    /// The matches of a query whose last term is `last`, from `prev`, the
    /// matches of the same query with that term's first `from` bytes only
    /// (see [`Query::extends_last`]): each field's greedy match of the term
    /// goes on from where it stopped, so a keystroke looks at one more
    /// character per claim, not the whole term.
    pub(super) fn extend(
        &self,
        prev: &[Candidate],
        last: &Term,
        from: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Candidate>> {
        let p = Prepared::new(last, &self.matcher);
        let more = last.lower.as_bytes().get(from..).unwrap_or_default();
        self.filter_map(Some(prev), stop, |i, c| {
            let c = c?;
            let mut ends = [NO_END; FIELDS];
            let mut best: Option<i64> = None;
            for (f, (&was, now)) in c.ends.iter().zip(&mut ends).enumerate() {
                if was == NO_END {
                    continue;
                }
                let hay = self.folded_bytes(i as usize, f);
                let Some(end) = subsequence_end(more, hay, was as usize) else {
                    continue;
                };
                *now = end as u32;
                let b = self.field_bound(&p, i as usize, f, Bound::upper);
                best = Some(best.map_or(b, |x| x.max(b)));
            }
            Some(Candidate {
                index: i,
                bound: c.others + best?,
                others: c.others,
                ends,
            })
        })
    }

    /// The matches of a query that is the query of `prev` (its matches)
    /// with one more term, `term`: only that term is looked for.
    pub(super) fn add_term(
        &self,
        prev: &[Candidate],
        term: &Term,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Candidate>> {
        let p = [Prepared::new(term, &self.matcher)];
        self.filter_map(Some(prev), stop, |i, c| {
            self.candidate_after(i, &p, c?.bound)
        })
    }

    /// Every item (or every one of `within`) for which `one` gives a
    /// candidate, in document order, in parallel chunks; None when `stop`
    /// said so (checked between chunks).
    fn filter_map(
        &self,
        within: Option<&[Candidate]>,
        stop: &(dyn Fn() -> bool + Sync),
        one: impl Fn(u32, Option<&Candidate>) -> Option<Candidate> + Sync,
    ) -> Option<Vec<Candidate>> {
        let n = within.map_or(self.len(), <[Candidate]>::len);
        let chunk = |range: std::ops::Range<usize>| -> Vec<Candidate> {
            match within {
                Some(w) => w[range]
                    .iter()
                    .filter_map(|c| one(c.index, Some(c)))
                    .collect(),
                None => range.filter_map(|i| one(i as u32, None)).collect(),
            }
        };
        if n <= CHUNK {
            return (!stop()).then(|| chunk(0..n));
        }
        let chunks: Vec<Option<Vec<Candidate>>> = (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| (!stop()).then(|| chunk(c * CHUNK..((c + 1) * CHUNK).min(n))))
            .collect();
        let mut out = Vec::with_capacity(chunks.iter().flatten().map(Vec::len).sum());
        for c in chunks {
            out.extend(c?);
        }
        Some(out)
    }

    /// Item `i` as a candidate for the prepared `terms`, if it matches.
    #[inline]
    fn candidate(&self, i: u32, terms: &[Prepared]) -> Option<Candidate> {
        self.candidate_after(i, terms, 0)
    }

    /// Item `i` as a candidate for a query of earlier terms, whose bounds
    /// sum to `earlier` and which it matches, and the prepared `terms`.
    #[inline]
    fn candidate_after(&self, i: u32, terms: &[Prepared], earlier: i64) -> Option<Candidate> {
        let idx = i as usize;
        let masks = &self.masks[idx];
        let mut total = earlier;
        let mut last = 0;
        let mut ends = [NO_END; FIELDS];
        for (n, p) in terms.iter().enumerate() {
            let t = p.term;
            let fields = (0..FIELDS).filter(|&f| masks[f] & t.mask == t.mask);
            if t.kind == Kind::Exclude {
                if fields.into_iter().any(|f| p.matches(self, idx, f)) {
                    return None;
                }
                last = 0;
                continue;
            }
            let mut best: Option<i64> = None;
            for f in fields {
                let Some(end) = p.match_end(self, idx, f) else {
                    continue;
                };
                if n + 1 == terms.len() {
                    ends[f] = end;
                }
                let b = self.field_bound(p, idx, f, Bound::upper);
                best = Some(best.map_or(b, |x| x.max(b)));
            }
            last = best?;
            total += last;
        }
        Some(Candidate {
            index: i,
            bound: total,
            others: total - last,
            ends,
        })
    }
}

/// No match of the last term in this field.
pub(super) const NO_END: u32 = u32::MAX;

/// A matching item and an upper bound of its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    pub(super) index: u32,
    pub(super) bound: i64,
    /// The bound of every term but the last.
    pub(super) others: i64,
    /// Per field, where the greedy match of the last term ends (the byte
    /// after its last character), or NO_END; meaningful only when that term
    /// can be extended ([`Query::extends_last`]).
    pub(super) ends: [u32; FIELDS],
}
