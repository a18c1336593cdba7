//! A guessed attribution for a sentence the rules leave unattributed: its
//! main subject as the source, the first verb after it as the cue, what
//! follows as the content ("The senator blasted the plan as a giveaway":
//! the senator; "the plan as a giveaway"). Most such guesses are wrong (a
//! subject doing something is not a subject saying something); the learned
//! model ([`crate::domain::extract::learn`]) keeps the ones whose verb and
//! shape it has seen attribute in PolNeAR's train split.

use super::content::content_after;
use super::subject::main_subject;
use crate::domain::extract::lexicon::{in_pronouns, in_roles, is_adverb};
use crate::domain::extract::token::{Tok, join};

/// Auxiliaries and modals skipped between the subject and its verb.
const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "did",
    "does",
    "do",
    "not",
    "also",
    "is",
    "was",
    "are",
    "were",
    "been",
    "has",
    "repeatedly",
];

/// The guess: raw source, its position, the content span and what the
/// model needs to judge it.
#[derive(Debug, Clone, Default)]
pub struct Guess {
    pub source: String,
    pub source_at: usize,
    pub span: (usize, usize),
    /// The verb (lower case) and the token after it.
    pub verb: String,
    pub next: String,
    pub subject_words: usize,
    pub pronoun: bool,
    pub named: bool,
    pub role: bool,
    /// An auxiliary or adverb between the subject and the verb.
    pub aux: bool,
    /// Words of the content.
    pub content_words: usize,
}

/// The guessed attribution of a sentence's tokens, if its main subject is
/// followed by a verb with at least three words after it.
pub(crate) fn guess(chars: &[char], toks: &[Tok]) -> Option<Guess> {
    let s_end = toks.last()?.e;
    let (ss, se) = main_subject(toks, toks.len())?;
    let mut v = se;
    while v < toks.len()
        && toks[v].word
        && (AUX.contains(&toks[v].lower.as_str()) || is_adverb(&toks[v].lower))
    {
        v += 1;
    }
    let verb = toks.get(v).filter(|t| t.word && !t.cap())?;
    let span = content_after(chars, toks, v, s_end)?;
    let subject = &toks[ss..se];
    Some(Guess {
        source: join(toks, (ss, se)),
        source_at: toks[ss].s,
        span,
        verb: verb.lower.clone(),
        next: toks.get(v + 1).map_or(String::new(), |t| {
            if t.cap() {
                "<cap>".to_owned()
            } else {
                t.lower.clone()
            }
        }),
        subject_words: se - ss,
        pronoun: se - ss == 1 && in_pronouns(&toks[ss].lower),
        named: subject.iter().any(|t| t.cap()),
        role: subject.iter().any(|t| in_roles(&t.lower)),
        aux: v > se,
        content_words: toks[v + 1..]
            .iter()
            .filter(|t| t.word && t.s >= span.0)
            .count(),
    })
}
