//! Reporting cues: the verbs, nouns and phrases that mark an attribution
//! ("said", "according to", "declined to comment", "her promise to"), and
//! the patterns whose cue is punctuation or voice (a dash signature, a
//! speaker label, a passive "reported by").

use super::Attr;
use super::subject::{stance_subject, subject_after, subject_before};
use crate::domain::extract::lexicon::*;
use crate::domain::extract::token::{Tok, join, strip_span};

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Cue {
    Speech,
    ThatOnly,
    According,
    Declined,
    /// A verb of stance or action ("called for", "condemned", "wants"): the
    /// object is the content; subject-first only.
    Action,
}

/// The cue at token `i`: its kind and length in tokens.
pub(crate) fn cue_at(toks: &[Tok], i: usize, title_case: bool) -> Option<(Cue, usize)> {
    let t = &toks[i];
    if !t.word {
        return None;
    }
    // cue verbs are lower case (except sentence-initial "Said" and headlines)
    if t.cap() && i > 0 && !title_case {
        return None;
    }
    let l = t.lower.as_str();
    if after_determiner(toks, i) {
        return None;
    }
    if let Some(cue) = phrase_cue(toks, i, l) {
        return Some(cue);
    }
    if l == "declined" || l == "refused" {
        return None;
    }
    if (in_speech(l) || in_action(l)) && noun_not_verb(toks, i, l) {
        return None;
    }
    if is_passive(toks, i, l) {
        return None;
    }
    verb_cue(toks, i, l)
}

/// A verb never follows a determiner or a possessive ("the claim", "Tulsa
/// police's earlier claim").
pub(crate) fn after_determiner(toks: &[Tok], i: usize) -> bool {
    if head_of_noun_phrase(toks, i) {
        return true;
    }
    let before = toks[..i]
        .iter()
        .rev()
        .find(|p| !(p.word && in_pre_cue(&p.lower)));
    before.is_some_and(|p| {
        matches!(
            p.lower.as_str(),
            "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our" | "my"
        ) || (p.lower.ends_with("'s")
            && !matches!(
                p.lower.as_str(),
                "he's" | "she's" | "it's" | "that's" | "there's" | "who's" | "what's"
            ))
    })
}

/// "his initial tweet", "a subsequent statement", "the vain hope": a
/// base form after a determiner and one lower-case modifier is a noun; "a
/// spokesman said", "his aides say" and "the police warn" keep their verb
/// (a past or "-s" form, a plural or a collective noun before it).
fn head_of_noun_phrase(toks: &[Tok], i: usize) -> bool {
    let l = toks[i].lower.as_str();
    if STANCE_ADJ.contains(&l) {
        // "a staunch opponent of": the noun is the cue
        return false;
    }
    let base = !(l.ends_with('s')
        || l.ends_with("ed")
        || l.ends_with("ing")
        || IRREGULAR_PAST.contains(&l));
    let [det, m] = [i.checked_sub(2), i.checked_sub(1)].map(|k| k.map(|k| &toks[k]));
    let (Some(det), Some(m)) = (det, m) else {
        return false;
    };
    let modifier = m.word
        && !m.cap()
        && !m.lower.ends_with('s')
        && !in_roles(&m.lower)
        && !in_institution(&m.lower)
        && !matches!(
            m.lower.as_str(),
            "police" | "people" | "media" | "public" | "staff" | "press"
        );
    base && modifier
        && matches!(
            det.lower.as_str(),
            "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our" | "my"
        )
}

/// Past forms of reporting verbs that are not "-ed" forms.
const IRREGULAR_PAST: &[&str] = &[
    "said",
    "told",
    "wrote",
    "thought",
    "spoke",
    "felt",
    "knew",
    "saw",
    "heard",
    "sent",
    "held",
    "took",
    "gave",
    "made",
    "found",
    "meant",
    "sought",
    "swore",
    "began",
    "struck",
    "put",
    "set",
    "read",
    "led",
    "met",
    "understood",
    "forgot",
    "foresaw",
    "withdrew",
    "drew",
    "threw",
];

