//! Claims that say the same thing in different articles.
//!
//! Each claim becomes a TF-IDF vector over its words (folded to lower case
//! without accents or curly quotes, stop words dropped) and the character
//! 4-grams inside those words (so "negotiations" meets "negotiation"),
//! weighted by sublinear term frequency and L2-normalised. Candidates come
//! from an inverted index on the words that are not too common; each
//! candidate is scored by cosine similarity, plus a small bonus when both
//! claims name a speaker and the names share a word.

use std::collections::HashMap;

use super::claim::Status;

/// One claim in the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Which article (sheet) the claim is in; matches across the same
    /// article are not reported.
    pub article: String,
    pub id: String,
    pub text: String,
    pub speaker: Option<String>,
    /// The verdict, `None` when not reviewed.
    pub verdict: Option<Status>,
}

/// A claim resembling another, with its score in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub entry: usize,
    pub score: f32,
}

/// Scores at or above this count as "the same claim" (chosen on the
/// hand-labelled pairs; see docs/workspaces.md).
pub const THRESHOLD: f32 = 0.5;

/// How many of a claim's rarest words bring candidates.
const RAREST: usize = 8;

/// Weight of the speaker bonus.
const SPEAKER_BONUS: f32 = 0.08;

pub type Vector = Vec<(u32, f32)>;

#[derive(Debug, Default)]
pub struct Index {
    entries: Vec<Entry>,
    vectors: Vec<Vector>,
    speakers: Vec<Vec<String>>,
    figures: Vec<Vec<String>>,
    /// Word term -> entries containing it (only for words in few claims).
    postings: HashMap<u32, Vec<u32>>,
}

pub const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "in", "is", "it", "its", "of", "on", "or", "our", "she",
    "that", "the", "their", "them", "there", "they", "this", "to", "was", "we", "were", "which",
    "who", "will", "with", "would", "you",
];

/// Fold a character for matching: lower case, no accents on Latin letters,
/// straight quotes.
pub fn fold_char(c: char) -> char {
    let c = match c {
        'À'..='Å' | 'à'..='å' => 'a',
        'Ç' | 'ç' => 'c',
        'È'..='Ë' | 'è'..='ë' => 'e',
        'Ì'..='Ï' | 'ì'..='ï' => 'i',
        'Ñ' | 'ñ' => 'n',
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' => 'o',
        'Ù'..='Ü' | 'ù'..='ü' => 'u',
        'Ý' | 'ý' | 'ÿ' => 'y',
        '\u{2018}' | '\u{2019}' => '\'',
        c => c,
    };
    c.to_lowercase().next().unwrap_or(c)
}

/// The content words of a text, folded.
pub fn words(text: &str) -> Vec<String> {
    raw_words(text).map(|(w, _)| w).collect()
}

/// Content words with whether they were capitalised in the text (names,
/// places: what related but different claims share).
fn raw_words(text: &str) -> impl Iterator<Item = (String, bool)> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter_map(|w| {
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let folded: String = w.chars().map(fold_char).collect();
            let folded = folded.trim_matches('\'').trim_end_matches("'s").to_owned();
            (!folded.is_empty() && !STOP.contains(&folded.as_str())).then_some((folded, capital))
        })
}

/// Word terms take ids below this; character 4-grams at or above it.
const GRAM_BIT: u32 = 1 << 21;

