//! Opening an article's sheet for a command, and whose name a change carries.

use std::path::Path;

use anyhow::Result;

use super::out;
use crate::config::Config;
use crate::domain::store::Doc;

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
    if let Some(note) = article_changed_note(doc) {
        eprintln!("claimdesk: {note}");
    }
}

/// The warning when the article changed since the sheet was written.
pub fn article_changed_note(doc: &Doc) -> Option<String> {
    doc.article_changed().then(|| {
        format!(
            "warning: {} changed since {} was written (its SHA-256 differs); claim offsets may be off",
            out::name(&doc.article.path),
            out::name(&doc.sheet_path)
        )
    })
}

/// The analyst's name for changes made now.
pub fn analyst(config: &Config, cli: Option<&str>, doc: &Doc) -> String {
    config.analyst_name(cli, doc.sheet.analyst.as_deref())
}
