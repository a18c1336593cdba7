//! Train the attribution tagger embedded in the crate.
//!
//!     nice cargo run --release --example train_tagger -- \
//!         ../shared/eval/polnear/train.jsonl ../shared/eval/ct24/train.tsv
//!
//! Reads PolNeAR's train split, tags each token of each sentence from the
//! gold spans (source, cue, content; B- on the first token of a span, I- on
//! the rest, O elsewhere) and fits an averaged perceptron
//! (`claimdesk::domain::extract::tagger`: greedy left-to-right decoding,
//! the two previous tags as features) on the first four fifths of the
//! articles. On the last fifth it chooses the thresholds of its use (the
//! least confidence for a source, the least confidence for accepting a
//! sentence under the score threshold, the least content length) by the
//! attribution F1 + 1.5 × speaker accuracy of the whole extractor (the
//! scorer re-implemented in `polnear/mod.rs`), among the choices that keep
//! CheckThat! 2024 *train*, read as one article of debate speech, within
//! 0.01 of the rules' Yes-class F1 (debate speech must not flood in), then
//! refits on all of train and writes `src/domain/extract/tagger.bin` (or the
//! path given third). Only train splits are read; dev stays for measuring.
//! Deterministic.

mod polnear;

use claimdesk::domain::extract::extract_with;
use claimdesk::domain::extract::tagger::{
    CONTENT, CUE, DIM, O, SOURCE, TAGS, Tagger, TokenSentence, class, decode, history, scores,
    token_sentences,
};
use polnear::{Article, Counts, Debates, Gold, show};

const EPOCHS: usize = 6;
/// How much speaker accuracy counts beside F1 when thresholds are chosen.
const SPEAKER_WEIGHT: f32 = 1.5;

/// A sentence's features and gold tags.
struct Example {
    features: Vec<Vec<u32>>,
    tags: Vec<u8>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: train_tagger POLNEAR_TRAIN.jsonl CT24_TRAIN.tsv [OUT.bin]";
    let path = args.get(1).ok_or(usage)?;
    let debates = Debates::read(args.get(2).ok_or(usage)?)?;
    let out = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| "src/domain/extract/tagger.bin".to_owned());
    let articles = polnear::read(path)?;
    let cut = articles.len() * 4 / 5;
    let examples: Vec<Vec<Example>> = articles.iter().map(examples).collect();
    eprintln!(
        "train: {} articles ({cut} to fit, {} to choose the thresholds)",
        articles.len(),
        articles.len() - cut
    );
    let fit_on: Vec<&Example> = examples[..cut].iter().flatten().collect();
    let held: Vec<&Example> = examples[cut..].iter().flatten().collect();
    let weights = fit(&fit_on);
    report_tokens(&weights, &held);
    let tune_on = &articles[cut..];
    eprintln!(
        "held-out fifth, rules only: {}",
        show(figures(tune_on, None))
    );
    let tagger = tune(weights, tune_on, &held, &debates);
    eprintln!(
        "held-out fifth, tagger: {}  (source >= {:.2}, accept >= {:.2}, content >= {})",
        show(figures(tune_on, Some(&tagger))),
        tagger.min_conf,
        tagger.accept_conf,
        tagger.content_min
    );
    let all: Vec<&Example> = examples.iter().flatten().collect();
    let final_tagger = Tagger {
        weights: fit(&all),
        ..tagger
    };
    std::fs::write(&out, final_tagger.to_bytes())?;
    eprintln!("wrote {out}");
    Ok(())
}

/// The sentences of an article with their gold tags.
fn examples(a: &Article) -> Vec<Example> {
    token_sentences(&a.text)
        .into_iter()
        .map(|s: TokenSentence| {
            let tags = gold_tags(&s.spans, &a.gold);
            Example {
                features: s.features,
                tags,
            }
        })
        .collect()
}

/// Each token's class and attribution by the gold spans, then B-/I-.
fn gold_tags(spans: &[(usize, usize)], gold: &[Gold]) -> Vec<u8> {
    let overlaps = |&(s, e): &(usize, usize), list: &[(usize, usize)]| {
        list.iter().any(|&(a, b)| s < b && a < e)
    };
    let mut out = Vec::with_capacity(spans.len());
    let mut prev = (O, usize::MAX);
    for span in spans {
        let found = gold.iter().enumerate().find_map(|(k, g)| {
            if overlaps(span, &g.source_spans) {
                Some((SOURCE, k))
            } else if overlaps(span, &g.cue) {
                Some((CUE, k))
            } else if overlaps(span, &g.content) {
                Some((CONTENT, k))
            } else {
                None
            }
        });
        let now = found.unwrap_or((O, usize::MAX));
        let tag = if now.0 == O {
            O
        } else if now == prev {
            now.0 + 1
        } else {
            now.0
        };
        out.push(tag);
        prev = now;
    }
    out
}