/// FNV-1a over characters: terms are hashed (feature hashing), so building
/// the index allocates no string per term.
fn hash_chars(chars: impl Iterator<Item = char>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in chars {
        for b in (c as u32).to_le_bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// The features of a text: (term id, weight). Word ids are below
/// [`GRAM_BIT`], 4-gram ids at or above it.
fn features(text: &str) -> Vec<(u32, f32)> {
    let mut out = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    for (w, capital) in raw_words(text) {
        let weight = if capital { NAME_WEIGHT } else { 1.0 };
        chars.clear();
        chars.extend(w.chars());
        if chars.len() > 4 {
            for g in chars.windows(4) {
                out.push((
                    (hash_chars(g.iter().copied()) % GRAM_BIT) | GRAM_BIT,
                    weight,
                ));
            }
        }
        out.push((hash_chars(chars.iter().copied()) % GRAM_BIT, weight));
    }
    out
}

/// A text's words and character 4-grams as a unit-length vector sorted by
/// term, weighted by sublinear term frequency only (no corpus needed): the
/// cosine of two of them ([`dot`]) measures shared wording.
pub fn gram_vector(text: &str) -> Vector {
    let mut f = features(text);
    f.sort_unstable_by_key(|(t, _)| *t);
    let mut v: Vector = Vec::with_capacity(f.len());
    let mut n = 0.0f32;
    for (t, weight) in f {
        match v.last_mut() {
            Some((last, w)) if *last == t => {
                n += 1.0;
                *w = (1.0 + n.ln()) * weight;
            }
            _ => {
                n = 1.0;
                v.push((t, weight));
            }
        }
    }
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}

/// Names weigh less than other words: two claims about the same people
/// are often different claims.
const NAME_WEIGHT: f32 = 0.5;

/// The numbers in a text ("46", "4.1", "12,000" -> "12000").
pub fn numbers(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|t| t.trim_matches(['.', ',']).replace(',', ""))
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Factor applied when both claims carry numbers and share none: the same
/// words with different figures are different claims.
const NUMBER_MISMATCH: f32 = 0.6;

fn speaker_words(s: Option<&str>) -> Vec<String> {
    s.map(words).unwrap_or_default()
}

impl Index {
    pub fn build(entries: Vec<Entry>) -> Index {
        let mut df: HashMap<u32, u32> = HashMap::new();
        let mut counts: Vec<Vec<(u32, (u32, f32))>> = Vec::with_capacity(entries.len());
        for e in &entries {
            let mut v: Vec<(u32, (u32, f32))> = Vec::new();
            let mut f = features(&e.text);
            f.sort_unstable_by_key(|(t, _)| *t);
            for (t, weight) in f {
                match v.last_mut() {
                    Some((last, (n, w))) if *last == t => {
                        *n += 1;
                        *w = w.max(weight);
                    }
                    _ => v.push((t, (1, weight))),
                }
            }
            for (t, _) in &v {
                *df.entry(*t).or_default() += 1;
            }
            counts.push(v);
        }
        let n = entries.len().max(1) as f32;
        let idf = |t: u32| ((1.0 + n) / (1.0 + df.get(&t).copied().unwrap_or(0) as f32)).ln() + 1.0;
        // Words in more than 1% of the claims (at least 50) find no candidates.
        let common = (entries.len() / 100).max(50) as u32;
        let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut vectors = Vec::with_capacity(entries.len());
        for (i, c) in counts.into_iter().enumerate() {
            let mut v: Vector = c
                .iter()
                .map(|&(t, (f, weight))| (t, (1.0 + (f as f32).ln()) * idf(t) * weight))
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            for &(t, _) in &c {
                if t < GRAM_BIT && df.get(&t).is_some_and(|&d| d <= common) {
                    postings.entry(t).or_default().push(i as u32);
                }
            }
            vectors.push(v);
        }
        let speakers = entries
            .iter()
            .map(|e| speaker_words(e.speaker.as_deref()))
            .collect();
        let figures = entries.iter().map(|e| numbers(&e.text)).collect();
        Index {
            entries,
            vectors,
            speakers,
            figures,
            postings,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry for an article's claim.
    pub fn find(&self, article: &str, id: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.article == article && e.id == id)
    }

    /// The similarity of two entries (cosine plus the speaker bonus, at most 1).
    pub fn score(&self, a: usize, b: usize) -> f32 {
        let mut cos = dot(&self.vectors[a], &self.vectors[b]);
        let (fa, fb) = (&self.figures[a], &self.figures[b]);
        if !fa.is_empty() && !fb.is_empty() && !fa.iter().any(|n| fb.contains(n)) {
            cos *= NUMBER_MISMATCH;
        }
        let (sa, sb) = (&self.speakers[a], &self.speakers[b]);
        let bonus = if !sa.is_empty() && sa.iter().any(|w| sb.contains(w)) {
            SPEAKER_BONUS
        } else {
            0.0
        };
        (cos + bonus).min(1.0)
    }

    /// Claims in other articles that resemble entry `i`, best first, at or
    /// above [`THRESHOLD`].
    pub fn similar_to(&self, i: usize, limit: usize) -> Vec<Match> {
        let Some(v) = self.vectors.get(i) else {
            return Vec::new();
        };
        // Candidates: the claims sharing one of this claim's rarest words.
        let mut rare: Vec<&Vec<u32>> = v.iter().filter_map(|(t, _)| self.postings.get(t)).collect();
        rare.sort_by_key(|list| list.len());
        let mut seen: Vec<u32> = Vec::new();
        for list in rare.into_iter().take(RAREST) {
            seen.extend_from_slice(list);
        }
        seen.sort_unstable();
        seen.dedup();
        let article = &self.entries[i].article;
        let mut out: Vec<Match> = seen
            .into_iter()
            .map(|j| j as usize)
            .filter(|&j| j != i && self.entries[j].article != *article)
            .map(|j| Match {
                entry: j,
                score: self.score(i, j),
            })
            .filter(|m| m.score >= THRESHOLD)
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        out.truncate(limit);
        out
    }
}

/// The dot product of two sparse vectors sorted by term.
pub fn dot(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// A one-line summary of matches: "also in 3 articles: 2 confirmed, 1 denied".
pub fn summary(index: &Index, matches: &[Match]) -> String {
    summarize(matches.iter().map(|m| {
        let e = &index.entries[m.entry];
        (e.article.as_str(), e.verdict)
    }))
}

/// The same summary from (article, verdict) pairs, for callers that know
/// fresher verdicts than the index's.
pub fn summarize<'a>(matches: impl Iterator<Item = (&'a str, Option<Status>)>) -> String {
    let mut articles: Vec<&str> = Vec::new();
    use super::Verdict;
    const ORDER: [Verdict; 4] = [
        Verdict::Confirmed,
        Verdict::Unconfirmed,
        Verdict::Denied,
        Verdict::NotReviewed,
    ];
    let mut counts = [0usize; 4];
    for (article, verdict) in matches {
        articles.push(article);
        let v = Verdict::from_status(verdict);
        if let Some(k) = ORDER.iter().position(|&o| o == v) {
            counts[k] += 1;
        }
    }
    articles.sort_unstable();
    articles.dedup();
    let parts: Vec<String> = ORDER
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| format!("{n} {}", v.label()))
        .collect();
    let n = articles.len();
    format!(
        "also in {n} article{}: {}",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        article: &str,
        id: &str,
        text: &str,
        speaker: Option<&str>,
        verdict: Option<Status>,
    ) -> Entry {
        Entry {
            article: article.into(),
            id: id.into(),
            text: text.into(),
            speaker: speaker.map(Into::into),
            verdict,
        }
    }

    fn index() -> Index {
        Index::build(vec![
            entry(
                "a",
                "C1",
                "The US is in contact with the Taliban about a possible peace deal",
                Some("Hamid Karzai"),
                None,
            ),
            entry(
                "b",
                "C1",
                "The United States is in contact with the Taliban over a possible peace deal, Karzai says",
                Some("Karzai"),
                Some(Status::Confirmed),
            ),
            entry(
                "c",
                "C4",
                "US officials are in contact with Taliban representatives about peace",
                None,
                Some(Status::Denied),
            ),
            entry(
                "d",
                "C2",
                "The bridge over the river was built in 1974 and carries 12,000 cars a day",
                Some("the council"),
                None,
            ),
            entry(
                "a",
                "C2",
                "The US is in contact with the Taliban about a possible peace deal",
                None,
                None,
            ),
        ])
    }

    #[test]
    fn reworded_claims_match_and_unrelated_do_not() {
        let idx = index();
        let m = idx.similar_to(0, 10);
        let ids: Vec<&str> = m
            .iter()
            .map(|m| idx.entries()[m.entry].article.as_str())
            .collect();
        assert_eq!(ids.first(), Some(&"b"), "{m:?}");
        assert!(!ids.contains(&"d"), "unrelated claims do not match: {m:?}");
        assert!(!ids.contains(&"a"), "the same article is not a match");
        assert!(idx.score(0, 3) < 0.1);
        // The speaker bonus counts.
        let with = idx.score(0, 1);
        let without = dot(&idx.vectors[0], &idx.vectors[1]);
        assert!((with - without - SPEAKER_BONUS).abs() < 1e-6);
    }

    #[test]
    fn words_fold_accents_quotes_and_stop_words() {
        assert_eq!(
            words("The Président’s “talks” are ON"),
            vec!["president", "talks"]
        );
    }

    #[test]
    fn summary_counts_articles_and_verdicts() {
        let idx = index();
        let m = vec![
            Match {
                entry: 1,
                score: 0.9,
            },
            Match {
                entry: 2,
                score: 0.5,
            },
        ];
        assert_eq!(
            summary(&idx, &m),
            "also in 2 articles: 1 confirmed, 1 denied"
        );
    }
}
