//! Claim extraction: the checkable claims of an article, with speaker, kind,
//! check-worthiness score and the span of the claimed content.
//!
//! Pipeline: [`segment`] splits the text into sentences; each sentence is
//! tokenised and searched for an attribution (a reporting cue with its
//! source and content: "X said (that) Y", "Y, X said", "Y, said X",
//! "according to X", "X told Y that Z", "X declined to comment"); quotes that
//! run over several sentences share their speaker; pronouns and role nouns
//! ("he", "the Afghan President") resolve to the last named person; captions,
//! bylines, datelines and questions are rejected; every sentence gets a
//! check-worthiness [`score`]. Attributed sentences are accepted as claims,
//! the others when their score reaches the model's threshold.
//!
//! All offsets are code-point offsets into the (normalised) article text.

pub mod dedupe;
pub mod lexicon;
pub mod queue;
pub mod score;
pub mod segment;
pub mod speakers;
pub mod wrap;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::domain::claim::Anchor;
use crate::domain::{Article, Claim, ClaimKind};
use lexicon::*;
use segment::Sentence;

/// A sentence the extractor looked at: a claim when `accepted`, otherwise a
/// rejected sentence with the `reason`.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The article's text between `start` and `end`.
    pub text: String,
    pub speaker: Option<String>,
    pub kind: ClaimKind,
    /// Check-worthiness, 0 to 1.
    pub score: f32,
    /// Code-point offsets of the claimed content.
    pub start: usize,
    pub end: usize,
    pub accepted: bool,
    /// Why a sentence was rejected ("caption", "question", "low score", ...).
    pub reason: Option<&'static str>,
}

/// The accepted claims of an article as new, unreviewed sheet claims with
/// ids "C1", "C2", ... in article order.
/// Each claim is anchored on the article's characters, collected once, so
/// the work is linear in the article, however many claims it holds. A
/// Markdown article is read without its markup; a claim with markup inside
/// takes the words as they read ("Jane Ortiz", not the link).
pub fn claims(article: &Article) -> Vec<Claim> {
    claims_where(article, |c| c.accepted)
}

/// The claims of the review queue ([`Candidate::in_queue`]) as new sheet
/// claims with ids "C1", "C2", ... in article order.
pub fn queue(article: &Article) -> Vec<Claim> {
    claims_where(article, Candidate::in_queue)
}

