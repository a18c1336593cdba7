//! Attribution: the reporting cue of a sentence with its source and
//! content. [`attribute`] tries each pattern in turn ("X said (that) Y",
//! "Y, X said", "according to X", "X declined to comment", a participle
//! that continues a clause, a second attribution after the first);
//! [`cue`] finds the cues, [`subject`] the sources and [`content`] the
//! claimed words.

pub(crate) mod content;
pub(crate) mod cue;
pub mod guess;
pub(crate) mod subject;

use super::learned_cues::is_learned_cue;
use super::lexicon::*;
use super::token::{Tok, join, strip_span};
use content::{content_after, content_first};
pub(crate) use cue::transcript;
use cue::{Cue, cue_at, cue_noun, dash_signature, passive_by};
pub(crate) use guess::guess;
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
    /// The cue is a learned one ([`super::learned_cues`]): the sentence
    /// needs its check-worthiness score to be a claim.
    pub(crate) learned: bool,
}

impl Attr {
    /// The source at token range `src`, its content `span`, no prefix.
    pub(crate) fn at(toks: &[Tok], src: (usize, usize), span: (usize, usize)) -> Self {
        Attr {
            source: join(toks, src),
            source_at: toks[src.0].s,
            span,
            prefix: None,
            learned: false,
        }
    }
}

/// Find the attribution of a sentence.
pub(crate) fn attribute(chars: &[char], toks: &[Tok], open: bool) -> Option<Attr> {
    if toks.is_empty() {
        return None;
    }
    let inq = quoted_words(toks, open);
    let quoted_at = |pos: usize| {
        inq.binary_search_by_key(&pos, |x| x.0)
            .is_ok_and(|k| inq[k].1)
    };
    if let Some(a) = dash_signature(chars, toks) {
        return Some(a);
    }
    let sent = (toks[0].s, toks[toks.len() - 1].e);
    let words = toks.iter().filter(|t| t.word).count();
    let caps = toks.iter().filter(|t| t.cap()).count();
    let title_case = words >= 4 && caps * 10 >= words * 7;
    if let Some(a) = transcript(chars, toks) {
        return Some(a);
    }
    let mut i = 0;
    while i < toks.len() {
        let Some((cue, len)) = cue_at(toks, i, title_case) else {
            if let Some(a) = cue_noun(chars, toks, i, sent.1)
                && !quoted_at(toks[i].s)
            {
                return Some(a);
            }
            i += 1;
            continue;
        };
        let found = match cue {
            Cue::According => according(chars, toks, i, i + len, sent),
            Cue::Declined => subject_before(toks, i)
                .map(|src| Attr::at(toks, src, strip_span(chars, sent.0, sent.1, false))),
            Cue::Speech | Cue::ThatOnly | Cue::Action => participle(chars, toks, i, sent.0, sent.1)
                .filter(|_| !quoted_at(toks[i].s))
                .or_else(|| {
                    attribute_at(chars, toks, i, cue, sent.0, sent.1)
                        .filter(|a| !quoted_at(a.source_at))
                }),
        };
        if found.is_some() {
            return found;
        }
        i += len;
    }
    passive_by(chars, toks).or_else(|| learned_cue(chars, toks, sent, quoted_at))
}

/// The first attribution by a learned cue ([`super::learned_cues`]) whose
/// source is a name, a pronoun or a role, when no cue of the lexicons gave
/// one: "Trump railed against the judge".
fn learned_cue(
    chars: &[char],
    toks: &[Tok],
    sent: (usize, usize),
    quoted_at: impl Fn(usize) -> bool,
) -> Option<Attr> {
    (1..toks.len()).find_map(|i| {
        let t = &toks[i];
        if !t.word || t.cap() || !is_learned_cue(&t.lower) || quoted_at(t.s) {
            return None;
        }
        if cue::after_determiner(toks, i) {
            return None;
        }
        subject_first(chars, toks, i, sent.0, sent.1)
            .filter(|a| !quoted_at(a.source_at) && plausible_source(&a.source))
            .map(|a| Attr { learned: true, ..a })
    })
}

/// A source a learned cue may speak for: a name (a capitalised word), a
/// pronoun or a role noun ("officials"), not a common noun phrase taken
/// for a subject ("the plan", "campaign").
fn plausible_source(source: &str) -> bool {
    source.split_whitespace().any(|w| {
        let l = w.to_lowercase();
        w.starts_with(char::is_uppercase) && !in_dets(&l)
            || in_pronouns(&l)
            || in_roles(l.trim_end_matches('s'))
            || in_roles(&l)
    })
}

/// For each token, its start and whether it is a word inside quotation
/// marks (`open`: the sentence starts inside a quotation).
fn quoted_words(toks: &[Tok], open: bool) -> Vec<(usize, bool)> {
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
    inq
}

/// "According to X, Y." or "Y, according to X.": the cue at `i`, its
/// source from token `after`, in the sentence `sent` (code points).
fn according(
    chars: &[char],
    toks: &[Tok],
    i: usize,
    after: usize,
    sent: (usize, usize),
) -> Option<Attr> {
    let (s_start, s_end) = sent;
    let (ss, se) = subject_after(toks, after).or_else(|| source_until_comma(toks, i, after))?;
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
    (span.1 > span.0).then(|| Attr::at(toks, (ss, se), span))
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
    if cue == Cue::Speech
        && words_before >= 3
        && let Some(a) = content_first(chars, toks, i, (s_start, s_end))
    {
        return Some(a);
    }
    subject_first(chars, toks, i, s_start, s_end)
}

/// Subject first: "X said (that) Y", "X told Z that Y", "X said: “Y”";
/// "X, the Y of Z, said ...", "X did this and said ...".
fn subject_first(
    chars: &[char],
    toks: &[Tok],
    i: usize,
    s_start: usize,
    s_end: usize,
) -> Option<Attr> {
    let (ss, se) = stance_subject(toks, i)
        .or_else(|| subject_before(toks, i))
        .or_else(|| appositive_subject(toks, i))?;
    let span = content_after(chars, toks, i, s_end)?;
    // the reporter's words before the subject: "X split the list, which"
    let mut p_end = ss;
    while p_end > 0
        && (!toks[p_end - 1].word || BEFORE_SUBJECT.contains(&toks[p_end - 1].lower.as_str()))
    {
        p_end -= 1;
    }
    Some(Attr {
        prefix: reporter_prefix(chars, toks, s_start, p_end),
        ..Attr::at(toks, (ss, se), span)
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
        learned: false,
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