/// The averaged perceptron over `data`, in a fixed shuffled order.
fn fit(data: &[&Example]) -> Vec<f32> {
    let n = DIM * TAGS;
    let (mut w, mut u) = (vec![0f32; n], vec![0f32; n]);
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut buf = Vec::new();
    for epoch in 0..EPOCHS {
        shuffle(&mut order, epoch as u64);
        let mut wrong = 0usize;
        for &k in &order {
            let ex = data[k];
            let mut tags: Vec<u8> = Vec::with_capacity(ex.tags.len());
            for (f, &gold) in ex.features.iter().zip(&ex.tags) {
                let prev = tags.last().copied().unwrap_or(O);
                let prev2 = tags.len().checked_sub(2).map_or(O, |i| tags[i]);
                buf.clear();
                buf.extend_from_slice(f);
                history(f.get(1).copied().unwrap_or(0), prev, prev2, &mut buf);
                let s = scores(&w, &buf);
                let guess = argmax(&s);
                if guess != gold {
                    wrong += 1;
                    for &i in &buf {
                        let base = i as usize * TAGS;
                        for (t, d) in [(gold, 1f32), (guess, -1f32)] {
                            w[base + t as usize] += d;
                            u[base + t as usize] += c * d;
                        }
                    }
                }
                c += 1.0;
                tags.push(guess);
            }
        }
        eprintln!("epoch {epoch}: {wrong} tokens mistagged");
    }
    w.iter().zip(&u).map(|(w, u)| w - u / c).collect()
}

fn argmax(s: &[f32; TAGS]) -> u8 {
    let mut best = 0;
    for t in 1..TAGS {
        if s[t] > s[best] {
            best = t;
        }
    }
    best as u8
}

/// A deterministic shuffle (the order the perceptron sees the sentences in).
fn shuffle(order: &mut [usize], round: u64) {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ round.wrapping_mul(0x2545_f491_4f6c_dd1d);
    for i in (1..order.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        order.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

/// Precision and recall of each tag class on held-out sentences.
fn report_tokens(w: &[f32], held: &[&Example]) {
    for (name, k) in [("source", SOURCE), ("cue", CUE), ("content", CONTENT)] {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for ex in held {
            let (tags, _) = decode(w, &ex.features);
            for (&p, &g) in tags.iter().zip(&ex.tags) {
                match (class(p) == k, class(g) == k) {
                    (true, true) => tp += 1,
                    (true, false) => fp += 1,
                    (false, true) => fn_ += 1,
                    _ => {}
                }
            }
        }
        let p = tp as f32 / (tp + fp).max(1) as f32;
        let r = tp as f32 / (tp + fn_).max(1) as f32;
        eprintln!("held-out {name} tokens: precision {p:.3} recall {r:.3}");
    }
}

fn figures(articles: &[Article], tagger: Option<&Tagger>) -> [f32; 4] {
    let mut counts = Counts::default();
    for a in articles {
        counts.add(&extract_with(&a.text, tagger), &a.gold);
    }
    counts.figures()
}

/// Quantiles of the margins of the tokens tagged as sources on `held`.
fn margin_quantiles(w: &[f32], held: &[&Example]) -> Vec<f32> {
    let mut m: Vec<f32> = Vec::new();
    for ex in held {
        let (tags, margins) = decode(w, &ex.features);
        m.extend(
            tags.iter()
                .zip(&margins)
                .filter(|(t, _)| class(**t) == SOURCE)
                .map(|(_, &v)| v),
        );
    }
    m.sort_by(f32::total_cmp);
    let q = |p: f32| {
        m.get(((m.len() as f32 - 1.0) * p) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    vec![0.0, q(0.1), q(0.25), q(0.5), q(0.75), q(0.9)]
}

/// The thresholds that maximise F1 + weighted speaker accuracy on `articles`.
fn tune(weights: Vec<f32>, articles: &[Article], held: &[&Example], debates: &Debates) -> Tagger {
    let qs = margin_quantiles(&weights, held);
    eprintln!("source margin quantiles: {qs:?}");
    let mut t = Tagger {
        weights,
        min_conf: f32::MAX,
        accept_conf: f32::MAX,
        content_min: f32::MAX,
    };
    let value = |t: &Tagger| {
        let f = figures(articles, Some(t));
        (f[2] + SPEAKER_WEIGHT * f[3], f)
    };
    let mut best = (value(&t).0, (t.min_conf, t.accept_conf, t.content_min));
    let floor = debates.f1(None) - 0.01;
    eprintln!(
        "CT24 train as one article, rules only: F1 {:.3}",
        floor + 0.01
    );
    let mut accepts = qs.clone();
    accepts.push(f32::MAX);
    for &min in &qs {
        for &acc in accepts.iter().filter(|&&a| a >= min) {
            (t.min_conf, t.accept_conf) = (min, acc);
            let debate = debates.f1(Some(&t));
            if debate < floor {
                eprintln!(
                    "  source >= {min:.2} accept >= {acc:.2}: CT24 train F1 {debate:.3}, refused"
                );
                continue;
            }
            for content in [2.0, 4.0, f32::MAX] {
                (t.min_conf, t.accept_conf, t.content_min) = (min, acc, content);
                let (v, f) = value(&t);
                eprintln!(
                    "  source >= {min:.2} accept >= {acc:.2} content >= {content}: {}",
                    show(f)
                );
                if v > best.0 {
                    best = (v, (min, acc, content));
                }
            }
        }
    }
    (t.min_conf, t.accept_conf, t.content_min) = best.1;
    t
}