fn claims_where(article: &Article, keep: impl Fn(&Candidate) -> bool) -> Vec<Claim> {
    let chars: Vec<char> = article.text.chars().collect();
    let reading = article.reading();
    let read: Vec<char> = reading.chars().collect();
    extract(&reading)
        .into_iter()
        .filter(|c| keep(c))
        .enumerate()
        .map(|(i, c)| {
            let anchor = Anchor::from_chars(&chars, c.start, c.end);
            let mut claim = with_candidate(Claim::anchored(format!("C{}", i + 1), anchor), &c);
            let words: String = read[c.start..c.end].iter().collect();
            if words != claim.text {
                claim.text = words.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            claim
        })
        .collect()
}

/// The speaker the extractor finds for the sentence that overlaps
/// `start..end` (code points of `text`) the most: what a claim made from
/// that span (by hand, in the TUI) is suggested.
pub fn speaker_for(text: &str, start: usize, end: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let overlap = |s: usize, e: usize| e.min(end).saturating_sub(s.max(start));
    let sentence = segment::sentences(&chars)
        .into_iter()
        .filter(|s| overlap(s.start, s.end) > 0)
        .max_by_key(|s| overlap(s.start, s.end))?;
    extract(text)
        .into_iter()
        .filter(|c| c.start < sentence.end && sentence.start < c.end)
        .find_map(|c| c.speaker)
}

/// A sheet claim from a candidate.
pub fn to_claim(text: &str, id: &str, c: &Candidate) -> Claim {
    with_candidate(Claim::new(id, text, c.start, c.end), c)
}

/// The claim with the candidate's speaker and kind.
fn with_candidate(mut claim: Claim, c: &Candidate) -> Claim {
    claim.speaker = c.speaker.clone();
    claim.kind = Some(c.kind);
    claim.score = Some(crate::domain::Score::new(c.score));
    claim
}

/// Every sentence of `text` as a candidate (accepted or not), in article order.
pub fn extract(text: &str) -> Vec<Candidate> {
    let chars: Vec<char> = text.chars().collect();
    let sents = segment::sentences(&chars);
    let mut names = Names::default();
    let mut found: Vec<Found> = Vec::with_capacity(sents.len());
    for (si, s) in sents.iter().enumerate() {
        let toks = tokenize(&chars, s.start, s.end);
        let mut f = analyse(&chars, s, &toks);
        f.mentions = names.scan(&toks, si);
        found.push(f);
    }
    link_quotes(&sents, &mut found, &chars);
    resolve_speakers(&sents, &mut found, &mut names);
    let threshold = score::threshold();
    let mut out = Vec::with_capacity(found.len());
    for (s, f) in sents.iter().zip(found) {
        let sentence: String = chars[s.start..s.end].iter().collect();
        let sc = score::score(&sentence);
        let (start, end) = f.span.unwrap_or((s.start, s.end));
        let (start, end) = if start < end && end <= chars.len() {
            (start, end)
        } else {
            (s.start, s.end)
        };
        // first and second person ("I think", "we want") is opinion unless the
        // score says otherwise; other attributions are claims in themselves
        let personal = f
            .speaker
            .as_deref()
            .is_some_and(|s| matches!(s.to_lowercase().as_str(), "i" | "we" | "you"));
        let attributed = f.speaker.is_some() && f.reject.is_none() && !personal;
        let reason = f.reject.or(if attributed || sc >= threshold {
            None
        } else {
            Some("low score")
        });
        let kind = if f.speaker.is_some() {
            if f.quoted {
                ClaimKind::Quote
            } else {
                ClaimKind::Reported
            }
        } else if has_quantity(&sentence) {
            ClaimKind::Statistic
        } else {
            ClaimKind::Statement
        };
        if let Some((ps, pe)) = f.prefix
            && f.reject.is_none()
            && ps < pe
            && pe <= start
        {
            let text: String = chars[ps..pe].iter().collect();
            // judged in its sentence, as the attribution after it is
            let psc = sc;
            // a noun phrase cut off after its possessive ("among them women's")
            // is a fragment, not a claim
            let cut = text.ends_with("'s") || text.ends_with("’s") || text.ends_with(['\'', '’']);
            let reason = if cut {
                Some("fragment")
            } else {
                (psc < threshold).then_some("low score")
            };
            out.push(Candidate {
                kind: if has_quantity(&text) {
                    ClaimKind::Statistic
                } else {
                    ClaimKind::Statement
                },
                text,
                speaker: None,
                score: psc,
                start: ps,
                end: pe,
                accepted: reason.is_none(),
                reason,
            });
        }
        out.push(Candidate {
            text: chars[start..end].iter().collect(),
            speaker: if f.reject.is_none() { f.speaker } else { None },
            kind,
            score: sc,
            start,
            end,
            accepted: reason.is_none(),
            reason,
        });
        if let Some((speaker, _, (xs, xe))) = f.extra
            && f.reject.is_none()
            && !personal
            && end <= xs
            && xs < xe
            && xe <= chars.len()
        {
            let text: String = chars[xs..xe].iter().collect();
            out.push(Candidate {
                kind: if mostly_quoted(&chars, (xs, xe), s) {
                    ClaimKind::Quote
                } else {
                    ClaimKind::Reported
                },
                score: score::score(&text),
                text,
                speaker: Some(speaker),
                start: xs,
                end: xe,
                accepted: true,
                reason: None,
            });
        }
    }
    speakers::clean(&mut out);
    dedupe::mark(&mut out);
    out
}

/// A token: a word (with inner apostrophes, hyphens and dots) or one
/// punctuation character; code-point span and lower-case text.
#[derive(Debug, Clone)]
struct Tok {
    s: usize,
    e: usize,
    text: String,
    lower: String,
    word: bool,
}

impl Tok {
    fn cap(&self) -> bool {
        self.word && self.text.starts_with(char::is_uppercase)
    }
    fn is(&self, w: &str) -> bool {
        self.lower == w
    }
    fn open_quote(&self) -> bool {
        matches!(self.text.as_str(), "“" | "\"" | "‘" | "«" | "''" | "``")
    }
}

fn tokenize(chars: &[char], start: usize, end: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let s = i;
        if c.is_alphanumeric() {
            i += 1;
            loop {
                while i < end && chars[i].is_alphanumeric() {
                    i += 1;
                }
                let joiner = i + 1 < end
                    && chars[i + 1].is_alphanumeric()
                    && (matches!(chars[i], '\'' | '’' | '-' | '.' | '&')
                        || (chars[i] == ','
                            && chars[i - 1].is_ascii_digit()
                            && chars[i + 1].is_ascii_digit()));
                if joiner {
                    i += 1;
                } else {
                    break;
                }
            }
            if i < end && chars[i] == '.' {
                let w: String = chars[s..i].iter().flat_map(|c| c.to_lowercase()).collect();
                let titled = [
                    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt",
                    "capt", "prof", "rev", "st", "jr", "sr", "adm", "sens", "reps",
                ];
                if w.contains('.')
                    || titled.contains(&w.as_str())
                    || (i - s == 1 && chars[s].is_uppercase())
                {
                    i += 1;
                }
            }
        } else if (c == '\'' || c == '`') && i + 1 < end && chars[i + 1] == c {
            i += 2;
        } else {
            i += 1;
        }
        let text: String = chars[s..i].iter().collect();
        let lower = text.to_lowercase().replace('’', "'");
        out.push(Tok {
            s,
            e: i,
            word: c.is_alphanumeric(),
            text,
            lower,
        });
    }
    out
}

