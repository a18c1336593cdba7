//! Tune the fact-check matcher on the CheckThat! training pairs: the
//! word-association table (learned on train's tweet / fact-check pairs)
//! and how far it widens a query, chosen by five-fold cross-validation
//! on train;
//! then, on all of train, the table written to
//! src/domain/factcheck/assoc.tsv, the re-ranker's logistic weights
//! (gold record = 1, other candidates = 0; the association feature
//! computed with tables learned without the tweet's own fold), and the
//! threshold that leaves 96% of unrelated claims (PolNeAR train) without a
//! match. Prints the constants to paste into
//! src/domain/factcheck/matcher.rs.
//!
//!     cargo run --release --example train_factcheck [-- --grid]
//!
//! `--grid` first searches the BM25 parameters (train MAP@5). Reads
//! ../shared/eval; never the dev or test splits.

#[path = "../tests/common/claim_retrieval.rs"]
mod claim_retrieval;

use std::collections::HashMap;
use std::sync::Arc;

use claimdesk::domain::factcheck::assoc::{Assoc, Learning};
use claimdesk::domain::factcheck::matcher::{
    CANDIDATES, EXPANSION, Expansion, FEATURES, Matcher, PARAMS, Params, PriorMatch,
};
use claimdesk::domain::factcheck::{Record, text};

type Weights = [f32; FEATURES + 1];

/// What the re-ranker learns from: the library, its ids and every
/// record's words.
struct Data {
    ids: Vec<u64>,
    words: Vec<Vec<String>>,
    df: HashMap<String, usize>,
    /// With `--library-pairs`: each record's headline and claim as a pair
    /// (both ways), learned from beside the tweets.
    library_pairs: Vec<(Vec<String>, Vec<String>)>,
}

fn main() {
    let Some(eval) = claim_retrieval::eval_dir() else {
        eprintln!("../shared/eval/claim-retrieval is not here");
        std::process::exit(1);
    };
    let (records, ids) = claim_retrieval::library(&eval);
    let train = claim_retrieval::queries(&eval, "train");
    let params = if std::env::args().any(|a| a == "--grid") {
        grid(&records, &ids, &train)
    } else {
        PARAMS
    };
    let mut m = Matcher::with_params(&records, params);
    let data = Data::new(&records, ids);
    // Choices by five-fold cross-validation on train: each fifth held
    // out in turn, table and weights learned on the other four.
    let mut best = (0.0, EXPANSION, learning(2, 3));
    for (min_count, per_word, weight) in [
        (u32::MAX, 1, 0.0),
        (2, 3, 0.0),
        (2, 2, 0.3),
        (2, 3, 0.2),
        (2, 3, 0.3),
        (2, 3, 0.4),
        (2, 5, 0.3),
        (2, 3, 0.6),
        (3, 3, 0.3),
        (1, 3, 0.3),
    ] {
        let how = learning(min_count, per_word);
        let e = Expansion { per_word, weight };
        let (mut map, mut r1, mut r5, mut found) = (0.0, 0.0, 0.0, 0.0);
        for fold in 0..5 {
            let (fit_part, held): (Vec<_>, Vec<_>) = train
                .iter()
                .cloned()
                .enumerate()
                .partition(|(i, _)| i % 5 != fold);
            let fit_part: Vec<(String, u64)> = fit_part.into_iter().map(|p| p.1).collect();
            let held: Vec<(String, u64)> = held.into_iter().map(|p| p.1).collect();
            let (assoc, w) = fit(&mut m, &data, &fit_part, how, e);
            m.set_paraphrase(Arc::new(assoc), e);
            let got = claim_retrieval::metrics(&data.ids, &held, |q| rank(&m, &w, q));
            let share = held.len() as f64 / train.len() as f64;
            map += got.0 * share;
            r1 += got.1 * share;
            r5 += got.2 * share;
            found += recall_at(&m, &data.ids, &held, CANDIDATES) * share;
        }
        println!(
            "min count {min_count} per word {per_word} weight {weight}: train, 5-fold \
             MAP@5 {map:.3} R@1 {r1:.3} R@5 {r5:.3}; gold in the {CANDIDATES} candidates {found:.3}"
        );
        if map + r5 > best.0 {
            best = (map + r5, e, how);
        }
    }
    let (_, e, how) = best;
    println!("chosen: {e:?} {how:?}");
    let (assoc, w) = fit(&mut m, &data, &train, how, e);
    let out = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/domain/factcheck/assoc.tsv"
    );
    if let Err(err) = std::fs::write(out, assoc.to_bytes()) {
        eprintln!("{out}: {err}");
    }
    println!("{} associations written to {out}", assoc.len());
    m.set_paraphrase(Arc::new(assoc), e);
    let (map, r1, r5) = claim_retrieval::metrics(&data.ids, &train, |q| rank(&m, &w, q));
    println!(
        "re-ranked (table learned on these tweets): train MAP@5 {map:.3} R@1 {r1:.3} R@5 {r5:.3}"
    );
    println!("pub const WEIGHTS: [f32; FEATURES + 1] = {w:?};");
    threshold(&m, &w, &data.ids, &train, &eval);
}

