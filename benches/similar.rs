//! Matching claims across a generated workspace of 1,000 articles and
//! 50,000 claims: building the index, and finding one claim's matches
//! (target: under 20 ms).

use claimdesk::domain::similar::{Entry, Index};
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

/// Claims of 10 to 30 words from a 5,000-word vocabulary with a skewed
/// (roughly Zipfian) frequency, like news text.
fn corpus(articles: usize, per_article: usize) -> Vec<Entry> {
    let mut rng = Lcg(42);
    let syllables = [
        "ka", "ro", "mi", "ta", "le", "su", "pon", "der", "is", "an", "gal", "vek", "tor", "bri",
    ];
    let vocab: Vec<String> = (0..5000)
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
    let mut out = Vec::with_capacity(articles * per_article);
    for a in 0..articles {
        for c in 0..per_article {
            let n = 10 + rng.next(21) as usize;
            let words: Vec<&str> = (0..n)
                .map(|_| {
                    // Skewed: the square of a uniform draw favours low ranks.
                    let u = rng.next(5000) as f64 / 5000.0;
                    vocab[((u * u) * 4999.0) as usize].as_str()
                })
                .collect();
            out.push(Entry {
                article: format!("article-{a}"),
                id: format!("C{}", c + 1),
                text: words.join(" "),
                speaker: (c % 3 == 0).then(|| format!("Speaker {}", rng.next(200))),
                verdict: None,
            });
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let entries = corpus(1000, 50);
    let mut g = c.benchmark_group("similar");
    g.sample_size(10);
    g.bench_function("build index, 50k claims", |b| {
        b.iter(|| Index::build(entries.clone()))
    });
    let index = Index::build(entries);
    let mut i = 0;
    g.sample_size(50);
    g.bench_function("matches of one claim, 50k claims", |b| {
        b.iter(|| {
            i = (i + 7919) % index.len();
            index.similar_to(i, 20)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
