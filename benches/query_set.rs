//! Search speed over a query set, not two queries: a single word, a typo,
//! an abbreviation, two and three words, a query with accents, an accented
//! word typed plain, and a case-sensitive term, over two corpora with
//! different word distributions (benches/support/corpus.rs, the bench
//! corpus; benches/support/corpus_zipf.rs, Zipf-distributed words).
//!
//! - `query_set_fresh_100k/<corpus>/<query>`: one fresh query over 100,000
//!   claims: match, count, the best 50 with their highlight positions.
//! - `query_set_worst_key_100k/<corpus>/<query>`: the query typed one key
//!   at a time as the TUI does (a `Searcher` narrowing its last matches,
//!   the best 50 each time); the figure is the slowest key of the query.
//!   Target: 16 ms.
//! - `query_set_fresh_1m/<corpus>/<query>` (only with `QUERY_SET_1M=1`: it
//!   builds two indexes of 1,000,000 claims): target 150 ms.
//!
//! Run: `cargo bench --bench query_set -- --warm-up-time 1 --measurement-time 3`.
//! The scorer is SkimMatcherV2; `CLAIMDESK_MATCHER=nucleo` runs the same
//! set with nucleo-matcher (its figures are named `<corpus>_nucleo/<query>`).

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/corpus_zipf.rs"]
mod corpus_zipf;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use claimdesk::domain::search::{Index, Item, Scorer, Searcher};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const SHOWN: usize = 50;

/// The query set: what each query stands for, and the query.
const QUERIES: &[(&str, &str)] = &[
    ("word", "parliament"),
    ("typo", "parlment"),
    ("abbreviation", "prlmnt"),
    ("two_words", "peace talks"),
    ("three_words", "us embassy declined"),
    ("accented", "café zürich"),
    ("accent_typed_plain", "sao paulo"),
    ("case_sensitive", "NATO Parliament"),
];

fn corpora(n: usize) -> [(&'static str, Vec<Item>); 2] {
    let nucleo = Scorer::from_env() == Scorer::Nucleo;
    [
        (
            if nucleo { "bench_nucleo" } else { "bench" },
            corpus::claims(n, corpus::SEED),
        ),
        (
            if nucleo { "zipf_nucleo" } else { "zipf" },
            corpus_zipf::claims(n, corpus::SEED),
        ),
    ]
}

fn fresh_over(c: &mut Criterion, group: &str, n: usize) {
    let mut g = c.benchmark_group(group);
    g.sample_size(10);
    for (name, items) in corpora(n) {
        let index = Index::new(items);
        for (what, q) in QUERIES {
            g.bench_with_input(BenchmarkId::new(name, what), q, |b, q| {
                b.iter(|| black_box(index.top(q, SHOWN)))
            });
        }
    }
    g.finish();
}

fn fresh(c: &mut Criterion) {
    fresh_over(c, "query_set_fresh_100k", 100_000);
    if std::env::var_os("QUERY_SET_1M").is_some() {
        fresh_over(c, "query_set_fresh_1m", 1_000_000);
    }
}

/// The slowest key of `query` typed one key at a time.
fn worst_key(index: &Arc<Index>, query: &str) -> Duration {
    let mut s = Searcher::new(index.clone());
    let mut worst = Duration::ZERO;
    for (end, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
        let start = Instant::now();
        let m = s.search(&query[..end]);
        black_box((m.len(), m.top(index, SHOWN)));
        worst = worst.max(start.elapsed());
    }
    worst
}

fn typing(c: &mut Criterion) {
    let mut g = c.benchmark_group("query_set_worst_key_100k");
    g.sample_size(10);
    for (name, items) in corpora(100_000) {
        let index = Arc::new(Index::new(items));
        for (what, q) in QUERIES {
            g.bench_with_input(BenchmarkId::new(name, what), q, |b, q| {
                b.iter_custom(|iters| (0..iters).map(|_| worst_key(&index, q)).sum())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, fresh, typing);
criterion_main!(benches);
