//! The fuzzy scorer, behind this one module so that it can be swapped:
//! fuzzy-matcher's SkimMatcherV2 by default (the design card's), or
//! nucleo-matcher with `CLAIMDESK_MATCHER=nucleo` (to measure the two side
//! by side; docs/search.md). Everything
//! the engine knows about scoring goes through [`Matcher::score`],
//! [`Matcher::indices`] and [`Matcher::bound`].
//!
//! All take a haystack and a pattern that the engine has already folded
//! (lower case or not, accents removed), so the scorer compares characters
//! exactly.

use std::sync::OnceLock;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::{nucleo, skim};

/// Which scorer ranks the matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scorer {
    /// nucleo-matcher (fzf's scoring).
    Nucleo,
    /// fuzzy-matcher's SkimMatcherV2, the default.
    Skim,
}

impl Scorer {
    /// The scorer `CLAIMDESK_MATCHER` names (`skim` or `nucleo`; anything
    /// else, or nothing, is skim), read once per process.
    pub fn from_env() -> Scorer {
        static CHOSEN: OnceLock<Scorer> = OnceLock::new();
        *CHOSEN.get_or_init(|| match std::env::var("CLAIMDESK_MATCHER").as_deref() {
            Ok("nucleo") => Scorer::Nucleo,
            _ => Scorer::Skim,
        })
    }
}

/// A fuzzy scorer over pre-folded text. Cheap to share between threads.
pub struct Matcher {
    scorer: Scorer,
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Matcher({:?})", self.scorer)
    }
}

impl Matcher {
    /// The scorer chosen by [`Scorer::from_env`].
    pub fn new() -> Matcher {
        Matcher::with(Scorer::from_env())
    }

    pub fn with(scorer: Scorer) -> Matcher {
        Matcher {
            scorer,
            skim: skim::new(),
        }
    }

    pub fn scorer(&self) -> Scorer {
        self.scorer
    }

    /// The score of `pat` in `hay` (higher is better), or None when `pat`
    /// is not a subsequence of `hay`.
    #[inline]
    pub fn score(&self, hay: &str, pat: &str) -> Option<i64> {
        match self.scorer {
            Scorer::Nucleo => nucleo::score(hay, pat),
            Scorer::Skim => skim::score(&self.skim, hay, pat),
        }
    }

    /// The score and the matched positions (code-point indices into `hay`).
    pub fn indices(&self, hay: &str, pat: &str) -> Option<(i64, Vec<usize>)> {
        match self.scorer {
            Scorer::Nucleo => nucleo::indices(hay, pat),
            Scorer::Skim => skim::indices(&self.skim, hay, pat),
        }
    }

    /// Prepare `pat` (folded as the haystacks it will be scored against;
    /// `case_sensitive` when those keep their case) for [`Bound::upper`].
    pub fn bound(&self, pat: &str, case_sensitive: bool) -> Bound {
        let p: Vec<char> = pat.chars().collect();
        let step = |i: usize| match self.scorer {
            Scorer::Nucleo => nucleo::step_scores(p[i]),
            Scorer::Skim => skim::step_scores(p[i - 1], p[i]),
        };
        let mut rest = 0;
        let mut steps = Vec::new();
        for i in 1..p.len() {
            let scores = step(i);
            rest += scores.most();
            let mut buf = [0; 4];
            steps.push(Step {
                pair: [p[i - 1] as u8, p[i] as u8],
                bit: super::fold::bit(p[i].encode_utf8(&mut buf).as_bytes()[0]),
                scores,
            });
        }
        // Refining works byte by byte, on case-blind text.
        let steps = (pat.is_ascii() && !case_sensitive).then_some(steps);
        let mut first = [0; 4];
        let first_len = p.first().map_or(0, |c| c.encode_utf8(&mut first).len());
        let first_bit = super::fold::bit(first[0]);
        let first_scores = match (self.scorer, p.first()) {
            (Scorer::Nucleo, Some(&c)) => nucleo::first_scores(c, case_sensitive),
            _ => skim::first_scores(case_sensitive),
        };
        Bound {
            first,
            first_len,
            first_bit,
            len: p.len(),
            first_scores,
            rest,
            path: self.scorer == Scorer::Skim,
            pat: if steps.is_some() {
                pat.as_bytes().to_vec()
            } else {
                Vec::new()
            },
            steps,
        }
    }
}