/// What one sentence yields before speakers are resolved.
#[derive(Debug, Default, Clone)]
struct Found {
    /// The source as written ("he", "the Afghan President", "Karzai").
    speaker: Option<String>,
    span: Option<(usize, usize)>,
    prefix: Option<(usize, usize)>,
    quoted: bool,
    reject: Option<&'static str>,
    /// The sentence has a cue of its own (not inherited).
    own: bool,
    /// Code-point position of the source, for resolution.
    source_at: usize,
    mentions: Vec<String>,
    /// Sentence ends with a colon (introduces a quote).
    colon: bool,
    /// A second attribution after the first one's cue ("“Y,” X said,
    /// adding that Z"): raw source, its position and the content span; the
    /// source is resolved in place.
    extra: Option<(String, usize, (usize, usize))>,
    /// The sentence introduces what follows ("The Times reports:",
    /// "PENCE: ..."): raw source and position, handed to the next sentences.
    intro: Option<(String, usize)>,
}

fn analyse(chars: &[char], s: &Sentence, toks: &[Tok]) -> Found {
    let mut f = Found {
        source_at: s.start,
        ..Found::default()
    };
    let text: String = chars[s.start..s.end].iter().collect();
    f.colon = text.trim_end().ends_with(':');
    f.reject = reject_reason(&text, toks);
    if f.reject.is_some() {
        return f;
    }
    if let Some(mut a) = attribute(chars, toks, s.quote_open_at_start) {
        f.extra = second_attribution(chars, toks, &mut a);
        f.source_at = a.source_at;
        f.span = Some(a.span);
        f.prefix = a.prefix;
        f.own = true;
        f.quoted = mostly_quoted(chars, a.span, s);
        f.speaker = Some(a.source);
        if transcript(chars, toks).is_some() {
            f.intro = f.speaker.clone().map(|r| (r, f.source_at));
        }
    } else {
        let span = strip_span(chars, s.start, s.end, false);
        f.span = Some(span);
        f.quoted = mostly_quoted(chars, span, s);
        if f.colon {
            f.intro = colon_intro(toks);
        }
    }
    f
}

/// "The New York Times reports:" / "Trump said in a statement:": a source
/// and cue with nothing after them but the colon.
fn colon_intro(toks: &[Tok]) -> Option<(String, usize)> {
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

/// Is the span mostly inside quotation marks?
fn mostly_quoted(chars: &[char], span: (usize, usize), s: &Sentence) -> bool {
    let mut inside = s.quote_open_at_start;
    let mut q = 0usize;
    let mut n = 0usize;
    let mut skip = false;
    for (i, &c) in chars.iter().enumerate().take(s.end).skip(s.start) {
        if skip {
            skip = false;
            continue;
        }
        match c {
            '“' | '«' => inside = true,
            '”' | '»' => inside = false,
            '"' => inside = !inside,
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                inside = !inside;
                skip = true;
            }
            '`' if chars.get(i + 1) == Some(&'`') => {
                inside = true;
                skip = true;
            }
            _ => {}
        }
        if i >= span.0 && i < span.1 && c.is_alphanumeric() {
            n += 1;
            if inside {
                q += 1;
            }
        }
    }
    n > 0 && q * 2 > n
}

