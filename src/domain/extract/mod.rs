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

mod attribution;
pub mod dedupe;
pub mod learn;
pub mod learned_cues;
pub mod lexicon;
mod names;
pub mod queue;
mod reject;
pub mod score;
pub mod segment;
pub mod speakers;
pub mod tagger;
mod token;
pub mod wrap;

use crate::domain::claim::Anchor;
use crate::domain::{Article, Claim, ClaimKind};
use attribution::{attribute, colon_intro, second_attribution, transcript};
use lexicon::QUANTITY_WORDS;
use names::{Names, resolve_speakers};
use reject::reject_reason;
use segment::Sentence;
use token::{Tok, mostly_quoted, strip_span, tokenize};
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
    extract_with(text, tagger::embedded())
}

/// Every sentence of `text` as a candidate, with `tagger` (or the rules
/// alone) finding the speakers the rules miss.
pub fn extract_with(text: &str, tagger: Option<&tagger::Tagger>) -> Vec<Candidate> {
    let Some(model) = learn::model() else {
        return candidates(text, false, tagger).0;
    };
    let (mut out, ctx) = candidates(text, true, tagger);
    learn::apply(model, &mut out, &ctx);
    out
}

/// The candidates the rules find, before the learned models judge them,
/// with what the models need to know of their sentences.
pub fn rule_candidates(text: &str) -> (Vec<Candidate>, learn::Context) {
    candidates(text, true, None)
}

/// The rules' candidates; with `guesses`, a guessed attribution for each
/// sentence they leave unattributed and the context the models read.
fn candidates(
    text: &str,
    guesses: bool,
    tagger: Option<&tagger::Tagger>,
) -> (Vec<Candidate>, learn::Context) {
    let chars: Vec<char> = text.chars().collect();
    let (sents, found) = attributions(&chars, guesses, tagger);
    let threshold = score::threshold();
    let mut out = Vec::with_capacity(found.len());
    let mut ctx = learn::Context::default();
    for (si, (s, f)) in sents.iter().zip(found).enumerate() {
        if guesses {
            ctx.sents.push(learn::SentInfo::new(&chars, s, &f));
        }
        sentence_candidates(&chars, s, f, threshold, &mut out);
        if guesses {
            ctx.sentence_of.resize(out.len(), si);
        }
    }
    speakers::clean(&mut out);
    dedupe::mark(&mut out);
    (out, ctx)
}

/// The sentences of an article with what each yields, speakers linked
/// across quotes and resolved.
fn attributions(
    chars: &[char],
    guesses: bool,
    tagger: Option<&tagger::Tagger>,
) -> (Vec<Sentence>, Vec<Found>) {
    let sents = segment::sentences(chars);
    let mut names = Names::default();
    let mut found: Vec<Found> = Vec::with_capacity(sents.len());
    for (si, s) in sents.iter().enumerate() {
        let toks = tokenize(chars, s.start, s.end);
        let mut f = analyse(chars, s, &toks);
        if guesses && f.speaker.is_none() && f.reject.is_none() {
            f.guess = attribution::guess(chars, &toks);
        }
        f.mentions = names.scan(&toks, si);
        found.push(f);
    }
    link_quotes(&sents, &mut found, chars);
    learned_cues::fill(&sents, &mut found, chars);
    if let Some(t) = tagger {
        tagger::fill(t, chars, &sents, &mut found);
    }
    resolve_speakers(&sents, &mut found, &mut names);
    (sents, found)
}

/// The candidates of one sentence: the reporter's statement before an
/// attribution, the sentence's claim, and a second attribution after it.
fn sentence_candidates(
    chars: &[char],
    s: &Sentence,
    f: Found,
    threshold: f32,
    out: &mut Vec<Candidate>,
) {
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
    let attributed =
        f.speaker.is_some() && f.reject.is_none() && !personal && !(f.weak && sc < threshold);
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
    if let Some(c) = prefix_candidate(chars, &f, start, sc, threshold) {
        out.push(c);
    }
    out.push(Candidate {
        text: chars[start..end].iter().collect(),
        speaker: if f.reject.is_none() {
            f.speaker.clone()
        } else {
            None
        },
        kind,
        score: sc,
        start,
        end,
        accepted: reason.is_none(),
        reason,
    });
    if !personal && let Some(c) = extra_candidate(chars, s, f, end) {
        out.push(c);
    }
}

