//! Content: the claimed words of an attribution, after its cue ("said on
//! Monday that Y": Y) or before it ("Y, X said").

use crate::domain::extract::lexicon::*;
use crate::domain::extract::token::{Tok, strip_span};

/// The content after the cue at token `i`: the object of "told" skipped,
/// "that", a colon, a comma and a time ("said on Monday that") dropped.
pub(crate) fn content_after(
    chars: &[char],
    toks: &[Tok],
    i: usize,
    s_end: usize,
) -> Option<(usize, usize)> {
    let mut from = i + 1;
    let l = toks[i].lower.as_str();
    let look = |from: usize, k: usize| {
        toks[from..]
            .iter()
            .take(k)
            .position(|t| t.is("that") || t.is(":") || t.open_quote())
    };
    if in_tell_like(l) {
        if let Some(p) = look(from, 10) {
            from += p + 1;
            if toks[from - 1].open_quote() {
                from -= 1;
            }
        } else {
            // skip the object: a pronoun or a name
            while from < toks.len()
                && (toks[from].cap() || TOLD_OBJECTS.contains(&toks[from].lower.as_str()))
            {
                from += 1;
            }
            // "accused her of lying"
            if from > i + 1 && toks.get(from).is_some_and(|t| t.is("of")) {
                from += 1;
            }
        }
    } else if let Some(p) = look(from, 10)
        && toks[from..from + p].iter().all(|t| {
            !t.word
                || in_adverbial(t.lower.as_str())
                || t.cap()
                || t.lower.chars().all(|c| c.is_ascii_digit())
        })
    {
        from += p + if toks[from + p].open_quote() { 0 } else { 1 };
    }
    // skip a comma after the cue ("said, ") and a time ("said this month")
    const DAYS: &[&str] = &WEEKDAYS;
    while let Some(t) = toks.get(from) {
        let next = toks.get(from + 1).map_or("", |n| n.lower.as_str());
        let l = t.lower.as_str();
        if matches!(t.text.as_str(), "," | ":")
            || DAYS.contains(&l)
            || matches!(
                l,
                "today"
                    | "yesterday"
                    | "tonight"
                    | "earlier"
                    | "later"
                    | "recently"
                    | "again"
                    | "then"
            )
        {
            from += 1;
        } else if (matches!(l, "this" | "last" | "next")
            && (TIME_SPANS.contains(&next) || DAYS.contains(&next)))
            || (l == "on" && DAYS.contains(&next))
        {
            from += 2;
        } else {
            break;
        }
    }
    let content_words = toks[from.min(toks.len())..]
        .iter()
        .filter(|t| t.word)
        .count();
    if content_words < 3 {
        return None;
    }
    let span = strip_span(chars, toks[from].s, s_end, true);
    (span.1 > span.0).then_some(span)
}
