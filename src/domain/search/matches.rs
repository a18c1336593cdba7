//! The result of one search ([`Matches`]) and the choice of its best k:
//! candidates scored by bound, highest first, until the k-th best score
//! beats every bound left.

use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::prepared::Prepared;
use super::query::Query;
use super::scan::Candidate;
use super::{CHUNK, Hit, Index};

/// A matching item and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    pub index: u32,
    pub score: i64,
}

/// Best first, then document order.
fn rank(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    b.score.cmp(&a.score).then(a.index.cmp(&b.index))
}

/// A [`Scored`] ordered so that the worst ranked is the greatest (the top of
/// a [`BinaryHeap`] keeping the best k).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Worst(Scored);

impl Ord for Worst {
    fn cmp(&self, other: &Worst) -> std::cmp::Ordering {
        rank(&self.0, &other.0)
    }
}

impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Worst) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Candidates scored per parallel batch when selecting the best k: the first
/// batches are small, so that a search whose best k are found early stops
/// early; later ones grow to this.
const MAX_BATCH: usize = 512;
const FIRST_BATCH: usize = 64;

/// The result of one search: every match, in document order, with an upper
/// bound of its score. Counting is free; scores are computed for what is
/// asked ([`Matches::top`], [`Matches::ranked`]).
#[derive(Debug, Clone, Default)]
pub struct Matches {
    pub(super) query: Query,
    pub(super) all: Vec<Candidate>,
}

impl Matches {
    pub(super) fn new(query: Query, all: Vec<Candidate>) -> Matches {
        Matches { query, all }
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The query these are the matches of.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The indices of every match, in document order.
    pub fn indices(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.all.iter().map(|c| c.index as usize)
    }

    /// Every match scored, best first (ties in document order).
    pub fn ranked(&self, index: &Index) -> Vec<Scored> {
        self.top_scored(index, self.len())
    }

    /// The best `k` matches, best first (ties in document order), scoring
    /// only the matches that can still enter them.
    pub fn top_scored(&self, index: &Index, k: usize) -> Vec<Scored> {
        self.top_scored_until(index, k, &|| false)
            .unwrap_or_default()
    }

    /// As [`Matches::top_scored`], or None when `stop` returned true (checked
    /// between batches).
    pub fn top_scored_until(
        &self,
        index: &Index,
        k: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Scored>> {
        let k = k.min(self.all.len());
        if k == 0 {
            return Some(Vec::new());
        }
        if self.query.is_empty() {
            return Some(
                self.all[..k]
                    .iter()
                    .map(|c| Scored {
                        index: c.index,
                        score: 0,
                    })
                    .collect(),
            );
        }
        if k == self.all.len() {
            return self.score_all(index, stop);
        }
        BestK::new(self, index, k).select(stop)
    }

    /// Every match scoring at least `floor` of the best score (`floor`
    /// maps the best score to the lowest kept), best first (ties in
    /// document order), scoring only the matches whose bound reaches that
    /// floor: the best first, then the rest of them.
    pub fn at_least(&self, index: &Index, floor: impl Fn(i64) -> i64) -> Vec<Scored> {
        let Some(best) = self.top_scored(index, 1).first().copied() else {
            return Vec::new();
        };
        if self.query.is_empty() {
            return self.ranked(index);
        }
        let low = floor(best.score);
        let terms: Vec<Prepared> = self
            .query
            .terms
            .iter()
            .map(|t| Prepared::new(t, &index.matcher))
            .collect();
        let mut kept: Vec<Scored> = self
            .all
            .par_iter()
            .with_min_len(256)
            .filter(|c| c.bound >= low)
            .filter(|c| {
                index
                    .refined_bound(c.index as usize, &terms)
                    .is_some_and(|r| r >= low)
            })
            .filter_map(|c| self.scored(index, c))
            .filter(|s| s.score >= low)
            .collect();
        kept.par_sort_unstable_by(rank);
        kept
    }

    /// Everything is shown: every match scored, best first.
    fn score_all(&self, index: &Index, stop: &(dyn Fn() -> bool + Sync)) -> Option<Vec<Scored>> {
        let mut all = Vec::with_capacity(self.all.len());
        for batch in self.all.chunks(CHUNK) {
            if stop() {
                return None;
            }
            all.par_extend(batch.par_iter().filter_map(|c| self.scored(index, c)));
        }
        all.par_sort_unstable_by(rank);
        Some(all)
    }

    /// Candidate `c` scored, or None when it does not match after all.
    fn scored(&self, index: &Index, c: &Candidate) -> Option<Scored> {
        index
            .score(c.index as usize, &self.query)
            .map(|score| Scored {
                index: c.index,
                score,
            })
    }

    /// The best `k` matches as hits, with their text positions.
    pub fn top(&self, index: &Index, k: usize) -> Vec<Hit> {
        self.top_until(index, k, &|| false).unwrap_or_default()
    }

    /// As [`Matches::top`], or None when `stop` returned true.
    pub fn top_until(
        &self,
        index: &Index,
        k: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let scored = self.top_scored_until(index, k, stop)?;
        if stop() {
            return None;
        }
        Some(self.hits(index, &scored))
    }

    /// These matches as hits, with their text positions.
    pub fn hits(&self, index: &Index, scored: &[Scored]) -> Vec<Hit> {
        let hit = |s: &Scored| Hit {
            index: s.index as usize,
            score: s.score,
            text_positions: if self.query.is_empty() {
                Vec::new()
            } else {
                index.text_positions(s.index as usize, &self.query)
            },
        };
        if scored.len() > 64 {
            scored.par_iter().map(hit).collect()
        } else {
            scored.iter().map(hit).collect()
        }
    }
}

/// The choice of the best k of some matches: candidates are taken level by
/// level of their bound, highest first, in document order within a level;
/// each one's bound is first refined from its text and it goes back to a
/// lower level if that is lower; the choice stops when the k-th best score
/// found beats every bound left.
struct BestK<'a> {
    matches: &'a Matches,
    index: &'a Index,
    terms: Vec<Prepared<'a>>,
    k: usize,
    best: BinaryHeap<Worst>,
    /// Candidates whose bound was refined below the level they were met at,
    /// waiting for their own level.
    refined: Vec<Candidate>,
    /// How many candidates the next batch scores.
    batch: usize,
}

/// Make `next` the highest bound below the current level seen so far.
fn lower(next: &mut Option<i64>, b: i64) {
    if next.is_none_or(|n| b > n) {
        *next = Some(b);
    }
}

impl<'a> BestK<'a> {
    fn new(matches: &'a Matches, index: &'a Index, k: usize) -> BestK<'a> {
        BestK {
            matches,
            index,
            terms: matches
                .query
                .terms
                .iter()
                .map(|t| Prepared::new(t, &index.matcher))
                .collect(),
            k,
            best: BinaryHeap::with_capacity(k + 1),
            refined: Vec::new(),
            batch: FIRST_BATCH,
        }
    }

