//! Fuzzy search over claims, with fzf's query syntax (see [`query`]).
//!
//! The engine:
//! - every item is prepared once: a lower-case, accent-folded copy of each
//!   field in one arena, and per field a bitmask of the characters in it, so
//!   most non-matching claims are rejected by one AND before any scoring;
//! - scoring is SkimMatcherV2's, behind [`matcher`] so it can be swapped,
//!   on the claims that pass the prefilter, in parallel (rayon);
//! - a [`Searcher`] remembers its last results: when the query grows (each
//!   new term implies an old one) only the previous matches are searched;
//! - a search can be cancelled between chunks (a newer keystroke);
//! - [`Matches::top`] selects the best k without sorting every match.
//!
//! A claim matches when every positive term matches one of its fields (id,
//! speaker, text, note) and no excluded term appears in any of them. Its
//! score is the sum over the terms of the term's best field score; a term
//! equal to the claim's id adds [`ID_BONUS`].

pub mod fold;
pub mod matcher;
pub mod query;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use crate::domain::Claim;
pub use matcher::Matcher;
pub use query::{Kind, Query, Term};

/// What a claim is searched by.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Items per parallel chunk; also how often cancellation is checked.
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
    matcher: Matcher,
}

impl Clone for Index {
    fn clone(&self) -> Index {
        Index {
            items: self.items.clone(),
            arena: self.arena.clone(),
            bounds: self.bounds.clone(),
            masks: self.masks.clone(),
            matcher: Matcher::new(),
        }
    }
}

impl Index {
    pub fn new(items: Vec<Item>) -> Index {
        let size: usize = items
            .iter()
            .map(|i| i.id.len() + i.speaker.len() + i.text.len() + i.note.len())
            .sum();
        let mut arena = String::with_capacity(size + size / 16);
        let mut bounds = Vec::with_capacity(items.len());
        let mut masks = Vec::with_capacity(items.len());
        for item in &items {
            let mut b = [0; FIELDS + 1];
            let mut m = [0; FIELDS];
            for f in 0..FIELDS {
                b[f] = arena.len();
                let src = item.field(f);
                if src.is_ascii() {
                    arena.extend(src.bytes().map(|c| c.to_ascii_lowercase() as char));
                } else {
                    arena.extend(src.chars().map(fold::lower));
                }
                m[f] = fold::mask(&arena[b[f]..]);
            }
            b[FIELDS] = arena.len();
            bounds.push(b);
            masks.push(m);
        }
        Index {
            items,
            arena,
            bounds,
            masks,
            matcher: Matcher::new(),
        }
    }

