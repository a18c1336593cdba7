//! Sources: the subject before a cue ("the Afghan President said"), after
//! it ("said Hamid Karzai", "according to X"), behind an appositive ("Erin
//! Murphy, a former aide, said") or a stance ("X is critical of"), and the
//! main clause's subject that a participle speaks for.

use crate::domain::extract::lexicon::*;
use crate::domain::extract::token::{Tok, first_word};

/// The subject that ends just before token `end` (exclusive): its token range.
pub(crate) fn subject_before(toks: &[Tok], end: usize) -> Option<(usize, usize)> {
    let e = subject_end(toks, end);
    if e == 0 {
        return None;
    }
    let last = &toks[e - 1];
    if !last.word {
        return None;
    }
    if matches!(last.lower.as_str(), "who" | "which") {
        // the relative pronoun stands for the noun phrase before it
        let before = if e >= 2 && toks[e - 2].text == "," {
            e - 2
        } else {
            e - 1
        };
        return subject_before(toks, before).filter(|r| r.1 == before);
    }
    if in_pronouns(last.lower.as_str()) {
        return Some((e - 1, e));
    }
    // a share of a poll's respondents: "63 percent said", "Twelve percent
    // indicated"
    if last.is("percent")
        && e >= 2
        && (toks[e - 2]
            .lower
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
            || NUMBER_WORDS.contains(&toks[e - 2].lower.trim_end_matches('-')))
    {
        return Some((e - 2, e));
    }
    let (mut s, has_head) = walk_back(toks, e);
    // leading connectors are not part of it
    while s < e && in_connectors(toks[s].lower.as_str()) {
        s += 1;
    }
    if s >= e || !has_head {
        return None;
    }
    // "attorneys for the family", "a spokesman at the embassy": a role
    // noun with its complement
    if s >= 2
        && matches!(
            toks[s - 1].lower.as_str(),
            "for" | "of" | "at" | "with" | "from"
        )
        && in_roles(toks[s - 2].lower.as_str())
        && let Some((rs, re)) = subject_before(toks, s - 1)
        && re == s - 1
    {
        return Some((rs, e));
    }
    Some((s, e))
}

/// Where the subject before a cue at token `end` ends: past adverbs and
/// catenatives ("appeared to suggest"), a party label in brackets and an
/// age between commas.
fn subject_end(toks: &[Tok], end: usize) -> usize {
    let mut e = end;
    let mut hops = 0;
    while e > 0 && hops < 5 {
        let l = toks[e - 1].lower.as_str();
        if toks[e - 1].word && in_pre_cue(l) {
            e -= 1;
        } else if e > 1 && l == "to" && CATENATIVE.contains(&toks[e - 2].lower.as_str()) {
            // "appeared to suggest", "went on to say"
            e -= 2;
        } else if e > 2 && l == "to" && toks[e - 2].is("on") && toks[e - 3].is("went") {
            e -= 3;
        } else if CATENATIVE.contains(&l) && toks[end].lower.ends_with("ing") {
            // "avoids condemning"
            e -= 1;
        } else {
            break;
        }
        hops += 1;
    }
    // "Rep. Trey Gowdy (R-S.C.) said", "Quina Jones, 25, said"
    if e > 1 && toks[e - 1].text == ")" {
        if let Some(p) = toks[..e - 1]
            .iter()
            .rev()
            .take(8)
            .position(|t| t.text == "(")
        {
            e -= p + 2;
        }
    } else if e > 3
        && toks[e - 1].text == ","
        && toks[e - 2].lower.chars().all(|c| c.is_ascii_digit())
        && toks[e - 3].text == ","
    {
        e -= 3;
    }
    e
}