/// "according to" and the phrases of [`DECLINED`] ("declined to comment").
fn phrase_cue(toks: &[Tok], i: usize, l: &str) -> Option<(Cue, usize)> {
    if l == "according" && toks.get(i + 1).is_some_and(|n| n.is("to")) {
        return Some((Cue::According, 2));
    }
    DECLINED.iter().find_map(|d| {
        (d.len() > 1
            && toks.len() >= i + d.len()
            && d.iter().enumerate().all(|(k, w)| toks[i + k].is(w)))
        .then_some((Cue::Declined, d.len()))
    })
}

/// Cue forms that are also plural nouns ("Democratic claims as false")
/// count only before what can open a clause: is the word at `i` a noun here?
fn noun_not_verb(toks: &[Tok], i: usize, l: &str) -> bool {
    let stance_s = l.ends_with('s') && !in_speech(l) && !ACTION.contains(&l) && in_stance(l);
    if !(NOUNISH.contains(&l) || stance_s) {
        return false;
    }
    let next = toks.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
    let opener = CLAUSE_OPENERS.contains(&next);
    let prev_adj = i > 0 && NOUN_MODIFIERS.contains(&toks[i - 1].lower.as_str());
    // "Bill Clinton calls Obamacare ...": a name on both sides
    let named = i > 0 && toks[i - 1].cap() && toks.get(i + 1).is_some_and(|n| n.cap());
    !(opener || named) || prev_adj
}

/// A passive ("was criticized", "has been praised") has no speaker before it.
fn is_passive(toks: &[Tok], i: usize, l: &str) -> bool {
    l.ends_with("ed")
        && toks[..i]
            .iter()
            .rev()
            .take_while(|t| t.word)
            .find(|t| is_be(&t.lower) || !in_pre_cue(&t.lower))
            .is_some_and(|t| is_be(&t.lower))
}

/// The cue of a reporting, stance or action verb (or a stance adjective)
/// at `i`.
fn verb_cue(toks: &[Tok], i: usize, l: &str) -> Option<(Cue, usize)> {
    if in_speech(l) {
        return Some((Cue::Speech, 1));
    }
    // a stance verb that is a noun too is a verb before "that": "Trump
    // charges that"
    if toks.get(i + 1).is_some_and(|n| n.is("that")) && in_stance_noun_verb(l) {
        return Some((Cue::ThatOnly, 1));
    }
    if in_that_only(l) {
        if toks.get(i + 1).is_some_and(|n| n.is("that")) {
            return Some((Cue::ThatOnly, 1));
        }
        return Some((Cue::Action, 1));
    }
    // "is critical of", "a staunch opponent of", "was clear that"
    if STANCE_ADJ.contains(&l)
        && toks.get(i + 1).is_some_and(|n| {
            matches!(
                n.lower.as_str(),
                "of" | "about" | "on" | "that" | "over" | "with" | "toward" | "towards"
            )
        })
        && stance_subject(toks, i).is_some()
    {
        return Some((Cue::Action, 1));
    }
    if in_action(l) {
        let prep = toks
            .get(i + 1)
            .is_some_and(|n| matches!(n.lower.as_str(), "for" | "on" | "to" | "about" | "of"));
        return Some((Cue::Action, if prep { 2 } else { 1 }));
    }
    None
}

/// "Tulsa police's earlier claim that Y", "her promise to Y": the owner of
/// a cue noun is the source, what follows "that" or "to" the content.
pub(crate) fn cue_noun(chars: &[char], toks: &[Tok], i: usize, s_end: usize) -> Option<Attr> {
    if !CUE_NOUNS.contains(&toks[i].lower.as_str()) {
        return None;
    }
    let next = toks.get(i + 1)?.lower.as_str();
    if !(next == "that" || next == "to") {
        return None;
    }
    // the owner: a possessive, at most two modifiers before the noun
    let owner = (i.saturating_sub(3)..i).rev().find(|&k| {
        let l = toks[k].lower.as_str();
        l.ends_with("'s") || l.ends_with("s'") || matches!(l, "his" | "her" | "their")
    })?;
    if toks[owner + 1..i]
        .iter()
        .any(|t| !t.word || in_stop(t.lower.as_str()) || t.cap())
    {
        return None;
    }
    let (ss, se) = match toks[owner].lower.as_str() {
        "his" | "her" | "their" => (owner, owner + 1),
        _ => subject_before(toks, owner + 1)?,
    };
    let source = match toks[owner].lower.as_str() {
        "his" => "he".to_owned(),
        "her" => "she".to_owned(),
        "their" => "they".to_owned(),
        _ => join(toks, (ss, se))
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .to_owned(),
    };
    let from = toks.get(i + 2)?.s;
    let span = strip_span(chars, from, s_end, true);
    (toks[i + 2..].iter().filter(|t| t.word).count() >= 2 && span.1 > span.0).then(|| Attr {
        source,
        source_at: toks[ss].s,
        span,
        prefix: None,
        learned: false,
    })
}

