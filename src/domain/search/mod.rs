//! Fuzzy search over claims, with fzf's query syntax (see [`query`]).
//!
//! The engine answers what a search shows: how many claims match, and the
//! best k of them with their highlight positions, ranked by SkimMatcherV2.
//! - Every item is prepared once: a lower-case, accent-folded copy of each
//!   field in one arena, per field a bitmask of the characters in it (most
//!   non-matching claims are rejected by one AND), and per field the
//!   characters that follow a separator ([`matcher::Shape`]).
//! - Whether a claim matches is a case-blind subsequence (or substring) test
//!   per term over the folded bytes (memchr), exactly what skim accepts; the
//!   count needs nothing more. Each match also gets a cheap upper bound of
//!   its score ([`matcher::Bound`]).
//! - The scorer (SkimMatcherV2, behind [`matcher`] so it can be swapped)
//!   runs only on claims that can still enter the best k: candidates are
//!   taken by bound, highest first, in document order within a bound; each
//!   one's bound is first refined from its text ([`matcher::Bound::refined`])
//!   and it goes back to a lower level if that is lower; the search stops
//!   when the k-th best score found beats every bound left (ties in
//!   document order, as a full ranking would have them).
//! - A [`Searcher`] remembers its last matches: when the query narrows the
//!   last one (each new term implies an old one) only those are searched,
//!   and when it only adds characters to the last term, each claim's match
//!   of that term goes on from where it stopped; a term added at the end is
//!   the only one looked for.
//! - Matching and scoring run in parallel chunks (rayon) and can be
//!   cancelled between chunks (a newer keystroke).
//!
//! A claim matches when every positive term matches one of its fields (id,
//! speaker, text, note) and no excluded term appears in any of them. Its
//! score is the sum over the terms of the term's best field score; a term
//! equal to the claim's id adds [`ID_BONUS`].

mod build;
pub mod fold;
pub mod matcher;
mod matches;
mod nucleo;
mod part;
mod path_bound;
mod prepared;
pub mod query;
mod scan;
pub mod scope;
mod score;
mod searcher;
mod skim;
mod skim_dp;

use rayon::prelude::*;

use crate::domain::Claim;
use matcher::Shape;
pub use matcher::{Matcher, Scorer};
pub use matches::{Matches, Scored};
pub use part::IndexPart;
pub use query::{Kind, Query, Term};
#[cfg(test)]
use scan::Candidate;
pub use searcher::{Generation, Searcher};

/// What a claim is searched by.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub id: String,
    pub text: String,
    pub speaker: String,
    pub note: String,
}

impl Item {
    pub fn of(c: &Claim) -> Item {
        Item {
            id: c.id.clone(),
            text: c.text.clone(),
            speaker: c.speaker.clone().unwrap_or_default(),
            note: c.note.clone(),
        }
    }

    fn field(&self, f: usize) -> &str {
        match f {
            ID => &self.id,
            SPEAKER => &self.speaker,
            TEXT => &self.text,
            _ => {
                debug_assert_eq!(f, NOTE);
                &self.note
            }
        }
    }
}

/// One match: the item's index, its score (higher is better), and the
/// matched character positions (code-point indices) in the item's `text`,
/// for highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
    pub text_positions: Vec<usize>,
}

/// Added to a term's score when the term is the claim's id.
pub const ID_BONUS: i64 = 1000;

const ID: usize = 0;
const SPEAKER: usize = 1;
const TEXT: usize = 2;
const NOTE: usize = 3;
const FIELDS: usize = 4;

/// Items per parallel chunk when matching; also how often cancellation is
/// checked.
const CHUNK: usize = 2048;

/// A searchable set of items.
#[derive(Debug, Default)]
pub struct Index {
    items: Vec<Item>,
    /// The folded (lower case, plain) fields of all items, one after another.
    arena: String,
    /// Per item, the arena offsets where its fields start, and its end.
    bounds: Vec<[usize; FIELDS + 1]>,
    /// Per item and field, the prefilter mask of the folded text.
    masks: Vec<[u64; FIELDS]>,
    /// Per item and field, what the score bound needs to know.
    shapes: Vec<[Shape; FIELDS]>,
    matcher: Matcher,
}

