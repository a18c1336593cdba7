//! Check-worthiness: a logistic-regression model over hashed word and
//! word-pair features and ClaimBuster-style features that carry across
//! sources (numbers, quantities, years, names, reporting verbs, comparatives
//! and superlatives, hedges, modals, tense, negation, first person,
//! questions).
//!
//! The weights (`checkworthy.bin`) are trained on CheckThat! 2024 task 1 train
//! by `cargo run --release --example train_checkworthy -- TRAIN.tsv` and
//! embedded at build time; nothing is downloaded at run time. When the file
//! is missing or malformed the score falls back to hand-set feature weights.

use std::sync::OnceLock;

use super::lexicon::{COMPARATIVES, FIRST_PERSON, HEDGES, PAST, REPORTING};

/// log2 of the number of hashed feature buckets.
pub const DIM_BITS: u32 = 18;
pub const DIM: usize = 1 << DIM_BITS;

const MAGIC: &[u8; 6] = b"CDCW01";
static EMBEDDED: &[u8] = include_bytes!("checkworthy.bin");

/// A trained model: bias, weights and the acceptance threshold chosen on a
/// held-out tenth of the training data.
#[derive(Debug, Clone)]
pub struct Model {
    pub bias: f32,
    pub threshold: f32,
    pub weights: Vec<f32>,
}

impl Model {
    /// Parse the binary form written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let f = |b: &[u8], at: usize| -> Option<f32> {
            Some(f32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
        };
        let bits = u32::from_le_bytes(rest.get(0..4)?.try_into().ok()?);
        if bits != DIM_BITS {
            return None;
        }
        let bias = f(rest, 4)?;
        let threshold = f(rest, 8)?;
        let scale = f(rest, 12)?;
        let body = rest.get(16..)?;
        if body.len() != DIM * 2 {
            return None;
        }
        let weights = body
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
            .collect();
        Some(Model {
            bias,
            threshold,
            weights,
        })
    }

    /// Weights quantised to i16 (the file is 512 KiB).
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut out = Vec::with_capacity(MAGIC.len() + 16 + DIM * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&DIM_BITS.to_le_bytes());
        out.extend_from_slice(&self.bias.to_le_bytes());
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for w in &self.weights {
            let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    /// Probability that a sentence with these features is check-worthy.
    pub fn predict(&self, feats: &[u32]) -> f32 {
        let norm = 1.0 / (feats.len().max(1) as f32).sqrt();
        let z = self.bias
            + feats
                .iter()
                .map(|&i| self.weights.get(i as usize).copied().unwrap_or(0.0))
                .sum::<f32>()
                * norm;
        sigmoid(z)
    }
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The embedded model, if it is present and well formed.
pub fn model() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| Model::from_bytes(EMBEDDED)).as_ref()
}

/// The acceptance threshold on [`score`].
pub fn threshold() -> f32 {
    model().map_or(0.5, |m| m.threshold)
}

/// Check-worthiness of a sentence, 0 to 1.
pub fn score(sentence: &str) -> f32 {
    let feats = features(sentence);
    match model() {
        Some(m) => m.predict(&feats),
        None => rule_score(sentence),
    }
}

fn fnv(prefix: u8, parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(prefix);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            eat(0x1f);
        }
        for &b in p.as_bytes() {
            eat(b);
        }
    }
    ((h >> 7) as u32) & (DIM as u32 - 1)
}

