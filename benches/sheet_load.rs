//! Loading one sheet of 10,000 claims (benches/support/workspace.rs, kept
//! in target/bench-sheet/ between runs):
//!
//! - `parse`: the text to a [`Sheet`] (one TOML pass).
//!   Target: 100 ms.
//! - `cached`: the same text through a warm sheet cache (read and hash
//!   the text, read and decode the entry). Target: 15 ms.
//! - `open_warm`: `Doc::open` of the sheet (reading it and its article)
//!   with the user's cache, warm after the first run.
//! - `first_save_layout`: working out the splice layout, which the first
//!   save does (lazily, once).
//!
//! Run: `cargo bench --bench sheet_load`.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/workspace.rs"]
mod generated;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use claimdesk::domain::Doc;
use claimdesk::domain::cache::Cache;
use claimdesk::domain::sheet::{self, Layout};
use criterion::{Criterion, criterion_group, criterion_main};

const CLAIMS: usize = 10_000;

fn sheet_file() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-sheet");
    let done = root.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&root);
        generated::generate(&root, 1, CLAIMS, corpus::SEED);
        std::fs::write(&done, "").unwrap();
    }
    root.join("desk-00/article-0000.claims.toml")
}

fn load(c: &mut Criterion) {
    let path = sheet_file();
    let text = std::fs::read_to_string(&path).unwrap();
    eprintln!("sheet: {} claims, {} bytes", CLAIMS, text.len());
    let mut g = c.benchmark_group("sheet_load");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("parse", |b| {
        b.iter(|| black_box(sheet::parse(&path, &text, None).unwrap()))
    });
    let dir = path.with_file_name("cache");
    let cache = Cache::at(&dir);
    cache.parse(&path, &text).unwrap();
    g.bench_function("cached", |b| {
        b.iter(|| {
            let text = std::fs::read_to_string(&path).unwrap();
            black_box(cache.parse(&path, &text).unwrap())
        })
    });
    g.bench_function("open_warm", |b| {
        b.iter(|| black_box(Doc::open(&path).unwrap()))
    });
    let parsed = sheet::parse(&path, &text, None).unwrap();
    g.bench_function("first_save_layout", |b| {
        b.iter(|| black_box(Layout::of(&text, &parsed)))
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
