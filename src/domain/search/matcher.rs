//! The fuzzy scorer: fuzzy-matcher's SkimMatcherV2, behind this one module so
//! that it can be swapped. Everything the engine knows about scoring goes
//! through [`Matcher::score`] and [`Matcher::indices`].
//!
//! Both take a haystack and a pattern that the engine has already folded
//! (lower case or not, accents removed), so the matcher compares characters
//! exactly.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// A fuzzy scorer over pre-folded text. Cheap to share between threads.
pub struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matcher(SkimMatcherV2)")
    }
}

impl Matcher {
    pub fn new() -> Matcher {
        Matcher {
            skim: SkimMatcherV2::default().respect_case(),
        }
    }

    /// The score of `pat` in `hay` (higher is better), or None when `pat`
    /// is not a subsequence of `hay`.
    #[inline]
    pub fn score(&self, hay: &str, pat: &str) -> Option<i64> {
        let mut chars = pat.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return single_char_score(hay, c);
        }
        let end = match_end(hay, pat)?;
        // Skim's score only depends on the text up to the last place the
        // last pattern character could match: cutting the rest off changes
        // nothing but the work done.
        if repeats(pat) {
            fresh().fuzzy_match(&hay[..end], pat)
        } else {
            self.skim.fuzzy_match(&hay[..end], pat)
        }
    }

    /// Prepare `pat` (folded as the haystacks it will be scored against;
    /// `case_sensitive` when those keep their case) for [`Bound::upper`].
    pub fn bound(&self, pat: &str, case_sensitive: bool) -> Bound {
        let p: Vec<char> = pat.chars().collect();
        let mut rest = 0;
        let mut steps = Vec::new();
        for i in 1..p.len() {
            let consecutive = bonus(char_type(p[i - 1]), char_type(p[i])).max(BONUS_CONSECUTIVE);
            rest += SCORE_MATCH + consecutive;
            let mut buf = [0; 4];
            steps.push(Step {
                pair: [p[i - 1] as u8, p[i] as u8],
                bit: super::fold::bit(p[i].encode_utf8(&mut buf).as_bytes()[0]),
                consecutive: SCORE_MATCH + consecutive,
            });
        }
        // Refining works byte by byte, on case-blind text.
        let steps = (pat.is_ascii() && !case_sensitive).then_some(steps);
        let mut first = [0; 4];
        let first_len = p.first().map_or(0, |c| c.encode_utf8(&mut first).len());
        let first_bit = super::fold::bit(first[0]);
        Bound {
            first,
            first_len,
            first_bit,
            len: p.len(),
            rest,
            case_sensitive,
            steps,
        }
    }

    /// The score and the matched positions (code-point indices into `hay`).
    pub fn indices(&self, hay: &str, pat: &str) -> Option<(i64, Vec<usize>)> {
        let end = match_end(hay, pat)?;
        if repeats(pat) {
            fresh().fuzzy_indices(&hay[..end], pat)
        } else {
            self.skim.fuzzy_indices(&hay[..end], pat)
        }
    }
}

/// What [`Bound::upper`] needs to know about a haystack beyond its text,
/// computed once per field when the index is built: the prefilter bits
/// ([`super::fold::bit`]) of the characters that follow a separator, the
/// only places (besides the first character) where skim gives a character
/// an in-place bonus in lower-case text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    after_sep: u64,
}

impl Shape {
    pub fn of(hay: &str) -> Shape {
        let mut after_sep = 0;
        let mut prev_sep = false;
        // Byte by byte: separators are ASCII, and a character after one
        // starts with its first byte (what the prefilter bit is made of).
        for (j, &b) in hay.as_bytes().iter().enumerate() {
            if j > 0 && prev_sep {
                after_sep |= super::fold::bit(b);
            }
            prev_sep = b < 0x80
                && matches!(
                    char_type(b as char),
                    CharType::Empty | CharType::HardSep | CharType::SoftSep
                );
        }
        Shape { after_sep }
    }
}