    fn select(mut self, stop: &(dyn Fn() -> bool + Sync)) -> Option<Vec<Scored>> {
        let mut level = self.matches.all.iter().map(|c| c.bound).max();
        while let Some(l) = level {
            let (bucket, mut next) = self.bucket(l);
            self.score_level(l, &bucket, &mut next, stop)?;
            level = next;
            if let (Some(n), Some(Worst(w))) = (level, self.best.peek())
                && self.best.len() == self.k
                && n < w.score
            {
                break;
            }
        }
        let mut top: Vec<Scored> = self.best.into_iter().map(|Worst(s)| s).collect();
        top.sort_unstable_by(rank);
        Some(top)
    }

    /// Can candidate `c` still enter the best k?
    fn may_enter(&self, c: &Candidate) -> bool {
        match self.best.peek() {
            Some(Worst(w)) if self.best.len() == self.k => {
                c.bound > w.score || (c.bound == w.score && c.index < w.index)
            }
            _ => true,
        }
    }

    /// The candidates bounded by exactly `l`, in document order (those
    /// already refined marked), and the next bound below it.
    fn bucket(&mut self, l: i64) -> (Vec<(Candidate, bool)>, Option<i64>) {
        let mut next: Option<i64> = None;
        let mut bucket: Vec<(Candidate, bool)> = Vec::new();
        for c in &self.matches.all {
            if c.bound == l {
                bucket.push((*c, false));
            } else if c.bound < l {
                lower(&mut next, c.bound);
            }
        }
        let waiting = self.refined.len();
        self.refined.retain(|c| {
            if c.bound == l {
                bucket.push((*c, true));
                false
            } else {
                lower(&mut next, c.bound);
                true
            }
        });
        if self.refined.len() < waiting {
            bucket.sort_unstable_by_key(|(c, _)| c.index);
        }
        (bucket, next)
    }

    /// Score the candidates of level `l` in growing batches, until none
    /// left can enter the best k; None when `stop` said so.
    fn score_level(
        &mut self,
        l: i64,
        bucket: &[(Candidate, bool)],
        next: &mut Option<i64>,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<()> {
        let mut rest = bucket;
        while let Some((first, _)) = rest.first() {
            if !self.may_enter(first) {
                // The others are later in document order, under the same
                // bound: none can enter either.
                break;
            }
            if stop() {
                return None;
            }
            let (now, later) = rest.split_at(self.batch.min(rest.len()));
            rest = later;
            self.batch = (self.batch * 2).min(MAX_BATCH);
            for s in self.score_batch(l, now) {
                match s {
                    Ok(s) => {
                        self.best.push(Worst(s));
                        if self.best.len() > self.k {
                            self.best.pop();
                        }
                    }
                    Err(c) => {
                        lower(next, c.bound);
                        self.refined.push(c);
                    }
                }
            }
        }
        Some(())
    }

    /// Each candidate of `now` scored, or, when a closer look at its text
    /// bounds it lower than level `l`, that lower bound.
    fn score_batch(&self, l: i64, now: &[(Candidate, bool)]) -> Vec<Result<Scored, Candidate>> {
        now.par_iter()
            .with_min_len(16)
            .filter(|(c, _)| self.may_enter(c))
            .filter_map(|&(c, done)| {
                if !done {
                    let r = self.index.refined_bound(c.index as usize, &self.terms);
                    if let Some(r) = r.filter(|&r| r < l) {
                        return Some(Err(Candidate { bound: r, ..c }));
                    }
                }
                self.matches.scored(self.index, &c).map(Ok)
            })
            .collect()
    }
}
