//! Search as the user types: a [`Searcher`] remembering its last matches,
//! and the [`Generation`] counter that cancels a stale search.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::matches::Matches;
use super::query::Query;
use super::{Hit, Index};

/// A cancellation token: a shared generation counter. Each new search takes
/// a new generation; a search stops when the counter has moved past it.
#[derive(Debug, Clone, Default)]
pub struct Generation(Arc<AtomicU64>);

impl Generation {
    pub fn new() -> Generation {
        Generation::default()
    }

    /// Start a new generation, cancelling every search of older ones.
    pub fn next(&self) -> u64 {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }

    pub fn current(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    /// Has a newer generation than `mine` started?
    pub fn is_stale(&self, mine: u64) -> bool {
        self.current() != mine
    }
}

/// Search as the user types: remembers the last matches, and when the new
/// query narrows the last one (more letters, more terms) searches only
/// within them. `Send`: it can run on a worker thread.
#[derive(Debug, Clone)]
pub struct Searcher {
    index: Arc<Index>,
    last: Option<Matches>,
}

impl Searcher {
    pub fn new(index: Arc<Index>) -> Searcher {
        Searcher { index, last: None }
    }

    pub fn index(&self) -> &Arc<Index> {
        &self.index
    }

    /// The matches of `query` (count them, or take the best k with
    /// [`Matches::top`]).
    pub fn search(&mut self, query: &str) -> &Matches {
        let _ = self.search_until(query, &|| false);
        self.last.get_or_insert_with(Matches::default)
    }

    /// The matches of `query`, or None when `cancel` was set during the
    /// search (the previous matches are kept).
    pub fn search_cancellable(&mut self, query: &str, cancel: &AtomicBool) -> Option<&Matches> {
        self.search_until(query, &|| cancel.load(Ordering::Relaxed))
    }

    /// The matches of `query`, or None when `stop` returned true during the
    /// search (checked between chunks; the previous matches are kept).
    pub fn search_until(
        &mut self,
        query: &str,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<&Matches> {
        let q = Query::parse(query);
        if let Some(last) = &self.last
            && last.query == q
        {
            return self.last.as_ref();
        }
        let all = match &self.last {
            Some(last) => match (q.extends_last(&last.query), q.terms.split_last()) {
                (Some(from), Some((term, _))) => self.index.extend(&last.all, term, from, stop)?,
                (_, Some((term, rest))) if rest == last.query.terms => {
                    self.index.add_term(&last.all, term, stop)?
                }
                _ if q.narrows(&last.query) => self.index.run(&q, Some(&last.all), stop)?,
                _ => self.index.run(&q, None, stop)?,
            },
            None => self.index.run(&q, None, stop)?,
        };
        self.last = Some(Matches::new(q, all));
        self.last.as_ref()
    }

    /// What a keystroke shows: the best `k` matches of `query` with their
    /// highlight positions, and how many matched in all; None when `stop`
    /// returned true (checked between chunks and batches). The matches are
    /// kept for the next, narrower query even when choosing the best k was
    /// cancelled.
    pub fn top_until(
        &mut self,
        query: &str,
        k: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<(Vec<Hit>, usize)> {
        let index = self.index.clone();
        let m = self.search_until(query, stop)?;
        Some((m.top_until(&index, k, stop)?, m.len()))
    }

    /// The last matches, if any.
    pub fn last(&self) -> Option<&Matches> {
        self.last.as_ref()
    }
}
