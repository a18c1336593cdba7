//! Attribution: the reporting cue of a sentence with its source and
//! content. [`attribute`] tries each pattern in turn ("X said (that) Y",
//! "Y, X said", "according to X", "X declined to comment", a participle
//! that continues a clause, a second attribution after the first);
//! [`cue`] finds the cues, [`subject`] the sources and [`content`] the
//! claimed words.

pub(crate) mod content;
pub(crate) mod cue;
pub(crate) mod subject;

use super::lexicon::*;
use super::token::{Tok, join, strip_span};
use content::content_after;
pub(crate) use cue::transcript;
use cue::{Cue, cue_at, cue_noun, dash_signature, passive_by};
use subject::*;

/// "The New York Times reports:" / "Trump said in a statement:": a source
/// and cue with nothing after them but the colon.
pub(crate) fn colon_intro(toks: &[Tok]) -> Option<(String, usize)> {
    let colon = toks.iter().rposition(|t| t.text == ":")?;
    (0..colon).find_map(|i| {
        cue_at(toks, i, false)?;
        if toks[i + 1..colon].iter().filter(|t| t.word).count() > 5 {
            return None;
        }
        let (ss, se) = subject_before(toks, i).or_else(|| appositive_subject(toks, i))?;
        Some((join(toks, (ss, se)), toks[ss].s))
    })
}

pub(crate) struct Attr {
    pub(crate) source: String,
    pub(crate) source_at: usize,
    pub(crate) span: (usize, usize),
    /// The reporter's own statement before the source, when the
    /// attribution sits late in the sentence ("X split the list, which
    /// envoys said ...").
    pub(crate) prefix: Option<(usize, usize)>,
}

/// Find the attribution of a sentence.
pub(crate) fn attribute(chars: &[char], toks: &[Tok], open: bool) -> Option<Attr> {
    if toks.is_empty() {
        return None;
    }
    // which tokens sit inside quotation marks
    let mut inside = open;
    let mut inq: Vec<(usize, bool)> = Vec::with_capacity(toks.len());
    for t in toks {
        match t.text.as_str() {
            "“" | "«" | "``" => inside = true,
            "”" | "»" => inside = false,
            "\"" | "''" => inside = !inside,
            _ => {}
        }
        inq.push((t.s, inside && t.word));
    }
    let quoted_at = |pos: usize| {
        inq.binary_search_by_key(&pos, |x| x.0)
            .is_ok_and(|k| inq[k].1)
    };
    if let Some(a) = dash_signature(chars, toks) {
        return Some(a);
    }
    let s_start = toks[0].s;
    let s_end = toks[toks.len() - 1].e;
    let words = toks.iter().filter(|t| t.word).count();
    let caps = toks.iter().filter(|t| t.cap()).count();
    let title_case = words >= 4 && caps * 10 >= words * 7;
    if let Some(a) = transcript(chars, toks) {
        return Some(a);
    }
    let mut i = 0;
    while i < toks.len() {
        let Some((cue, len)) = cue_at(toks, i, title_case) else {
            if let Some(a) = cue_noun(chars, toks, i, s_end)
                && !quoted_at(toks[i].s)
            {
                return Some(a);
            }
            i += 1;
            continue;
        };
        let after = i + len;
        match cue {
            Cue::According => {
                if let Some((ss, se)) =
                    subject_after(toks, after).or_else(|| source_until_comma(toks, i, after))
                {
                    let src = (ss, se);
                    // "According to X, Y." or "Y, according to X."
                    let before_words = toks[..i].iter().filter(|t| t.word).count();
                    let span = if before_words < 2 {
                        let from = toks.get(se).map_or(s_end, |t| t.s);
                        strip_span(chars, from, s_end, true)
                    } else {
                        let tail_words = toks[se..].iter().filter(|t| t.word).count();
                        if tail_words > 3 {
                            // "Y according to X, Z": both sides
                            strip_span(chars, s_start, s_end, true)
                        } else {
                            strip_span(chars, s_start, toks[i].s, true)
                        }
                    };
                    if span.1 > span.0 {
                        return Some(Attr {
                            source: join(toks, src),
                            source_at: toks[ss].s,
                            span,
                            prefix: None,
                        });
                    }
                }
            }
            Cue::Declined => {
                if let Some((ss, se)) = subject_before(toks, i) {
                    return Some(Attr {
                        source: join(toks, (ss, se)),
                        source_at: toks[ss].s,
                        span: strip_span(chars, s_start, s_end, false),
                        prefix: None,
                    });
                }
            }
            Cue::Speech | Cue::ThatOnly | Cue::Action => {
                if let Some(a) = participle(chars, toks, i, s_start, s_end)
                    && !quoted_at(toks[i].s)
                {
                    return Some(a);
                }
                if let Some(a) = attribute_at(chars, toks, i, cue, s_start, s_end)
                    && !quoted_at(a.source_at)
                {
                    return Some(a);
                }
            }
        }
        i += len;
    }
    passive_by(chars, toks)
}

