//! Person names and speaker resolution: the names an article mentions
//! (surname -> full name), and the pass that turns each raw source into a
//! speaker ("he" and "the Afghan President" to the last named person,
//! "Karzai" to "Hamid Karzai", titles dropped).

use std::collections::HashMap;

use super::Found;
use super::lexicon::*;
use super::segment::Sentence;
use super::token::{Tok, first_word};

/// Names seen so far: full person names, and surname -> full name.
#[derive(Default)]
pub(crate) struct Names {
    /// (sentence index, full name) of person mentions, in order.
    pub(crate) persons: Vec<(usize, String)>,
    pub(crate) surname: HashMap<String, String>,
    /// Every person name seen.
    pub(crate) known: std::collections::HashSet<String>,
    /// Last named person who was a speaker, with its sentence index.
    pub(crate) last_speaker: Option<(usize, String)>,
}

impl Names {
    /// Record the person names of a sentence; returns them.
    pub(crate) fn scan(&mut self, toks: &[Tok], si: usize) -> Vec<String> {
        let mut out = Vec::new();
        let fw = first_word(toks);
        let mut k = 0;
        while k < toks.len() {
            if !toks[k].cap() {
                k += 1;
                continue;
            }
            let mut e = k;
            while e < toks.len() && toks[e].cap() && e - k < 6 {
                e += 1;
            }
            let run = &toks[k..e];
            k = e;
            if let Some(name) = person_in(run, run[0].s == toks[fw].s) {
                if let Some(full) = self.surname.get(&name).cloned() {
                    out.push(full);
                } else {
                    out.push(name);
                }
            }
        }
        for n in &out {
            let parts: Vec<&str> = n.split(' ').collect();
            if parts.len() >= 2
                && let Some(last) = parts.last()
            {
                self.surname.insert((*last).to_owned(), n.clone());
            }
            self.known.insert(n.clone());
            self.persons.push((si, n.clone()));
        }
        out
    }

    fn last_person(&self, before: usize) -> Option<String> {
        self.persons
            .iter()
            .rev()
            .find(|(i, _)| *i < before)
            .map(|(_, n)| n.clone())
    }
}

/// A person's name inside a run of capitalised tokens, titles dropped.
pub(crate) fn person_in(run: &[Tok], sentence_start: bool) -> Option<String> {
    let mut toks: Vec<&Tok> = run.iter().collect();
    if sentence_start {
        while toks.first().is_some_and(|t| {
            in_function_caps(t.lower.as_str())
                && !matches!(t.lower.as_str(), "mr." | "mrs." | "ms." | "dr.")
        }) {
            toks.remove(0);
        }
        // a sentence opening with a gerund: "Injecting Clinton's troubles ..."
        if toks.len() > 1 && toks[0].lower.ends_with("ing") {
            toks.remove(0);
        }
    }
    // drop titles; keep honorifics
    let mut titled = false;
    let mut honor: Option<&Tok> = None;
    while let Some(t) = toks.first() {
        let l = t.lower.as_str();
        if matches!(l, "mr." | "mrs." | "ms." | "dr." | "mr" | "mrs" | "ms") {
            honor = Some(t);
            titled = true;
            toks.remove(0);
        } else if in_titles(l) || in_person_roles(l) {
            titled = true;
            toks.remove(0);
        } else {
            break;
        }
    }
    // trailing possessive
    if toks.is_empty() || toks.len() > 4 {
        return None;
    }
    let clean = |t: &Tok| {
        t.text
            .trim_end_matches("’s")
            .trim_end_matches("'s")
            .to_owned()
    };
    if toks.iter().any(|t| {
        let l = t.lower.trim_end_matches("'s");
        in_institution(l)
            || in_function_caps(l)
            || in_roles(l)
            || !t.text.chars().next().is_some_and(char::is_alphabetic)
            || t.text.chars().all(|c| c.is_uppercase() || c == '.')
    }) {
        return None;
    }
    if toks.len() < 2 && !titled {
        // a lone capitalised word is a person only as a known surname;
        // the caller maps it; report it so that it can be looked up
        return Some(clean(toks[0])).filter(|_| false);
    }
    let name: Vec<String> = toks.iter().map(|t| clean(t)).collect();
    let name = name.join(" ");
    Some(match honor {
        Some(h) if toks.len() == 1 => format!("{} {}", h.text, name),
        _ => name,
    })
}