/// The reporter's own statement before an attribution that starts at
/// `start`, judged by its sentence's score `sc`, as the attribution is.
fn prefix_candidate(
    chars: &[char],
    f: &Found,
    start: usize,
    sc: f32,
    threshold: f32,
) -> Option<Candidate> {
    let (ps, pe) = f.prefix?;
    if !(f.reject.is_none() && ps < pe && pe <= start) {
        return None;
    }
    let text: String = chars[ps..pe].iter().collect();
    // a noun phrase cut off after its possessive ("among them women's")
    // is a fragment, not a claim
    let cut = text.ends_with("'s") || text.ends_with("’s") || text.ends_with(['\'', '’']);
    let reason = if cut {
        Some("fragment")
    } else {
        (sc < threshold).then_some("low score")
    };
    Some(Candidate {
        kind: if has_quantity(&text) {
            ClaimKind::Statistic
        } else {
            ClaimKind::Statement
        },
        text,
        speaker: None,
        score: sc,
        start: ps,
        end: pe,
        accepted: reason.is_none(),
        reason,
    })
}

/// A second attribution in the sentence, after the claim that ends at `end`.
fn extra_candidate(chars: &[char], s: &Sentence, f: Found, end: usize) -> Option<Candidate> {
    let (speaker, _, (xs, xe)) = f.extra?;
    if !(f.reject.is_none() && end <= xs && xs < xe && xe <= chars.len()) {
        return None;
    }
    let text: String = chars[xs..xe].iter().collect();
    Some(Candidate {
        kind: if mostly_quoted(chars, (xs, xe), s) {
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
    })
}

/// What one sentence yields before speakers are resolved.
#[derive(Debug, Default, Clone)]
pub(crate) struct Found {
    /// The source as written ("he", "the Afghan President", "Karzai").
    pub(crate) speaker: Option<String>,
    pub(crate) span: Option<(usize, usize)>,
    pub(crate) prefix: Option<(usize, usize)>,
    pub(crate) quoted: bool,
    pub(crate) reject: Option<&'static str>,
    /// The sentence has a cue of its own (not inherited).
    pub(crate) own: bool,
    /// Code-point position of the source, for resolution.
    pub(crate) source_at: usize,
    pub(crate) mentions: Vec<String>,
    /// Sentence ends with a colon (introduces a quote).
    pub(crate) colon: bool,
    /// A second attribution after the first one's cue ("“Y,” X said,
    /// adding that Z"): raw source, its position and the content span; the
    /// source is resolved in place.
    pub(crate) extra: Option<(String, usize, (usize, usize))>,
    /// The sentence introduces what follows ("The Times reports:",
    /// "PENCE: ..."): raw source and position, handed to the next sentences.
    pub(crate) intro: Option<(String, usize)>,
    /// An attribution guessed from the main subject when the rules found
    /// none, for the learned model to judge; its source resolved in place.
    pub(crate) guess: Option<attribution::guess::Guess>,
    /// The speaker was found by the tagger under its acceptance
    /// confidence (or by a learned cue): the sentence needs the score to be
    /// a claim.
    pub(crate) weak: bool,
    /// An attribution by a learned cue (raw source, its position, the
    /// content span), taken when nothing else gives the sentence a speaker.
    pub(crate) learned: Option<(String, usize, (usize, usize))>,
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
    let attr = attribute(chars, toks, s.quote_open_at_start);
    // a learned cue's attribution waits until quotes are linked: it only
    // fills a sentence the rules leave without a speaker
    let (attr, learned) = match attr {
        Some(a) if a.learned => (None, Some(a)),
        a => (a, None),
    };
    f.learned = learned.map(|a| (a.source, a.source_at, a.span));
    if let Some(mut a) = attr {
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

fn has_quantity(s: &str) -> bool {
    let l = s.to_lowercase();
    s.chars().any(|c| c.is_ascii_digit()) || QUANTITY_WORDS.iter().any(|w| l.contains(w))
}

/// Sentences in a quotation that runs over several sentences take the
/// speaker found anywhere in the run; a quote right after an attributed
/// sentence that introduces or continues it keeps that speaker.
fn link_quotes(sents: &[Sentence], found: &mut [Found], chars: &[char]) {
    link_intros(sents, found);
    link_runs(sents, found);
    link_openers(sents, found, chars);
}

/// What a colon or a speaker label introduces takes its speaker.
fn link_intros(sents: &[Sentence], found: &mut [Found]) {
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
}

/// A quotation over several sentences takes the speaker found in it.
fn link_runs(sents: &[Sentence], found: &mut [Found]) {
    let n = sents.len();
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
}

/// A sentence that opens a quote takes the speaker of the attributed
/// sentence it continues, or of its paragraph's later attribution.
fn link_openers(sents: &[Sentence], found: &mut [Found], chars: &[char]) {
    let n = sents.len();
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

#[cfg(test)]
mod tests;
