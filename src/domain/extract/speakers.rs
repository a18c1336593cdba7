//! Speakers are people or organisations: the last pass over an article's
//! candidates drops speakers that are not (a document or common noun alone,
//! "the statement", "data"; a place, "San Diego"; an event, "the Macy's
//! Thanksgiving Day Parade"; a fragment of a headline, "Things Advisors Need
//! To") and writes each entity one way per article (possessives, titles and
//! shorter forms folded to the longest form seen: "Morningstar Karin
//! Anderson" and "Karin Anderson" become "Morningstar's Karin Anderson").
//! A claim whose speaker is dropped keeps its text with no speaker: an empty
//! speaker is better than a wrong one.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::lexicon::{DOCUMENTS, EVENTS, HEADLINE_WORDS, HOLIDAYS, NOT_SOURCES, PLACES};
use super::{Candidate, has_quantity};
use crate::domain::ClaimKind;

const DOCUMENT: u8 = 1;
const EVENT: u8 = 2;
const PLACE: u8 = 4;
const HOLIDAY: u8 = 8;
const HEADLINE: u8 = 16;
const NOT_SOURCE: u8 = 32;

/// The word lists `w` is in, as a set of the bits above; the lists become
/// one map on first use.
fn lists(w: &str) -> u8 {
    static MAP: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for (list, bit) in [
            (DOCUMENTS, DOCUMENT),
            (EVENTS, EVENT),
            (PLACES, PLACE),
            (HOLIDAYS, HOLIDAY),
            (HEADLINE_WORDS, HEADLINE),
            (NOT_SOURCES, NOT_SOURCE),
        ] {
            for w in list {
                *m.entry(*w).or_insert(0) |= bit;
            }
        }
        m
    });
    map.get(w).copied().unwrap_or(0)
}

fn is_document(w: &str) -> bool {
    lists(w) & DOCUMENT != 0
}

fn is_event(w: &str) -> bool {
    lists(w) & EVENT != 0
}

fn is_place(w: &str) -> bool {
    lists(w) & PLACE != 0
}

fn is_holiday(w: &str) -> bool {
    lists(w) & HOLIDAY != 0
}

fn is_headline_word(w: &str) -> bool {
    lists(w) & HEADLINE != 0
}

/// Determiners and modifiers that may precede a document noun.
fn is_det(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "its"
            | "his"
            | "her"
            | "their"
            | "our"
            | "new"
            | "latest"
            | "recent"
            | "same"
            | "official"
            | "federal"
            | "final"
            | "written"
            | "joint"
            | "annual"
    )
}

/// Why `speaker` is not a person or organisation, if it is not.
pub fn not_a_speaker(speaker: &str) -> Option<&'static str> {
    let words: Vec<&str> = speaker.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let last = lower.last()?;
    let n = words.len();
    let first_content = lower.iter().position(|w| !is_det(w)).unwrap_or(n);
    // "data", "the statement", "the latest report"; "the Post" is a name
    let named = n > 1 && words[n - 1].starts_with(char::is_uppercase);
    if first_content + 1 >= n && is_document(last) && !named {
        return Some("document");
    }
    let joined = lower.join(" ");
    if lists(&joined) & NOT_SOURCE != 0 {
        return Some("time or adverb");
    }
    let bare = joined.strip_prefix("the ").unwrap_or(&joined);
    if is_place(&joined) || is_place(bare) {
        return Some("place");
    }
    let capitalised = words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    if is_event_name(&words, &lower) && capitalised >= 2 {
        return Some("event");
    }
    // a headline: "An SEC Investor", "Things Advisors Need To", "UPDATE",
    // "Carly Fiorina Endorses Ted Cruz"
    if matches!(joined.as_str(), "update" | "updated" | "editor's note") {
        return Some("headline");
    }
    if capitalised == n && n >= 2 {
        let verb = |w: &String| {
            w.ends_with('s') && (super::lexicon::in_speech(w) || super::lexicon::in_action(w))
        };
        let verb_inside = lower[1..].iter().any(|w| is_headline_word(w) || verb(w));
        if matches!(words[0], "A" | "An") || verb_inside {
            return Some("headline");
        }
    }
    None
}

