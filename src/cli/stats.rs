//! `claimdesk stats`: counts per status and review progress, for an article or a folder.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::{TextOrJson, open_doc, out};
use crate::domain::Counts;
use crate::domain::sanitize;

pub fn stats(path: &Path, format: TextOrJson) -> Result<()> {
    if path.is_dir() {
        return stats_folder(path, format);
    }
    let doc = open_doc(path)?;
    let counts = doc.sheet.counts();
    let title = doc
        .sheet
        .title
        .clone()
        .unwrap_or_else(|| doc.article.title.clone());
    match format {
        TextOrJson::Json => {
            let s = StatsRow {
                sheet: doc.sheet_path.display().to_string(),
                title,
                counts,
                progress: counts.progress(),
            };
            println!("{}", out::json(&s)?);
        }
        TextOrJson::Text => {
            println!("{}", sanitize::line(&title));
            println!("{}", out::name(&doc.sheet_path));
            print!("{}", stats_text(&counts));
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct StatsRow {
    sheet: String,
    title: String,
    #[serde(flatten)]
    counts: Counts,
    progress: f64,
}

/// Stats over every sheet in a folder: a row per article and the total.
fn stats_folder(folder: &Path, format: TextOrJson) -> Result<()> {
    let sheets = crate::domain::workspace::sheets_in(folder)?;
    let read = super::folder::map_docs(&sheets, folder, "reading sheets", |sheet, doc| {
        let counts = doc.sheet.counts();
        StatsRow {
            sheet: sheet
                .strip_prefix(folder)
                .unwrap_or(sheet)
                .display()
                .to_string(),
            title: doc.sheet.title.unwrap_or(doc.article.title),
            counts,
            progress: counts.progress(),
        }
    });
    let mut rows = Vec::with_capacity(sheets.len());
    let mut total = Counts::default();
    for row in read {
        let row = row?;
        total.merge(row.counts);
        rows.push(row);
    }
    match format {
        TextOrJson::Json => {
            let out = serde_json::json!({
                "folder": folder.display().to_string(),
                "articles": rows,
                "total": total,
                "progress": total.progress(),
            });
            println!("{}", out::json(&out)?);
        }
        TextOrJson::Text => {
            let width = rows
                .iter()
                .map(|r| r.sheet.chars().count())
                .max()
                .unwrap_or(5)
                .max(5);
            println!("{:<width$}  reviewed    ✔    ?    ✘    ·", "sheet");
            let line = |name: &str, c: &Counts| {
                format!(
                    "{:<width$}  {:<9} {:>4} {:>4} {:>4} {:>4}",
                    sanitize::line(name),
                    format!("{}/{}", c.reviewed, c.total),
                    c.confirmed,
                    c.unconfirmed,
                    c.denied,
                    c.not_reviewed
                )
            };
            for r in &rows {
                println!("{}", line(&r.sheet, &r.counts));
            }
            println!(
                "{}",
                line(&format!("total ({} articles)", rows.len()), &total)
            );
            println!("reviewed {:.0}%", total.progress() * 100.0);
        }
    }
    Ok(())
}

/// The counts as aligned lines of text.
pub fn stats_text(c: &Counts) -> String {
    let recheck = if c.needs_review > 0 {
        format!(
            "to re-check   {} (verdict given on an earlier version of the text)\n",
            c.needs_review
        )
    } else {
        String::new()
    };
    let disputed = if c.disputed > 0 {
        format!(
            "disputed      {} (verdicts set differently; settle with 'claimdesk mark')\n",
            c.disputed
        )
    } else {
        String::new()
    };
    format!(
        "claims        {}\nreviewed      {}/{} ({:.0}%)\nconfirmed     {}\nunconfirmed   {}\ndenied        {}\nnot reviewed  {}\n{recheck}{disputed}",
        c.total,
        c.reviewed,
        c.total,
        c.progress() * 100.0,
        c.confirmed,
        c.unconfirmed,
        c.denied,
        c.not_reviewed
    )
}
