//! Saves that merge: the three-way merge of a 10,000-claim sheet where
//! each side changed one claim, and a whole save that finds another
//! writer's change on disk (write lock, read, merge, write, rename).
//!
//! Run with `cargo bench --bench merge`.

use std::hint::black_box;

use claimdesk::domain::claim::{Claim, Stamp, Status};
use claimdesk::domain::{Doc, merge};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

/// An article of `n` one-sentence claims, and its saved sheet.
fn big_doc(dir: &std::path::Path, n: usize) -> Doc {
    let text: String = (0..n)
        .map(|i| format!("Claim {i:05} says the talks reached stage {}.\n", i % 17))
        .collect();
    let path = dir.join("big.txt");
    std::fs::write(&path, &text).unwrap();
    let line = text.lines().next().unwrap().chars().count() + 1;
    let claims: Vec<Claim> = (0..n)
        .map(|i| {
            let mut c = Claim::new("", "", 0, 0);
            c.anchor.start = i * line;
            c.anchor.end = i * line + line - 1;
            c.anchor.quote = format!("Claim {i:05} says the talks reached stage {}.", i % 17);
            c.text = c.anchor.quote.clone();
            c
        })
        .collect();
    let mut doc = Doc::create(&path, claims).unwrap();
    doc.save().unwrap();
    doc
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let doc = big_doc(dir.path(), 10_000);
    let at = Stamp::parse("2026-11-28T14:00:00Z").unwrap();
    let base = doc.sheet.clone();
    let mut ours = base.clone();
    ours.claims[10].set_status(Status::Denied, "ana", at);
    let mut theirs = base.clone();
    theirs.claims[9_000].set_field("note", "checked".into(), "bo", at);
    c.bench_function("merge_10000_claims_one_change_each_side", |b| {
        b.iter(|| black_box(merge::merge(&base, &ours, &theirs).unwrap()))
    });

    let mut n = 0u32;
    c.bench_function("save_merging_an_outside_change_10000_claims", |b| {
        b.iter_batched(
            || {
                n += 1;
                let mut mine = Doc::open(&doc.article.path).unwrap();
                let mut other = Doc::open(&doc.article.path).unwrap();
                other.sheet.claims[9_000].set_field("note", format!("o{n}"), "bo", at);
                other.save().unwrap();
                mine.sheet.claims[10].set_field("note", format!("m{n}"), "ana", at);
                mine
            },
            |mut mine| {
                mine.save().unwrap();
                black_box(mine.take_merge())
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group!(group, benches);
criterion_main!(group);