/// Trim white space, quote marks, commas, colons and dashes from a span; the
/// final full stop too when `strip_stop`.
fn strip_span(chars: &[char], mut s: usize, mut e: usize, strip_stop: bool) -> (usize, usize) {
    let junk = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '“' | '”' | '"' | '‘' | '«' | '»' | ',' | ':' | ';' | '—' | '–' | '-'
            )
    };
    while s < e
        && (junk(chars[s]) || (chars[s] == '’' && s + 1 < e && !chars[s + 1].is_alphanumeric()))
    {
        s += 1;
    }
    loop {
        while e > s && (junk(chars[e - 1]) || chars[e - 1] == '’' || chars[e - 1] == '\'') {
            e -= 1;
        }
        if strip_stop && e > s && chars[e - 1] == '.' {
            // keep the dot of an abbreviation ("U.S.")
            let before = &chars[s..e - 1];
            let abbrev = before
                .iter()
                .rev()
                .take_while(|c| c.is_alphanumeric())
                .count()
                <= 1
                && before.iter().rev().nth(1) == Some(&'.');
            if abbrev {
                break;
            }
            e -= 1;
            continue;
        }
        break;
    }
    (s, e)
}

const CAPTION_STARTS: &[&str] = &[
    "watch",
    "read more",
    "read the rest",
    "read the full",
    "read:",
    "click here",
    "click",
    "sign up",
    "subscribe",
    "follow us",
    "follow me",
    "related:",
    "related",
    "photo:",
    "photo by",
    "photos:",
    "image:",
    "video:",
    "listen",
    "share this",
    "share on",
    "advertisement",
    "(reporting by",
    "reporting by",
    "editing by",
    "additional reporting",
    "copyright",
    "all rights reserved",
    "see also",
    "more:",
    "scroll down",
    "updated",
    "posted",
    "this story",
    "this article",
    "this post",
    "tags:",
    "filed under",
    "getty",
    "(ap photo",
    "ap photo",
    "(photo",
    "email",
    "like us",
    "download",
    "(video",
    "[video",
    "(function",
    "view comments",
    "comments",
    "source:",
    "sources:",
    "credit:",
    "©",
    "correction:",
    "corrections:",
    "editor's note",
    "editor’s note",
    "clarification:",
];

fn reject_reason(text: &str, toks: &[Tok]) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    let words = toks.iter().filter(|t| t.word).count();
    for p in CAPTION_STARTS {
        if let Some(rest) = lower.strip_prefix(p) {
            let next = rest.chars().next();
            if next.is_none_or(|c| !c.is_alphanumeric()) || p.ends_with(':') || p.ends_with(' ') {
                return Some("caption or link");
            }
        }
    }
    if (lower.contains("http://") || lower.contains("https://") || lower.contains("www."))
        && words < 12
    {
        return Some("caption or link");
    }
    // bylines: "By Jane Doe" / "By Jane Doe and John Roe, Reuters"
    if lower.starts_with("by ")
        && words <= 8
        && toks
            .iter()
            .skip(1)
            .filter(|t| t.word)
            .all(|t| t.cap() || t.is("and"))
    {
        return Some("byline");
    }
    if words <= 8 && is_dateline(toks) {
        return Some("dateline");
    }
    let end = text
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', ']', ' '])
        .chars()
        .last();
    if end == Some('?') {
        return Some("question");
    }
    let quoted = matches!(
        text.trim_start().chars().next(),
        Some('“' | '"' | '\'' | '‘' | '`')
    );
    if words < 3 || (words < 4 && !quoted) {
        return Some("too short");
    }
    None
}

const MONTHS: &[&str] = &[
    "jan",
    "jan.",
    "january",
    "feb",
    "feb.",
    "february",
    "march",
    "mar.",
    "april",
    "apr.",
    "may",
    "june",
    "july",
    "aug",
    "aug.",
    "august",
    "sept",
    "sept.",
    "sep.",
    "september",
    "oct",
    "oct.",
    "october",
    "nov",
    "nov.",
    "november",
    "dec",
    "dec.",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "updated",
    "published",
    "posted",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "et",
    "edt",
    "est",
    "gmt",
    "utc",
    "bst",
    "pst",
    "pdt",
];

/// A line made only of a date, time, place in capitals or agency name.
fn is_dateline(toks: &[Tok]) -> bool {
    let words: Vec<&Tok> = toks.iter().filter(|t| t.word).collect();
    !words.is_empty()
        && words.iter().all(|t| {
            MONTHS.contains(&t.lower.as_str())
                || t.lower
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                || (t.text.chars().all(|c| !c.is_lowercase()) && t.text.chars().count() > 1)
        })
        && words.iter().any(|t| {
            MONTHS.contains(&t.lower.as_str()) || t.lower.chars().all(|c| c.is_ascii_digit())
        })
}

