//! Train the check-worthiness model embedded in the crate.
//!
//!     cargo run --release --example train_checkworthy -- \
//!         ../shared/eval/ct24/train.tsv ../shared/eval/ct24/dev.tsv
//!
//! Reads CheckThat! 2024 task 1 English train (tab-separated, CSV quoting:
//! Sentence_id, Text, class_label Yes/No), hashes each sentence's features
//! with `claimdesk::domain::extract::score::features` (the same function the
//! extractor uses), and fits a logistic regression by AdaGrad SGD with L2 on
//! all of train. The acceptance threshold is the one that maximises F1 of
//! the Yes class on dev (the weights never see dev). Before that, blocked
//! 5-fold cross-validation over train measures how the model carries to
//! debates it has not seen: the sentences sorted by `Sentence_id` (which
//! runs debate by debate) are cut into 5 contiguous folds; each is scored by
//! a model trained on the other four, with the threshold chosen by the same
//! blocked cross-validation inside those four (never on the fold measured). Writes `src/domain/extract/checkworthy.bin`
//! (or the path given third). Deterministic.

use claimdesk::domain::extract::score::{DIM, Model, features, sigmoid};

const EPOCHS: usize = 8;
const RATE: f32 = 0.2;
const L2: f32 = 1e-6;
const FOLDS: usize = 5;

type Data = Vec<(Vec<u32>, bool)>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: train_checkworthy TRAIN.tsv DEV.tsv [OUT.bin]";
    let train = read(args.get(1).ok_or(usage)?)?;
    let dev = read(args.get(2).ok_or(usage)?)?;
    let out = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| "src/domain/extract/checkworthy.bin".to_owned());
    let pos = train.iter().filter(|d| d.1).count();
    eprintln!("train: {} sentences, {} Yes", train.len(), pos);
    let mut f1s = Vec::new();
    for k in 0..FOLDS {
        let (a, b) = (train.len() * k / FOLDS, train.len() * (k + 1) / FOLDS);
        let rest: Data = train[..a].iter().chain(&train[b..]).cloned().collect();
        let t = inner_threshold(&rest);
        let model = fit(&shuffled(&rest));
        let f1 = f1_at(&model, &train[a..b], t);
        eprintln!(
            "fold {}: sentences {a}..{b}, threshold {t:.3}, F1 {f1:.3}",
            k + 1
        );
        f1s.push(f1);
    }
    let mean = f1s.iter().sum::<f32>() / f1s.len() as f32;
    eprintln!("blocked {FOLDS}-fold cross-validation over train: mean F1 {mean:.3}");
    let mut model = fit(&shuffled(&train));
    let (f1, t) = best_threshold(&model, &dev);
    eprintln!("dev: best F1 {f1:.3} at threshold {t:.3}");
    model.threshold = t;
    std::fs::write(&out, model.to_bytes())?;
    eprintln!("wrote {out}");
    Ok(())
}

/// The threshold for a model trained on `data`, chosen without the data it
/// will be measured on: every sentence of `data` is scored by a model
/// trained on the other blocks of `data` (blocked as the outer folds are),
/// and the threshold maximising F1 over those scores is kept.
fn inner_threshold(data: &[(Vec<u32>, bool)]) -> f32 {
    let inner = FOLDS - 1;
    let mut scored: Vec<(f32, bool)> = Vec::with_capacity(data.len());
    for k in 0..inner {
        let (a, b) = (data.len() * k / inner, data.len() * (k + 1) / inner);
        let rest: Data = data[..a].iter().chain(&data[b..]).cloned().collect();
        let model = fit(&shuffled(&rest));
        scored.extend(data[a..b].iter().map(|(f, y)| (model.predict(f), *y)));
    }
    best_cut(scored).1
}

/// The sentences of a CT24 file with their labels, in `Sentence_id` order.
fn read(path: &str) -> Result<Data, Box<dyn std::error::Error>> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .flexible(true)
        .from_path(path)?;
    let headers = rdr.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or(format!("{path}: no {name} column"))
    };
    let (ii, ti, li) = (col("Sentence_id")?, col("Text")?, col("class_label")?);
    let mut rows: Vec<(u64, Vec<u32>, bool)> = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let text = rec
            .get(ti)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>();
        if text.is_empty() {
            continue;
        }
        let id = rec.get(ii).and_then(|s| s.trim().parse().ok()).unwrap_or(0);
        let y = rec.get(li).unwrap_or("").trim() == "Yes";
        rows.push((id, features(&text.join(" ")), y));
    }
    rows.sort_by_key(|r| r.0);
    Ok(rows.into_iter().map(|(_, f, y)| (f, y)).collect())
}

/// A deterministic shuffle (the order SGD sees the sentences in).
fn shuffled(data: &[(Vec<u32>, bool)]) -> Data {
    let mut data = data.to_vec();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..data.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        data.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    data
}

/// The threshold that maximises Yes-class F1 on `data`, with that F1.
fn best_threshold(model: &Model, data: &[(Vec<u32>, bool)]) -> (f32, f32) {
    best_cut(data.iter().map(|(f, y)| (model.predict(f), *y)).collect())
}

/// The score threshold that maximises Yes-class F1 over scored sentences.
fn best_cut(mut scored: Vec<(f32, bool)>) -> (f32, f32) {
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total_pos = scored.iter().filter(|s| s.1).count().max(1);
    let (mut best_f1, mut best_t, mut tp) = (0.0f32, 0.5f32, 0usize);
    for (k, (s, y)) in scored.iter().enumerate() {
        tp += usize::from(*y);
        let f1 = 2.0 * tp as f32 / ((k + 1) + total_pos) as f32;
        if f1 > best_f1 {
            best_f1 = f1;
            best_t = *s;
        }
    }
    (best_f1, best_t)
}

/// Yes-class F1 of `model` on `data` at threshold `t`.
fn f1_at(model: &Model, data: &[(Vec<u32>, bool)], t: f32) -> f32 {
    let (mut tp, mut predicted, mut gold) = (0usize, 0usize, 0usize);
    for (f, y) in data {
        let p = model.predict(f) >= t;
        tp += usize::from(p && *y);
        predicted += usize::from(p);
        gold += usize::from(*y);
    }
    2.0 * tp as f32 / (predicted + gold).max(1) as f32
}

fn fit(data: &[(Vec<u32>, bool)]) -> Model {
    let mut w = vec![0f32; DIM];
    let mut g2 = vec![1e-8f32; DIM];
    let mut b = 0f32;
    let mut gb = 1e-8f32;
    for _ in 0..EPOCHS {
        for (f, y) in data {
            let norm = 1.0 / (f.len().max(1) as f32).sqrt();
            let z = b + f.iter().map(|&i| w[i as usize]).sum::<f32>() * norm;
            let g = sigmoid(z) - if *y { 1.0 } else { 0.0 };
            gb += g * g;
            b -= RATE * g / gb.sqrt();
            for &i in f {
                let i = i as usize;
                let gi = g * norm + L2 * w[i];
                g2[i] += gi * gi;
                w[i] -= RATE * gi / g2[i].sqrt();
            }
        }
    }
    Model {
        bias: b,
        threshold: 0.5,
        weights: w,
    }
}
