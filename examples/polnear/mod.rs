//! PolNeAR for the training programs: reading a split (articles with their
//! gold attributions) and the attribution scorer of
//! `score_attribution.py`, re-implemented, so thresholds are chosen on
//! train by the measure dev is scored with.

#![allow(dead_code)]

use claimdesk::domain::extract::tagger::Tagger;
use claimdesk::domain::extract::{Candidate, extract_with};

/// One gold attribution: its source, cue and content spans.
pub struct Gold {
    pub source: String,
    pub source_spans: Vec<(usize, usize)>,
    pub cue: Vec<(usize, usize)>,
    pub content: Vec<(usize, usize)>,
}

/// An article: its normalised text and gold attributions.
pub struct Article {
    pub text: String,
    pub gold: Vec<Gold>,
}

/// The articles of a PolNeAR JSONL file.
pub fn read(path: &str) -> Result<Vec<Article>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    for line in std::fs::read_to_string(path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let text = v["text"].as_str().unwrap_or_default().replace("\r\n", "\n");
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        let gold = v["attributions"]
            .as_array()
            .map(|a| a.iter().map(gold).collect())
            .unwrap_or_default();
        out.push(Article { text, gold });
    }
    Ok(out)
}

fn spans(v: &serde_json::Value) -> Vec<(usize, usize)> {
    let span = |s: &serde_json::Value| {
        let n = |k: usize| s.get(k).and_then(|x| x.as_u64()).unwrap_or(0) as usize;
        (n(0), n(1))
    };
    v.as_array()
        .map(|c| c.iter().map(span).collect())
        .unwrap_or_default()
}

fn gold(a: &serde_json::Value) -> Gold {
    Gold {
        source: a["source_text"].as_str().unwrap_or_default().to_owned(),
        source_spans: spans(&a["source"]),
        cue: spans(&a["cue"]),
        content: spans(&a["content"]),
    }
}

/// Characters of `spans` inside the union of `cover`.
pub fn covered(spans: &[(usize, usize)], cover: &[(usize, usize)]) -> usize {
    let mut total = 0;
    for &(s, e) in spans {
        let mut marks: Vec<(usize, usize)> = cover
            .iter()
            .map(|&(cs, ce)| (s.max(cs), e.min(ce)))
            .filter(|(lo, hi)| lo < hi)
            .collect();
        marks.sort_unstable();
        let mut end = s;
        for (lo, hi) in marks {
            let lo = lo.max(end);
            if hi > lo {
                total += hi - lo;
                end = hi;
            }
        }
    }
    total
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "i", "we", "you", "who", "which", "that", "his", "her", "their",
    "its", "him", "them", "me", "us", "our", "my", "this", "these", "those", "one", "whom",
];
const DROP: &[&str] = &[
    "the",
    "a",
    "an",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "president",
    "former",
    "prime",
    "minister",
    "secretary",
    "of",
    "and",
    "s",
    "said",
    "says",
    "according",
    "to",
];

