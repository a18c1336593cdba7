//! `claimdesk similar`: claims in other articles that resemble one claim.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Ctx, TextOrJson};
use crate::domain::similar::{self, Entry, Index};
use crate::domain::store::Doc;
use crate::domain::verdict::Verdict;
use crate::domain::{Claim, sanitize, workspace};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  claimdesk similar news/kabul.txt C3                 look in the article's folder\n  claimdesk similar news/kabul.txt C3 --in archive/   look in another folder"
)]
pub struct Args {
    /// The article or sheet holding the claim.
    pub path: PathBuf,
    /// The claim's id, e.g. C3.
    pub id: String,
    /// The folder of articles to look in (default: the article's folder, recursively).
    #[arg(long = "in", value_name = "FOLDER")]
    pub folder: Option<PathBuf>,
    /// At most this many matches.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

/// Every claim of every readable sheet under `folder`, with the sheets that
/// could not be read (each with its error).
pub fn corpus(folder: &Path) -> Result<(Vec<Entry>, Vec<String>)> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let sheets = workspace::sheets_in(folder)?;
    let read = super::folder::map_docs(&sheets, folder, "reading sheets", |sheet, doc| {
        let article = sheet
            .strip_prefix(folder)
            .unwrap_or(sheet)
            .display()
            .to_string();
        doc.sheet
            .claims
            .into_iter()
            .map(|c| Entry {
                article: article.clone(),
                verdict: c.is_reviewed().then_some(c.status),
                id: c.id,
                text: c.text,
                speaker: c.speaker,
            })
            .collect::<Vec<_>>()
    });
    for r in read {
        match r {
            Ok(mut claims) => entries.append(&mut claims),
            Err(e) => problems.push(e.to_string()),
        }
    }
    Ok((entries, problems))
}

#[derive(Serialize)]
struct Row<'a> {
    score: f32,
    sheet: &'a str,
    id: &'a str,
    status: &'static str,
    speaker: Option<&'a str>,
    text: &'a str,
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<()> {
    let doc = Doc::open(&args.path)?;
    let folder = match &args.folder {
        Some(f) => f.clone(),
        None => doc
            .sheet_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
    };
    if !folder.is_dir() {
        bail!("{}: is not a folder", folder.display());
    }
    let id = super::ids::resolve(&doc, &args.id)?;
    let Some(claim) = doc.sheet.claim(&id) else {
        bail!(
            "{}: no claim with id \"{}\"",
            doc.sheet_path.display(),
            sanitize::line(&args.id)
        );
    };
    let (entries, problems) = corpus(&folder)?;
    for p in &problems {
        eprintln!("claimdesk: warning: skipped {}", sanitize::line(p));
    }
    let key = doc
        .sheet_path
        .strip_prefix(&folder)
        .unwrap_or(&doc.sheet_path)
        .display()
        .to_string();
    let (index, me) = index_with(entries, key, claim);
    let matches = index.similar_to(me, args.limit);
    let rows: Vec<Row> = matches
        .iter()
        .map(|m| Row::of(&index.entries()[m.entry], m.score))
        .collect();
    match args.format {
        TextOrJson::Json => {
            println!(
                "{}",
                super::out::json(&serde_json::json!({
                    "id": claim.id,
                    "text": claim.text,
                    "summary": similar::summary(&index, &matches),
                    "matches": rows,
                }))?
            );
        }
        TextOrJson::Text => {
            println!(
                "{} {}",
                sanitize::line(&claim.id),
                sanitize::line(&claim.text)
            );
            if rows.is_empty() {
                println!("no similar claim in {}", super::out::name(&folder));
            } else {
                println!("{}", similar::summary(&index, &matches));
            }
            print_rows(&rows);
        }
    }
    Ok(())
}

/// The index of `entries` and where `claim` (of the sheet `key`) is in it,
/// added when its article lies outside the folder searched.
fn index_with(mut entries: Vec<Entry>, key: String, claim: &Claim) -> (Index, usize) {
    let me = match entries
        .iter()
        .position(|e| e.article == key && e.id == claim.id)
    {
        Some(i) => i,
        None => {
            entries.push(Entry {
                article: key,
                id: claim.id.clone(),
                text: claim.text.clone(),
                speaker: claim.speaker.clone(),
                verdict: claim.is_reviewed().then_some(claim.status),
            });
            entries.len() - 1
        }
    };
    (Index::build(entries), me)
}

impl<'a> Row<'a> {
    fn of(e: &'a Entry, score: f32) -> Row<'a> {
        Row {
            score: (score * 100.0).round() / 100.0,
            sheet: &e.article,
            id: &e.id,
            status: Verdict::from_status(e.verdict).label(),
            speaker: e.speaker.as_deref(),
            text: &e.text,
        }
    }
}

fn print_rows(rows: &[Row]) {
    for r in rows {
        println!(
            "{:.2}  {}  {}  {}  {}  {}",
            r.score,
            sanitize::line(r.sheet),
            sanitize::line(r.id),
            r.status,
            sanitize::line(r.speaker.unwrap_or("-")),
            sanitize::line(r.text)
        );
    }
}
