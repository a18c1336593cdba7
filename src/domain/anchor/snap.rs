//! Snapping an approximate match to whole words.
//!
//! The edit-distance search finds the fewest edits, which may start or end
//! inside a word ("r of Afghans" for "many Afghans" after the text became
//! "a number of Afghans"). The edges are moved to word boundaries nearby,
//! choosing the pair where the old context (prefix and suffix) agrees best
//! for the edits it costs.

use super::context_agreement;

/// How far (in folded characters) the start may move.
const WINDOW: usize = 40;
/// How far the end may move.
const END_WINDOW: usize = 16;

/// The folded text and what is looked for in it.
pub(super) struct Around<'a> {
    pub t: &'a [char],
    pub q: &'a [char],
    pub limit: usize,
    pub prefix: &'a [char],
    pub suffix: &'a [char],
}

/// A span of the folded text and the edits it costs: (start, end, edits).
type Span = (usize, usize, usize);

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Is `i` not inside a word of `t`?
fn at_boundary(t: &[char], i: usize) -> bool {
    i == 0 || i >= t.len() || !(is_word(t[i - 1]) && is_word(t[i]))
}

/// The best span with both edges at word boundaries near `s..e`, with its
/// edits: the most context agreement, each edit costing two characters of
/// it, ties to fewer edits. None when no such span is within the limit.
pub(super) fn snap_to_words(a: &Around, s: usize, e: usize) -> Option<Span> {
    let (t, m) = (a.t, a.q.len());
    let w = WINDOW.min(a.limit.max(8));
    let qr: Vec<char> = a.q.iter().rev().copied().collect();
    let lo = s.saturating_sub(w);
    let mut best: Option<((i64, i64), Span)> = None;
    // Ends move less far than starts (each end costs a pass): to the
    // nearest words either side.
    let we = w.min(END_WINDOW);
    let ends = e.saturating_sub(we).max(s + 1)..=(e + we).min(t.len());
    for end in ends.filter(|&i| at_boundary(t, i) && !t[i - 1].is_whitespace()) {
        // Edit distance of q against t[start..end] for every start, by
        // the reversed strings (text side free to stop anywhere).
        let mut prev: Vec<usize> = (0..=m).collect();
        let mut cur = vec![0; m + 1];
        for (j, &tc) in t[lo..end].iter().rev().enumerate() {
            cur[0] = j + 1;
            for i in 1..=m {
                let cost = usize::from(qr[i - 1] != tc);
                cur[i] = (prev[i - 1] + cost).min(prev[i] + 1).min(cur[i - 1] + 1);
            }
            std::mem::swap(&mut prev, &mut cur);
            let start = end - (j + 1);
            let edits = prev[m];
            if edits > a.limit
                || start.abs_diff(s) > w
                || !at_boundary(t, start)
                || t[start].is_whitespace()
            {
                continue;
            }
            let agree = context_agreement(t, start, end, a.prefix, a.suffix) as i64;
            let key = (agree - 2 * edits as i64, -(edits as i64));
            if best.is_none_or(|(k, _)| key > k) {
                best = Some((key, (start, end, edits)));
            }
        }
    }
    best.map(|(_, span)| span)
}
