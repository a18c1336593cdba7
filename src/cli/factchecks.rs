//! `claimdesk factchecks import|search|stats`: the library of published
//! fact-checks (see docs/factchecks.md).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;

use super::{Ctx, TextOrJson};
use crate::domain::factcheck::import::{self, Bad, FormatError};
use crate::domain::factcheck::library::{self, Library};
use crate::domain::factcheck::{Record, fetch};
use crate::domain::sanitize;
use crate::domain::search::{Index, Item};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Add fact-checks from files or http(s) addresses: ClaimReview JSON-LD,
    /// a DataFeed, Fact Check Tools API JSON, HTML pages, CSV.
    #[command(
        after_help = "Example:\n  claimdesk factchecks import feed.json                 into your own library\n  claimdesk factchecks import page.html --into news/    into the workspace news/ (news/factchecks/)"
    )]
    Import {
        #[arg(required = true, value_name = "SOURCE")]
        sources: Vec<String>,
        /// The workspace whose `factchecks/` library receives them
        /// (default: your own, $XDG_DATA_HOME/claimdesk/factchecks/).
        #[arg(long, value_name = "FOLDER")]
        into: Option<PathBuf>,
    },
    /// Fuzzy-search the library (the syntax of `claimdesk search`).
    #[command(after_help = "Example:\n  claimdesk factchecks search \"vaccine 'autism\"")]
    Search {
        query: String,
        /// The workspace whose library is searched with your own (default: the current folder's).
        #[arg(long = "in", value_name = "FOLDER", default_value = ".")]
        folder: PathBuf,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Records per publisher, language and verdict.
    Stats {
        #[arg(long = "in", value_name = "FOLDER", default_value = ".")]
        folder: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<()> {
    match args.command {
        Sub::Import { sources, into } => import_sources(&sources, into.as_deref()),
        Sub::Search {
            query,
            folder,
            limit,
            format,
        } => search(&query, &folder, limit, format),
        Sub::Stats { folder, format } => stats(&folder, format),
    }
}

/// The library folder an import writes to.
fn target(into: Option<&Path>) -> Result<PathBuf> {
    match into {
        Some(f) if !f.is_dir() => bail!("{}: not a folder", f.display()),
        Some(f) => Ok(f.join(library::FOLDER)),
        None => library::user_folder()
            .ok_or_else(|| anyhow!("no data folder: set XDG_DATA_HOME or HOME, or use --into")),
    }
}

/// The bytes of a file or an http(s) address.
fn read_source(source: &str) -> Result<Vec<u8>> {
    if fetch::is_url(source) {
        fetch::fetch(source).map_err(|e| anyhow!("{source}: {e}"))
    } else {
        std::fs::read(source).with_context(|| format!("{source}: cannot read"))
    }
}

fn import_sources(sources: &[String], into: Option<&Path>) -> Result<()> {
    let dir = target(into)?;
    // Every source is read before anything is written: a bad one leaves
    // the library as it was.
    let mut parsed = Vec::new();
    for source in sources {
        let bytes = read_source(source)?;
        let found = import::parse(&bytes).map_err(|e| match e {
            FormatError::Json { .. } => anyhow!("{source}:{e}"),
            FormatError::Unknown(_) => anyhow!("{source}: {e}"),
        })?;
        parsed.push((source, found));
    }
    // Read, merge and write under the library's lock: an import running
    // at the same time waits, and neither loses the other's records.
    let _lock = Library::lock(&dir)?;
    let (mut lib, problems) = Library::load_folder(&dir)?;
    if let Some(first) = problems.first() {
        bail!(
            "{}: {} (the library is left as it is)",
            first.position,
            first.reason
        );
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (source, found) in parsed {
        let n = found.records.len();
        let change = lib.merge(found.records);
        writeln!(
            out,
            "{}: {n} fact-check{} ({} new, {} updated, {} already there), {} bad",
            sanitize::line(source),
            if n == 1 { "" } else { "s" },
            change.added,
            change.updated,
            change.unchanged,
            found.bad.len()
        )?;
        report_bad(source, &found.bad);
    }
    let written = lib.save(&dir)?;
    writeln!(
        out,
        "{}: {} fact-checks{}",
        sanitize::line(&dir.join(library::FILE).display().to_string()),
        lib.len(),
        if written { "" } else { " (unchanged)" }
    )?;
    Ok(())
}

/// The bad records of a source on standard error, at most 20.
fn report_bad(source: &str, bad: &[Bad]) {
    for b in bad.iter().take(20) {
        super::warn(&format!("{source}: {}: {}", b.position, b.reason));
    }
    if bad.len() > 20 {
        super::warn(&format!(
            "{source}: and {} more bad records",
            bad.len() - 20
        ));
    }
}

/// The libraries for a folder (its workspace's and the analyst's own).
pub fn load_for(path: &Path) -> Result<Library> {
    let (lib, bad) = Library::load_all(&library::folders_for(path))?;
    for b in bad.iter().take(5) {
        super::warn(&format!("{}: {} (line skipped)", b.position, b.reason));
    }
    Ok(lib)
}

#[derive(Serialize)]
struct Row<'a> {
    claim_reviewed: &'a str,
    rating: &'a str,
    verdict: &'static str,
    publisher: &'a str,
    url: &'a str,
    date: Option<&'a str>,
}

impl<'a> Row<'a> {
    fn of(r: &'a Record) -> Row<'a> {
        Row {
            claim_reviewed: &r.claim_reviewed,
            rating: &r.rating,
            verdict: r.verdict.label(),
            publisher: &r.publisher,
            url: &r.url,
            date: r.date(),
        }
    }

    fn line(&self) -> String {
        sanitize::line(&format!(
            "{} | {} ({}) | {} | {} | {}",
            self.publisher,
            self.rating,
            self.verdict,
            self.date.unwrap_or("-"),
            self.claim_reviewed,
            self.url
        ))
        .into_owned()
    }
}

fn search(query: &str, folder: &Path, limit: usize, format: TextOrJson) -> Result<()> {
    let lib = load_for(folder)?;
    let items = lib
        .records()
        .iter()
        .map(|r| Item {
            id: String::new(),
            text: r.claim_reviewed.clone(),
            speaker: r.publisher.clone(),
            note: r.rating.clone(),
        })
        .collect();
    let (hits, total) = Index::new(items).top(query, limit);
    let rows: Vec<Row> = hits
        .iter()
        .map(|h| Row::of(&lib.records()[h.index]))
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        TextOrJson::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({"query": query, "total": total, "matches": rows}),
            )?;
            writeln!(out)?;
        }
        TextOrJson::Text => {
            for r in &rows {
                writeln!(out, "{}", r.line())?;
            }
        }
    }
    if total == 0 {
        super::warn(&format!(
            "no fact-checks match \"{query}\" ({} in the library)",
            lib.len()
        ));
    }
    Ok(())
}

