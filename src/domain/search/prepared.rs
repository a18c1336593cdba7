//! A query term made ready for one search ([`Prepared`]): its case-blind
//! substring finder and score bound, and the byte-level subsequence test the
//! matching runs on.

use memchr::memmem;

use super::matcher::{Bound, Matcher};
use super::query::{self, Kind, Term};
use super::{Index, fold};

/// A term made ready for one search.
pub(super) struct Prepared<'q> {
    pub(super) term: &'q Term,
    /// The case-blind pattern is ASCII: a byte-level subsequence test is
    /// exact.
    ascii: bool,
    /// The case-blind pattern as a substring (exact and excluded terms).
    finder: memmem::Finder<'q>,
    pub(super) bound: Bound,
}

impl<'q> Prepared<'q> {
    pub(super) fn new(term: &'q Term, matcher: &Matcher) -> Prepared<'q> {
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
    pub(super) fn matches(&self, index: &Index, i: usize, f: usize) -> bool {
        self.match_end(index, i, f).is_some()
    }

    /// If the term matches field `f` of item `i`: for a fuzzy ASCII term,
    /// where its greedy case-blind match ends (the byte after its last
    /// character); 0 for others. (Case is looked at only for case-sensitive
    /// terms, on the claims that pass the case-blind test.)
    #[inline]
    pub(super) fn match_end(&self, index: &Index, i: usize, f: usize) -> Option<u32> {
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
pub(super) fn subsequence_end(p: &[u8], h: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    for &b in p {
        at += memchr::memchr(b, h.get(at..)?)? + 1;
    }
    Some(at)
}