    pub fn from_claims(claims: &[Claim]) -> Index {
        Index::new(claims.iter().map(Item::of).collect())
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
    /// its text positions; for large sets prefer [`Index::top`] or a
    /// [`Searcher`], which compute positions only for the hits shown.
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

    /// The folded field `f` of item `i`.
    #[inline]
    fn folded(&self, i: usize, f: usize) -> &str {
        let b = &self.bounds[i];
        &self.arena[b[f]..b[f + 1]]
    }

    /// The score of item `i` for `q`, or None if it does not match.
    fn score(&self, i: usize, q: &Query) -> Option<i64> {
        let masks = &self.masks[i];
        let mut total = 0;
        for t in &q.terms {
            if t.kind == Kind::Exclude {
                for (f, &m) in masks.iter().enumerate() {
                    if m & t.mask == t.mask && self.contains(i, f, t) {
                        return None;
                    }
                }
                continue;
            }
            let mut best: Option<i64> = None;
            for (f, &m) in masks.iter().enumerate() {
                if m & t.mask != t.mask {
                    continue;
                }
                if let Some(s) = self.term_score(i, f, t) {
                    best = Some(best.map_or(s, |b| b.max(s)));
                }
            }
            total += best?;
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

    /// The (index, score) of every item matching `q`, in document order,
    /// looking only at `within` when given (itself in document order).
    /// None when `stop` said so.
    fn run(
        &self,
        q: &Query,
        within: Option<&[Scored]>,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Scored>> {
        if q.is_empty() {
            return Some(match within {
                Some(w) => w.iter().map(|s| Scored { score: 0, ..*s }).collect(),
                None => (0..self.len() as u32)
                    .map(|index| Scored { index, score: 0 })
                    .collect(),
            });
        }
        let one = |i: u32| {
            self.score(i as usize, q)
                .map(|score| Scored { index: i, score })
        };
        let n = within.map_or(self.len(), <[Scored]>::len);
        if n <= CHUNK {
            if stop() {
                return None;
            }
            return Some(match within {
                Some(w) => w.iter().filter_map(|s| one(s.index)).collect(),
                None => (0..n as u32).filter_map(one).collect(),
            });
        }
        let chunks: Vec<Option<Vec<Scored>>> = (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                if stop() {
                    return None;
                }
                let range = c * CHUNK..((c + 1) * CHUNK).min(n);
                Some(match within {
                    Some(w) => w[range].iter().filter_map(|s| one(s.index)).collect(),
                    None => range.filter_map(|i| one(i as u32)).collect(),
                })
            })
            .collect();
        let mut out = Vec::with_capacity(chunks.iter().flatten().map(Vec::len).sum());
        for c in chunks {
            out.extend(c?);
        }
        Some(out)
    }
}

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

/// The result of one search: every match, in document order, with its
/// score; sort or select from it as needed.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    query: Query,
    all: Vec<Scored>,
}

impl Matches {
    fn new(query: Query, all: Vec<Scored>) -> Matches {
        Matches { query, all }
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// Every match in document order.
    pub fn in_document_order(&self) -> &[Scored] {
        &self.all
    }

    /// Every match, best first (ties in document order).
    pub fn ranked(&self) -> Vec<Scored> {
        let mut v = self.all.clone();
        if !self.query.is_empty() {
            v.par_sort_unstable_by(rank);
        }
        v
    }

    /// The best `k` matches, best first, without sorting the rest.
    pub fn top_scored(&self, k: usize) -> Vec<Scored> {
        let mut v = self.all.clone();
        if self.query.is_empty() {
            v.truncate(k);
            return v;
        }
        if k < v.len() {
            if k == 0 {
                return Vec::new();
            }
            v.select_nth_unstable_by(k - 1, rank);
            v.truncate(k);
        }
        v.sort_unstable_by(rank);
        v
    }

    /// The best `k` matches as hits, with their text positions.
    pub fn top(&self, index: &Index, k: usize) -> Vec<Hit> {
        self.hits(index, &self.top_scored(k))
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
        if scored.len() > CHUNK {
            scored.par_iter().map(hit).collect()
        } else {
            scored.iter().map(hit).collect()
        }
    }
}

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

/// Search as the user types: remembers the last results, and when the new
/// query narrows the last one (more letters, more terms) searches only
/// within them.
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

    /// The results of `query`.
    pub fn search(&mut self, query: &str) -> &Matches {
        let _ = self.search_until(query, &|| false);
        self.last.get_or_insert_with(Matches::default)
    }

    /// The results of `query`, or None when `cancel` was set during the
    /// search (the previous results are kept).
    pub fn search_cancellable(&mut self, query: &str, cancel: &AtomicBool) -> Option<&Matches> {
        self.search_until(query, &|| cancel.load(Ordering::Relaxed))
    }

    /// The results of `query`, or None when `stop` returned true during the
    /// search (checked between chunks; the previous results are kept).
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
        let within = self
            .last
            .as_ref()
            .filter(|last| q.narrows(&last.query))
            .map(|last| last.all.as_slice());
        let all = self.index.run(&q, within, stop)?;
        self.last = Some(Matches::new(q, all));
        self.last.as_ref()
    }

    /// The last results, if any.
    pub fn last(&self) -> Option<&Matches> {
        self.last.as_ref()
    }
}

#[cfg(test)]
mod tests;