fn tokens(s: &str) -> Vec<String> {
    let s = s.to_lowercase().replace('’', "'").replace("'s", " ");
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn is_pronoun(src: &str) -> bool {
    tokens(src).iter().all(|t| PRONOUNS.contains(&t.as_str()))
}

pub fn speaker_ok(pred: &str, gold: &str) -> bool {
    let g: Vec<String> = tokens(gold)
        .into_iter()
        .filter(|t| !DROP.contains(&t.as_str()))
        .collect();
    tokens(pred)
        .iter()
        .any(|t| !DROP.contains(&t.as_str()) && g.contains(t))
}

/// Counts behind the scorer's figures, summed over articles.
#[derive(Default, Clone, Copy)]
pub struct Counts {
    pred: usize,
    pred_ok: usize,
    gold: usize,
    gold_ok: usize,
    spk: usize,
    spk_ok: usize,
}

impl Counts {
    /// Add one article's candidates, scored against its gold attributions.
    pub fn add(&mut self, cands: &[Candidate], gold: &[Gold]) {
        let attributed: Vec<&Candidate> = cands
            .iter()
            .filter(|c| c.accepted && c.speaker.is_some())
            .collect();
        for c in &attributed {
            self.pred += 1;
            let len = (c.end - c.start).max(1);
            if gold
                .iter()
                .any(|g| covered(&[(c.start, c.end)], &g.content) * 2 >= len)
            {
                self.pred_ok += 1;
            }
        }
        let spans: Vec<(usize, usize)> = attributed.iter().map(|c| (c.start, c.end)).collect();
        for g in gold {
            self.gold += 1;
            let len: usize = g.content.iter().map(|(s, e)| e - s).sum::<usize>().max(1);
            if covered(&g.content, &spans) * 2 < len {
                continue;
            }
            self.gold_ok += 1;
            if g.source.is_empty() || is_pronoun(&g.source) {
                continue;
            }
            self.spk += 1;
            let best = attributed
                .iter()
                .max_by_key(|c| covered(&g.content, &[(c.start, c.end)]));
            if best.is_some_and(|c| speaker_ok(c.speaker.as_deref().unwrap_or(""), &g.source)) {
                self.spk_ok += 1;
            }
        }
    }

    /// Precision, recall, F1 and speaker accuracy.
    pub fn figures(&self) -> [f32; 4] {
        let p = self.pred_ok as f32 / self.pred.max(1) as f32;
        let r = self.gold_ok as f32 / self.gold.max(1) as f32;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        [p, r, f1, self.spk_ok as f32 / self.spk.max(1) as f32]
    }
}

/// The figures as the scorer prints them.
pub fn show(f: [f32; 4]) -> String {
    format!(
        "precision {:.3}  recall {:.3}  F1 {:.3}  speaker accuracy {:.3}",
        f[0], f[1], f[2], f[3]
    )
}

/// CheckThat! 2024 sentences written as one article, a paragraph each, as
/// `score_checkworthy.py` writes them, with their labels.
pub struct Debates {
    text: String,
    spans: Vec<(usize, usize, bool)>,
}

impl Debates {
    pub fn read(path: &str) -> Result<Debates, Box<dyn std::error::Error>> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .flexible(true)
            .from_path(path)?;
        let headers = rdr.headers()?.clone();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (ti, li) = (
            col("Text").ok_or("no Text")?,
            col("class_label").ok_or("no class_label")?,
        );
        let (mut text, mut spans, mut pos) = (String::new(), Vec::new(), 0);
        for rec in rdr.records() {
            let rec = rec?;
            let t = rec
                .get(ti)
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if t.is_empty() {
                continue;
            }
            let n = t.chars().count();
            spans.push((pos, pos + n, rec.get(li).is_some_and(|l| l.trim() == "Yes")));
            text.push_str(&t);
            text.push_str("\n\n");
            pos += n + 2;
        }
        Ok(Debates { text, spans })
    }

    /// Yes-class F1: a sentence is predicted Yes when an accepted claim overlaps it.
    pub fn f1(&self, tagger: Option<&Tagger>) -> f32 {
        let claims: Vec<(usize, usize)> = extract_with(&self.text, tagger)
            .into_iter()
            .filter(|c| c.accepted)
            .map(|c| (c.start, c.end))
            .collect();
        let (mut tp, mut fp, mut fn_) = (0f32, 0f32, 0f32);
        let mut k = 0;
        for &(s, e, yes) in &self.spans {
            while k < claims.len() && claims[k].1 <= s {
                k += 1;
            }
            let hit = claims[k..].iter().take_while(|c| c.0 < e).any(|c| c.1 > s);
            match (hit, yes) {
                (true, true) => tp += 1.0,
                (true, false) => fp += 1.0,
                (false, true) => fn_ += 1.0,
                _ => {}
            }
        }
        2.0 * tp / (2.0 * tp + fp + fn_).max(1.0)
    }
}
