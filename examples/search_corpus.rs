//! Write the search benchmark's synthetic claims, one per line, for timing
//! `fzf --filter` on the same texts (see docs/search-bench.md):
//!
//!     cargo run --release --example search_corpus -- 100000 /tmp/claims-100k.txt
//!
//! Each line is what claimdesk searches: id, speaker, text and note.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let path = args
        .next()
        .unwrap_or_else(|| format!("/tmp/claims-{n}.txt"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    for item in corpus::claims(n, corpus::SEED) {
        writeln!(
            out,
            "{} {} {} {}",
            item.id, item.speaker, item.text, item.note
        )?;
    }
    out.flush()?;
    eprintln!("{n} claims written to {path}");
    Ok(())
}
