//! The attribution tagger: an averaged perceptron, trained on PolNeAR's
//! train split, that tags each token of a sentence as the source, cue or
//! content of an attribution (B/I-SOURCE, B/I-CUE, B/I-CONTENT) or none,
//! left to right (each tag reads the two before it). It is used only where
//! the rules leave a sentence without a speaker: when it tags a source and a
//! cue with enough confidence (the mean margin of the source's tags), the
//! source becomes the sentence's speaker (resolved as the rules' are), and
//! its content span the claim's span when it is long enough. A sentence the
//! check-worthiness score turns down is accepted on a tagged source only
//! above a second, higher confidence. The thresholds were chosen on a
//! held-out fifth of train.
//!
//! The weights (`tagger.bin`: a versioned header, then i16-quantised
//! weights) are written by `cargo run --release --example train_tagger` and
//! embedded at build time; a missing or malformed file leaves the rules'
//! output as it is.

mod features;

use std::sync::OnceLock;

pub use features::history;
use features::static_features;

use super::segment::{self, Sentence};
use super::token::{Tok, join, strip_span, tokenize};
use super::{Found, analyse};

/// Hashed feature space: 2^16 features, each with a weight per tag.
pub const DIM_BITS: u32 = 16;
pub const DIM: usize = 1 << DIM_BITS;
/// O, B-SOURCE, I-SOURCE, B-CUE, I-CUE, B-CONTENT, I-CONTENT.
pub const TAGS: usize = 7;
pub const O: u8 = 0;
pub const SOURCE: u8 = 1;
pub const CUE: u8 = 3;
pub const CONTENT: u8 = 5;
const MAGIC: &[u8; 6] = b"CDTG01";
static EMBEDDED: &[u8] = include_bytes!("../tagger.bin");

/// The tagger's weights (`DIM * TAGS`, feature-major) and the thresholds of
/// its use.
#[derive(Debug, Clone)]
pub struct Tagger {
    pub weights: Vec<f32>,
    /// Least mean margin of a source's tags for it to be taken.
    pub min_conf: f32,
    /// Least mean margin for a sentence under the score threshold to be
    /// accepted on its tagged source.
    pub accept_conf: f32,
    /// Least number of content tokens for the tagged content to become the
    /// claim's span (else the sentence is).
    pub content_min: f32,
}

/// A sentence's tokens (code-point spans) with their tag-free features.
#[derive(Debug, Clone)]
pub struct TokenSentence {
    pub spans: Vec<(usize, usize)>,
    pub features: Vec<Vec<u32>>,
}

impl Tagger {
    /// Parse the binary form written by [`Tagger::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Option<Tagger> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let word = |at: usize| -> Option<[u8; 4]> { rest.get(at..at + 4)?.try_into().ok() };
        if u32::from_le_bytes(word(0)?) != DIM_BITS || u32::from_le_bytes(word(4)?) != TAGS as u32 {
            return None;
        }
        let f = |at: usize| -> Option<f32> { Some(f32::from_le_bytes(word(at)?)) };
        let (min_conf, accept_conf, content_min, scale) = (f(8)?, f(12)?, f(16)?, f(20)?);
        let body = rest.get(24..)?;
        if body.len() != DIM * TAGS * 2 || !scale.is_finite() {
            return None;
        }
        let weights = body
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
            .collect();
        Some(Tagger {
            weights,
            min_conf,
            accept_conf,
            content_min,
        })
    }

    /// The binary form: magic, sizes, thresholds, scale, i16 weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut out = Vec::with_capacity(MAGIC.len() + 24 + DIM * TAGS * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&DIM_BITS.to_le_bytes());
        out.extend_from_slice(&(TAGS as u32).to_le_bytes());
        for v in [self.min_conf, self.accept_conf, self.content_min, scale] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
        out
    }
}

/// The embedded tagger, if it is present and well formed.
pub fn embedded() -> Option<&'static Tagger> {
    static T: OnceLock<Option<Tagger>> = OnceLock::new();
    T.get_or_init(|| Tagger::from_bytes(EMBEDDED)).as_ref()
}

/// The score of each tag for a token's features.
pub fn scores(weights: &[f32], features: &[u32]) -> [f32; TAGS] {
    let mut s = [0f32; TAGS];
    for &f in features {
        let base = f as usize * TAGS;
        if let Some(w) = weights.get(base..base + TAGS) {
            for (t, v) in s.iter_mut().zip(w) {
                *t += v;
            }
        }
    }
    s
}

