//! Write the seeded workspace of the scale benchmarks as a folder of
//! articles and sheets, and the same claims one per line (speaker and
//! text, as claimdesk searches them), for timing claimdesk beside
//! `fzf --filter` as whole processes (tools/compare-fzf.sh):
//!
//!     cargo run --release --example sheet_corpus -- FOLDER LINES [ARTICLES] [PER_ARTICLE]
//!
//! Defaults: 1,000 articles of 100 claims each.

#[path = "../benches/support/corpus.rs"]
mod corpus;
#[path = "../benches/support/workspace.rs"]
mod generated;

use std::io::Write;
use std::path::PathBuf;

use claimdesk::domain::{sheet, workspace};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(folder), Some(lines)) = (args.next(), args.next()) else {
        return Err("usage: sheet_corpus FOLDER LINES [ARTICLES] [PER_ARTICLE]".into());
    };
    let articles: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let per: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let folder = PathBuf::from(folder);
    let _ = std::fs::remove_dir_all(&folder);
    generated::generate(&folder, articles, per, corpus::SEED);
    let mut out = std::io::BufWriter::new(std::fs::File::create(lines)?);
    for path in workspace::sheets_in(&folder)? {
        let text = std::fs::read_to_string(&path)?;
        for c in sheet::parse(&path, &text, None)?.claims {
            match &c.speaker {
                Some(s) => writeln!(out, "{s} {}", c.text.replace('\n', " "))?,
                None => writeln!(out, "{}", c.text.replace('\n', " "))?,
            }
        }
    }
    out.flush()?;
    Ok(())
}
