//! `claimdesk list`: the claims of an article, as text or JSON.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{TextOrJson, open_doc, out};
use crate::domain::sanitize;
use crate::domain::{Claim, Status, StatusFilter};

#[derive(Serialize)]
struct ClaimRow<'a> {
    id: &'a str,
    status: Status,
    reviewed: bool,
    speaker: Option<&'a str>,
    text: &'a str,
    start: usize,
    end: usize,
    reviewed_at: Option<String>,
    reviewed_by: Option<&'a str>,
    note: &'a str,
    sources: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    disputes: &'a [crate::domain::claim::Dispute],
    #[serde(skip_serializing_if = "Option::is_none")]
    assignee: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pending: bool,
    /// Not found again in the article after it changed (written only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    orphan: bool,
}

impl<'a> ClaimRow<'a> {
    fn of(c: &'a Claim) -> ClaimRow<'a> {
        ClaimRow {
            id: &c.id,
            status: c.status,
            reviewed: c.is_reviewed(),
            speaker: c.speaker.as_deref(),
            text: &c.text,
            start: c.anchor.start,
            end: c.anchor.end,
            reviewed_at: c.reviewed_at.map(|s| s.to_rfc3339()),
            reviewed_by: c.reviewed_by.as_deref(),
            note: &c.note,
            sources: &c.sources,
            disputes: &c.disputes,
            assignee: c.assignee.as_deref(),
            pending: c.pending,
            orphan: c.orphan,
        }
    }
}

/// One sheet's claims as listed: where they come from, and those kept.
struct Listing {
    sheet: String,
    article: String,
    claims: Vec<Claim>,
}

/// What `list` prints after an orphan's text: the article no longer has it.
const ORPHAN: &str = "  (orphan: not found in the article)";

pub fn list(
    path: &Path,
    status: Option<StatusFilter>,
    assignee: Option<&str>,
    format: TextOrJson,
) -> Result<()> {
    let keep = |c: &Claim| {
        status.is_none_or(|s| s.matches(c))
            && assignee.is_none_or(|a| c.assignee.as_deref() == Some(a))
    };
    let (listings, failed) = if path.is_dir() {
        folder_listings(path, &keep)?
    } else {
        let doc = open_doc(path)?;
        let listing = Listing {
            sheet: doc.sheet_path.display().to_string(),
            article: doc.article.path.display().to_string(),
            claims: doc.sheet.claims.into_iter().filter(|c| keep(c)).collect(),
        };
        (vec![listing], 0)
    };
    let mut out = std::io::stdout().lock();
    match format {
        TextOrJson::Json if path.is_dir() => {
            let sheets: Vec<serde_json::Value> = listings.iter().map(listing_json).collect();
            let folder = path.display().to_string();
            out::write_json(
                &mut out,
                &serde_json::json!({ "folder": folder, "sheets": sheets }),
            )?;
        }
        TextOrJson::Json => out::write_json(&mut out, &listing_json(&listings[0]))?,
        TextOrJson::Text => write_text(&mut out, &listings, path.is_dir())?,
    }
    if failed > 0 {
        bail!(
            "{failed} sheet{} in {} could not be read (see above); the others are listed",
            if failed == 1 { "" } else { "s" },
            path.display()
        );
    }
    Ok(())
}

/// The claims `keep` keeps of every sheet under `folder` (paths relative to
/// it), and how many sheets could not be read (each said on stderr).
fn folder_listings(folder: &Path, keep: &dyn Fn(&Claim) -> bool) -> Result<(Vec<Listing>, usize)> {
    let sheets = super::folder::sheets(folder)?;
    let mut listings = Vec::with_capacity(sheets.len());
    let mut failed = 0;
    for (path, sheet) in super::folder::read_sheets(&sheets) {
        match sheet {
            Ok(sheet) => {
                let article = path.parent().unwrap_or(folder).join(&sheet.article);
                let shown = |p: &Path| p.strip_prefix(folder).unwrap_or(p).display().to_string();
                listings.push(Listing {
                    sheet: shown(path),
                    article: shown(&article),
                    claims: sheet.claims.into_iter().filter(|c| keep(c)).collect(),
                });
            }
            Err(e) => {
                failed += 1;
                super::warn(&e.to_string());
            }
        }
    }
    Ok((listings, failed))
}

fn listing_json(l: &Listing) -> serde_json::Value {
    let claims: Vec<ClaimRow> = l.claims.iter().map(ClaimRow::of).collect();
    serde_json::json!({ "sheet": l.sheet, "article": l.article, "claims": claims })
}

/// A line per claim; from a folder, each starts with its sheet.
fn write_text(out: &mut impl Write, listings: &[Listing], folder: bool) -> Result<()> {
    let all = || listings.iter().flat_map(|l| &l.claims);
    let width = all().map(|c| c.id.len()).max().unwrap_or(2);
    let speaker_width = all()
        .filter_map(|c| c.speaker.as_deref())
        .map(|s| s.chars().count().min(24))
        .max()
        .unwrap_or(1);
    let sheet_width = listings
        .iter()
        .map(|l| l.sheet.chars().count())
        .max()
        .unwrap_or(0);
    for l in listings {
        for c in &l.claims {
            if folder {
                write!(out, "{:<sheet_width$}  ", sanitize::line(&l.sheet))?;
            }
            let (mark, status) = super::team::list_mark(c);
            let speaker: String = c
                .speaker
                .as_deref()
                .unwrap_or("-")
                .chars()
                .take(24)
                .collect();
            writeln!(
                out,
                "{:<width$}  {mark}{:<12}  {:<speaker_width$}  {}{}{}",
                sanitize::line(&c.id),
                status,
                sanitize::line(&speaker),
                // a newline in the text is a soft wrap of the article
                sanitize::line(&c.text.replace('\n', " ")),
                super::team::list_suffix(c),
                if c.orphan { ORPHAN } else { "" },
            )?;
        }
    }
    if all().next().is_none() && std::io::stdout().is_terminal() {
        writeln!(out, "(no claims)")?;
    }
    Ok(())
}