/// The best tag of each token, left to right, with its margin over the
/// next best.
pub fn decode(weights: &[f32], features: &[Vec<u32>]) -> (Vec<u8>, Vec<f32>) {
    let mut tags: Vec<u8> = Vec::with_capacity(features.len());
    let mut margins = Vec::with_capacity(features.len());
    let mut buf = Vec::new();
    for f in features {
        let prev = tags.last().copied().unwrap_or(O);
        let prev2 = tags.len().checked_sub(2).map_or(O, |k| tags[k]);
        buf.clear();
        buf.extend_from_slice(f);
        history(f.get(1).copied().unwrap_or(0), prev, prev2, &mut buf);
        let s = scores(weights, &buf);
        let (best, _) = s
            .iter()
            .enumerate()
            .fold((0, f32::MIN), |b, (t, &v)| if v > b.1 { (t, v) } else { b });
        let second = s
            .iter()
            .enumerate()
            .filter(|&(t, _)| t != best)
            .fold(f32::MIN, |m, (_, &v)| m.max(v));
        tags.push(best as u8);
        margins.push(s[best] - second);
    }
    (tags, margins)
}

/// The tag class of a tag: O, SOURCE, CUE or CONTENT (the B- form).
pub fn class(tag: u8) -> u8 {
    if tag == O { O } else { (tag - 1) / 2 * 2 + 1 }
}

/// Every sentence of `text` as the tagger sees it, for training.
pub fn token_sentences(text: &str) -> Vec<TokenSentence> {
    let chars: Vec<char> = text.chars().collect();
    segment::sentences(&chars)
        .iter()
        .map(|s| {
            let toks = tokenize(&chars, s.start, s.end);
            let f = analyse(&chars, s, &toks);
            TokenSentence {
                spans: toks.iter().map(|t| (t.s, t.e)).collect(),
                features: static_features(&toks, s.quote_open_at_start, &f),
            }
        })
        .collect()
}

/// What the tagger reads in a sentence: the source's token range, its
/// confidence and the content's token range.
struct Reading {
    source: (usize, usize),
    confidence: f32,
    content: Option<(usize, usize, usize)>,
}

fn read_tags(tags: &[u8], margins: &[f32]) -> Option<Reading> {
    if !tags.iter().any(|&t| class(t) == CUE) {
        return None;
    }
    let a = tags.iter().position(|&t| class(t) == SOURCE)?;
    let b = a
        + tags[a + 1..]
            .iter()
            .take_while(|&&t| t == SOURCE + 1)
            .count()
        + 1;
    let confidence = margins[a..b].iter().sum::<f32>() / (b - a) as f32;
    let inside: Vec<usize> = (0..tags.len())
        .filter(|&i| class(tags[i]) == CONTENT)
        .collect();
    let content = match (inside.first(), inside.last()) {
        (Some(&s), Some(&e)) => Some((s, e + 1, inside.len())),
        _ => None,
    };
    Some(Reading {
        source: (a, b),
        confidence,
        content,
    })
}

/// Give each sentence the rules left without a speaker the source the
/// tagger finds in it, when it is confident enough.
pub(crate) fn fill(t: &Tagger, chars: &[char], sents: &[Sentence], found: &mut [Found]) {
    for (s, f) in sents.iter().zip(found.iter_mut()) {
        if f.speaker.is_some() || f.reject.is_some() {
            continue;
        }
        let toks: Vec<Tok> = tokenize(chars, s.start, s.end);
        let feats = static_features(&toks, s.quote_open_at_start, f);
        let (tags, margins) = decode(&t.weights, &feats);
        let Some(r) = read_tags(&tags, &margins) else {
            continue;
        };
        if r.confidence < t.min_conf {
            continue;
        }
        f.speaker = Some(join(&toks, r.source));
        f.source_at = toks[r.source.0].s;
        f.weak = r.confidence < t.accept_conf;
        if let Some((a, b, n)) = r.content
            && n as f32 >= t.content_min
        {
            let span = strip_span(chars, toks[a].s, toks[b - 1].e, false);
            if span.0 < span.1 {
                f.span = Some(span);
            }
        }
    }
}

#[cfg(test)]
mod tests;
