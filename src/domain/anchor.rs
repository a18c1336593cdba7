//! Finding claims again after the article changed.
//!
//! Each claim keeps a quote selector (its exact text and up to 32 characters
//! of context either side, the W3C TextQuoteSelector idea). When the article's
//! SHA-256 no longer matches the sheet's, every claim is looked for in order:
//!
//! 1. its exact text still at its old offsets;
//! 2. its text anywhere, compared after folding typography (curly quotes,
//!    dashes, runs of white space), choosing the place whose context agrees
//!    best, then the one nearest the old offsets;
//! 3. an approximate match: the place with the fewest edits (bounded at 30%
//!    of the quote's length), searched near the old offsets first, then in
//!    the whole text, ties broken by context and distance, as Hypothesis's
//!    client does with diff-match-patch.
//!
//! An approximate match then snaps to whole words, choosing the edges where
//! the old context agrees. A claim found nowhere becomes an orphan: kept
//! with its text, status and notes, never dropped.
//!
//! A reviewed claim whose words changed (anything beyond typography, see
//! [`words_changed`]) keeps its verdict but is marked `needs_review`.

use super::claim::{Anchor, Change, Claim, Stamp};

mod snap;
use snap::{Around, snap_to_words};

/// What happened to one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The exact text is still at the old offsets.
    InPlace,
    /// The same text (up to typography) at new offsets.
    Moved { start: usize, end: usize },
    /// An approximate match with `edits` character edits.
    Approximate {
        start: usize,
        end: usize,
        edits: usize,
    },
    /// Not found: the claim is kept as an orphan.
    Orphan,
}

impl Outcome {
    pub fn span(&self) -> Option<(usize, usize)> {
        match *self {
            Outcome::Moved { start, end } | Outcome::Approximate { start, end, .. } => {
                Some((start, end))
            }
            _ => None,
        }
    }
}

/// A text folded for comparison, with the code-point offset in the original
/// text of every folded character.
struct Folded {
    chars: Vec<char>,
    orig: Vec<usize>,
}

fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        c => c,
    }
}

fn fold(text: &str) -> Folded {
    let mut chars = Vec::with_capacity(text.len());
    let mut orig = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (i, c) in text.chars().enumerate() {
        let c = fold_char(c);
        if c.is_whitespace() {
            if !in_space {
                chars.push(' ');
                orig.push(i);
            }
            in_space = true;
        } else {
            chars.push(c);
            orig.push(i);
            in_space = false;
        }
    }
    Folded { chars, orig }
}

fn fold_plain(s: &str) -> Vec<char> {
    fold(s).chars
}

/// Where a claim's anchor lies in `text` (the article's new text).
pub fn locate(anchor: &Anchor, text: &str) -> Outcome {
    let chars: Vec<char> = text.chars().collect();
    locate_in(anchor, &chars, &fold(text))
}