/// A pattern prepared for bounding its score from above without running
/// the scorer: what lets the engine find the best k matches while scoring
/// only the claims that can still enter them.
///
/// Why the bound holds (SkimMatcherV2's dynamic programme, default scores,
/// case respected, as [`Matcher::score`] runs it): the score is the best sum
/// along a path that matches pattern characters at increasing text
/// positions. Its first matched character earns at most
/// `score_match + gap_extension + bonus`, where the in-place bonus is 16 at
/// the first text character (8 doubled) and at most 8 elsewhere, and 0
/// unless the character follows a separator (lower-case text has no camel
/// humps). Every further character earns `score_match` plus either the
/// consecutive bonus `max(carried, in-place, 4)` or, after a gap,
/// `gap_start + gap_extension × gap + in-place <= -4 + 8 = 4`. In a
/// consecutive step the in-place bonus is fixed by the two pattern
/// characters (their character classes), and the carried bonus, which skim
/// reads from a reused matrix row (possibly left over from an earlier call),
/// is at most `max(in-place, 4)` as well: skim stores a bonus in a column
/// only as 0 or as `max(the in-place bonus of the next column, 4)`, so what
/// it reads there in the step is no more than its own in-place bonus. (What
/// an earlier call left in the matrix could be more, and is read only when
/// the pattern repeats a character one or two places on; such patterns are
/// scored on a fresh matrix, see `repeats`.) Skim's reused rows also let a path skip
/// pattern characters (two at a time); every skipped character loses at
/// least 19, more than any step it affects can gain, so the sum over all
/// characters bounds those paths too. Checked against skim itself, with
/// leftover matrices, by the property tests below and in `super::tests`.
#[derive(Debug, Clone)]
pub struct Bound {
    /// The first character, UTF-8 encoded, and its length.
    first: [u8; 4],
    first_len: usize,
    first_bit: u64,
    len: usize,
    /// The bound of every character after the first.
    rest: i64,
    /// Case-sensitive patterns are scored on case-kept text (camel bonuses);
    /// they get the first character's largest bonus.
    case_sensitive: bool,
    /// For [`Bound::refined`]: every character after the first, with the
    /// one before it (ASCII, case-blind patterns only).
    steps: Option<Vec<Step>>,
}

/// A pattern character after the first, for [`Bound::refined`].
#[derive(Debug, Clone)]
struct Step {
    /// The character before it and itself.
    pair: [u8; 2],
    /// Its prefilter bit.
    bit: u64,
    /// Its bound when it follows the one before it in the text.
    consecutive: i64,
}

/// A step after a gap of one character that skim gives the head bonus:
/// `score_match + gap_start + gap_extension + bonus_head`.
const AFTER_ONE_SEPARATOR: i64 = SCORE_MATCH + GAP_START + GAP_EXTENSION + BONUS_HEAD;
/// The most any other step after a gap earns: a gap of one before a
/// break bonus, or of two before a head bonus.
const AFTER_GAP: i64 = AFTER_ONE_SEPARATOR - 1;
/// The most a step after a gap earns without an in-place bonus.
const AFTER_GAP_PLAIN: i64 = SCORE_MATCH + GAP_START + GAP_EXTENSION;

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
        let first_bonus = if self.case_sensitive || lower.starts_with(&self.first[..self.first_len])
        {
            BONUS_HEAD * FIRST_CHAR_MULTIPLIER
        } else if shape.after_sep & self.first_bit != 0 {
            BONUS_HEAD
        } else {
            0
        };
        SCORE_MATCH + GAP_EXTENSION + first_bonus + self.rest
    }

    /// A tighter bound than [`Bound::upper`] (never above it), at the cost
    /// of a look at the text: a character earns its consecutive bound only
    /// if the text has it right after the pattern's previous character; 20
    /// if the text has them one hard separator apart (a gap of one before a
    /// head bonus); otherwise at most 19 (any other gap), or 12 if the
    /// character never follows a separator. So a claim holding the pattern
    /// as a word bounds above one holding it scattered, which is what lets
    /// the best k be found among few candidates.
    pub fn refined(&self, lower: &[u8], shape: Shape) -> i64 {
        let upper = self.upper(lower, shape);
        let Some(steps) = &self.steps else {
            return upper;
        };
        let mut total = upper - self.rest;
        for s in steps {
            let [a, b] = s.pair;
            let mut best = if shape.after_sep & s.bit != 0 {
                AFTER_GAP
            } else {
                AFTER_GAP_PLAIN
            };
            {
                for j in memchr::memchr_iter(b, lower) {
                    if j >= 1 && lower[j - 1] == a {
                        best = s.consecutive;
                        break;
                    }
                    if j >= 2
                        && lower[j - 2] == a
                        && char_type(lower[j - 1] as char) == CharType::HardSep
                    {
                        best = AFTER_ONE_SEPARATOR;
                    }
                }
            }
            total += best;
        }
        total.min(upper)
    }
}

/// Does `pat` repeat a character one or two places on ("committee",
/// "aba")? Then SkimMatcherV2 can read a bonus that an earlier call on the
/// same thread left in its reused matrix (fuzzy-matcher 0.3.7), and score
/// the same text differently depending on what that thread scored before:
/// the ranking would depend on which worker scored which claim. Such
/// patterns are scored by a fresh matcher (a clean matrix, as skim's
/// `use_cache(false)` intends; that option itself panics in 0.3.7). Other
/// patterns never read what an earlier call left (tested).
fn repeats(pat: &str) -> bool {
    let mut a = '\0';
    let mut b = '\0';
    for (i, c) in pat.chars().enumerate() {
        if (i >= 1 && c == b) || (i >= 2 && c == a) {
            return true;
        }
        a = b;
        b = c;
    }
    false
}

