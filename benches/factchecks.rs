//! Matching one claim against a generated library of 100,000 fact-checks
//! (target: under 20 ms), building that library's index, and reading it
//! back from the on-disk cache (what later runs do until the library changes).

use claimdesk::domain::factcheck::{Matcher, Record, cache};
use criterion::{Criterion, criterion_group, criterion_main};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Sentences of `min..min+spread` words from a 20,000-word vocabulary with
/// a skewed (roughly Zipfian) frequency.
fn sentences(rng: &mut Lcg, vocab: &[String], count: usize, min: usize) -> Vec<String> {
    (0..count)
        .map(|_| {
            let n = min + rng.next(15) as usize;
            (0..n)
                .map(|_| {
                    let u = rng.next(20_000) as f64 / 20_000.0;
                    vocab[((u * u) * 19_999.0) as usize].as_str()
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn library(n: usize) -> (Vec<Record>, Vec<String>) {
    let syllables = [
        "ka", "ro", "mi", "ta", "le", "su", "pon", "der", "is", "an", "gal", "vek", "tor", "bri",
    ];
    let vocab: Vec<String> = (0..20_000usize)
        .map(|i| {
            let mut w = String::new();
            let mut x = i + 7;
            for _ in 0..(2 + i % 3) {
                w.push_str(syllables[x % syllables.len()]);
                x /= syllables.len();
                x += 3;
            }
            w
        })
        .collect();
    let mut rng = Lcg(42);
    let claims = sentences(&mut rng, &vocab, n, 10);
    let titles = sentences(&mut rng, &vocab, n, 6);
    let records = claims
        .into_iter()
        .zip(titles)
        .enumerate()
        .map(|(i, (c, t))| {
            let mut r = Record::new(&c, "False");
            r.title = Some(t);
            r.url = format!("https://example.org/{i}");
            r
        })
        .collect();
    // Queries: tweets of 15 to 30 words.
    let queries = sentences(&mut rng, &vocab, 100, 15);
    (records, queries)
}

fn bench(c: &mut Criterion) {
    let (records, queries) = library(100_000);
    let mut g = c.benchmark_group("factchecks");
    g.sample_size(10);
    g.bench_function("build index, 100k records", |b| {
        b.iter(|| Matcher::build(&records))
    });
    let cache = tempfile::tempdir().expect("a temporary folder");
    cache::load_or_build(&records, Some(cache.path()));
    g.bench_function("load the cached index, 100k records", |b| {
        b.iter(|| cache::load_or_build(&records, Some(cache.path())))
    });
    let matcher = Matcher::build(&records);
    let mut i = 0;
    g.sample_size(50);
    g.bench_function("matches of one claim, 100k records", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            matcher.matches(&queries[i], 10)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
