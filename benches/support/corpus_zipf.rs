//! A second claims generator, with another word distribution than
//! corpus.rs: words drawn by a Zipf law (a few very common, a long tail)
//! from a vocabulary of made-up words with common English ones mixed in,
//! names in capitals, and accented words (café, Zürich, São Paulo) in
//! about one claim in twenty. Seeded: the same claims for the same seed.

use claimdesk::domain::search::Item;

use super::corpus::Rng;

const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "said",
    "that",
    "was",
    "for",
    "on",
    "is",
    "with",
    "by",
    "government",
    "minister",
    "report",
    "police",
    "election",
    "parliament",
    "percent",
    "million",
    "talks",
    "peace",
    "embassy",
    "declined",
    "court",
    "budget",
    "army",
    "vote",
    "law",
];
const NAMES: &[&str] = &[
    "Karzai",
    "Merkel",
    "NATO",
    "Obama",
    "Parliament",
    "Kabul",
    "Doha",
];
const ACCENTED: &[&str] = &["café", "Zürich", "São Paulo", "naïve", "Ångström", "résumé"];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mer", "tin", "pra", "dos", "vel", "qui", "an", "bor", "ste", "lu", "ri", "mon",
];

/// A made-up word of two to four syllables.
fn made_up(rng: &mut Rng) -> String {
    (0..2 + rng.below(3))
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect()
}

/// Rank `r` of `n` by a Zipf law (exponent 1), by inverse sampling.
fn zipf(rng: &mut Rng, n: usize) -> usize {
    let h = (n as f64).ln() + 0.5772;
    let u = (rng.below(1_000_000) as f64 + 0.5) / 1_000_000.0;
    ((u * h).exp() as usize).saturating_sub(1).min(n - 1)
}

/// `n` claims of 40 to 300 characters.
pub fn claims(n: usize, seed: u64) -> Vec<Item> {
    let mut rng = Rng::new(seed ^ 0x2F1B);
    let vocabulary: Vec<String> = COMMON
        .iter()
        .map(|w| (*w).to_owned())
        .chain((0..5_000).map(|_| made_up(&mut rng)))
        .collect();
    (0..n)
        .map(|i| {
            let target = 40 + rng.below(261);
            let mut text = String::with_capacity(target + 16);
            while text.len() < target {
                if !text.is_empty() {
                    text.push(' ');
                }
                let w = match rng.below(40) {
                    0 => NAMES[rng.below(NAMES.len())],
                    1 if rng.below(2) == 0 => ACCENTED[rng.below(ACCENTED.len())],
                    _ => &vocabulary[zipf(&mut rng, vocabulary.len())],
                };
                text.push_str(w);
            }
            text.push('.');
            let speaker = match rng.below(3) {
                0 => String::new(),
                _ => format!("{} {}", NAMES[rng.below(NAMES.len())], made_up(&mut rng)),
            };
            Item {
                id: format!("C{}", i + 1),
                text,
                speaker,
                note: String::new(),
            }
        })
        .collect()
}