/// Walk back from token `e` over a name or role noun phrase: its first
/// token, and whether it has a head (a name or role noun).
fn walk_back(toks: &[Tok], e: usize) -> (usize, bool) {
    let mut s = e;
    let mut has_head = false;
    while s > 0 && e - s < 9 {
        let t = &toks[s - 1];
        if !t.word {
            break;
        }
        let l = t.lower.as_str();
        if in_dets(l) {
            if s == e {
                break;
            }
            s -= 1;
            break;
        }
        if t.cap() {
            if in_function_caps(l) && !l.ends_with('.') && s - 1 == first_word(toks) {
                break;
            }
            if in_pronouns(l) {
                break;
            }
            has_head = true;
            s -= 1;
            continue;
        }
        if in_roles(l) {
            has_head = true;
            s -= 1;
            continue;
        }
        if in_connectors(l) {
            // only between two name or role words
            let before = s >= 2 && (toks[s - 2].cap() || in_roles(toks[s - 2].lower.as_str()));
            if s < e && before && (toks[s].cap() || l == "and") {
                s -= 1;
                continue;
            }
            break;
        }
        if in_stop(l) || in_speech(l) || in_pre_cue(l) {
            break;
        }
        // a lower-case modifier before a role or name ("senior officials",
        // "presidential nominee"): only when a head is already in
        let plain = l
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !is_adverb(l);
        // modifiers go before a role noun, not before a name
        let before_role = s < e && !toks[s].cap();
        if has_head && plain && before_role {
            s -= 1;
            continue;
        }
        // a common noun right before the cue with a determiner close before
        // it ("the ad's narrator", "one slide")
        if !has_head && s == e && plain {
            let det = (1..=3).find(|k| {
                s > *k
                    && in_dets(toks[s - 1 - k].lower.as_str())
                    && toks[s - k..s].iter().all(|t| {
                        t.word && !in_stop(t.lower.as_str()) && !in_pre_cue(t.lower.as_str())
                    })
            });
            if let Some(k) = det {
                has_head = true;
                s -= 1 + k;
                break;
            }
        }
        break;
    }
    (s, has_head)
}

/// The subject that starts at token `start`: its token range.
pub(crate) fn subject_after(toks: &[Tok], start: usize) -> Option<(usize, usize)> {
    let mut e = start;
    let mut has_head = false;
    while e < toks.len() && e - start < 10 {
        let t = &toks[e];
        if !t.word {
            break;
        }
        let l = t.lower.as_str();
        if e == start && in_pronouns(l) {
            return Some((e, e + 1));
        }
        if in_dets(l) && e == start {
            e += 1;
            continue;
        }
        if t.cap() && in_function_caps(l) && !matches!(l, "mr." | "mrs." | "ms." | "dr.") {
            break;
        }
        if t.cap() || in_roles(l) {
            has_head = true;
            e += 1;
            continue;
        }
        if in_connectors(l) && has_head && toks.get(e + 1).is_some_and(|n| n.cap()) {
            e += 1;
            continue;
        }
        if !in_stop(l)
            && !in_speech(l)
            && l.chars().all(|c| c.is_alphabetic() || c == '-')
            && !is_adverb(l)
            && toks[e + 1..]
                .iter()
                .take(3)
                .any(|n| n.cap() || in_roles(n.lower.as_str()))
            && !has_head
        {
            e += 1;
            continue;
        }
        break;
    }
    // "a spokesman for the campaign": keep "for X" when X is a name
    if has_head && e > start {
        Some((start, e))
    } else {
        None
    }
}

/// "According to a complaint filed by the S.E.C., Y": a long source that
/// ends at the comma before the content, when the sentence opens with it.
pub(crate) fn source_until_comma(toks: &[Tok], i: usize, after: usize) -> Option<(usize, usize)> {
    if toks[..i].iter().any(|t| t.word) {
        return None;
    }
    let comma = after + toks[after..].iter().take(26).position(|t| t.text == ",")?;
    let rest = toks[comma..].iter().filter(|t| t.word).count();
    (comma > after && rest >= 3 && toks[after..comma].iter().all(|t| t.word || t.text == "-"))
        .then_some((after, comma))
}

