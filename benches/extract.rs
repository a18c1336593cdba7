//! Extraction speed: a 10,000-word article (target: under 50 ms) and a 5 MB
//! one (target: under 2 s), both made by repeating the sample article; and
//! what `init` does with a 4 MB article on one line (every claim anchored
//! and the sheet rendered; target: a few seconds, linear in the claims).

use std::hint::black_box;

use claimdesk::domain::{Article, Doc, extract};
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
    let mut cut = 4 * 1024 * 1024;
    while !big.is_char_boundary(cut) {
        cut -= 1;
    }
    let article = Article::from_text("one-line.txt", &big[..cut].replace('\n', " "));
    g.bench_function("init 4 MB one line", |b| {
        b.iter(|| {
            let claims = extract::claims(black_box(&article));
            Doc::new_for(article.clone(), claims).render()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