fn learning(min_count: u32, per_word: usize) -> Learning {
    Learning {
        min_count,
        min_pmi: 1.0,
        per_word,
    }
}

impl Data {
    fn new(records: &[Record], ids: Vec<u64>) -> Data {
        let words: Vec<Vec<String>> = records
            .iter()
            .map(|r| {
                let mut w = text::terms(&r.claim_reviewed);
                w.extend(text::terms(r.title.as_deref().unwrap_or("")));
                w.sort();
                w.dedup();
                w
            })
            .collect();
        let mut df: HashMap<String, usize> = HashMap::new();
        for w in words.iter().flatten() {
            *df.entry(w.clone()).or_default() += 1;
        }
        let mut library_pairs = Vec::new();
        if std::env::args().any(|a| a == "--library-pairs") {
            for r in records {
                let (c, t) = (
                    text::terms(&r.claim_reviewed),
                    text::terms(r.title.as_deref().unwrap_or("")),
                );
                if !t.is_empty() {
                    library_pairs.push((t.clone(), c.clone()));
                    library_pairs.push((c, t));
                }
            }
        }
        Data {
            ids,
            words,
            df,
            library_pairs,
        }
    }

    /// The association table learned on these tweets.
    fn assoc(&self, tweets: &[&(String, u64)], how: Learning) -> Assoc {
        let mut pairs: Vec<(Vec<String>, Vec<String>)> = tweets
            .iter()
            .filter_map(|(q, gold)| {
                let d = self.ids.iter().position(|i| i == gold)?;
                Some((text::terms(&text::clean(q)), self.words[d].clone()))
            })
            .collect();
        pairs.extend(self.library_pairs.iter().cloned());
        let df = |w: &str| self.df.get(w).copied().unwrap_or(0);
        Assoc::learn(&pairs, df, self.words.len(), how)
    }
}

/// The table learned on all of `tweets`, and re-ranker weights learned on
/// them with each tweet's features computed by a table learned without
/// its fold (five folds), as on a tweet the table has not seen.
fn fit(
    m: &mut Matcher,
    data: &Data,
    tweets: &[(String, u64)],
    how: Learning,
    e: Expansion,
) -> (Assoc, Weights) {
    let mut pairs: Vec<[f32; FEATURES]> = Vec::new();
    let mut xs: Vec<[f32; FEATURES]> = Vec::new();
    let mut ys: Vec<f32> = Vec::new();
    for fold in 0..5 {
        let others: Vec<&(String, u64)> = tweets
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 != fold)
            .map(|p| p.1)
            .collect();
        m.set_paraphrase(Arc::new(data.assoc(&others, how)), e);
        for (q, gold) in tweets.iter().skip(fold).step_by(5) {
            let cands = m.candidates(q, CANDIDATES);
            let g = cands
                .iter()
                .find(|c| data.ids[c.record] == *gold)
                .map(|c| c.features);
            for c in &cands {
                let is_gold = data.ids[c.record] == *gold;
                ys.push(if is_gold { 1.0 } else { 0.0 });
                xs.push(c.features);
                if let (Some(g), false) = (g, is_gold) {
                    pairs.push(std::array::from_fn(|i| g[i] - c.features[i]));
                }
            }
        }
    }
    let all: Vec<&(String, u64)> = tweets.iter().collect();
    (data.assoc(&all, how), weights(&pairs, &xs, &ys))
}

/// Pairs (gold minus each other candidate) teach the ranking; all
/// candidates then calibrate its scale (Platt scaling).
fn weights(pairs: &[[f32; FEATURES]], xs: &[[f32; FEATURES]], ys: &[f32]) -> Weights {
    let ranker = logistic(pairs, &vec![1.0; pairs.len()], false);
    let projected: Vec<[f32; FEATURES]> = xs
        .iter()
        .map(|x| {
            let mut p = [0.0; FEATURES];
            p[0] = x.iter().zip(&ranker).map(|(a, b)| a * b).sum();
            p
        })
        .collect();
    let platt = logistic(&projected, ys, true);
    let mut w = [0.0f32; FEATURES + 1];
    for i in 0..FEATURES {
        w[i] = ranker[i] * platt[0];
    }
    w[FEATURES] = platt[FEATURES];
    w
}