fn has_quantity(s: &str) -> bool {
    let l = s.to_lowercase();
    s.chars().any(|c| c.is_ascii_digit())
        || [
            "percent", "million", "billion", "trillion", "thousand", "hundred", "dozen", "half",
            "twice", "double",
        ]
        .iter()
        .any(|w| l.contains(w))
}

struct Attr {
    source: String,
    source_at: usize,
    span: (usize, usize),
    /// The reporter's own statement before the source, when the
    /// attribution sits late in the sentence ("X split the list, which
    /// envoys said ...").
    prefix: Option<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Cue {
    Speech,
    ThatOnly,
    According,
    Declined,
    /// A verb of stance or action ("called for", "condemned", "wants"): the
    /// object is the content; subject-first only.
    Action,
}

/// The cue at token `i`: its kind and length in tokens.
fn cue_at(toks: &[Tok], i: usize, title_case: bool) -> Option<(Cue, usize)> {
    let t = &toks[i];
    if !t.word {
        return None;
    }
    // cue verbs are lower case (except sentence-initial "Said" and headlines)
    if t.cap() && i > 0 && !title_case {
        return None;
    }
    let l = t.lower.as_str();
    // a verb never follows a determiner or a possessive ("the claim",
    // "Tulsa police's earlier claim")
    let before = toks[..i]
        .iter()
        .rev()
        .find(|p| !(p.word && in_pre_cue(&p.lower)));
    if before.is_some_and(|p| {
        matches!(
            p.lower.as_str(),
            "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our" | "my"
        ) || (p.lower.ends_with("'s")
            && !matches!(
                p.lower.as_str(),
                "he's" | "she's" | "it's" | "that's" | "there's" | "who's" | "what's"
            ))
    }) {
        return None;
    }
    if l == "according" && toks.get(i + 1).is_some_and(|n| n.is("to")) {
        return Some((Cue::According, 2));
    }
    for d in DECLINED {
        if d.len() > 1
            && toks.len() >= i + d.len()
            && d.iter().enumerate().all(|(k, w)| toks[i + k].is(w))
        {
            return Some((Cue::Declined, d.len()));
        }
    }
    if l == "declined" || l == "refused" {
        return None;
    }
    if in_speech(l) || in_action(l) {
        // forms that are also plural nouns ("Democratic claims as false")
        // count only before what can open a clause
        const NOUNISH: &[&str] = &[
            "claims",
            "reports",
            "notes",
            "estimates",
            "promises",
            "pledges",
            "tweets",
            "vows",
            "questions",
            "demands",
            "plans",
            "calls",
            "attacks",
            "supports",
            "challenges",
            "remarks",
            "replies",
            "warnings",
            "charges",
            "admits",
            "cites",
        ];
        let stance_s = l.ends_with('s') && !in_speech(l) && !ACTION.contains(&l) && in_stance(l);
        if NOUNISH.contains(&l) || stance_s {
            let next = toks.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
            let opener = matches!(
                next,
                "that"
                    | ":"
                    | ","
                    | "the"
                    | "a"
                    | "an"
                    | "he"
                    | "she"
                    | "it"
                    | "they"
                    | "we"
                    | "his"
                    | "her"
                    | "their"
                    | "there"
                    | "this"
                    | "its"
                    | "“"
                    | "\""
                    | "''"
                    | "for"
                    | "on"
                    | "to"
            );
            let prev_adj = i > 0
                && matches!(
                    toks[i - 1].lower.as_str(),
                    "democratic"
                        | "republican"
                        | "false"
                        | "such"
                        | "these"
                        | "those"
                        | "the"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "of"
                        | "new"
                        | "other"
                        | "similar"
                );
            // "Bill Clinton calls Obamacare ...": a name on both sides
            let named = i > 0 && toks[i - 1].cap() && toks.get(i + 1).is_some_and(|n| n.cap());
            if !(opener || named) || prev_adj {
                return None;
            }
        }
    }
    // a passive ("was criticized", "has been praised") has no speaker
    // before it
    let passive = l.ends_with("ed")
        && toks[..i]
            .iter()
            .rev()
            .take_while(|t| t.word)
            .find(|t| is_be(&t.lower) || !in_pre_cue(&t.lower))
            .is_some_and(|t| is_be(&t.lower));
    if passive {
        return None;
    }
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

/// Number words that can open a poll share ("Twelve percent").
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
];

/// Words that end a backward walk over a subject.
const STOP: &[&str] = &[
    "that", "which", "but", "because", "when", "while", "as", "or", "if", "so", "after", "before",
    "to", "from", "by", "with", "on", "at", "is", "was", "are", "were", "be", "been", "not",
    "than", "where", "what", "whom", "whose", "said", "says", "told", "says", "until", "since",
    "though", "although", "whether", "about", "into", "over", "under", "up", "down", "out",
    "against", "between", "through", "during", "without", "within", "upon", "it", "this", "these",
    "those", "there", "here", "why", "how", "then", "also", "even", "just", "only", "very", "more",
    "most", "such", "no", "nor", "yet", "still", "now", "ago",
];
const DETS: &[&str] = &[
    "the", "a", "an", "another", "one", "some", "many", "several", "two", "three", "four", "five",
    "both", "other", "his", "her", "their", "its", "our", "most", "few", "more", "all", "each",
    "any", "these", "those", "this", "that", "top", "no",
];
const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "you", "it", "who"];
const CONNECTORS: &[&str] = &[
    "of", "in", "for", "at", "and", "&", "de", "van", "von", "al", "bin",
];

