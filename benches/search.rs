//! Search speed (issue #4). Seeded synthetic claims of 60 to 250 characters
//! (benches/support/corpus.rs).
//!
//! - `typing_100k/<prefix>`: one keystroke of typing "parliament" over
//!   100,000 claims: the searcher has the results of the prefix one letter
//!   shorter and searches the new prefix (narrowing), then selects the top 50
//!   with their highlight positions, as the TUI does. Target: 16 ms median
//!   per keystroke.
//! - `fresh_1m/parliament`: one fresh query over 1,000,000 claims, count and
//!   top 50. Target: 150 ms median.
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

fn typing(c: &mut Criterion) {
    let index = Arc::new(Index::new(corpus::claims(100_000, corpus::SEED)));
    let mut group = c.benchmark_group("typing_100k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(1));
    for k in 1..=corpus::TYPED.len() {
        let (before, query) = (&corpus::TYPED[..k - 1], &corpus::TYPED[..k]);
        let mut base = Searcher::new(index.clone());
        base.search(before);
        group.bench_with_input(BenchmarkId::from_parameter(query), query, |b, q| {
            b.iter_batched(
                || base.clone(),
                |mut s| {
                    let m = s.search(q);
                    black_box((m.len(), m.top(&index, SHOWN)));
                    s
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
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

fn fresh(c: &mut Criterion) {
    let index = Index::new(corpus::claims(1_000_000, corpus::SEED));
    let mut group = c.benchmark_group("fresh_1m");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(2));
    group.bench_function(BenchmarkId::from_parameter(corpus::TYPED), |b| {
        b.iter(|| black_box(index.top(corpus::TYPED, SHOWN)))
    });
    group.finish();
}

criterion_group!(benches, typing, baseline, fresh);
criterion_main!(benches);