/// "The issue was first reported by The Washington Post": the agent of a
/// passive reporting verb speaks, its subject is the content.
pub(crate) fn passive_by(chars: &[char], toks: &[Tok]) -> Option<Attr> {
    let by = toks.iter().position(|t| t.is("by"))?;
    let verb = by.checked_sub(1)?;
    let l = toks[verb].lower.as_str();
    if !(l.ends_with("ed") && (in_speech(l) || in_action(l) || in_that_only(l))) {
        return None;
    }
    // the form of "be" before it, adverbs and "first" skipped
    let be = (0..verb)
        .rev()
        .find(|&k| is_be(&toks[k].lower) || !(toks[k].word && in_pre_cue(&toks[k].lower)))?;
    if !is_be(&toks[be].lower) {
        return None;
    }
    let mut be_start = be;
    while be_start > 0
        && matches!(
            toks[be_start - 1].lower.as_str(),
            "has" | "have" | "had" | "will" | "would" | "may" | "might" | "could"
        )
    {
        be_start -= 1;
    }
    let (ss, se) = subject_after(toks, by + 1).or_else(|| {
        let n = toks[by + 1..]
            .iter()
            .take_while(|t| t.word && !in_stop(t.lower.as_str()))
            .count();
        (1..=8).contains(&n).then_some((by + 1, by + 1 + n))
    })?;
    let span = strip_span(chars, toks[0].s, toks[be_start].s, false);
    (span.1 > span.0 && be_start > 0).then(|| Attr {
        source: join(toks, (ss, se)),
        source_at: toks[ss].s,
        span,
        prefix: None,
        learned: false,
    })
}

/// "“Quote.” ― Jane Doe": a signature after a dash ends the sentence.
pub(crate) fn dash_signature(chars: &[char], toks: &[Tok]) -> Option<Attr> {
    let d = toks
        .iter()
        .rposition(|t| matches!(t.text.as_str(), "―" | "—" | "–"))?;
    let name = &toks[d + 1..];
    let ok = !name.is_empty()
        && name.len() <= 5
        && name.iter().all(|t| t.cap() || t.text == ".")
        && d > 0
        && toks[..d].iter().filter(|t| t.word).count() >= 3
        && toks[..d].iter().any(|t| t.open_quote() || t.text == "”");
    if !ok {
        return None;
    }
    let span = strip_span(chars, toks[0].s, toks[d].s, false);
    (span.1 > span.0).then(|| Attr {
        source: join(toks, (d + 1, toks.len())),
        source_at: toks[d + 1].s,
        span,
        prefix: None,
        learned: false,
    })
}

/// "PENCE: Well, look, ..." and "Sen. Smith: ...": a speaker label.
pub(crate) fn transcript(chars: &[char], toks: &[Tok]) -> Option<Attr> {
    // a paragraph of a quoted transcript opens with a stray quote mark
    let b = usize::from(toks.first()?.open_quote());
    let toks = &toks[b..];
    let colon = toks.iter().take(6).position(|t| t.text == ":")?;
    if colon == 0 || !toks[..colon].iter().all(|t| t.cap() || t.text == ".") {
        return None;
    }
    let first = toks[0].lower.as_str();
    if in_function_caps(first) && !matches!(first, "mr." | "mrs." | "ms." | "dr.") {
        return None;
    }
    let rest_words = toks[colon + 1..].iter().filter(|t| t.word).count();
    if rest_words < 3 {
        return None;
    }
    let span = strip_span(chars, toks[colon + 1].s, toks[toks.len() - 1].e, false);
    (span.1 > span.0).then(|| Attr {
        source: join(toks, (0, colon)),
        source_at: toks[0].s,
        span,
        prefix: None,
        learned: false,
    })
}