/// Turn raw sources into speakers: pronouns and role nouns resolve to the
/// last named person, surnames to the full name, titles are dropped.
pub(crate) fn resolve_speakers(sents: &[Sentence], found: &mut [Found], names: &mut Names) {
    // names.persons was filled during scanning; rebuild incrementally so that
    // resolution only looks backwards
    let all = std::mem::take(&mut names.persons);
    let mut cursor = 0;
    let mut resolved_cache: HashMap<usize, String> = HashMap::new();
    for (si, f) in found.iter_mut().enumerate() {
        while cursor < all.len() && all[cursor].0 <= si {
            names.persons.push(all[cursor].clone());
            cursor += 1;
        }
        let Some(raw) = f.speaker.clone() else {
            if let Some(raw) = f.guess.as_ref().map(|g| g.source.clone()) {
                let r = resolve(&raw, si, f, names);
                if let Some(g) = f.guess.as_mut() {
                    g.source = r;
                }
            }
            continue;
        };
        if let Some(r) = resolved_cache.get(&f.source_at) {
            f.speaker = Some(r.clone());
            continue;
        }
        let r = resolve(&raw, si, f, names);
        if let Some(p) = is_person(&r, names) {
            names.last_speaker = Some((si, p));
        }
        let _ = sents;
        resolved_cache.insert(f.source_at, r.clone());
        if let Some((raw2, at, span)) = f.extra.take() {
            let r2 = if at == f.source_at {
                r.clone()
            } else {
                resolve(&raw2, si, f, names)
            };
            f.extra = Some((r2, at, span));
        }
        f.speaker = Some(r);
    }
}

pub(crate) fn is_person(name: &str, names: &Names) -> Option<String> {
    names.known.contains(name).then(|| name.to_owned())
}

pub(crate) fn resolve(raw: &str, si: usize, f: &Found, names: &Names) -> String {
    // a pronoun with its verb: "He's claiming", "They're saying"
    let raw = raw
        .split_once(['\'', '’'])
        .filter(|(p, v)| {
            in_pronouns(&p.to_lowercase()) && matches!(*v, "s" | "re" | "m" | "ll" | "d")
        })
        .map_or(raw, |(p, _)| p);
    let lower = raw.to_lowercase();
    let words: Vec<&str> = raw.split(' ').collect();
    let recent_speaker = names
        .last_speaker
        .as_ref()
        .filter(|(i, _)| si.saturating_sub(*i) <= 3)
        .map(|(_, n)| n.clone());
    if matches!(lower.as_str(), "he" | "she" | "who") {
        // a name earlier in the same sentence, else the last speaker nearby,
        // else the last person named
        if let Some(n) = f.mentions.first()
            && (lower != "who" || f.mentions.len() == 1)
        {
            return n.clone();
        }
        return recent_speaker
            .or_else(|| names.last_person(si))
            .unwrap_or_else(|| raw.to_owned());
    }
    if matches!(lower.as_str(), "i" | "we" | "they" | "it" | "you") {
        return raw.to_owned();
    }
    let head = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    let starts_det = matches!(
        words.first().map(|w| w.to_lowercase()).as_deref(),
        Some("the" | "his" | "her" | "their" | "its")
    );
    let has_name = words.iter().skip(1).any(|w| {
        let l = w.to_lowercase();
        w.starts_with(char::is_uppercase)
            && !in_titles(l.as_str())
            && !in_person_roles(l.as_str())
            && !in_institution(l.as_str())
    });
    if starts_det
        && in_person_roles(head.as_str())
        && !has_name
        && let Some(n) = recent_speaker.or_else(|| names.last_person(si))
    {
        // the person, and the article's words for them
        let mut role = raw.to_owned();
        if let Some(rest) = role.strip_prefix("The ") {
            role = format!("the {rest}");
        }
        return format!("{n} ({role})");
    }
    without_title(raw, &words, names)
}

/// "Defense Secretary Robert Gates" -> "Robert Gates"; "Karzai" -> "Hamid
/// Karzai"; "The Times" -> "the Times".
fn without_title(raw: &str, words: &[&str], names: &Names) -> String {
    let mut cut = 0;
    for (k, w) in words.iter().enumerate() {
        let l = w.to_lowercase();
        if (in_titles(l.as_str()) || in_person_roles(l.as_str()))
            && k + 1 < words.len()
            && words[k + 1].starts_with(char::is_uppercase)
        {
            cut = k + 1;
        }
    }
    let name = if cut > 0
        && words[cut..]
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) && !in_institution(&w.to_lowercase()))
    {
        words[cut..].join(" ")
    } else {
        raw.to_owned()
    };
    let bare = name.trim_end_matches("’s").trim_end_matches("'s");
    if let Some(full) = names.surname.get(bare) {
        return full.clone();
    }
    if let Some(rest) = bare.strip_prefix("The ") {
        return format!("the {rest}");
    }
    name
}