fn fresh() -> SkimMatcherV2 {
    SkimMatcherV2::default().respect_case()
}

// SkimMatcherV2's default scores (fuzzy_matcher::skim::SkimScoreConfig).
const SCORE_MATCH: i64 = 16;
const GAP_EXTENSION: i64 = -1;
const GAP_START: i64 = -3;
const BONUS_CONSECUTIVE: i64 = 4;
const BONUS_HEAD: i64 = 8;
const BONUS_BREAK: i64 = 7;
const BONUS_CAMEL: i64 = 6;
const FIRST_CHAR_MULTIPLIER: i64 = 2;

/// Skim's character classes (fuzzy_matcher::skim::CharType).
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn char_type(c: char) -> CharType {
    match c {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

/// Skim's in-place bonus for a character after `prev`.
fn bonus(prev: CharType, cur: CharType) -> i64 {
    match (prev, cur) {
        (CharType::Empty | CharType::HardSep, _) => BONUS_HEAD,
        (CharType::SoftSep, _) => BONUS_BREAK,
        (CharType::Lower | CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// SkimMatcherV2's score for a one-character pattern, computed directly:
/// with one pattern row its dynamic programme reduces to
/// `score_match + gap_extension + max(bonus at each occurrence)`, the first
/// character's bonus doubled. Equal to skim's by test
/// (`single_char_scores_equal_skims`); the first keystroke of every search
/// is this case, and it needs no matrix.
fn single_char_score(hay: &str, p: char) -> Option<i64> {
    let mut best: Option<i64> = None;
    let mut prev = CharType::Empty;
    for (j, c) in hay.chars().enumerate() {
        let cur = char_type(c);
        if c == p {
            let mut b = bonus(prev, cur);
            if j == 0 {
                b *= FIRST_CHAR_MULTIPLIER;
                best = Some(b);
                break; // nothing beats the doubled first-character bonus
            }
            if best.is_none_or(|x| b > x) {
                best = Some(b);
                if b == BONUS_HEAD {
                    break; // the best bonus after the first character
                }
            }
        }
        prev = cur;
    }
    best.map(|b| SCORE_MATCH + GAP_EXTENSION + b)
}

/// If `pat` is a subsequence of `hay` (compared byte by byte, a necessary
/// condition for a code-point subsequence), the byte offset just after the
/// last occurrence of `pat`'s last character; None otherwise.
#[inline]
fn match_end(hay: &str, pat: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let p = pat.as_bytes();
    let mut at = 0;
    for &b in p {
        at += h.get(at..)?.iter().position(|&x| x == b)? + 1;
    }
    let last = pat.chars().next_back()?;
    let from = hay.rfind(last)?;
    Some(from + last.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_char_scores_equal_skims() {
        let skim = SkimMatcherV2::default().respect_case();
        let hays = [
            "a",
            "ba",
            "b a",
            "b-a",
            "bA",
            "1A",
            "xAy",
            "abc",
            "é a",
            "(a)",
            "aa",
            "x/a",
            "x.a",
            "the afghan push towards peace",
            "Peace Talks",
            "3 abc",
            "“quoted” a",
            "",
        ];
        for hay in hays {
            for p in ['a', 'A', 'p', 'P', 't', '3', ' ', '-', '"', 'é', 'z'] {
                let mut buf = [0; 4];
                let pat = p.encode_utf8(&mut buf);
                assert_eq!(
                    single_char_score(hay, p),
                    skim.fuzzy_match(hay, pat),
                    "{hay:?} / {p:?}"
                );
            }
        }
    }

    use proptest::prelude::*;

    fn lower(s: &str) -> String {
        super::super::fold::lower_str(s)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        /// The bound is never below the matcher's score, which is a fresh
        /// skim's whatever earlier calls left in skim's reused matrices
        /// (`noise` is scored first, on the same thread). Small alphabets,
        /// so that repeats, separators and runs are common.
        #[test]
        fn the_bound_is_never_below_skims_score(
            hay in "[abAB1 ./-]{0,40}",
            pat in "[ab1 .-]{1,7}",
            noise in proptest::collection::vec(("[ab1 ./-]{0,40}", "[ab1 .-]{1,7}"), 0..4),
        ) {
            let skim = SkimMatcherV2::default().respect_case();
            let m = Matcher::new();
            for (h, p) in &noise {
                let _ = skim.fuzzy_match(h, p);
                let _ = m.score(h, p);
                let _ = m.indices(h, p);
            }
            let low = lower(&hay);
            if let Some(s) = m.score(&low, &pat) {
                let bound = m.bound(&pat, false);
                let b = bound.upper(low.as_bytes(), Shape::of(&low));
                prop_assert!(b >= s, "{low:?} / {pat:?}: bound {b} < score {s}");
                let r = bound.refined(low.as_bytes(), Shape::of(&low));
                prop_assert!(r >= s && r <= b, "{low:?} / {pat:?}: refined {r}, score {s}, bound {b}");
                // The matcher's own score is a fresh skim's, history or not.
                let fresh = SkimMatcherV2::default().respect_case().fuzzy_match(&low, &pat);
                prop_assert_eq!(m.score(&low, &pat), fresh);
                let _ = m.score(&hay, &pat);
                prop_assert_eq!(m.score(&low, &pat), fresh);
                let fresh = SkimMatcherV2::default().respect_case().fuzzy_indices(&low, &pat);
                prop_assert_eq!(m.indices(&low, &pat), fresh);
            }
        }

        /// The same for case-sensitive patterns on case-kept text.
        #[test]
        fn the_bound_holds_for_case_sensitive_patterns(
            hay in "[abAB1 ./-]{0,40}",
            pat in "[abAB1 .-]{1,7}",
        ) {
            let m = Matcher::new();
            let low = lower(&hay);
            if let Some(s) = m.score(&hay, &pat) {
                let bound = m.bound(&pat, true);
                let b = bound.upper(low.as_bytes(), Shape::of(&low));
                prop_assert!(b >= s, "{hay:?} / {pat:?}: bound {b} < score {s}");
                prop_assert_eq!(bound.refined(low.as_bytes(), Shape::of(&low)), b);
            }
        }

        /// For a one-character pattern the bound is the score, or one more
        /// (after a punctuation mark, where skim gives 7, not 8).
        #[test]
        fn one_character_bounds_are_almost_exact(hay in "[abc1 ,(/-]{0,30}", p in "[abc1]") {
            let m = Matcher::new();
            if let Some(s) = m.score(&hay, &p) {
                let b = m.bound(&p, false).upper(hay.as_bytes(), Shape::of(&hay));
                prop_assert!(b == s || b == s + 1, "{hay:?} / {p:?}: {b} vs {s}");
            }
        }
    }

    #[test]
    fn a_word_bounds_above_scattered_letters() {
        let m = Matcher::new();
        let b = m.bound("peace", false);
        let word = "the peace talks";
        let scattered = "the people ate cold eggs";
        let (sw, ss) = (Shape::of(word), Shape::of(scattered));
        assert_eq!(
            b.upper(word.as_bytes(), sw),
            b.upper(scattered.as_bytes(), ss)
        );
        assert_eq!(m.score(word, "peace"), Some(b.refined(word.as_bytes(), sw)));
        assert!(b.refined(scattered.as_bytes(), ss) < b.refined(word.as_bytes(), sw));
        assert!(m.score(scattered, "peace") <= Some(b.refined(scattered.as_bytes(), ss)));
    }

    #[test]
    fn the_bound_is_reached_by_a_whole_word() {
        let m = Matcher::new();
        for hay in [
            "parliament said",
            "the parliament said",
            "a parliamentary vote",
        ] {
            let s = m.score(hay, "parliament");
            let b = m
                .bound("parliament", false)
                .upper(hay.as_bytes(), Shape::of(hay));
            assert!(s.is_some_and(|s| s <= b), "{hay}");
        }
        let hay = "the parliament said";
        assert_eq!(
            m.score(hay, "parliament"),
            Some(
                m.bound("parliament", false)
                    .upper(hay.as_bytes(), Shape::of(hay))
            )
        );
    }

    #[test]
    fn cutting_the_tail_keeps_skim_scores() {
        let skim = SkimMatcherV2::default().respect_case();
        let m = Matcher::new();
        let hays = [
            "the us is in contact with the taliban about a possible peace deal",
            "peace talks are going on with the taliban. peace",
            "president karzai said the talks",
            "é accents ü and “quotes” in the text, café",
        ];
        for hay in hays {
            for pat in [
                "t", "ta", "tal", "peace", "pc", "aeiou", "café", "xyz", "e", "the",
            ] {
                assert_eq!(
                    m.score(hay, pat),
                    skim.fuzzy_match(hay, pat),
                    "{hay} / {pat}"
                );
                assert_eq!(
                    m.indices(hay, pat),
                    skim.fuzzy_indices(hay, pat),
                    "{hay} / {pat}"
                );
            }
        }
    }
}
