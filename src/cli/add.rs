//! `claimdesk add`: bring articles in from web addresses, saved pages,
//! PDFs, text files or standard input, each written as `NAME.txt` with a
//! started sheet carrying the page's metadata. Several sources are read a
//! handful at a time, with a progress bar on a terminal.

use std::io::{Read as _, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Ctx, TextOrJson};
use crate::domain::fetch::Limits;
use crate::domain::ingest::{self, Added, Options, Read, Source, WriteError};
use crate::domain::sanitize;

/// Sources read at the same time.
const WORKERS: usize = 4;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  claimdesk add https://example.org/news/story.html --into cases
  claimdesk add saved-page.html report.pdf notes.txt
  pbpaste | claimdesk add - --name statement

Exit codes: 0 all added (or already there), 1 any source failed (the others are still added), 2 usage.")]
pub struct Args {
    /// http:// or https:// addresses, saved pages (.html), PDFs, .txt/.md files, or - for standard input.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// The folder the articles go in.
    #[arg(long, value_name = "FOLDER", default_value = ".")]
    pub into: PathBuf,
    /// The file name (without .txt) for a single source; default: a slug of the title.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
    /// Write the sheet without the extractor's claims.
    #[arg(long)]
    pub no_extract: bool,
    /// Add a source even when the same address or text was added before.
    #[arg(long)]
    pub force: bool,
    /// Give up on an address after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
}

#[derive(Serialize)]
struct ArticleOut {
    source: String,
    path: String,
    sheet: String,
    title: Option<String>,
    byline: Option<String>,
    published: Option<String>,
    site: Option<String>,
    source_url: Option<String>,
    claims: usize,
}

#[derive(Serialize)]
struct Failed {
    source: String,
    error: String,
}

#[derive(Serialize)]
struct Output {
    articles: Vec<ArticleOut>,
    failed: Vec<Failed>,
    skipped: Vec<Failed>,
}

enum Outcome {
    Added(Box<ArticleOut>),
    Skipped(String),
    Failed(String),
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<()> {
    if args.name.is_some() && args.sources.len() > 1 {
        clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "--name names one article: give a single SOURCE with it\n",
        )
        .exit();
    }
    if !args.into.is_dir() {
        std::fs::create_dir_all(&args.into).map_err(|e| {
            anyhow::anyhow!("{}: cannot create the folder: {e}", args.into.display())
        })?;
    }
    let limits = Limits {
        connect: Duration::from_secs(args.timeout.clamp(1, 10)),
        total: Duration::from_secs(args.timeout.max(1)),
        ..Limits::default()
    };
    let opts = Options {
        folder: args.into.clone(),
        name: args.name.clone(),
        force: args.force,
        extract: !args.no_extract,
    };
    let outcomes = add_all(&args.sources, &limits, &opts);
    report(&args, outcomes)
}

/// Read every source (a handful at a time) and write each as it is read;
/// the writes are one at a time, so names and duplicates stay consistent.
fn add_all(sources: &[String], limits: &Limits, opts: &Options) -> Vec<Outcome> {
    let bar = super::progress_bar(sources.len() as u64, "adding");
    let next = AtomicUsize::new(0);
    let stdin = Mutex::new(());
    let write_lock = Mutex::new(());
    let results: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..sources.len()).map(|_| None).collect());
    // A parser's panic is reported as the source's error, on one line.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !ingest::on_reader_thread() {
            previous(info);
        }
    }));
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(sources.len()) {
            let worker = std::thread::Builder::new().name(ingest::READER_THREAD.into());
            let spawned = worker.spawn_scoped(scope, || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(raw) = sources.get(i) else { break };
                    let source = Source::parse(raw);
                    let mut read_stdin = || {
                        let _guard = stdin.lock();
                        let mut buf = Vec::new();
                        std::io::stdin().lock().read_to_end(&mut buf)?;
                        Ok(buf)
                    };
                    let outcome = match ingest::read_source(&source, limits, &mut read_stdin) {
                        Ok(read) => {
                            let _guard = write_lock.lock();
                            write_one(raw, &read, opts)
                        }
                        Err(e) => Outcome::Failed(e),
                    };
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(outcome);
                    }
                    bar.inc(1);
                }
            });
            if spawned.is_err() {
                break;
            }
        }
    });
    bar.finish_and_clear();
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Failed("not read".into())))
        .collect()
}

fn write_one(raw: &str, read: &Read, opts: &Options) -> Outcome {
    match ingest::write(read, opts) {
        Ok(Added {
            path,
            sheet,
            claims,
        }) => {
            let p = &read.page;
            Outcome::Added(Box::new(ArticleOut {
                source: raw.to_owned(),
                path: path.display().to_string(),
                sheet: sheet.display().to_string(),
                title: p.title.clone(),
                byline: p.byline.clone(),
                published: p.published.clone(),
                site: p.site.clone(),
                source_url: read.source_url.clone(),
                claims,
            }))
        }
        Err(e @ WriteError::Duplicate(_)) => Outcome::Skipped(e.to_string()),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

fn report(args: &Args, outcomes: Vec<Outcome>) -> Result<()> {
    let mut out = Output {
        articles: Vec::new(),
        failed: Vec::new(),
        skipped: Vec::new(),
    };
    for (raw, outcome) in args.sources.iter().zip(outcomes) {
        let entry = |error: String| Failed {
            source: raw.clone(),
            error,
        };
        match outcome {
            Outcome::Added(a) => out.articles.push(*a),
            Outcome::Skipped(e) => out.skipped.push(entry(e)),
            Outcome::Failed(e) => out.failed.push(entry(e)),
        }
    }
    for s in &out.skipped {
        super::warn(&format!("{}: skipped: {}", s.source, s.error));
    }
    for f in &out.failed {
        super::warn(&format!("{}: {}", f.source, f.error));
    }
    let mut stdout = std::io::stdout().lock();
    match args.format {
        TextOrJson::Json => {
            serde_json::to_writer_pretty(&mut stdout, &out)?;
            writeln!(stdout)?;
        }
        TextOrJson::Text => {
            for a in &out.articles {
                writeln!(
                    stdout,
                    "{}  {}  ({} claims)",
                    sanitize::line(&a.path),
                    sanitize::line(a.title.as_deref().unwrap_or("(untitled)")),
                    a.claims
                )?;
            }
        }
    }
    stdout.flush()?;
    if !out.failed.is_empty() {
        bail!(
            "{} of {} sources not added",
            out.failed.len(),
            args.sources.len()
        );
    }
    Ok(())
}