fn locate_in(anchor: &Anchor, chars: &[char], folded: &Folded) -> Outcome {
    let quote: Vec<char> = anchor.quote.chars().collect();
    if quote.is_empty() {
        return Outcome::Orphan;
    }
    if chars.get(anchor.start..anchor.end) == Some(&quote[..]) {
        return Outcome::InPlace;
    }
    let q = fold_plain(&anchor.quote);
    let q = trim_spaces(&q);
    if q.is_empty() {
        return Outcome::Orphan;
    }
    let prefix = fold_plain(&anchor.prefix);
    let suffix = fold_plain(&anchor.suffix);
    let to_span = |s: usize, e: usize| -> (usize, usize) {
        let start = folded.orig[s];
        let end = folded.orig[e - 1] + 1;
        (start, end)
    };
    // 2. Exact (folded) occurrences.
    let t = &folded.chars;
    let mut best: Option<((usize, i64), usize)> = None;
    if q.len() <= t.len() {
        for s in 0..=t.len() - q.len() {
            if t[s] == q[0] && t[s..s + q.len()] == *q {
                let (start, _) = to_span(s, s + q.len());
                let key = (
                    context_agreement(t, s, s + q.len(), &prefix, &suffix),
                    -(start.abs_diff(anchor.start) as i64),
                );
                if best.is_none_or(|(k, _)| key > k) {
                    best = Some((key, s));
                }
            }
        }
    }
    if let Some((_, s)) = best {
        let (start, end) = to_span(s, s + q.len());
        return Outcome::Moved { start, end };
    }
    // 3. Approximate: near the old place first, then everywhere.
    let limit = (q.len() * 3 / 10).max(1);
    let near = {
        let pad = 3 * q.len() + 500;
        let lo = folded
            .orig
            .partition_point(|&o| o < anchor.start.saturating_sub(pad));
        let hi = folded.orig.partition_point(|&o| o < anchor.end + pad);
        (lo, hi)
    };
    for (lo, hi) in [near, (0, t.len())] {
        if let Some((s, e, edits)) = approximate(&t[lo..hi], q, limit) {
            let around = Around {
                t,
                q,
                limit,
                prefix: &prefix,
                suffix: &suffix,
            };
            let (s, e, edits) =
                snap_to_words(&around, s + lo, e + lo).unwrap_or((s + lo, e + lo, edits));
            let (start, end) = to_span(s, e);
            return Outcome::Approximate { start, end, edits };
        }
        if (lo, hi) == (0, t.len()) {
            break;
        }
    }
    Outcome::Orphan
}

fn trim_spaces(q: &[char]) -> &[char] {
    let start = q.iter().position(|c| *c != ' ').unwrap_or(q.len());
    let end = q.iter().rposition(|c| *c != ' ').map_or(start, |e| e + 1);
    &q[start..end]
}

/// How many characters of context agree either side of `t[s..e]`.
fn context_agreement(t: &[char], s: usize, e: usize, prefix: &[char], suffix: &[char]) -> usize {
    let before = t[..s]
        .iter()
        .rev()
        .zip(prefix.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let after = t[e..]
        .iter()
        .zip(suffix)
        .take_while(|(a, b)| a == b)
        .count();
    before + after
}

/// The substring of `t` closest to `q` by edit distance, if within `limit`
/// edits: (start, end, edits). Sellers' algorithm for the best end, then an
/// anchored reverse pass for the start.
fn approximate(t: &[char], q: &[char], limit: usize) -> Option<(usize, usize, usize)> {
    let m = q.len();
    if m == 0 || t.is_empty() {
        return None;
    }
    let mut col: Vec<usize> = (0..=m).collect();
    let mut best: Option<(usize, usize)> = None; // (edits, end)
    for (j, &tc) in t.iter().enumerate() {
        let mut diag = col[0];
        col[0] = 0;
        for i in 1..=m {
            let up = col[i];
            let cost = usize::from(q[i - 1] != tc);
            col[i] = (diag + cost).min(up + 1).min(col[i - 1] + 1);
            diag = up;
        }
        if col[m] <= limit && best.is_none_or(|(d, _)| col[m] < d) {
            best = Some((col[m], j + 1));
        }
    }
    let (edits, end) = best?;
    // Anchored at `end`, find the start: edit distance of reversed strings
    // with a free end on the text side.
    let lo = end.saturating_sub(m + limit);
    let seg: Vec<char> = t[lo..end].iter().rev().copied().collect();
    let qr: Vec<char> = q.iter().rev().copied().collect();
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut best_len = (prev[m], 0);
    for (j, &tc) in seg.iter().enumerate() {
        let mut cur = vec![j + 1; m + 1];
        for i in 1..=m {
            let cost = usize::from(qr[i - 1] != tc);
            cur[i] = (prev[i - 1] + cost).min(prev[i] + 1).min(cur[i - 1] + 1);
        }
        if cur[m] < best_len.0 || (cur[m] == best_len.0 && j + 1 == m) {
            best_len = (cur[m], j + 1);
        }
        prev = cur;
    }
    let start = end - best_len.1;
    Some((start, end, edits.min(best_len.0)))
}

/// One claim's result in a re-anchoring report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relocation {
    pub id: String,
    pub old: (usize, usize),
    pub outcome: Outcome,
}