/// The subject of the sentence's main clause, before token `limit`: a
/// name, role or pronoun at its start or after a fronted phrase ("In
/// July, Gingrich ..."), followed by its verb.
pub(crate) fn main_subject(toks: &[Tok], limit: usize) -> Option<(usize, usize)> {
    let fw = first_word(toks);
    let fronted = toks[fw..limit]
        .iter()
        .position(|t| t.text == ",")
        .map(|c| fw + c + 1);
    [Some(fw), fronted].into_iter().flatten().find_map(|st| {
        subject_after(toks, st).filter(|&(_, se)| {
            se + 1 < limit && toks[se].word && !in_connectors(toks[se].lower.as_str())
        })
    })
}

/// The subject at the start of the sentence when the cue follows an
/// appositive ("Erin Murphy, a former aide, said") or a coordination
/// ("Schultz backed Democrats and said").
pub(crate) fn appositive_subject(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    let mut e = i;
    while e > 0 && toks[e - 1].word && in_pre_cue(toks[e - 1].lower.as_str()) {
        e -= 1;
    }
    let prev = toks.get(e.checked_sub(1)?)?;
    let mut fw = first_word(toks);
    while fw + 1 < e
        && in_function_caps(toks[fw].lower.as_str())
        && !in_dets(toks[fw].lower.as_str())
        && !in_pronouns(toks[fw].lower.as_str())
    {
        fw += 1;
    }
    if matches!(prev.text.as_str(), "," | "-" | "—" | "–") {
        // the subject may follow a fronted phrase: "With 50 days to go,
        // Minyon Moore, a senior adviser, called ..."
        let sep = prev.text.as_str();
        let mut start = fw;
        for _ in 0..3 {
            let comma = start + toks[start..e].iter().position(|t| t.text == sep)?;
            if comma + 1 >= e {
                return None;
            }
            if comma > start
                && let Some(r) = appositive_from(toks, start, comma, e)
            {
                return Some(r);
            }
            start = comma + 1;
        }
        return None;
    }
    if matches!(prev.lower.as_str(), "and" | "but") {
        let (ss, se) = subject_after(toks, fw)?;
        return (se < e - 1).then_some((ss, se));
    }
    None
}

/// The subject of a stance adjective or noun at `i`: "X is critical of",
/// "X has been a staunch opponent of", "X was not sure that".
pub(crate) fn stance_subject(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    if !STANCE_ADJ.contains(&toks[i].lower.as_str()) {
        return None;
    }
    let mut k = i;
    let mut hops = 0;
    while k > 0 && hops < 4 && !is_be(&toks[k - 1].lower) && toks[k - 1].word {
        let l = toks[k - 1].lower.as_str();
        if in_stop(l) && !matches!(l, "more" | "most" | "very" | "not" | "also")
            || toks[k - 1].cap()
        {
            return None;
        }
        k -= 1;
        hops += 1;
    }
    if k == 0 || !is_be(&toks[k - 1].lower) {
        return None;
    }
    subject_before(toks, k - 1).or_else(|| subject_before(toks, k))
}

/// "X, an appositive, said": X runs from `start` to `comma`; `e` is the
/// token after the appositive's closing comma.
pub(crate) fn appositive_from(
    toks: &[Tok],
    start: usize,
    comma: usize,
    e: usize,
) -> Option<(usize, usize)> {
    // "The state's campaign chairman, Phil Lovas, said": the name
    let name = &toks[comma + 1..e - 1];
    let named =
        !toks[comma - 1].cap() && (1..=4).contains(&name.len()) && name.iter().all(|t| t.cap());
    if let Some((ss, se)) = subject_after(toks, start)
        && se == comma
    {
        return Some(if named { (comma + 1, e - 1) } else { (ss, se) });
    }
    // "The minister of the economy, Mr. Guajardo Villarreal, argues"
    let seg = &toks[start..comma];
    let ok = seg.len() <= 8
        && seg.iter().all(|t| t.word)
        && (in_dets(seg[0].lower.as_str()) || seg[0].cap())
        && seg.iter().any(|t| t.cap() || in_roles(t.lower.as_str()))
        && !seg
            .iter()
            .any(|t| in_stop(t.lower.as_str()) || in_speech(t.lower.as_str()));
    ok.then_some(if named {
        (comma + 1, e - 1)
    } else {
        (start, comma)
    })
}