/// The subject that ends just before token `end` (exclusive): its token range.
fn subject_before(toks: &[Tok], end: usize) -> Option<(usize, usize)> {
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

fn first_word(toks: &[Tok]) -> usize {
    toks.iter().position(|t| t.word).unwrap_or(0)
}

/// The subject that starts at token `start`: its token range.
fn subject_after(toks: &[Tok], start: usize) -> Option<(usize, usize)> {
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

fn join(toks: &[Tok], r: (usize, usize)) -> String {
    let mut out = String::new();
    for (k, t) in toks[r.0..r.1].iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(&t.text);
    }
    out
}

/// Find the attribution of a sentence.
fn attribute(chars: &[char], toks: &[Tok], open: bool) -> Option<Attr> {
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

/// "Tulsa police's earlier claim that Y", "her promise to Y": the owner of
/// a cue noun is the source, what follows "that" or "to" the content.
fn cue_noun(chars: &[char], toks: &[Tok], i: usize, s_end: usize) -> Option<Attr> {
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
    })
}

/// "According to a complaint filed by the S.E.C., Y": a long source that
/// ends at the comma before the content, when the sentence opens with it.
fn source_until_comma(toks: &[Tok], i: usize, after: usize) -> Option<(usize, usize)> {
    if toks[..i].iter().any(|t| t.word) {
        return None;
    }
    let comma = after + toks[after..].iter().take(26).position(|t| t.text == ",")?;
    let rest = toks[comma..].iter().filter(|t| t.word).count();
    (comma > after && rest >= 3 && toks[after..comma].iter().all(|t| t.word || t.text == "-"))
        .then_some((after, comma))
}

/// "The issue was first reported by The Washington Post": the agent of a
/// passive reporting verb speaks, its subject is the content.
fn passive_by(chars: &[char], toks: &[Tok]) -> Option<Attr> {
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
    })
}

