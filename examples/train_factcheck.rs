//! Tune the fact-check matcher on the CheckThat! training pairs: the BM25
//! parameters (grid search on train MAP@5), then the re-ranker's logistic
//! weights (gold record = 1, other candidates = 0), then the threshold that
//! leaves 96% of unrelated claims (PolNeAR train) without a match. Prints
//! the constants to paste into src/domain/factcheck/matcher.rs.
//!
//!     cargo run --release --example train_factcheck
//!
//! Reads ../shared/eval; never the dev or test splits.

#[path = "../tests/common/claim_retrieval.rs"]
mod claim_retrieval;

use claimdesk::domain::factcheck::matcher::{CANDIDATES, FEATURES, Matcher, Params, PriorMatch};

fn main() {
    let Some(eval) = claim_retrieval::eval_dir() else {
        eprintln!("../shared/eval/claim-retrieval is not here");
        std::process::exit(1);
    };
    let (records, ids) = claim_retrieval::library(&eval);
    let train = claim_retrieval::queries(&eval, "train");
    let bm25_order = |m: &Matcher, q: &str| -> Vec<PriorMatch> {
        m.candidates(q, 5)
            .into_iter()
            .map(|c| PriorMatch {
                record: c.record,
                score: 0.0,
            })
            .collect()
    };
    let mut best = (0.0, Params { k1: 1.2, b: 0.75 });
    for k1 in [0.9, 1.2, 1.6, 2.0] {
        for b in [0.5, 0.75, 0.9] {
            let p = Params { k1, b };
            let m = Matcher::with_params(&records, p);
            let (map, r1, r5) = claim_retrieval::metrics(&ids, &train, |q| bm25_order(&m, q));
            println!("k1 {k1} b {b}: train MAP@5 {map:.3} R@1 {r1:.3} R@5 {r5:.3}");
            if map > best.0 {
                best = (map, p);
            }
        }
    }
    println!("best BM25 {:?} train MAP@5 {:.3}", best.1, best.0);
    let m = Matcher::with_params(&records, best.1);
    // Pairs (gold minus each other candidate) teach the ranking; all
    // candidates then calibrate its scale (Platt scaling).
    let mut pairs: Vec<[f32; FEATURES]> = Vec::new();
    let mut xs: Vec<[f32; FEATURES]> = Vec::new();
    let mut ys: Vec<f32> = Vec::new();
    for (q, gold) in &train {
        let cands = m.candidates(q, CANDIDATES);
        let g = cands
            .iter()
            .find(|c| ids[c.record] == *gold)
            .map(|c| c.features);
        for c in &cands {
            let is_gold = ids[c.record] == *gold;
            ys.push(if is_gold { 1.0 } else { 0.0 });
            xs.push(c.features);
            if let (Some(g), false) = (g, is_gold) {
                pairs.push(std::array::from_fn(|i| g[i] - c.features[i]));
            }
        }
    }
    let ranker = logistic(&pairs, &vec![1.0; pairs.len()], false);
    let projected: Vec<[f32; FEATURES]> = xs
        .iter()
        .map(|x| {
            let mut p = [0.0; FEATURES];
            p[0] = x.iter().zip(&ranker).map(|(a, b)| a * b).sum();
            p
        })
        .collect();
    let platt = logistic(&projected, &ys, true);
    let mut w = [0.0f32; FEATURES + 1];
    for i in 0..FEATURES {
        w[i] = ranker[i] * platt[0];
    }
    w[FEATURES] = platt[FEATURES];
    let score = |f: &[f32; FEATURES]| {
        let z: f32 = f.iter().zip(&w).map(|(a, b)| a * b).sum::<f32>() + w[FEATURES];
        1.0 / (1.0 + (-z).exp())
    };
    let rank = |q: &str| -> Vec<PriorMatch> {
        let mut v: Vec<PriorMatch> = m
            .candidates(q, CANDIDATES)
            .into_iter()
            .map(|c| PriorMatch {
                record: c.record,
                score: score(&c.features),
            })
            .collect();
        v.sort_by(|a, b| b.score.total_cmp(&a.score));
        v
    };
    let (map, r1, r5) = claim_retrieval::metrics(&ids, &train, rank);
    println!("re-ranked: train MAP@5 {map:.3} R@1 {r1:.3} R@5 {r5:.3}");
    println!("pub const WEIGHTS: [f32; FEATURES + 1] = {w:?};");
    // Every PolNeAR train claim, and the 96th percentile: a point of
    // margin for the sampling error between these claims and others.
    let unrelated: Vec<String> = claim_retrieval::polnear_claims(&eval, "train");
    let mut best_scores: Vec<f32> = unrelated
        .iter()
        .map(|c| rank(c).first().map_or(0.0, |m| m.score))
        .collect();
    best_scores.sort_by(f32::total_cmp);
    let threshold = best_scores[(best_scores.len() as f64 * 0.96) as usize];
    let shown = train
        .iter()
        .filter(|(q, gold)| {
            rank(q)
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
fn logistic(xs: &[[f32; FEATURES]], ys: &[f32], bias: bool) -> [f32; FEATURES + 1] {
    let mut w = [0.0f32; FEATURES + 1];
    let n = xs.len().max(1) as f32;
    for _ in 0..3000 {
        let mut g = [0.0f32; FEATURES + 1];
        for (x, y) in xs.iter().zip(ys) {
            let z: f32 = x.iter().zip(&w).map(|(a, b)| a * b).sum::<f32>() + w[FEATURES];
            let p = 1.0 / (1.0 + (-z).exp());
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
