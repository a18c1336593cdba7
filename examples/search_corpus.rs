//! Write the search benchmark's synthetic claims, one per line, for timing
//! `fzf --filter` on the same texts (see docs/search-bench.md):
//!
//!     cargo run --release --example search_corpus -- 100000 /tmp/claims-100000.txt
//!
//! Each line is what claimdesk searches: id, speaker, text and note. With a
//! third argument, a query, it also times (wall clock, three times) building
//! the index and one fresh search of that query (matching and counting,
//! then the top 50 with positions); the criterion benchmark is the
//! reference.
//!
//! `search_corpus filter FILE QUERY` does what `fzf --filter QUERY < FILE`
//! does, as a whole process to time beside it: read the lines, index them
//! (each line one claim's text), search, and print how many matched and the
//! best 50 lines, best first (fzf prints every match, sorted).

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::Write;
use std::time::Instant;

use claimdesk::domain::search::{Index, Item, Searcher};

fn filter(path: &str, query: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let items = text
        .lines()
        .enumerate()
        .map(|(i, line)| Item {
            id: format!("L{}", i + 1),
            text: line.to_owned(),
            speaker: String::new(),
            note: String::new(),
        })
        .collect();
    let index = Index::new(items);
    let (top, total) = index.top(query, 50);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "{total} matches")?;
    for hit in top {
        writeln!(out, "{}", index.items()[hit.index].text)?;
    }
    out.flush()
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    if std::env::args().nth(1).as_deref() == Some("filter") {
        let path = std::env::args().nth(2).unwrap_or_default();
        let query = std::env::args().nth(3).unwrap_or_default();
        return filter(&path, &query);
    }
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let path = args
        .next()
        .unwrap_or_else(|| format!("/tmp/claims-{n}.txt"));
    let query = args.next();
    let items = corpus::claims(n, corpus::SEED);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    for item in &items {
        writeln!(
            out,
            "{} {} {} {}",
            item.id, item.speaker, item.text, item.note
        )?;
    }
    out.flush()?;
    eprintln!("{n} claims written to {path}");
    if let Some(q) = query {
        let t = Instant::now();
        let index = Index::new(items);
        let built = t.elapsed();
        let index = std::sync::Arc::new(index);
        eprintln!("index built in {:.1} ms", built.as_secs_f64() * 1e3);
        for _ in 0..3 {
            let t = Instant::now();
            let mut s = Searcher::new(index.clone());
            let m = s.search(&q);
            let matched = t.elapsed();
            let top = m.top(&index, 50);
            let searched = t.elapsed();
            eprintln!(
                "{q:?}: {} matches in {:.1} ms, top {} with positions at {:.1} ms",
                m.len(),
                matched.as_secs_f64() * 1e3,
                top.len(),
                searched.as_secs_f64() * 1e3
            );
        }
    }
    Ok(())
}
