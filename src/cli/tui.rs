//! `claimdesk` with a path and no command: the TUI on an article, a sheet or a folder.

use std::path::Path;

use anyhow::Result;

use super::{analyst, open_doc};
use crate::cli::open::article_changed_note;
use crate::config::Config;
use crate::domain::store::{Doc, is_sheet_path, sheet_path_for};

/// The TUI. Opening an article without a sheet creates it, as `init` would.
pub fn open_tui(path: &Path, config: &Config, who: Option<&str>) -> Result<()> {
    let sig = if path.is_dir() {
        crate::runtime::run_workspace(path, config, who)?
    } else {
        let sheet = if is_sheet_path(path) {
            path.to_path_buf()
        } else {
            sheet_path_for(path)
        };
        if is_big(&sheet) {
            return exit_on(open_loading(path, &sheet, config, who)?);
        }
        let doc = if is_sheet_path(path) || sheet.exists() {
            open_doc(path)?
        } else {
            crate::domain::workspace::open_article(path)?
        };
        let name = analyst(config, who, &doc);
        crate::runtime::run(doc, config, name)?
    };
    exit_on(sig)
}

/// After a signal (saved and restored already), exit as a process killed
/// by it would.
fn exit_on(sig: Option<i32>) -> Result<()> {
    if let Some(sig) = sig {
        std::process::exit(128 + sig);
    }
    Ok(())
}

/// Sheets from this size on are read with the TUI already drawn.
const BIG_SHEET: u64 = 1 << 20;

fn is_big(sheet: &Path) -> bool {
    std::fs::metadata(sheet).is_ok_and(|m| m.is_file() && m.len() >= BIG_SHEET)
}

/// The TUI on a big sheet: its first frame says "loading… N%" while the
/// sheet is parsed; the article-changed warning is printed when it closes.
fn open_loading(
    path: &Path,
    sheet: &Path,
    config: &Config,
    who: Option<&str>,
) -> Result<Option<i32>> {
    let name = sheet
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = path.to_path_buf();
    let open: crate::runtime::loading::Opener = Box::new(move |progress| {
        let doc = Doc::open_with_progress(&path, None, progress)?;
        let note = article_changed_note(&doc);
        Ok((doc, note))
    });
    crate::runtime::run_loading(&name, open, config, who)
}