/// Hashed feature indices of a sentence (deduplicated, sorted).
pub fn features(sentence: &str) -> Vec<u32> {
    let lower = sentence.to_lowercase().replace('’', "'");
    let mut out = Vec::with_capacity(lower.len() * 3 + 32);
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '%' || c == '$'))
        .filter(|w| !w.is_empty())
        .collect();
    let norm: Vec<&str> = words
        .iter()
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                "<num>"
            } else {
                w
            }
        })
        .collect();
    out.push(fnv(b'B', &["bias"]));
    for (i, w) in norm.iter().enumerate() {
        out.push(fnv(b'w', &[w]));
        if i > 0 {
            out.push(fnv(b'b', &[norm[i - 1], w]));
        }
    }
    if let Some(f) = norm.first() {
        out.push(fnv(b's', &[f]));
    }
    // ClaimBuster-style hand features
    let any = |set: &[&str]| words.iter().any(|w| set.contains(w));
    let has_num = words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()));
    let mut flag = |name: &str, on: bool| {
        if on {
            out.push(fnv(b'f', &[name]));
        }
    };
    flag("num", has_num);
    flag("pct", lower.contains('%') || lower.contains("percent"));
    flag("money", lower.contains('$') || lower.contains("dollar"));
    flag("reporting", any(REPORTING));
    flag("hedge", any(HEDGES));
    flag("compar", any(COMPARATIVES));
    flag("first", any(FIRST_PERSON));
    flag("past", any(PAST));
    flag("question", lower.trim_end().ends_with('?'));
    flag(
        "caps",
        sentence
            .split_whitespace()
            .skip(1)
            .any(|w| w.starts_with(char::is_uppercase)),
    );
    let len_bucket = match words.len() {
        0..=3 => "len0",
        4..=7 => "len1",
        8..=14 => "len2",
        15..=25 => "len3",
        _ => "len4",
    };
    flag(len_bucket, true);
    cross_source(sentence, &words, &mut flag);
    out.sort_unstable();
    out.dedup();
    out
}

/// Features that carry from one source to another (debates, speeches, news)
/// rather than the words of one: how many names and numbers, a year, the
/// future, modals, superlatives, negation, quantities, the audience
/// addressed, and the formulas of a speech ("thank you", "applause").
fn cross_source(sentence: &str, words: &[&str], flag: &mut impl FnMut(&str, bool)) {
    let caps = sentence
        .split_whitespace()
        .skip(1)
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    flag(["ne0", "ne1", "ne2", "ne2", "ne3"][caps.min(4)], true);
    let nums = words
        .iter()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .count();
    flag(["n0", "n1", "n2"][nums.min(2)], true);
    let any = |f: fn(&str) -> bool| words.iter().any(|w| f(w));
    flag(
        "year",
        any(|w| {
            w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"))
                && w.chars().all(|c| c.is_ascii_digit())
        }),
    );
    flag(
        "future",
        any(|w| matches!(w, "will" | "won't" | "going" | "plan" | "plans")),
    );
    flag(
        "modal",
        any(|w| matches!(w, "should" | "must" | "need" | "ought")),
    );
    flag("superl", any(|w| w.len() > 5 && w.ends_with("est")));
    flag(
        "negation",
        any(|w| matches!(w, "not" | "no" | "never" | "n't")),
    );
    flag(
        "quantity",
        any(|w| {
            matches!(
                w,
                "million"
                    | "billion"
                    | "trillion"
                    | "thousand"
                    | "hundred"
                    | "dozen"
                    | "half"
                    | "twice"
                    | "percent"
                    | "%"
            )
        }),
    );
    flag("you", any(|w| matches!(w, "you" | "your")));
    flag(
        "thanks",
        any(|w| matches!(w, "thank" | "thanks" | "applause" | "laughter")),
    );
}

/// A score from hand-set weights, used when no trained model is embedded.
pub fn rule_score(sentence: &str) -> f32 {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '%'))
        .filter(|w| !w.is_empty())
        .collect();
    let any = |set: &[&str]| words.iter().any(|w| set.contains(w));
    let mut z = -1.0f32;
    if words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
        z += 1.5;
    }
    if any(COMPARATIVES) {
        z += 0.6;
    }
    if any(REPORTING) {
        z += 0.5;
    }
    if any(PAST) {
        z += 0.3;
    }
    if any(HEDGES) {
        z -= 0.4;
    }
    if any(FIRST_PERSON) {
        z -= 0.3;
    }
    if sentence
        .split_whitespace()
        .skip(1)
        .any(|w| w.starts_with(char::is_uppercase))
    {
        z += 0.5;
    }
    if words.len() < 5 {
        z -= 1.0;
    }
    if lower.trim_end().ends_with('?') {
        z -= 2.0;
    }
    sigmoid(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads_and_ranks() {
        let m = model().expect("embedded model");
        assert!(m.threshold > 0.0 && m.threshold < 1.0);
        let hi = score("Unemployment fell from 10 percent to 4.7 percent during my term.");
        let lo = score("Thank you very much, it is great to be here tonight.");
        assert!(hi > lo, "{hi} <= {lo}");
        let round = Model::from_bytes(&m.to_bytes()).unwrap();
        assert!((round.bias - m.bias).abs() < 1e-6);
    }
}
