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
    exit_on(sig);
    Ok(())
}

/// `claimdesk` alone: a working copy of the bundled sample, saying so and
/// how to open one's own article.
pub fn open_sample(config: &Config, who: Option<&str>) -> Result<()> {
    let path = crate::sample::sample_copy()?;
    let doc = open_doc(&path)?;
    let name = analyst(config, who, &doc);
    let sig = crate::runtime::run_saying(doc, config, name, Some(first_run_message(&path)))?;
    exit_on(sig);
    Ok(())
}

/// What the first screen says when no article was named.
pub fn first_run_message(sample: &Path) -> String {
    let folder = sample.parent().unwrap_or(sample);
    format!(
        "a working copy of the sample · your own article: claimdesk add URL, or claimdesk FILE · copy in {}",
        folder.display()
    )
}

fn exit_on(sig: Option<i32>) {
    if let Some(sig) = sig {
        // Saved and restored already: exit as a process killed by it would.
        std::process::exit(128 + sig);
    }
}
