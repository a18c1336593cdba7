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
    if let Some(what) = needs_add(article) {
        bail!(
            "{}: is {what}, not a text article; bring it in with `claimdesk add {}` (which reads it, writes a .txt beside it and its sheet)",
            sanitize::line(&article.display().to_string()),
            sanitize::line(&article.display().to_string())
        );
    }
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
    let added = crate::domain::edit::add_found(&mut doc.sheet, found);
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

/// What `init` cannot read as text, which `claimdesk add` can: a web
/// address, a web page or a PDF (by its name, or by its first bytes).
fn needs_add(article: &Path) -> Option<&'static str> {
    use crate::domain::fetch::{Kind, sniff};
    use std::io::Read;
    let name = article.to_string_lossy().to_ascii_lowercase();
    if name.starts_with("http://") || name.starts_with("https://") {
        return Some("a web address");
    }
    let ext = article
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => return Some("a web page"),
        Some("pdf") => return Some("a PDF"),
        _ => {}
    }
    // Only a regular file is read (a FIFO would block): the loader says
    // what is wrong with anything else.
    if !std::fs::metadata(article).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut head = Vec::with_capacity(1024);
    let file = std::fs::File::open(article).ok()?;
    file.take(1024).read_to_end(&mut head).ok()?;
    let lower = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let text_name = matches!(ext.as_deref(), Some("txt" | "md" | "text" | "markdown"));
    match sniff(&head) {
        Kind::Pdf => Some("a PDF"),
        Kind::Html if !text_name || lower.contains("<html") || lower.contains("<!doctype html") => {
            Some("a web page")
        }
        _ => None,
    }
}