fn stats(folder: &Path, format: TextOrJson) -> Result<()> {
    let lib = load_for(folder)?;
    let mut tables: [BTreeMap<String, usize>; 3] = Default::default();
    for r in lib.records() {
        let keys = [
            non_empty(&r.publisher),
            non_empty(r.language.as_deref().unwrap_or("")),
            r.verdict.label().to_owned(),
        ];
        for (table, key) in tables.iter_mut().zip(keys) {
            *table.entry(key).or_default() += 1;
        }
    }
    let [publishers, languages, verdicts] = tables;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        TextOrJson::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({
                    "records": lib.len(),
                    "publishers": publishers,
                    "languages": languages,
                    "verdicts": verdicts,
                }),
            )?;
            writeln!(out)?;
        }
        TextOrJson::Text => {
            writeln!(out, "{} fact-checks", lib.len())?;
            for (name, table) in [
                ("publisher", publishers),
                ("language", languages),
                ("verdict", verdicts),
            ] {
                writeln!(out, "by {name}:")?;
                let mut rows: Vec<_> = table.into_iter().collect();
                rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                for (k, n) in rows {
                    writeln!(out, "  {n:>6}  {}", sanitize::line(&k))?;
                }
            }
        }
    }
    Ok(())
}

fn non_empty(s: &str) -> String {
    if s.trim().is_empty() {
        "(unknown)".into()
    } else {
        s.trim().to_owned()
    }
}