impl Clone for Index {
    fn clone(&self) -> Index {
        Index {
            items: self.items.clone(),
            arena: self.arena.clone(),
            bounds: self.bounds.clone(),
            masks: self.masks.clone(),
            shapes: self.shapes.clone(),
            matcher: Matcher::with(self.matcher.scorer()),
        }
    }
}

impl Index {
    pub fn from_claims(claims: &[Claim]) -> Index {
        Index::new(claims.iter().map(Item::of).collect())
    }

    /// This index, ranking with `scorer` (the default is
    /// [`Scorer::from_env`]).
    pub fn with_scorer(mut self, scorer: Scorer) -> Index {
        self.matcher = Matcher::with(scorer);
        self
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// All items matching `query`, best first (ties in document order). An
    /// empty query matches everything in document order. Every hit carries
    /// its text positions, and every match is scored; for large sets prefer
    /// [`Index::top`] or a [`Searcher`], which score only what can be shown.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let q = Query::parse(query);
        let m = self.run(&q, None, &|| false).unwrap_or_default();
        let matches = Matches::new(q, m);
        matches.top(self, matches.len())
    }

    /// The best `k` matches of `query` (best first, ties in document order)
    /// and how many matched in all.
    pub fn top(&self, query: &str, k: usize) -> (Vec<Hit>, usize) {
        let q = Query::parse(query);
        let m = self.run(&q, None, &|| false).unwrap_or_default();
        let matches = Matches::new(q, m);
        (matches.top(self, k), matches.len())
    }

    /// As [`Index::top`] without the highlight positions (each hit's
    /// `text_positions` is empty): a scorer pass less per hit, for callers
    /// that keep only some hits or show no highlight ([`Index::highlight`]).
    pub fn top_plain(&self, query: &str, k: usize) -> (Vec<Hit>, usize) {
        self.plain_hits(query, |m| m.top_scored(self, k))
    }

    /// The matches of `query` scoring at least `floor(best score)`, best
    /// first, without highlight positions (as [`Index::top_plain`]), and
    /// how many matched in all.
    pub fn top_at_least(&self, query: &str, floor: impl Fn(i64) -> i64) -> (Vec<Hit>, usize) {
        self.plain_hits(query, |m| m.at_least(self, floor))
    }

    /// The matches of `query` that `choose` scores, as hits without text
    /// positions, and how many matched in all.
    fn plain_hits(
        &self,
        query: &str,
        choose: impl FnOnce(&Matches) -> Vec<Scored>,
    ) -> (Vec<Hit>, usize) {
        let q = Query::parse(query);
        let m = self.run(&q, None, &|| false).unwrap_or_default();
        let matches = Matches::new(q, m);
        let hits = choose(&matches)
            .iter()
            .map(|s| Hit {
                index: s.index as usize,
                score: s.score,
                text_positions: Vec::new(),
            })
            .collect();
        (hits, matches.len())
    }

    /// Fill in the highlight positions of `hits` for `query`.
    pub fn highlight(&self, hits: &mut [Hit], query: &str) {
        let q = Query::parse(query);
        if q.is_empty() {
            return;
        }
        hits.par_iter_mut()
            .for_each(|h| h.text_positions = self.text_positions(h.index, &q));
    }

    /// The folded field `f` of item `i`.
    #[inline]
    fn folded(&self, i: usize, f: usize) -> &str {
        let b = &self.bounds[i];
        &self.arena[b[f]..b[f + 1]]
    }

    /// The folded field `f` of item `i`, as bytes (no character boundary
    /// checks).
    #[inline]
    fn folded_bytes(&self, i: usize, f: usize) -> &[u8] {
        let b = &self.bounds[i];
        &self.arena.as_bytes()[b[f]..b[f + 1]]
    }
}

#[cfg(test)]
mod tests;