/// What [`Bound::upper`] needs to know about a haystack beyond its text,
/// computed once per field when the index is built: the prefilter bits
/// ([`super::fold::bit`]) of the characters that follow a separator (any
/// character but a letter or a digit), the only places (besides the first
/// character) where a lower-case letter gets an in-place bonus from either
/// scorer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    after_sep: u64,
}

impl Shape {
    pub fn of(hay: &str) -> Shape {
        let mut after_sep = 0;
        let mut prev_sep = false;
        for (j, c) in hay.char_indices() {
            if j > 0 && prev_sep {
                after_sep |= super::fold::bit(hay.as_bytes()[j]);
            }
            prev_sep = !c.is_alphanumeric();
        }
        Shape { after_sep }
    }
}

/// The first pattern character's bound, by where it can match.
#[derive(Debug, Clone, Copy)]
pub(super) struct FirstScores {
    /// At the text's first character.
    pub(super) at_start: i64,
    /// Right after a separator.
    pub(super) after_separator: i64,
    /// Anywhere else.
    pub(super) elsewhere: i64,
    /// Added where the character first appears at this character position
    /// (1 or more) of a text not starting with it; 0 from
    /// [`NEAR_START_CHARS`] on.
    pub(super) near_start: fn(usize) -> i64,
}

/// Characters from the start within which a scorer may add a prefix bonus.
pub(super) const NEAR_START_CHARS: usize = 14;

/// Where the first `b` after the text's first byte is, as a character
/// position, if within [`NEAR_START_CHARS`] characters.
fn near_start(lower: &[u8], b: u8) -> Option<usize> {
    let head = lower.get(1..lower.len().min(NEAR_START_CHARS * 4))?;
    let j = memchr::memchr(b, head)? + 1;
    let chars = lower[..j].iter().filter(|&&x| x & 0xC0 != 0x80).count();
    (chars < NEAR_START_CHARS).then_some(chars)
}

/// A further pattern character's bound, by what comes before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct StepScores {
    /// Right after the pattern's previous character.
    pub(super) consecutive: i64,
    /// Right after it, in a run of the pattern that nowhere starts at a
    /// word (the text's start or after a separator).
    pub(super) consecutive_inside: i64,
    /// One hard separator after it.
    pub(super) after_one_separator: i64,
    /// After any other gap, where the character follows a separator.
    pub(super) after_gap_at_separator: i64,
    /// After a gap, where it never follows a separator.
    pub(super) after_gap: i64,
}

impl StepScores {
    fn most(&self) -> i64 {
        self.consecutive
            .max(self.after_one_separator)
            .max(self.after_gap_at_separator)
            .max(self.after_gap)
    }
}

/// A pattern prepared for bounding its score from above without running
/// the scorer: what lets the engine find the best k matches while scoring
/// only the claims that can still enter them.
///
/// Both scorers score a path that matches the pattern's characters at
/// increasing text positions, character by character: the first earns a
/// bonus for where it stands (doubled), every further one a consecutive
/// bonus when it follows the one before it, a gap penalty and its own
/// in-place bonus otherwise. The bound sums, per pattern character, the
/// most it can earn: the first by where it can stand ([`FirstScores`]),
/// each further one by what can come before it ([`StepScores`]). Why each
/// figure holds is said where it is made (`skim.rs`, `nucleo.rs`).
///
/// For SkimMatcherV2 (default scores, case respected) the carried bonus,
/// which skim reads from a reused matrix row (possibly left over from an
/// earlier call), is at most `max(in-place, 4)` as well: skim stores a
/// bonus in a column only as 0 or as `max(the in-place bonus of the next
/// column, 4)`. (What an earlier call left in the matrix could be more, and
/// is read only when the pattern repeats a character one or two places on;
/// such patterns are scored on a fresh matrix.) Skim's reused rows also let
/// a path skip pattern characters (two at a time); every skipped character
/// loses at least 19, more than any step it affects can gain, so the sum
/// over all characters bounds those paths too.
///
/// Checked against both scorers themselves by the property tests below and
/// in `super::tests`.
#[derive(Debug, Clone)]
pub struct Bound {
    /// The first character, UTF-8 encoded, and its length.
    first: [u8; 4],
    first_len: usize,
    first_bit: u64,
    len: usize,
    first_scores: FirstScores,
    /// The bound of every character after the first.
    rest: i64,
    /// For [`Bound::refined`]: every character after the first, with the
    /// one before it (ASCII, case-blind patterns only).
    steps: Option<Vec<Step>>,
    /// Whether [`super::path_bound`] bounds it too (SkimMatcherV2's).
    path: bool,
    /// The pattern's bytes, for [`starts_a_word`] (ASCII, case-blind only).
    pat: Vec<u8>,
}

