//! Train the check-worthiness model embedded in the crate.
//!
//!     cargo run --release --example train_checkworthy -- ../shared/eval/ct24/train.tsv
//!
//! Reads CheckThat! 2024 task 1 English train (tab-separated, CSV quoting:
//! Sentence_id, Text, class_label Yes/No), hashes each sentence's features
//! with `claimdesk::domain::extract::score::features` (the same function the
//! extractor uses), and fits a logistic regression by AdaGrad SGD with L2:
//! first on a shuffled 90% to choose the acceptance threshold that maximises
//! F1 of the Yes class on the other 10%, then on all of train. Writes
//! `src/domain/extract/checkworthy.bin` (or the path given second).
//! Only train is read; the dev split is for measuring.

use claimdesk::domain::extract::score::{DIM, Model, features, sigmoid};

const EPOCHS: usize = 8;
const RATE: f32 = 0.2;
const L2: f32 = 1e-6;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let train = args
        .get(1)
        .ok_or("usage: train_checkworthy TRAIN.tsv [OUT.bin]")?;
    let out = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "src/domain/extract/checkworthy.bin".to_owned());
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .flexible(true)
        .from_path(train)?;
    let headers = rdr.headers()?.clone();
    let ti = headers
        .iter()
        .position(|h| h == "Text")
        .ok_or("no Text column")?;
    let li = headers
        .iter()
        .position(|h| h == "class_label")
        .ok_or("no class_label column")?;
    let mut data: Vec<(Vec<u32>, bool)> = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let text = rec
            .get(ti)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() {
            continue;
        }
        let y = rec.get(li).unwrap_or("").trim() == "Yes";
        data.push((features(&text), y));
    }
    let pos = data.iter().filter(|d| d.1).count();
    eprintln!("{} sentences, {} Yes", data.len(), pos);
    // deterministic shuffle
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..data.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        data.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    let cut = data.len() * 9 / 10;
    let model = fit(&data[..cut]);
    let mut scored: Vec<(f32, bool)> = data[cut..]
        .iter()
        .map(|(f, y)| (model.predict(f), *y))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total_pos = scored.iter().filter(|s| s.1).count().max(1);
    let (mut best_f1, mut best_t, mut tp) = (0.0f32, 0.5f32, 0usize);
    for (k, (s, y)) in scored.iter().enumerate() {
        if *y {
            tp += 1;
        }
        let p = tp as f32 / (k + 1) as f32;
        let r = tp as f32 / total_pos as f32;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        if f1 > best_f1 {
            best_f1 = f1;
            best_t = *s;
        }
    }
    eprintln!("held-out tenth of train: best F1 {best_f1:.3} at threshold {best_t:.3}");
    let mut model = fit(&data);
    model.threshold = best_t;
    std::fs::write(&out, model.to_bytes())?;
    eprintln!("wrote {out}");
    Ok(())
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
