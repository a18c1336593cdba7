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

pub mod fold;
pub mod matcher;
pub mod query;
pub mod scope;

use std::collections::BinaryHeap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use memchr::memmem;
use rayon::prelude::*;

use crate::domain::Claim;
pub use matcher::Matcher;
use matcher::{Bound, Shape};
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
            matcher: Matcher::new(),
        }
    }
}

/// Items folded per parallel part when an index is built.
const BUILD_PART: usize = 4096;

/// The folded fields of some items, as an [`Index`] keeps them.
struct Folded {
    arena: String,
    bounds: Vec<[usize; FIELDS + 1]>,
    masks: Vec<[u64; FIELDS]>,
    shapes: Vec<[Shape; FIELDS]>,
}

impl Folded {
    fn of(items: &[Item]) -> Folded {
        let size: usize = items
            .iter()
            .map(|i| i.id.len() + i.speaker.len() + i.text.len() + i.note.len())
            .sum();
        let mut arena = String::with_capacity(size + size / 16);
        let mut bounds = Vec::with_capacity(items.len());
        let mut masks = Vec::with_capacity(items.len());
        let mut shapes = Vec::with_capacity(items.len());
        for item in items {
            let mut b = [0; FIELDS + 1];
            let mut m = [0; FIELDS];
            let mut sh = [Shape::default(); FIELDS];
            for f in 0..FIELDS {
                b[f] = arena.len();
                let src = item.field(f);
                if src.is_ascii() {
                    arena.push_str(src);
                    arena[b[f]..].make_ascii_lowercase();
                } else {
                    arena.extend(src.chars().map(fold::lower));
                }
                m[f] = fold::mask(&arena[b[f]..]);
                sh[f] = Shape::of(&arena[b[f]..]);
            }
            b[FIELDS] = arena.len();
            bounds.push(b);
            masks.push(m);
            shapes.push(sh);
        }
        Folded {
            arena,
            bounds,
            masks,
            shapes,
        }
    }
}

/// A term made ready for one search.
struct Prepared<'q> {
    term: &'q Term,
    /// The case-blind pattern is ASCII: a byte-level subsequence test is
    /// exact.
    ascii: bool,
    /// The case-blind pattern as a substring (exact and excluded terms).
    finder: memmem::Finder<'q>,
    bound: Bound,
}

