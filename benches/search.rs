//! Search speed. Seeded synthetic claims of 60 to 250 characters
//! (benches/support/corpus.rs).
//!
//! - `typing_100k/<prefix>`: one keystroke of typing "parliament" over
//!   100,000 claims: the searcher has the results of the prefix one letter
//!   shorter and searches the new prefix (narrowing), then selects the top 50
//!   with their highlight positions, as the TUI does. Target: 16 ms median
//!   per keystroke. `typing_100k_two_terms/<prefix>`: the same for
//!   `peace talks`.
//! - `fresh_1m/<query>`: one fresh query over 1,000,000 claims: match and
//!   count them, select the top 50 with their highlight positions. Target:
//!   150 ms median. `parliament` (38% of claims match) and the two-term
//!   `peace talks` (both terms fuzzy).
//! - `fresh_100k/<query>`: the same over 100,000 claims, beside
//!   `fzf --filter` on the same texts (docs/search-bench.md).
//!
//! No figure includes building the index (once per load of the claims).
//! - `baseline_100k/plain_skim_loop`: a plain SkimMatcherV2 loop over the
//!   100,000 texts, for scale.
//!
//! Run: `cargo bench --bench search`. See docs/search-bench.md.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use claimdesk::domain::search::{Index, Searcher};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

const SHOWN: usize = 50;

/// Type `typed` one key at a time over 100,000 claims: each benchmark is one
/// keystroke.
fn typing_one(c: &mut Criterion, group: &str, index: &Arc<Index>, typed: &str) {
    let mut group = c.benchmark_group(group);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(1));
    for (end, _) in typed.char_indices().skip(1).chain([(typed.len(), ' ')]) {
        let query = &typed[..end];
        let before = &query[..query.len() - 1];
        let mut base = Searcher::new(index.clone());
        base.search(before);
        group.bench_with_input(BenchmarkId::from_parameter(query), query, |b, q| {
            b.iter_batched(
                || base.clone(),
                |mut s| {
                    let m = s.search(q);
                    black_box((m.len(), m.top(index, SHOWN)));
                    s
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn typing(c: &mut Criterion) {
    let index = Arc::new(Index::new(corpus::claims(100_000, corpus::SEED)));
    typing_one(c, "typing_100k", &index, corpus::TYPED);
    typing_one(c, "typing_100k_two_terms", &index, "peace talks");
}

fn baseline(c: &mut Criterion) {
    let items = corpus::claims(100_000, corpus::SEED);
    let mut group = c.benchmark_group("baseline_100k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("plain_skim_loop", |b| {
        let skim = SkimMatcherV2::default();
        b.iter(|| {
            items
                .iter()
                .filter_map(|i| skim.fuzzy_match(&i.text, corpus::TYPED))
                .count()
        })
    });
    group.finish();
}

/// Match, count and show the top 50 (with positions) of one fresh query.
fn fresh_query(c: &mut Criterion, group: &str, n: usize) {
    let index = Index::new(corpus::claims(n, corpus::SEED));
    let mut group = c.benchmark_group(group);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for q in corpus::QUERIES {
        group.bench_with_input(BenchmarkId::from_parameter(q), q, |b, q| {
            b.iter(|| black_box(index.top(q, SHOWN)))
        });
    }
    group.finish();
}

fn fresh(c: &mut Criterion) {
    fresh_query(c, "fresh_100k", 100_000);
    fresh_query(c, "fresh_1m", 1_000_000);
}

criterion_group!(benches, typing, baseline, fresh);
criterion_main!(benches);
