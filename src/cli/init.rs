//! `claimdesk init`: create an article's sheet, or add newly found claims to it.

use std::path::Path;

use anyhow::{Result, bail};

use super::open_doc;
use crate::domain::Claim;
use crate::domain::sanitize;
use crate::domain::store::{Doc, is_sheet_path, sheet_path_for};

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