/// Re-anchor every claim of `claims` against the article's new `text`
/// without changing anything.
pub fn plan(claims: &[Claim], text: &str) -> Vec<Relocation> {
    let chars: Vec<char> = text.chars().collect();
    let folded = fold(text);
    claims
        .iter()
        .map(|c| Relocation {
            id: c.id.clone(),
            old: (c.anchor.start, c.anchor.end),
            outcome: locate_in(&c.anchor, &chars, &folded),
        })
        .collect()
}

/// Apply a plan: found claims move to their new offsets (with a fresh quote
/// selector and a history entry), the rest become orphans.
pub fn apply(claims: &mut [Claim], text: &str, plan: &[Relocation], by: &str, at: Stamp) {
    for r in plan {
        let Some(c) = claims.iter_mut().find(|c| c.id == r.id) else {
            continue;
        };
        let (start, end) = match r.outcome {
            Outcome::InPlace => (c.anchor.start, c.anchor.end),
            Outcome::Orphan => {
                if !c.orphan {
                    c.orphan = true;
                    c.history.push(Change {
                        at,
                        by: by.to_owned(),
                        field: "anchor".into(),
                        from: format!("{}..{}", c.anchor.start, c.anchor.end),
                        to: "orphan".into(),
                    });
                }
                continue;
            }
            Outcome::Moved { start, end } | Outcome::Approximate { start, end, .. } => (start, end),
        };
        let anchor = Anchor::from_text(text, start, end);
        follow_new_words(c, &anchor.quote, by, at);
        if (start, end) != (c.anchor.start, c.anchor.end) || c.orphan {
            c.history.push(Change {
                at,
                by: by.to_owned(),
                field: "anchor".into(),
                from: if c.orphan {
                    "orphan".into()
                } else {
                    format!("{}..{}", c.anchor.start, c.anchor.end)
                },
                to: format!("{start}..{end}"),
            });
        }
        c.orphan = false;
        c.anchor = anchor;
    }
}

/// Did the article's words change between a claim's old quote and the text
/// now found for it? Typography (quote marks, dashes, runs of white space)
/// does not count; any other edit does, a changed number or name above all.
/// The one rule that decides whether a verdict must be checked again.
pub fn words_changed(old_quote: &str, new_quote: &str) -> bool {
    trim_spaces(&fold_plain(old_quote)) != trim_spaces(&fold_plain(new_quote))
}

/// The reviewed claims of a plan whose words changed, with the article's
/// new words for each: the verdicts applying the plan marks for re-checking.
pub fn verdicts_to_recheck<'a>(
    claims: &'a [Claim],
    text: &str,
    plan: &[Relocation],
) -> Vec<(&'a Claim, String)> {
    let chars: Vec<char> = text.chars().collect();
    let by_id: std::collections::HashMap<&str, &Claim> =
        claims.iter().map(|c| (c.id.as_str(), c)).collect();
    plan.iter()
        .filter_map(|r| {
            let (start, end) = r.outcome.span()?;
            let c = by_id.get(r.id.as_str()).filter(|c| c.is_reviewed())?;
            let now: String = chars.get(start..end)?.iter().collect();
            words_changed(&c.anchor.quote, &now).then_some((*c, now))
        })
        .collect()
}

/// A claim found at `new_quote`: its text follows the article's words
/// (unless the analyst had paraphrased it), and a verdict given on other
/// words is marked `needs_review`, the old and new text in its history.
fn follow_new_words(c: &mut Claim, new_quote: &str, by: &str, at: Stamp) {
    if c.anchor.quote == new_quote {
        return;
    }
    let paraphrased = c.text != c.anchor.quote;
    let changed = words_changed(&c.anchor.quote, new_quote);
    let field = if changed && c.is_reviewed() {
        c.needs_review = true;
        "needs_review"
    } else if !paraphrased {
        "text"
    } else {
        return;
    };
    c.history.push(Change {
        at,
        by: by.to_owned(),
        field: field.into(),
        from: c.anchor.quote.clone(),
        to: new_quote.to_owned(),
    });
    if !paraphrased {
        c.text = new_quote.to_owned();
    }
}