fn score(w: &Weights, f: &[f32; FEATURES]) -> f32 {
    let z: f32 = f.iter().zip(w).map(|(a, b)| a * b).sum::<f32>() + w[FEATURES];
    1.0 / (1.0 + (-z).exp())
}

fn rank(m: &Matcher, w: &Weights, q: &str) -> Vec<PriorMatch> {
    let mut v: Vec<PriorMatch> = m
        .candidates(q, CANDIDATES)
        .into_iter()
        .map(|c| PriorMatch {
            record: c.record,
            score: score(w, &c.features),
        })
        .collect();
    v.sort_by(|a, b| b.score.total_cmp(&a.score));
    v
}

/// The recall of the first `k` BM25 candidates.
fn recall_at(m: &Matcher, ids: &[u64], tweets: &[(String, u64)], k: usize) -> f64 {
    let hits = tweets
        .iter()
        .filter(|(q, gold)| m.candidates(q, k).iter().any(|c| ids[c.record] == *gold))
        .count();
    hits as f64 / tweets.len().max(1) as f64
}

fn grid(records: &[Record], ids: &[u64], train: &[(String, u64)]) -> Params {
    let bm25_order = |m: &Matcher, q: &str| -> Vec<PriorMatch> {
        m.candidates(q, 5)
            .into_iter()
            .map(|c| PriorMatch {
                record: c.record,
                score: 0.0,
            })
            .collect()
    };
    let mut best = (0.0, PARAMS);
    for k1 in [0.9, 1.2, 1.6, 2.0] {
        for b in [0.5, 0.75, 0.9] {
            let p = Params { k1, b };
            let m = Matcher::with_params(records, p);
            let (map, r1, r5) = claim_retrieval::metrics(ids, train, |q| bm25_order(&m, q));
            println!("k1 {k1} b {b}: train MAP@5 {map:.3} R@1 {r1:.3} R@5 {r5:.3}");
            if map > best.0 {
                best = (map, p);
            }
        }
    }
    println!("best BM25 {:?} train MAP@5 {:.3}", best.1, best.0);
    best.1
}

/// Every PolNeAR train claim, and the 96th percentile of their best
/// scores: a point of margin for the sampling error between these claims
/// and others.
fn threshold(
    m: &Matcher,
    w: &Weights,
    ids: &[u64],
    train: &[(String, u64)],
    eval: &std::path::Path,
) {
    let unrelated: Vec<String> = claim_retrieval::polnear_claims(eval, "train");
    let mut best_scores: Vec<f32> = unrelated
        .iter()
        .map(|c| rank(m, w, c).first().map_or(0.0, |m| m.score))
        .collect();
    best_scores.sort_by(f32::total_cmp);
    let threshold = best_scores[(best_scores.len() as f64 * 0.96) as usize];
    let shown = train
        .iter()
        .filter(|(q, gold)| {
            rank(m, w, q)
                .first()
                .is_some_and(|m| m.score >= threshold && ids[m.record] == *gold)
        })
        .count();
    println!(
        "threshold {threshold:.3} ({} PolNeAR train claims); train tweets whose gold is shown first: {:.3}",
        unrelated.len(),
        shown as f64 / train.len() as f64
    );
}

/// Logistic regression by full-batch gradient descent with a little L2
/// (and a bias when `bias`).
fn logistic(xs: &[[f32; FEATURES]], ys: &[f32], bias: bool) -> Weights {
    let mut w = [0.0f32; FEATURES + 1];
    let n = xs.len().max(1) as f32;
    for _ in 0..3000 {
        let mut g = [0.0f32; FEATURES + 1];
        for (x, y) in xs.iter().zip(ys) {
            let p = score(&w, x);
            for (gi, xi) in g.iter_mut().zip(x) {
                *gi += (p - y) * xi;
            }
            g[FEATURES] += p - y;
        }
        for i in 0..FEATURES {
            w[i] -= 1.0 * (g[i] / n + 1e-3 * w[i]);
        }
        if bias {
            w[FEATURES] -= 1.0 * g[FEATURES] / n;
        }
    }
    w
}
