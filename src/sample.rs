//! The bundled sample: an article and its hand-checked sheet, embedded in
//! the binary. `claimdesk` with no path opens a working copy of it; tests
//! and benchmarks write it into their temporary folders.

use std::path::{Path, PathBuf};

/// The bundled sample article and its hand-checked sheet.
pub const SAMPLE_ARTICLE: &str = include_str!("../data/karzai-taliban-talks.txt");
pub const SAMPLE_SHEET: &str = include_str!("../data/karzai-taliban-talks.claims.toml");
pub const SAMPLE_NAME: &str = "karzai-taliban-talks";

/// A working copy of the sample, so that reviewing it never edits the
/// copy in the repository: `$XDG_DATA_HOME/claimdesk/sample/` (or
/// `~/.local/share/claimdesk/sample/`), created on first use and kept.
pub fn sample_copy() -> anyhow::Result<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join("claimdesk").join("sample");
    write_sample(&dir)
}

/// Write the sample into `dir` unless it is there already; returns the
/// article's path.
pub fn write_sample(dir: &Path) -> anyhow::Result<PathBuf> {
    use anyhow::Context;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    let article = dir.join(format!("{SAMPLE_NAME}.txt"));
    let sheet = dir.join(format!("{SAMPLE_NAME}.claims.toml"));
    if !article.exists() {
        crate::domain::store::write_atomic(&article, SAMPLE_ARTICLE.as_bytes())?;
    }
    if !sheet.exists() {
        crate::domain::store::write_atomic(&sheet, SAMPLE_SHEET.as_bytes())?;
    }
    Ok(article)
}
