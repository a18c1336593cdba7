//! Reading every sheet of a folder on every core (rayon), in the folder's
//! order, with a progress bar on a terminal once it has taken half a second.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::domain::store::read_sheet_text;
use crate::domain::{Doc, Result, Sheet, cache};

/// How long folder work runs before its progress bar shows.
const QUIET_FOR: Duration = Duration::from_millis(500);

/// Progress over `len` items, drawn only after [`QUIET_FOR`].
pub struct Progress {
    len: u64,
    message: &'static str,
    started: Instant,
    done: AtomicU64,
    bar: OnceLock<indicatif::ProgressBar>,
}

impl Progress {
    pub fn new(len: usize, message: &'static str) -> Progress {
        Progress {
            len: len as u64,
            message,
            started: Instant::now(),
            done: AtomicU64::new(0),
            bar: OnceLock::new(),
        }
    }

    /// One more item done.
    pub fn inc(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = self.bar.get() {
            bar.set_position(done);
        } else if self.started.elapsed() >= QUIET_FOR {
            let bar = self
                .bar
                .get_or_init(|| super::progress_bar(self.len, self.message));
            bar.set_position(done);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// Every sheet under `folder`, or an error saying there is none.
pub fn sheets(folder: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let sheets = crate::domain::workspace::sheets_in(folder)?;
    if sheets.is_empty() {
        anyhow::bail!(
            "{}: no sheets (*.claims.toml) in this folder or below; create one with `claimdesk init ARTICLE`",
            folder.display()
        );
    }
    Ok(sheets)
}

/// Each sheet read and parsed (through the cache), in the order given.
pub fn read_sheets(sheets: &[PathBuf]) -> Vec<(&Path, Result<Sheet>)> {
    let progress = Progress::new(sheets.len(), "reading sheets");
    let out = sheets
        .par_iter()
        .map(|sheet| {
            let parsed = read_sheet_text(sheet).and_then(|text| cache::parse(sheet, &text));
            progress.inc();
            (sheet.as_path(), parsed)
        })
        .collect();
    progress.finish();
    out
}

/// `f` of each sheet opened with its article as part of the workspace at
/// `root`, in the order given (each document dropped after `f`).
pub fn map_docs<T: Send>(
    sheets: &[PathBuf],
    root: &Path,
    message: &'static str,
    f: impl Fn(&Path, Doc) -> T + Sync,
) -> Vec<Result<T>> {
    let progress = Progress::new(sheets.len(), message);
    let out = sheets
        .par_iter()
        .map(|sheet| {
            let done = Doc::open_in(sheet, Some(root)).map(|doc| f(sheet, doc));
            progress.inc();
            done
        })
        .collect();
    progress.finish();
    out
}
