//! Train the learned attribution models embedded in the crate.
//!
//!     nice cargo run --release --example train_attribution -- \
//!         ../shared/eval/polnear/train.jsonl
//!
//! Reads PolNeAR's train split (one article a line: `text` and its gold
//! `attributions`, each with `source_text` and `content` code-point spans),
//! runs the extractor's rules on every article
//! (`claimdesk::domain::extract::rule_candidates`) and labels each decision
//! the models make (`learn::choices`): keeping a rule's speaker is right
//! when the claim lies mostly inside a gold content; giving a sentence a
//! neighbour's speaker is right when it lies mostly inside a gold content
//! whose source is a pronoun or shares a name with that speaker. Fits two
//! logistic regressions (AdaGrad SGD) on the first four fifths of the
//! articles, chooses both thresholds by the attribution F1 (the scorer's
//! measure, re-implemented here) on the last fifth, then refits on all of
//! train and writes `src/domain/extract/attribution.bin` (or the path given
//! second). Only train is read; dev stays for measuring. Deterministic.

use claimdesk::domain::extract::learn::{
    Choice, Context, DIM, Head, Model, choices, decide, predict,
};
use claimdesk::domain::extract::{Candidate, rule_candidates};
use polnear::{Counts, Gold, covered, is_pronoun, speaker_ok};

mod polnear;

const EPOCHS: usize = 10;
const RATE: f32 = 0.3;
const L2: f32 = 1e-5;
/// How much speaker accuracy counts beside F1 when thresholds are chosen.
const SPEAKER_WEIGHT: f32 = 1.5;

/// An article with the rules' candidates, the decisions and their labels.
struct Doc {
    cands: Vec<Candidate>,
    ctx: Context,
    choices: Vec<Choice>,
    labels: Vec<bool>,
    gold: Vec<Gold>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: train_attribution TRAIN.jsonl [OUT.bin]")?;
    let out = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "src/domain/extract/attribution.bin".to_owned());
    let docs = read(path)?;
    let cut = docs.len() * 4 / 5;
    let (fit_on, tune_on) = docs.split_at(cut);
    eprintln!(
        "train: {} articles ({} to fit, {} to choose the thresholds)",
        docs.len(),
        fit_on.len(),
        tune_on.len()
    );
    let rules = score(tune_on, None);
    eprintln!("held-out fifth, rules only: {rules}");
    let mut model = fit(fit_on);
    model.thresholds = tune(&mut model, tune_on);
    let t = model.thresholds;
    eprintln!(
        "held-out fifth, learned: {}  (keep >= {:.2}, subject >= {:.2}, inherit >= {:.2})",
        score(tune_on, Some(&model)),
        t[0],
        t[1],
        t[2]
    );
    let mut model = fit(&docs);
    model.thresholds = t;
    std::fs::write(&out, model.to_bytes())?;
    eprintln!("wrote {out}");
    Ok(())
}

fn read(path: &str) -> Result<Vec<Doc>, Box<dyn std::error::Error>> {
    let mut docs = Vec::new();
    for a in polnear::read(path)? {
        let (cands, ctx) = rule_candidates(&a.text);
        let choices = choices(&cands, &ctx);
        let labels = choices.iter().map(|c| label(c, &cands, &a.gold)).collect();
        docs.push(Doc {
            cands,
            ctx,
            choices,
            labels,
            gold: a.gold,
        });
    }
    Ok(docs)
}

/// Is the decision right, by the gold attributions?
fn label(c: &Choice, cands: &[Candidate], gold: &[Gold]) -> bool {
    let cand = &cands[c.cand];
    let (start, end) = c.span.unwrap_or((cand.start, cand.end));
    let len = (end - start).max(1);
    let best = gold
        .iter()
        .map(|g| (covered(&[(start, end)], &g.content), g))
        .max_by_key(|(n, _)| *n);
    let Some((n, g)) = best else {
        return false;
    };
    if n * 2 < len {
        return false;
    }
    // the speaker given, or the one kept, must be the source's
    let sp = c
        .speaker
        .as_deref()
        .or(cand.speaker.as_deref())
        .unwrap_or("");
    is_pronoun(&g.source) || speaker_ok(sp, &g.source)
}

/// Attribution precision, recall, F1 and speaker accuracy over `docs`, as
/// `score_attribution.py` measures them, with `model`'s decisions or the
/// rules' alone.
fn score(docs: &[Doc], model: Option<&Model>) -> String {
    polnear::show(figures(docs, model))
}

fn figures(docs: &[Doc], model: Option<&Model>) -> [f32; 4] {
    let mut counts = Counts::default();
    for d in docs {
        let mut cands = d.cands.clone();
        if let Some(m) = model {
            decide(m, &d.choices, &mut cands, &d.ctx);
        }
        counts.add(&cands, &d.gold);
    }
    counts.figures()
}

/// The thresholds that maximise attribution F1 on `docs` (speaker accuracy
/// weighs in too), one model at a time, twice round.
fn tune(model: &mut Model, docs: &[Doc]) -> [f32; 3] {
    let value = |m: &Model| {
        let f = figures(docs, Some(m));
        f[2] + SPEAKER_WEIGHT * f[3]
    };
    // start from the rules alone: keep everything, take nothing
    model.thresholds = [0.0, 1.01, 1.01];
    let mut best = value(model);
    for _ in 0..2 {
        for h in 0..3 {
            for k in 0..=20 {
                let t = k as f32 * 0.05 + if h == 0 { 0.0 } else { 0.01 };
                let old = model.thresholds[h];
                model.thresholds[h] = t;
                let v = value(model);
                if v > best {
                    best = v;
                } else {
                    model.thresholds[h] = old;
                }
            }
        }
    }
    model.thresholds
}

/// Fit the three models on `docs`.
fn fit(docs: &[Doc]) -> Model {
    let mut rows: [Vec<(Vec<u32>, bool)>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for d in docs {
        for (c, &y) in d.choices.iter().zip(&d.labels) {
            rows[c.head as usize].push((c.features.clone(), y));
        }
    }
    for (h, name) in [
        (Head::Keep, "keep"),
        (Head::Subject, "subject"),
        (Head::Inherit, "inherit"),
    ] {
        let r = &rows[h as usize];
        eprintln!("{name}: {} decisions ({} right)", r.len(), pos(r));
    }
    let [k, s, i] = rows;
    Model {
        weights: [sgd(shuffled(k)), sgd(shuffled(s)), sgd(shuffled(i))],
        thresholds: [0.5; 3],
    }
}

fn pos(rows: &[(Vec<u32>, bool)]) -> usize {
    rows.iter().filter(|r| r.1).count()
}

/// Logistic regression by AdaGrad SGD with L2.
fn sgd(rows: Vec<(Vec<u32>, bool)>) -> Vec<f32> {
    let mut w = vec![0f32; DIM];
    let mut g2 = vec![1e-6f32; DIM];
    for _ in 0..EPOCHS {
        for (f, y) in &rows {
            let p = predict(&w, f);
            let g = p - if *y { 1.0 } else { 0.0 };
            for &i in f {
                let i = i as usize;
                let grad = g + L2 * w[i];
                g2[i] += grad * grad;
                w[i] -= RATE * grad / g2[i].sqrt();
            }
        }
    }
    w
}

/// A deterministic shuffle (the order SGD sees the rows in).
fn shuffled<T>(mut data: Vec<T>) -> Vec<T> {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..data.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        data.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    data
}