/// Apply `plan` to `sheet` as `check --fix` does: claims found move, the
/// others become orphans, the sheet records the article's new `sha256` and
/// is put back in article order. Returns (claims moved, orphans).
pub fn fix(
    sheet: &mut super::sheet::Sheet,
    text: &str,
    sha256: &str,
    plan: &[Relocation],
    by: &str,
    at: Stamp,
) -> (usize, usize) {
    apply(&mut sheet.claims, text, plan, by, at);
    sheet.sha256 = sha256.to_owned();
    sheet.sort();
    let moved = plan.iter().filter(|r| r.outcome.span().is_some()).count();
    let orphans = plan.iter().filter(|r| r.outcome == Outcome::Orphan).count();
    (moved, orphans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor_of(text: &str, needle: &str) -> Anchor {
        let b = text.find(needle).unwrap();
        let s = text[..b].chars().count();
        Anchor::from_text(text, s, s + needle.chars().count())
    }

    fn found(outcome: &Outcome, text: &str) -> String {
        let (s, e) = outcome.span().unwrap();
        text.chars().skip(s).take(e - s).collect()
    }

    #[test]
    fn in_place_moved_and_folded() {
        let old = "Alpha said “the bridge is safe”. Beta denied it.";
        let a = anchor_of(old, "the bridge is safe");
        assert_eq!(locate(&a, old), Outcome::InPlace);
        let new = "New lead paragraph.\n\nAlpha said \"the bridge\n is safe\". Beta denied it.";
        let o = locate(&a, new);
        assert!(matches!(o, Outcome::Moved { .. }), "{o:?}");
        assert_eq!(found(&o, new), "the bridge\n is safe");
    }

    #[test]
    fn repeated_text_goes_where_the_context_agrees() {
        let old = "One said it rained. Two said it rained. Three said nothing.";
        let a = anchor_of(&old[15..], "it rained");
        let a = Anchor::from_text(old, a.start + 15, a.end + 15);
        assert_eq!(a.prefix, "One said it rained. Two said ");
        let new = format!("Intro. {old}");
        let o = locate(&a, &new);
        let (s, _) = o.span().unwrap();
        assert_eq!(s, 7 + 29, "{o:?}");
    }

    #[test]
    fn approximate_after_a_word_changed_and_orphan_when_gone() {
        let old = "The minister said unemployment fell to 4.1 percent in May, the lowest in years.";
        let a = anchor_of(old, "unemployment fell to 4.1 percent in May");
        let new =
            "The minister said unemployment dropped to 4.1 percent in May, the lowest in years.";
        let o = locate(&a, new);
        assert!(
            matches!(o, Outcome::Approximate { edits: 1..=7, .. }),
            "{o:?}"
        );
        assert_eq!(found(&o, new), "unemployment dropped to 4.1 percent in May");
        let gone = "The minister spoke about the weather and nothing else at all today.";
        assert_eq!(locate(&a, gone), Outcome::Orphan);
    }

    #[test]
    fn apply_moves_and_orphans_with_history() {
        let old = "A said X is true. B said Y is false.";
        let mut claims = vec![Claim::new("C1", old, 7, 16), Claim::new("C2", old, 25, 35)];
        let new = "Intro. A said X is true.";
        let p = plan(&claims, new);
        let at = Stamp::parse("2026-11-28T10:00:00Z").unwrap();
        apply(&mut claims, new, &p, "ana", at);
        assert_eq!((claims[0].anchor.start, claims[0].anchor.end), (14, 23));
        assert_eq!(claims[0].anchor.quote, "X is true");
        assert_eq!(claims[0].history[0].to, "14..23");
        assert!(claims[1].orphan);
        assert_eq!(claims[1].text, "Y is false", "an orphan keeps its text");
        assert_eq!(claims[1].history[0].to, "orphan");
    }
}
