//! `claimdesk prior PATH ID`: the published fact-checks that check the
//! same claim, best first, from the workspace's library and your own.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, anyhow};
use serde::Serialize;

use super::{Ctx, TextOrJson};
use crate::domain::factcheck::Matcher;
use crate::domain::sanitize;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  claimdesk prior news/kabul.txt C3\n  claimdesk prior news/kabul.txt C3 --format json --limit 3"
)]
pub struct Args {
    /// The article or sheet holding the claim.
    pub path: PathBuf,
    /// The claim's id, e.g. C3.
    pub id: String,
    /// At most this many matches.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

#[derive(Serialize)]
struct Row<'a> {
    claim_reviewed: &'a str,
    rating: &'a str,
    verdict: &'static str,
    publisher: &'a str,
    url: &'a str,
    date: Option<&'a str>,
    score: f32,
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<()> {
    let doc = super::open_doc(&args.path)?;
    let id = super::ids::resolve(&doc, &args.id)?;
    let claim = doc.sheet.claim(&id).ok_or_else(|| {
        anyhow!(
            "{}: no claim {} in this sheet",
            doc.sheet_path.display(),
            args.id
        )
    })?;
    let lib = super::factchecks::load_for(&doc.sheet_path)?;
    let matcher = Matcher::build(lib.records());
    let matches = matcher.matches(&claim.text, args.limit);
    let rows: Vec<Row> = matches
        .iter()
        .map(|m| {
            let r = &lib.records()[m.record];
            Row {
                claim_reviewed: &r.claim_reviewed,
                rating: &r.rating,
                verdict: r.verdict.label(),
                publisher: &r.publisher,
                url: &r.url,
                date: r.date(),
                score: (m.score * 1000.0).round() / 1000.0,
            }
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        TextOrJson::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({"claim": id, "matches": rows}),
            )?;
            writeln!(out)?;
        }
        TextOrJson::Text => {
            for r in &rows {
                let line = format!(
                    "{:.2}  {}, {} ({})  {}  {}",
                    r.score,
                    r.publisher,
                    r.rating,
                    r.date.unwrap_or("-"),
                    r.claim_reviewed,
                    r.url
                );
                writeln!(out, "{}", sanitize::line(&line))?;
            }
            if rows.is_empty() {
                super::warn(&format!(
                    "no prior fact-check of {} among {} in the library",
                    id,
                    lib.len()
                ));
            }
        }
    }
    Ok(())
}