/// A capitalised event name: "the Macy's Thanksgiving Day Parade",
/// "Christmas Day" (but "Kristen Day" is a person).
fn is_event_name(words: &[&str], lower: &[String]) -> bool {
    let n = words.len();
    if !words[n - 1].starts_with(char::is_uppercase) {
        return false;
    }
    if lower[n - 1] == "day" {
        return n >= 2 && is_holiday(&lower[n - 2]);
    }
    is_event(&lower[n - 1])
}

/// The words of a speaker without possessives, lower-case: the key under
/// which two spellings of one entity meet.
fn key(speaker: &str) -> Vec<String> {
    speaker
        .split_whitespace()
        .map(|w| {
            w.trim_end_matches("’s")
                .trim_end_matches("'s")
                .trim_end_matches(['’', '\''])
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A proper name: two words or more, each capitalised.
fn is_name(speaker: &str) -> bool {
    let words: Vec<&str> = speaker.split_whitespace().collect();
    words.len() >= 2 && words.iter().all(|w| w.starts_with(char::is_uppercase))
}

/// Drop the speakers that are not people or organisations, and write each
/// entity the one (longest) way seen in the article.
pub fn clean(cands: &mut [Candidate]) {
    for c in cands.iter_mut() {
        let Some(s) = c.speaker.as_mut() else {
            continue;
        };
        // "Mr. Trump's" is Mr. Trump
        let bare = s.trim_end_matches("’s").trim_end_matches("'s");
        if bare.len() < s.len() && !bare.is_empty() {
            *s = bare.to_owned();
        }
        if not_a_speaker(s).is_some() {
            c.speaker = None;
            if matches!(c.kind, ClaimKind::Quote | ClaimKind::Reported) {
                c.kind = if has_quantity(&c.text) {
                    ClaimKind::Statistic
                } else {
                    ClaimKind::Statement
                };
            }
        }
    }
    fold(cands);
}

/// One spelling per entity: the same words up to possessives take the
/// longest form; a name that ends a longer name after a possessive ("Karin
/// Anderson" in "Morningstar's Karin Anderson") takes the longer one.
fn fold(cands: &mut [Candidate]) {
    let mut best: HashMap<Vec<String>, String> = HashMap::new();
    for s in cands.iter().filter_map(|c| c.speaker.as_deref()) {
        let e = best.entry(key(s)).or_insert_with(|| s.to_owned());
        if s.chars().count() > e.chars().count() {
            *e = s.to_owned();
        }
    }
    let owned: Vec<(Vec<String>, String)> = best
        .values()
        .filter_map(|v| {
            let (owner, rest) = v.split_once(['’', '\''])?;
            let rest = rest.strip_prefix("s ")?;
            (!owner.contains(' ') && is_name(rest)).then(|| (key(rest), v.clone()))
        })
        .collect();
    let mut map: HashMap<String, String> = HashMap::new();
    for c in cands.iter() {
        let Some(s) = c.speaker.as_deref() else {
            continue;
        };
        if map.contains_key(s) {
            continue;
        }
        let k = key(s);
        let mut to = best.get(&k).cloned().unwrap_or_else(|| s.to_owned());
        let longer: Vec<&String> = owned
            .iter()
            .filter(|(rest, _)| *rest == k)
            .map(|(_, v)| v)
            .collect();
        if let [only] = longer.as_slice() {
            to = (*only).clone();
        }
        map.insert(s.to_owned(), to);
    }
    for c in cands.iter_mut() {
        if let Some(s) = c.speaker.as_mut()
            && let Some(to) = map.get(s.as_str())
        {
            s.clone_from(to);
        }
    }
}

#[cfg(test)]
mod tests;