pub(crate) fn attribute_at(
    chars: &[char],
    toks: &[Tok],
    i: usize,
    cue: Cue,
    s_start: usize,
    s_end: usize,
) -> Option<Attr> {
    let words_before = toks[..i].iter().filter(|t| t.word).count();
    let is_closer = |t: &Tok| {
        matches!(
            t.text.as_str(),
            "," | "”" | "\"" | "—" | "–" | "’" | "'" | "-" | "''"
        )
    };
    // what follows the cue: a comma or quote and more words (", he said,
    // “...”") means the content runs on; a few words is an adverbial
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
    // a few words, or an adverbial ("said to the crowd as ..."), after the cue
    let short_rest = rest_words <= 6
        || rest.first().is_some_and(|t| {
            WEEKDAYS.contains(&t.lower.as_str())
                || matches!(
                    t.lower.as_str(),
                    "to" | "in"
                        | "on"
                        | "at"
                        | "as"
                        | "while"
                        | "after"
                        | "before"
                        | "when"
                        | "during"
                        | "from"
                        | "of"
                        | "following"
                        | "adding"
                        | "referring"
                        | "noting"
                        | "with"
                        | "about"
                        | "last"
                        | "this"
                        | "earlier"
                        | "later"
                        | "recently"
                        | "today"
                        | "yesterday"
                        | "via"
                        | "through"
                        | "outside"
                )
        });
    let post_ok = runs_on || short_rest;
    let closers = |t: &Tok| matches!(t.text.as_str(), "”" | "\"" | "''");
    // a quote that opens the sentence and is closed by its comma ("“Y,”
    // she said ...") is the content whatever follows the cue; a title in
    // quotes inside the sentence is not ("On “Fox News Sunday,” X said Y")
    let comma_quote = |k: usize| {
        k >= 2
            && closers(&toks[k - 1])
            && toks[k - 2].text == ","
            && (toks[0].open_quote()
                || toks[..k - 1].iter().all(|t| !closers(t) && !t.open_quote()))
    };
    // Post-content: "Y, X said." / "“Y,” X said." / "Y, said X."
    if cue == Cue::Speech && words_before >= 3 {
        if let Some((ss, se)) = subject_before(toks, i)
            && ss > 0
            && is_closer(&toks[ss - 1])
            && (post_ok || comma_quote(ss))
        {
            let mut c = ss - 1;
            while c > 0 && is_closer(&toks[c]) {
                c -= 1;
            }
            let content_end = toks[c].e;
            let before_words = toks[..=c].iter().filter(|t| t.word).count();
            let quoted = toks[..=c].iter().any(|t| t.open_quote() || t.text == "'");
            let span = if runs_on {
                strip_span(chars, s_start, s_end, false)
            } else {
                strip_span(chars, s_start, content_end, false)
            };
            if span.1 > span.0 && (before_words >= 4 || quoted) {
                return Some(Attr {
                    source: join(toks, (ss, se)),
                    source_at: toks[ss].s,
                    span,
                    prefix: None,
                });
            }
        }
        // "“Y,” Mitch McConnell, R-Ky., said." / "“Y,” Jane Doe, an expert, told me."
        if let Some(q) = toks[..i].iter().rposition(closers)
            && i - q <= 25
            && q >= 2
            && (post_ok || comma_quote(q + 1))
        {
            let mut after = q + 1;
            while after < i && toks[after].text == "," {
                after += 1;
            }
            let mut c = q;
            while c > 0 && (closers(&toks[c]) || toks[c].text == ",") {
                c -= 1;
            }
            if let Some((ss, se)) = subject_after(toks, after)
                && se < i
                && toks[se].text == ","
                && toks[ss..se].iter().any(|t| t.cap())
            {
                let span = if runs_on {
                    strip_span(chars, s_start, s_end, false)
                } else {
                    strip_span(chars, s_start, toks[c].e, false)
                };
                if span.1 > span.0 {
                    return Some(Attr {
                        source: join(toks, (ss, se)),
                        source_at: toks[ss].s,
                        span,
                        prefix: None,
                    });
                }
            }
        }
        // inverted: "Y, said X." (X ends the clause: "..., said he cannot"
        // is "X, an aide, said Y")
        if i > 0
            && is_closer(&toks[i - 1])
            && let Some((ss, se)) = subject_after(toks, i + 1)
            && toks.get(se).is_none_or(|t| !t.word)
        {
            let mut c = i - 1;
            while c > 0 && is_closer(&toks[c]) {
                c -= 1;
            }
            let span = strip_span(chars, s_start, toks[c].e, false);
            if span.1 > span.0 {
                return Some(Attr {
                    source: join(toks, (ss, se)),
                    source_at: toks[ss].s,
                    span,
                    prefix: None,
                });
            }
        }
    }
    // Subject first: "X said (that) Y", "X told Z that Y", "X said: “Y”";
    // "X, the Y of Z, said ...", "X did this and said ..."
    let (ss, se) = stance_subject(toks, i)
        .or_else(|| subject_before(toks, i))
        .or_else(|| appositive_subject(toks, i))?;
    let span = content_after(chars, toks, i, s_end)?;
    // the reporter's words before the subject: "X split the list, which"
    let mut p_end = ss;
    while p_end > 0
        && (!toks[p_end - 1].word
            || matches!(
                toks[p_end - 1].lower.as_str(),
                "which"
                    | "who"
                    | "when"
                    | "as"
                    | "and"
                    | "but"
                    | "that"
                    | "while"
                    | "was"
                    | "after"
            ))
    {
        p_end -= 1;
    }
    Some(Attr {
        source: join(toks, (ss, se)),
        source_at: toks[ss].s,
        span,
        prefix: reporter_prefix(chars, toks, s_start, p_end),
    })
}

