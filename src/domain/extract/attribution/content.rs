//! Content: the claimed words of an attribution, after its cue ("said on
//! Monday that Y": Y) or before it ("Y, X said").

use super::Attr;
use super::subject::{subject_after, subject_before};
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
    let from = skip_time(toks, from);
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

/// Past a comma after the cue ("said, ") and a time ("said this month"):
/// the token where the content starts.
fn skip_time(toks: &[Tok], mut from: usize) -> usize {
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
    from
}

/// A closing mark before a source that follows its content ("Y,” X said").
fn is_closer(t: &Tok) -> bool {
    matches!(
        t.text.as_str(),
        "," | "”" | "\"" | "—" | "–" | "’" | "'" | "-" | "''"
    )
}

/// A closing quotation mark.
fn closes_quote(t: &Tok) -> bool {
    matches!(t.text.as_str(), "”" | "\"" | "''")
}

/// A quote that opens the sentence and is closed by its comma before token
/// `k` ("“Y,” she said ...") is the content whatever follows the cue; a
/// title in quotes inside the sentence is not ("On “Fox News Sunday,” X
/// said Y").
fn comma_quote(toks: &[Tok], k: usize) -> bool {
    k >= 2
        && closes_quote(&toks[k - 1])
        && toks[k - 2].text == ","
        && (toks[0].open_quote()
            || toks[..k - 1]
                .iter()
                .all(|t| !closes_quote(t) && !t.open_quote()))
}

/// What follows a cue at `i` whose content came first.
struct AfterCue {
    /// A comma or quote and more words (", he said, “...”"): the content
    /// runs on past the cue.
    runs_on: bool,
    /// The content may end before the source: it runs on, or only a few
    /// words or an adverbial ("said to the crowd as ...") follow the cue.
    post_ok: bool,
}

fn after_cue(toks: &[Tok], i: usize) -> AfterCue {
    let rest: Vec<&Tok> = toks[i + 1..]
        .iter()
        .filter(|t| {
            !matches!(
                t.text.as_str(),
                "." | "!" | "?" | "”" | "\"" | "’" | "'" | "''"
            )
        })
        .collect();
    let rest_words = rest.iter().filter(|t| t.word).count();
    let runs_on = rest
        .first()
        .is_some_and(|t| t.text == "," || t.open_quote())
        && rest_words >= 3;
    let short_rest = rest_words <= 6
        || rest.first().is_some_and(|t| {
            WEEKDAYS.contains(&t.lower.as_str()) || AFTER_CUE.contains(&t.lower.as_str())
        });
    AfterCue {
        runs_on,
        post_ok: runs_on || short_rest,
    }
}

/// Post-content: "Y, X said." / "“Y,” X, R-Ky., said." / "Y, said X." for
/// the speech cue at `i` in the sentence `sent` (code points).
pub(crate) fn content_first(
    chars: &[char],
    toks: &[Tok],
    i: usize,
    sent: (usize, usize),
) -> Option<Attr> {
    let after = after_cue(toks, i);
    // the content, to `end` (code point) or the whole sentence when it runs on
    let span = |end: usize| {
        let end = if after.runs_on { sent.1 } else { end };
        strip_span(chars, sent.0, end, false)
    };
    // "Y, X said." / "“Y,” X said."
    if let Some((ss, se)) = subject_before(toks, i)
        && ss > 0
        && is_closer(&toks[ss - 1])
        && (after.post_ok || comma_quote(toks, ss))
    {
        let mut c = ss - 1;
        while c > 0 && is_closer(&toks[c]) {
            c -= 1;
        }
        let before_words = toks[..=c].iter().filter(|t| t.word).count();
        let quoted = toks[..=c].iter().any(|t| t.open_quote() || t.text == "'");
        let span = span(toks[c].e);
        if span.1 > span.0 && (before_words >= 4 || quoted) {
            return Some(Attr::at(toks, (ss, se), span));
        }
    }
    // "“Y,” Mitch McConnell, R-Ky., said." / "“Y,” Jane Doe, an expert, told me."
    if let Some(q) = toks[..i].iter().rposition(closes_quote)
        && i - q <= 25
        && q >= 2
        && (after.post_ok || comma_quote(toks, q + 1))
        && let Some(a) = named_after_quote(toks, i, q, span)
    {
        return Some(a);
    }
    inverted(chars, toks, i, sent.0)
}

/// "“Y,” Jane Doe, an expert, told me.": the named source between the
/// quote closed at token `q` and the cue at `i`; `span` makes the content
/// from its end.
fn named_after_quote(
    toks: &[Tok],
    i: usize,
    q: usize,
    span: impl Fn(usize) -> (usize, usize),
) -> Option<Attr> {
    let mut after = q + 1;
    while after < i && toks[after].text == "," {
        after += 1;
    }
    let mut c = q;
    while c > 0 && (closes_quote(&toks[c]) || toks[c].text == ",") {
        c -= 1;
    }
    let (ss, se) = subject_after(toks, after)?;
    if !(se < i && toks[se].text == "," && toks[ss..se].iter().any(|t| t.cap())) {
        return None;
    }
    let span = span(toks[c].e);
    (span.1 > span.0).then(|| Attr::at(toks, (ss, se), span))
}

/// Inverted: "Y, said X." (X ends the clause: "..., said he cannot" is "X,
/// an aide, said Y").
fn inverted(chars: &[char], toks: &[Tok], i: usize, s_start: usize) -> Option<Attr> {
    if !(i > 0 && is_closer(&toks[i - 1])) {
        return None;
    }
    let (ss, se) = subject_after(toks, i + 1)?;
    if toks.get(se).is_some_and(|t| t.word) {
        return None;
    }
    let mut c = i - 1;
    while c > 0 && is_closer(&toks[c]) {
        c -= 1;
    }
    let span = strip_span(chars, s_start, toks[c].e, false);
    (span.1 > span.0).then(|| Attr::at(toks, (ss, se), span))
}
