//! The CheckThat! "previously fact-checked claims" data and PolNeAR claim
//! texts from ../shared/eval, read for the matching evaluation (the test in
//! tests/factchecks_eval.rs and examples/train_factcheck.rs). Never copied
//! into the project.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use claimdesk::domain::factcheck::Record;
use claimdesk::domain::factcheck::matcher::{Matcher, PriorMatch};

/// ../shared/eval beside the project (or the folder `CLAIMDESK_EVAL`
/// names, for a checkout elsewhere), when it is there.
pub fn eval_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CLAIMDESK_EVAL").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval"),
        PathBuf::from,
    );
    dir.join("claim-retrieval/verified_claims.docs.tsv")
        .is_file()
        .then_some(dir)
}

fn tsv(path: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader.records().filter_map(Result::ok).collect()
}

/// The checked claims as records (claim + headline), with their ids.
pub fn library(eval: &Path) -> (Vec<Record>, Vec<u64>) {
    let mut records = Vec::new();
    let mut ids = Vec::new();
    for row in tsv(&eval.join("claim-retrieval/verified_claims.docs.tsv")) {
        let (Some(id), Some(claim)) = (row.get(0).and_then(|s| s.parse().ok()), row.get(1)) else {
            continue;
        };
        let mut r = Record::new(claim, "");
        r.title = row.get(2).map(str::to_owned);
        r.publisher = "Snopes".into();
        records.push(r);
        ids.push(id);
    }
    (records, ids)
}

/// The tweets of a split with the id of the claim each repeats.
pub fn queries(eval: &Path, split: &str) -> Vec<(String, u64)> {
    let dir = eval.join("claim-retrieval").join(split);
    let gold: HashMap<u64, u64> = std::fs::read_to_string(dir.join("tweet-vclaim-pairs.qrels"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((f.first()?.parse().ok()?, f.get(2)?.parse().ok()?))
        })
        .collect();
    tsv(&dir.join("tweets.queries.tsv"))
        .into_iter()
        .filter_map(|row| {
            let id: u64 = row.get(0)?.parse().ok()?;
            Some((row.get(1)?.to_owned(), *gold.get(&id)?))
        })
        .collect()
}

/// MAP@5, recall@1 and recall@5 of a ranking function.
pub fn metrics(
    ids: &[u64],
    queries: &[(String, u64)],
    rank: impl Fn(&str) -> Vec<PriorMatch>,
) -> (f64, f64, f64) {
    ranked_metrics(ids, queries.iter().map(|(text, gold)| (rank(text), *gold)))
}

/// MAP@5, recall@1 and recall@5 of rankings, each with its gold id.
pub fn ranked_metrics(
    ids: &[u64],
    ranked: impl ExactSizeIterator<Item = (Vec<PriorMatch>, u64)>,
) -> (f64, f64, f64) {
    let n = ranked.len().max(1) as f64;
    let (mut ap, mut r1, mut r5) = (0.0, 0.0, 0.0);
    for (top, gold) in ranked {
        if let Some(pos) = top.iter().take(5).position(|m| ids[m.record] == gold) {
            ap += 1.0 / (pos + 1) as f64;
            r5 += 1.0;
            if pos == 0 {
                r1 += 1.0;
            }
        }
    }
    (ap / n, r1 / n, r5 / n)
}

/// The attributed contents of a PolNeAR split: news claims that are not
/// in the library (unrelated claims).
pub fn polnear_claims(eval: &Path, split: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(eval.join(format!("polnear/{split}.jsonl"))).unwrap_or_default();
    let mut out = Vec::new();
    for line in text.lines() {
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        for a in doc["attributions"].as_array().into_iter().flatten() {
            if let Some(t) = a["content_text"]
                .as_str()
                .filter(|t| t.split_whitespace().count() >= 4)
            {
                out.push(t.to_owned());
            }
        }
    }
    out
}

/// The share of claims with a match shown (best score at or above the
/// threshold).
pub fn shown_rate(matcher: &Matcher, claims: &[String], threshold: f32) -> f64 {
    let shown = claims
        .iter()
        .filter(|c| {
            matcher
                .rank(c, 1)
                .first()
                .is_some_and(|m| m.score >= threshold)
        })
        .count();
    shown as f64 / claims.len().max(1) as f64
}