/// The reporter's own words before token `end` when there are enough of
/// them to be a statement ("X split the list, which envoys said ...").
pub(crate) fn reporter_prefix(
    chars: &[char],
    toks: &[Tok],
    s_start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    (toks[..end].iter().filter(|t| t.word).count() >= 6)
        .then(|| strip_span(chars, s_start, toks[end - 1].e, false))
        .filter(|p| p.1 > p.0)
}

/// Is the cue at `i` a participle that continues a clause (", saying",
/// "and adding")?
pub(crate) fn continues_clause(toks: &[Tok], i: usize) -> bool {
    i > 0 && toks[i].lower.ends_with("ing") && matches!(toks[i - 1].text.as_str(), "," | "—" | "–")
}

/// "Trump defended the plan on Monday, saying it would create jobs": the
/// subject of the sentence speaks through the participle; the reporter's
/// clause before it is the prefix.
pub(crate) fn participle(
    chars: &[char],
    toks: &[Tok],
    i: usize,
    s_start: usize,
    s_end: usize,
) -> Option<Attr> {
    if !continues_clause(toks, i) {
        return None;
    }
    let (ss, se) = main_subject(toks, i - 1)?;
    let span = content_after(chars, toks, i, s_end)?;
    Some(Attr {
        source: join(toks, (ss, se)),
        source_at: toks[ss].s,
        span,
        prefix: reporter_prefix(chars, toks, s_start, i - 1),
    })
}

/// A second attribution after the cue of `a` when its content came first:
/// "“Y,” X said, adding that Z" and "Y, X said, and warned that Z" (the same
/// source), or "Y, X said; Z, W added" (its own).
pub(crate) fn second_attribution(
    chars: &[char],
    toks: &[Tok],
    a: &mut Attr,
) -> Option<(String, usize, (usize, usize))> {
    let s_end = toks.last()?.e;
    if a.source_at < a.span.0 {
        // "X defended the plan, saying Z": the first content ends at the
        // participle, which has the same source
        let inside = |j: usize| toks[j].s > a.span.0 && toks[j].e <= a.span.1;
        if let Some(j) = (0..toks.len())
            .find(|&j| inside(j) && cue_at(toks, j, false).is_some() && continues_clause(toks, j))
        {
            let span = content_after(chars, toks, j, s_end)?;
            let first = strip_span(chars, a.span.0, toks[j - 1].s, false);
            if first.1 <= first.0 {
                return None;
            }
            a.span = first;
            return Some((a.source.clone(), a.source_at, span));
        }
        // "X released the video, and Y released it to the Post": a
        // coordinated clause with a source and cue of its own
        let (j, (ss, se)) = (0..toks.len()).find_map(|j| {
            if !inside(j) || cue_at(toks, j, false).is_none() {
                return None;
            }
            let (ss, se) = subject_before(toks, j)?;
            let conj = ss.checked_sub(1)?;
            let coordinated = toks[conj].text == ";"
                || (matches!(toks[conj].lower.as_str(), "and" | "but")
                    && conj > 0
                    && toks[conj - 1].text == ",");
            (coordinated && toks[conj].s > a.span.0).then_some((j, (ss, se)))
        })?;
        let span = content_after(chars, toks, j, s_end)?;
        let conj = if toks[ss - 1].text == ";" {
            ss - 1
        } else {
            ss - 2
        };
        let first = strip_span(chars, a.span.0, toks[conj].s, false);
        if first.1 <= first.0 {
            return None;
        }
        a.span = first;
        return Some((join(toks, (ss, se)), toks[ss].s, span));
    }
    if a.source_at < a.span.1 {
        return None;
    }
    let after_source = toks.iter().position(|t| t.s > a.source_at)?;
    // past the first cue
    let (c, len) =
        (after_source..toks.len()).find_map(|k| cue_at(toks, k, false).map(|(_, n)| (k, n)))?;
    let tail = c + len;
    for j in tail..toks.len() {
        if cue_at(toks, j, false).is_none() {
            continue;
        }
        let same =
            continues_clause(toks, j) || (toks[j - 1].is("and") && toks[j].lower.ends_with("ed"));
        if same {
            let span = content_after(chars, toks, j, s_end)?;
            return Some((a.source.clone(), a.source_at, span));
        }
        break;
    }
    let b = attribute(chars, toks.get(tail..)?, false)?;
    (b.span.0 >= a.span.1).then_some((b.source, b.source_at, b.span))
}
