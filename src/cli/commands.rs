//! The commands that work on one article and its sheet.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::{StatusFilter, TextOrJson, out};
use crate::config::Config;
use crate::domain::sanitize;
use crate::domain::store::{Doc, is_sheet_path, sheet_path_for};
use crate::domain::{Claim, Counts, Stamp, Status};

/// Open an article or sheet whose sheet exists, warning on stderr when the
/// article changed since the sheet was written.
pub fn open_doc(path: &Path) -> Result<Doc> {
    open_doc_in(path, None)
}

/// [`open_doc`] for a sheet found in the folder `root`: its article may lie
/// anywhere inside that folder.
pub fn open_doc_in(path: &Path, root: Option<&Path>) -> Result<Doc> {
    let doc = Doc::open_in(path, root)?;
    warn_if_article_changed(&doc);
    Ok(doc)
}

/// Warn when the article changed since the sheet was written.
pub fn warn_if_article_changed(doc: &Doc) {
    if doc.article_changed() {
        eprintln!(
            "claimdesk: warning: {} changed since {} was written (its SHA-256 differs); claim offsets may be off",
            out::name(&doc.article.path),
            out::name(&doc.sheet_path)
        );
    }
}

/// The analyst's name for changes made now.
pub fn analyst(config: &Config, cli: Option<&str>, doc: &Doc) -> String {
    config.analyst_name(cli, doc.sheet.analyst.as_deref())
}

/// The claims a new sheet starts with: the extractor's review queue, or
/// with `all` every claim it accepts (attributions below the queue's
/// check-worthiness threshold too).
pub fn initial_claims(article: &crate::domain::Article, all: bool) -> Vec<Claim> {
    if all {
        crate::domain::extract::claims(article)
    } else {
        crate::domain::extract::queue(article)
    }
}

pub fn init(article: &Path, force: bool, merge: bool, all: bool) -> Result<()> {
    if is_sheet_path(article) {
        bail!(
            "{}: is a sheet; give the article it belongs to",
            article.display()
        );
    }
    crate::domain::outputs::refuse_own_file(article)?;
    let sheet_path = sheet_path_for(article);
    if merge && sheet_path.exists() {
        return init_merge(article, all);
    }
    if sheet_path.exists() && !force {
        bail!(
            "{}: already exists; not overwritten (use --force to replace it)",
            sheet_path.display()
        );
    }
    let loaded = crate::domain::Article::load(article)?;
    let claims = initial_claims(&loaded, all);
    let mut doc = Doc::new_for(loaded, claims);
    if force {
        doc.save_over()?;
    } else {
        doc.save()?;
    }
    if let Some(dir) = doc.sheet_path.parent()
        && let Err(e) = crate::domain::gitignore::ensure(dir)
    {
        eprintln!(
            "warning: lock files may show in git: {}",
            sanitize::line(&e.to_string())
        );
    }
    println!(
        "{}: {} claims",
        sanitize::line(&doc.sheet_path.display().to_string()),
        doc.sheet.claims.len()
    );
    Ok(())
}

/// `init --merge`: add the claims the extractor finds that do not overlap a
/// claim already in the sheet (nor repeat a deleted one); existing claims
/// are left exactly as they are.
fn init_merge(article: &Path, all: bool) -> Result<()> {
    let mut doc = open_doc(article)?;
    let found = initial_claims(&doc.article, all);
    let mut added = 0;
    for mut c in found {
        let (s, e) = (c.anchor.start, c.anchor.end);
        let overlaps = doc
            .sheet
            .claims
            .iter()
            .any(|o| o.anchor.start < e && s < o.anchor.end);
        let deleted = doc.sheet.deleted.iter().any(|t| t.text == c.text);
        if overlaps || deleted {
            continue;
        }
        c.id = doc.sheet.next_id();
        doc.sheet.claims.push(c);
        added += 1;
    }
    doc.sheet.sort();
    if added > 0 {
        doc.save()?;
    }
    println!(
        "{}: {added} new claims added, {} in all",
        sanitize::line(&doc.sheet_path.display().to_string()),
        doc.sheet.claims.len()
    );
    Ok(())
}

/// The TUI. Opening an article without a sheet creates it, as `init` would.
pub fn open_tui(path: &Path, config: &Config, who: Option<&str>) -> Result<()> {
    let sig = if path.is_dir() {
        crate::runtime::run_workspace(path, config, who)?
    } else {
        let doc = if is_sheet_path(path) || sheet_path_for(path).exists() {
            open_doc(path)?
        } else {
            crate::domain::workspace::open_article(path)?
        };
        let name = analyst(config, who, &doc);
        crate::runtime::run(doc, config, name)?
    };
    if let Some(sig) = sig {
        // Saved and restored already: exit as a process killed by it would.
        std::process::exit(128 + sig);
    }
    Ok(())
}

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

#[allow(clippy::too_many_arguments)]
pub fn mark(
    path: &Path,
    id: &str,
    status: Status,
    note: Option<String>,
    sources: &[String],
    config: &Config,
    who: Option<&str>,
) -> Result<()> {
    let mut doc = open_doc(path)?;
    let by = analyst(config, who, &doc);
    let at = Stamp::now();
    let sheet_path = doc.sheet_path.clone();
    let second_review = crate::domain::team::settings_for(&sheet_path)?.second_review;
    let known: Vec<String> = doc.sheet.claims.iter().map(|c| c.id.clone()).collect();
    let Some(claim) = doc.sheet.claim_mut(id) else {
        let hint = if known.is_empty() {
            "the sheet has no claims".to_owned()
        } else {
            format!("known ids: {}", abbreviate(&known))
        };
        bail!(
            "{}: no claim with id \"{}\" ({hint})",
            sheet_path.display(),
            sanitize::line(id)
        );
    };
    let before = if claim.is_reviewed() {
        claim.status.to_string()
    } else {
        "not reviewed".into()
    };
    let settled = crate::domain::team::is_disputed(claim);
    crate::domain::team::give_verdict(claim, status, &by, at, second_review);
    if let Some(note) = note {
        claim.set_field("note", note, &by, at);
    }
    for s in sources {
        claim.add_source(s, &by, at);
    }
    let id = claim.id.clone();
    doc.save()
        .with_context(|| format!("claim {id} was not saved"))?;
    println!(
        "{}: {status} (was {before}{}), saved to {}",
        sanitize::line(&id),
        match (settled, second_review) {
            (true, _) => "; dispute settled",
            (false, true) => "; pending second review",
            _ => "",
        },
        out::name(&sheet_path)
    );
    Ok(())
}

fn abbreviate(ids: &[String]) -> String {
    if ids.len() <= 12 {
        ids.join(", ")
    } else {
        format!("{}, ... {}", ids[..10].join(", "), ids[ids.len() - 1])
    }
}

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