fn attribute_at(
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
fn reporter_prefix(
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
fn continues_clause(toks: &[Tok], i: usize) -> bool {
    i > 0 && toks[i].lower.ends_with("ing") && matches!(toks[i - 1].text.as_str(), "," | "—" | "–")
}

/// "Trump defended the plan on Monday, saying it would create jobs": the
/// subject of the sentence speaks through the participle; the reporter's
/// clause before it is the prefix.
fn participle(
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

/// The subject of the sentence's main clause, before token `limit`: a
/// name, role or pronoun at its start or after a fronted phrase ("In
/// July, Gingrich ..."), followed by its verb.
fn main_subject(toks: &[Tok], limit: usize) -> Option<(usize, usize)> {
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

/// A second attribution after the cue of `a` when its content came first:
/// "“Y,” X said, adding that Z" and "Y, X said, and warned that Z" (the same
/// source), or "Y, X said; Z, W added" (its own).
fn second_attribution(
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

/// The content after the cue at token `i`: the object of "told" skipped,
/// "that", a colon, a comma and a time ("said on Monday that") dropped.
fn content_after(chars: &[char], toks: &[Tok], i: usize, s_end: usize) -> Option<(usize, usize)> {
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
            let obj = [
                "him",
                "her",
                "them",
                "me",
                "us",
                "you",
                "reporters",
                "journalists",
                "voters",
                "supporters",
                "listeners",
                "viewers",
                "the",
                "a",
            ];
            while from < toks.len()
                && (toks[from].cap() || obj.contains(&toks[from].lower.as_str()))
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
    const SPANS: &[&str] = &[
        "week",
        "month",
        "year",
        "weekend",
        "morning",
        "afternoon",
        "evening",
        "spring",
        "summer",
        "fall",
        "autumn",
        "winter",
    ];
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
            && (SPANS.contains(&next) || DAYS.contains(&next)))
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

/// "“Quote.” ― Jane Doe": a signature after a dash ends the sentence.
fn dash_signature(chars: &[char], toks: &[Tok]) -> Option<Attr> {
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
    })
}

/// "PENCE: Well, look, ..." and "Sen. Smith: ...": a speaker label.
fn transcript(chars: &[char], toks: &[Tok]) -> Option<Attr> {
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
    })
}

/// The subject at the start of the sentence when the cue follows an
/// appositive ("Erin Murphy, a former aide, said") or a coordination
/// ("Schultz backed Democrats and said").
fn appositive_subject(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
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
fn stance_subject(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
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
fn appositive_from(toks: &[Tok], start: usize, comma: usize, e: usize) -> Option<(usize, usize)> {
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

/// Sentences in a quotation that runs over several sentences take the
/// speaker found anywhere in the run; a quote right after an attributed
/// sentence that introduces or continues it keeps that speaker.
fn link_quotes(sents: &[Sentence], found: &mut [Found], chars: &[char]) {
    let n = sents.len();
    // what a colon or a speaker label introduces: the rest of its
    // paragraph, or the next paragraph when it ends one
    for k in 0..n {
        let Some((src, at)) = found[k].intro.clone() else {
            continue;
        };
        let block = match sents.get(k + 1) {
            Some(next) if next.block == sents[k].block || found[k].colon => next.block,
            _ => continue,
        };
        for j in k + 1..n {
            if sents[j].block != block || found[j].own {
                break;
            }
            if found[j].reject.is_none() && found[j].speaker.is_none() {
                found[j].speaker = Some(src.clone());
                found[j].source_at = at;
            }
        }
    }
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && sents[j].quote_open_at_end && sents[j + 1].quote_open_at_start {
            j += 1;
        }
        if j > i {
            let src =
                (i..=j).find_map(|k| found[k].speaker.clone().map(|s| (s, found[k].source_at)));
            if let Some((s, at)) = src {
                for f in &mut found[i..=j] {
                    if f.speaker.is_none() && f.reject.is_none() {
                        f.speaker = Some(s.clone());
                        f.source_at = at;
                        f.quoted = true;
                    }
                }
            }
        }
        i = j + 1;
    }
    for k in 1..n {
        if found[k].speaker.is_some() || found[k].reject.is_some() {
            continue;
        }
        let body = &chars[sents[k].start..sents[k].end];
        let opens = matches!(
            body,
            ['“' | '"' | '«', ..] | ['\'', '\'', ..] | ['`', '`', ..]
        );
        if !(opens || sents[k].quote_open_at_start) || !found[k].quoted {
            continue;
        }
        // past the too short pieces of the same quotation ("Yep.")
        let mut p = k - 1;
        while p > 0 && found[p].reject.is_some() && sents[p].quote_open_at_start {
            p -= 1;
        }
        let prev = &found[p];
        let same = sents[k].block == sents[p].block;
        let near = sents[k].block <= sents[p].block + 1;
        if near && prev.speaker.is_some() && (prev.quoted || prev.colon || same || prev.own) {
            let (s, at) = (prev.speaker.clone(), prev.source_at);
            found[k].speaker = s;
            found[k].source_at = at;
            continue;
        }
        // a quote in a paragraph whose attribution comes later in it
        let block = sents[k].block;
        let later = (k + 1..n)
            .take_while(|&j| sents[j].block == block)
            .find(|&j| found[j].own && found[j].quoted);
        if let Some(j) = later {
            let (s, at) = (found[j].speaker.clone(), found[j].source_at);
            found[k].speaker = s;
            found[k].source_at = at;
        }
    }
}

/// Names seen so far: full person names, and surname -> full name.
#[derive(Default)]
struct Names {
    /// (sentence index, full name) of person mentions, in order.
    persons: Vec<(usize, String)>,
    surname: HashMap<String, String>,
    /// Every person name seen.
    known: std::collections::HashSet<String>,
    /// Last named person who was a speaker, with its sentence index.
    last_speaker: Option<(usize, String)>,
}

impl Names {
    /// Record the person names of a sentence; returns them.
    fn scan(&mut self, toks: &[Tok], si: usize) -> Vec<String> {
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
fn person_in(run: &[Tok], sentence_start: bool) -> Option<String> {
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
fn resolve_speakers(sents: &[Sentence], found: &mut [Found], names: &mut Names) {
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

fn is_person(name: &str, names: &Names) -> Option<String> {
    names.known.contains(name).then(|| name.to_owned())
}

fn resolve(raw: &str, si: usize, f: &Found, names: &Names) -> String {
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
    // "Defense Secretary Robert Gates" -> "Robert Gates"; "Karzai" -> "Hamid Karzai"
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

#[cfg(test)]
mod tests;

/// `fn NAME(w: &str) -> bool`: is `w` in the word list `LIST`? Each list
/// becomes a hash set once, on first use.
macro_rules! word_sets {
    ($($name:ident => $list:ident),* $(,)?) => {
        $(
            fn $name(w: &str) -> bool {
                static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
                S.get_or_init(|| $list.iter().copied().collect()).contains(w)
            }
        )*
    };
}

word_sets! {
    in_speech => SPEECH,
    in_that_only => THAT_ONLY,
    in_roles => ROLES,
    in_function_caps => FUNCTION_CAPS,
    in_institution => INSTITUTION,
    in_titles => TITLES,
    in_person_roles => PERSON_ROLES,
    in_adverbial => ADVERBIAL,
    in_stop => STOP,
    in_dets => DETS,
    in_tell_like => TELL_LIKE,
    in_connectors => CONNECTORS,
    in_action_list => ACTION,
    in_pre_cue_list => PRE_CUE,
    in_pronouns => PRONOUNS,
}

fn in_action(w: &str) -> bool {
    in_action_list(w) || in_stance(w)
}

/// Every form of the [`STANCE`] verbs.
fn in_stance(w: &str) -> bool {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        let mut set: HashSet<String> = STANCE_FORMS.iter().map(|w| (*w).to_owned()).collect();
        for b in STANCE {
            set.extend(inflections(b));
        }
        for b in STANCE_NOUNS {
            let [_, _, past, ing] = inflections(b);
            set.insert(past);
            set.insert(ing);
        }
        set
    })
    .contains(w)
}

/// The base and "-s" forms of the [`STANCE_NOUNS`] ("charge", "charges").
fn in_stance_noun_verb(w: &str) -> bool {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        STANCE_NOUNS
            .iter()
            .flat_map(|b| {
                let [base, third, _, _] = inflections(b);
                [base, third]
            })
            .collect()
    })
    .contains(w)
}

/// A regular verb's base, third person, past and "-ing" forms.
fn inflections(base: &str) -> [String; 4] {
    let stem = base.strip_suffix('e').filter(|s| !s.ends_with('e'));
    let y = base
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']));
    let third = if let Some(s) = y {
        format!("{s}ies")
    } else if base.ends_with(['s', 'x', 'z', 'o']) || base.ends_with("sh") || base.ends_with("ch") {
        format!("{base}es")
    } else {
        format!("{base}s")
    };
    let past = match (stem, y) {
        (Some(_), _) => format!("{base}d"),
        (_, Some(s)) => format!("{s}ied"),
        _ => format!("{base}ed"),
    };
    let ing = match stem {
        Some(s) => format!("{s}ing"),
        None => format!("{base}ing"),
    };
    [base.to_owned(), third, past, ing]
}

fn in_pre_cue(w: &str) -> bool {
    in_pre_cue_list(w) || is_adverb(w)
}

/// A form of "be" (or "get") that makes a passive.
fn is_be(w: &str) -> bool {
    matches!(
        w,
        "is" | "was" | "are" | "were" | "be" | "been" | "being" | "get" | "got"
    )
}

/// A lower-case "-ly" adverb ("aggressively", "barely"), not a noun such as
/// "family" or "rally".
fn is_adverb(w: &str) -> bool {
    const NOT: &[&str] = &[
        "family", "assembly", "rally", "ally", "supply", "anomaly", "monopoly", "bully", "reply",
        "apply", "comply", "imply", "rely", "belly", "jelly", "folly", "homily", "lily", "holly",
        "italy", "july",
    ];
    w.len() > 4
        && w.ends_with("ly")
        && w.chars().all(|c| c.is_ascii_lowercase())
        && !NOT.contains(&w)
}
