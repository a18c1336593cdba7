//! `claimdesk log`: who did what, across a sheet or a workspace folder,
//! read from the claims' histories and tombstones; newest first.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::Serialize;

use super::{TextOrJson, open_doc, out};
use crate::domain::{Stamp, sanitize};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  claimdesk log story.txt\n  claimdesk log stories/ --since 2026-12-01 --format json"
)]
pub struct Args {
    /// An article, a sheet, or a folder of them.
    pub path: PathBuf,
    /// Only what was done at or after this date (YYYY-MM-DD, or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

/// One thing an analyst did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub at: String,
    pub by: String,
    pub sheet: String,
    pub claim: String,
    pub field: String,
    pub from: String,
    pub to: String,
    #[serde(skip)]
    stamp: Stamp,
}

fn since(text: &str) -> Result<Stamp> {
    let full = if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_owned()
    };
    match Stamp::parse(&full) {
        Ok(s) => Ok(s),
        Err(_) => bail!("--since {text}: expected a date (YYYY-MM-DD) or an RFC 3339 date-time"),
    }
}

/// The entries of one sheet.
fn entries_of(sheet: &Path, shown: &str) -> Result<Vec<Entry>> {
    let doc = open_doc(sheet)?;
    let mut all = Vec::new();
    let entry = |stamp: Stamp, by: &str, claim: &str, field: &str, from: &str, to: &str| Entry {
        at: stamp.to_rfc3339(),
        by: by.to_owned(),
        sheet: shown.to_owned(),
        claim: claim.to_owned(),
        field: field.to_owned(),
        from: from.to_owned(),
        to: to.to_owned(),
        stamp,
    };
    for c in &doc.sheet.claims {
        for h in &c.history {
            all.push(entry(h.at, &h.by, &c.id, &h.field, &h.from, &h.to));
        }
    }
    for t in &doc.sheet.deleted {
        let what = if t.dismissed { "dismissed" } else { "deleted" };
        all.push(entry(t.deleted_at, &t.by, &t.id, what, &t.text, ""));
    }
    // The article's own facts (`claimdesk meta`): no claim.
    for h in &doc.sheet.history {
        all.push(entry(h.at, &h.by, "-", &h.field, &h.from, &h.to));
    }
    Ok(all)
}

pub fn run(args: Args) -> Result<()> {
    let since = args.since.as_deref().map(since).transpose()?;
    let mut all = Vec::new();
    if args.path.is_dir() {
        for sheet in crate::domain::workspace::sheets_in(&args.path)? {
            let shown = sheet.strip_prefix(&args.path).unwrap_or(&sheet);
            all.extend(entries_of(&sheet, &shown.display().to_string())?);
        }
    } else {
        all = entries_of(&args.path, &out::name(&args.path))?;
    }
    all.retain(|e| since.is_none_or(|s| e.stamp >= s));
    // Newest first; the same moment in a fixed order.
    all.sort_by(|a, b| {
        (b.stamp, &a.sheet, &a.claim, &a.field).cmp(&(a.stamp, &b.sheet, &b.claim, &b.field))
    });
    match args.format {
        TextOrJson::Json => println!("{}", out::json(&all)?),
        TextOrJson::Text => {
            for e in &all {
                let change = if e.to.is_empty() {
                    format!("{}: {}", e.field, e.from)
                } else {
                    format!("{}: {} → {}", e.field, e.from, e.to)
                };
                println!(
                    "{}  {}  {} {}  {}",
                    e.at,
                    sanitize::line(&e.by),
                    sanitize::line(&e.sheet),
                    sanitize::line(&e.claim),
                    sanitize::line(&change.replace('\n', " "))
                );
            }
        }
    }
    Ok(())
}