/// A pattern character after the first, for [`Bound::refined`].
#[derive(Debug, Clone)]
struct Step {
    /// The character before it and itself.
    pair: [u8; 2],
    /// Its prefilter bit.
    bit: u64,
    scores: StepScores,
}

impl Bound {
    /// An upper bound of [`Matcher::score`]`(hay, pat)` for any `hay` with
    /// the lower-case folded form `lower` (of [`Shape`] `shape`) in which
    /// `pat` matches. For a one-character lower-case pattern it is the score
    /// itself, up to the prefilter bits' grouping of punctuation.
    #[inline]
    pub fn upper(&self, lower: &[u8], shape: Shape) -> i64 {
        if self.len == 0 {
            return 0;
        }
        let f = &self.first_scores;
        let inside = if shape.after_sep & self.first_bit != 0 {
            f.after_separator.max(f.elsewhere)
        } else {
            f.elsewhere
        };
        let first = if lower.starts_with(&self.first[..self.first_len]) {
            f.at_start.max(inside + (f.near_start)(1))
        } else {
            inside + near_start(lower, self.first[0]).map_or(0, f.near_start)
        };
        first + self.rest
    }

    /// A tighter bound than [`Bound::upper`] (never above it), at the cost
    /// of a look at the text: a character earns its consecutive bound only
    /// if the text has it right after the pattern's previous character;
    /// otherwise the bound after one separator, after a gap where it
    /// follows a separator, or after a gap inside a word. So a claim
    /// holding the pattern as a word bounds above one holding it scattered,
    /// which is what lets the best k be found among few candidates. For
    /// SkimMatcherV2 it is the bound along the text's positions instead
    /// ([`super::path_bound`]), tighter still for scattered matches.
    pub fn refined(&self, lower: &[u8], shape: Shape) -> i64 {
        let upper = self.upper(lower, shape);
        let Some(steps) = &self.steps else {
            return upper;
        };
        // (The path bound counts columns in bytes: only for ASCII text.)
        if self.path
            && (2..=super::path_bound::MAX_PATTERN).contains(&self.pat.len())
            && lower.is_ascii()
        {
            let path = super::path_bound::path_bound(lower, &self.pat, |t| {
                steps[t - 1].scores.consecutive
            });
            return path.min(upper);
        }
        let mut total = upper - self.rest;
        for (i, s) in steps.iter().enumerate() {
            let [a, b] = s.pair;
            let mut best = if shape.after_sep & s.bit != 0 {
                s.scores.after_gap_at_separator
            } else {
                s.scores.after_gap
            };
            for j in memchr::memchr_iter(b, lower) {
                if j >= 1 && lower[j - 1] == a {
                    let run = &self.pat[..i + 2];
                    best = best.max(
                        if s.scores.consecutive_inside < s.scores.consecutive
                            && !starts_a_word(lower, run)
                        {
                            s.scores.consecutive_inside
                        } else {
                            s.scores.consecutive
                        },
                    );
                    break;
                }
                if j >= 2 && lower[j - 2] == a && skim::is_hard_separator(lower[j - 1]) {
                    best = best.max(s.scores.after_one_separator);
                }
            }
            total += best;
        }
        total.min(upper)
    }
}

/// Could a run of consecutive characters ending with the last of `run`
/// start at a word in `lower`: does some suffix of `run` (two characters
/// or more) appear at the start or after a byte that is not an ASCII letter
/// or digit, or does `run` hold such a character itself?
fn starts_a_word(lower: &[u8], run: &[u8]) -> bool {
    if !run.iter().all(u8::is_ascii_alphanumeric) {
        return true;
    }
    (0..run.len().saturating_sub(1)).any(|k| {
        memchr::memmem::find_iter(lower, &run[k..])
            .any(|at| at == 0 || !lower[at - 1].is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests;
