//! Re-anchoring and reading speed: the sample's claims found again after a
//! word changed (one approximate match, snapped to whole words), an
//! approximate match of a 2,000-character claim, and the paragraphs of a
//! hard-wrapped and of a Markdown article of 10,000 words.

use std::hint::black_box;

use claimdesk::domain::{Article, Claim, anchor};
use criterion::{Criterion, criterion_group, criterion_main};

const SAMPLE: &str = include_str!("../data/karzai-taliban-talks.txt");
const SHEET: &str = include_str!("../data/karzai-taliban-talks.claims.toml");

/// The sample's paragraphs wrapped at 72 columns, blank lines between,
/// repeated to `words` words.
fn wrapped(words: usize) -> String {
    let mut out = String::new();
    while out.split_whitespace().count() < words {
        for para in SAMPLE.lines() {
            let mut col = 0;
            for word in para.split(' ') {
                if col > 0 && col + 1 + word.len() > 72 {
                    out.push('\n');
                    col = 0;
                } else if col > 0 {
                    out.push(' ');
                    col += 1;
                }
                out.push_str(word);
                col += word.len();
            }
            out.push_str("\n\n");
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let sheet = claimdesk::domain::sheet::parse("s.claims.toml".as_ref(), SHEET, None).unwrap();
    let edited = SAMPLE.replace("many Afghans", "a number of Afghans");
    c.bench_function("re-anchor the sample after a word changed", |b| {
        b.iter(|| anchor::plan(black_box(&sheet.claims), black_box(&edited)))
    });

    let long: String = SAMPLE.chars().take(2_000).collect();
    let claims = vec![Claim::new("C1", &long, 0, 2_000)];
    let changed = long.replace("Taliban", "Talibans");
    c.bench_function("approximate match of a 2,000-character claim", |b| {
        b.iter(|| anchor::plan(black_box(&claims), black_box(&changed)))
    });

    let text = wrapped(10_000);
    let txt = Article::from_text("w.txt", &text);
    c.bench_function("paragraphs of a hard-wrapped 10,000-word article", |b| {
        b.iter(|| black_box(&txt).paragraphs())
    });
    let md = Article::from_text("w.md", &text.replace("Taliban", "*Taliban*"));
    c.bench_function("paragraphs of a 10,000-word Markdown article", |b| {
        b.iter(|| black_box(&md).paragraphs())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