impl<'q> Prepared<'q> {
    fn new(term: &'q Term, matcher: &Matcher) -> Prepared<'q> {
        Prepared {
            term,
            ascii: term.lower.is_ascii(),
            finder: memmem::Finder::new(term.lower.as_bytes()),
            bound: matcher.bound(&term.pat, term.case_sensitive),
        }
    }

    /// Does the term's case-blind form match the folded field `f` of item
    /// `i`?
    #[inline]
    fn matches_lower(&self, index: &Index, i: usize, f: usize) -> Option<u32> {
        let found = match self.term.kind {
            Kind::Fuzzy if self.ascii => {
                let hay = index.folded_bytes(i, f);
                return subsequence_end(self.term.lower.as_bytes(), hay, 0).map(|e| e as u32);
            }
            Kind::Fuzzy => query::is_subsequence(&self.term.lower, index.folded(i, f)),
            Kind::Exact | Kind::Exclude => self.finder.find(index.folded_bytes(i, f)).is_some(),
        };
        found.then_some(0)
    }

    /// Does the term match field `f` of item `i`?
    #[inline]
    fn matches(&self, index: &Index, i: usize, f: usize) -> bool {
        self.match_end(index, i, f).is_some()
    }

    /// If the term matches field `f` of item `i`: for a fuzzy ASCII term,
    /// where its greedy case-blind match ends (the byte after its last
    /// character); 0 for others. (Case is looked at only for case-sensitive
    /// terms, on the claims that pass the case-blind test.)
    #[inline]
    fn match_end(&self, index: &Index, i: usize, f: usize) -> Option<u32> {
        let end = self.matches_lower(index, i, f)?;
        if !self.term.case_sensitive || self.matches_case(index, i, f) {
            Some(end)
        } else {
            None
        }
    }

    /// Does the case-sensitive term match field `f` of item `i` with case?
    fn matches_case(&self, index: &Index, i: usize, f: usize) -> bool {
        let plain = fold::plain_str(index.items[i].field(f));
        match self.term.kind {
            Kind::Fuzzy => query::is_subsequence(&self.term.pat, &plain),
            Kind::Exact | Kind::Exclude => plain.contains(&self.term.pat),
        }
    }
}

/// Is `p` a subsequence of `h` from byte `from` on, byte by byte (for an
/// ASCII `p`, the same as by code point)? If so, where its greedy (leftmost)
/// match ends: the byte after its last character. The greedy match of a
/// longer `p` goes on from there.
#[inline]
fn subsequence_end(p: &[u8], h: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    for &b in p {
        at += memchr::memchr(b, h.get(at..)?)? + 1;
    }
    Some(at)
}

impl Index {
    /// Index `items`: fold their fields, in parallel parts of
    /// 4096 items.
    pub fn new(items: Vec<Item>) -> Index {
        let parts: Vec<Folded> = items.par_chunks(BUILD_PART).map(Folded::of).collect();
        let size = parts.iter().map(|p| p.arena.len()).sum();
        let mut whole = Folded {
            arena: String::with_capacity(size),
            bounds: Vec::with_capacity(items.len()),
            masks: Vec::with_capacity(items.len()),
            shapes: Vec::with_capacity(items.len()),
        };
        for part in parts {
            let at = whole.arena.len();
            whole.arena.push_str(&part.arena);
            whole
                .bounds
                .extend(part.bounds.iter().map(|b| b.map(|x| x + at)));
            whole.masks.extend(part.masks);
            whole.shapes.extend(part.shapes);
        }
        Index {
            items,
            arena: whole.arena,
            bounds: whole.bounds,
            masks: whole.masks,
            shapes: whole.shapes,
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

    /// The score of item `i` for `q`, or None if it does not match.
    fn score(&self, i: usize, q: &Query) -> Option<i64> {
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
    fn refined_bound(&self, i: usize, terms: &[Prepared]) -> Option<i64> {
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
    fn field_bound(
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

    /// Every item matching `q` with an upper bound of its score, in document
    /// order, looking only at `within` when given (itself in document
    /// order). None when `stop` said so.
    fn run(
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
    fn extend(
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
    fn add_term(
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
const NO_END: u32 = u32::MAX;

/// A matching item and an upper bound of its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    index: u32,
    bound: i64,
    /// The bound of every term but the last.
    others: i64,
    /// Per field, where the greedy match of the last term ends (the byte
    /// after its last character), or NO_END; meaningful only when that term
    /// can be extended ([`Query::extends_last`]).
    ends: [u32; FIELDS],
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
    query: Query,
    all: Vec<Candidate>,
}

impl Matches {
    fn new(query: Query, all: Vec<Candidate>) -> Matches {
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
        let score = |c: &Candidate| {
            index
                .score(c.index as usize, &self.query)
                .map(|score| Scored {
                    index: c.index,
                    score,
                })
        };
        if k == self.all.len() {
            // Everything is shown: score everything.
            let mut all = Vec::with_capacity(self.all.len());
            for batch in self.all.chunks(CHUNK) {
                if stop() {
                    return None;
                }
                all.par_extend(batch.par_iter().filter_map(score));
            }
            all.par_sort_unstable_by(rank);
            return Some(all);
        }
        let mut best: BinaryHeap<Worst> = BinaryHeap::with_capacity(k + 1);
        // Can a candidate still enter the best k?
        let may_enter = |best: &BinaryHeap<Worst>, c: &Candidate| match best.peek() {
            Some(Worst(w)) if best.len() == k => {
                c.bound > w.score || (c.bound == w.score && c.index < w.index)
            }
            _ => true,
        };
        let terms: Vec<Prepared> = self
            .query
            .terms
            .iter()
            .map(|t| Prepared::new(t, &index.matcher))
            .collect();
        // Candidates whose bound was refined below the level they were met
        // at, waiting for their own level.
        let mut refined: Vec<Candidate> = Vec::new();
        let mut level = self.all.iter().map(|c| c.bound).max();
        let mut batch = FIRST_BATCH;
        while let Some(l) = level {
            // The candidates bounded by exactly `l`, in document order
            // (those already refined marked), and the next bound below it.
            let mut next: Option<i64> = None;
            let mut lower = |b: i64| {
                if next.is_none_or(|n| b > n) {
                    next = Some(b);
                }
            };
            let mut bucket: Vec<(Candidate, bool)> = Vec::new();
            for c in &self.all {
                if c.bound == l {
                    bucket.push((*c, false));
                } else if c.bound < l {
                    lower(c.bound);
                }
            }
            let waiting = refined.len();
            refined.retain(|c| {
                if c.bound == l {
                    bucket.push((*c, true));
                    false
                } else {
                    lower(c.bound);
                    true
                }
            });
            if refined.len() < waiting {
                bucket.sort_unstable_by_key(|(c, _)| c.index);
            }
            let mut rest = bucket.as_slice();
            while let Some((first, _)) = rest.first() {
                if !may_enter(&best, first) {
                    // The others are later in document order, under the
                    // same bound: none can enter either.
                    break;
                }
                if stop() {
                    return None;
                }
                let (now, later) = rest.split_at(batch.min(rest.len()));
                rest = later;
                batch = (batch * 2).min(MAX_BATCH);
                // Each candidate is scored, or, when a closer look at its
                // text bounds it lower, put back at that lower level.
                let scored: Vec<Result<Scored, Candidate>> = now
                    .par_iter()
                    .with_min_len(16)
                    .filter(|(c, _)| may_enter(&best, c))
                    .filter_map(|&(c, done)| {
                        if !done {
                            let r = index.refined_bound(c.index as usize, &terms);
                            if let Some(r) = r.filter(|&r| r < l) {
                                return Some(Err(Candidate { bound: r, ..c }));
                            }
                        }
                        score(&c).map(Ok)
                    })
                    .collect();
                for s in scored {
                    match s {
                        Ok(s) => {
                            best.push(Worst(s));
                            if best.len() > k {
                                best.pop();
                            }
                        }
                        Err(c) => {
                            lower(c.bound);
                            refined.push(c);
                        }
                    }
                }
            }
            level = next;
            if let (Some(n), Some(Worst(w))) = (level, best.peek())
                && best.len() == k
                && n < w.score
            {
                break;
            }
        }
        let mut top: Vec<Scored> = best.into_iter().map(|Worst(s)| s).collect();
        top.sort_unstable_by(rank);
        Some(top)
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

#[cfg(test)]
mod tests;
