//! `claimdesk list`: the claims of an article, as text or JSON.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;
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
        }
    }
}

pub fn list(
    path: &Path,
    status: Option<StatusFilter>,
    assignee: Option<&str>,
    format: TextOrJson,
) -> Result<()> {
    let doc = open_doc(path)?;
    let claims: Vec<&Claim> = doc
        .sheet
        .claims
        .iter()
        .filter(|c| status.is_none_or(|s| s.matches(c)))
        .filter(|c| assignee.is_none_or(|a| c.assignee.as_deref() == Some(a)))
        .collect();
    let mut out = std::io::stdout().lock();
    match format {
        TextOrJson::Json => {
            #[derive(Serialize)]
            struct Listing<'a> {
                sheet: String,
                article: String,
                claims: Vec<ClaimRow<'a>>,
            }
            let listing = Listing {
                sheet: doc.sheet_path.display().to_string(),
                article: doc.article.path.display().to_string(),
                claims: claims.iter().map(|c| ClaimRow::of(c)).collect(),
            };
            out::write_json(&mut out, &listing)?;
        }
        TextOrJson::Text => {
            let width = claims.iter().map(|c| c.id.len()).max().unwrap_or(2);
            let speaker_width = claims
                .iter()
                .filter_map(|c| c.speaker.as_deref())
                .map(|s| s.chars().count().min(24))
                .max()
                .unwrap_or(1);
            for c in &claims {
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
                    "{:<width$}  {mark}{:<12}  {:<speaker_width$}  {}{}",
                    sanitize::line(&c.id),
                    status,
                    sanitize::line(&speaker),
                    // a newline in the text is a soft wrap of the article
                    sanitize::line(&c.text.replace('\n', " ")),
                    super::team::list_suffix(c),
                )?;
            }
            if claims.is_empty() && std::io::stdout().is_terminal() {
                writeln!(out, "(no claims)")?;
            }
        }
    }
    Ok(())
}
