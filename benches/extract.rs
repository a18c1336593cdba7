//! Extraction speed: a 10,000-word article (target: under 50 ms) and a 5 MB
//! one (target: under 2 s), both made by repeating the sample article.

use std::hint::black_box;

use claimdesk::domain::extract;
use criterion::{Criterion, criterion_group, criterion_main};

const SAMPLE: &str = include_str!("../data/karzai-taliban-talks.txt");

fn article(words: usize) -> String {
    let mut s = String::new();
    while s.split_whitespace().count() < words {
        s.push_str(SAMPLE);
        s.push('\n');
    }
    s
}

fn bench(c: &mut Criterion) {
    let ten_k = article(10_000);
    c.bench_function("extract 10,000 words", |b| {
        b.iter(|| extract::extract(black_box(&ten_k)))
    });
    let mut big = String::new();
    while big.len() < 5 * 1024 * 1024 {
        big.push_str(SAMPLE);
        big.push('\n');
    }
    let mut g = c.benchmark_group("large");
    g.sample_size(10);
    g.bench_function("extract 5 MB", |b| {
        b.iter(|| extract::extract(black_box(&big)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
