//! `claimdesk` with a path and no command: the TUI on an article, a sheet or a folder.

use std::path::Path;

use anyhow::Result;

use super::{analyst, open_doc};
use crate::config::Config;
use crate::domain::store::{is_sheet_path, sheet_path_for};

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
